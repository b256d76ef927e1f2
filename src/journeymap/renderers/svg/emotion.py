"""The emotion lane of the SVG map: level lines and labels, curves and moment markers.

Each level of the map's scale gets a line (the neutral one dashed) and a label in the
lane's header column, a number and its word (long scales label every second or third
level). The touchpoints' emotions make the main curve, comparison curves are drawn
under it, and each touchpoint gets a marker whose shape tells its valence
(:func:`~journeymap.renderers.svg.glyphs.valence_marker`); a critical moment is captioned.
Curves are monotone cubics (never overshooting a level) or straight segments, and break
where a touchpoint has no value.

Example:
    >>> runs([(0.0, 1.0), None, (2.0, 3.0), (4.0, 5.0)])
    [[(0.0, 1.0)], [(2.0, 3.0), (4.0, 5.0)]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal

from journeymap.i18n import Words
from journeymap.lanes import Lane
from journeymap.model import CurvePoint, JourneyMap, Touchpoint
from journeymap.renderers.svg.cards import Measured, text_at, wrap_text
from journeymap.renderers.svg.context import Column, Context, CurveStyle
from journeymap.renderers.svg.curve import monotone_cubics
from journeymap.renderers.svg.glyphs import valence_marker
from journeymap.renderers.svg.scene import (
    Circle,
    Element,
    Group,
    Line,
    Path,
    PathCommand,
    Rect,
    Text,
)
from journeymap.renderers.svg.sizes import Typography
from journeymap.renderers.svg.titles import level_label
from journeymap.text import Measurer

__all__ = ["EmotionChart", "fit_header_width", "path", "runs"]


def fit_header_width(
    model: JourneyMap, measurer: Measurer, sizes: Typography, words: Words
) -> Typography:
    """Typography whose lane-header column fits the level labels (up to its cap)."""
    scale, space = model.scale, sizes.spacing
    widest = max(
        measurer.width(level_label(scale, level, words), sizes.caption)
        for level in range(scale.min, scale.max + 1)
    )
    needed = widest + space.level_label_gap + sizes.cell_padding + space.label_slack
    if needed > sizes.header_width:
        return replace(sizes, header_width=min(needed, space.header_width_max))
    return sizes


def runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split points into runs at each ``None`` (a touchpoint without a value)."""
    found: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if found[-1]:
                found.append([])
        else:
            found[-1].append(point)
    return [run for run in found if run]


def path(run: Sequence[tuple[float, float]], curve: CurveStyle) -> tuple[PathCommand, ...]:
    """The path through one run: monotone cubics or straight segments."""
    commands: list[PathCommand] = [("M", run[0])]
    if len(run) == 1:
        return (*commands, ("L", run[0]))
    if curve == "straight":
        commands.extend(("L", point) for point in run[1:])
    else:
        for cubic in monotone_cubics(run):
            commands.append(("C", (*cubic.control1, *cubic.control2, *cubic.end)))
    return tuple(commands)


class EmotionChart:
    """The emotion lane: measured from the scale's labels, placed at any top."""

    def measure(
        self, ctx: Context, lane: Lane, fields: tuple[str, ...], right: float
    ) -> Measured | None:
        """The chart's height and placer; ``None`` for a map without emotions or curves."""
        t, space, model = ctx.type, ctx.space, ctx.model
        has_points = any(tp.emotion is not None for tp in model.touchpoints)
        if not has_points and not model.curves:
            return None
        scale = model.scale
        levels = list(range(scale.min, scale.max + 1))
        step = max(1, -(-len(levels) // space.emotion_max_levels))
        shown = levels[::step] if levels[-1] in levels[::step] else [*levels[::step], levels[-1]]
        lh = t.caption * t.line_height
        label_width = t.header_width - space.level_label_gap - t.cell_padding
        labels = {
            level: wrap_text(ctx, level_label(scale, level, ctx.words), label_width, t.caption)
            for level in shown
        }
        title = wrap_text(
            ctx, ctx.words.lane(lane.key), t.header_width - 2 * t.cell_padding, t.body, bold=True
        )
        title_height = t.cell_padding + len(title) * t.body * t.line_height
        clear = space.emotion_label_clearance
        # Room for the title and half of the top label above the plot, half of the bottom
        # label (or a critical moment's caption) below it, and labels that never touch.
        top_pad = max(space.emotion_top_min, title_height + len(labels[shown[-1]]) * lh / 2 + clear)
        bottom_pad = max(space.emotion_bottom_min, len(labels[shown[0]]) * lh / 2 + clear)
        tallest = max(len(lines) for lines in labels.values()) * lh + space.emotion_label_gap
        plot_height = max(t.emotion_height, tallest * (len(shown) - 1))
        total = top_pad + plot_height + bottom_pad

        def place(y: float) -> list[Element]:
            plot_top = y + top_pad
            plot_bottom = plot_top + plot_height
            return [
                self._chart(
                    ctx, lane, y, plot_top, plot_bottom, bottom_pad, total, right, title, labels
                )
            ]

        return Measured(total, place)

    def _chart(
        self,
        ctx: Context,
        lane: Lane,
        y: float,
        plot_top: float,
        plot_bottom: float,
        bottom_pad: float,
        total: float,
        right: float,
        title: list[str],
        labels: dict[int, list[str]],
    ) -> Group:
        t, space, model, theme, words = ctx.type, ctx.space, ctx.model, ctx.theme, ctx.words
        scale = model.scale
        lh = t.caption * t.line_height
        left = t.margin + t.header_width

        def y_of(value: float) -> float:
            return plot_bottom - scale.fraction(value) * (plot_bottom - plot_top)

        elements: list[Element] = [
            Rect(t.margin, y, t.header_width, total, fill=theme.header_fill),
            text_at(
                ctx,
                t.margin + t.cell_padding,
                y + t.cell_padding,
                title,
                t.body,
                theme.header_text,
                bold=True,
            ),
        ]
        for level, lines in labels.items():
            ly = y_of(level)
            neutral = level == scale.neutral
            elements.append(
                Line(
                    left,
                    ly,
                    right,
                    ly,
                    theme.muted if neutral else theme.grid,
                    space.neutral_line if neutral else space.level_line,
                    space.neutral_dash if neutral else None,
                )
            )
            elements.append(
                text_at(
                    ctx,
                    left - space.level_label_gap,
                    ly - len(lines) * lh / 2,
                    lines,
                    t.caption,
                    theme.header_text,
                    anchor="end",
                )
            )

        tp_columns = [(c, c.touchpoint) for c in ctx.columns if c.touchpoint is not None]
        # Where each curve ends, to label it there: (point, name, colour).
        ends: list[tuple[tuple[float, float], str, str]] = []
        # The extra curves go over the touchpoints' markers, so a point where both meet
        # stays visible: ringed in the background colour on top of the marker.
        curve_groups: list[Element] = []
        # Every label of the curves (n, gaps, names) goes over all of them, haloed.
        captions: list[Element] = []
        # Where the touchpoints' own markers are, and the last column, for n captions.
        own = {tp.id: y_of(tp.emotion) for _, tp in tp_columns if tp.emotion is not None}
        last_x = max((c.center for c, _ in tp_columns), default=0.0)
        for curve in model.curves:
            style = theme.curves[curve.source]
            # An extra curve (a survey, a competitor, a target) often has values for a few
            # touchpoints only: its known points are joined, never left as lone dots.
            known = [
                (c.center, y_of(v))
                for c, tp in tp_columns
                if (v := curve.value_at(tp.id)) is not None
            ]
            found = [known] if known else []
            parts: list[Element] = [
                Path(path(run, ctx.curve), stroke=style.color, width=style.width, dash=style.dash)
                for run in found
            ]
            # A measured point's 95 % interval as a whisker, and how many answers it has.
            centres = {tp.id: c.center for c, tp in tp_columns}
            for measured in curve.points:
                px = centres.get(measured.touchpoint)
                if px is None:
                    continue
                if measured.low is not None and measured.high is not None:
                    top, bottom = y_of(measured.high), y_of(measured.low)
                    cap = space.whisker_cap
                    parts += [
                        Line(px, top, px, bottom, style.color, space.whisker_line),
                        Line(px - cap, top, px + cap, top, style.color, space.whisker_line),
                        Line(px - cap, bottom, px + cap, bottom, style.color, space.whisker_line),
                    ]
                if measured.n is not None:
                    captions.append(
                        _n_caption(
                            ctx,
                            measured,
                            px,
                            y_of,
                            own.get(measured.touchpoint),
                            last_x,
                            style.color,
                        )
                    )
            for run in found:
                parts.extend(
                    Circle(
                        px,
                        py,
                        space.curve_point_radius,
                        fill=style.color,
                        stroke=theme.background,
                        stroke_width=space.curve_point_ring,
                    )
                    for px, py in run
                )
            if known:
                ends.append((known[-1], curve.name, style.color))
            curve_groups.append(Group(tuple(parts), id=f"curve-{curve.id}", title=curve.name))
        points: list[tuple[Column, Touchpoint, float, float]] = []
        main: list[tuple[float, float] | None] = []
        for column, tp in tp_columns:
            if tp.emotion is None:
                main.append(None)
            else:
                point = (column.center, y_of(tp.emotion))
                main.append(point)
                points.append((column, tp, *point))
        style = theme.curve
        elements.extend(
            Path(path(run, ctx.curve), stroke=style.color, width=style.width, dash=style.dash)
            for run in runs(main)
        )
        if points and model.curves:  # with one curve only, the lane names it already
            ends.append(((points[-1][2], points[-1][3]), words["curve.main"], style.color))
        labels_at_ends = _end_labels(ctx, ends, left, right, plot_top)
        gap_lines, gap_labels = _gaps(ctx, points, y_of)
        if gap_lines:
            elements.append(Group(tuple(gap_lines)))
        captions += gap_labels
        for column, tp, px, py in points:
            assert tp.emotion is not None
            marker: list[Element]
            if model.moment_of(tp) == "critical":
                r = space.critical_radius
                gap = space.critical_caption_gap
                marker = [
                    valence_marker(
                        "critical", px, py, theme, space, hollow=tp.evidence_level == "assumed"
                    )
                ]
                clear = space.emotion_label_clearance
                below = py + r + clear + t.caption <= plot_bottom + bottom_pad - clear
                ty = py + r + gap if below else py - r - gap - lh
                marker.append(
                    text_at(
                        ctx,
                        px,
                        ty,
                        [words["moment.critical"]],
                        t.caption,
                        theme.critical,
                        bold=True,
                        anchor="middle",
                        halo=True,
                    )
                )
            else:
                marker = [
                    valence_marker(
                        scale.valence(tp.emotion),
                        px,
                        py,
                        theme,
                        space,
                        hollow=tp.evidence_level == "assumed",
                    )
                ]
            elements.append(
                Group(
                    tuple(marker),
                    id=f"tp-{tp.id}-emotion",
                    title=ctx.title(column),
                )
            )
        elements.extend(curve_groups)
        captions += labels_at_ends
        if captions:
            elements.append(Group(tuple(captions), id="labels"))
        elements.append(Line(t.margin, y + total, right, y + total, theme.grid, space.grid_line))
        return Group(tuple(elements), id=f"lane-{lane.key}")


def _n_caption(
    ctx: Context,
    point: CurvePoint,
    px: float,
    y_of: Callable[[float], float],
    marker_y: float | None,
    last_x: float,
    colour: str,
) -> Text:
    """``n = …`` beside a measured point's whisker, on the side away from the assumed one.

    With the touchpoint's own marker below the measured point, the caption goes over the
    whisker, else under it; so it never sits in the gap between the two, where the gap's
    label goes. At the last column it reads leftwards, clear of the curves' names to its
    right.
    """
    t, space = ctx.type, ctx.space
    lh = t.caption * t.line_height
    low = point.value if point.low is None else point.low
    high = point.value if point.high is None else point.high
    measured_y = y_of(point.value)
    if marker_y is not None and marker_y > measured_y:
        top = y_of(high) - space.curve_point_radius - lh
    else:
        top = y_of(low) + space.curve_point_radius
    text = [f"n = {point.n}"]
    if px >= last_x:
        x = px - space.whisker_cap - space.curve_label_gap / 2
        return text_at(ctx, x, top, text, t.caption, colour, anchor="end", halo=True)
    return text_at(ctx, px, top, text, t.caption, colour, anchor="middle", halo=True)


def _gaps(
    ctx: Context,
    points: Sequence[tuple[Column, Touchpoint, float, float]],
    y_of: Callable[[float], float],
) -> tuple[list[Element], list[Element]]:
    """Where the measured curve and the assumed emotion part by a level or more.

    A dashed line in the critical colour joins the two points, labelled with the gap
    (measured minus assumed). The measured curve is the map's first ``measured`` one.
    Returns the lines and their labels apart, as the labels go over every curve.
    """
    measured = next((c for c in ctx.model.curves if c.source == "measured"), None)
    if measured is None:
        return [], []
    from journeymap.analysis.surveys import LARGE_GAP_LEVELS

    t, space, theme = ctx.type, ctx.space, ctx.theme
    lh = t.caption * t.line_height
    found: list[Element] = []
    labels: list[Element] = []
    for _, tp, px, py in points:
        value = measured.value_at(tp.id)
        if value is None or tp.emotion is None:
            continue
        gap = value - tp.emotion
        if abs(gap) < LARGE_GAP_LEVELS:
            continue
        my = y_of(value)
        found.append(Line(px, py, px, my, theme.critical, space.gap_line, space.gap_dash))
        label = f"Δ {ctx.words.number(gap, decimals=1, signed=True)}"
        labels.append(
            text_at(
                ctx,
                px - space.curve_label_gap,
                (py + my) / 2 - lh / 2,
                [label],
                t.caption,
                theme.critical,
                bold=True,
                anchor="end",
                halo=True,
            )
        )
    return found, labels


def _end_labels(
    ctx: Context,
    ends: Sequence[tuple[tuple[float, float], str, str]],
    left: float,
    right: float,
    plot_top: float,
) -> list[Text]:
    """Each curve's name beside its last point, pushed apart where names meet.

    A curve that reaches the rightmost point of all has its name to the right of it, at
    its height, when there is room (``curve_label_room``; no curve is drawn past there),
    wrapped to that room; any other name goes above its point, reading leftwards when it
    fits there, else on the roomier side, wrapped to it.
    """
    t, space = ctx.type, ctx.space
    lh = t.caption * t.line_height
    gap = space.curve_label_gap
    planned = []
    last = max((px for (px, _), *_ in ends), default=0.0)
    # Beside a point, a name clears the widest marker that may sit there.
    beside_offset = space.critical_radius + gap / 2
    for (px, py), name, colour in ends:
        width = ctx.measurer.width(name, t.caption, bold=True)
        room_left = px - gap - (left + gap)
        room_right = right - gap - (px + gap)
        room_beside = right - gap - (px + beside_offset)
        beside = px >= last and room_beside >= space.curve_label_room
        if beside:
            side, room = "right", room_beside
        elif width <= room_left or (width > room_right and room_left >= room_right):
            side, room = "left", room_left
        else:
            side, room = "right", room_right
        lines = wrap_text(ctx, name, max(room, 1.0), t.caption, bold=True)
        top = py - len(lines) * lh / 2 if beside else py - lh - gap / 2
        offset = beside_offset if beside else gap
        planned.append((top, px, side, lines, colour, offset))
    planned.sort(key=lambda item: (item[0], item[1]))
    placed: list[Text] = []
    floor = plot_top - lh
    for top, px, side, lines, colour, offset in planned:
        top = max(top, floor)
        x = px - offset if side == "left" else px + offset
        anchor: Literal["start", "end"] = "end" if side == "left" else "start"
        label = text_at(ctx, x, top, lines, t.caption, colour, bold=True, anchor=anchor, halo=True)
        placed.append(label)
        floor = top + len(lines) * lh
    return placed
