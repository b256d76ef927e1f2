"""The legend of a blueprint: the failure and waiting marks and the two kinds of arrow.

Only what the blueprint shows is explained: the failure mark when some touchpoint is a
critical moment, the waiting mark when some has a duration, each kind of arrow when one
is drawn. Entries flow in rows across the blueprint's width.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers.svg.context import Context
    >>> m = Journey("T").phase("P").touchpoint("A", duration="2 days").build()
    >>> group, bottom = blueprint_legend(Context.plain(m), 24, 100, 600, [])
    >>> [t.lines[0] for t in group.children if hasattr(t, "lines")]
    ['Legend', 'W', 'waiting time']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeymap.renderers.blueprint.arrows import arrow
from journeymap.renderers.blueprint.cells import BADGE, failure_badge, wait_badge
from journeymap.renderers.svg.cards import text_at, wrap_text
from journeymap.renderers.svg.context import Context
from journeymap.renderers.svg.scene import Element, Group

__all__ = ["blueprint_legend"]

#: Draws an entry's icon with its left edge at x and its middle at y.
_Icon = Callable[[float, float], list[Element]]
_ARROW_LENGTH = 28.0
_ICON_GAP = 6.0


def blueprint_legend(
    ctx: Context, x: float, y: float, width: float, arrows: Sequence[Element]
) -> tuple[Group | None, float]:
    """The legend from ``y`` down, and its bottom; ``None`` when there is nothing to explain.

    Args:
        ctx: The layout's context.
        x: The left edge.
        y: The top.
        width: The width entries flow across.
        arrows: The blueprint's arrow groups (ids ``handoff-…`` and ``step-…``).
    """
    t, space, theme, words = ctx.type, ctx.space, ctx.theme, ctx.words
    model = ctx.model
    ids = {element.id or "" for element in arrows if isinstance(element, Group)}
    entries: list[tuple[str, _Icon, float]] = []
    if any(model.moment_of(tp) == "critical" for tp in model.touchpoints):
        mark = words["blueprint.failure_mark"]
        entries.append(
            (
                words["blueprint.failure"],
                _badge_icon(ctx, failure_badge, mark),
                BADGE + _ICON_GAP,
            )
        )
    if any(tp.duration is not None for tp in model.touchpoints):
        mark = words["blueprint.wait_mark"]
        entries.append(
            (
                words["blueprint.wait"],
                _badge_icon(ctx, wait_badge, mark),
                BADGE + _ICON_GAP,
            )
        )
    for kind, color, line_width in (
        ("handoff", theme.text, 1.4),
        ("step", theme.muted, 1.0),
    ):
        if any(i.startswith(f"{kind}-") for i in ids):
            entries.append(
                (
                    words[f"blueprint.{kind}"],
                    _arrow_icon(color, line_width),
                    _ARROW_LENGTH + _ICON_GAP,
                )
            )
    if not entries:
        return None, y
    lh = t.caption * t.line_height
    children: list[Element] = [text_at(ctx, x, y, [words["legend"]], t.body, theme.text, bold=True)]
    row_y = y + t.body * t.line_height + space.legend_title_gap
    cursor = x
    row_height = max(lh, BADGE)
    for text, icon, icon_width in entries:
        lines = wrap_text(ctx, text, max(width - icon_width, space.legend_text_min), t.caption)
        text_width = max(ctx.measurer.width(line.rstrip(), t.caption) for line in lines)
        entry_width = icon_width + text_width + space.legend_entry_gap
        if cursor > x and cursor + entry_width > x + width:
            cursor = x
            row_y += row_height + space.legend_row_gap
            row_height = max(lh, BADGE)
        line_box = max(lh, BADGE)
        children.extend(icon(cursor, row_y + line_box / 2))
        text_top = row_y + max(0.0, (line_box - len(lines) * lh) / 2)
        children.append(text_at(ctx, cursor + icon_width, text_top, lines, t.caption, theme.text))
        row_height = max(row_height, len(lines) * lh)
        cursor += entry_width
    return Group(tuple(children), id="legend"), row_y + row_height


def _arrow_icon(color: str, width: float) -> _Icon:
    def icon(ex: float, ey: float) -> list[Element]:
        return list(arrow((ex, ey), (ex + _ARROW_LENGTH, ey), color, width))

    return icon


def _badge_icon(
    ctx: Context, badge: Callable[[Context, float, float, str], list[Element]], mark: str
) -> _Icon:
    def icon(ex: float, ey: float) -> list[Element]:
        return badge(ctx, ex, ey - BADGE / 2, mark)

    return icon
