"""The fluent builder: how people write a journey map in Python.

``Journey(...)`` collects the map's header; ``.phase(...)`` opens a phase and every
following ``.touchpoint(...)`` goes into it. Each call validates its own piece at once,
so a bad value fails on the line that wrote it, with a message naming the phase and
touchpoint. ``.build()`` validates the whole document and returns a frozen
:class:`~journeymap.model.JourneyMap`.

Example:
    >>> journey = (
    ...     Journey("Online checkout", persona="First-time buyer")
    ...     .phase("Discover")
    ...     .touchpoint("Sees an ad", channel="social", emotion=1)
    ...     .phase("Buy")
    ...     .touchpoint("Pays", channel="web", emotion=-2, pain_points=["Hidden fees"])
    ... )
    >>> m = journey.build()
    >>> [tp.id for tp in m.touchpoints], m.moment_of(m.touchpoint("pays"))
    (['sees-an-ad', 'pays'], 'critical')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from journeymap.catalogue import BUILTIN_CHANNELS, ChannelMode
from journeymap.diagnostics import problems_from, validate_map
from journeymap.errors import JourneyMapError, Problem
from journeymap.fields import MAX_NUMBER
from journeymap.ids import slugify, unique_id
from journeymap.model import (
    Actor,
    ActorRole,
    Channel,
    Curve,
    CurveSource,
    EmotionScale,
    EvidenceLevel,
    Flow,
    FlowKind,
    JourneyMap,
    MapKind,
    Metric,
    Moment,
    Persona,
    Phase,
    Touchpoint,
    unknown_channel,
)

__all__ = ["Journey", "as_map"]

_M = TypeVar("_M", bound=BaseModel)


def _validated(cls: type[_M], data: Any, where: str) -> _M:
    """Validate one piece, naming ``where`` it is in the error."""
    if isinstance(data, cls):
        return data
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc, data, root=cls)
        raise JourneyMapError(
            Problem(f"{where} > {p.where}" if p.where else where, p.message) for p in problems
        ) from None


class _PhaseDraft:
    """A phase being written: its header and the touchpoints added so far."""

    def __init__(self, header: Phase) -> None:
        self.header = header
        self.touchpoints: list[Touchpoint] = []

    def phase(self) -> Phase:
        return Phase(
            id=self.header.id,
            name=self.header.name,
            goal=self.header.goal,
            description=self.header.description,
            touchpoints=tuple(self.touchpoints),
        )


class Journey:
    """A customer journey map under construction.

    Args:
        title: The map's title.
        persona: The protagonist: a name, a :class:`~journeymap.model.Persona` or a dict.
        objective: Why the map exists: what it should reveal.
        scenario: The situation the persona is in.
        expectations: What the persona expects of the service.
        description: What the map shows.
        kind: ``"current"`` (as is) or ``"future"`` (to be).
        scale: The emotion scale: an :class:`~journeymap.model.EmotionScale`, a dict,
            two integers such as ``(1, 5)`` or ``[1, 5]``, or ``"MIN..MAX"`` such as
            ``"1..5"``. Default -2..+2.
        locale: The language of the map's text, e.g. ``"en"`` or ``"es"``.
        tags: Free labels.
        surveys: Survey answer files (``.csv``, ``.json``) relative to the map's file,
            applied by ``journeymap render`` and
            :func:`journeymap.analysis.with_surveys` (see ``docs/evidence.md``).

    Raises:
        JourneyMapError: If any argument is invalid.

    Example:
        >>> Journey("Onboarding", scale="1..5").phase("Sign up").touchpoint(
        ...     "Creates account", emotion=4).build().scale.describe()
        '1..5'
    """

    def __init__(
        self,
        title: str,
        *,
        persona: str | Persona | Mapping[str, Any] | None = None,
        objective: str | None = None,
        scenario: str | None = None,
        expectations: Iterable[str] = (),
        description: str | None = None,
        kind: MapKind = "current",
        scale: EmotionScale | Mapping[str, Any] | Sequence[int] | str | None = None,
        locale: str = "en",
        tags: Iterable[str] = (),
        surveys: Iterable[str] = (),
    ) -> None:
        if isinstance(persona, str):
            persona = {"name": persona}
        header: dict[str, Any] = {
            "title": title,
            "persona": persona,
            "objective": objective,
            "scenario": scenario,
            "expectations": _as_tuple(expectations),
            "description": description,
            "kind": kind,
            "locale": locale,
            "tags": _as_tuple(tags),
            "surveys": _as_tuple(surveys),
        }
        if scale is not None:
            header["scale"] = scale
        # Validate the header alone now, so that errors point at this call.
        self._header = _validated(JourneyMap, header, "Journey(...)")
        self._actors: dict[str, Actor] = {}
        self._channels: dict[str, Channel] = {}
        self._channel_names: dict[str, str] = {}  # casefolded name -> id, first declared
        self._phases: list[_PhaseDraft] = []
        self._flows: list[Flow] = []
        self._curves: list[Curve] = []
        self._touchpoint_ids: set[str] = set()

    # -- declarations --------------------------------------------------------------------

    @property
    def scale(self) -> EmotionScale:
        """The emotion scale touchpoints are checked against."""
        return self._header.scale

    def actor(
        self,
        name: str,
        *,
        id: str | None = None,
        role: ActorRole = "customer",
        description: str | None = None,
    ) -> Journey:
        """Declare an actor that touchpoints can name in ``actors=[...]``.

        Args:
            name: Display name.
            id: Id; derived from the name when omitted.
            role: customer, frontstage, backstage, support, system or partner.
            description: What the actor does.

        Returns:
            The builder, for chaining.

        Example:
            >>> j = Journey("Support").actor("Agent", role="frontstage")
            >>> j.phase("Ask").touchpoint("Calls", actors=["agent"]).build().actors[0].role
            'frontstage'
        """
        data = {
            "id": id or slugify(name, "actor"),
            "name": name,
            "role": role,
            "description": description,
        }
        self._declare_actor(_validated(Actor, data, f"actor {name!r}"), f"actor {name!r}")
        return self

    def channel(
        self,
        name: str,
        *,
        id: str | None = None,
        mode: ChannelMode | None = None,
    ) -> Journey:
        """Declare a custom channel, or rename a built-in one.

        Args:
            name: Display name, e.g. ``"WhatsApp"``.
            id: Id used by ``touchpoint(channel=...)``; derived from the name when omitted.
            mode: online, offline or hybrid.

        Returns:
            The builder, for chaining.

        Example:
            >>> j = Journey("Support").channel("WhatsApp", mode="online")
            >>> j.phase("Ask").touchpoint("Writes", channel="whatsapp").build().channels
            (Channel(id='whatsapp', name='WhatsApp', mode='online'),)
        """
        channel_id = id or slugify(name, "channel")
        where = f"channel {name!r}"
        if channel_id in self._channels:
            raise JourneyMapError(
                [Problem(where, f"channel id {channel_id!r} is already declared")]
            )
        if mode is None and channel_id in BUILTIN_CHANNELS:
            mode = BUILTIN_CHANNELS[channel_id][1]  # a renamed built-in keeps its mode
        data = {"id": channel_id, "name": name, "mode": mode}
        self._channels[channel_id] = _validated(Channel, data, where)
        self._channel_names.setdefault(name.casefold(), channel_id)
        return self

    def phase(
        self,
        name: str,
        *,
        id: str | None = None,
        goal: str | None = None,
        description: str | None = None,
    ) -> Journey:
        """Start a new phase; the touchpoints that follow belong to it.

        Args:
            name: The phase's name.
            id: Id; derived from the name when omitted (``-2``, ``-3``… when taken).
            goal: What the customer wants in this phase.
            description: More detail.

        Returns:
            The builder, for chaining.
        """
        where = f"phase {name!r}" if isinstance(name, str) else "phase(...)"
        taken = {draft.header.id for draft in self._phases}
        if id is None:
            phase_id = unique_id(slugify(name if isinstance(name, str) else "", "phase"), taken)
        else:
            phase_id = id
            if phase_id in taken:
                raise JourneyMapError(
                    [Problem(where, f"phase id {id!r} is used twice; ids must be unique")]
                )
        header = _validated(
            Phase,
            {"id": phase_id, "name": name, "goal": goal, "description": description},
            where,
        )
        self._phases.append(_PhaseDraft(header))
        return self

    def touchpoint(
        self,
        name: str,
        *,
        id: str | None = None,
        channel: str | None = None,
        emotion: float | None = None,
        action: str | None = None,
        description: str | None = None,
        actors: Iterable[str | Actor | Mapping[str, Any]] = (),
        feeling: str | None = None,
        thoughts: Iterable[str] | str = (),
        motivations: Iterable[str] | str = (),
        doubts: Iterable[str] | str = (),
        pain_points: Iterable[str] | str = (),
        opportunities: Iterable[str] | str = (),
        moment: Moment | None = None,
        frontstage: Iterable[str] | str = (),
        backstage: Iterable[str] | str = (),
        support: Iterable[str] | str = (),
        evidence: Iterable[str] | str = (),
        owner: str | None = None,
        duration: str | None = None,
        metrics: Iterable[Metric | Mapping[str, Any]] = (),
        evidence_level: EvidenceLevel | None = None,
    ) -> Journey:
        """Add a touchpoint to the current phase.

        Args:
            name: What happens, in a few words.
            id: Id; derived from the name when omitted (``-2``, ``-3``… when taken).
            channel: A built-in channel id (``web``, ``email``, ``phone``…, in any case),
                or the id or name of a channel declared with :meth:`channel`. Any other
                value is an error (with a suggestion), as it is in files: a typo cannot
                create a channel.
            emotion: How the customer feels, on the map's scale.
            action: What the customer does.
            description: More detail.
            actors: Ids or names of actors declared with :meth:`actor`, or
                :class:`~journeymap.model.Actor` objects or dicts, declared here. An
                unknown id or name is an error, so a typo cannot create an actor.
            feeling: The feeling in one word.
            thoughts: What the customer thinks.
            motivations: What drives the customer.
            doubts: The customer's questions and doubts.
            pain_points: What goes wrong.
            opportunities: Ideas to improve the moment.
            moment: positive, neutral, negative or critical; derived from the emotion
                when omitted.
            frontstage: Visible interactions.
            backstage: Internal processes.
            support: Supporting processes and systems.
            evidence: Physical evidence.
            owner: Who owns the touchpoint.
            duration: How long it takes, as written.
            metrics: :class:`~journeymap.model.Metric` objects or dicts.
            evidence_level: Whether the emotion is assumed or measured.

        Returns:
            The builder, for chaining.

        Raises:
            JourneyMapError: If called before any :meth:`phase`, or if a value is invalid.
        """
        shown = repr(name) if isinstance(name, str) else "(unnamed)"
        if not self._phases:
            raise JourneyMapError(
                [
                    Problem(
                        f"touchpoint {shown}",
                        "touchpoint() was called before any phase(); "
                        "call .phase('Name') first to open the phase it belongs to",
                    )
                ]
            )
        draft = self._phases[-1]
        where = f"phase {draft.header.name!r} > touchpoint {shown}"
        if id is None:
            tp_id = unique_id(
                slugify(name if isinstance(name, str) else "", "touchpoint"),
                self._touchpoint_ids,
            )
        else:
            tp_id = id
            if tp_id in self._touchpoint_ids:
                raise JourneyMapError(
                    [
                        Problem(
                            f"{where} > id",
                            f"touchpoint id {id!r} is used twice; ids must be unique",
                        )
                    ]
                )
        pending = _Pending()
        data: dict[str, Any] = {
            "id": tp_id,
            "name": name,
            "description": description,
            "action": action,
            "channel": self._channel_ref(channel, where) if channel is not None else None,
            "actors": tuple(self._actor_ref(a, where, pending) for a in _iterable(actors)),
            "emotion": emotion,
            "feeling": feeling,
            "thoughts": _as_tuple(thoughts),
            "motivations": _as_tuple(motivations),
            "doubts": _as_tuple(doubts),
            "pain_points": _as_tuple(pain_points),
            "opportunities": _as_tuple(opportunities),
            "moment": moment,
            "frontstage": _as_tuple(frontstage),
            "backstage": _as_tuple(backstage),
            "support": _as_tuple(support),
            "evidence": _as_tuple(evidence),
            "owner": owner,
            "duration": duration,
            "metrics": _as_tuple(metrics),
            "evidence_level": evidence_level,
        }
        tp = _validated(Touchpoint, data, where)
        if tp.emotion is not None and not self.scale.contains(tp.emotion):
            raise JourneyMapError(
                [
                    Problem(
                        f"{where} > emotion",
                        self.scale.off_scale(tp.emotion),
                    )
                ]
            )
        # Declarations the call implies are kept only once the whole call is valid.
        self._actors.update(pending.actors)
        draft.touchpoints.append(tp)
        self._touchpoint_ids.add(tp.id)
        return self

    def flow(
        self,
        source: str,
        target: str | None = None,
        *,
        kind: FlowKind = "next",
        label: str | None = None,
        share: float | None = None,
    ) -> Journey:
        """Add a transition between two touchpoints (checked at :meth:`build`).

        Args:
            source: Id of the touchpoint the flow leaves.
            target: Id of the touchpoint it reaches; ``None`` for a drop-off.
            kind: next, branch, retry, skip, drop-off or loop.
            label: Text shown on the flow.
            share: Share of customers taking it, 0..1.

        Returns:
            The builder, for chaining.
        """
        where = f"flow {source!r} -> {target!r}" if target is not None else f"flow {source!r}"
        data = {"source": source, "target": target, "kind": kind, "label": label, "share": share}
        self._flows.append(_validated(Flow, data, where))
        return self

    def curve(
        self,
        name: str,
        values: Mapping[str, float] | Sequence[float | None],
        *,
        source: CurveSource = "measured",
        id: str | None = None,
        description: str | None = None,
        n: int | None = None,
    ) -> Journey:
        """Add an extra emotion curve to compare with the touchpoints' own emotions.

        Args:
            name: Legend text, e.g. ``"Survey, March"``.
            values: ``{touchpoint_id: value}``, or one value per touchpoint added so far,
                in order (``None`` where there is none).
            source: assumed, measured, competitor or future.
            id: Id; derived from the name when omitted.
            description: How the values were obtained.
            n: Number of respondents.

        Returns:
            The builder, for chaining.

        Example:
            >>> j = Journey("J").phase("P").touchpoint("A", emotion=1).touchpoint("B")
            >>> j.curve("Survey", [0.5, -1], n=40).build().curves[0].value_at("b")
            -1
        """
        where = f"curve {name!r}"
        if isinstance(values, Mapping):
            points = dict(values)
        else:
            order = [tp.id for draft in self._phases for tp in draft.touchpoints]
            listed = list(values)
            if len(listed) != len(order):
                raise JourneyMapError(
                    [
                        Problem(
                            where,
                            f"{len(listed)} values were given for {len(order)} touchpoints; "
                            "give one value per touchpoint (None for none) or a mapping "
                            "{touchpoint_id: value}",
                        )
                    ]
                )
            points = {tp: v for tp, v in zip(order, listed, strict=True) if v is not None}
        for touchpoint_id, value in points.items():
            if _is_number(value) and abs(value) <= MAX_NUMBER and not self.scale.contains(value):
                raise JourneyMapError(
                    [
                        Problem(
                            f"{where} > point {touchpoint_id!r} > value",
                            self.scale.off_scale(value),
                        )
                    ]
                )
        taken = {c.id for c in self._curves}
        curve_id = id or unique_id(slugify(name, "curve"), taken)
        data = {
            "id": curve_id,
            "name": name,
            "source": source,
            "description": description,
            "n": n,
            "points": points,
        }
        self._curves.append(_validated(Curve, data, where))
        return self

    # -- output --------------------------------------------------------------------------

    def build(self) -> JourneyMap:
        """Validate the whole journey and return it as a frozen model.

        Calling it again returns an equal model; the builder can be extended afterwards.

        Raises:
            JourneyMapError: If the document as a whole is invalid (dangling references,
                duplicate ids, values off the scale).
        """
        data = dict(self._header)
        data["actors"] = tuple(self._actors.values())
        data["channels"] = tuple(self._channels.values())
        data["phases"] = tuple(draft.phase() for draft in self._phases)
        data["flows"] = tuple(self._flows)
        data["curves"] = tuple(self._curves)
        return validate_map(data)

    @classmethod
    def from_map(cls, journey_map: JourneyMap) -> Journey:
        """A builder holding everything of ``journey_map``, to extend it.

        Example:
            >>> m = Journey("J").phase("P").touchpoint("A").build()
            >>> Journey.from_map(m).touchpoint("B").build().touchpoints[-1].id
            'b'
        """
        header = journey_map.model_dump(
            include={
                "title",
                "persona",
                "objective",
                "scenario",
                "expectations",
                "description",
                "kind",
                "scale",
                "locale",
                "tags",
                "surveys",
            }
        )
        builder = cls(**header)
        for actor in journey_map.actors:
            builder._actors[actor.id] = actor
        for channel in journey_map.channels:
            builder._channels[channel.id] = channel
            builder._channel_names.setdefault(channel.name.casefold(), channel.id)
        for phase in journey_map.phases:
            draft = _PhaseDraft(
                Phase(id=phase.id, name=phase.name, goal=phase.goal, description=phase.description)
            )
            draft.touchpoints.extend(phase.touchpoints)
            builder._phases.append(draft)
            builder._touchpoint_ids.update(tp.id for tp in phase.touchpoints)
        builder._flows.extend(journey_map.flows)
        builder._curves.extend(journey_map.curves)
        return builder

    def __repr__(self) -> str:
        count = sum(len(d.touchpoints) for d in self._phases)
        return f"Journey({self._header.title!r}, phases={len(self._phases)}, touchpoints={count})"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """How Jupyter shows the builder: the SVG map it builds, or why it cannot build."""
        from journeymap.display import mimebundle

        return mimebundle(self)

    # -- helpers -------------------------------------------------------------------------

    def _declare_actor(self, actor: Actor, where: str, pending: _Pending | None = None) -> None:
        known = self._actors.get(actor.id) or (pending.actors.get(actor.id) if pending else None)
        if known is not None and known != actor:
            raise JourneyMapError(
                [
                    Problem(
                        where,
                        f"actor id {actor.id!r} is already declared as {known.name!r} "
                        f"({known.role}); use a different id",
                    )
                ]
            )
        if pending is None:
            self._actors[actor.id] = actor
        else:
            pending.actors[actor.id] = actor

    def _actor_ref(
        self, actor: str | Actor | Mapping[str, Any], where: str, pending: _Pending
    ) -> str:
        """The id of an actor named in a touchpoint; new actors go to ``pending``."""
        here = f"{where} > actors"
        if isinstance(actor, str):
            known_actors = {**self._actors, **pending.actors}
            if actor in known_actors:
                return actor
            for known in known_actors.values():
                if known.name == actor:
                    return known.id
            declared = ", ".join(repr(a) for a in sorted(known_actors)) or "none"
            raise JourneyMapError(
                [
                    Problem(
                        here,
                        f"actor {actor!r} is not declared; allowed: the id or name of an "
                        f"actor declared with .actor() ({declared}), or an Actor or dict "
                        "to declare one here",
                    )
                ]
            )
        if isinstance(actor, Mapping) and "id" not in actor and isinstance(actor.get("name"), str):
            actor = {**actor, "id": slugify(actor["name"], "actor")}
        model = _validated(Actor, actor, here)
        self._declare_actor(model, here, pending)
        return model.id

    def _channel_ref(self, channel: str, where: str) -> str:
        """The id of the channel a touchpoint names: built in or declared, by id or name."""
        here = f"{where} > channel"
        if not isinstance(channel, str):
            raise JourneyMapError(
                [Problem(here, f"expected a channel id or name; got {type(channel).__name__}")]
            )
        if channel in self._channels or channel in BUILTIN_CHANNELS:
            return channel
        slug = slugify(channel, "channel")
        if slug in self._channels or slug in BUILTIN_CHANNELS:
            return slug  # "Web" is the built-in "web"
        folded = channel.casefold()
        found = self._channel_names.get(folded) or _BUILTIN_NAMES.get(folded)
        if found is not None:
            return found
        known = {key: value[0] for key, value in BUILTIN_CHANNELS.items()}
        known.update((key, value.name) for key, value in self._channels.items())
        raise JourneyMapError(
            [
                Problem(
                    here,
                    unknown_channel(channel, known)
                    + f", or declare it first with .channel({channel!r})",
                )
            ]
        )


# The catalogue's names, so that a touchpoint may say channel="E-mail".
_BUILTIN_NAMES = {name.casefold(): key for key, (name, _) in BUILTIN_CHANNELS.items()}


class _Pending:
    """Actors a touchpoint call declares, kept only if the call succeeds."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _iterable(value: Any) -> Iterable[Any]:
    if isinstance(value, (str, Mapping, BaseModel)):
        return (value,)
    return value  # type: ignore[no-any-return]


def _as_tuple(value: Any) -> Any:
    """Lists and other iterables become tuples; strings and odd values are left to validation."""
    if isinstance(value, (str, bytes, Mapping)) or value is None:
        return value
    try:
        return tuple(value)
    except TypeError:
        return value


def as_map(journey: object) -> JourneyMap:
    """The map of ``journey``: a :class:`JourneyMap` as it is, a :class:`Journey` built.

    Example:
        >>> as_map(Journey("Trip").phase("Go").touchpoint("Leave")).title
        'Trip'

    Raises:
        JourneyMapError: For anything else, naming what was given.
    """
    if isinstance(journey, JourneyMap):
        return journey
    if isinstance(journey, Journey):
        return journey.build()
    raise JourneyMapError(
        f"expected a JourneyMap or a Journey builder; got {type(journey).__name__}"
    )
