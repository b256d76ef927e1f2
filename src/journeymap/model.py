"""The journey model: frozen, validated pydantic data.

A :class:`JourneyMap` is plain data. It is frozen (lists are tuples), refuses unknown
fields, round-trips through JSON without loss and publishes a JSON Schema. Build one with
the fluent :class:`journeymap.Journey` builder, load one from YAML or JSON with
:func:`journeymap.load`, or validate a dict directly.

Example:
    >>> m = JourneyMap.model_validate({
    ...     "title": "Checkout",
    ...     "phases": [{"id": "buy", "name": "Buy", "touchpoints": [
    ...         {"id": "pay", "name": "Pay", "channel": "web", "emotion": -1}]}],
    ... })
    >>> m.touchpoint("pay").emotion, m.moment_of(m.touchpoint("pay"))
    (-1, 'negative')
    >>> JourneyMap.model_validate(m.model_dump(mode="json")) == m
    True
"""

from __future__ import annotations

import difflib
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from typing_extensions import Self

from journeymap.catalogue import BUILTIN_CHANNELS, ChannelMode
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.fields import (
    ID_PATTERN,
    Count,
    Id,
    Level,
    Name,
    Score,
    Share,
    Text,
    TextList,
    describe_number,
    to_score,
)

__all__ = [
    "METRIC_BETTER",
    "METRIC_RANGES",
    "Actor",
    "ActorRole",
    "Channel",
    "ChannelMode",
    "CrossReferenceErrors",
    "Curve",
    "CurvePoint",
    "CurveSource",
    "EmotionScale",
    "EvidenceLevel",
    "Flow",
    "FlowKind",
    "JourneyMap",
    "MapKind",
    "Metric",
    "MetricKind",
    "ModelValidationError",
    "Moment",
    "Persona",
    "Phase",
    "Touchpoint",
    "Valence",
    "unknown_channel",
]

#: How a moment feels to the customer; ``critical`` marks a hot spot where they may be lost.
Moment = Literal["positive", "neutral", "negative", "critical"]
#: The sign of an emotion relative to the scale's neutral point.
Valence = Literal["positive", "neutral", "negative"]
#: Who an actor is in the service.
ActorRole = Literal["customer", "frontstage", "backstage", "support", "system", "partner"]
#: What a metric measures.
MetricKind = Literal["nps", "csat", "ces", "conversion", "drop-off", "time", "custom"]
#: How one touchpoint leads to another.
FlowKind = Literal["next", "branch", "retry", "skip", "drop-off", "loop"]
#: Where the values of a curve come from.
CurveSource = Literal["assumed", "measured", "competitor", "future"]
#: How well an emotion is backed by evidence.
EvidenceLevel = Literal["assumed", "measured"]
#: Whether the map shows the journey as it is or as it should become.
MapKind = Literal["current", "future"]

_MAX_SCALE_LEVELS = 100
_SHARE_TOLERANCE = 1e-9


class ModelValidationError(JourneyMapError, ValidationError):
    """The :class:`~journeymap.errors.JourneyMapError` raised by the pydantic entry points.

    ``model_validate``, ``model_validate_json``, ``model_validate_strings`` and the
    constructors of every model class raise it for bad input: located problems, like
    every error of the library. It is also a :class:`pydantic.ValidationError`, so code
    written against pydantic (``except ValidationError``, ``.errors()``) keeps working.
    Pickled, it comes back as a plain :class:`~journeymap.errors.JourneyMapError`.

    Example:
        >>> try:
        ...     Persona(name="")
        ... except JourneyMapError as exc:
        ...     print(exc)
        name: must not be empty; allowed: any text with at least one visible character
    """

    problems: tuple[Problem, ...]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # pydantic-core builds the instance (see wrap); the problems are set afterwards.
        self.problems = ()

    @classmethod
    def wrap(cls, error: ValidationError, data: Any, model: type[BaseModel]) -> JourneyMapError:
        """Turn pydantic's ``error`` for ``data`` validated as ``model`` into located problems.

        Args:
            error: What pydantic raised.
            data: The input, used to name phases and touchpoints in locations.
            model: The model class that was validated.

        Returns:
            The error to raise.
        """
        from journeymap.diagnostics import problems_from

        try:
            problems = problems_from(error, data, root=model)
        except ValueError:  # an input too long to show (an integer of 5,000 digits)
            problems = []
        if not problems:
            return _surprise(ValueError(str(error)), data)
        details: list[Any] = [
            {key: item[key] for key in ("type", "loc", "input", "ctx") if key in item}
            for item in error.errors(include_url=False)
        ]
        try:
            wrapped: JourneyMapError = cls.from_exception_data(error.title, details)
        except Exception:  # pragma: no cover - an error type pydantic cannot rebuild
            return JourneyMapError(problems)
        wrapped.problems = tuple(problems)
        wrapped.args = (wrapped._format(),)
        return wrapped

    def __str__(self) -> str:
        return self._format()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._format()!r})"

    def __reduce__(self) -> Any:
        return (JourneyMapError, (self.problems,))


class _Model(BaseModel):
    """Base of every model class: frozen, strict about unknown fields.

    Every pydantic entry point raises :class:`ModelValidationError` (a
    :class:`~journeymap.errors.JourneyMapError`) instead of pydantic's own error.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        coerce_numbers_to_str=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ModelValidationError.wrap(exc, data, type(self)) from None
        except _SURPRISES as exc:
            raise _surprise(exc, data) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; raise a located :class:`ModelValidationError` if it is invalid."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            raise ModelValidationError.wrap(exc, obj, cls) from None
        except _SURPRISES as exc:
            raise _surprise(exc, obj) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, **kwargs: Any) -> Self:
        """Validate JSON text; raise a located :class:`ModelValidationError` if it is invalid."""
        try:
            return super().model_validate_json(json_data, **kwargs)
        except ValidationError as exc:
            raise ModelValidationError.wrap(exc, _parsed(json_data), cls) from None
        except _SURPRISES as exc:
            raise _surprise(exc, _parsed(json_data)) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate string values; raise a located :class:`ModelValidationError` if invalid."""
        try:
            return super().model_validate_strings(obj, **kwargs)
        except ValidationError as exc:
            raise ModelValidationError.wrap(exc, obj, cls) from None
        except _SURPRISES as exc:
            raise _surprise(exc, obj) from None


# What pydantic-core raises outside its ValidationError for some inputs (an integer of
# more than 4,300 digits is a bare ValueError), or a validator on an input too odd for it.
_SURPRISES = (ValueError, TypeError, ArithmeticError, RecursionError)
# Integers longer than this (about 4,000 digits) are past what Python prints by default.
_HUGE_BITS = 13_000


def _surprise(exc: BaseException, data: Any) -> JourneyMapError:
    """A located error for an exception pydantic did not turn into a ValidationError."""
    if isinstance(exc, JourneyMapError):
        return exc
    found = _huge_integer(data)
    if found is not None:
        from journeymap.diagnostics import describe_path

        path, value = found
        return JourneyMapError(
            [
                Problem(
                    describe_path(data, path),
                    f"{describe_number(value)} is too large; allowed: numbers between -1e15 "
                    "and 1e15, and text",
                    path,
                )
            ]
        )
    return JourneyMapError(f"the input cannot be validated: {type(exc).__name__}: {exc}")


def _huge_integer(data: Any) -> tuple[Path, int] | None:
    """The first integer too long to print in ``data``, walking without recursion."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, int) and node.bit_length() > _HUGE_BITS:
            return path, node
        if isinstance(node, Mapping):
            items = list(node.items())
            stack.extend(((*path, str(k)), v) for k, v in reversed(items))
        elif isinstance(node, (list, tuple)):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
    return None


def _parsed(json_data: Any) -> Any:
    """The JSON document, to name locations in messages; ``None`` when it does not parse."""
    try:
        return json.loads(json_data)
    except Exception:  # any bad JSON: the locations then use indices
        return None


class CrossReferenceErrors(ValueError):
    """Problems found across the document, each with its path (used internally).

    pydantic wraps this exception; :mod:`journeymap.diagnostics` unwraps it so that each
    problem keeps its own location.
    """

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


class EmotionScale(_Model):
    """The scale emotions are measured on.

    The default is -2..+2 with 0 as neutral. Mermaid's journey and CSAT use 1..5
    (``EmotionScale.five_point()``, or ``"1..5"`` in files). Labels, when given, name
    every integer level from ``min`` to ``max``.

    Example:
        >>> EmotionScale.model_validate("1..5")
        EmotionScale(min=1, max=5, neutral=3, labels=())
        >>> EmotionScale().valence(-0.5)
        'negative'
    """

    min: Level = Field(-2, description="Lowest level of the scale (the worst feeling).")
    max: Level = Field(2, description="Highest level of the scale (the best feeling).")
    neutral: Score = Field(
        0, description="The neutral level; defaults to the midpoint of min and max."
    )
    labels: tuple[Name, ...] = Field(
        (), description="Optional words for every integer level from min to max."
    )

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = _scale_from_text(data)
        elif isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
            data = _scale_from_pair(data)
        if isinstance(data, Mapping) and "neutral" not in data and ("min" in data or "max" in data):
            try:
                lo_v = to_score(data.get("min", -2))
                hi_v = to_score(data.get("max", 2))
            except ValueError:
                return data  # the field validators report it
            total = lo_v + hi_v
            if isinstance(total, int) and total % 2 == 0:
                middle: int | float = total // 2
            else:
                middle = total / 2
                middle = int(middle) if middle.is_integer() else middle
            data = {**data, "neutral": middle}
        return data

    @model_validator(mode="after")
    def _check(self) -> EmotionScale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if self.max - self.min > _MAX_SCALE_LEVELS:
            raise ValueError(
                f"a scale spans at most {_MAX_SCALE_LEVELS} steps; got {self.min}..{self.max}"
            )
        if not self.min <= self.neutral <= self.max:
            raise ValueError(f"neutral ({self.neutral}) must lie within {self.min}..{self.max}")
        levels = self.max - self.min + 1
        if self.labels and len(self.labels) != levels:
            raise ValueError(
                f"labels name every level from {self.min} to {self.max}: "
                f"{levels} labels are needed, {len(self.labels)} were given"
            )
        return self

    @classmethod
    def bipolar(cls) -> EmotionScale:
        """The default scale, -2..+2 with 0 as neutral."""
        return cls()

    @classmethod
    def five_point(cls) -> EmotionScale:
        """The 1..5 scale of Mermaid journeys and CSAT surveys, 3 as neutral.

        Example:
            >>> EmotionScale.five_point().neutral
            3
        """
        return cls(min=1, max=5, neutral=3)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies on the scale."""
        return self.min <= value <= self.max

    def off_scale(self, value: float) -> str:
        """The message for a value outside the scale, saying what is allowed."""
        return (
            f"{describe_number(value)} is outside the map's scale; "
            f"allowed: a number from {self.min} to {self.max}"
        )

    def describe(self) -> str:
        """The scale as text, e.g. ``-2..2``."""
        return f"{self.min}..{self.max}"

    def valence(self, value: float) -> Valence:
        """Whether ``value`` is above, at or below the neutral level."""
        if value > self.neutral:
            return "positive"
        if value < self.neutral:
            return "negative"
        return "neutral"

    def moment(self, value: float) -> Moment:
        """The moment an emotion implies: the lowest level of the scale is critical.

        Example:
            >>> [EmotionScale().moment(v) for v in (-2, -1, 0, 2)]
            ['critical', 'negative', 'neutral', 'positive']
        """
        if value <= self.min:
            return "critical"
        return self.valence(value)

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between ``min`` (0.0) and ``max`` (1.0)."""
        return (value - self.min) / (self.max - self.min)


_SCALE_FORMS = (
    "allowed: two integers [MIN, MAX] such as [1, 5], 'MIN..MAX' such as '1..5', "
    "or a mapping with min, max, neutral and labels"
)


def _scale_from_text(text: str) -> dict[str, int]:
    lo, sep, hi = text.partition("..")
    try:
        if not sep:
            raise ValueError
        return {"min": int(lo), "max": int(hi)}
    except ValueError:
        shown = repr(text) if len(text) <= 40 else repr(text[:39]) + "…"
        raise ValueError(f"{shown} is not a scale; {_SCALE_FORMS}") from None


def _scale_from_pair(pair: Sequence[Any]) -> dict[str, int]:
    count = len(pair)
    if count != 2:
        raise ValueError(
            f"a scale written as a list needs 2 items, got {count} "
            f"item{'' if count == 1 else 's'}; {_SCALE_FORMS}"
        )
    bounds = []
    for bound in pair:
        try:  # any integer type (NumPy's too), never a bool or a float
            if isinstance(bound, bool):
                raise TypeError
            bounds.append(operator.index(bound))
        except TypeError:
            shown = repr(bound) if len(repr(bound)) <= 40 else type(bound).__name__
            raise ValueError(
                f"a scale written as a list holds two integers; {shown} is not an integer; "
                f"{_SCALE_FORMS}"
            ) from None
    return {"min": bounds[0], "max": bounds[1]}


def _scale_shorthands(schema: dict[str, Any]) -> None:
    """Let the published schema accept a scale written as ``"1..5"`` or ``[1, 5]``."""
    ref = schema.pop("$ref", None)
    if ref is None:  # pragma: no cover - pydantic always refers to the model
        return
    schema["anyOf"] = [
        {"$ref": ref},
        {"type": "string", "pattern": r"^\s*-?\d+\s*\.\.\s*-?\d+\s*$"},
        {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
    ]


def _name_shorthand(schema: dict[str, Any]) -> None:
    """Let the published schema accept a persona written as its name alone."""
    options = schema.get("anyOf")
    if isinstance(options, list):
        options.insert(1, {"type": "string", "minLength": 1})


class Persona(_Model):
    """The protagonist of the map; in a map, its name alone will do.

    Example:
        >>> Persona(name="Ana", goals=("Pay quickly",)).goals
        ('Pay quickly',)
        >>> Persona.model_validate("Site manager").name
        'Site manager'
    """

    name: Name = Field(description="Who the persona is, e.g. 'Site manager'.")
    description: Text | None = Field(None, description="A short portrait of the persona.")
    goals: TextList = Field((), description="What the persona wants to achieve.")
    needs: TextList = Field((), description="What the persona needs from the service.")
    frustrations: TextList = Field((), description="What annoys the persona today.")
    quote: Text | None = Field(None, description="A sentence in the persona's own words.")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


class Actor(_Model):
    """Someone or something that takes part in touchpoints.

    Example:
        >>> Actor(id="agent", name="Support agent", role="frontstage").role
        'frontstage'
    """

    id: Id = Field(description="Unique id, referenced by touchpoints.")
    name: Name = Field(description="Display name.")
    role: ActorRole = Field(
        "customer",
        description="customer, frontstage, backstage, support, system or partner.",
    )
    description: Text | None = Field(None, description="What the actor does.")


class Channel(_Model):
    """A medium through which a touchpoint happens.

    Built-in channels (see :data:`journeymap.catalogue.BUILTIN_CHANNELS`) need no
    declaration; custom ones are declared on the map.

    Example:
        >>> Channel.builtin("store")
        Channel(id='store', name='Shop', mode='offline')
    """

    id: Id = Field(description="Unique id, referenced by touchpoints.")
    name: Name = Field(description="Display name.")
    mode: ChannelMode | None = Field(
        None, description="online, offline or hybrid; unset when unknown."
    )

    @classmethod
    def builtin(cls, channel_id: str) -> Channel:
        """The catalogue channel with this id.

        Raises:
            KeyError: If the id is not in the catalogue.
        """
        name, mode = BUILTIN_CHANNELS[channel_id]
        return cls(id=channel_id, name=name, mode=mode)


#: Metric kinds whose values (and targets) have a fixed range.
METRIC_RANGES: dict[str, tuple[float, float]] = {
    "nps": (-100, 100),
    "conversion": (0, 100),
    "drop-off": (0, 100),
}
#: Which direction is better for each metric kind, unless a metric says otherwise.
METRIC_BETTER: dict[str, Literal["higher", "lower"]] = {
    "nps": "higher",
    "csat": "higher",
    "conversion": "higher",
    "drop-off": "lower",
    "time": "lower",
}


class Metric(_Model):
    """A measurement at a key moment: NPS, CSAT, CES, conversion, drop-off, time or custom.

    NPS lies in -100..100; conversion and drop-off are percentages (0..100). Whether
    higher is better defaults by kind (``better``) and decides the status against the
    target.

    Example:
        >>> m = Metric(kind="nps", value=32, target=40, n=120, source="Survey Q3")
        >>> m.status()
        'below target'
    """

    kind: MetricKind = Field(description="nps, csat, ces, conversion, drop-off, time or custom.")
    value: Score = Field(description="The measured value.")
    name: Name | None = Field(None, description="A label; required for custom metrics.")
    n: Count | None = Field(None, description="How many responses the value is based on.")
    target: Score | None = Field(None, description="The value aimed for.")
    unit: Text | None = Field(None, description="Unit of the value, e.g. '%', 's', 'days'.")
    source: Text | None = Field(None, description="Where the value comes from (survey, analytics).")
    better: Literal["higher", "lower"] | None = Field(
        None, description="Whether higher or lower values are better; defaults by kind."
    )
    low: Score | None = Field(
        None, description="The low end of the value's 95 % confidence interval, when measured."
    )
    high: Score | None = Field(
        None, description="The high end of the value's 95 % confidence interval, when measured."
    )

    @model_validator(mode="after")
    def _check(self) -> Metric:
        if self.kind == "custom" and not self.name:
            raise ValueError("a custom metric needs a name")
        _check_interval(self.low, self.value, self.high)
        bounds = METRIC_RANGES.get(self.kind)
        if bounds is not None:
            lo, hi = bounds
            for label, number in (("value", self.value), ("target", self.target)):
                if number is not None and not lo <= number <= hi:
                    raise ValueError(
                        f"{self.kind} {label} {number} is out of range; allowed: {lo:g} to {hi:g}"
                    )
        return self

    @property
    def direction(self) -> Literal["higher", "lower"] | None:
        """Which way is better: the ``better`` field, or the kind's default."""
        return self.better or METRIC_BETTER.get(self.kind)

    def status(self) -> Literal["on target", "below target", "above target"] | None:
        """Whether the value meets its target, said in the metric's direction.

        ``below target`` when higher is better and the value falls short, ``above
        target`` when lower is better (a drop-off rate, a waiting time) and the value
        exceeds it; ``None`` without a target or a known direction.

        Example:
            >>> Metric(kind="drop-off", value=38, target=20, unit="%").status()
            'above target'
            >>> Metric(kind="time", value=90, target=120, unit="s").status()
            'on target'
        """
        if self.target is None or self.direction is None:
            return None
        if self.direction == "higher":
            return "on target" if self.value >= self.target else "below target"
        return "on target" if self.value <= self.target else "above target"


class Touchpoint(_Model):
    """One moment of contact between the customer and the service.

    Example:
        >>> Touchpoint(id="pay", name="Pays", emotion=-2, pain_points="Hidden fees").pain_points
        ('Hidden fees',)
    """

    id: Id = Field(description="Unique id within the map, referenced by flows and curves.")
    name: Name = Field(description="What happens, in a few words.")
    description: Text | None = Field(None, description="More detail on the touchpoint.")
    action: Text | None = Field(None, description="What the customer does.")
    channel: Id | None = Field(None, description="Channel id: built-in or declared on the map.")
    actors: tuple[Id, ...] = Field((), description="Ids of the actors taking part.")
    emotion: Score | None = Field(None, description="How the customer feels, on the map's scale.")
    feeling: Text | None = Field(None, description="The feeling in one word, e.g. 'relieved'.")
    thoughts: TextList = Field((), description="What the customer thinks.")
    motivations: TextList = Field((), description="What drives the customer here.")
    doubts: TextList = Field((), description="Questions and doubts the customer has.")
    pain_points: TextList = Field((), description="What goes wrong or hurts.")
    opportunities: TextList = Field((), description="Ideas to improve the moment.")
    moment: Moment | None = Field(
        None,
        description="positive, neutral, negative or critical; derived from the emotion if unset.",
    )
    frontstage: TextList = Field((), description="Visible interactions with staff or systems.")
    backstage: TextList = Field((), description="Internal processes the customer does not see.")
    support: TextList = Field((), description="Supporting processes, systems and partners.")
    evidence: TextList = Field((), description="Physical evidence: documents, screens, objects.")
    owner: Text | None = Field(None, description="Who in the company owns this touchpoint.")
    duration: Text | None = Field(None, description="How long it takes, as written ('2 days').")
    metrics: tuple[Metric, ...] = Field((), description="Measurements at this moment.")
    evidence_level: EvidenceLevel | None = Field(
        None, description="Whether the emotion is assumed or measured from customers."
    )


class Phase(_Model):
    """A stage of the journey, grouping touchpoints in time order.

    Example:
        >>> Phase(id="discover", name="Discover").touchpoints
        ()
    """

    id: Id = Field(description="Unique id within the map.")
    name: Name = Field(description="The phase's name, e.g. 'Discover'.")
    goal: Text | None = Field(None, description="What the customer wants in this phase.")
    description: Text | None = Field(None, description="More detail on the phase.")
    touchpoints: tuple[Touchpoint, ...] = Field((), description="Touchpoints in time order.")


class Flow(_Model):
    """A transition between touchpoints; a drop-off may have no target (the customer leaves).

    Example:
        >>> Flow(source="cart", kind="drop-off", share=0.3).target is None
        True
    """

    source: Id = Field(description="Id of the touchpoint the flow leaves.")
    target: Id | None = Field(None, description="Id of the touchpoint it reaches.")
    kind: FlowKind = Field("next", description="next, branch, retry, skip, drop-off or loop.")
    label: Text | None = Field(None, description="Text shown on the flow.")
    share: Share | None = Field(None, description="Share of customers taking it (0..1).")

    @model_validator(mode="after")
    def _check(self) -> Flow:
        if self.target is None and self.kind != "drop-off":
            raise ValueError(f"a {self.kind!r} flow needs a target; only 'drop-off' may omit it")
        return self


def _check_interval(low: float | None, value: float, high: float | None) -> None:
    """Refuse an interval that is half given or does not hold its value."""
    if (low is None) != (high is None):
        raise ValueError("give both ends of the interval, low and high, or neither")
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(
            f"the interval {low:g}..{high:g} does not hold the value {value:g}; "
            "allowed: low <= value <= high"
        )


class CurvePoint(_Model):
    """One value of a curve at a touchpoint, with its interval and n when measured.

    Example:
        >>> CurvePoint(touchpoint="pay", value=-1.2, low=-1.6, high=-0.8, n=212).n
        212
    """

    touchpoint: Id = Field(description="Id of the touchpoint.")
    value: Score = Field(description="The value on the map's scale.")
    low: Score | None = Field(
        None, description="The low end of the value's 95 % confidence interval, on the scale."
    )
    high: Score | None = Field(
        None, description="The high end of the value's 95 % confidence interval, on the scale."
    )
    n: Count | None = Field(None, description="How many answers the value rests on.")

    @model_validator(mode="after")
    def _check(self) -> CurvePoint:
        _check_interval(self.low, self.value, self.high)
        return self


_POINTS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "touchpoint": {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"},
                    "value": {"type": "number"},
                    "low": {"type": "number"},
                    "high": {"type": "number"},
                    "n": {"type": "integer", "minimum": 0},
                },
                "required": ["touchpoint", "value"],
                "additionalProperties": False,
            },
        },
        {
            "type": "object",
            "propertyNames": {"pattern": f"^{ID_PATTERN.pattern}$"},
            "additionalProperties": {"type": "number"},
        },
    ]
}


class Curve(_Model):
    """An extra emotion curve: measured, assumed, a competitor's or a target future.

    In files the points can be written as a mapping ``{touchpoint_id: value}``.

    Example:
        >>> c = Curve(id="survey", name="Survey", points={"pay": -1, "ship": 1})
        >>> [p.touchpoint for p in c.points]
        ['pay', 'ship']
    """

    id: Id = Field(description="Unique id among curves.")
    name: Name = Field(description="Legend text.")
    source: CurveSource = Field("measured", description="assumed, measured, competitor or future.")
    description: Text | None = Field(None, description="How the values were obtained.")
    n: Count | None = Field(None, description="Number of respondents, when measured.")
    points: Annotated[tuple[CurvePoint, ...], WithJsonSchema(_POINTS_SCHEMA)] = Field(
        description="One value per touchpoint: a list of points or {touchpoint_id: value}."
    )

    @field_validator("points", mode="before")
    @classmethod
    def _points_from_mapping(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return tuple({"touchpoint": k, "value": v} for k, v in value.items())
        return value

    @cached_property
    def values(self) -> Mapping[str, int | float]:
        """The curve's values by touchpoint id, read-only; computed once per curve.

        Example:
            >>> dict(Curve(id="s", name="S", points={"pay": -1}).values)
            {'pay': -1}
        """
        return MappingProxyType({point.touchpoint: point.value for point in self.points})

    def value_at(self, touchpoint_id: str) -> int | float | None:
        """The curve's value at a touchpoint, or ``None`` when it has none (constant time)."""
        return self.values.get(touchpoint_id)


def _survey_path(path: str) -> str | None:
    """What is wrong with a survey file named by a map (relative, ``.csv`` or ``.json``)."""
    shown = repr(path) if len(path) <= 60 else repr(path[:59]) + "…"
    if not path.lower().endswith((".csv", ".json")):
        return f"{shown} is not a survey file; allowed: a .csv or .json file"
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return f"{shown} is absolute; allowed: a path relative to the map file"
    return None


class JourneyMap(_Model):
    """A whole customer journey map: the persona, the phases and all that happens in them.

    Validation checks every piece and the whole: unique ids, emotions and curve values
    on the scale, every channel, actor, flow and curve reference resolved, flow shares
    that add up to at most 1.

    Example:
        >>> m = JourneyMap(title="Empty map")
        >>> m.scale.describe(), m.phases
        ('-2..2', ())
    """

    title: Name = Field(description="The map's title.")
    description: Text | None = Field(None, description="What the map shows.")
    persona: Persona | None = Field(
        None,
        description="The protagonist: a persona, or only its name.",
        json_schema_extra=lambda schema: _name_shorthand(schema),
    )
    objective: Text | None = Field(None, description="Why the map exists: what it should reveal.")
    scenario: Text | None = Field(None, description="The situation the persona is in.")
    expectations: TextList = Field((), description="What the persona expects of the service.")
    kind: MapKind = Field("current", description="current (as is) or future (to be).")
    scale: EmotionScale = Field(
        default_factory=EmotionScale,
        description="The emotion scale; default -2..2.",
        json_schema_extra=lambda schema: _scale_shorthands(schema),
    )
    actors: tuple[Actor, ...] = Field((), description="People and systems taking part.")
    channels: tuple[Channel, ...] = Field(
        (), description="Custom channels, or built-in ones with other names or modes."
    )
    phases: tuple[Phase, ...] = Field((), description="The phases in time order.")
    flows: tuple[Flow, ...] = Field(
        (), description="Transitions; without any, touchpoints follow each other in order."
    )
    curves: tuple[Curve, ...] = Field((), description="Extra emotion curves to compare.")
    locale: str = Field(
        "en",
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="Language of the map's text, e.g. 'en' or 'es'.",
    )
    tags: TextList = Field((), description="Free labels for search and grouping.")
    surveys: tuple[Text, ...] = Field(
        (),
        description="Survey answer files (.csv or .json), relative to the map file: the "
        "render command and with_surveys() apply them as a measured curve and metrics; "
        "load() does not.",
    )

    @model_validator(mode="after")
    def _check_references(self) -> JourneyMap:
        problems: list[tuple[Path, str]] = []
        problems += _duplicates("actors", [a.id for a in self.actors], "actor")
        problems += _duplicates("channels", [c.id for c in self.channels], "channel")
        problems += _duplicates("curves", [c.id for c in self.curves], "curve")
        phase_ids = [(("phases", i, "id"), p.id) for i, p in enumerate(self.phases)]
        problems += _duplicate_paths(phase_ids, "phase")
        tp_ids = [
            (("phases", i, "touchpoints", j, "id"), tp.id)
            for i, phase in enumerate(self.phases)
            for j, tp in enumerate(phase.touchpoints)
        ]
        problems += _duplicate_paths(tp_ids, "touchpoint")

        actor_ids = {a.id for a in self.actors}
        channel_ids = {c.id for c in self.channels} | set(BUILTIN_CHANNELS)
        scale = self.scale
        for i, phase in enumerate(self.phases):
            for j, tp in enumerate(phase.touchpoints):
                here: Path = ("phases", i, "touchpoints", j)
                if tp.channel is not None and tp.channel not in channel_ids:
                    problems.append(
                        (
                            (*here, "channel"),
                            unknown_channel(tp.channel, channel_ids)
                            + ", or declare it under 'channels'",
                        )
                    )
                for k, actor in enumerate(tp.actors):
                    if actor not in actor_ids:
                        problems.append(
                            (
                                (*here, "actors", k),
                                f"actor {actor!r} is not declared; allowed: "
                                f"{_choices(actor_ids) or 'none declared'} "
                                "(declare actors under 'actors')",
                            )
                        )
                if tp.emotion is not None and not scale.contains(tp.emotion):
                    problems.append(((*here, "emotion"), scale.off_scale(tp.emotion)))

        known_tps = {tp_id for _, tp_id in tp_ids}
        shares: defaultdict[str, float] = defaultdict(float)
        for i, flow in enumerate(self.flows):
            for end in ("source", "target"):
                ref = getattr(flow, end)
                if ref is not None and ref not in known_tps:
                    problems.append(
                        (
                            ("flows", i, end),
                            f"{end} {ref!r} is not a touchpoint id; allowed: "
                            f"{_choices(known_tps) or 'no touchpoints defined'}",
                        )
                    )
            if flow.share is not None:
                before = shares[flow.source]
                shares[flow.source] += flow.share
                if before <= 1 + _SHARE_TOLERANCE < shares[flow.source]:
                    problems.append(
                        (
                            ("flows", i, "share"),
                            f"the shares of the flows leaving {flow.source!r} add up to "
                            f"{shares[flow.source]:.4g} here; allowed: at most 1 in all",
                        )
                    )

        for i, curve in enumerate(self.curves):
            seen: set[str] = set()
            for k, point in enumerate(curve.points):
                here = ("curves", i, "points", k)
                if point.touchpoint not in known_tps:
                    problems.append(
                        (
                            (*here, "touchpoint"),
                            f"touchpoint {point.touchpoint!r} does not exist; allowed: "
                            f"{_choices(known_tps) or 'no touchpoints defined'}",
                        )
                    )
                if point.touchpoint in seen:
                    problems.append(
                        (
                            (*here, "touchpoint"),
                            f"touchpoint {point.touchpoint!r} has two values in this curve",
                        )
                    )
                seen.add(point.touchpoint)
                for end in ("value", "low", "high"):
                    number = getattr(point, end)
                    if number is not None and not scale.contains(number):
                        problems.append(((*here, end), scale.off_scale(number)))
        for i, path in enumerate(self.surveys):
            wrong = _survey_path(path)
            if wrong is not None:
                problems.append((("surveys", i), wrong))
        if problems:
            raise CrossReferenceErrors(problems)
        return self

    # -- display -----------------------------------------------------------------------

    def __repr__(self) -> str:
        """A line, not the whole document: the title and how much the map holds.

        Example:
            >>> from journeymap import Journey
            >>> Journey("Checkout").phase("Buy").touchpoint("Pays").build()
            JourneyMap('Checkout', phases=1, touchpoints=1)
        """
        return (
            f"JourneyMap({self.title!r}, phases={len(self.phases)}, "
            f"touchpoints={len(self.touchpoints)})"
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """How Jupyter, VS Code and nbconvert show the map: the SVG map (``auto`` theme)."""
        from journeymap.display import mimebundle

        return mimebundle(self)

    # -- queries -----------------------------------------------------------------------

    def iter_touchpoints(self) -> Iterator[tuple[Phase, Touchpoint]]:
        """Every touchpoint with its phase, in journey order."""
        for phase in self.phases:
            for tp in phase.touchpoints:
                yield phase, tp

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint in journey order."""
        return tuple(tp for _, tp in self.iter_touchpoints())

    @cached_property
    def _touchpoints_by_id(self) -> dict[str, Touchpoint]:
        return {tp.id: tp for _, tp in self.iter_touchpoints()}

    @cached_property
    def _channels_by_id(self) -> dict[str, Channel]:
        return {channel.id: channel for channel in self.channels}

    @cached_property
    def _actors_by_id(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.actors}

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with this id (constant time).

        Raises:
            KeyError: If there is none.
        """
        return self._touchpoints_by_id[touchpoint_id]

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id: declared on the map, else from the catalogue.

        Raises:
            KeyError: If there is none.

        Example:
            >>> JourneyMap(title="t").channel("email").mode
            'online'
        """
        declared = self._channels_by_id.get(channel_id)
        return declared if declared is not None else Channel.builtin(channel_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id.

        Raises:
            KeyError: If there is none.
        """
        return self._actors_by_id[actor_id]

    def used_channels(self) -> tuple[Channel, ...]:
        """The channels that touchpoints use, in order of first use."""
        seen: dict[str, Channel] = {}
        for _, tp in self.iter_touchpoints():
            if tp.channel is not None and tp.channel not in seen:
                seen[tp.channel] = self.channel(tp.channel)
        return tuple(seen.values())

    def moment_of(self, touchpoint: Touchpoint) -> Moment | None:
        """The touchpoint's moment: as given, else derived from its emotion on the scale.

        Returns ``None`` when the touchpoint has neither a moment nor an emotion.
        """
        if touchpoint.moment is not None:
            return touchpoint.moment
        if touchpoint.emotion is None:
            return None
        return self.scale.moment(touchpoint.emotion)


def unknown_channel(channel: str, known: Iterable[str]) -> str:
    """The message for a channel that is neither built in nor declared, with a suggestion.

    Args:
        channel: The channel as written.
        known: The ids (and, for the builder, names) that would be accepted.

    Returns:
        What is wrong and what is allowed; the caller adds how to declare one.

    Example:
        >>> print(unknown_channel("emial", ["email", "web"]).split(";")[0])
        channel 'emial' is neither built in nor declared (did you mean 'email'?)
    """
    choices = set(known)
    close = difflib.get_close_matches(channel, sorted(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {choice.lower(): choice for choice in choices}
        close = [
            lowered[match]
            for match in difflib.get_close_matches(channel.lower(), sorted(lowered), n=1)
        ]
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"channel {channel!r} is neither built in nor declared{hint}; "
        f"allowed: {_choices(choices, limit=40)}"
    )


def _choices(values: set[str], limit: int = 12) -> str:
    ordered = sorted(values)
    shown = ", ".join(repr(v) for v in ordered[:limit])
    if len(ordered) > limit:
        shown += f", … ({len(ordered) - limit} more)"
    return shown


def _duplicates(field: str, ids: list[str], what: str) -> list[tuple[Path, str]]:
    return _duplicate_paths([((field, i, "id"), value) for i, value in enumerate(ids)], what)


def _duplicate_paths(items: Sequence[tuple[Path, str]], what: str) -> list[tuple[Path, str]]:
    first: dict[str, Path] = {}
    problems: list[tuple[Path, str]] = []
    for path, value in items:
        if value in first:
            problems.append((path, f"{what} id {value!r} is used twice; ids must be unique"))
        else:
            first[value] = path
    return problems
