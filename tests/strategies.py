"""Hypothesis strategies for journey maps full of text that is hostile to output formats.

Every string produced here is valid for the model (no XML-invalid control characters,
no lone surrogates, no U+FFFE/U+FFFF), but it is built from pieces that break naive
Markdown, HTML, YAML and JSON writers: table pipes, HTML tags and entities, emphasis and
code markers, list and heading markers at the start, line breaks of every kind, RTL and
CJK scripts, emoji and very long words.
"""

from __future__ import annotations

import math
import typing
from functools import cache
from typing import Any

from hypothesis import strategies as st

from journeymap.catalogue import BUILTIN_CHANNELS
from journeymap.lanes import all_lanes
from journeymap.model import JourneyMap, Touchpoint

__all__ = [
    "BUILTIN_CHANNEL_IDS",
    "hostile_text",
    "ids",
    "journey_maps",
    "names",
    "safe_characters",
    "unique_ids",
]

BUILTIN_CHANNEL_IDS: tuple[str, ...] = tuple(sorted(BUILTIN_CHANNELS))

# What the model refuses: C0 controls other than tab, newline and carriage return, and
# the non-characters U+FFFE and U+FFFF (lone surrogates are excluded by the codec).
_REFUSED = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"

# Pieces that mean something to Markdown, HTML, YAML or JSON, or that stress text layout.
_FRAGMENTS: tuple[str, ...] = (
    # Markdown and GFM punctuation
    "|",
    "||",
    "\\|",
    "\\",
    "\\\\",
    "`",
    "```",
    "*",
    "**",
    "_",
    "__",
    "[",
    "]",
    "*em*",
    "**strong**",
    "_em_",
    "`code`",
    "~~strike~~",
    "$x^2$",
    "[link](http://example.com)",
    "[ref]: /url",
    "![img](x.png)",
    "#",
    "## ",
    "~",
    "~~",
    "$",
    "$$",
    "> ",
    "!",
    "=",
    "===",
    "+",
    # block markers (they matter at the start of a line)
    "- ",
    "-",
    "+ ",
    "* ",
    "1. ",
    "1) ",
    "123456789. ",
    "---",
    "***",
    "    ",
    # HTML and entities
    "<",
    ">",
    "&",
    "<br>",
    "<br/>",
    "<BR >",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<!-- c -->",
    "<https://example.com>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&#124;",
    "&#x7C;",
    "&copy",
    # quotes and data-format syntax
    '"',
    "'",
    "''",
    ": ",
    " #",
    "{",
    "}",
    "%",
    "@",
    "null",
    "~",
    "yes",
    "0x1F",
    "1e3",
    "-2",
    "\\n",
    "\\u0000",
    # white space and line breaks of every kind
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "\xa0",
    "\u3000",
    "\u200b",
    "\ufeff",
    "\x7f",
    "\x9f",
    # bidirectional text, CJK and emoji
    "مرحبا بالعالم",
    "שלום עולם",
    "\u200f",
    "\u202e",
    "\u2066",
    "中文字符",
    "日本語のテキスト",
    "한국어",
    "😀",
    "👩‍👩‍👧‍👦",
    "🇪🇸",
    "e\u0301",
    "\U0010fffd",
)

#: Any single character the model accepts (no surrogates, no refused controls).
safe_characters = st.characters(codec="utf-8", exclude_characters=_REFUSED)

_WORD_CHARACTERS = st.sampled_from("abcXYZ019éßж中あ😀_-*|&<")


def _long_word() -> st.SearchStrategy[str]:
    """A word of 200 to 260 characters, without any space."""
    return st.builds(
        lambda seed, length: (seed * length)[:length],
        st.text(_WORD_CHARACTERS, min_size=1, max_size=4),
        st.integers(200, 260),
    )


#: What starts a Markdown block (list item, rule, heading, quote, code) at a line start.
_LEADING = ("- ", "-", "+ ", "* ", "1. ", "1) ", "---", "***", "___", "# ", ">", "    ", "```")

#: The characters that matter most, densely packed.
_SPECIAL = "|\\<>&\n\r\t -+*_`#[]~$1."

_PIECE = st.one_of(
    st.sampled_from(_FRAGMENTS),
    st.sampled_from(_FRAGMENTS),
    st.sampled_from(_FRAGMENTS),
    st.text(st.sampled_from(_SPECIAL), min_size=1, max_size=4),
    st.text(safe_characters, min_size=1, max_size=6),
    st.text(st.sampled_from("abc xyz"), min_size=1, max_size=8),
    _long_word(),
)


@cache
def hostile_text(max_pieces: int = 5) -> st.SearchStrategy[str]:
    """Text the model accepts but output formats find hard: may be empty or blank."""
    pieces = st.lists(_PIECE, max_size=max_pieces).map("".join)
    # Often a block marker first, where Markdown reads it as a list, rule or heading.
    return pieces | st.builds(str.__add__, st.sampled_from(_LEADING), pieces)


# Characters that show nothing although their category is not one of the invisible ones:
# the Hangul and Braille fillers, the combining grapheme joiner, Mongolian selectors.
_BLANK = "\u115f\u1160\u3164\uffa0\u2800\u034f\u180b\u180c\u180d\u180e\u180f"

_VISIBLE = st.one_of(
    st.sampled_from("|<>&\\`*_[]#~$-!a1中😀م"),
    # Something that shows: no white space or separator (every character str.isspace()
    # accepts is in Z* or Cc), no format control (zero-width, bidi), no combining mark
    # (it shows only on another character), no surrogate and no blank filler.
    st.characters(
        codec="utf-8",
        exclude_categories=("Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Mc", "Me"),
        exclude_characters=_BLANK,
    ),
)


@cache
def names() -> st.SearchStrategy[str]:
    """Hostile text with at least one visible (non-white-space) character."""
    return st.builds(
        lambda before, visible, after: before + visible + after,
        hostile_text(3),
        _VISIBLE,
        hostile_text(2),
    )


_ID_START = "abcxyzABC019"
_ID_REST = "abcxyzABC019_.-"


@cache
def ids() -> st.SearchStrategy[str]:
    """Valid ids: letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit."""
    return st.builds(
        str.__add__,
        st.sampled_from(_ID_START),
        st.text(st.sampled_from(_ID_REST), max_size=8),
    )


@st.composite
def unique_ids(draw: st.DrawFn, count: int) -> list[str]:
    """``count`` different ids; a repeated one gets its position appended until unique."""
    result: list[str] = []
    for index, candidate in enumerate(draw(st.lists(ids(), min_size=count, max_size=count))):
        while candidate in result:
            candidate = f"{candidate}.{index}"
        result.append(candidate)
    return result


@cache
def _one_of(*options: str) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


@cache
def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@cache
def _text_list(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(hostile_text(), max_size=max_size)


@cache
def _score(lo: float, hi: float) -> st.SearchStrategy[int | float]:
    """An int or a finite float in ``lo..hi``."""
    ints = st.integers(math.ceil(lo), math.floor(hi))
    floats = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return ints | floats


@st.composite
def _scales(draw: st.DrawFn) -> dict[str, Any] | str | None:
    """A scale as the model accepts it; ``None`` means the default -2..2."""
    choice = draw(_one_of("default", "five", "ten", "custom", "custom"))
    if choice == "default":
        return None
    if choice == "five":
        return "1..5"
    if choice == "ten":
        return {"min": 0, "max": 10}
    lo = draw(st.integers(-5, 3))
    hi = lo + draw(st.integers(1, 8))
    scale: dict[str, Any] = {"min": lo, "max": hi}
    # An explicit neutral: the field's default (0), a bound, or anything on the scale;
    # defaults and bounds are where serialisers slip.
    neutral = draw(_one_of("midpoint", "zero", "bound", "any"))
    if neutral == "zero" and lo <= 0 <= hi:
        scale["neutral"] = 0
    elif neutral == "bound":
        scale["neutral"] = draw(st.sampled_from((lo, hi)))
    elif neutral == "any":
        scale["neutral"] = draw(_score(lo, hi))
    if draw(st.booleans()):
        scale["labels"] = draw(st.lists(names(), min_size=hi - lo + 1, max_size=hi - lo + 1))
    return scale


def _scale_bounds(scale: dict[str, Any] | str | None) -> tuple[int, int]:
    if scale is None:
        return -2, 2
    if isinstance(scale, str):
        lo, _, hi = scale.partition("..")
        return int(lo), int(hi)
    return scale["min"], scale["max"]


METRIC_RANGES = {"nps": (-100, 100), "conversion": (0, 100), "drop-off": (0, 100)}


@st.composite
def _metrics(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(_one_of("nps", "csat", "ces", "conversion", "drop-off", "time", "custom"))
    lo, hi = METRIC_RANGES.get(kind, (-1e6, 1e6))
    metric: dict[str, Any] = {"kind": kind, "value": draw(_score(lo, hi))}
    if kind == "custom" or draw(st.booleans()):  # a name, like every name, shows something
        metric["name"] = draw(names())
    if draw(st.booleans()):
        metric["target"] = draw(_score(lo, hi))
    if draw(st.booleans()):
        metric["n"] = draw(st.integers(1, 10_000))
    if draw(st.booleans()):
        metric["unit"] = draw(_one_of("%", "s", "days", "/5", "€") | hostile_text(2))
    if draw(st.booleans()):
        metric["source"] = draw(hostile_text())
    if draw(st.booleans()):
        metric["better"] = draw(_one_of("higher", "lower"))
    return metric


# The touchpoint fields the lanes show (journeymap.lanes), split by their type in the
# model: lists of text and single texts. Channel, actors, emotion, moment and metrics
# reference other parts of the map and are drawn separately below.
_LANE_FIELDS = [name for lane in all_lanes() for name in lane.fields]
_LIST_FIELDS = tuple(
    dict.fromkeys(
        name
        for name in _LANE_FIELDS
        if name not in ("actors", "metrics")
        and typing.get_origin(Touchpoint.model_fields[name].annotation) is tuple
    )
)
_TEXT_FIELDS = tuple(
    dict.fromkeys(
        name
        for name in _LANE_FIELDS
        if name not in ("name", "channel", "emotion", "moment")
        and name not in _LIST_FIELDS
        and name not in ("actors", "metrics")
    )
)


@st.composite
def _touchpoint(
    draw: st.DrawFn,
    tp_id: str,
    bounds: tuple[int, int],
    channel_ids: list[str],
    actor_ids: list[str],
) -> dict[str, Any]:
    tp: dict[str, Any] = {"id": tp_id, "name": draw(names())}
    # Most touchpoints get only some fields, so that columns come and go.
    for field in _TEXT_FIELDS:
        if draw(st.integers(0, 2)) == 0:
            tp[field] = draw(hostile_text())
    for field in _LIST_FIELDS:
        if draw(st.integers(0, 2)) == 0:
            tp[field] = draw(_text_list())
    if draw(st.booleans()):
        tp["channel"] = draw(st.sampled_from(channel_ids))
    if actor_ids and draw(st.booleans()):
        tp["actors"] = draw(st.lists(st.sampled_from(actor_ids), max_size=3))
    if draw(st.booleans()):
        tp["emotion"] = draw(_score(*bounds))
    if draw(st.integers(0, 3)) == 0:
        tp["moment"] = draw(_one_of("positive", "neutral", "negative", "critical"))
    if draw(st.integers(0, 3)) == 0:
        tp["evidence_level"] = draw(_one_of("assumed", "measured"))
    if draw(st.integers(0, 3)) == 0:
        tp["metrics"] = draw(st.lists(_metrics(), min_size=1, max_size=2))
    return tp


@st.composite
def _persona(draw: st.DrawFn) -> dict[str, Any]:
    persona: dict[str, Any] = {"name": draw(names())}
    for field in ("description", "quote"):
        if draw(st.booleans()):
            persona[field] = draw(hostile_text())
    for field in ("goals", "needs", "frustrations"):
        if draw(st.booleans()):
            persona[field] = draw(_text_list())
    return persona


@st.composite
def _flows(draw: st.DrawFn, tp_ids: list[str]) -> list[dict[str, Any]]:
    """Flows between existing touchpoints; the shares leaving a source add up to at most 1."""
    if not tp_ids:
        return []
    budget: dict[str, float] = {}
    flows = []
    for _ in range(draw(st.integers(0, 4))):
        source = draw(st.sampled_from(tp_ids))
        kind = draw(_one_of("next", "branch", "retry", "skip", "drop-off", "loop"))
        flow: dict[str, Any] = {"source": source, "kind": kind}
        if kind != "drop-off" or draw(st.booleans()):
            flow["target"] = draw(st.sampled_from(tp_ids))
        if draw(st.booleans()):
            flow["label"] = draw(hostile_text())
        left = budget.get(source, 1.0)
        if left > 0 and draw(st.booleans()):
            share = draw(st.floats(0, left))
            budget[source] = left - share
            flow["share"] = share
        flows.append(flow)
    return flows


@st.composite
def _curves(draw: st.DrawFn, tp_ids: list[str], bounds: tuple[int, int]) -> list[dict[str, Any]]:
    curve_ids = draw(unique_ids(draw(st.integers(0, 2))))
    curves = []
    for curve_id in curve_ids:
        points = draw(st.lists(st.sampled_from(tp_ids), unique=True)) if tp_ids else []
        curve: dict[str, Any] = {
            "id": curve_id,
            "name": draw(names()),
            "source": draw(_one_of("assumed", "measured", "competitor", "future")),
            "points": [{"touchpoint": tp, "value": draw(_score(*bounds))} for tp in points],
        }
        if draw(st.booleans()):
            curve["description"] = draw(hostile_text())
        if draw(st.booleans()):
            curve["n"] = draw(st.integers(1, 5000))
        curves.append(curve)
    return curves


@st.composite
def journey_maps(draw: st.DrawFn, max_phases: int = 5, max_touchpoints: int = 6) -> JourneyMap:
    """Valid journey maps with hostile text in every field that holds text."""
    scale = draw(_scales())
    bounds = _scale_bounds(scale)
    data: dict[str, Any] = {
        "title": draw(names()),
        "kind": draw(_one_of("current", "future")),
        "locale": draw(_one_of("en", "es", "en-GB", "es-MX")),
    }
    if scale is not None:
        data["scale"] = scale
    for field in ("description", "objective", "scenario"):
        if draw(st.booleans()):
            data[field] = draw(hostile_text())
    for field in ("expectations", "tags"):
        if draw(st.booleans()):
            data[field] = draw(_text_list())
    if draw(st.booleans()):
        data["persona"] = draw(_persona())

    actor_ids = draw(unique_ids(draw(st.integers(0, 3))))
    data["actors"] = [
        {
            "id": actor_id,
            "name": draw(names()),
            "role": draw(
                st.sampled_from(
                    ["customer", "frontstage", "backstage", "support", "system", "partner"]
                )
            ),
            "description": draw(_maybe(hostile_text())),
        }
        for actor_id in actor_ids
    ]
    # Custom channels, or built-in ids declared again with another name or mode.
    channel_ids = draw(
        st.lists(ids() | st.sampled_from(BUILTIN_CHANNEL_IDS), max_size=3, unique=True)
    )
    data["channels"] = [
        {
            "id": channel_id,
            "name": draw(names()),
            "mode": draw(_maybe(_one_of("online", "offline", "hybrid"))),
        }
        for channel_id in channel_ids
    ]
    usable_channels = sorted(set(channel_ids) | set(BUILTIN_CHANNEL_IDS))

    sizes = draw(st.lists(st.integers(0, max_touchpoints), max_size=max_phases))
    phase_ids = draw(unique_ids(len(sizes)))
    tp_ids = draw(unique_ids(sum(sizes)))
    phases = []
    start = 0
    for phase_id, size in zip(phase_ids, sizes, strict=True):
        phase: dict[str, Any] = {"id": phase_id, "name": draw(names())}
        if draw(st.booleans()):
            phase["goal"] = draw(hostile_text())
        if draw(st.booleans()):
            phase["description"] = draw(hostile_text())
        phase["touchpoints"] = [
            draw(_touchpoint(tp_id, bounds, usable_channels, actor_ids))
            for tp_id in tp_ids[start : start + size]
        ]
        start += size
        phases.append(phase)
    data["phases"] = phases
    data["flows"] = draw(_flows(tp_ids))
    data["curves"] = draw(_curves(tp_ids, bounds))
    return JourneyMap.model_validate(data)
