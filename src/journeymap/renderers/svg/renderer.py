"""The ``svg`` renderer: a swimlane customer journey map.

Its options are declared once, in :class:`~journeymap.renderers.options.SvgOptions`
(the registry checks them before rendering; a direct call checks them too):

    theme: ``default``, ``dark``, ``print``, ``auto`` (the default's colours, and CSS
        inside the SVG that switches to the dark theme's where the reader prefers a dark
        colour scheme), a theme file (``.yaml``, ``.json``) or a
        :class:`~journeymap.themes.Theme`.
    locale: Language of lane names and words (``en``, ``es``); default the map's.
    lanes: The lanes shown, in order: a preset (``full``, ``compact``), lane keys or a
        comma-separated string (see :mod:`journeymap.lanes`).
    curve: ``smooth`` (monotone) or ``straight``.
    column_width: Touchpoint column width in px (default 180; 80 to 1000).
    legend: Draw the legend (default ``True``).
    id_prefix: The root element's id and the prefix of every other id (default ``jm-``
        and 8 hex digits derived from the map and these options; see
        :mod:`journeymap.renderers.svg.layout` for the ids that follow it).
    validate: Check every element against SVG 1.1 with svgwrite (slow; for tests).

Example:
    >>> from journeymap import Journey
    >>> svg = RENDERER.render(Journey("Tiny").phase("P").touchpoint("T", emotion=1).build())
    >>> svg.startswith('<?xml version="1.0" encoding="utf-8"?>')
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from journeymap.colour_scheme import with_dark_scheme
from journeymap.errors import JourneyMapError
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.model import JourneyMap
from journeymap.renderers.options import SvgOptions, validate_options
from journeymap.themes import DARK_SCHEMES, get_theme

__all__ = ["RENDERER", "SvgRenderer"]


@dataclass(frozen=True)
class SvgRenderer:
    """Renders a map as an SVG swimlane diagram."""

    name: str = "svg"
    suffix: str = ".svg"
    media_type: str = "image/svg+xml"
    options: ClassVar[type[SvgOptions]] = SvgOptions

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model``; see the module documentation for the options.

        Raises:
            JourneyMapError: For something that is not a map, an unknown option or a bad
                option value (the message names the option, the value and what is allowed).
        """
        from journeymap.renderers.svg.draw import draw
        from journeymap.renderers.svg.layout import layout

        if not isinstance(model, JourneyMap):
            raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
        checked = validate_options(self.name, SvgOptions, options)
        # Large maps would otherwise make the collector rescan the growing scene again and
        # again: 10000 touchpoints took 169 times as long as 100, against 107 paused.
        with cyclic_gc_paused():
            scene = layout(
                model,
                theme=checked.theme,
                locale=checked.locale or model.locale,
                lanes=checked.lanes,
                curve=checked.curve,
                column_width=checked.column_width,
                legend=checked.legend,
                phases=checked.phases,
                header=checked.header,
                id_prefix=checked.id_prefix,
            )
            svg = draw(scene, debug=checked.validate)
            dark_name = DARK_SCHEMES.get(checked.theme.name)
            if dark_name is None:
                return svg
            # The same map in the dark theme, under the same ids: its colours become the
            # CSS that a reader's dark colour scheme switches to.
            dark = layout(
                model,
                theme=get_theme(dark_name),
                locale=checked.locale or model.locale,
                lanes=checked.lanes,
                curve=checked.curve,
                column_width=checked.column_width,
                legend=checked.legend,
                phases=checked.phases,
                header=checked.header,
                id_prefix=scene.id,
            )
            return with_dark_scheme(svg, draw(dark), scene.id)


RENDERER = SvgRenderer()
