"""The lanes of a journey map, defined once as data.

A lane is a row of the swimlane map and a group of columns of the Markdown journey table:
touchpoints, actions, channels, emotion, thoughts, pain points… Each :class:`Lane` says
which touchpoint fields it shows, which card style of a theme draws it, which outputs
show it and whether the ``full`` preset includes it. The SVG layout, the Markdown
columns, the theme's card styles (:data:`journeymap.themes.CARD_KEYS`), the words of
every locale (``lane.<key>``) and the flow's node details all read this table.

Users choose lanes and their order with a preset name (``"full"``, ``"compact"``), a
list of lane keys, or one comma-separated string; :func:`resolve_lanes` checks the
choice. A field shown by a narrower chosen lane leaves the broader one: choosing
``doubts`` as a lane of its own takes the doubts out of the ``thoughts`` lane
(:func:`fields_by_lane`).

Example:
    >>> resolve_lanes("compact")
    ('touchpoints', 'channels', 'emotion', 'pain_points', 'opportunities')
    >>> resolve_lanes(["emotion", "pain_points"])
    ('emotion', 'pain_points')
    >>> fields_by_lane(("thoughts", "doubts"))["thoughts"]
    ('feeling', 'thoughts', 'motivations')
    >>> resolve_lanes("emotions")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: lanes: unknown lane 'emotions'; did you mean \
'emotion'? allowed: touchpoints, actions, channels, evidence, emotion, thoughts, \
motivations, doubts, pain_points, opportunities, frontstage, visibility, backstage, \
support, metrics, or a preset: full, compact
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from journeymap.errors import JourneyMapError

__all__ = [
    "FIELDS",
    "OUTPUTS",
    "PRESETS",
    "Lane",
    "all_lanes",
    "card_styles",
    "fields_by_lane",
    "get_lane",
    "lane_keys",
    "preset",
    "register_lane",
    "resolve_lanes",
    "unregister_lane",
]

#: The outputs a lane can appear in: the SVG swimlane map, the Markdown journey table
#: and the details under a node of the Graphviz flow.
OUTPUTS: tuple[str, ...] = ("svg", "markdown", "flow")

#: The touchpoint fields a lane can show (``moment`` is computed from the emotion and
#: the critical flag, ``actors`` are shown by name).
FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "actors",
    "duration",
    "owner",
    "action",
    "channel",
    "evidence",
    "emotion",
    "moment",
    "feeling",
    "thoughts",
    "motivations",
    "doubts",
    "pain_points",
    "opportunities",
    "frontstage",
    "backstage",
    "support",
    "metrics",
)


@dataclass(frozen=True)
class Lane:
    """One lane: what it shows, how it is styled, where it appears.

    Attributes:
        key: The lane's name in options and ids (lowercase letters and ``_``).
        fields: The touchpoint fields it shows, from :data:`FIELDS`; empty for a lane
            drawn from other lanes' content (the line of visibility).
        style: The key of its card style in :attr:`journeymap.themes.Theme.cards`, or
            ``None`` for a lane without cards (the emotion chart, the visibility line).
        outputs: Where it appears, from :data:`OUTPUTS`.
        in_full: Whether the ``full`` preset (the default) shows it.
        names: Its header in each language, for lanes added with :func:`register_lane`;
            the built-in lanes' headers are the words ``lane.<key>`` of
            :mod:`journeymap.i18n`.

    Example:
        >>> get_lane("pain_points").style, get_lane("pain_points").words_key
        ('pain_points', 'lane.pain_points')
    """

    key: str
    fields: tuple[str, ...]
    style: str | None
    outputs: frozenset[str] = frozenset({"svg", "markdown"})
    in_full: bool = True
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def words_key(self) -> str:
        """The key of the lane's header among the words of a locale."""
        return f"lane.{self.key}"


_SVG_MD = frozenset({"svg", "markdown"})

#: The built-in lanes, in their default order.
_BUILTIN: tuple[Lane, ...] = (
    Lane("touchpoints", ("name", "description", "actors", "duration", "owner"), "touchpoint"),
    Lane("actions", ("action",), "action"),
    Lane("channels", ("channel",), "channel", frozenset(OUTPUTS)),
    Lane("evidence", ("evidence",), "evidence"),
    Lane("emotion", ("emotion", "moment"), None, frozenset(OUTPUTS)),
    Lane("thoughts", ("feeling", "thoughts", "motivations", "doubts"), "thoughts"),
    Lane("motivations", ("motivations",), "thoughts", _SVG_MD, in_full=False),
    Lane("doubts", ("doubts",), "doubts", _SVG_MD, in_full=False),
    Lane("pain_points", ("pain_points",), "pain_points"),
    Lane("opportunities", ("opportunities",), "opportunities"),
    Lane("frontstage", ("frontstage",), "frontstage"),
    Lane("visibility", (), None, frozenset({"svg"})),
    Lane("backstage", ("backstage",), "backstage"),
    Lane("support", ("support",), "support"),
    Lane("metrics", ("metrics",), "metrics"),
)

#: The presets and the lanes they show; ``full`` is every lane with ``in_full``.
PRESETS: Mapping[str, tuple[str, ...] | None] = MappingProxyType(
    {
        "full": None,
        "compact": ("touchpoints", "channels", "emotion", "pain_points", "opportunities"),
    }
)

_lanes: dict[str, Lane] = {lane.key: lane for lane in _BUILTIN}


def all_lanes() -> tuple[Lane, ...]:
    """Every lane, built-in and registered, in the default order."""
    return tuple(_lanes.values())


def lane_keys(output: str | None = None) -> tuple[str, ...]:
    """The keys of every lane, or of those ``output`` shows, in the default order.

    Example:
        >>> lane_keys("flow")
        ('channels', 'emotion')
    """
    return tuple(key for key, lane in _lanes.items() if output is None or output in lane.outputs)


def get_lane(key: str) -> Lane:
    """The lane called ``key``.

    Raises:
        JourneyMapError: If there is none; the message suggests the nearest key.
    """
    lane = _lanes.get(key)
    if lane is None:
        raise JourneyMapError(f"lanes: unknown lane {key!r}; {_allowed(key)}")
    return lane


def card_styles() -> tuple[str, ...]:
    """The card styles the built-in lanes use, in lane order, then ``persona``.

    Every theme defines exactly these (:data:`journeymap.themes.CARD_KEYS`).
    """
    styles = [lane.style for lane in _BUILTIN if lane.style is not None]
    return (*dict.fromkeys(styles), "persona")


def preset(name: str) -> tuple[str, ...]:
    """The lanes of a preset, in order.

    Raises:
        JourneyMapError: For an unknown preset.
    """
    if name not in PRESETS:
        raise JourneyMapError(f"lanes: unknown preset {name!r}; allowed: {', '.join(PRESETS)}")
    chosen = PRESETS[name]
    if chosen is None:
        return tuple(key for key, lane in _lanes.items() if lane.in_full)
    return chosen


def resolve_lanes(value: object) -> tuple[str, ...]:
    """Check a choice of lanes: ``None`` (``full``), a preset, keys, or ``"a,b,c"``.

    Args:
        value: What the user gave.

    Returns:
        The lane keys in the order given.

    Raises:
        JourneyMapError: For a value that is not text or a list of text, an unknown lane
            (with the nearest key and the allowed ones), a lane given twice or no lane.
    """
    if value is None:
        return preset("full")
    if isinstance(value, str):
        if value.strip() in PRESETS:
            return preset(value.strip())
        keys: Sequence[object] = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, (list, tuple)):
        keys = value
    else:
        raise JourneyMapError(
            f"lanes: expected a preset, a list of lanes or a comma-separated string; "
            f"got {type(value).__name__}; {_allowed('')}"
        )
    if len(keys) == 1 and keys[0] in PRESETS:
        return preset(str(keys[0]))
    chosen: list[str] = []
    for key in keys:
        if not isinstance(key, str):
            raise JourneyMapError(f"lanes: {key!r} is not a lane name; {_allowed('')}")
        if key in PRESETS:
            raise JourneyMapError(
                f"lanes: {key!r} is a preset; give it alone, or list the lanes themselves"
            )
        if key not in _lanes:
            raise JourneyMapError(f"lanes: unknown lane {key!r}; {_allowed(key)}")
        if key in chosen:
            raise JourneyMapError(f"lanes: {key!r} is chosen twice; each lane can be shown once")
        chosen.append(key)
    if not chosen:
        raise JourneyMapError(f"lanes: no lane chosen; {_allowed('')}")
    return tuple(chosen)


def fields_by_lane(chosen: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The fields each chosen lane shows: a field goes to the narrowest lane showing it.

    A lane is narrower when it shows fewer fields; between lanes as narrow, the first
    chosen keeps the field. A lane left with no field (and not drawn from others, like
    the visibility line) maps to an empty tuple.
    """
    keys = list(chosen)
    owner: dict[str, str] = {}
    for key in keys:
        lane = get_lane(key)
        for name in lane.fields:
            current = owner.get(name)
            if current is None or len(lane.fields) < len(get_lane(current).fields):
                owner[name] = key
    return {
        key: tuple(name for name in get_lane(key).fields if owner.get(name) == key) for key in keys
    }


def register_lane(lane: Lane, *, after: str | None = None) -> None:
    """Add a lane for this process; built-in renderers draw it with their generic drawer.

    Args:
        lane: The lane. Its fields must come from :data:`FIELDS`, its style must be a
            card style every theme has (:func:`card_styles`), and ``names`` must give
            its header in every supported language.
        after: The key of the lane it follows in the default order; by default last.

    Raises:
        JourneyMapError: If the key is taken or malformed, or a field, style, output or
            language is missing or unknown.

    Example:
        >>> register_lane(Lane("owners", ("owner",), "support",
        ...                    names={"en": "Owner", "es": "Responsable"}))
        >>> "owners" in resolve_lanes(None)
        True
        >>> unregister_lane("owners")
    """
    from journeymap.i18n import SUPPORTED_LOCALES

    problems: list[str] = []
    if not lane.key.replace("_", "a").isalpha() or not lane.key.islower():
        problems.append(f"key {lane.key!r} must be lowercase letters and '_'")
    if lane.key in _lanes or lane.key in PRESETS:
        problems.append(f"key {lane.key!r} is taken")
    unknown = [name for name in lane.fields if name not in FIELDS]
    if unknown or not lane.fields:
        problems.append(f"fields {list(lane.fields)} must be some of: {', '.join(FIELDS)}")
    if lane.style is not None and lane.style not in card_styles():
        problems.append(f"style {lane.style!r} must be one of: {', '.join(card_styles())}")
    if not lane.outputs or not lane.outputs <= set(OUTPUTS):
        problems.append(f"outputs {sorted(lane.outputs)} must be some of: {', '.join(OUTPUTS)}")
    missing = [language for language in SUPPORTED_LOCALES if not lane.names.get(language)]
    if missing:
        problems.append(f"names must give the header in {', '.join(missing)}")
    if after is not None and after not in _lanes:
        problems.append(f"after: unknown lane {after!r}")
    if problems:
        raise JourneyMapError(f"register_lane(): {'; '.join(problems)}")
    frozen = Lane(
        lane.key,
        tuple(lane.fields),
        lane.style,
        frozenset(lane.outputs),
        lane.in_full,
        MappingProxyType(dict(lane.names)),
    )
    items = list(_lanes.items())
    at = len(items) if after is None else [k for k, _ in items].index(after) + 1
    items.insert(at, (lane.key, frozen))
    _lanes.clear()
    _lanes.update(items)


def unregister_lane(key: str) -> None:
    """Remove a lane added with :func:`register_lane`.

    Raises:
        JourneyMapError: For a built-in or unknown lane.
    """
    if key not in _lanes or any(lane.key == key for lane in _BUILTIN):
        raise JourneyMapError(f"unregister_lane(): {key!r} is not a registered lane")
    del _lanes[key]


def _allowed(given: str) -> str:
    keys = list(_lanes)
    close = difflib.get_close_matches(given, [*keys, *PRESETS], n=1) if given else []
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}allowed: {', '.join(keys)}, or a preset: {', '.join(PRESETS)}"
