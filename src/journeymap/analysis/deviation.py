"""Planned against actual: where one customer's path left the planned journey.

The idea comes from CJML (Customer Journey Modeling Language): a planned journey is
what the service intends; an actual journey is what one customer did, step by step.
:func:`deviations` lists the planned touchpoints the customer never reached (*missing*),
the steps the plan does not have (*unplanned*), the steps that went wrong (*failing*)
and the steps taken in an order the plan does not allow (*out of order*).
:func:`mark_deviations` returns the actual map with those steps marked, for any renderer.

Example:
    >>> from journeymap import Journey
    >>> plan = (Journey("Plan").phase("Buy").touchpoint("Cart").touchpoint("Pay")
    ...         .touchpoint("Receipt").build())
    >>> found = deviations(plan, ["pay", "cart", "call-centre"])
    >>> [m.planned_id for m in found.missing], [v.touchpoint_id for v in found.unplanned]
    (['receipt'], ['call-centre'])
    >>> [(o.visit.touchpoint_id, o.previous) for o in found.out_of_order]
    [('pay', None), ('cart', 'pay')]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.analysis.critical import Reason, Thresholds, touchpoint_failures
from journeymap.errors import JourneyMapError, Problem
from journeymap.i18n import Words, words_for
from journeymap.model import JourneyMap, Touchpoint

__all__ = [
    "Deviations",
    "Failing",
    "Missing",
    "OutOfOrder",
    "Visit",
    "allowed_transitions",
    "deviations",
    "mark_deviations",
    "out_of_order_detail",
]


@dataclass(frozen=True)
class Visit:
    """One step of the actual path.

    Attributes:
        step: Its 1-based position in the path.
        touchpoint_id: The id as recorded: the actual map's touchpoint id, or the id given.
        name: The actual touchpoint's name (the id, for a path given as ids).
        planned_id: The planned touchpoint it is, or ``None`` for an unplanned step.
    """

    step: int
    touchpoint_id: str
    name: str
    planned_id: str | None


@dataclass(frozen=True)
class Missing:
    """A planned touchpoint the customer never reached.

    Attributes:
        planned_id: Its id in the planned map.
        name: Its name.
        phase_id: The id of its phase.
        phase_name: The name of its phase.
    """

    planned_id: str
    name: str
    phase_id: str
    phase_name: str


@dataclass(frozen=True)
class Failing:
    """A step that went wrong: the rules of :mod:`journeymap.analysis.critical` that fired.

    Attributes:
        visit: The step.
        reasons: ``low-emotion``, ``metric-off-target`` and ``marked`` reasons.
    """

    visit: Visit
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class OutOfOrder:
    """A step the planned flow does not allow after the previous planned step.

    Attributes:
        visit: The step.
        previous: The planned id of the previous planned step of the path, or ``None``
            when the path starts with this step.
        previous_name: That planned touchpoint's name (empty when ``previous`` is ``None``).
    """

    visit: Visit
    previous: str | None
    previous_name: str = ""


@dataclass(frozen=True)
class Deviations:
    """What :func:`deviations` found; every list in the order of the path or the plan.

    Attributes:
        planned_title: The planned map's title.
        path: Every step of the actual path.
        missing: Planned touchpoints never reached, in planned order.
        unplanned: Steps the plan does not have.
        failing: Steps where a rule fired.
        out_of_order: Steps taken in an order the plan does not allow.
    """

    planned_title: str
    path: tuple[Visit, ...]
    missing: tuple[Missing, ...]
    unplanned: tuple[Visit, ...]
    failing: tuple[Failing, ...]
    out_of_order: tuple[OutOfOrder, ...]

    @property
    def count(self) -> int:
        """How many deviations there are in all."""
        return len(self.missing) + len(self.unplanned) + len(self.failing) + len(self.out_of_order)

    @property
    def empty(self) -> bool:
        """Whether the path followed the plan without a deviation."""
        return self.count == 0


def allowed_transitions(planned: JourneyMap) -> dict[str | None, frozenset[str]]:
    """The steps the planned flow allows right after each touchpoint (``None``: the start).

    Without any ``next`` flow, each touchpoint leads to the next in journey order, across
    phases; with ``next`` flows, only those lead on (as the ``dot`` renderer draws it).
    ``branch``, ``retry``, ``skip`` and ``loop`` flows add their transitions; a
    ``drop-off`` adds none. The path may start at the first touchpoint.

    Example:
        >>> from journeymap import Journey
        >>> m = (Journey("Plan").phase("Buy").touchpoint("Cart").touchpoint("Pay")
        ...      .flow("pay", "pay", kind="retry").build())
        >>> {k: sorted(v) for k, v in allowed_transitions(m).items()}
        {None: ['cart'], 'cart': ['pay'], 'pay': ['pay']}
    """
    order = [tp.id for tp in planned.touchpoints]
    edges: dict[str | None, set[str]] = {None: {order[0]} if order else set()}
    edges.update((tp_id, set()) for tp_id in order)
    if not any(flow.kind == "next" for flow in planned.flows):
        for here, there in itertools.pairwise(order):
            edges[here].add(there)
    for flow in planned.flows:
        if flow.kind != "drop-off" and flow.target is not None:
            edges[flow.source].add(flow.target)
    return {key: frozenset(value) for key, value in edges.items()}


def deviations(
    planned: JourneyMap,
    actual: JourneyMap | Sequence[str],
    *,
    thresholds: Thresholds | None = None,
) -> Deviations:
    """Compare one customer's actual path with the planned journey.

    The path is the actual map's touchpoints in journey order, or the touchpoint ids
    given. A step is the planned touchpoint with its id, else (for a map) the first
    planned touchpoint with its name ignoring case; a touchpoint visited twice is
    written twice in the actual map, under two ids (``pays``, ``pays-again``).

    * *missing*: planned touchpoints no step reached.
    * *unplanned*: steps that are no planned touchpoint.
    * *failing*: steps of an actual map whose emotion is at or below the
      ``low-emotion`` limit, with a metric off target or marked ``critical`` (the rules of
      :func:`~journeymap.analysis.critical.critical_moments` about one touchpoint, with
      the same ``thresholds``). A path given as ids has no data, so nothing fails.
    * *out of order*: a planned step that the planned flow (see
      :func:`allowed_transitions`) does not allow after the previous planned step of
      the path. Passing over planned touchpoints the customer never reached is allowed
      (they are missing, not out of order); unplanned steps are left out of this check.

    Args:
        planned: The planned journey.
        actual: One customer's journey as a map, or as touchpoint ids in order.
        thresholds: The limits for *failing*; :class:`Thresholds` defaults when ``None``.

    Returns:
        The deviations, each list in path order (missing: in planned order).

    Raises:
        JourneyMapError: If ``actual`` is neither a map nor a sequence of ids.

    Example:
        >>> from journeymap import Journey
        >>> plan = (Journey("Plan").phase("Buy").touchpoint("Cart").touchpoint("Pay")
        ...         .flow("pay", "pay", kind="retry").build())
        >>> deviations(plan, ["cart", "pay", "pay"]).empty
        True
        >>> found = deviations(plan, ["cart", "cart"])
        >>> [m.name for m in found.missing], [o.visit.step for o in found.out_of_order]
        (['Pay'], [2])
    """
    thresholds = Thresholds() if thresholds is None else thresholds
    visits, touchpoints = _path(planned, actual)
    visited = {v.planned_id for v in visits if v.planned_id is not None}
    missing = tuple(
        Missing(tp.id, tp.name, phase.id, phase.name)
        for phase, tp in planned.iter_touchpoints()
        if tp.id not in visited
    )
    unplanned = tuple(v for v in visits if v.planned_id is None)
    failing: list[Failing] = []
    if isinstance(actual, JourneyMap):
        for visit, tp in zip(visits, touchpoints, strict=True):
            reasons = touchpoint_failures(actual, tp, thresholds, emotion=tp.emotion)
            if reasons:
                failing.append(Failing(visit, tuple(reasons)))
    edges = allowed_transitions(planned)
    out_of_order: list[OutOfOrder] = []
    onward: dict[str | None, frozenset[str]] = {}  # one search per distinct step
    previous: str | None = None
    for visit in visits:
        if visit.planned_id is None:
            continue
        if previous not in onward:
            onward[previous] = _onward(edges, previous, visited)
        if visit.planned_id not in onward[previous]:
            shown = "" if previous is None else planned.touchpoint(previous).name
            out_of_order.append(OutOfOrder(visit, previous, shown))
        previous = visit.planned_id
    return Deviations(
        planned.title, tuple(visits), missing, unplanned, tuple(failing), tuple(out_of_order)
    )


def _path(
    planned: JourneyMap, actual: JourneyMap | Sequence[str]
) -> tuple[list[Visit], list[Touchpoint]]:
    ids = {tp.id for tp in planned.touchpoints}
    if isinstance(actual, JourneyMap):
        names: dict[str, str] = {}
        for tp in planned.touchpoints:
            names.setdefault(" ".join(tp.name.split()).casefold(), tp.id)
        visits = []
        for step, tp in enumerate(actual.touchpoints, start=1):
            planned_id = tp.id if tp.id in ids else names.get(" ".join(tp.name.split()).casefold())
            visits.append(Visit(step, tp.id, tp.name, planned_id))
        return visits, list(actual.touchpoints)
    if isinstance(actual, (str, bytes)) or not isinstance(actual, Sequence):
        raise JourneyMapError(
            [
                Problem(
                    "actual",
                    f"expected a JourneyMap or a list of touchpoint ids; got "
                    f"{type(actual).__name__}",
                )
            ]
        )
    problems = [
        Problem(f"actual > {i}", f"expected a touchpoint id (text); got {type(item).__name__}")
        for i, item in enumerate(actual)
        if not isinstance(item, str)
    ]
    if problems:
        raise JourneyMapError(problems)
    return [
        Visit(step, item, item, item if item in ids else None)
        for step, item in enumerate(actual, start=1)
    ], []


def _onward(
    edges: Mapping[str | None, frozenset[str]], start: str | None, visited: set[str]
) -> frozenset[str]:
    """Every touchpoint that may follow ``start``: directly, or through unvisited ones."""
    found: set[str] = set()
    stack = list(edges[start])
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        if node not in visited:
            stack.extend(n for n in edges[node] if n not in found)
    return frozenset(found)


def mark_deviations(
    planned: JourneyMap,
    actual: JourneyMap,
    *,
    thresholds: Thresholds | None = None,
    locale: str | Words | None = None,
) -> JourneyMap:
    """The actual map with its deviations marked, for any renderer to draw.

    Each unplanned, failing or out-of-order step gets ``moment: critical`` and a pain
    point saying why (``unplanned step``, ``failing: …``, ``out of order: after «…»``).
    A missing planned touchpoint cannot be drawn where it is not, so ``missing: <name>``
    is added as a pain point of the last step that reached the planned touchpoint
    before it (else of the first step); its moment is left as it is. A map without
    touchpoints is returned unchanged.

    Args:
        planned: The planned journey.
        actual: One customer's journey.
        thresholds: The limits for *failing*, as for :func:`deviations`.
        locale: The language of the marks; the actual map's ``locale`` when ``None``.

    Returns:
        A new, validated map; ``actual`` is unchanged.

    Example:
        >>> from journeymap import Journey
        >>> plan = Journey("Plan").phase("Buy").touchpoint("Cart").touchpoint("Pay").build()
        >>> real = (Journey("Ana").phase("Buy").touchpoint("Pay").touchpoint("Cart")
        ...         .touchpoint("Calls the shop").build())
        >>> marked = mark_deviations(plan, real)
        >>> for tp in marked.touchpoints:
        ...     print(tp.name, tp.moment, tp.pain_points)
        Pay critical ('out of order: the plan does not start here',)
        Cart critical ('out of order: after «Pay»',)
        Calls the shop critical ('unplanned step',)
    """
    found = deviations(planned, actual, thresholds=thresholds)
    words = words_for(actual.locale if locale is None else locale)
    notes: dict[int, list[str]] = {}
    critical: set[int] = set()
    for visit in found.unplanned:
        critical.add(visit.step)
        notes.setdefault(visit.step, []).append(words["deviation.unplanned"])
    for failing in found.failing:
        critical.add(failing.visit.step)
        reasons = "; ".join(reason.text(words) for reason in failing.reasons)
        text = words["deviation.failing"].format(reasons=reasons)
        notes.setdefault(failing.visit.step, []).append(text)
    for wrong in found.out_of_order:
        critical.add(wrong.visit.step)
        text = words["deviation.out_of_order"].format(detail=out_of_order_detail(wrong, words))
        notes.setdefault(wrong.visit.step, []).append(text)
    if found.path:
        index = {tp.id: i for i, tp in enumerate(planned.touchpoints)}
        for gone in found.missing:
            anchor = _anchor(found.path, index, index[gone.planned_id])
            text = words["deviation.missing"].format(name=gone.name)
            notes.setdefault(anchor, []).append(text)
    if not notes:
        return actual
    data: dict[str, Any] = actual.model_dump(mode="json", exclude_defaults=True)
    step = 0
    for phase in data.get("phases", ()):
        for tp in phase.get("touchpoints", ()):
            step += 1
            if step in critical:
                tp["moment"] = "critical"
            if step in notes:
                tp["pain_points"] = [*tp.get("pain_points", ()), *notes[step]]
    return JourneyMap.model_validate(data)


def out_of_order_detail(wrong: OutOfOrder, locale: str | Words = "en") -> str:
    """What came before an out-of-order step, in a few words.

    Example:
        >>> v = Visit(2, "cart", "Cart", "cart")
        >>> out_of_order_detail(OutOfOrder(v, "pay", "Pay")), out_of_order_detail(
        ...     OutOfOrder(v, None), "es")
        ('after «Pay»', 'el plan no empieza aquí')
    """
    words = words_for(locale)
    if wrong.previous is None:
        return words["deviation.first"]
    return words["deviation.after"].format(previous=wrong.previous_name)


def _anchor(path: Sequence[Visit], index: Mapping[str, int], missing_at: int) -> int:
    """The step after which a planned touchpoint at ``missing_at`` was due."""
    best: tuple[int, int] | None = None
    for visit in path:
        if visit.planned_id is None:
            continue
        at = index[visit.planned_id]
        if at < missing_at and (best is None or at >= best[0]):
            best = (at, visit.step)
    return path[0].step if best is None else best[1]
