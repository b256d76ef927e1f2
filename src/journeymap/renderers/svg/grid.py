"""The grid of the SVG map: touchpoint columns, coloured phase bands and their tints.

Each touchpoint gets a column (a phase without touchpoints an empty, narrower one);
columns widen for the longest word of a touchpoint's name, up to twice the chosen
width, and all widen together to fill the map's least width. Over them, each phase
gets a band with its name and goal, and a light tint of the same colour behind its
lanes.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.text import default_measurer
    >>> from journeymap.renderers.svg.sizes import Typography
    >>> m = Journey("T").phase("A").touchpoint("One").touchpoint("Two").build()
    >>> columns = place_columns(m, default_measurer(), Typography(), 180.0)
    >>> [c.touchpoint.name for c in columns], columns[1].x - columns[0].x
    (['One', 'Two'], 261.0)
"""

from __future__ import annotations

from journeymap.model import JourneyMap, Phase, Touchpoint
from journeymap.renderers.svg.cards import text_at, wrap_text
from journeymap.renderers.svg.context import Column, Context
from journeymap.renderers.svg.scene import Element, Group, Rect
from journeymap.renderers.svg.sizes import Typography
from journeymap.text import Measurer

__all__ = ["grid_right", "phase_bands", "phase_spans", "phase_tints", "place_columns"]


def place_columns(
    model: JourneyMap,
    measurer: Measurer,
    sizes: Typography,
    column_width: float,
    phases: frozenset[int] | None = None,
) -> tuple[Column, ...]:
    """The columns of every touchpoint (and empty phase), left to right.

    With ``phases`` (indices), only those phases' columns; their width is still set by
    the longest word of the whole map, so the pages of one map share a grid.
    """
    space = sizes.spacing
    widest = 0.0
    for tp in model.touchpoints:
        for word in tp.name.split():
            widest = max(widest, measurer.width(word, sizes.card_title, bold=True))
    width = max(column_width, widest + 2 * (sizes.cell_padding + sizes.card_padding))
    width = min(width, 2 * column_width)
    empty_width = max(sizes.min_column, width * space.empty_column_ratio)
    left = sizes.margin + sizes.header_width
    spans: list[tuple[Phase, int, Touchpoint | None, float]] = []
    for index, phase in enumerate(model.phases):
        if phases is not None and index not in phases:
            continue
        if not phase.touchpoints:
            spans.append((phase, index, None, empty_width))
            continue
        spans.extend((phase, index, tp, width) for tp in phase.touchpoints)
    used = sum(w for *_, w in spans)
    minimum = space.min_width - 2 * sizes.margin - sizes.header_width
    scale = minimum / used if spans and used < minimum else 1.0
    columns: list[Column] = []
    x = left
    for phase, index, touchpoint, w in spans:
        columns.append(Column(phase, index, touchpoint, x, w * scale))
        x += w * scale
    return tuple(columns)


def grid_right(ctx: Context) -> float:
    """The right edge of the grid: the last column's, or the least width's."""
    t = ctx.type
    if not ctx.columns:
        return t.margin + max(ctx.space.min_width - 2 * t.margin, t.header_width)
    last = ctx.columns[-1]
    return last.x + last.width


def phase_spans(ctx: Context) -> list[tuple[Phase, int, float, float]]:
    """Each phase with its index, left edge and width over its columns."""
    spans: dict[int, tuple[Phase, int, float, float]] = {}
    for column in ctx.columns:
        index = column.phase_index
        if index in spans:
            phase, _, x, w = spans[index]
            spans[index] = (phase, index, x, w + column.width)
        else:
            spans[index] = (column.phase, index, column.x, column.width)
    return [spans[i] for i in sorted(spans)]


def phase_bands(ctx: Context, y: float) -> tuple[Group, float]:
    """The phase bands from ``y`` down, and the top of the first lane below them."""
    t, space, theme = ctx.type, ctx.space, ctx.theme
    pad, inset = space.band_padding, space.band_inset
    contents: list[tuple[Phase, int, float, float, list[str], list[str]]] = []
    height = 0.0
    for phase, index, x, w in phase_spans(ctx):
        inner = w - 2 * pad - 2 * inset
        name = wrap_text(ctx, phase.name, inner, t.phase, bold=True)
        goal = wrap_text(ctx, phase.goal, inner, t.caption) if phase.goal else []
        h = len(name) * t.phase * t.line_height
        if goal:
            h += space.band_goal_gap + len(goal) * t.caption * t.line_height
        height = max(height, h)
        contents.append((phase, index, x, w, name, goal))
    band_height = height + 2 * pad
    children: list[Element] = []
    for phase, index, x, w, name, goal in contents:
        color = theme.phase_colors[index % len(theme.phase_colors)]
        text_color = theme.phase_text[index % len(theme.phase_text)]
        parts: list[Element] = [
            Rect(x + inset, y, w - 2 * inset, band_height, fill=color, rx=theme.corner_radius),
            text_at(ctx, x + pad + inset, y + pad, name, t.phase, text_color, bold=True),
        ]
        if goal:
            goal_y = y + pad + len(name) * t.phase * t.line_height + space.band_goal_gap
            parts.append(text_at(ctx, x + pad + inset, goal_y, goal, t.caption, text_color))
        children.append(
            Group(tuple(parts), id=f"phase-{phase.id}", title=phase.name, desc=phase.goal)
        )
    return Group(tuple(children), id="phases"), y + band_height + space.band_gap


def phase_tints(ctx: Context, top: float, bottom: float) -> Group:
    """A light tint of each phase's colour behind its lanes, from ``top`` to ``bottom``.

    A critical moment's column gets a tint of the theme's critical colour over it.
    """
    theme, inset = ctx.theme, ctx.space.band_inset
    children: list[Element] = []
    for column in ctx.columns:
        tp = column.touchpoint
        if tp is not None and ctx.model.moment_of(tp) == "critical":
            children.append(
                Rect(
                    column.x + inset,
                    top,
                    column.width - 2 * inset,
                    bottom - top,
                    fill=theme.critical,
                    opacity=ctx.space.critical_tint,
                    rx=theme.corner_radius,
                )
            )
    for _, index, x, w in phase_spans(ctx):
        color = theme.phase_colors[index % len(theme.phase_colors)]
        children.append(
            Rect(
                x + inset,
                top,
                w - 2 * inset,
                bottom - top,
                fill=color,
                opacity=theme.phase_tint,
                rx=theme.corner_radius,
            )
        )
    return Group(tuple(children), id="tints")
