"""Critical moments: the touchpoints where customers may be lost, and why.

:func:`critical_moments` applies five rules to every touchpoint of a map and returns the
touchpoints where at least one fired, in journey order, each with the rules that fired
as data (:class:`Reason`: a rule code, the numbers it compared, a short text in English
or Spanish). The limits are a :class:`Thresholds` value with documented defaults.

Example:
    >>> from journeymap import Journey
    >>> m = (Journey("Checkout").phase("Buy")
    ...      .touchpoint("Cart", emotion=1).touchpoint("Fees", emotion=-2).build())
    >>> [(c.touchpoint_id, c.codes) for c in critical_moments(m)]
    [('fees', ('low-emotion', 'emotion-drop'))]
    >>> print(critical_moments(m)[0].summary("es"))
    emoción -2, igual o inferior a -2; cae 3 niveles tras «Cart»
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from journeymap.errors import JourneyMapError, Problem
from journeymap.formatting import metric_value
from journeymap.i18n import Words, words_for
from journeymap.model import JourneyMap, Metric, Touchpoint

__all__ = [
    "RULES",
    "CriticalMoment",
    "Reason",
    "RuleCode",
    "Thresholds",
    "critical_moments",
    "emotion_limit",
    "metric_off_target",
    "touchpoint_failures",
]

#: The code of a rule that makes a touchpoint critical.
RuleCode = Literal["low-emotion", "emotion-drop", "metric-off-target", "drop-off", "marked"]

#: Every rule, in the order reasons are listed.
RULES: tuple[RuleCode, ...] = (
    "low-emotion",
    "emotion-drop",
    "metric-off-target",
    "drop-off",
    "marked",
)


@dataclass(frozen=True)
class Thresholds:
    """The limits of the critical-moment rules; ``None`` switches a rule off.

    Attributes:
        emotion_fraction: ``low-emotion`` fires for an emotion at or below
            ``min + emotion_fraction * (max - min)`` of the map's scale. The default 0.0
            is the scale's lowest level (-2 on -2..2, 1 on 1..5), the level the model
            itself calls critical; 0.25 takes the lowest quarter of the range (-1 on -2..2,
            2 on 1..5). From 0 to 1.
        drop_levels: ``emotion-drop`` fires when the emotion falls by at least this many
            levels of the scale from the previous touchpoint (in journey order) that has
            an emotion. Default 2, e.g. from +1 to -1. More than 0.
        drop_off_share: ``drop-off`` fires when the shares of the drop-off flows leaving
            the touchpoint add up to at least this (0..1). Default 0.2: one customer in
            five is lost there.
        metric_targets: Whether ``metric-off-target`` applies: a metric whose value is on
            the wrong side of its target in the metric's direction (lower is better for
            drop-off and time, higher for NPS, CSAT and conversion, or as its ``better``
            field says). A metric without a target or a direction never fires.

    Example:
        >>> Thresholds().drop_off_share, Thresholds(emotion_fraction=0.25).emotion_fraction
        (0.2, 0.25)
        >>> Thresholds(drop_levels=0)
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: thresholds > drop_levels: 0 is not allowed; \
allowed: a number more than 0, or None to switch the rule off
    """

    emotion_fraction: float | None = 0.0
    drop_levels: float | None = 2
    drop_off_share: float | None = 0.2
    metric_targets: bool = True

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        checks: tuple[tuple[str, float | None, str, float, float | None], ...] = (
            # name, value, what is allowed, the lowest allowed (or, with no highest,
            # the bound to exceed), the highest allowed
            ("emotion_fraction", self.emotion_fraction, "a number from 0 to 1", 0, 1),
            ("drop_levels", self.drop_levels, "a number more than 0", 0, None),
            ("drop_off_share", self.drop_off_share, "a number from 0 to 1", 0, 1),
        )
        for name, value, allowed, lo, hi in checks:
            if value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or not (lo <= value <= hi if hi is not None else value > lo)
            ):
                problems.append(
                    Problem(
                        f"thresholds > {name}",
                        f"{value!r} is not allowed; allowed: {allowed}, "
                        "or None to switch the rule off",
                    )
                )
        if not isinstance(self.metric_targets, bool):
            problems.append(
                Problem(
                    "thresholds > metric_targets",
                    f"{self.metric_targets!r} is not allowed; allowed: True or False",
                )
            )
        if problems:
            raise JourneyMapError(problems)


@dataclass(frozen=True)
class Reason:
    """One rule that fired at a touchpoint, with what it compared.

    Attributes:
        code: The rule: ``low-emotion``, ``emotion-drop``, ``metric-off-target``,
            ``drop-off`` or ``marked``.
        value: What was measured: the emotion, the size of the drop, the metric's value,
            the share that drops off; ``None`` for ``marked``.
        limit: What it was compared with: the emotion limit, the drop in levels, the
            metric's target, the share; ``None`` for ``marked``.
        subject: The previous touchpoint's name (``emotion-drop``), or the metric's kind
            (``metric-off-target``); empty otherwise.
        metric: The metric that is off target (``metric-off-target`` only).
    """

    code: RuleCode
    value: float | None = None
    limit: float | None = None
    subject: str = ""
    metric: Metric | None = None

    def text(self, locale: str | Words = "en") -> str:
        """The reason in a few words, in ``locale``.

        Example:
            >>> Reason("drop-off", 0.38, 0.2).text(), Reason("marked").text("es")
            ('38% drop off here', 'marcado como crítico')
        """
        words = words_for(locale)
        if self.code == "marked":
            return words["critical.marked"]
        assert self.value is not None
        assert self.limit is not None
        if self.code == "low-emotion":
            return words["critical.low-emotion"].format(
                value=words.number(self.value), limit=words.number(self.limit)
            )
        if self.code == "emotion-drop":
            return words["critical.emotion-drop"].format(
                drop=words.number(self.value), previous=self.subject
            )
        if self.code == "drop-off":
            return words["critical.drop-off"].format(
                share=words.percent(self.value * 100, decimals=0)
            )
        metric = self.metric
        assert metric is not None
        assert metric.direction is not None
        name = metric.name or words[f"metric.{metric.kind}"]
        return words[f"critical.metric-off-target.{metric.direction}"].format(
            metric=name,
            value=metric_value(metric, self.value, words),
            target=metric_value(metric, self.limit, words),
        )

    def short(self, locale: str | Words = "en") -> str:
        """The reason in two or three words, for a label on a map.

        Example:
            >>> Reason("emotion-drop", 3, 2, "Cart").short(), Reason("drop-off", 0.38, 0.2).short(
            ...     "es")
            ('sharp drop', 'abandona el 38\xa0%')
        """
        words = words_for(locale)
        if self.code == "marked":
            return words["critical.marked"]
        text = words[f"critical.short.{self.code}"]
        if self.code == "drop-off":
            assert self.value is not None
            return text.format(share=words.percent(self.value * 100, decimals=0))
        if self.code == "metric-off-target":
            assert self.metric is not None
            return text.format(metric=self.metric.name or words[f"metric.{self.metric.kind}"])
        return text


@dataclass(frozen=True)
class CriticalMoment:
    """A critical touchpoint and every rule that fired there.

    Attributes:
        phase_id: The id of the touchpoint's phase.
        touchpoint_id: The touchpoint's id.
        name: The touchpoint's name.
        reasons: The rules that fired, in the order of :data:`RULES`.
    """

    phase_id: str
    touchpoint_id: str
    name: str
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[RuleCode, ...]:
        """The codes of the rules that fired."""
        return tuple(reason.code for reason in self.reasons)

    def label(self, locale: str | Words = "en") -> str:
        """Why the touchpoint is critical, for a label on a map: the short reasons.

        Each short reason appears once, joined by `` · ``.

        Example:
            >>> moment = CriticalMoment("buy", "pay", "Pay", (Reason("low-emotion", -2, -2),
            ...                         Reason("drop-off", 0.25, 0.2)))
            >>> moment.label()
            'very low emotion · 25% drop off'
        """
        words = words_for(locale)
        shown: list[str] = []
        for reason in self.reasons:
            text = reason.short(words)
            if text not in shown:
                shown.append(text)
        return " · ".join(shown)

    def summary(self, locale: str | Words = "en") -> str:
        """Why the touchpoint is critical, every reason in a few words, joined by ``; ``.

        Example:
            >>> moment = CriticalMoment("buy", "pay", "Pay", (Reason("marked"),
            ...                         Reason("drop-off", 0.25, 0.2)))
            >>> moment.summary("es")
            'marcado como crítico; el 25\xa0% abandona aquí'
        """
        words = words_for(locale)
        return "; ".join(reason.text(words) for reason in self.reasons)


def emotion_limit(model: JourneyMap, thresholds: Thresholds) -> float | None:
    """The emotion at or below which ``low-emotion`` fires on ``model``'s scale.

    Example:
        >>> emotion_limit(JourneyMap(title="t", scale="1..5"), Thresholds(emotion_fraction=0.25))
        2.0
    """
    if thresholds.emotion_fraction is None:
        return None
    scale = model.scale
    return scale.min + thresholds.emotion_fraction * (scale.max - scale.min)


def metric_off_target(metric: Metric) -> bool:
    """Whether ``metric``'s value is on the wrong side of its target, in its direction.

    A value equal to the target is on target; a metric without a target, or whose kind
    has no default direction and no ``better`` field (CES, custom), is never off target.

    Example:
        >>> metric_off_target(Metric(kind="drop-off", value=38, target=20))
        True
        >>> metric_off_target(Metric(kind="nps", value=38, target=20))
        False
    """
    if metric.target is None or metric.direction is None:
        return False
    if metric.direction == "higher":
        return metric.value < metric.target
    return metric.value > metric.target


def touchpoint_failures(
    model: JourneyMap,
    touchpoint: Touchpoint,
    thresholds: Thresholds,
    *,
    emotion: float | None,
) -> list[Reason]:
    """The rules about the touchpoint alone that fire: low emotion, metrics, marked.

    Args:
        model: The map the touchpoint belongs to (for its scale).
        touchpoint: The touchpoint.
        thresholds: The limits.
        emotion: The emotion to judge (the touchpoint's own, or a curve's value);
            ``None`` when there is none.

    Returns:
        The reasons, in the order of :data:`RULES` (no ``emotion-drop`` or ``drop-off``).

    Example:
        >>> m = JourneyMap.model_validate({"title": "t", "phases": [{"id": "p", "name": "P",
        ...     "touchpoints": [{"id": "a", "name": "A", "emotion": -2, "moment": "critical"}]}]})
        >>> [r.code for r in touchpoint_failures(m, m.touchpoint("a"), Thresholds(), emotion=-2)]
        ['low-emotion', 'marked']
    """
    reasons: list[Reason] = []
    limit = emotion_limit(model, thresholds)
    if limit is not None and emotion is not None and emotion <= limit:
        reasons.append(Reason("low-emotion", emotion, limit))
    if thresholds.metric_targets:
        for metric in touchpoint.metrics:
            if metric_off_target(metric):
                assert metric.target is not None
                reasons.append(
                    Reason("metric-off-target", metric.value, metric.target, metric.kind, metric)
                )
    if touchpoint.moment == "critical":
        reasons.append(Reason("marked"))
    return reasons


def critical_moments(
    model: JourneyMap,
    *,
    thresholds: Thresholds | None = None,
    curve: str | None = None,
) -> list[CriticalMoment]:
    """The critical touchpoints of ``model``, in journey order, with the rules that fired.

    The rules: ``low-emotion`` (the emotion is at or below the limit), ``emotion-drop``
    (it fell by at least ``drop_levels`` from the previous touchpoint with an emotion),
    ``metric-off-target`` (a metric is on the wrong side of its target, one reason per
    metric), ``drop-off`` (the drop-off flows leaving it carry at least ``drop_off_share``
    of the customers, added up) and ``marked`` (its ``moment`` is ``critical``).

    Args:
        model: The map.
        thresholds: The limits; :class:`Thresholds` defaults when ``None``.
        curve: The id of one of the map's curves (e.g. a measured one) whose values are
            the emotions to judge; touchpoints without a value there have no emotion.
            ``None`` (the default) judges the touchpoints' own emotions.

    Returns:
        One :class:`CriticalMoment` per touchpoint where a rule fired.

    Raises:
        JourneyMapError: If ``curve`` names no curve of the map.

    Example:
        >>> from journeymap import Journey
        >>> m = (Journey("Checkout").phase("Buy").touchpoint("Cart", emotion=1)
        ...      .touchpoint("Pay", emotion=0, moment="critical")
        ...      .flow("cart", kind="drop-off", share=0.25).build())
        >>> [(c.name, c.summary()) for c in critical_moments(m)]
        [('Cart', '25% drop off here'), ('Pay', 'marked critical')]
    """
    thresholds = Thresholds() if thresholds is None else thresholds
    emotions = _emotions(model, curve)
    dropping: defaultdict[str, float] = defaultdict(float)
    for flow in model.flows:
        if flow.kind == "drop-off" and flow.share is not None:
            dropping[flow.source] += flow.share
    found: list[CriticalMoment] = []
    previous: tuple[str, float] | None = None
    for phase, tp in model.iter_touchpoints():
        felt = emotions.get(tp.id)
        reasons = touchpoint_failures(model, tp, thresholds, emotion=felt)
        if felt is not None:
            if previous is not None and thresholds.drop_levels is not None:
                drop = previous[1] - felt
                if drop >= thresholds.drop_levels:
                    reasons.append(
                        Reason("emotion-drop", drop, thresholds.drop_levels, previous[0])
                    )
            previous = (tp.name, felt)
        share = dropping.get(tp.id)
        if (
            share is not None
            and thresholds.drop_off_share is not None
            and share >= thresholds.drop_off_share
        ):
            reasons.append(Reason("drop-off", share, thresholds.drop_off_share))
        if reasons:
            reasons.sort(key=lambda r: RULES.index(r.code))
            found.append(CriticalMoment(phase.id, tp.id, tp.name, tuple(reasons)))
    return found


def _emotions(model: JourneyMap, curve: str | None) -> Mapping[str, float]:
    if curve is None:
        return {tp.id: tp.emotion for tp in model.touchpoints if tp.emotion is not None}
    for candidate in model.curves:
        if candidate.id == curve:
            return candidate.values
    known = ", ".join(repr(c.id) for c in model.curves) or "no curves defined"
    raise JourneyMapError(
        [Problem("curve", f"{curve!r} is not a curve of the map; allowed: {known}")]
    )
