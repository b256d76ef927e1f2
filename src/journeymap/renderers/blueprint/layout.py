"""Lay a journey map out as a service blueprint :class:`~journeymap.renderers.svg.scene.Scene`.

The columns are the map's: the same phase bands, tints and touchpoint columns
(:mod:`journeymap.renderers.svg.grid`), under the same header. The rows are
:data:`~journeymap.renderers.blueprint.rows.ROWS`, top to bottom, then (with
``actors=True``) one row per actor of the map, grouped by role. Every row is measured
before any is placed, so each grows to its tallest card; then the arrows are drawn
between the placed cards (:mod:`journeymap.renderers.blueprint.arrows`).

Ids are local to the blueprint and drawing puts the prefix and ``-`` before each, as
for the map. Besides the map's ``title``, ``desc``, ``header``, ``phases``, ``tints``,
``legend`` and ``phase-<phase id>``:

* ``lane-<row>`` for a row of cards and ``line-<row>`` for a line (``interaction``,
  ``visibility``, ``internal``); ``lane-actor-<n>`` for the row of the map's n-th actor
  (from 1);
* ``tp-<touchpoint id>-<row>`` for a card, ``actor-<n>-tp-<touchpoint id>`` for an
  actor's card;
* ``handoff-<touchpoint id>-<upper row>-<lower row>`` for an arrow in a column (whichever
  way it points), ``step-<touchpoint id>-<row>`` for the arrow leaving a card along its
  row, and ``channel-<touchpoint id>`` for the channel on the line of interaction.

Example:
    >>> from journeymap import Journey
    >>> m = (Journey("Tiny").phase("Buy")
    ...      .touchpoint("Calls", channel="phone", frontstage=["Agent answers"]).build())
    >>> scene = layout_blueprint(m, id_prefix="bp")
    >>> [g.id for g in scene.children if g.id and g.id.startswith(("lane-", "line-"))]
    ['lane-actions', 'line-interaction', 'lane-frontstage', 'line-visibility', \
'lane-backstage', 'line-internal', 'lane-support']
    >>> [g.id for g in scene.children if g.id and g.id.startswith("handoff-")]
    ['handoff-calls-actions-frontstage']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import get_args

from journeymap.errors import JourneyMapError
from journeymap.i18n import Words
from journeymap.model import JourneyMap
from journeymap.renderers.blueprint.arrows import arrow, initiator_row, points_down
from journeymap.renderers.blueprint.cells import Cell, customer_card, item_card, step_card
from journeymap.renderers.blueprint.legend import blueprint_legend
from journeymap.renderers.blueprint.rows import ROLE_ORDER, ROLE_ROWS, ROWS, Row
from journeymap.renderers.options import (
    COLUMN_WIDTH_RANGE,
    bool_option,
    choice_option,
    number_option,
)
from journeymap.renderers.svg.cards import text_at, wrap_text
from journeymap.renderers.svg.context import Column, Context, HeaderStyle
from journeymap.renderers.svg.grid import grid_right, phase_bands, phase_tints, place_columns
from journeymap.renderers.svg.header import header
from journeymap.renderers.svg.lane_drawers import labelled_line, lane_frame
from journeymap.renderers.svg.look import resolve_look, scene_id
from journeymap.renderers.svg.scene import Element, Group, Scene
from journeymap.renderers.svg.sizes import Typography
from journeymap.text import FONT_STACK, Measurer, default_measurer
from journeymap.themes import Theme

__all__ = ["layout_blueprint"]

#: The lanes of the map a blueprint shows (its content rows and the visibility line).
_LANES = tuple(row.key for row in ROWS if row.lane is not None)
#: The width of an arrow's shaft: between rows, and along a row.
_HANDOFF_WIDTH = 1.4
_STEP_WIDTH = 1.0
#: The gap between an arrow's shaft and the channel written beside it.
_LABEL_GAP = 5.0


@dataclass
class _Band:
    """A measured row: its height, its cards by column index, and how to draw it."""

    key: str
    height: float
    cells: dict[int, Cell] = field(default_factory=dict)
    draw: Callable[[float], list[Element]] = lambda y: []
    top: float = 0.0


def layout_blueprint(
    model: JourneyMap,
    *,
    theme: str | Theme = "default",
    locale: str | Words | None = None,
    actors: bool = False,
    column_width: float = 180.0,
    legend: bool = True,
    header: HeaderStyle = "full",
    measurer: Measurer | None = None,
    typography: Typography | None = None,
    id_prefix: str | None = None,
) -> Scene:
    """Compute the scene of a service blueprint.

    Args:
        model: The map.
        theme: A theme name (``default``, ``dark``, ``print``), a theme file or a
            :class:`Theme`.
        locale: Language of row names and words, or its :class:`~journeymap.i18n.Words`;
            default the map's locale.
        actors: Add one row per actor, grouped by role, with the touchpoints each takes
            part in.
        column_width: Width of a touchpoint column in px (80 to 1000); columns widen
            when a word needs it.
        legend: Whether to draw the legend at the bottom.
        header: ``full`` (title, persona and context) or ``title`` (the title line only).
        measurer: Text measurer; default the checked-in Liberation Sans table.
        typography: Sizes and spacing.
        id_prefix: The scene's id, which drawing puts before every other id; default
            ``jm-`` and 8 hex digits derived from the map and these options.

    Returns:
        The scene.

    Raises:
        JourneyMapError: For something that is not a map, or a bad option value.
    """
    if not isinstance(model, JourneyMap):
        raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
    low, high = COLUMN_WIDTH_RANGE
    width = number_option("blueprint", "column_width", column_width, low=low, high=high, unit="px")
    show_legend = bool_option("blueprint", "legend", legend)
    show_actors = bool_option("blueprint", "actors", actors)
    header_style = choice_option("blueprint", "header", header, get_args(HeaderStyle))
    words, resolved, sizes = resolve_look("blueprint", model, theme, locale, typography)
    prefix = scene_id(
        "blueprint",
        model,
        id_prefix,
        {
            "theme": repr(resolved),
            "locale": words.locale,
            "actors": show_actors,
            "column_width": width,
            "legend": show_legend,
            "header": header_style,
            "typography": repr(sizes),
        },
    )
    text_measurer = measurer or default_measurer()
    ctx = Context(
        model=model,
        theme=resolved,
        measurer=text_measurer,
        type=sizes,
        words=words,
        curve="smooth",
        lanes=_LANES,
        columns=place_columns(model, text_measurer, sizes, width),
    )
    return _scene(ctx, prefix, show_actors, show_legend, header_style == "full")


def _scene(ctx: Context, prefix: str, actors: bool, show_legend: bool, context: bool) -> Scene:
    t, space = ctx.type, ctx.space
    right = grid_right(ctx)
    width = right + t.margin
    inner = width - 2 * t.margin
    head, y = header(ctx, t.margin, t.margin, inner, context=context)
    y += space.header_gap
    band_top = y
    bands_group, y = phase_bands(ctx, y)
    bands = [band for row in ROWS if (band := _measure(ctx, row, right)) is not None]
    if actors:
        bands += _actor_bands(ctx, right)
    rows: list[Element] = []
    for band in bands:
        band.top = y
        rows.extend(band.draw(y))
        y += band.height
    tints = phase_tints(ctx, band_top, y)
    arrows = _handoffs(ctx, bands) + _steps(ctx, bands)
    elements: list[Element] = [head, tints, bands_group, *rows, *arrows]
    if show_legend:
        group, y = blueprint_legend(ctx, t.margin, y + space.legend_gap, inner, arrows)
        if group is not None:
            elements.append(group)
    return Scene(
        width=width,
        height=y + t.margin,
        title=ctx.model.title,
        desc=_description(ctx),
        background=ctx.theme.background,
        font_family=FONT_STACK,
        children=tuple(elements),
        id=prefix,
    )


def _description(ctx: Context) -> str:
    model, words = ctx.model, ctx.words
    key = "blueprint.desc" if model.persona else "blueprint.desc_no_persona"
    return words[key].format(
        persona=model.persona.name if model.persona else "",
        phases=words.count("phases", len(model.phases)),
        touchpoints=words.count("touchpoints", len(model.touchpoints)),
    )


def _touchpoint_columns(ctx: Context) -> list[tuple[int, Column]]:
    return [(i, c) for i, c in enumerate(ctx.columns) if c.touchpoint is not None]


def _measure(ctx: Context, row: Row, right: float) -> _Band | None:
    """A row measured: a line, or a row of cards (``None`` when empty and optional)."""
    if row.line:
        return _line(ctx, row, right)
    cells: dict[int, Cell] = {}
    lane = row.lane
    assert lane is not None
    for index, column in _touchpoint_columns(ctx):
        cell = (
            customer_card(ctx, column)
            if row.key == "actions"
            else item_card(ctx, column, row.key, lane.fields)
        )
        if cell is not None:
            cells[index] = cell
    if not cells and not row.always:
        return None
    return _card_row(ctx, f"lane-{row.key}", row.key, row.label(ctx.words), cells, right)


def _card_row(
    ctx: Context, group_id: str, key: str, label_text: str, cells: dict[int, Cell], right: float
) -> _Band:
    t = ctx.type
    label = wrap_text(ctx, label_text, t.header_width - 2 * t.cell_padding, t.body, bold=True)
    tallest = max((cell.height for cell in cells.values()), default=0.0)
    height = max(len(label) * t.body * t.line_height, tallest) + 2 * t.cell_padding

    def draw(y: float) -> list[Element]:
        top = y + t.cell_padding
        parts = lane_frame(ctx, y, height, right, label, top)
        for index in sorted(cells):
            parts.extend(cells[index].place.place(top))
        return [Group(tuple(parts), id=group_id)]

    return _Band(key, height, cells, draw)


def _channel_label(ctx: Context, column: Column) -> list[str]:
    """The channel of the column's touchpoint, wrapped beside the arrow; empty if none."""
    tp = column.touchpoint
    if tp is None or tp.channel is None:
        return []
    t = ctx.type
    channel = ctx.model.channel(tp.channel)
    name = ctx.words.channel_name(channel.id, channel.name)
    room = column.width / 2 - t.cell_padding - _LABEL_GAP
    return wrap_text(ctx, name, room, t.caption)


def _line(ctx: Context, row: Row, right: float) -> _Band:
    """A labelled line across the grid; the line of interaction carries the channels."""
    t, space, theme = ctx.type, ctx.space, ctx.theme
    style = theme.visibility
    label = wrap_text(
        ctx, row.label(ctx.words), t.header_width - 2 * t.cell_padding, t.caption, bold=True
    )
    label_height = len(label) * t.caption * t.line_height
    channels: dict[int, list[str]] = {}
    if row.key == "interaction":
        for index, column in _touchpoint_columns(ctx):
            lines = _channel_label(ctx, column)
            if lines:
                channels[index] = lines
    # A channel sits on the line, its last line's baseline just above it, so the line
    # never runs through its text however many lines it wraps to.
    above = max((len(lines) * t.caption * t.line_height for lines in channels.values()), default=0)
    height = max(
        space.visibility_min_height,
        label_height + space.visibility_padding,
        2 * (above + _LABEL_GAP) + space.visibility_padding,
    )

    def draw(y: float) -> list[Element]:
        middle = y + height / 2
        parts = labelled_line(ctx, label, y, height, right, style.color, style.width, row.dash)
        groups: list[Element] = [Group(tuple(parts), id=f"line-{row.key}")]
        for index, lines in channels.items():
            column = ctx.columns[index]
            assert column.touchpoint is not None
            top = middle - _LABEL_GAP / 2 - len(lines) * t.caption * t.line_height
            text = text_at(
                ctx, column.center + _LABEL_GAP, top, lines, t.caption, theme.text, halo=True
            )
            groups.append(Group((text,), id=f"channel-{column.touchpoint.id}"))
        return groups

    return _Band(row.key, height, {}, draw)


def _actor_bands(ctx: Context, right: float) -> list[_Band]:
    """One row per actor taking part in some touchpoint, grouped by role."""
    model, words = ctx.model, ctx.words
    numbered = list(enumerate(model.actors, start=1))
    bands: list[_Band] = []
    for role in ROLE_ORDER:
        for number, actor in numbered:
            if actor.role != role:
                continue
            cells: dict[int, Cell] = {}
            for index, column in _touchpoint_columns(ctx):
                assert column.touchpoint is not None
                if actor.id in column.touchpoint.actors:
                    cell_id = f"actor-{number}-tp-{column.touchpoint.id}"
                    style = "action" if role == "customer" else ROLE_ROWS[role]
                    cells[index] = step_card(ctx, column, style, cell_id)
            if not cells:
                continue
            label = f"{actor.name} ({words[f'role.{role}']})"
            bands.append(_card_row(ctx, f"lane-actor-{number}", "", label, cells, right))
    return bands


def _handoffs(ctx: Context, bands: list[_Band]) -> list[Element]:
    """The arrows joining a column's cards in the rows someone acts in."""
    theme = ctx.theme
    acting = [band for band in bands if any(row.key == band.key and row.actor for row in ROWS)]
    out: list[Element] = []
    for index, column in _touchpoint_columns(ctx):
        tp = column.touchpoint
        assert tp is not None
        present = [band for band in acting if index in band.cells]
        start = initiator_row(ctx.model, tp)
        for upper, lower in pairwise(present):
            a = upper.cells[index]
            x = column.center
            bottom = upper.top + ctx.type.cell_padding + a.height
            top = lower.top + ctx.type.cell_padding
            ends = ((x, bottom), (x, top))
            if not points_down(start, lower.key):
                ends = ends[::-1]
            shaft, head = arrow(*ends, theme.text, _HANDOFF_WIDTH)
            source, target = (upper, lower) if ends[0][1] < ends[1][1] else (lower, upper)
            # The channel is the medium of the interaction, across its line only.
            channel = tp.channel if upper.key == "actions" else None
            out.append(
                Group(
                    (shaft, head),
                    id=f"handoff-{tp.id}-{upper.key}-{lower.key}",
                    title=_handoff_title(ctx, source.key, target.key, channel),
                )
            )
    return out


def _row_label(ctx: Context, key: str) -> str:
    return next(row.label(ctx.words) for row in ROWS if row.key == key)


def _handoff_title(ctx: Context, source: str, target: str, channel_id: str | None) -> str:
    words = ctx.words
    text = f"{_row_label(ctx, source)} → {_row_label(ctx, target)}"
    if channel_id is not None:
        channel = ctx.model.channel(channel_id)
        text += f" ({words.channel_name(channel.id, channel.name)})"
    return text


def _steps(ctx: Context, bands: list[_Band]) -> list[Element]:
    """The arrows from each card to the next card of its row, left to right.

    Only in the rows someone acts in: physical evidence is not a step, and an actor's
    row shows where the actor takes part, which its handoffs already join.
    """
    out: list[Element] = []
    pad = ctx.type.cell_padding
    acting = {row.key for row in ROWS if row.actor}
    for band in bands:
        if band.key not in acting:
            continue  # evidence is no step; an actor's row shows where it takes part
        indices = sorted(band.cells)
        for left, right in pairwise(indices):
            a, b = band.cells[left], band.cells[right]
            y = band.top + pad + min(a.height, b.height) / 2
            shaft, head = arrow((a.x + a.width, y), (b.x, y), ctx.theme.muted, _STEP_WIDTH)
            tp = ctx.columns[left].touchpoint
            assert tp is not None
            after = ctx.columns[right].touchpoint
            assert after is not None
            title = f"{_row_label(ctx, band.key)}: {tp.name} → {after.name}"
            out.append(Group((shaft, head), id=f"step-{tp.id}-{band.key}", title=title))
    return out
