"""Shapes that carry meaning without colour: valence markers and item-kind glyphs.

A point on the emotion curve is a triangle pointing up (positive), one pointing down
(negative), a circle (neutral) or a larger diamond (critical). A thought, a motivation
and a doubt in a card are led by a glyph of their own, defined once in
:data:`ITEM_GLYPHS` and explained in the legend; every glyph is a character Liberation
Sans draws, so the map's font shows it everywhere.

Example:
    >>> ITEM_GLYPHS["doubts"].char, ITEM_GLYPHS["motivations"].color
    ('?', 'positive')
    >>> from journeymap.themes import get_theme
    >>> from journeymap.renderers.svg.sizes import Spacing
    >>> type(valence_marker("critical", 10, 10, get_theme("default"), Spacing())).__name__
    'Polygon'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from journeymap.renderers.svg.scene import Circle, Element, Polygon
from journeymap.renderers.svg.sizes import Spacing
from journeymap.themes import Theme

__all__ = ["ITEM_GLYPHS", "ItemGlyph", "item_color", "valence_marker"]


@dataclass(frozen=True)
class ItemGlyph:
    """The glyph leading one kind of item in a card.

    Attributes:
        char: The character drawn, bold, on the item's first baseline.
        color: The theme colour it is drawn in: ``positive``, ``neutral`` or ``negative``.
        scale: Its size as a multiple of the item's text size (a quotation mark is small).
    """

    char: str
    color: str
    scale: float = 1.0


#: The glyph of each kind of item, by touchpoint field: a quotation mark for what the
#: customer thinks, an arrow for what drives them on, a question mark for a doubt.
ITEM_GLYPHS: Mapping[str, ItemGlyph] = MappingProxyType(
    {
        "thoughts": ItemGlyph("\u201c", "neutral", 1.5),
        "motivations": ItemGlyph("\u2192", "positive", 1.2),
        "doubts": ItemGlyph("?", "negative"),
    }
)

#: The theme colour of the dot before other listed items, by field; ``muted`` otherwise.
_DOT_COLORS: Mapping[str, str] = MappingProxyType(
    {"pain_points": "negative", "opportunities": "positive"}
)


def item_color(field: str, theme: Theme) -> str:
    """The colour of the dot or glyph before an item of ``field``."""
    glyph = ITEM_GLYPHS.get(field)
    name = glyph.color if glyph is not None else _DOT_COLORS.get(field, "muted")
    color: str = getattr(theme, name)
    return color


def valence_marker(
    valence: str,
    x: float,
    y: float,
    theme: Theme,
    space: Spacing,
    *,
    outline: bool = True,
    hollow: bool = False,
) -> Element:
    """A point of the curve: the shape tells its valence even without colour.

    Positive is a triangle pointing up, negative one pointing down (each 1.8 radii wide
    and 1.6 tall), neutral a circle and critical a larger diamond; the sizes come from
    ``space``. A ``hollow`` point (an assumed emotion) is drawn as its outline in the
    valence's colour on the background; a filled one is measured or unqualified.
    """
    colour = {
        "critical": theme.critical,
        "positive": theme.positive,
        "negative": theme.negative,
    }.get(valence, theme.neutral)
    fill = theme.background if hollow else colour
    stroke: str | None = colour if hollow else (theme.background if outline else None)
    width = space.hollow_stroke if hollow else (space.marker_outline if outline else 0.0)
    if valence == "critical":
        r = space.critical_radius
        return Polygon(
            ((x, y - r), (x + r, y), (x, y + r), (x - r, y)),
            fill=fill,
            stroke=stroke,
            stroke_width=width,
        )
    if valence == "positive":
        r = space.valence_radius
        return Polygon(
            ((x, y - r), (x + r * 0.9, y + r * 0.6), (x - r * 0.9, y + r * 0.6)),
            fill=fill,
            stroke=stroke,
            stroke_width=width,
        )
    if valence == "negative":
        r = space.valence_radius
        return Polygon(
            ((x, y + r), (x + r * 0.9, y - r * 0.6), (x - r * 0.9, y - r * 0.6)),
            fill=fill,
            stroke=stroke,
            stroke_width=width,
        )
    return Circle(x, y, space.neutral_radius, fill=fill, stroke=stroke, stroke_width=width)
