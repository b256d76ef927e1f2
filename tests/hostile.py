"""Hostile input: text and numbers built to break output formats and loaders.

Unlike :mod:`strategies`, which only produces what the model accepts, the strategies here
also produce what it must refuse: XML-invalid code points, lone surrogates, NaN,
infinities and integers of hundreds of digits. The rule every test built on them checks
is the same: the library either accepts the input and renders it safely, or refuses it
with :class:`~journeymap.errors.JourneyMapError`. Anything else is a failure.

The pieces:

* markup (``<script>``, ``<a href=…>``, ``</text>``, ``<foreignObject>``), ``javascript:``
  URLs, ``]]>``, entities (``&amp;``, ``&#0;``, ``&lt;``);
* Markdown table breakers (``|``, line breaks, backticks, ``\\``);
* DOT breakers (``"``, ``\\``, ``<…>``, ``\\N``, ``\\G``, ``\\L``, ``\\l``, ``\\r``, ``}``);
* Mermaid breakers (``:``, ``#``, ``;``, ``%%``, ``%%{``);
* XML-invalid code points (NUL, C0 controls, U+FFFE, U+FFFF, lone surrogates);
* bidi overrides and isolates, zero-width characters, combining marks, CJK, emoji ZWJ
  sequences;
* words of 10,000 characters;
* NaN, infinities and integers such as ``10**400`` for number fields.
"""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from .strategies import hostile_text

__all__ = [
    "BIDI",
    "FIELD_KINDS",
    "FUZZ_PROFILE",
    "HOSTILE_FRAGMENTS",
    "HUGE_WORD",
    "INVALID_CODE_POINTS",
    "NUMBER_KINDS",
    "base_map",
    "budget",
    "build_from",
    "get_path",
    "hostile_numbers",
    "hostile_strings",
    "mermaid_source",
    "quiet",
    "set_field",
    "set_number",
]

# -- budgets ------------------------------------------------------------------------------

# No deadline even in the suite: a loaded CI machine must not turn slowness into failures
# (the linear-time proofs live in their own tests).

settings.register_profile(
    "journeymap-fuzz",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The long run also prints how to reproduce each failure with @reproduce_failure.
settings.register_profile(
    "journeymap-fuzz-long",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: ``JOURNEYMAP_FUZZ=long`` (``make fuzz``) runs each fuzz target with 100 times its
#: examples and no deadline; ``JOURNEYMAP_FUZZ=<n>`` with n times. The normal suite keeps
#: the small budget.
_FUZZ = os.environ.get("JOURNEYMAP_FUZZ", "")
_FACTOR = 100 if _FUZZ == "long" else int(_FUZZ) if _FUZZ.isdigit() and int(_FUZZ) > 0 else 1
FUZZ_PROFILE = "journeymap-fuzz-long" if _FACTOR > 1 else "journeymap-fuzz"


def budget(examples: int) -> settings:
    """Hypothesis settings for a hostile or fuzz test: ``examples`` in the suite."""
    return settings(settings.get_profile(FUZZ_PROFILE), max_examples=examples * _FACTOR)


@contextmanager
def quiet() -> Iterator[None]:
    """Silence journeymap's own warnings (Mermaid import quirks, export losses) only."""
    from journeymap.interop.mermaid import MermaidExportWarning, MermaidImportWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MermaidImportWarning)
        warnings.simplefilter("ignore", MermaidExportWarning)
        yield


# -- hostile text ---------------------------------------------------------------------------

#: Characters XML 1.0 cannot carry at all, even escaped: the model must refuse them.
INVALID_CODE_POINTS: tuple[str, ...] = (
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
)

#: Bidi controls: embeddings, overrides, isolates and their terminators.
BIDI: tuple[str, ...] = (
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
)

#: One word of 10,000 characters, no space to break at.
HUGE_WORD = "W" * 10_000

HOSTILE_FRAGMENTS: tuple[str, ...] = (
    # markup and script
    "<script>alert(1)</script>",
    "<script",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='https://evil.example/'>",
    "</text>",
    "</tspan></text></g></svg>",
    "<foreignObject>",
    '<img src=x onerror="alert(1)">',
    'onload="alert(1)"',
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "data:text/html,<script>",
    "url(https://evil.example/x.png)",
    "xlink:href",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
    "&e;",
    "<?xml-stylesheet href='x'?>",
    # entities
    "&amp;",
    "&amp;amp;",
    "&#0;",
    "&#x0;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#60;",
    "&#x202E;",
    "&nbsp;",
    "&",
    "&#",
    # Markdown table breakers
    "|",
    "\\|",
    "\\\\|",
    "`",
    "``",
    "```",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\n\n| a | b |\n|---|---|\n",
    "[x](javascript:alert(1))",
    "<https://evil.example>",
    "https://evil.example/",
    "mail@evil.example",
    "www.evil.example",
    # DOT breakers
    '"',
    '\\"',
    "\\",
    "<b>html</b>",
    "<<b>x</b>>",
    "<",
    ">",
    "\\N",
    "\\G",
    "\\L",
    "\\E",
    "\\T",
    "\\H",
    "\\l",
    "\\r",
    "\\n",
    "}",
    "{",
    "]",
    "[",
    ";",
    "->",
    "--",
    "digraph",
    "subgraph",
    "\\\n",
    "x\\",
    # Mermaid breakers
    ":",
    ": 5: ",
    "::",
    "#",
    "#59;",
    ";",
    "%%",
    "%%{init: {}}%%",
    "%%{",
    "}%%",
    "---",
    "section",
    "title",
    "journey",
    "accTitle: x",
    "<br>",
    "<br/>",
    # YAML and JSON breakers
    "no",
    "on",
    "~",
    "null",
    "0x1F",
    "012",
    "1:30",
    ".nan",
    "-.inf",
    "*alias",
    "&anchor",
    "!!python/object:os.system",
    "- ",
    "? ",
    "\\u0000",
    # invisible, bidi and combining
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u3164",
    "\u115f",
    "\u202e",
    "\u202eevil\u202c",
    "\u2066x",
    "\u2069",
    "\u200f",
    "e\u0301",
    "\u0301\u0301\u0301\u0301",
    "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357",
    # scripts and emoji
    "中文字符",
    "日本語のテキスト",
    "한국어",
    "مرحبا",
    "שלום",
    "👩\u200d👩\u200d👧\u200d👦",
    "👨\u200d💻",
    "🏳️\u200d🌈",
    "🇪🇸",
    "👍🏽",
    "\U0010fffd",
    "\U0001f600",
    # white space
    " ",
    "\t",
    "\xa0",
    "\u3000",
    "\u2028",
    "\u2029",
    "\x85",
)

_WORD = st.text(st.sampled_from('aZ9中😀|<&\\"%'), min_size=1, max_size=3)


@cache
def _long_words() -> st.SearchStrategy[str]:
    """Words of 1,000 to 10,000 characters, without a space; 10,000 most often."""
    return st.one_of(
        st.just(HUGE_WORD),
        st.builds(
            lambda seed, length: (seed * length)[:length],
            _WORD,
            st.sampled_from((1_000, 4_097, 10_000)),
        ),
    )


@cache
def hostile_strings(*, invalid: bool = True, long: bool = True) -> st.SearchStrategy[str]:
    """Strings made of hostile pieces; with ``invalid`` some cannot be valid at all.

    Args:
        invalid: Also use XML-invalid code points and lone surrogates.
        long: Also use words of up to 10,000 characters.
    """
    pieces: list[st.SearchStrategy[str]] = [
        st.sampled_from(HOSTILE_FRAGMENTS),
        st.sampled_from(HOSTILE_FRAGMENTS),
        st.sampled_from(HOSTILE_FRAGMENTS),
        st.sampled_from(BIDI),
        st.text(st.sampled_from("abc XYZ"), min_size=1, max_size=6),
        hostile_text(2),
    ]
    if invalid:
        pieces.append(st.sampled_from(INVALID_CODE_POINTS))
        pieces.append(st.text(max_size=4))  # anything, surrogates included
    text = st.lists(st.one_of(pieces), min_size=1, max_size=6).map("".join)
    if long:
        # A long word is costly to lay out: keep it to about one string in eight.
        text = st.one_of(
            text,
            text,
            text,
            text,
            text,
            text,
            text,
            st.builds(lambda a, w, b: a + w + b, text, _long_words(), text),
        )
    return text


#: Numbers that are out of range, not finite or not numbers of the usual size.
_NUMBERS: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    float("-inf"),
    10**400,
    -(10**400),
    10**40,
    2**63,
    -(2**63) - 1,
    1e308,
    -1e308,
    1.7976931348623157e308,
    5e-324,
    -0.0,
    0,
    1,
    -1,
    0.1,
    True,
)


@cache
def hostile_numbers() -> st.SearchStrategy[Any]:
    """Numbers, mostly hostile: NaN, infinities, 10**400, the edges of float."""
    return st.one_of(
        st.sampled_from(_NUMBERS),
        st.integers(),
        st.floats(),
    )


def base_map() -> dict[str, Any]:
    """A small map that uses every kind of text field once; valid as it stands."""
    return {
        "title": "Title",
        "description": "About the map",
        "persona": {"name": "Persona", "description": "Who", "goals": ["Goal"]},
        "actors": [{"id": "agent", "name": "Agent", "role": "frontstage"}],
        "channels": [{"id": "kiosk", "name": "Kiosk", "mode": "offline"}],
        "phases": [
            {
                "id": "p1",
                "name": "Phase",
                "goal": "Phase goal",
                "touchpoints": [
                    {
                        "id": "t1",
                        "name": "Touchpoint",
                        "action": "Action",
                        "channel": "kiosk",
                        "actors": ["agent"],
                        "emotion": 1,
                        "thoughts": ["Thought"],
                        "doubts": ["Doubt"],
                        "pain_points": ["Pain"],
                        "opportunities": ["Opportunity"],
                        "backstage": ["Backstage"],
                        "metrics": [
                            {
                                "kind": "custom",
                                "name": "Metric",
                                "value": 3,
                                "target": 4,
                                "n": 10,
                                "unit": "pts",
                                "source": "Survey",
                            }
                        ],
                    },
                    {"id": "t2", "name": "Second", "channel": "web", "emotion": -1},
                ],
            }
        ],
        "flows": [{"source": "t1", "target": "t2", "kind": "next", "label": "Then", "share": 0.5}],
        "curves": [
            {
                "id": "c1",
                "name": "Curve",
                "source": "measured",
                "points": [{"touchpoint": "t1", "value": 0}, {"touchpoint": "t2", "value": 1}],
            }
        ],
    }


#: A field's place in the map's data: keys and list indices.
FieldPath = tuple[str | int, ...]

_TP: FieldPath = ("phases", 0, "touchpoints", 0)
_METRIC: FieldPath = (*_TP, "metrics", 0)

#: Every kind of text field: its place in :func:`base_map`, whether it holds a list of
#: texts, and how the SVG map shows it (``"exact"``: one text element holds exactly the
#: value; ``"within"``: some text element contains it; ``"hidden"``: not on the map).
FIELD_KINDS: dict[str, tuple[FieldPath, bool, str]] = {
    "title": (("title",), False, "exact"),
    "description": (("description",), False, "exact"),
    "persona": (("persona", "name"), False, "exact"),
    "persona goal": (("persona", "goals"), True, "exact"),
    "actor name": (("actors", 0, "name"), False, "within"),
    "channel name": (("channels", 0, "name"), False, "within"),
    "phase name": (("phases", 0, "name"), False, "exact"),
    "phase goal": (("phases", 0, "goal"), False, "exact"),
    "touchpoint name": ((*_TP, "name"), False, "exact"),
    "action": ((*_TP, "action"), False, "exact"),
    "thoughts": ((*_TP, "thoughts"), True, "exact"),
    "doubts": ((*_TP, "doubts"), True, "exact"),
    "pain points": ((*_TP, "pain_points"), True, "exact"),
    "opportunities": ((*_TP, "opportunities"), True, "exact"),
    "backstage": ((*_TP, "backstage"), True, "exact"),
    "metric name": ((*_METRIC, "name"), False, "exact"),
    "metric unit": ((*_METRIC, "unit"), False, "within"),
    "metric source": ((*_METRIC, "source"), False, "exact"),
    "flow label": (("flows", 0, "label"), False, "hidden"),
    "curve name": (("curves", 0, "name"), False, "exact"),
}

#: Every kind of number field, by its place in :func:`base_map`.
NUMBER_KINDS: dict[str, FieldPath] = {
    "emotion": (*_TP, "emotion"),
    "metric value": (*_METRIC, "value"),
    "metric target": (*_METRIC, "target"),
    "metric n": (*_METRIC, "n"),
    "flow share": ("flows", 0, "share"),
    "curve value": ("curves", 0, "points", 0, "value"),
}


def get_path(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` in nested dicts and lists (or tuples)."""
    for key in path:
        data = data[key]
    return data


def _set_path(data: dict[str, Any], path: FieldPath, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    parent: Any = changed
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return changed


def set_field(data: dict[str, Any], kind: str, value: str) -> dict[str, Any]:
    """A deep copy of ``data`` with the text field ``kind`` set to ``value``."""
    path, listed, _ = FIELD_KINDS[kind]
    return _set_path(data, path, [value] if listed else value)


def set_number(data: dict[str, Any], kind: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the number field ``kind`` set to ``value``."""
    return _set_path(data, NUMBER_KINDS[kind], value)


def build_from(data: dict[str, Any]) -> Any:
    """The map of :func:`base_map`-shaped ``data``, written with the fluent builder."""
    from journeymap import Journey

    journey = Journey(
        data["title"], persona=data.get("persona"), description=data.get("description")
    )
    for actor in data.get("actors", ()):
        journey.actor(actor["name"], id=actor["id"], role=actor["role"])
    for channel in data.get("channels", ()):
        journey.channel(channel["name"], id=channel["id"], mode=channel.get("mode"))
    for phase in data.get("phases", ()):
        journey.phase(phase["name"], id=phase["id"], goal=phase.get("goal"))
        for touchpoint in phase.get("touchpoints", ()):
            journey.touchpoint(**touchpoint)
    for flow in data.get("flows", ()):
        journey.flow(
            flow["source"],
            flow.get("target"),
            kind=flow.get("kind", "next"),
            label=flow.get("label"),
            share=flow.get("share"),
        )
    for curve in data.get("curves", ()):
        values = {point["touchpoint"]: point["value"] for point in curve["points"]}
        journey.curve(curve["name"], values, source=curve["source"], id=curve["id"])
    return journey.build()


def mermaid_source(
    title: str = "Title",
    section: str = "Phase",
    task: str = "Task",
    score: str = "3",
    actor: str = "Me",
) -> str:
    """A Mermaid ``journey`` with the given pieces put in as they are, unescaped."""
    return (
        "journey\n"
        f"  title {title}\n"
        f"  section {section}\n"
        f"    {task}: {score}: {actor}\n"
        "    Second task: 5: Me\n"
    )
