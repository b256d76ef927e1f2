"""Every size of the SVG map in one place: font sizes, paddings, gaps and marker radii.

:class:`Typography` holds the font sizes, the line height and the main paddings of the
grid; its :attr:`Typography.spacing` (a :class:`Spacing`) holds the smaller gaps, the
caps and the shapes' sizes. The layout modules read every length from here, in px,
so no measure is written twice.

Example:
    >>> sizes = Typography()
    >>> sizes.body, sizes.spacing.header_width_max
    (12.0, 280.0)
    >>> Typography(spacing=Spacing(legend_gap=24.0)).spacing.legend_gap
    24.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Spacing", "Typography"]


@dataclass(frozen=True)
class Spacing:
    """Gaps, caps and shape sizes of the map, in px.

    Attributes:
        header_gap: Between the header (title, persona, information) and the phase bands.
        legend_gap: Between the last lane and the legend.
        subtitle_gap: Below the subtitle, above the persona card.
        min_width: The narrowest the whole map is drawn; columns widen to fill it.
        empty_column_ratio: A phase without touchpoints gets this share of a column.
        header_width_max: The widest the lane-header column grows to fit level labels.
        persona_width_max: The widest the persona card is drawn.
        persona_share: The largest share of the header's width the persona card takes.
        info_gap: Between the persona card and the map's information.
        info_width_max: The widest the map's information is drawn.
        band_padding: Inside a phase band, around its name and goal.
        band_inset: Between a phase band (or tint) and its columns' edges, each side.
        band_goal_gap: Between a phase's name and its goal.
        band_gap: Below the phase bands, above the first lane.
        grid_line: The width of the lines between lanes.
        card_stroke: The width of a card's border.
        marker_indent: How far a listed item's text sits right of its dot.
        marker_radius: The radius of an item's dot.
        glyph_indent: How far a listed item's text sits right of its kind's glyph.
        glyph_box: The width a kind's glyph is centred in, at the item's left.
        pill_padding_x: Inside a channel pill, left and right of its text.
        pill_padding_y: Inside a channel pill, above and below its text.
        pill_stroke: The width of a channel pill's border.
        pill_radius_max: The largest corner radius of a channel pill.
        visibility_min_height: The least height of the line-of-visibility lane.
        visibility_padding: Above plus below the line-of-visibility label.
        level_label_gap: Between an emotion level's label and the plot.
        label_slack: Added to the widest level label when fitting the header column.
        emotion_top_min: The least room above the emotion plot.
        emotion_bottom_min: The least room below the emotion plot.
        emotion_label_clearance: Room kept around the plot's top and bottom labels, and
            around a critical moment's caption.
        emotion_label_gap: Between two emotion level labels.
        curve_label_gap: Between a curve's last point and its name beside it.
        curve_label_room: The least room right of a curve's last point for its name to
            go there, at the point's height.
        hollow_stroke: The outline of a hollow (assumed) point of the curve.
        whisker_line: The width of a measured point's interval whisker.
        whisker_cap: Half the width of the whisker's end caps.
        curve_point_ring: The background ring around an extra curve's point, which keeps
            it visible over a touchpoint's marker.
        gap_line: The width of that highlight's dashed line.
        label_halo: The width of the background-coloured outline behind the curves'
            labels (names, n, gaps), which keeps them legible where a line crosses them.
        gap_dash: Its dash pattern.
        critical_card_stroke: The border of a critical moment's touchpoint card.
        critical_tint: Opacity of the critical colour over a critical moment's column.
        emotion_max_levels: The most level labels drawn; longer scales skip levels.
        neutral_line: The width of the neutral level's line.
        neutral_dash: The dash pattern of the neutral level's line.
        level_line: The width of the other levels' lines.
        curve_point_radius: The radius of a comparison curve's points.
        critical_radius: The half-diagonal of a critical moment's diamond.
        valence_radius: The size of a positive or negative triangle.
        neutral_radius: The radius of a neutral moment's circle.
        marker_outline: The width of the outline around a point on the curve.
        critical_caption_gap: Between a critical diamond and its caption.
        legend_title_gap: Below the legend's title.
        legend_entry_gap: Between two legend entries on a row.
        legend_row_gap: Between two rows of legend entries.
        legend_shape_width: The room a valence shape takes in the legend.
        legend_glyph_width: The room an item-kind glyph takes in the legend.
        legend_line_width: The room a curve's line sample takes in the legend.
        legend_line_length: The length of a curve's line sample.
        legend_text_min: The least width a legend entry's text wraps to.
        doubts_gap: Between a thoughts card and the doubts card below it.
    """

    header_gap: float = 16.0
    legend_gap: float = 16.0
    subtitle_gap: float = 10.0
    min_width: float = 720.0
    empty_column_ratio: float = 0.6
    header_width_max: float = 280.0
    persona_width_max: float = 420.0
    persona_share: float = 0.45
    info_gap: float = 16.0
    info_width_max: float = 560.0
    band_padding: float = 10.0
    band_inset: float = 2.0
    band_goal_gap: float = 3.0
    band_gap: float = 6.0
    grid_line: float = 1.0
    card_stroke: float = 1.0
    marker_indent: float = 12.0
    marker_radius: float = 2.6
    glyph_indent: float = 19.0
    glyph_box: float = 15.0
    pill_padding_x: float = 10.0
    pill_padding_y: float = 4.0
    pill_stroke: float = 1.2
    pill_radius_max: float = 11.0
    visibility_min_height: float = 26.0
    visibility_padding: float = 10.0
    level_label_gap: float = 6.0
    label_slack: float = 1.0
    emotion_top_min: float = 30.0
    emotion_bottom_min: float = 26.0
    emotion_label_clearance: float = 4.0
    emotion_label_gap: float = 2.0
    curve_label_gap: float = 6.0
    curve_label_room: float = 60.0
    hollow_stroke: float = 1.8
    whisker_line: float = 1.0
    whisker_cap: float = 3.0
    curve_point_ring: float = 1.0
    gap_line: float = 1.5
    label_halo: float = 3.0
    gap_dash: str = "2 2"
    critical_card_stroke: float = 2.5
    critical_tint: float = 0.08
    emotion_max_levels: int = 11
    neutral_line: float = 1.4
    neutral_dash: str = "5 4"
    level_line: float = 0.8
    curve_point_radius: float = 2.6
    critical_radius: float = 7.0
    valence_radius: float = 6.0
    neutral_radius: float = 5.0
    marker_outline: float = 1.5
    critical_caption_gap: float = 3.0
    legend_title_gap: float = 8.0
    legend_entry_gap: float = 22.0
    legend_row_gap: float = 6.0
    legend_shape_width: float = 20.0
    legend_glyph_width: float = 22.0
    legend_line_width: float = 36.0
    legend_line_length: float = 28.0
    legend_text_min: float = 40.0
    doubts_gap: float = 5.0


@dataclass(frozen=True)
class Typography:
    """Font sizes (px), line height and the main paddings of the map.

    Attributes:
        title: The map's title.
        subtitle: The line under the title (kind, scale, tags).
        phase: A phase's name.
        card_title: A touchpoint's name and a metric's value.
        body: Card text and lane headers.
        caption: Small text: goals, channel pills, labels, the legend.
        line_height: A line's height as a multiple of its font size.
        margin: Around the whole map.
        header_width: The lane-header column's width (it grows for long level labels).
        cell_padding: Inside a lane's cell, around its cards.
        card_padding: Inside a card, around its text.
        item_gap: Between two items of a card, and between two stacked cards.
        emotion_height: The least height of the emotion plot.
        min_column: The least width of an empty phase's column.
        spacing: The smaller gaps, caps and shape sizes.
    """

    title: float = 24.0
    subtitle: float = 12.0
    phase: float = 14.0
    card_title: float = 12.5
    body: float = 12.0
    caption: float = 11.0
    line_height: float = 1.3
    margin: float = 24.0
    header_width: float = 150.0
    cell_padding: float = 8.0
    card_padding: float = 8.0
    item_gap: float = 5.0
    emotion_height: float = 150.0
    min_column: float = 140.0
    spacing: Spacing = field(default_factory=Spacing)
