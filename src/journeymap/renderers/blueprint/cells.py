"""The cards of a blueprint: the customer's step with its marks, items, actors' steps.

A customer card carries the touchpoint's name and action; a failure point (a critical
moment) adds a diamond marked ``F`` and a border in the theme's critical colour, a
waiting time (the touchpoint's duration) a circle marked ``W`` (``E`` in Spanish) and the
duration, on a line above the name. Frontstage, backstage, support and evidence cards
list the touchpoint's items of their lane. Every card is measured first and placed
later, like the map's (:class:`~journeymap.renderers.svg.cards.Measured`), and knows
its box so arrows can meet its edges.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers.svg.context import Context
    >>> from journeymap.renderers.svg.grid import place_columns
    >>> m = Journey("T").phase("P").touchpoint("Calls", duration="5 min", moment="critical"
    ...     ).build()
    >>> plain = Context.plain(m)
    >>> columns = place_columns(m, plain.measurer, plain.type, 180.0)
    >>> cell = customer_card(plain, columns[0])
    >>> cell.id, cell.height > 40
    ('tp-calls-actions', True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from journeymap.model import Touchpoint
from journeymap.renderers.svg.cards import Block, Measured, baseline_at, card, text_at, wrap_text
from journeymap.renderers.svg.context import Column, Context
from journeymap.renderers.svg.glyphs import item_color
from journeymap.renderers.svg.scene import Circle, Element, Group, Polygon, Rect, Text
from journeymap.themes import CardStyle

__all__ = ["BADGE", "Cell", "customer_card", "item_card", "step_card"]

#: The side of a failure or waiting badge, in px.
BADGE = 16.0
#: The gap after a badge.
_BADGE_GAP = 5.0


@dataclass(frozen=True)
class Cell:
    """A measured card in a column: its id, box and how to place it at a top.

    Attributes:
        id: The card's local id.
        x: Its left edge.
        width: Its width.
        height: Its height.
        place: Places it with its top at the given y.
    """

    id: str
    x: float
    width: float
    height: float
    place: Measured


def _box(ctx: Context, column: Column) -> tuple[float, float]:
    pad = ctx.type.cell_padding
    return column.x + pad, column.width - 2 * pad


def failure_badge(ctx: Context, x: float, y: float, mark: str) -> list[Element]:
    """A diamond outlined in the critical colour with ``mark`` in it; ``x, y`` its top left."""
    theme, t, r = ctx.theme, ctx.type, BADGE / 2
    cx, cy = x + r, y + r
    return [
        Polygon(
            ((cx, y), (x + BADGE, cy), (cx, y + BADGE), (x, cy)),
            fill=theme.background,
            stroke=theme.critical,
            stroke_width=1.5,
        ),
        Text(
            cx,
            _centred(ctx, cy, t.caption - 2),
            (mark,),
            t.caption - 2,
            theme.critical,
            bold=True,
            anchor="middle",
        ),
    ]


def wait_badge(ctx: Context, x: float, y: float, mark: str) -> list[Element]:
    """A circle outlined in the text colour with ``mark`` in it; ``x, y`` its top left."""
    theme, t, r = ctx.theme, ctx.type, BADGE / 2
    return [
        Circle(x + r, y + r, r, fill=theme.background, stroke=theme.text, stroke_width=1.5),
        Text(
            x + r,
            _centred(ctx, y + r, t.caption - 2),
            (mark,),
            t.caption - 2,
            theme.text,
            bold=True,
            anchor="middle",
        ),
    ]


def _centred(ctx: Context, middle: float, size: float) -> float:
    """The baseline of one line of ``size`` text whose line box is centred on ``middle``."""
    return baseline_at(ctx, middle - size * ctx.type.line_height / 2, size)


def customer_card(ctx: Context, column: Column) -> Cell:
    """The customer's step: marks, the touchpoint's name and what the customer does."""
    tp = column.touchpoint
    assert tp is not None
    t, space, theme, words = ctx.type, ctx.space, ctx.theme, ctx.words
    style: CardStyle = theme.cards["action"]
    failure = ctx.model.moment_of(tp) == "critical"
    if failure:
        style = replace(style, stroke=theme.critical, dash=None)
    x, width = _box(ctx, column)
    pad = t.card_padding
    inner = width - 2 * pad
    badges = int(failure) + int(tp.duration is not None)
    lead = badges * (BADGE + _BADGE_GAP)
    wait_lines: list[str] = []
    if tp.duration is not None:
        wait_lines = wrap_text(ctx, tp.duration, max(inner - lead, 1.0), t.caption)
    marks_height = 0.0
    if badges:
        marks_height = max(BADGE, len(wait_lines) * t.caption * t.line_height) + t.item_gap
    blocks = [Block(tp.name, t.card_title, style.text, bold=True)]
    if tp.action:
        blocks.append(Block(tp.action, t.body, style.text))
    body = card(
        ctx,
        x,
        width,
        blocks,
        style,
        id=f"tp-{tp.id}-actions",
        title=ctx.title(column),
        stroke_width=space.critical_card_stroke if failure else None,
    )
    height = body.height + marks_height

    def place(top: float) -> list[Element]:
        group = body.place(top)[0]
        assert isinstance(group, Group)
        rect, *texts = group.children
        assert isinstance(rect, Rect)
        rect = replace(rect, height=height)
        marks: list[Element] = []
        cursor = x + pad
        if failure:
            marks += failure_badge(ctx, cursor, top + pad, words["blueprint.failure_mark"])
            cursor += BADGE + _BADGE_GAP
        if tp.duration is not None:
            marks += wait_badge(ctx, cursor, top + pad, words["blueprint.wait_mark"])
            cursor += BADGE + _BADGE_GAP
            text_top = top + pad + max(0.0, (BADGE - t.caption * t.line_height) / 2)
            marks.append(text_at(ctx, cursor, text_top, wait_lines, t.caption, style.text))
        moved = [_shifted(element, marks_height) for element in texts]
        return [replace(group, children=(rect, *marks, *moved))]

    return Cell(f"tp-{tp.id}-actions", x, width, height, Measured(height, place))


def _shifted(element: Element, dy: float) -> Element:
    """``element`` moved down by ``dy`` (the card's text under its marks)."""
    if isinstance(element, Text):
        return replace(element, y=element.y + dy)
    if isinstance(element, Circle):
        return replace(element, cy=element.cy + dy)
    return element  # pragma: no cover - a card's text is Text and Circle markers only


def item_card(ctx: Context, column: Column, key: str, fields: tuple[str, ...]) -> Cell | None:
    """The touchpoint's items of ``fields`` on one card in the style of lane ``key``.

    ``None`` when the touchpoint has none.
    """
    tp = column.touchpoint
    assert tp is not None
    style = ctx.theme.cards[key]
    blocks: list[Block] = []
    for name in fields:
        items: tuple[str, ...] = getattr(tp, name)
        color = item_color(name, ctx.theme)
        blocks.extend(Block(item, ctx.type.body, style.text, marker=color) for item in items)
    if not blocks:
        return None
    x, width = _box(ctx, column)
    cell_id = f"tp-{tp.id}-{key}"
    title = f"{ctx.words.lane(key)}: {tp.name}"
    measured = card(ctx, x, width, blocks, style, id=cell_id, title=title)
    return Cell(cell_id, x, width, measured.height, measured)


def step_card(ctx: Context, column: Column, style_key: str, cell_id: str) -> Cell:
    """An actor's part in a touchpoint: the touchpoint's name in ``style_key``'s style."""
    tp: Touchpoint | None = column.touchpoint
    assert tp is not None
    style = ctx.theme.cards[style_key]
    x, width = _box(ctx, column)
    blocks = [Block(tp.name, ctx.type.body, style.text)]
    measured = card(ctx, x, width, blocks, style, id=cell_id, title=ctx.title(column))
    return Cell(cell_id, x, width, measured.height, measured)
