"""Lay a journey map out as a swimlane :class:`~journeymap.renderers.svg.scene.Scene`.

Columns are touchpoints grouped under coloured phase bands; rows are lanes with a header
column on the left. Every piece of text is wrapped with the text measurer and every row
grows to its tallest cell, so nothing overflows or overlaps. This module is pure
geometry: model, theme and measurer in, scene out.

Ids in the scene are local to the map; drawing puts the map's prefix (the scene's ``id``)
and ``-`` before each. Every local id starts with a kind word that tells its shape, so
an id made from a model id can never equal another one:

* made by the layout alone: ``title``, ``desc``, ``header``, ``persona``, ``phases``,
  ``tints``, ``legend``, and ``lane-<lane>`` for a lane of :data:`LANES`;
* made from model ids: ``phase-<phase id>``, ``curve-<curve id>``,
  ``tp-<touchpoint id>-<lane>`` (lane names hold no ``-``, so the id is whatever lies
  between ``tp-`` and the last ``-``) and ``tp-<touchpoint id>-metrics-<n>`` (``n`` is
  a number, which no lane name is).

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny").phase("Buy").touchpoint("Pays", channel="web", emotion=-1).build()
    >>> scene = layout(m)
    >>> scene.title, scene.width > 0 and scene.height > 0
    ('Tiny', True)
    >>> layout(m, id_prefix="tiny").id
    'tiny'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from journeymap.errors import JourneyMapError, Problem
from journeymap.formatting import channel_label, emotion_word, format_number, metric_value
from journeymap.i18n import channel_name, labels
from journeymap.model import JourneyMap, Metric, Phase, Touchpoint
from journeymap.renderers.options import (
    bool_option,
    content_prefix,
    id_prefix_option,
    locale_option,
    number_option,
    words_option,
)
from journeymap.renderers.svg.curve import monotone_cubics
from journeymap.renderers.svg.scene import (
    Circle,
    Element,
    Group,
    Line,
    Path,
    PathCommand,
    Polygon,
    Rect,
    Scene,
    Text,
)
from journeymap.text import FONT_STACK, Measurer, default_measurer, wrap
from journeymap.themes import CardStyle, LineStyle, Theme, get_theme

__all__ = ["COLUMN_WIDTH_RANGE", "DEFAULT_LANES", "LANES", "Typography", "layout"]

#: Every lane the map can show, in the default order.
LANES: tuple[str, ...] = (
    "touchpoints",
    "actions",
    "channels",
    "evidence",
    "emotion",
    "thoughts",
    "pain_points",
    "opportunities",
    "frontstage",
    "visibility",
    "backstage",
    "support",
    "metrics",
)
#: The lanes shown when none are chosen (each still hidden when empty).
DEFAULT_LANES = LANES
#: The narrowest and widest ``column_width`` allowed, in px.
COLUMN_WIDTH_RANGE: tuple[float, float] = (80.0, 1000.0)

CurveStyle = Literal["smooth", "straight"]


@dataclass(frozen=True)
class Typography:
    """Font sizes (px) and spacing of the map."""

    title: float = 24.0
    subtitle: float = 12.0
    phase: float = 14.0
    card_title: float = 12.5
    body: float = 12.0
    caption: float = 10.5
    line_height: float = 1.3
    margin: float = 24.0
    header_width: float = 150.0
    cell_padding: float = 8.0
    card_padding: float = 8.0
    item_gap: float = 5.0
    emotion_height: float = 150.0
    min_column: float = 140.0


@dataclass
class _Column:
    phase: Phase
    phase_index: int
    touchpoint: Touchpoint | None
    x: float
    width: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class _Block:
    """A run of text inside a card, optionally led by a small marker shape."""

    text: str
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    marker: str | None = None  # a colour: draw a small dot before the text


@dataclass
class _Context:
    model: JourneyMap
    theme: Theme
    measurer: Measurer
    type: Typography
    words: Mapping[str, str]
    locale: str
    curve: CurveStyle
    columns: list[_Column] = field(default_factory=list)


def layout(
    model: JourneyMap,
    *,
    theme: str | Theme = "default",
    locale: str | None = None,
    lanes: Sequence[str] | None = None,
    curve: CurveStyle = "smooth",
    column_width: float = 180.0,
    legend: bool = True,
    measurer: Measurer | None = None,
    typography: Typography | None = None,
    id_prefix: str | None = None,
) -> Scene:
    """Compute the scene of a swimlane map.

    Args:
        model: The map.
        theme: A theme name (``default``, ``dark``, ``print``) or a :class:`Theme`.
        locale: Language of lane names and words; default the map's locale.
        lanes: Which lanes to show, in order; default :data:`DEFAULT_LANES`. Empty lanes
            are hidden either way.
        curve: ``smooth`` (monotone, never overshooting) or ``straight`` segments.
        column_width: Width of a touchpoint column in px (see
            :data:`COLUMN_WIDTH_RANGE`); columns widen when a word needs it.
        legend: Whether to draw the legend at the bottom.
        measurer: Text measurer; default the checked-in Liberation Sans table.
        typography: Sizes and spacing.
        id_prefix: The scene's id, which drawing puts before every other id; default
            ``jm-`` and 8 hex digits derived from the map and these options.

    Returns:
        The scene.

    Raises:
        JourneyMapError: For something that is not a map, or an unknown or badly typed
            lane, theme, curve style, locale, column width, legend or id prefix.
    """
    if not isinstance(model, JourneyMap):
        raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
    chosen = DEFAULT_LANES if lanes is None else words_option("svg", "lanes", lanes, LANES)
    unknown = [lane for lane in chosen if lane not in LANES]
    if unknown:
        raise JourneyMapError(f"unknown lane {unknown[0]!r}; allowed: {', '.join(LANES)}")
    seen: set[str] = set()
    for lane in chosen:
        if lane in seen:
            raise JourneyMapError(f"lane {lane!r} is chosen twice; each lane can be shown once")
        seen.add(lane)
    if not isinstance(curve, str) or curve not in ("smooth", "straight"):
        raise JourneyMapError(f"unknown curve style {curve!r}; allowed: smooth, straight")
    low, high = COLUMN_WIDTH_RANGE
    width = number_option("svg", "column_width", column_width, low=low, high=high, unit="px")
    show_legend = bool_option("svg", "legend", legend)
    language = locale_option("svg", locale) or model.locale
    resolved = get_theme(theme)
    sizes = typography or Typography()
    if id_prefix is None:
        prefix = content_prefix(
            model,
            "svg",
            {
                "theme": repr(resolved),
                "locale": language,
                "lanes": list(chosen),
                "curve": curve,
                "column_width": width,
                "legend": show_legend,
                "typography": repr(sizes),
            },
        )
    else:
        prefix = id_prefix_option("svg", id_prefix)
    ctx = _Context(
        model=model,
        theme=resolved,
        measurer=measurer or default_measurer(),
        type=sizes,
        words=labels(language),
        locale=language,
        curve=curve,
    )
    return replace(_Builder(ctx, chosen, width, show_legend).build(), id=prefix)


class _Builder:
    def __init__(
        self, ctx: _Context, lanes: tuple[str, ...], column_width: float, legend: bool
    ) -> None:
        self.ctx = ctx
        self.lanes = lanes
        self.column_width = column_width
        self.legend = legend

    # -- the whole ------------------------------------------------------------------------

    def build(self) -> Scene:
        self._fit_header_column()
        ctx, t = self.ctx, self.ctx.type
        self._place_columns()
        grid_left = t.margin + t.header_width
        grid_right = self._grid_right()
        width = grid_right + t.margin

        elements: list[Element] = []
        y = t.margin
        header, y = self._header(t.margin, y, width - 2 * t.margin)
        elements.append(header)
        y += 16

        band_top = y
        bands, y = self._phase_bands(y)
        lane_groups: list[Element] = []
        for lane in self.lanes:
            group = self._lane(lane, y, grid_left, grid_right)
            if group is not None:
                element, height = group
                lane_groups.append(element)
                y += height
        lanes_bottom = y
        tints = self._phase_tints(band_top, lanes_bottom)
        elements.extend([tints, bands, *lane_groups])
        if self.legend:
            legend, y = self._legend(t.margin, y + 16, width - 2 * t.margin)
            if legend is not None:
                elements.append(legend)
        height = y + t.margin
        return Scene(
            width=width,
            height=height,
            title=ctx.model.title,
            desc=self._description(),
            background=ctx.theme.background,
            font_family=FONT_STACK,
            children=tuple(elements),
        )

    def _level_label(self, level: int) -> str:
        scale = self.ctx.model.scale
        number = format_number(level, signed=scale.min < 0)
        return f"{number} {emotion_word(scale, level, self.ctx.locale)}"

    def _fit_header_column(self) -> None:
        """Widen the lane-header column to the emotion levels' labels, up to 280 px."""
        ctx, t = self.ctx, self.ctx.type
        scale = ctx.model.scale
        if "emotion" not in self.lanes:
            return
        widest = max(
            ctx.measurer.width(self._level_label(level), t.caption)
            for level in range(scale.min, scale.max + 1)
        )
        needed = widest + 6 + t.cell_padding + 1
        if needed > t.header_width:
            ctx.type = replace(t, header_width=min(needed, 280.0))

    def _description(self) -> str:
        model, words = self.ctx.model, self.ctx.words
        key = "map_desc" if model.persona else "map_desc_no_persona"
        text = words[key].format(
            persona=model.persona.name if model.persona else "",
            phases=len(model.phases),
            touchpoints=len(model.touchpoints),
        )
        if model.objective:
            text += f" {words['objective']}: {model.objective}"
        return text

    # -- columns --------------------------------------------------------------------------

    def _place_columns(self) -> None:
        ctx, t = self.ctx, self.ctx.type
        width = max(self.column_width, self._widest_word() + 2 * (t.cell_padding + t.card_padding))
        width = min(width, 2 * self.column_width)
        empty_width = max(t.min_column, width * 0.6)
        x = t.margin + t.header_width
        for index, phase in enumerate(ctx.model.phases):
            if not phase.touchpoints:
                ctx.columns.append(_Column(phase, index, None, x, empty_width))
                x += empty_width
                continue
            for tp in phase.touchpoints:
                ctx.columns.append(_Column(phase, index, tp, x, width))
                x += width
        minimum = 720.0 - 2 * t.margin - t.header_width
        used = x - (t.margin + t.header_width)
        if ctx.columns and used < minimum:
            scale = minimum / used
            x = t.margin + t.header_width
            for column in ctx.columns:
                column.x = x
                column.width *= scale
                x += column.width

    def _widest_word(self) -> float:
        ctx = self.ctx
        widest = 0.0
        for tp in ctx.model.touchpoints:
            for word in tp.name.split():
                widest = max(widest, ctx.measurer.width(word, ctx.type.card_title, bold=True))
        return widest

    def _grid_right(self) -> float:
        t = self.ctx.type
        if not self.ctx.columns:
            return t.margin + max(720.0 - 2 * t.margin, t.header_width)
        last = self.ctx.columns[-1]
        return last.x + last.width

    # -- header ---------------------------------------------------------------------------

    def _header(self, x: float, y: float, width: float) -> tuple[Group, float]:
        ctx, t = self.ctx, self.ctx.type
        model, theme, words = ctx.model, ctx.theme, ctx.words
        children: list[Element] = []
        title_lines = self._wrap(model.title, width, t.title, bold=True)
        children.append(Text(x, y + t.title, tuple(title_lines), t.title, theme.text, bold=True))
        y += len(title_lines) * t.title * t.line_height
        subtitle = [words[f"kind.{model.kind}"], f"{words['scale']} {model.scale.describe()}"]
        subtitle += list(model.tags)
        sub_text = " · ".join(subtitle)
        sub_lines = self._wrap(sub_text, width, t.subtitle)
        children.append(Text(x, y + t.subtitle, tuple(sub_lines), t.subtitle, theme.muted))
        y += len(sub_lines) * t.subtitle * t.line_height + 10

        persona_width = min(420.0, width * 0.45) if model.persona else 0.0
        cards_bottom = y
        if model.persona is not None:
            persona = model.persona
            blocks = [_Block(persona.name, t.card_title, theme.cards["persona"].text, bold=True)]
            if persona.description:
                blocks.append(_Block(persona.description, t.body, theme.cards["persona"].text))
            for key in ("goals", "needs", "frustrations"):
                items: tuple[str, ...] = getattr(persona, key)
                if items:
                    blocks.append(_Block(words[key], t.caption, theme.muted, bold=True))
                    blocks.extend(
                        _Block(item, t.body, theme.cards["persona"].text, marker=theme.muted)
                        for item in items
                    )
            if persona.quote:
                blocks.append(
                    _Block(persona.quote, t.body, theme.cards["persona"].text, italic=True)
                )
            card, height = self._card(
                x, y, persona_width, blocks, theme.cards["persona"], id="persona"
            )
            children.append(card)
            cards_bottom = max(cards_bottom, y + height)

        info: list[_Block] = []
        for key in ("objective", "scenario"):
            value = getattr(model, key)
            if value:
                info.append(_Block(words[key], t.caption, theme.muted, bold=True))
                info.append(_Block(value, t.body, theme.text))
        if model.expectations:
            info.append(_Block(words["expectations"], t.caption, theme.muted, bold=True))
            info.extend(
                _Block(item, t.body, theme.text, marker=theme.muted) for item in model.expectations
            )
        if model.description:
            info.insert(0, _Block(model.description, t.body, theme.text))
        if info:
            info_x = x + persona_width + (16 if persona_width else 0)
            info_width = min(width - (info_x - x), 560.0)
            heights = self._blocks(info_x, y, info_width, info, children)
            cards_bottom = max(cards_bottom, y + heights)
        return Group(tuple(children), id="header"), cards_bottom

    # -- phases ---------------------------------------------------------------------------

    def _phase_spans(self) -> list[tuple[Phase, int, float, float]]:
        spans: dict[int, tuple[Phase, int, float, float]] = {}
        for column in self.ctx.columns:
            index = column.phase_index
            if index in spans:
                phase, _, x, w = spans[index]
                spans[index] = (phase, index, x, w + column.width)
            else:
                spans[index] = (column.phase, index, column.x, column.width)
        return [spans[i] for i in sorted(spans)]

    def _phase_bands(self, y: float) -> tuple[Group, float]:
        ctx, t = self.ctx, self.ctx.type
        theme = ctx.theme
        pad = 10.0
        contents: list[tuple[Phase, int, float, float, list[str], list[str]]] = []
        height = 0.0
        for phase, index, x, w in self._phase_spans():
            inner = w - 2 * pad - 4
            name = self._wrap(phase.name, inner, t.phase, bold=True)
            goal = self._wrap(phase.goal, inner, t.caption) if phase.goal else []
            h = len(name) * t.phase * t.line_height
            if goal:
                h += 3 + len(goal) * t.caption * t.line_height
            height = max(height, h)
            contents.append((phase, index, x, w, name, goal))
        band_height = height + 2 * pad
        children: list[Element] = []
        for phase, index, x, w, name, goal in contents:
            color = theme.phase_colors[index % len(theme.phase_colors)]
            text_color = theme.phase_text[index % len(theme.phase_text)]
            parts: list[Element] = [
                Rect(x + 2, y, w - 4, band_height, fill=color, rx=theme.corner_radius),
                self._text(x + pad + 2, y + pad, name, t.phase, text_color, bold=True),
            ]
            if goal:
                goal_y = y + pad + len(name) * t.phase * t.line_height + 3
                parts.append(self._text(x + pad + 2, goal_y, goal, t.caption, text_color))
            children.append(
                Group(tuple(parts), id=f"phase-{phase.id}", title=phase.name, desc=phase.goal)
            )
        return Group(tuple(children), id="phases"), y + band_height + 6

    def _phase_tints(self, top: float, bottom: float) -> Group:
        theme = self.ctx.theme
        children: list[Element] = []
        for _, index, x, w in self._phase_spans():
            color = theme.phase_colors[index % len(theme.phase_colors)]
            children.append(
                Rect(
                    x + 2,
                    top,
                    w - 4,
                    bottom - top,
                    fill=color,
                    opacity=theme.phase_tint,
                    rx=theme.corner_radius,
                )
            )
        return Group(tuple(children), id="tints")

    # -- lanes ----------------------------------------------------------------------------

    def _lane(self, lane: str, y: float, left: float, right: float) -> tuple[Group, float] | None:
        ctx, t = self.ctx, self.ctx.type
        theme, words = ctx.theme, ctx.words
        if lane == "emotion":
            return self._emotion_lane(y, left, right)
        if lane == "visibility":
            return self._visibility_lane(y, left, right)
        cells: list[tuple[_Column, Callable[[float], tuple[list[Element], float]]]] = []
        for column in ctx.columns:
            tp = column.touchpoint
            if tp is None:
                continue
            maker = self._cell_maker(lane, tp, column)
            if maker is not None:
                cells.append((column, maker))
        if not cells:
            return None
        label = words[f"lane.{lane}"]
        label_lines = self._wrap(label, t.header_width - 2 * t.cell_padding, t.body, bold=True)
        top = y + t.cell_padding
        row_height = len(label_lines) * t.body * t.line_height
        parts: list[Element] = []
        for _, maker in cells:
            elements, height = maker(top)
            parts.extend(elements)
            row_height = max(row_height, height)
        total = row_height + 2 * t.cell_padding
        header: list[Element] = [
            Rect(t.margin, y, t.header_width, total, fill=theme.header_fill),
            self._text(
                t.margin + t.cell_padding, top, label_lines, t.body, theme.header_text, bold=True
            ),
            Line(t.margin, y + total, right, y + total, theme.grid, 1.0),
        ]
        return Group((*header, *parts), id=f"lane-{lane}"), total

    def _cell_maker(
        self, lane: str, tp: Touchpoint, column: _Column
    ) -> Callable[[float], tuple[list[Element], float]] | None:
        ctx, t = self.ctx, self.ctx.type
        theme = ctx.theme
        x = column.x + t.cell_padding
        w = column.width - 2 * t.cell_padding
        cell_id = f"tp-{tp.id}-{lane}"

        def card(
            blocks: list[_Block], style: CardStyle, **extra: str
        ) -> Callable[[float], tuple[list[Element], float]]:
            def make(top: float) -> tuple[list[Element], float]:
                group, height = self._card(x, top, w, blocks, style, id=cell_id, **extra)
                return [group], height

            return make

        def items(
            values: Sequence[str], style: CardStyle, marker: str
        ) -> Callable[[float], tuple[list[Element], float]] | None:
            if not values:
                return None
            return card([_Block(v, t.body, style.text, marker=marker) for v in values], style)

        if lane == "touchpoints":
            style = theme.cards["touchpoint"]
            blocks = [_Block(tp.name, t.card_title, style.text, bold=True)]
            if tp.description:
                blocks.append(_Block(tp.description, t.body, style.text))
            meta = self._touchpoint_meta(tp)
            if meta:
                blocks.append(_Block(meta, t.caption, style.text))
            return card(blocks, style, title=self._touchpoint_title(tp, column.phase))
        if lane == "actions":
            if not tp.action:
                return None
            return card(
                [_Block(tp.action, t.body, theme.cards["action"].text)], theme.cards["action"]
            )
        if lane == "channels":
            if tp.channel is None:
                return None
            return self._channel_pill(tp, x, w, cell_id)
        if lane == "evidence":
            return items(tp.evidence, theme.cards["frontstage"], theme.muted)
        if lane == "thoughts":
            style = theme.cards["thoughts"]
            blocks = []
            if tp.feeling:
                blocks.append(_Block(tp.feeling, t.body, style.text, italic=True))
            blocks += [_Block(v, t.body, style.text, marker=theme.neutral) for v in tp.thoughts]
            blocks += [_Block(v, t.body, style.text, marker=theme.positive) for v in tp.motivations]
            doubt_style = theme.cards["doubts"]
            blocks += [
                _Block(v, t.body, doubt_style.text, marker=theme.negative) for v in tp.doubts
            ]
            return card(blocks, style) if blocks else None
        if lane in ("pain_points", "opportunities", "frontstage", "backstage", "support"):
            style = theme.cards[lane]
            marker = {
                "pain_points": theme.negative,
                "opportunities": theme.positive,
            }.get(lane, theme.muted)
            values: tuple[str, ...] = getattr(tp, lane)
            return items(values, style, marker)
        if lane == "metrics":
            if not tp.metrics:
                return None
            return self._metric_cards(tp, column.phase, x, w, cell_id)
        raise AssertionError(lane)  # pragma: no cover - every lane is handled above

    def _touchpoint_meta(self, tp: Touchpoint) -> str:
        parts = []
        if tp.actors:
            names = ", ".join(self.ctx.model.actor(a).name for a in tp.actors)
            parts.append(f"{self.ctx.words['with']} {names}")
        if tp.duration:
            parts.append(tp.duration)
        if tp.owner:
            parts.append(tp.owner)
        return " · ".join(parts)

    def _touchpoint_title(self, tp: Touchpoint, phase: Phase) -> str:
        ctx = self.ctx
        words, model = ctx.words, ctx.model
        channel = words["none"]
        if tp.channel is not None:
            channel = channel_label(model.channel(tp.channel), ctx.locale)
        emotion = words["none"]
        if tp.emotion is not None:
            emotion = (
                f"{format_number(tp.emotion, signed=model.scale.min < 0)}, "
                f"{emotion_word(model.scale, tp.emotion, ctx.locale)}"
            )
        moment = model.moment_of(tp)
        return words["tp_title"].format(
            phase=phase.name,
            name=tp.name,
            channel=channel,
            emotion=emotion,
            moment=words[f"moment.{moment}"] if moment else words["none"],
        )

    def _channel_pill(
        self, tp: Touchpoint, x: float, w: float, cell_id: str
    ) -> Callable[[float], tuple[list[Element], float]]:
        ctx, t = self.ctx, self.ctx.type
        assert tp.channel is not None
        channel = ctx.model.channel(tp.channel)
        style = ctx.theme.cards["channel"]
        name = channel_name(channel.id, channel.name, ctx.locale)
        text = f"{name} · {ctx.words['mode.' + channel.mode]}" if channel.mode else name
        dash = {"offline": "4 3", "hybrid": "1 3"}.get(channel.mode or "")
        pad_x, pad_y = 10.0, 4.0
        lines = self._wrap(text, w - 2 * pad_x, t.caption)
        text_width = max(ctx.measurer.width(line.rstrip(), t.caption) for line in lines)

        def make(top: float) -> tuple[list[Element], float]:
            height = len(lines) * t.caption * t.line_height + 2 * pad_y
            pill_w = min(w, text_width + 2 * pad_x)
            rect = Rect(
                x,
                top,
                pill_w,
                height,
                fill=style.fill,
                stroke=style.stroke,
                stroke_width=1.2,
                rx=min(height / 2, 11),
                dash=dash,
            )
            label = self._text(x + pad_x, top + pad_y, lines, t.caption, style.text)
            return [Group((rect, label), id=cell_id)], height

        return make

    def _metric_cards(
        self, tp: Touchpoint, phase: Phase, x: float, w: float, cell_id: str
    ) -> Callable[[float], tuple[list[Element], float]]:
        metrics = tp.metrics
        where = f"phase {phase.name!r} > touchpoint {tp.name!r}"
        ctx, t = self.ctx, self.ctx.type
        theme, words = ctx.theme, ctx.words
        style = theme.cards["metrics"]

        def make(top: float) -> tuple[list[Element], float]:
            elements: list[Element] = []
            y = top
            for index, metric in enumerate(metrics):
                label = words[f"metric.{metric.kind}"]
                if metric.name:
                    label = metric.name if metric.kind == "custom" else f"{label} · {metric.name}"
                blocks = [
                    _Block(label, t.caption, style.text, bold=True),
                    _Block(
                        _metric_text(metric, metric.value, where, "value"),
                        t.card_title,
                        style.text,
                        bold=True,
                    ),
                ]
                details = []
                if metric.target is not None:
                    target = _metric_text(metric, metric.target, where, "target")
                    details.append(f"{words['target']} {target}")
                if metric.n is not None:
                    details.append(f"n = {_count_text(metric.n, where)}")
                if details:
                    blocks.append(_Block(" · ".join(details), t.caption, style.text))
                status = metric.status()
                if status is not None:
                    color = theme.positive if status == "on target" else theme.negative
                    blocks.append(
                        _Block(
                            words[f"status.{status}"],
                            t.caption,
                            style.text,
                            bold=True,
                            marker=color,
                        )
                    )
                if metric.source:
                    blocks.append(_Block(metric.source, t.caption, style.text, italic=True))
                group, height = self._card(x, y, w, blocks, style, id=f"{cell_id}-{index + 1}")
                elements.append(group)
                y += height + t.item_gap
            return elements, y - top - t.item_gap

        return make

    def _visibility_lane(self, y: float, left: float, right: float) -> tuple[Group, float] | None:
        ctx, t = self.ctx, self.ctx.type
        has_back = any(tp.backstage or tp.support for tp in ctx.model.touchpoints)
        if not has_back:
            return None
        style: LineStyle = ctx.theme.visibility
        label = self._wrap(
            ctx.words["lane.visibility"], t.header_width - 2 * t.cell_padding, t.caption, bold=True
        )
        height = max(26.0, len(label) * t.caption * t.line_height + 10)
        middle = y + height / 2
        elements: list[Element] = [
            Rect(t.margin, y, t.header_width, height, fill=ctx.theme.header_fill),
            self._text(
                t.margin + t.cell_padding,
                middle - len(label) * t.caption * t.line_height / 2,
                label,
                t.caption,
                ctx.theme.header_text,
                bold=True,
            ),
            Line(left, middle, right, middle, style.color, style.width, style.dash),
            Line(t.margin, y + height, right, y + height, ctx.theme.grid, 1.0),
        ]
        return Group(tuple(elements), id="lane-visibility"), height

    # -- the emotion lane ----------------------------------------------------------------

    def _emotion_lane(self, y: float, left: float, right: float) -> tuple[Group, float] | None:
        ctx, t = self.ctx, self.ctx.type
        model, theme, words = ctx.model, ctx.theme, ctx.words
        has_points = any(tp.emotion is not None for tp in model.touchpoints)
        if not has_points and not model.curves:
            return None
        scale = model.scale
        levels = list(range(scale.min, scale.max + 1))
        step = max(1, -(-len(levels) // 11))
        shown = levels[::step] if levels[-1] in levels[::step] else [*levels[::step], levels[-1]]
        lh = t.caption * t.line_height
        label_width = t.header_width - 6 - t.cell_padding
        label_lines = {
            level: self._wrap(self._level_label(level), label_width, t.caption) for level in shown
        }
        title = self._wrap(
            words["lane.emotion"], t.header_width - 2 * t.cell_padding, t.body, bold=True
        )
        title_height = t.cell_padding + len(title) * t.body * t.line_height
        # Room for the title and half of the top label above the plot, half of the bottom
        # label (or a critical moment's caption) below it, and labels that never touch.
        top_pad = max(30.0, title_height + len(label_lines[shown[-1]]) * lh / 2 + 4)
        bottom_pad = max(26.0, len(label_lines[shown[0]]) * lh / 2 + 4)
        tallest = max(len(lines) for lines in label_lines.values()) * lh + 2
        plot_height = max(t.emotion_height, tallest * (len(shown) - 1))
        plot_top = y + top_pad
        plot_bottom = plot_top + plot_height
        total = top_pad + plot_height + bottom_pad

        def y_of(value: float) -> float:
            return plot_bottom - scale.fraction(value) * (plot_bottom - plot_top)

        elements: list[Element] = [
            Rect(t.margin, y, t.header_width, total, fill=theme.header_fill),
            self._text(
                t.margin + t.cell_padding,
                y + t.cell_padding,
                title,
                t.body,
                theme.header_text,
                bold=True,
            ),
        ]
        for level in shown:
            ly = y_of(level)
            is_neutral = level == scale.neutral
            elements.append(
                Line(
                    left,
                    ly,
                    right,
                    ly,
                    theme.grid if not is_neutral else theme.muted,
                    1.4 if is_neutral else 0.8,
                    "5 4" if is_neutral else None,
                )
            )
            lines = label_lines[level]
            elements.append(
                self._text(
                    t.margin + t.header_width - 6,
                    ly - len(lines) * lh / 2,
                    lines,
                    t.caption,
                    theme.header_text,
                    anchor="end",
                )
            )

        points: list[tuple[_Column, float, float]] = []
        for column in ctx.columns:
            tp = column.touchpoint
            if tp is not None and tp.emotion is not None:
                points.append((column, column.center, y_of(tp.emotion)))
        for curve in model.curves:
            style = theme.curves[curve.source]
            runs = self._runs(
                [
                    (c.center, y_of(v))
                    if (v := curve.value_at(c.touchpoint.id)) is not None
                    else None
                    for c in ctx.columns
                    if c.touchpoint is not None
                ]
            )
            parts: list[Element] = [
                Path(self._path(run), stroke=style.color, width=style.width, dash=style.dash)
                for run in runs
            ]
            for run in runs:
                parts.extend(Circle(px, py, 2.6, fill=style.color) for px, py in run)
            elements.append(Group(tuple(parts), id=f"curve-{curve.id}", title=curve.name))
        main_runs = self._runs(
            [
                (c.center, y_of(c.touchpoint.emotion)) if c.touchpoint.emotion is not None else None
                for c in ctx.columns
                if c.touchpoint is not None
            ]
        )
        style = theme.curve
        elements.extend(
            Path(self._path(run), stroke=style.color, width=style.width, dash=style.dash)
            for run in main_runs
        )
        for column, px, py in points:
            tp = column.touchpoint
            assert tp is not None
            assert tp.emotion is not None
            moment = model.moment_of(tp)
            marker: list[Element]
            if moment == "critical":
                r = 7.0
                marker = [_valence_marker("critical", px, py, theme)]
                label = words["moment.critical"]
                below = py + r + 4 + t.caption <= plot_bottom + bottom_pad - 4
                ty = py + r + 3 if below else py - r - 3 - t.caption * t.line_height
                marker.append(
                    self._text(
                        px, ty, [label], t.caption, theme.critical, bold=True, anchor="middle"
                    )
                )
            else:
                marker = [_valence_marker(scale.valence(tp.emotion), px, py, theme)]
            elements.append(
                Group(
                    tuple(marker),
                    id=f"tp-{tp.id}-emotion",
                    title=self._touchpoint_title(tp, column.phase),
                )
            )
        elements.append(Line(t.margin, y + total, right, y + total, theme.grid, 1.0))
        return Group(tuple(elements), id="lane-emotion"), total

    @staticmethod
    def _runs(
        points: Sequence[tuple[float, float] | None],
    ) -> list[list[tuple[float, float]]]:
        runs: list[list[tuple[float, float]]] = [[]]
        for point in points:
            if point is None:
                if runs[-1]:
                    runs.append([])
            else:
                runs[-1].append(point)
        return [run for run in runs if run]

    def _path(self, run: Sequence[tuple[float, float]]) -> tuple[PathCommand, ...]:
        commands: list[PathCommand] = [("M", run[0])]
        if len(run) == 1:
            return (*commands, ("L", run[0]))
        if self.ctx.curve == "straight":
            commands.extend(("L", point) for point in run[1:])
        else:
            for cubic in monotone_cubics(run):
                commands.append(("C", (*cubic.control1, *cubic.control2, *cubic.end)))
        return tuple(commands)

    # -- legend ---------------------------------------------------------------------------

    def _legend(self, x: float, y: float, width: float) -> tuple[Group | None, float]:
        ctx, t = self.ctx, self.ctx.type
        model, theme, words = ctx.model, ctx.theme, ctx.words
        if not any(tp.emotion is not None for tp in model.touchpoints) and not model.curves:
            return None, y
        scale = model.scale
        signed = scale.min < 0
        # (text, icon drawer, icon width)
        entries: list[tuple[str, Callable[[float, float], list[Element]], float]] = []

        def shape(valence: str) -> Callable[[float, float], list[Element]]:
            return lambda ex, ey: [_valence_marker(valence, ex + 7, ey, theme, outline=False)]

        def sample(style: LineStyle) -> Callable[[float, float], list[Element]]:
            return lambda ex, ey: [Line(ex, ey, ex + 28, ey, style.color, style.width, style.dash)]

        low, high = (
            f"{format_number(v, signed=signed)} {emotion_word(scale, v, ctx.locale)}"
            for v in (scale.min, scale.max)
        )
        entries.append((f"{words['scale']}: {low} … {high}", lambda ex, ey: [], 0.0))
        for moment in ("positive", "neutral", "negative", "critical"):
            entries.append((words[f"moment.{moment}"], shape(moment), 20.0))
        entries.append((words["curve.main"], sample(theme.curve), 36.0))
        for curve in model.curves:
            text = f"{curve.name} ({words['source.' + curve.source]}"
            text += f", n = {curve.n})" if curve.n is not None else ")"
            entries.append((text, sample(theme.curves[curve.source]), 36.0))

        children: list[Element] = [
            self._text(x, y, [words["legend"]], t.body, theme.text, bold=True)
        ]
        lh = t.caption * t.line_height
        row_y = y + t.body * t.line_height + 8
        cursor = x
        row_lines = 1
        for text, symbol, icon in entries:
            lines = self._wrap(text, max(width - icon, 40.0), t.caption)
            text_width = max(ctx.measurer.width(line.rstrip(), t.caption) for line in lines)
            entry_width = icon + text_width + 22
            if cursor > x and cursor + entry_width > x + width:
                cursor = x
                row_y += row_lines * lh + 6
                row_lines = 1
            children.extend(symbol(cursor, row_y + lh / 2))
            children.append(self._text(cursor + icon, row_y, lines, t.caption, theme.text))
            row_lines = max(row_lines, len(lines))
            cursor += entry_width
        bottom = row_y + row_lines * lh
        return Group(tuple(children), id="legend"), bottom

    # -- text and cards -------------------------------------------------------------------

    def _wrap(
        self, text: str, width: float, size: float, *, bold: bool = False, italic: bool = False
    ) -> list[str]:
        return wrap(text, width, size, self.ctx.measurer, bold=bold, italic=italic) or [""]

    def _text(
        self,
        x: float,
        top: float,
        lines: Sequence[str],
        size: float,
        color: str,
        *,
        bold: bool = False,
        italic: bool = False,
        anchor: Literal["start", "middle", "end"] = "start",
    ) -> Text:
        """Text whose first line box starts at ``top``."""
        lh = self.ctx.type.line_height
        ascent, descent = self.ctx.measurer.ascent, self.ctx.measurer.descent
        # The glyph box (ascent + descent) sits in the middle of the first line box.
        baseline = top + size * (lh - ascent - descent) / 2 + size * ascent
        return Text(
            x,
            baseline,
            tuple(lines),
            size,
            color,
            bold=bold,
            italic=italic,
            line_height=lh,
            anchor=anchor,
        )

    def _blocks(
        self, x: float, y: float, width: float, blocks: Sequence[_Block], out: list[Element]
    ) -> float:
        """Stack text blocks from ``y`` down; append them to ``out``; return their height."""
        t = self.ctx.type
        cursor = y
        for index, block in enumerate(blocks):
            indent = 12.0 if block.marker else 0.0
            lines = self._wrap(
                block.text, width - indent, block.size, bold=block.bold, italic=block.italic
            )
            if block.marker:
                r = 2.6
                cy = cursor + block.size * t.line_height / 2
                out.append(Circle(x + r + 1, cy, r, fill=block.marker))
            out.append(
                self._text(
                    x + indent,
                    cursor,
                    lines,
                    block.size,
                    block.color,
                    bold=block.bold,
                    italic=block.italic,
                )
            )
            cursor += len(lines) * block.size * t.line_height
            if index < len(blocks) - 1:
                cursor += t.item_gap
        return cursor - y

    def _card(
        self,
        x: float,
        y: float,
        width: float,
        blocks: Sequence[_Block],
        style: CardStyle,
        *,
        id: str,
        title: str | None = None,
    ) -> tuple[Group, float]:
        t = self.ctx.type
        pad = t.card_padding
        inner: list[Element] = []
        height = self._blocks(x + pad, y + pad, width - 2 * pad, blocks, inner) + 2 * pad
        rect = Rect(
            x,
            y,
            width,
            height,
            fill=style.fill,
            stroke=style.stroke,
            stroke_width=1.0,
            rx=self.ctx.theme.corner_radius,
            dash=style.dash,
        )
        return Group((rect, *inner), id=id, title=title), height


def _metric_text(metric: Metric, value: float, where: str, field: str) -> str:
    """A metric's number as text, or a located error for one no float can hold."""
    try:
        return metric_value(metric, value)
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


def _valence_marker(
    valence: str, x: float, y: float, theme: Theme, *, outline: bool = True
) -> Element:
    """A point of the curve: the shape tells its valence even without colour.

    Positive is a triangle pointing up, negative one pointing down, neutral a circle and
    critical a larger diamond.
    """
    stroke = theme.background if outline else None
    width = 1.5 if outline else 0.0
    if valence == "critical":
        r = 7.0
        return Polygon(
            ((x, y - r), (x + r, y), (x, y + r), (x - r, y)),
            fill=theme.critical,
            stroke=stroke,
            stroke_width=width,
        )
    if valence == "positive":
        r = 6.0
        return Polygon(
            ((x, y - r), (x + r * 0.9, y + r * 0.6), (x - r * 0.9, y + r * 0.6)),
            fill=theme.positive,
            stroke=stroke,
            stroke_width=width,
        )
    if valence == "negative":
        r = 6.0
        return Polygon(
            ((x, y + r), (x + r * 0.9, y - r * 0.6), (x - r * 0.9, y - r * 0.6)),
            fill=theme.negative,
            stroke=stroke,
            stroke_width=width,
        )
    return Circle(x, y, 5.0, fill=theme.neutral, stroke=stroke, stroke_width=width)
