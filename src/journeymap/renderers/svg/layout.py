"""Lay a journey map out as a swimlane :class:`~journeymap.renderers.svg.scene.Scene`.

Columns are touchpoints grouped under coloured phase bands; rows are the chosen lanes
(:mod:`journeymap.lanes`), each with a header cell on the left. Every piece of text is
wrapped with the text measurer and every row grows to its tallest cell, so nothing
overflows or overlaps. This module checks the options and stacks the parts; each part
has a module of its own:

* :mod:`~journeymap.renderers.svg.sizes`: font sizes, paddings, gaps (``Typography``,
  ``Spacing``);
* :mod:`~journeymap.renderers.svg.context`: the map, options and columns every part reads;
* :mod:`~journeymap.renderers.svg.grid`: columns, phase bands and tints;
* :mod:`~journeymap.renderers.svg.header`: title, subtitle, persona and information;
* :mod:`~journeymap.renderers.svg.lane_drawers`: one drawer per kind of lane, measured
  then placed; :mod:`~journeymap.renderers.svg.emotion`: the emotion chart;
* :mod:`~journeymap.renderers.svg.cards`: text wrapping and cards;
* :mod:`~journeymap.renderers.svg.glyphs`: valence markers and item-kind glyphs;
* :mod:`~journeymap.renderers.svg.legend`: the legend.

The layout is a pure function of the map, the options and the measurer: nothing is
drawn, read or cached between calls.

Ids in the scene are local to the map; drawing puts the map's prefix (the scene's ``id``)
and ``-`` before each. Every local id starts with a kind word that tells its shape, so
an id made from a model id can never equal another one:

* made by the layout alone: ``title``, ``desc``, ``header``, ``persona``, ``phases``,
  ``tints``, ``legend``, and ``lane-<lane>`` for a lane of :mod:`journeymap.lanes`;
* made from model ids: ``phase-<phase id>``, ``curve-<curve id>``,
  ``tp-<touchpoint id>-<lane>`` (lane names hold no ``-``, so the id is whatever lies
  between ``tp-`` and the last ``-``; a touchpoint's doubts drawn in the thoughts lane
  are ``tp-<touchpoint id>-doubts``) and ``tp-<touchpoint id>-metrics-<n>`` (``n`` is
  a number, which no lane name is).

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny").phase("Buy").touchpoint("Pays", channel="web", emotion=-1).build()
    >>> scene = layout(m)
    >>> scene.title, scene.width > 0 and scene.height > 0
    ('Tiny', True)
    >>> layout(m, id_prefix="tiny").id
    'tiny'
    >>> [g.id for g in layout(m, lanes="compact").children if g.id.startswith("lane-")]
    ['lane-touchpoints', 'lane-channels', 'lane-emotion']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import get_args

from journeymap.errors import JourneyMapError
from journeymap.i18n import Words
from journeymap.lanes import fields_by_lane, get_lane, resolve_lanes
from journeymap.model import JourneyMap
from journeymap.renderers.options import (
    COLUMN_WIDTH_RANGE,
    bool_option,
    choice_option,
    names_option,
    number_option,
    option_error,
    suggest,
)
from journeymap.renderers.svg.context import Context, CurveStyle, HeaderStyle
from journeymap.renderers.svg.emotion import fit_header_width
from journeymap.renderers.svg.grid import grid_right, phase_bands, phase_tints, place_columns
from journeymap.renderers.svg.header import description, header
from journeymap.renderers.svg.lane_drawers import drawer_for
from journeymap.renderers.svg.legend import legend as draw_legend
from journeymap.renderers.svg.look import resolve_look, scene_id
from journeymap.renderers.svg.scene import Element, Scene
from journeymap.renderers.svg.sizes import Spacing, Typography
from journeymap.text import FONT_STACK, Measurer, default_measurer
from journeymap.themes import Theme

__all__ = ["COLUMN_WIDTH_RANGE", "CurveStyle", "HeaderStyle", "Spacing", "Typography", "layout"]


def layout(
    model: JourneyMap,
    *,
    theme: str | Theme = "default",
    locale: str | Words | None = None,
    lanes: str | Sequence[str] | None = None,
    curve: CurveStyle = "smooth",
    column_width: float = 180.0,
    legend: bool = True,
    phases: Sequence[str] | None = None,
    header: HeaderStyle = "full",
    measurer: Measurer | None = None,
    typography: Typography | None = None,
    id_prefix: str | None = None,
) -> Scene:
    """Compute the scene of a swimlane map.

    Args:
        model: The map.
        theme: A theme name (``default``, ``dark``, ``print``), a theme file or a
            :class:`Theme`.
        locale: Language of lane names, words and numbers, or its
            :class:`~journeymap.i18n.Words`; default the map's locale.
        lanes: Which lanes to show, in order: a preset (``full``, the default, or
            ``compact``), lane keys, or one comma-separated string (see
            :func:`journeymap.lanes.resolve_lanes`). Empty lanes are hidden either way.
        curve: ``smooth`` (monotone, never overshooting) or ``straight`` segments.
        column_width: Width of a touchpoint column in px (see
            :data:`COLUMN_WIDTH_RANGE`); columns widen when a word needs it.
        legend: Whether to draw the legend at the bottom.
        phases: Draw only these phases, by id or name (in the map's order); critical
            moments, gaps and curves' values are still judged on the whole map.
        header: ``full`` (title, persona and context) or ``title`` (the title line only).
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
    chosen = resolve_lanes(lanes)
    if not isinstance(curve, str) or curve not in ("smooth", "straight"):
        raise JourneyMapError(f"unknown curve style {curve!r}; allowed: smooth, straight")
    low, high = COLUMN_WIDTH_RANGE
    width = number_option("svg", "column_width", column_width, low=low, high=high, unit="px")
    show_legend = bool_option("svg", "legend", legend)
    drawn = _phase_indices(model, phases)
    header_style = choice_option("svg", "header", header, get_args(HeaderStyle))
    words, resolved, sizes = resolve_look("svg", model, theme, locale, typography)
    prefix = scene_id(
        "svg",
        model,
        id_prefix,
        {
            "theme": repr(resolved),
            "locale": words.locale,
            "lanes": list(chosen),
            "curve": curve,
            "column_width": width,
            "legend": show_legend,
            "phases": None if drawn is None else sorted(drawn),
            "header": header_style,
            "typography": repr(sizes),
        },
    )
    text_measurer = measurer or default_measurer()
    if "emotion" in chosen:
        sizes = fit_header_width(model, text_measurer, sizes, words)
    ctx = Context(
        model=model,
        theme=resolved,
        measurer=text_measurer,
        type=sizes,
        words=words,
        curve=curve,
        lanes=chosen,
        columns=place_columns(model, text_measurer, sizes, width, drawn),
    )
    return replace(_scene(ctx, show_legend, header_style == "full"), id=prefix)


def _phase_indices(model: JourneyMap, phases: Sequence[str] | None) -> frozenset[int] | None:
    """The indices of the phases named by id or name; ``None`` for every phase.

    Raises:
        JourneyMapError: For a name that is no phase's id or name (with the nearest and
            the allowed ids), or an empty choice.
    """
    names = names_option("svg", "phases", phases)
    if names is None:
        return None
    by_name: dict[str, int] = {}
    for index, phase in enumerate(model.phases):
        by_name.setdefault(phase.id, index)
        by_name.setdefault(phase.name, index)
    found: set[int] = set()
    for name in names:
        if name not in by_name:
            ids = [phase.id for phase in model.phases]
            raise option_error(
                "svg",
                "phases",
                f"no phase has the id or name {name!r}; {suggest(name, by_name)}"
                f"allowed: {', '.join(ids) or 'none (the map has no phases)'}",
            )
        found.add(by_name[name])
    return frozenset(found)


def _scene(ctx: Context, show_legend: bool, context: bool = True) -> Scene:
    """Stack header, phase bands, lanes and legend from the top down."""
    t, space = ctx.type, ctx.space
    right = grid_right(ctx)
    width = right + t.margin
    inner = width - 2 * t.margin
    head, y = header(ctx, t.margin, t.margin, inner, context=context)
    y += space.header_gap
    band_top = y
    bands, y = phase_bands(ctx, y)
    fields = fields_by_lane(ctx.lanes)
    lane_groups: list[Element] = []
    for key in ctx.lanes:
        lane = get_lane(key)
        measured = drawer_for(key).measure(ctx, lane, fields[key], right)
        if measured is not None:
            lane_groups.extend(measured.place(y))
            y += measured.height
    tints = phase_tints(ctx, band_top, y)
    elements: list[Element] = [head, tints, bands, *lane_groups]
    if show_legend:
        group, y = draw_legend(ctx, t.margin, y + space.legend_gap, inner, fields)
        if group is not None:
            elements.append(group)
    return Scene(
        width=width,
        height=y + t.margin,
        title=ctx.model.title,
        desc=description(ctx),
        background=ctx.theme.background,
        font_family=FONT_STACK,
        children=tuple(elements),
    )
