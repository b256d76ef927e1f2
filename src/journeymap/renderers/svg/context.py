"""What every part of the SVG layout reads: the map, its options and its columns.

:class:`Context` is made once per layout, after the columns are placed, and never
changes; the grid, header, lane, emotion and legend modules take it as their first
argument. :class:`Column` is one touchpoint's column (or an empty phase's).

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny").phase("Buy").touchpoint("Pays").build()
    >>> ctx = Context.plain(m, ("touchpoints",))
    >>> ctx.theme.name, ctx.words.language, ctx.space.legend_gap
    ('default', 'en', 16.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from journeymap.i18n import Words
from journeymap.model import JourneyMap, Phase, Touchpoint
from journeymap.renderers.svg.sizes import Spacing, Typography
from journeymap.renderers.svg.titles import touchpoint_title
from journeymap.text import Measurer
from journeymap.themes import Theme

__all__ = ["Column", "Context", "CurveStyle", "HeaderStyle"]

#: How the emotion curve joins its points.
CurveStyle = Literal["smooth", "straight"]
#: The header above the phases: the title with the persona and context, or the title only.
HeaderStyle = Literal["full", "title"]


@dataclass(frozen=True)
class Column:
    """The column of one touchpoint, or of a phase without touchpoints."""

    phase: Phase
    phase_index: int
    touchpoint: Touchpoint | None
    x: float
    width: float

    @property
    def center(self) -> float:
        """The column's middle, where its point on the emotion curve sits."""
        return self.x + self.width / 2


@dataclass(frozen=True)
class Context:
    """The map, its checked options and its columns, shared by every layout module.

    Attributes:
        model: The map.
        theme: Its colours and card styles.
        measurer: Measures text for wrapping.
        type: Font sizes and paddings (the lane-header column already fitted).
        words: The words and number style of the map's language.
        curve: How the emotion curve joins its points.
        lanes: The chosen lanes, in order.
        columns: The columns, left to right.
    """

    model: JourneyMap
    theme: Theme
    measurer: Measurer
    type: Typography
    words: Words
    curve: CurveStyle
    lanes: tuple[str, ...]
    columns: tuple[Column, ...] = ()
    _titles: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _why: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def why_critical(self, touchpoint_id: str) -> str:
        """Why a touchpoint is critical, in a few words (empty when no rule says so).

        The reasons of :func:`journeymap.analysis.critical.critical_moments`, found once
        per layout.
        """
        if not self._why:
            from journeymap.analysis.critical import critical_moments

            self._why[""] = ""  # found, even when nothing is critical
            for moment in critical_moments(self.model):
                self._why[moment.touchpoint_id] = moment.label(self.words)
        return self._why.get(touchpoint_id, "")

    def title(self, column: Column) -> str:
        """The accessible title of a column's touchpoint, made once per layout.

        Its card and its point on the emotion curve both carry it.
        """
        tp = column.touchpoint
        assert tp is not None
        title = self._titles.get(tp.id)
        if title is None:
            title = touchpoint_title(self.model, tp, column.phase, self.words)
            self._titles[tp.id] = title
        return title

    @classmethod
    def plain(cls, model: JourneyMap, lanes: tuple[str, ...] = ()) -> Context:
        """A context with the default theme, measurer and sizes, in English, and no columns.

        For trying one part of the layout on its own (the examples in these modules).
        """
        from journeymap.i18n import words_for
        from journeymap.text import default_measurer
        from journeymap.themes import get_theme

        return cls(
            model,
            get_theme("default"),
            default_measurer(),
            Typography(),
            words_for("en"),
            "smooth",
            lanes,
        )

    @property
    def space(self) -> Spacing:
        """The smaller gaps and shape sizes (``type.spacing``)."""
        return self.type.spacing
