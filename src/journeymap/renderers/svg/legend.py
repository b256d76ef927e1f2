"""The legend of the SVG map: what the scale, the shapes, the curves and the glyphs mean.

When the map has emotions or curves, the legend names the scale's ends, the four
moment shapes, the main curve and each comparison curve (its source and sample size).
When the map shows thoughts, motivations or doubts, it explains the glyph leading each
kind (:data:`~journeymap.renderers.svg.glyphs.ITEM_GLYPHS`). Entries flow in rows
across the map's width.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers.svg.context import Context
    >>> m = Journey("T").phase("P").touchpoint("A", doubts=["Is it safe?"]).build()
    >>> ctx = Context.plain(m, ("thoughts",))
    >>> group, bottom = legend(ctx, 24, 100, 600, {"thoughts": ("doubts",)})
    >>> [t.lines[0] for t in group.children[1:] if hasattr(t, "lines")]
    ['?', 'doubt']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from journeymap.formatting import emotion_word
from journeymap.renderers.svg.cards import baseline_at, text_at, wrap_text
from journeymap.renderers.svg.context import Context
from journeymap.renderers.svg.glyphs import ITEM_GLYPHS, item_color, valence_marker
from journeymap.renderers.svg.scene import Element, Group, Line, Text
from journeymap.themes import LineStyle

__all__ = ["legend"]

#: Draws an entry's icon with its left edge at x and its middle at y.
_Icon = Callable[[float, float], list[Element]]


def _shown_kinds(ctx: Context, fields: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The item kinds with a glyph that the chosen lanes show and the map holds."""
    shown = {name for names in fields.values() for name in names}
    return [
        kind
        for kind in ITEM_GLYPHS
        if kind in shown and any(getattr(tp, kind) for tp in ctx.model.touchpoints)
    ]


def legend(
    ctx: Context, x: float, y: float, width: float, fields: Mapping[str, tuple[str, ...]]
) -> tuple[Group | None, float]:
    """The legend from ``y`` down, and its bottom; ``None`` when there is nothing to explain.

    Args:
        ctx: The layout's context.
        x: The left edge.
        y: The top.
        width: The width entries flow across.
        fields: The fields each chosen lane shows (for the glyphs' entries).
    """
    t, space = ctx.type, ctx.space
    model, theme, words = ctx.model, ctx.theme, ctx.words
    has_emotion = any(tp.emotion is not None for tp in model.touchpoints) or bool(model.curves)
    kinds = _shown_kinds(ctx, fields)
    if not has_emotion and not kinds:
        return None, y
    entries: list[tuple[str, _Icon, float]] = []
    lh = t.caption * t.line_height

    def shape(valence: str, *, hollow: bool = False) -> _Icon:
        offset = space.legend_shape_width / 2 - 3
        return lambda ex, ey: [
            valence_marker(valence, ex + offset, ey, theme, space, outline=False, hollow=hollow)
        ]

    def sample(style: LineStyle) -> _Icon:
        length = space.legend_line_length
        return lambda ex, ey: [Line(ex, ey, ex + length, ey, style.color, style.width, style.dash)]

    def glyph(kind: str) -> _Icon:
        shape, color = ITEM_GLYPHS[kind], item_color(kind, theme)
        size = t.body * shape.scale

        def icon(ex: float, ey: float) -> list[Element]:
            # On the baseline of the entry's text, as in a card.
            baseline = baseline_at(ctx, ey - lh / 2, t.caption)
            middle = ex + space.glyph_box / 2
            return [Text(middle, baseline, (shape.char,), size, color, bold=True, anchor="middle")]

        return icon

    if has_emotion:
        scale = model.scale
        signed = scale.min < 0
        low, high = (
            f"{words.number(v, signed=signed)} {emotion_word(scale, v, words)}"
            for v in (scale.min, scale.max)
        )
        entries.append((f"{words['scale']}: {low} … {high}", lambda ex, ey: [], 0.0))
        for moment in ("positive", "neutral", "negative", "critical"):
            entries.append((words[f"moment.{moment}"], shape(moment), space.legend_shape_width))
        if any(
            tp.evidence_level == "assumed" and tp.emotion is not None for tp in model.touchpoints
        ):
            # Filled points are measured (or unqualified), hollow ones assumed.
            for level, hollow in (("measured", False), ("assumed", True)):
                entries.append(
                    (
                        words[f"evidence_level.{level}"],
                        shape("neutral", hollow=hollow),
                        space.legend_shape_width,
                    )
                )
        entries.append((words["curve.main"], sample(theme.curve), space.legend_line_width))
        for curve in model.curves:
            text = f"{curve.name} ({words['source.' + curve.source]}"
            text += f", n = {curve.n})" if curve.n is not None else ")"
            entries.append((text, sample(theme.curves[curve.source]), space.legend_line_width))
    for kind in kinds:
        entries.append((words[f"item.{kind}"], glyph(kind), space.legend_glyph_width))

    children: list[Element] = [text_at(ctx, x, y, [words["legend"]], t.body, theme.text, bold=True)]
    row_y = y + t.body * t.line_height + space.legend_title_gap
    cursor = x
    row_lines = 1
    for text, icon, icon_width in entries:
        lines = wrap_text(ctx, text, max(width - icon_width, space.legend_text_min), t.caption)
        text_width = max(ctx.measurer.width(line.rstrip(), t.caption) for line in lines)
        entry_width = icon_width + text_width + space.legend_entry_gap
        if cursor > x and cursor + entry_width > x + width:
            cursor = x
            row_y += row_lines * lh + space.legend_row_gap
            row_lines = 1
        children.extend(icon(cursor, row_y + lh / 2))
        children.append(text_at(ctx, cursor + icon_width, row_y, lines, t.caption, theme.text))
        row_lines = max(row_lines, len(lines))
        cursor += entry_width
    return Group(tuple(children), id="legend"), row_y + row_lines * lh
