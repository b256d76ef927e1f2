"""One drawer per kind of lane, each measuring its lane before placing it.

A drawer's :meth:`LaneDrawer.measure` takes the lane (a row of
:mod:`journeymap.lanes`) and the touchpoint fields it shows, and returns ``None`` for a
lane with nothing to show, else a :class:`~journeymap.renderers.svg.cards.Measured`:
the lane's height and a function placing it at a given top. The layout stacks the
lanes by adding heights, so no lane is drawn twice.

The drawers: touchpoint cards (name, description, actors, duration, owner), channel
pills, metric cards, the thoughts lane (feeling, thoughts, motivations, and the doubts
on a card of their own in the ``doubts`` style), the line of visibility, the emotion
chart (:mod:`journeymap.renderers.svg.emotion`), and :class:`ItemCards`, which draws
any other lane (a registered one too) as one card per touchpoint in the lane's style,
text fields as text and lists as items led by a dot or their kind's glyph.

Example:
    >>> drawer_for("pain_points").__class__.__name__, drawer_for("owners").__class__.__name__
    ('ItemCards', 'ItemCards')
    >>> drawer_for("emotion").__class__.__name__
    'EmotionChart'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Protocol

from journeymap.errors import JourneyMapError, Problem
from journeymap.formatting import metric_value
from journeymap.lanes import Lane
from journeymap.model import Metric, Touchpoint
from journeymap.renderers.svg.cards import Block, Measured, card, text_at, wrap_text
from journeymap.renderers.svg.context import Column, Context
from journeymap.renderers.svg.emotion import EmotionChart
from journeymap.renderers.svg.glyphs import ITEM_GLYPHS, item_color
from journeymap.renderers.svg.scene import Element, Group, Line, Rect
from journeymap.renderers.svg.titles import level_label
from journeymap.themes import CardStyle, LineStyle

__all__ = [
    "DRAWERS",
    "CellLane",
    "ChannelPills",
    "ItemCards",
    "LaneDrawer",
    "MetricCards",
    "ThoughtCards",
    "TouchpointCards",
    "VisibilityLine",
    "drawer_for",
    "labelled_line",
    "lane_frame",
]


class LaneDrawer(Protocol):
    """Measures one lane; the result places it."""

    def measure(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], right: float
    ) -> Measured | None:
        """The lane's height and placer, or ``None`` when it has nothing to show.

        Args:
            ctx: The layout's context.
            lane: The lane.
            fields: The touchpoint fields it shows here (a narrower chosen lane may
                have taken some of its own).
            right: The grid's right edge.
        """


def labelled_line(
    ctx: Context,
    label: Sequence[str],
    y: float,
    height: float,
    right: float,
    color: str,
    width: float,
    dash: str | None = None,
) -> list[Element]:
    """A row that is a line: its name in the header column, the line across its middle.

    The line of visibility on the map, and the blueprint's three lines, are such rows.
    """
    t, space, theme = ctx.type, ctx.space, ctx.theme
    middle = y + height / 2
    label_height = len(label) * t.caption * t.line_height
    left = t.margin + t.header_width
    return [
        Rect(t.margin, y, t.header_width, height, fill=theme.header_fill),
        text_at(
            ctx,
            t.margin + t.cell_padding,
            middle - label_height / 2,
            label,
            t.caption,
            theme.header_text,
            bold=True,
        ),
        Line(left, middle, right, middle, color, width, dash),
        Line(t.margin, y + height, right, y + height, theme.grid, space.grid_line),
    ]


def lane_frame(
    ctx: Context, y: float, height: float, right: float, label: list[str], label_top: float
) -> list[Element]:
    """A lane's header cell with its wrapped name, and the grid line under the lane."""
    t, theme = ctx.type, ctx.theme
    return [
        Rect(t.margin, y, t.header_width, height, fill=theme.header_fill),
        text_at(
            ctx, t.margin + t.cell_padding, label_top, label, t.body, theme.header_text, bold=True
        ),
        Line(t.margin, y + height, right, y + height, theme.grid, ctx.space.grid_line),
    ]


class CellLane:
    """A lane of one cell per touchpoint column, as tall as its tallest cell."""

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """The measured cell of one touchpoint, or ``None`` when it is empty."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def measure(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], right: float
    ) -> Measured | None:
        """The lane's cells measured; ``None`` when every cell is empty."""
        t = ctx.type
        cells: list[Measured] = []
        for column in ctx.columns:
            if column.touchpoint is None:
                continue
            measured = self.cell(ctx, lane, fields, column.touchpoint, column)
            if measured is not None:
                cells.append(measured)
        if not cells:
            return None
        label = wrap_text(
            ctx, ctx.words.lane(lane.key), t.header_width - 2 * t.cell_padding, t.body, bold=True
        )
        row = max(len(label) * t.body * t.line_height, *(c.height for c in cells))
        total = row + 2 * t.cell_padding

        def place(y: float) -> list[Element]:
            top = y + t.cell_padding
            parts = lane_frame(ctx, y, total, right, label, top)
            for measured in cells:
                parts.extend(measured.place(top))
            return [Group(tuple(parts), id=f"lane-{lane.key}")]

        return Measured(total, place)


def _cell_box(ctx: Context, column: Column) -> tuple[float, float]:
    """The left edge and width of a column's cards."""
    pad = ctx.type.cell_padding
    return column.x + pad, column.width - 2 * pad


#: The fields whose text is made from the map rather than read as it is.
_MADE = frozenset({"actors", "channel", "emotion", "moment", "metrics"})


def _made_text(ctx: Context, tp: Touchpoint, name: str) -> str | tuple[str, ...]:
    """The text of a field of :data:`_MADE`: names, words and numbers for ids and values."""
    model, words = ctx.model, ctx.words
    if name == "actors":
        return tuple(model.actor(a).name for a in tp.actors)
    if name == "channel":
        if tp.channel is None:
            return ""
        channel = model.channel(tp.channel)
        return words.channel_name(channel.id, channel.name)
    if name == "emotion":
        return "" if tp.emotion is None else level_label(model.scale, tp.emotion, words)
    if name == "moment":
        moment = model.moment_of(tp)
        return words[f"moment.{moment}"] if moment else ""
    return tuple(
        f"{words[f'metric.{m.kind}']} {metric_value(m, m.value, words)}" for m in tp.metrics
    )


def _item_blocks(
    ctx: Context, tp: Touchpoint, fields: Sequence[str], style: CardStyle
) -> list[Block]:
    """Text fields as text, lists as items led by their kind's glyph or a dot."""
    blocks: list[Block] = []
    for name in fields:
        value = _made_text(ctx, tp, name) if name in _MADE else getattr(tp, name)
        if not value:
            continue
        size = ctx.type.body
        if isinstance(value, str):
            blocks.append(Block(value, size, style.text))
            continue
        color = item_color(name, ctx.theme)
        glyph = ITEM_GLYPHS.get(name)
        blocks.extend(Block(str(v), size, style.text, marker=color, glyph=glyph) for v in value)
    return blocks


class ItemCards(CellLane):
    """Any lane of text and lists of text: one card per touchpoint in the lane's style.

    Text fields are drawn as text, lists as items; channels, emotions, moments, actors
    and metrics as their names, words and numbers. A lane without a style (possible for
    a registered one) is drawn in the ``support`` style.
    """

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """One card of the touchpoint's values of ``fields``, if it has any."""
        style = ctx.theme.cards[lane.style or "support"]
        blocks = _item_blocks(ctx, tp, fields, style)
        if not blocks:
            return None
        x, w = _cell_box(ctx, column)
        return card(ctx, x, w, blocks, style, id=f"tp-{tp.id}-{lane.key}")


class TouchpointCards(CellLane):
    """The touchpoint's name in bold, its description, and actors · duration · owner."""

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """The touchpoint's card, titled with its phase, channel, emotion and moment.

        A critical moment's card has a border in the theme's critical colour and opens
        with the word "critical" and why (the rules of
        :func:`journeymap.analysis.critical.critical_moments` that fired), so it is found
        from across the room.
        """
        t, style = ctx.type, ctx.theme.cards[lane.style or "touchpoint"]
        critical = ctx.model.moment_of(tp) == "critical"
        if critical:
            style = replace(style, stroke=ctx.theme.critical, dash=None)
        blocks: list[Block] = []
        if critical:
            word = ctx.words["moment.critical"]
            blocks.append(Block(word.upper(), t.caption, ctx.theme.critical, bold=True))
            why = ctx.why_critical(tp.id)
            if why:
                blocks.append(Block(why, t.caption, ctx.theme.critical))
        if "name" in fields:
            blocks.append(Block(tp.name, t.card_title, style.text, bold=True))
        if "description" in fields and tp.description:
            blocks.append(Block(tp.description, t.body, style.text))
        meta: list[str] = []
        if "actors" in fields and tp.actors:
            names = ", ".join(ctx.model.actor(a).name for a in tp.actors)
            meta.append(f"{ctx.words['with']} {names}")
        if "duration" in fields and tp.duration:
            meta.append(tp.duration)
        if "owner" in fields and tp.owner:
            meta.append(tp.owner)
        if meta:
            blocks.append(Block(" · ".join(meta), t.caption, style.text))
        if not blocks:
            return None
        x, w = _cell_box(ctx, column)
        title = ctx.title(column)
        width = ctx.space.critical_card_stroke if critical else None
        return card(
            ctx, x, w, blocks, style, id=f"tp-{tp.id}-{lane.key}", title=title, stroke_width=width
        )


#: The border's dash pattern of a channel pill, by the channel's mode.
_MODE_DASH: Mapping[str, str] = MappingProxyType({"offline": "4 3", "hybrid": "1 3"})


class ChannelPills(CellLane):
    """The channel as a pill: its name and mode; offline dashed, hybrid dotted."""

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """The touchpoint's channel pill, if it has a channel."""
        if tp.channel is None or "channel" not in fields:
            return None
        t, space, words = ctx.type, ctx.space, ctx.words
        channel = ctx.model.channel(tp.channel)
        style = ctx.theme.cards[lane.style or "channel"]
        name = words.channel_name(channel.id, channel.name)
        text = f"{name} · {words['mode.' + channel.mode]}" if channel.mode else name
        dash = _MODE_DASH.get(channel.mode or "")
        pad_x, pad_y = space.pill_padding_x, space.pill_padding_y
        x, w = _cell_box(ctx, column)
        lines = wrap_text(ctx, text, w - 2 * pad_x, t.caption)
        text_width = max(ctx.measurer.width(line.rstrip(), t.caption) for line in lines)
        height = len(lines) * t.caption * t.line_height + 2 * pad_y
        pill_w = min(w, text_width + 2 * pad_x)
        cell_id = f"tp-{tp.id}-{lane.key}"

        def place(top: float) -> list[Element]:
            rect = Rect(
                x,
                top,
                pill_w,
                height,
                fill=style.fill,
                stroke=style.stroke,
                stroke_width=space.pill_stroke,
                rx=min(height / 2, space.pill_radius_max),
                dash=dash,
            )
            label = text_at(ctx, x + pad_x, top + pad_y, lines, t.caption, style.text)
            return [Group((rect, label), id=cell_id)]

        return Measured(height, place)


class ThoughtCards(CellLane):
    """Feeling, thoughts and motivations on one card; the doubts on their own below."""

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """The thoughts card and the doubts card, stacked."""
        t, theme = ctx.type, ctx.theme
        style = theme.cards[lane.style or "thoughts"]
        blocks: list[Block] = []
        if "feeling" in fields and tp.feeling:
            blocks.append(Block(tp.feeling, t.body, style.text, italic=True))
        blocks += _item_blocks(
            ctx, tp, [f for f in fields if f in ("thoughts", "motivations")], style
        )
        doubt_style = theme.cards["doubts"]
        doubts = _item_blocks(ctx, tp, ["doubts"] if "doubts" in fields else [], doubt_style)
        x, w = _cell_box(ctx, column)
        cards: list[Measured] = []
        if blocks:
            cards.append(card(ctx, x, w, blocks, style, id=f"tp-{tp.id}-{lane.key}"))
        if doubts:
            cards.append(card(ctx, x, w, doubts, doubt_style, id=f"tp-{tp.id}-doubts"))
        if not cards:
            return None
        if len(cards) == 1:
            return cards[0]
        first, second = cards
        gap = ctx.space.doubts_gap

        def place(top: float) -> list[Element]:
            return [*first.place(top), *second.place(top + first.height + gap)]

        return Measured(first.height + gap + second.height, place)


def _metric_text(metric: Metric, value: float, ctx: Context, where: str, field: str) -> str:
    """A metric's number as text, or a located error for one no float can hold."""
    try:
        return metric_value(metric, value, ctx.words)
    except (OverflowError, ValueError):
        raise JourneyMapError(
            [
                Problem(
                    f"{where} > metric {metric.kind!r} > {field}",
                    "the number is too large to draw; allowed: a finite number "
                    "of at most about 1.8e308",
                )
            ]
        ) from None


def _count_text(n: int, where: str) -> str:
    """A sample size as text; a count too long to print is a located error."""
    if not -(10**15) <= n <= 10**15:
        raise JourneyMapError(
            [Problem(f"{where} > metric > n", "the count is too large; allowed: at most 10**15")]
        )
    return str(n)


class MetricCards(CellLane):
    """One card per metric: kind and name, value, target and n, status, source."""

    def cell(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], tp: Touchpoint, column: Column
    ) -> Measured | None:
        """The touchpoint's metric cards, stacked."""
        if not tp.metrics or "metrics" not in fields:
            return None
        t, theme, words = ctx.type, ctx.theme, ctx.words
        style = theme.cards[lane.style or "metrics"]
        where = f"phase {column.phase.name!r} > touchpoint {tp.name!r}"
        x, w = _cell_box(ctx, column)
        cards: list[Measured] = []
        for index, metric in enumerate(tp.metrics):
            label = words[f"metric.{metric.kind}"]
            if metric.name:
                label = metric.name if metric.kind == "custom" else f"{label} · {metric.name}"
            value = _metric_text(metric, metric.value, ctx, where, "value")
            blocks = [
                Block(label, t.caption, style.text, bold=True),
                Block(value, t.card_title, style.text, bold=True),
            ]
            details = []
            if metric.target is not None:
                target = _metric_text(metric, metric.target, ctx, where, "target")
                details.append(f"{words['target']} {target}")
            if metric.n is not None:
                details.append(f"n = {_count_text(metric.n, where)}")
            if details:
                blocks.append(Block(" · ".join(details), t.caption, style.text))
            status = metric.status()
            if status is not None:
                color = theme.positive if status == "on target" else theme.negative
                blocks.append(
                    Block(words[f"status.{status}"], t.caption, style.text, bold=True, marker=color)
                )
            if metric.source:
                blocks.append(Block(metric.source, t.caption, style.text, italic=True))
            cards.append(card(ctx, x, w, blocks, style, id=f"tp-{tp.id}-{lane.key}-{index + 1}"))
        gap = t.item_gap
        height = sum(c.height for c in cards) + gap * (len(cards) - 1)

        def place(top: float) -> list[Element]:
            elements: list[Element] = []
            y = top
            for measured in cards:
                elements.extend(measured.place(y))
                y += measured.height + gap
            return elements

        return Measured(height, place)


class VisibilityLine:
    """The line of visibility, drawn when some touchpoint has backstage or support."""

    def measure(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], right: float
    ) -> Measured | None:
        """The lane's height and placer; ``None`` for a map without backstage or support."""
        if not any(tp.backstage or tp.support for tp in ctx.model.touchpoints):
            return None
        t, space, theme = ctx.type, ctx.space, ctx.theme
        style: LineStyle = theme.visibility
        label = wrap_text(
            ctx, ctx.words.lane(lane.key), t.header_width - 2 * t.cell_padding, t.caption, bold=True
        )
        label_height = len(label) * t.caption * t.line_height
        height = max(space.visibility_min_height, label_height + space.visibility_padding)

        def place(y: float) -> list[Element]:
            elements = labelled_line(
                ctx, label, y, height, right, style.color, style.width, style.dash
            )
            return [Group(tuple(elements), id=f"lane-{lane.key}")]

        return Measured(height, place)


#: The drawer of each built-in lane that is not drawn as plain item cards.
DRAWERS: Mapping[str, LaneDrawer] = MappingProxyType(
    {
        "touchpoints": TouchpointCards(),
        "channels": ChannelPills(),
        "emotion": EmotionChart(),
        "thoughts": ThoughtCards(),
        "metrics": MetricCards(),
        "visibility": VisibilityLine(),
    }
)

_ITEMS = ItemCards()


def drawer_for(key: str) -> LaneDrawer:
    """The drawer of lane ``key``: its own, or :class:`ItemCards`."""
    return DRAWERS.get(key, _ITEMS)
