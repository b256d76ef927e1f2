"""Text and cards: wrap text to a width, stack text blocks, measure a card, then place it.

Everything drawn in a lane is measured first and placed later, once the lane's top is
known: :func:`card` wraps its blocks and returns a :class:`Measured`, its height and a
function that places it at a given top. A :class:`Block` is a run of text in a card,
optionally led by a small dot or by the glyph of an item's kind
(:mod:`journeymap.renderers.svg.glyphs`).

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers.svg.context import Context
    >>> ctx = Context.plain(Journey("T").build())
    >>> theme = ctx.theme
    >>> measured = card(ctx, 10, 120, [Block("Pays by card", 12, "#000000")],
    ...                 theme.cards["action"], id="tp-pays-actions")
    >>> round(measured.height, 1), measured.place(40)[0].id
    (31.6, 'tp-pays-actions')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from journeymap.renderers.svg.context import Context
from journeymap.renderers.svg.glyphs import ItemGlyph
from journeymap.renderers.svg.scene import Circle, Element, Group, Rect, Text
from journeymap.text import wrap
from journeymap.themes import CardStyle

__all__ = [
    "Block",
    "Measured",
    "baseline_at",
    "card",
    "measure_blocks",
    "place_blocks",
    "text_at",
    "wrap_text",
]


@dataclass(frozen=True)
class Block:
    """A run of text inside a card, optionally led by a dot or a glyph.

    Attributes:
        text: The text.
        size: Its font size.
        color: Its colour.
        bold: Bold text.
        italic: Italic text.
        marker: The colour of the dot (or glyph) before the text; ``None`` for none.
        glyph: The glyph of the item's kind, drawn before the text in ``marker``'s colour
            instead of a dot.
    """

    text: str
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    marker: str | None = None
    glyph: ItemGlyph | None = None


@dataclass(frozen=True)
class Measured:
    """Something measured and not yet placed: its height and how to place its top."""

    height: float
    place: Callable[[float], list[Element]]


#: A block with its wrapped lines and its text's indent.
_Wrapped = tuple[Block, list[str], float]


def wrap_text(
    ctx: Context, text: str, width: float, size: float, *, bold: bool = False, italic: bool = False
) -> list[str]:
    """``text`` wrapped to ``width``; at least one (maybe empty) line."""
    return wrap(text, width, size, ctx.measurer, bold=bold, italic=italic) or [""]


def text_at(
    ctx: Context,
    x: float,
    top: float,
    lines: Sequence[str],
    size: float,
    color: str,
    *,
    bold: bool = False,
    italic: bool = False,
    anchor: Literal["start", "middle", "end"] = "start",
    halo: bool = False,
) -> Text:
    """Text whose first line box starts at ``top``.

    With ``halo``, its glyphs are outlined in the background colour (see :class:`Text`).
    """
    return Text(
        x,
        baseline_at(ctx, top, size),
        tuple(lines),
        size,
        color,
        bold=bold,
        italic=italic,
        line_height=ctx.type.line_height,
        anchor=anchor,
        halo=ctx.theme.background if halo else None,
        halo_width=ctx.space.label_halo if halo else 0.0,
    )


def baseline_at(ctx: Context, top: float, size: float) -> float:
    """The baseline of a line of ``size`` text whose line box starts at ``top``."""
    ascent, descent = ctx.measurer.ascent, ctx.measurer.descent
    # The glyph box (ascent + descent) sits in the middle of the line box.
    return top + size * (ctx.type.line_height - ascent - descent) / 2 + size * ascent


def measure_blocks(
    ctx: Context, width: float, blocks: Sequence[Block]
) -> tuple[list[_Wrapped], float]:
    """Wrap blocks to ``width``; return them with their lines, and their stacked height."""
    space, lh = ctx.space, ctx.type.line_height
    wrapped: list[_Wrapped] = []
    height = 0.0
    for block in blocks:
        if block.glyph:
            indent = space.glyph_indent
        elif block.marker:
            indent = space.marker_indent
        else:
            indent = 0.0
        lines = wrap_text(
            ctx, block.text, width - indent, block.size, bold=block.bold, italic=block.italic
        )
        wrapped.append((block, lines, indent))
        height += len(lines) * block.size * lh
    if len(blocks) > 1:
        height += (len(blocks) - 1) * ctx.type.item_gap
    return wrapped, height


def place_blocks(
    ctx: Context, x: float, y: float, wrapped: list[_Wrapped], out: list[Element]
) -> None:
    """Append measured blocks to ``out``, stacked from ``y`` down."""
    space, lh = ctx.space, ctx.type.line_height
    cursor = y
    for block, lines, indent in wrapped:
        if block.glyph and block.marker:
            glyph = block.glyph
            # On the item's first baseline, however large the glyph is drawn.
            size = block.size * glyph.scale
            baseline = baseline_at(ctx, cursor, block.size)
            middle = x + space.glyph_box / 2
            out.append(
                Text(
                    middle, baseline, (glyph.char,), size, block.marker, bold=True, anchor="middle"
                )
            )
        elif block.marker:
            r = space.marker_radius
            out.append(Circle(x + r + 1, cursor + block.size * lh / 2, r, fill=block.marker))
        out.append(
            text_at(
                ctx,
                x + indent,
                cursor,
                lines,
                block.size,
                block.color,
                bold=block.bold,
                italic=block.italic,
            )
        )
        cursor += len(lines) * block.size * lh + ctx.type.item_gap


def card(
    ctx: Context,
    x: float,
    width: float,
    blocks: Sequence[Block],
    style: CardStyle,
    *,
    id: str,
    title: str | None = None,
    stroke_width: float | None = None,
) -> Measured:
    """A card of ``blocks`` at ``x``, ``width`` wide, in ``style``: measured, to be placed.

    ``stroke_width`` overrides the usual border width (a critical moment's card).
    """
    pad = ctx.type.card_padding
    wrapped, inner = measure_blocks(ctx, width - 2 * pad, blocks)
    height = inner + 2 * pad
    stroke = ctx.space.card_stroke if stroke_width is None else stroke_width
    radius = ctx.theme.corner_radius

    def place(top: float) -> list[Element]:
        rect = Rect(
            x,
            top,
            width,
            height,
            fill=style.fill,
            stroke=style.stroke,
            stroke_width=stroke,
            rx=radius,
            dash=style.dash,
        )
        children: list[Element] = [rect]
        place_blocks(ctx, x + pad, top + pad, wrapped, children)
        return [Group(tuple(children), id=id, title=title)]

    return Measured(height, place)
