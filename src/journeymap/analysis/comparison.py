"""Compare a map with a competitor's: emotions and metrics per phase and per touchpoint.

:func:`compare` aligns the two maps' phases (same id, else the same name ignoring case),
then the touchpoints inside each pair of phases (same id, else the same name), and
returns a :class:`Comparison`: for every phase the mean emotion of each map and the
difference, for every touchpoint the two emotions and the difference, and the
differences of the metrics of the same kind. Differences are *own minus competitor*:
positive means the own map is higher.

Example:
    >>> from journeymap import Journey
    >>> ours = Journey("Ours").phase("Buy").touchpoint("Pay", emotion=1).build()
    >>> theirs = Journey("Theirs").phase("buy").touchpoint("Pay", emotion=-1).build()
    >>> c = compare(ours, theirs)
    >>> [(p.name, p.own_mean, p.competitor_mean, p.difference) for p in c.phases]
    [('Buy', 1.0, -1.0, 2.0)]
    >>> [(t.name, t.difference) for t in c.phases[0].touchpoints]
    [('Pay', 2)]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from journeymap.ids import slugify, unique_id
from journeymap.model import Curve, EmotionScale, JourneyMap, Metric, Phase, Touchpoint

__all__ = [
    "Comparison",
    "MetricDifference",
    "PhaseComparison",
    "TouchpointComparison",
    "align",
    "compare",
    "competitor_curve",
    "with_competitor",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class MetricDifference:
    """A metric of the same kind (and name) at a touchpoint of both maps.

    Attributes:
        kind: The metric's kind.
        name: The metric's name, if any (custom metrics have one).
        own: The own map's metric.
        competitor: The competitor's metric.
        difference: ``own.value - competitor.value``; ``None`` when their units differ.
        better: ``"own"`` or ``"competitor"``: whose value is better in the metric's
            direction; ``"same"`` when equal; ``None`` without a direction or a difference.
    """

    kind: str
    name: str | None
    own: Metric
    competitor: Metric
    difference: float | None
    better: Literal["own", "competitor", "same"] | None


@dataclass(frozen=True)
class TouchpointComparison:
    """A touchpoint of a phase, in one map or both.

    Attributes:
        own_id: Its id in the own map; ``None`` when only the competitor has it.
        competitor_id: Its id in the competitor's map; ``None`` when only the own map has it.
        name: Its name in the own map, else the competitor's.
        own_emotion: The own map's emotion there, if any.
        competitor_emotion: The competitor's emotion there, on the own map's scale.
        difference: ``own_emotion - competitor_emotion``, when both are known.
        metrics: The metrics both have, by kind.
    """

    own_id: str | None
    competitor_id: str | None
    name: str
    own_emotion: float | None
    competitor_emotion: float | None
    difference: float | None
    metrics: tuple[MetricDifference, ...] = ()

    @property
    def matched(self) -> bool:
        """Whether both maps have the touchpoint."""
        return self.own_id is not None and self.competitor_id is not None


@dataclass(frozen=True)
class PhaseComparison:
    """A phase, in one map or both, with its touchpoints aligned.

    Attributes:
        own_id: Its id in the own map; ``None`` when only the competitor has it.
        competitor_id: Its id in the competitor's map; ``None`` when only the own map has it.
        name: Its name in the own map, else the competitor's.
        own_mean: The mean emotion of the own map's touchpoints in it (those with one).
        competitor_mean: The same for the competitor, on the own map's scale.
        difference: ``own_mean - competitor_mean``, when both are known.
        touchpoints: Every touchpoint of the phase in either map, aligned.
    """

    own_id: str | None
    competitor_id: str | None
    name: str
    own_mean: float | None
    competitor_mean: float | None
    difference: float | None
    touchpoints: tuple[TouchpointComparison, ...]

    @property
    def matched(self) -> bool:
        """Whether both maps have the phase."""
        return self.own_id is not None and self.competitor_id is not None

    @property
    def only_own(self) -> tuple[TouchpointComparison, ...]:
        """The touchpoints only the own map has."""
        return tuple(t for t in self.touchpoints if t.competitor_id is None)

    @property
    def only_competitor(self) -> tuple[TouchpointComparison, ...]:
        """The touchpoints only the competitor has."""
        return tuple(t for t in self.touchpoints if t.own_id is None)


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`.

    Attributes:
        own_title: The own map's title.
        competitor_title: The competitor's title.
        scale: The own map's scale, on which every emotion is given.
        phases: Every phase of either map: the own map's in its order, each phase only
            the competitor has placed after the phase matched just before it there.
    """

    own_title: str
    competitor_title: str
    scale: EmotionScale
    phases: tuple[PhaseComparison, ...]

    @property
    def touchpoints(self) -> tuple[TouchpointComparison, ...]:
        """Every aligned touchpoint of every phase, in order."""
        return tuple(t for p in self.phases for t in p.touchpoints)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def align(
    own: Sequence[_T],
    competitor: Sequence[_T],
    ident: Callable[[_T], str],
    name: Callable[[_T], str],
) -> list[tuple[_T | None, _T | None]]:
    """Pair items of two sequences: same id first, then the same name ignoring case.

    Each item is paired at most once, the earliest candidate first. The pairs follow
    ``own``'s order; an item only ``competitor`` has comes right after the pair of the
    nearest item before it in ``competitor`` that is paired (at the start if none is).

    Example:
        >>> align(["a", "B", "c"], ["x", "b", "y"], str, str)
        [(None, 'x'), ('a', None), ('B', 'b'), (None, 'y'), ('c', None)]
    """
    partner: dict[int, int] = {}
    # Each key's candidates, earliest first; a candidate leaves its queue when it is
    # paired, so pairing n items of one key takes n steps, not n * n.
    by_id: dict[str, deque[int]] = {}
    for j, item in enumerate(competitor):
        by_id.setdefault(ident(item), deque()).append(j)
    for i, item in enumerate(own):
        candidates = by_id.get(ident(item))
        if candidates:
            partner[i] = candidates.popleft()
    taken = set(partner.values())
    by_name: dict[str, deque[int]] = {}
    for j, item in enumerate(competitor):
        if j not in taken:
            by_name.setdefault(_key(name(item)), deque()).append(j)
    for i, item in enumerate(own):
        if i in partner:
            continue
        candidates = by_name.get(_key(name(item)))
        if candidates:
            partner[i] = candidates.popleft()
    owner = {j: i for i, j in partner.items()}
    # Competitor-only items, grouped by the own index they follow (-1: the start).
    after: dict[int, list[int]] = {}
    anchor = -1
    for j in range(len(competitor)):
        if j in owner:
            anchor = owner[j]
        else:
            after.setdefault(anchor, []).append(j)
    pairs: list[tuple[_T | None, _T | None]] = [(None, competitor[j]) for j in after.get(-1, ())]
    for i, item in enumerate(own):
        pairs.append((item, competitor[partner[i]] if i in partner else None))
        pairs.extend((None, competitor[j]) for j in after.get(i, ()))
    return pairs


def compare(own: JourneyMap, competitor: JourneyMap) -> Comparison:
    """Compare ``own`` with ``competitor``, phase by phase and touchpoint by touchpoint.

    Phases pair by id, else by name (ignoring case and repeated spaces); touchpoints pair
    the same way inside paired phases only. When the scales differ, the competitor's
    emotions are mapped linearly onto the own map's scale (its minimum to the minimum,
    its maximum to the maximum). Metrics pair by kind and name, in order; a difference
    needs the same unit.

    Args:
        own: The own map.
        competitor: The competitor's map of the same service.

    Returns:
        The aligned phases and touchpoints with their differences (own minus competitor).

    Example:
        >>> a = JourneyMap.model_validate({"title": "A", "phases": [{"id": "p", "name": "P",
        ...     "touchpoints": [{"id": "t", "name": "T", "emotion": 2}]}]})
        >>> b = JourneyMap.model_validate({"title": "B", "scale": "1..5", "phases": [
        ...     {"id": "p", "name": "P", "touchpoints": [{"id": "t", "name": "T", "emotion": 4}]}]})
        >>> compare(a, b).touchpoints[0].competitor_emotion
        1.0
    """
    convert = _converter(competitor.scale, own.scale)
    phases: list[PhaseComparison] = []
    for mine, theirs in align(own.phases, competitor.phases, _phase_id, _phase_name):
        phases.append(_phase(mine, theirs, convert))
    return Comparison(own.title, competitor.title, own.scale, tuple(phases))


def _phase_id(phase: Phase) -> str:
    return phase.id


def _phase_name(phase: Phase) -> str:
    return phase.name


def _tp_id(tp: Touchpoint) -> str:
    return tp.id


def _tp_name(tp: Touchpoint) -> str:
    return tp.name


def _converter(source: EmotionScale, target: EmotionScale) -> Callable[[float], float]:
    if (source.min, source.max) == (target.min, target.max):
        return lambda value: value
    return lambda value: target.min + source.fraction(value) * (target.max - target.min)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _phase(
    mine: Phase | None, theirs: Phase | None, convert: Callable[[float], float]
) -> PhaseComparison:
    own_tps = mine.touchpoints if mine is not None else ()
    their_tps = theirs.touchpoints if theirs is not None else ()
    own_mean = _mean([tp.emotion for tp in own_tps if tp.emotion is not None])
    their_mean = _mean([convert(tp.emotion) for tp in their_tps if tp.emotion is not None])
    if mine is None or theirs is None:
        pairs: list[tuple[Touchpoint | None, Touchpoint | None]] = [
            (tp, None) for tp in own_tps
        ] + [(None, tp) for tp in their_tps]
    else:
        pairs = align(own_tps, their_tps, _tp_id, _tp_name)
    shown = mine if mine is not None else theirs
    assert shown is not None
    return PhaseComparison(
        own_id=mine.id if mine is not None else None,
        competitor_id=theirs.id if theirs is not None else None,
        name=shown.name,
        own_mean=own_mean if mine is not None else None,
        competitor_mean=their_mean if theirs is not None else None,
        difference=_difference(own_mean, their_mean),
        touchpoints=tuple(_touchpoint(a, b, convert) for a, b in pairs),
    )


def _touchpoint(
    mine: Touchpoint | None, theirs: Touchpoint | None, convert: Callable[[float], float]
) -> TouchpointComparison:
    own_emotion = mine.emotion if mine is not None else None
    their_emotion = (
        convert(theirs.emotion) if theirs is not None and theirs.emotion is not None else None
    )
    shown = mine if mine is not None else theirs
    assert shown is not None
    metrics = _metrics(mine.metrics, theirs.metrics) if mine and theirs else ()
    return TouchpointComparison(
        own_id=mine.id if mine is not None else None,
        competitor_id=theirs.id if theirs is not None else None,
        name=shown.name,
        own_emotion=own_emotion,
        competitor_emotion=their_emotion,
        difference=_difference(own_emotion, their_emotion),
        metrics=metrics,
    )


def _metrics(own: Sequence[Metric], competitor: Sequence[Metric]) -> tuple[MetricDifference, ...]:
    waiting: dict[tuple[str, str | None], list[Metric]] = {}
    for metric in competitor:
        waiting.setdefault((metric.kind, metric.name), []).append(metric)
    found: list[MetricDifference] = []
    for metric in own:
        queue = waiting.get((metric.kind, metric.name))
        if not queue:
            continue
        other = queue.pop(0)
        difference = metric.value - other.value if metric.unit == other.unit else None
        direction = metric.direction or other.direction
        better: Literal["own", "competitor", "same"] | None = None
        if difference is not None and direction is not None:
            if difference == 0:
                better = "same"
            elif (difference > 0) == (direction == "higher"):
                better = "own"
            else:
                better = "competitor"
        found.append(MetricDifference(metric.kind, metric.name, metric, other, difference, better))
    return tuple(found)


def competitor_curve(
    own: JourneyMap,
    competitor: JourneyMap,
    *,
    curve_id: str | None = None,
    name: str | None = None,
) -> Curve:
    """The competitor's emotions as a ``competitor`` curve on the own map's touchpoints.

    Only touchpoints both maps have (paired as by :func:`compare`) with a competitor's
    emotion get a point; renderers join consecutive known points of a curve.

    Args:
        own: The own map.
        competitor: The competitor's map.
        curve_id: The curve's id; by default ``competitor-`` and the competitor's title
            as an id, made unique among the own map's curves.
        name: The legend text; by default the competitor's title.

    Returns:
        A curve whose values are on the own map's scale.

    Example:
        >>> from journeymap import Journey
        >>> ours = Journey("Ours").phase("Buy").touchpoint("Pay", emotion=1).build()
        >>> theirs = Journey("ShopCo").phase("Buy").touchpoint("Pay", emotion=-1).build()
        >>> c = competitor_curve(ours, theirs)
        >>> c.id, c.name, c.source, dict(c.values)
        ('competitor-shopco', 'ShopCo', 'competitor', {'pay': -1})
    """
    comparison = compare(own, competitor)
    points = {
        tp.own_id: tp.competitor_emotion
        for tp in comparison.touchpoints
        if tp.own_id is not None and tp.competitor_emotion is not None
    }
    taken = {curve.id for curve in own.curves}
    if curve_id is None:
        curve_id = unique_id(f"competitor-{slugify(competitor.title, 'map')}", taken)
    return Curve(
        id=curve_id,
        name=competitor.title if name is None else name,
        source="competitor",
        points=points,
    )


def with_competitor(
    own: JourneyMap,
    competitor: JourneyMap,
    *,
    curve_id: str | None = None,
    name: str | None = None,
) -> JourneyMap:
    """The own map with the competitor's curve added (see :func:`competitor_curve`).

    Every renderer then draws the competitor's curve on the same axis as the own one.

    Returns:
        A new, validated map; ``own`` is unchanged.

    Raises:
        JourneyMapError: If ``curve_id`` is already the id of one of the own map's curves.

    Example:
        >>> from journeymap import Journey
        >>> ours = Journey("Ours").phase("Buy").touchpoint("Pay", emotion=1).build()
        >>> theirs = Journey("ShopCo").phase("Buy").touchpoint("Pay", emotion=-1).build()
        >>> [c.id for c in with_competitor(ours, theirs).curves]
        ['competitor-shopco']
    """
    curve = competitor_curve(own, competitor, curve_id=curve_id, name=name)
    data = own.model_dump(mode="json", exclude_defaults=True)
    data["curves"] = [*data.get("curves", ()), curve.model_dump(mode="json")]
    return JourneyMap.model_validate(data)
