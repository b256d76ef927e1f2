"""The YAML and JSON loaders under hostile and huge input: every failure a located error.

Covers the limits of :mod:`journeymap.io` (input size, nesting, integer digits, what
aliases may add), YAML tags, numbers written in YAML 1.1's other bases, text kept as it
was typed, JSON errors located whatever the escaping, and loading in linear time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest

from journeymap import JourneyMapError, load, loads
from journeymap.io import (
    ALIAS_ALLOWANCE,
    MAX_INPUT_BYTES,
    MAX_INTEGER_DIGITS,
    MAX_NESTING,
    read_yaml,
)

from .timing import GROWTH, growth_ratio

NESTING = "lists and mappings nest more than 100 levels deep here; allowed: at most 100 levels"
MULTIPLY = "aliases that multiply content are refused"


def one_problem(call: Callable[[], object]) -> tuple[str, int | None, int | None, str]:
    """Run ``call``, expecting a JourneyMapError with one problem: (message, line, column, text)."""
    with pytest.raises(JourneyMapError) as info:
        call()
    assert type(info.value) is JourneyMapError
    assert len(info.value.problems) == 1, str(info.value)
    problem = info.value.problems[0]
    return problem.message, problem.line, problem.column, str(info.value)


def touchpoint_map(field: str, value: str) -> str:
    """A small YAML map with ``field: value`` on its one touchpoint (line 8)."""
    return (
        "title: Checkout\n"
        "phases:\n"
        "  - id: buy\n"
        "    name: Buy\n"
        "    touchpoints:\n"
        "      - id: pay\n"
        "        name: Pay\n"
        f"        {field}: {value}\n"
    )


def metric_map(value: str) -> str:
    """A YAML map whose one metric has ``value: <value>`` (line 10, column 18)."""
    return (
        "title: Checkout\n"
        "phases:\n"
        "  - id: buy\n"
        "    name: Buy\n"
        "    touchpoints:\n"
        "      - id: pay\n"
        "        name: Pay\n"
        "        metrics:\n"
        "          - kind: time\n"
        f"            value: {value}\n"
    )


# -- the limits are what the documentation says -------------------------------------------


def test_documented_limits() -> None:
    assert MAX_INPUT_BYTES == 64 * 1024 * 1024
    assert MAX_NESTING == 100
    assert MAX_INTEGER_DIGITS == 1000
    assert ALIAS_ALLOWANCE == 1024 * 1024


# -- errors that used to escape as other exceptions -----------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("[" * 1000 + "]" * 1000, 1, 101, id="top-level-1000"),
        pytest.param('{"title": "T", "x": ' + "[" * 1000 + "]" * 1000 + "}", 1, 120, id="1000"),
        pytest.param('{"title": "T",\n "x": ' + "[" * 150 + "]" * 150 + "}", 2, 106, id="150"),
    ],
)
def test_json_nested_too_deep_is_located(text: str, line: int, column: int) -> None:
    message, at_line, at_column, _ = one_problem(lambda: loads(text, "json", source="m.json"))
    assert message == NESTING
    assert (at_line, at_column) == (line, column)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # libyaml reads a flow collection ahead and meets its own limit (1,000) first.
        pytest.param("title: T\nx: " + "[" * 1000 + "]" * 1000 + "\n", 2, 1003, id="flow-1000"),
        pytest.param("title: T\nx: " + "[" * 150 + "]" * 150 + "\n", 2, 103, id="flow-150"),
        pytest.param(
            "title: T\nx:\n" + "".join(" " * i + "-\n" for i in range(1, 200)), 102, 101, id="block"
        ),
    ],
)
def test_yaml_nested_too_deep_is_located(text: str, line: int, column: int) -> None:
    message, at_line, at_column, _ = one_problem(lambda: loads(text, source="m.yaml"))
    assert message == NESTING
    assert (at_line, at_column) == (line, column)


def test_nesting_up_to_the_limit_is_read() -> None:
    # The document's own mapping is the first level.
    deepest = "x: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)
    data = read_yaml(deepest, "front.mmd")
    for _ in range(MAX_NESTING - 1):
        data = data["x"] if isinstance(data, dict) else data[0] if data else data
    message, *_ = one_problem(lambda: read_yaml("x: " + "[" * MAX_NESTING, "front.mmd"))
    assert message == NESTING


BIG = "7" * 5000


@pytest.mark.parametrize(
    ("text", "data_format", "where"),
    [
        pytest.param('{"title": "T",\n "x": ' + BIG + "}", "json", "x", id="json-unknown-field"),
        pytest.param(
            json.dumps({"title": "T", "phases": [{"id": "b", "name": "B", "touchpoints": []}]})[:-1]
            + ',\n "scale": {"min": -2, "max": '
            + BIG
            + "}}",
            "json",
            "scale > max",
            id="json-number-field",
        ),
        pytest.param("title: T\nx: " + BIG + "\n", "yaml", "x", id="yaml-unknown-field"),
        pytest.param(
            "title: T\nscale: {min: " + BIG + ", max: 2}\n", "yaml", "scale > min", id="yaml"
        ),
        pytest.param("title: T\nx: !!int " + BIG + "\n", "yaml", "x", id="yaml-tagged"),
    ],
)
def test_integers_of_thousands_of_digits_are_located(
    text: str, data_format: Literal["yaml", "json"], where: str
) -> None:
    message, line, column, shown = one_problem(lambda: loads(text, data_format, source="m"))
    assert message == "'777777777777'… is an integer of 5,000 digits; allowed: at most 1,000 digits"
    assert line == 2
    assert column is not None
    assert f"{where}: " in shown


def test_a_long_number_in_a_text_field_is_text() -> None:
    assert loads(f"title: {BIG}\n").title == BIG


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "!!int abc",
            "'abc' is not an integer (tagged !!int); allowed: a decimal number such as 12",
            id="int",
        ),
        pytest.param(
            "!!float abc",
            "'abc' is not a number (tagged !!float); allowed: a decimal number such as 1.5",
            id="float",
        ),
        pytest.param(
            "!!bool maybe",
            "'maybe' is not a boolean (tagged !!bool); allowed: true or false",
            id="bool",
        ),
        pytest.param(
            "!!null nothing",
            "'nothing' is not empty (tagged !!null); allowed: null, ~ or nothing",
            id="null",
        ),
        pytest.param(
            "!!int 012",
            "'012' has a leading zero, which YAML 1.1 reads as the octal number 10; "
            "allowed: a decimal number without leading zeros, such as 12",
            id="int-octal",
        ),
    ],
)
def test_tagged_values_that_do_not_fit_their_tag_are_located(value: str, message: str) -> None:
    text = touchpoint_map("emotion", value)
    got, line, column, shown = one_problem(lambda: loads(text, source="m.yaml"))
    assert got == message
    assert (line, column) == (8, 18)
    assert shown.startswith("m.yaml:8:18: phase 'Buy' > touchpoint 'Pay' > emotion: ")


ALLOWED_TAGS = (
    "allowed: no tag, or !!str, !!int, !!float, !!bool, !!null (values), !!seq (lists), "
    "!!map (mappings)"
)


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        pytest.param("!!timestamp 2024-13-45", "!!timestamp", id="bad-timestamp"),
        pytest.param("!!timestamp 2024-01-02", "!!timestamp", id="timestamp"),
        pytest.param("!!binary '%%% not base64'", "!!binary", id="binary-junk"),
        pytest.param(
            "!!python/object/apply:os.getcwd []", "!!python/object/apply:os.getcwd", id="apply"
        ),
        pytest.param("!!python/name:os.system", "!!python/name:os.system", id="python-name"),
        pytest.param("!custom thing", "!custom", id="local"),
        pytest.param("!<tag:example.com,2024:x> thing", "tag:example.com,2024:x", id="verbatim"),
        pytest.param("!!set {a, b}", "!!set", id="set"),
        pytest.param("!!omap [a: 1]", "!!omap", id="omap"),
        pytest.param("!!seq {a: 1}", "!!seq", id="seq-on-a-mapping"),
    ],
)
def test_other_tags_are_refused_with_what_is_allowed(value: str, tag: str) -> None:
    text = touchpoint_map("description", value)
    message, line, column, shown = one_problem(lambda: loads(text, source="m.yaml"))
    assert message == f"the tag {tag} is not allowed; {ALLOWED_TAGS}"
    assert (line, column) == (8, 22)
    assert shown.startswith("m.yaml:8:22: phase 'Buy' > touchpoint 'Pay' > description: ")


def test_tagged_numbers_are_read_in_decimal_only() -> None:
    text = touchpoint_map("emotion", "!!float 1") + "        description: !!str 2024-01-02\n"
    touchpoint = loads(text).touchpoints[0]
    assert touchpoint.emotion == 1.0
    assert touchpoint.description == "2024-01-02"
    message, *_ = one_problem(lambda: loads(metric_map("!!int 0x10")))
    assert message == "'0x10' is a hexadecimal number; allowed: a decimal number such as 16"


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        pytest.param(
            "title: &a T\nx: *b\n",
            "invalid YAML: the alias *b names no anchor; allowed: an alias to an anchor (&b) "
            "written before it",
            2,
            4,
            id="undefined-alias",
        ),
        pytest.param(
            "title: T\nx: &a [1, *a]\n",
            "invalid YAML: the alias *a is inside the node it names; allowed: aliases to nodes "
            "written before them, outside them",
            2,
            11,
            id="recursive-alias",
        ),
        pytest.param(
            "title: T\n---\ntitle: U\n",
            "invalid YAML: a second document starts here; allowed: one document per file",
            2,
            1,
            id="two-documents",
        ),
        pytest.param(
            "title: T\n? [a, b]\n: c\n",
            "invalid YAML: a key is a list or mapping here; allowed: a single value (text or a "
            "number) as a key",
            2,
            3,
            id="list-as-key",
        ),
    ],
)
def test_structural_yaml_problems_are_located(
    text: str, message: str, line: int, column: int
) -> None:
    got, at_line, at_column, _ = one_problem(lambda: loads(text, source="m.yaml"))
    assert (got, at_line, at_column) == (message, line, column)


# -- amplification --------------------------------------------------------------------------


def alias_flood(copies: int, length: int = 10_000) -> str:
    """A valid map whose one thought (``length`` characters) is repeated ``copies`` times."""
    aliases = ", ".join(["*t"] * copies)
    return (
        "title: Flood\n"
        "phases:\n"
        "  - id: p\n"
        "    name: P\n"
        "    touchpoints:\n"
        "      - id: a\n"
        "        name: A\n"
        f"        doubts: [&t {'x' * length}]\n"
        f"        thoughts: [{aliases}]\n"
    )


def test_aliases_are_bounded_by_what_they_add_not_by_how_many_there_are() -> None:
    # 10,000 aliases of a 10,000-character text: a 50-KB file holding 100 MB of text.
    text = alias_flood(10_000)
    assert len(text) < 60_000
    start = time.perf_counter()
    message, line, column, shown = one_problem(lambda: loads(text, source="m.yaml"))
    elapsed = time.perf_counter() - start
    limit = 2 * len(text) + ALIAS_ALLOWANCE
    assert message == (
        f"aliases expand the document to more than {limit:,} characters "
        f"(twice its {len(text):,} plus 1,048,576); {MULTIPLY}"
    )
    assert line == 9  # the alias that went past the limit
    assert column is not None
    assert "m.yaml:9:472: phase 'P' > touchpoint 'A' > thoughts #114: " in shown
    assert elapsed < 5.0  # refused as soon as the limit is passed, never expanded


def test_aliases_may_add_up_to_twice_the_document_plus_the_allowance() -> None:
    # 80 aliases of 10,000 characters add 800,000 characters: under 2 x 10 KB + 1 MiB.
    m = loads(alias_flood(80))
    assert m.touchpoints[0].thoughts == ("x" * 10_000,) * 80
    # 110 add 1.1 million: over it, though there are only 110 aliases.
    message, *_ = one_problem(lambda: loads(alias_flood(110)))
    assert message.endswith(MULTIPLY)


def big_map_text(touchpoints: int, data_format: Literal["yaml", "json"]) -> str:
    """A plain map (no aliases) with ``touchpoints`` touchpoints in phases of 100."""
    phases = []
    for p in range(max(1, touchpoints // 100)):
        steps = [
            {
                "id": f"t{p}-{t}",
                "name": f"Step {t}",
                "channel": "web",
                "emotion": t % 5 - 2,
                "thoughts": ["Is it safe?", "How long?", "Again?"],
                "pain_points": ["Slow"],
            }
            for t in range(min(100, touchpoints))
        ]
        phases.append({"id": f"p{p}", "name": f"Phase {p}", "touchpoints": steps})
    if data_format == "json":
        return json.dumps({"title": "Big", "phases": phases}, indent=1)
    lines = ["title: Big", "phases:"]
    for phase in phases:
        lines += [f"- id: {phase['id']}", f"  name: {phase['name']}", "  touchpoints:"]
        for step in phase["touchpoints"]:
            assert isinstance(step, dict)
            lines += [
                f"  - id: {step['id']}",
                f"    name: {step['name']}",
                "    channel: web",
                f"    emotion: {step['emotion']}",
                "    thoughts:",
                *(f"    - {thought}" for thought in step["thoughts"]),
                "    pain_points: [Slow]",
            ]
    return "\n".join(lines) + "\n"


def test_plain_yaml_of_19000_touchpoints_loads_as_its_json_does() -> None:
    # 19,000 touchpoints of 11 values each: more than the 200,000 values the loader once
    # refused as an "alias bomb", though the file has no alias at all.
    yaml_map = loads(big_map_text(19_000, "yaml"))
    json_map = loads(big_map_text(19_000, "json"), "json")
    assert len(yaml_map.touchpoints) == 19_000
    assert yaml_map == json_map


# -- input size -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["big.yaml", "big.json", "big.mmd"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as stream:  # sparse: no disk space used
        stream.truncate(MAX_INPUT_BYTES + 1)
    message, line, column, shown = one_problem(lambda: load(path))
    assert message == "the file is 67,108,865 bytes; allowed: at most 67,108,864 bytes (64 MiB)"
    assert shown.startswith(f"{path}: ")
    assert (line, column) == (None, None)


@pytest.mark.parametrize("data_format", ["yaml", "json", "mermaid"])
def test_text_over_the_size_limit_is_refused(
    data_format: Literal["yaml", "json", "mermaid"],
) -> None:
    # Half as many characters as the limit has bytes, but two bytes each in UTF-8.
    text = "é" * (MAX_INPUT_BYTES // 2 + 1)
    message, *_ = one_problem(lambda: loads(text, data_format, source="m"))
    assert message == "the input is 67,108,866 bytes; allowed: at most 67,108,864 bytes (64 MiB)"


def test_front_matter_is_bounded_too() -> None:
    message, line, column, shown = one_problem(
        lambda: read_yaml("title: T\nx: " + "[" * 200 + "]" * 200, "m.mmd", first_line=3)
    )
    assert message == NESTING
    assert (line, column) == (4, 103)
    assert shown.startswith("m.mmd:4:103: ")
    message, line, _, _ = one_problem(lambda: read_yaml(f"x: {BIG}", "m.mmd", first_line=2))
    assert message.endswith("is an integer of 5,000 digits; allowed: at most 1,000 digits")
    assert line == 2
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    message, *_ = one_problem(lambda: read_yaml(bomb, "m.mmd"))
    assert message.endswith(MULTIPLY)


# -- YAML 1.1's numbers and words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "012",
            "'012' has a leading zero, which YAML 1.1 reads as the octal number 10; "
            "allowed: a decimal number without leading zeros, such as 12",
            id="octal",
        ),
        pytest.param(
            "09",
            "'09' has a leading zero; allowed: a decimal number without leading zeros, such as 9",
            id="leading-zero",
        ),
        pytest.param(
            "-007.5",
            "'-007.5' has a leading zero; allowed: a decimal number without leading zeros, "
            "such as -7.5",
            id="leading-zero-float",
        ),
        pytest.param(
            "0x1F",
            "'0x1F' is a hexadecimal number; allowed: a decimal number such as 31",
            id="hexadecimal",
        ),
        pytest.param(
            "0o17", "'0o17' is an octal number; allowed: a decimal number such as 15", id="octal-0o"
        ),
        pytest.param(
            "0b101", "'0b101' is a binary number; allowed: a decimal number such as 5", id="binary"
        ),
        pytest.param(
            "1_000",
            "'1_000' groups digits with '_'; allowed: a decimal number without separators, "
            "such as 1000",
            id="underscores",
        ),
        pytest.param(
            "1:30",
            "'1:30' is a base-60 number, which YAML 1.1 reads as 90; "
            "allowed: a decimal number such as 90",
            id="sexagesimal",
        ),
        pytest.param(
            "1:02:03.5",
            "'1:02:03.5' is a base-60 number, which YAML 1.1 reads as 3723.5; "
            "allowed: a decimal number such as 3723.5",
            id="sexagesimal-float",
        ),
    ],
)
def test_numbers_in_yaml_11_forms_are_refused_with_the_reason(value: str, message: str) -> None:
    got, line, column, shown = one_problem(lambda: loads(metric_map(value), source="m.yaml"))
    assert got == message
    assert (line, column) == (10, 20)
    assert shown.startswith(
        "m.yaml:10:20: phase 'Buy' > touchpoint 'Pay' > metric 'time' > value: "
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param(touchpoint_map("emotion", "0x1"), "touchpoint 'Pay' > emotion", id="emotion"),
        pytest.param("title: T\nscale: {min: 01, max: 5}\n", "scale > min", id="scale-min"),
        pytest.param(
            "title: T\nscale: {min: 1, max: 5, neutral: 1_5}\n", "scale > neutral", id="neutral"
        ),
        pytest.param(
            touchpoint_map("metrics", "[{kind: nps, value: 1, n: 0100}]"),
            "touchpoint 'Pay' > metric 'nps' > n",
            id="metric-n",
        ),
        pytest.param(
            touchpoint_map("emotion", "1") + "curves:\n  - {id: c, name: C, points: {pay: 0b1}}\n",
            "curve 'C' > points > pay",
            id="curve-point-mapping",
        ),
        pytest.param(
            touchpoint_map("emotion", "1")
            + "flows:\n  - {source: pay, kind: drop-off, share: 0b1}\n",
            "flow #1 > share",
            id="share",
        ),
    ],
)
def test_every_number_field_refuses_yaml_11_forms(text: str, where: str) -> None:
    _, line, column, shown = one_problem(lambda: loads(text, source="m.yaml"))
    assert line is not None
    assert column is not None
    assert f"{where}: " in shown


@pytest.mark.parametrize(
    ("value", "number", "other_base"),
    [
        ("12", 12, "012"),
        ("-1.5", -1.5, "-01.5"),
        ("+3", 3, "+0x3"),
        ("2e3", 2000.0, "2_000"),
        (".5", 0.5, "0:30"),
        ("0", 0, "00"),
        ("0.25", 0.25, "0.2_5"),
    ],
)
def test_decimal_numbers_are_read_as_written_other_bases_refused(
    value: str, number: float, other_base: str
) -> None:
    got = loads(metric_map(value)).touchpoints[0].metrics[0].value
    assert got == number
    assert type(got) is type(number)
    message, *_ = one_problem(lambda: loads(metric_map(other_base)))
    assert message.startswith(f"{other_base!r} ")
    assert "allowed: a decimal number" in message


TYPED = [
    "no",
    "No",
    "off",
    "on",
    "yes",
    "true",
    "False",
    "null",
    "Null",
    "NULL",
    "~",
    "2024-01-02",
    "2001-12-14t21:59:43.10-05:00",
    "1.10",
    "1.0",
    "012",
    "0x1F",
    "1:30",
    "1_000",
    "0b101",
    ".inf",
    ".NaN",
    "-0",
    "<<",
    "=",
]


@pytest.mark.parametrize("typed", TYPED)
def test_text_fields_keep_what_was_typed(typed: str) -> None:
    nullable = typed in {"null", "Null", "NULL", "~"}
    text = (
        f"title: {typed}\n"
        f"description: {typed}\n"
        f"tags: [{typed}, {typed}x]\n"
        "phases:\n"
        "  - id: buy\n"
        f"    name: {typed}\n"
        "    touchpoints:\n"
        "      - id: pay\n"
        f"        name: {typed}\n"
        f"        feeling: {typed}\n"
        f"        thoughts: [{typed}]\n"
    )
    if not nullable:  # one text stands for a list of one; null there is no list
        text += f"        doubts: {typed}\n"
    m = loads(text)
    touchpoint = m.touchpoints[0]
    assert m.title == typed
    assert m.description == (None if nullable else typed)
    assert m.tags == (typed, f"{typed}x")
    assert m.phases[0].name == typed
    assert touchpoint.name == typed
    assert touchpoint.feeling == (None if nullable else typed)
    assert touchpoint.thoughts == (typed,)
    assert touchpoint.doubts == (() if nullable else (typed,))


@pytest.mark.parametrize("typed", ["012", "1.10", "1_0", "2024-01-02", "007"])
def test_ids_and_keys_keep_what_was_typed(typed: str) -> None:
    text = (
        "title: T\n"
        "phases:\n"
        f"  - id: {typed}\n"
        "    name: P\n"
        "    touchpoints:\n"
        f"      - {{id: t{typed}, name: A}}\n"
        f"      - {{id: {typed}-b, name: B}}\n"
        "curves:\n"
        f"  - {{id: {typed}, name: C, points: {{t{typed}: 1, {typed}-b: 2}}}}\n"
    )
    m = loads(text)
    assert m.phases[0].id == typed
    assert m.curves[0].id == typed
    assert [point.touchpoint for point in m.curves[0].points] == [f"t{typed}", f"{typed}-b"]


def test_yaml_11_words_are_text_and_empty_values_are_none() -> None:
    words = ["y", "Y", "n", "yes", "no", "on", "off", "1e3"]
    text = touchpoint_map("thoughts", f"[{', '.join(words)}]") + "        description:\n"
    touchpoint = loads(text).touchpoints[0]
    assert touchpoint.thoughts == tuple(words)
    assert touchpoint.description is None
    # A list field given null is no list (not a list of the text "null").
    message, *_ = one_problem(lambda: loads(touchpoint_map("doubts", "null")))
    assert message == "expected a list; got None (NoneType)"


def test_an_alias_is_read_as_the_field_where_it_is_used() -> None:
    text = touchpoint_map("emotion", "&e 01").replace("emotion: &e 01", "feeling: &e 01")
    text += "        description: *e\n"
    touchpoint = loads(text).touchpoints[0]
    assert (touchpoint.feeling, touchpoint.description) == ("01", "01")
    message, *_ = one_problem(lambda: loads(text + "        emotion: *e\n"))
    assert message.startswith("'01' has a leading zero")


def test_merge_keys_are_read() -> None:
    text = (
        "title: T\n"
        "phases:\n"
        "  - id: p\n"
        "    name: P\n"
        "    touchpoints:\n"
        "      - &base {id: a, name: A, channel: web, emotion: 1}\n"
        "      - <<: *base\n"
        "        id: b\n"
        "        name: no\n"
    )
    a, b = loads(text).touchpoints
    assert (b.id, b.name, b.channel, b.emotion) == ("b", "no", "web", 1)
    assert a.name == "A"


# -- JSON errors are located whatever the escaping -------------------------------------------


def emoji_map(emotion: object, *, key: str = "emotion") -> dict[str, object]:
    return {
        "title": "Café 😀",
        "phases": [
            {
                "id": "p",
                "name": "Compra 😀",
                "touchpoints": [{"id": "a", "name": "Pago 😀", key: emotion}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            emoji_map(9), "9 is outside the map's scale; allowed: a number from -2 to 2", id="range"
        ),
        pytest.param(
            emoji_map(1, key="emocion"),
            "unknown field 'emocion' (did you mean 'emotion'?)",
            id="unknown",
        ),
    ],
)
def test_json_errors_are_located_with_escaped_text(data: dict[str, object], message: str) -> None:
    text = json.dumps(data, indent=2)  # emoji written as \ud83d\ude00
    assert "\\ud83d\\ude00" in text
    got, line, column, shown = one_problem(lambda: loads(text, "json", source="m.json"))
    assert got.startswith(message)
    assert (line, column) == (11, 22)  # the value of "emotion", five levels in
    assert shown.startswith("m.json:11:22: phase 'Compra 😀' > touchpoint 'Pago 😀' > ")


def test_json_duplicate_keys_with_escapes_are_located() -> None:
    text = '{"title": "T",\n "\\u0074itle": "\\ud83d\\ude00"}'
    _, line, column, shown = one_problem(lambda: loads(text, "json", source="m.json"))
    assert (line, column) == (2, 2)
    assert shown == (
        "m.json:2:2: top level: key 'title' appears twice (first on line 1); "
        "each key may appear once"
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"title": 5, "phases": {}, "x": "\\ud83d\\ude00"}', id="types"),
        pytest.param(
            '{"title": "\\ud83d\\ude00", "phases": [{"id": "bad id", "name": "\\ud800"}]}',
            id="values",
        ),
        pytest.param(
            '{"title": "\\ud83d\\ude00", "phases": [{"id": "a", "name": "A",'
            ' "touchpoints": [{}]}]}',
            id="missing",
        ),
    ],
)
def test_every_json_problem_is_located(text: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        loads(text, "json", source="m.json")
    for problem in info.value.problems:
        assert problem.source == "m.json"
        assert problem.line is not None, problem


# -- linear time --------------------------------------------------------------------------------


@pytest.mark.parametrize("data_format", ["yaml", "json"])
def test_loading_is_linear(data_format: Literal["yaml", "json"]) -> None:
    # Sizes past the processor's caches, which make small inputs unfairly fast.
    small = big_map_text(1_000, data_format)
    large = big_map_text(10_000, data_format)
    assert len(large) > 9 * len(small)
    ratio = growth_ratio(lambda: loads(small, data_format), lambda: loads(large, data_format))
    assert ratio < GROWTH, f"10 times the touchpoints took {ratio:.1f} times as long"


# -- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param('{"title": "T",\n "x": ' + BIG + ', "y": }}}]', 2, id="long-integer"),
        pytest.param('{"title": "T",\n "x": ' + "[" * 1000 + "1, }", 2, id="deep"),
        pytest.param('{"a": 1,\n "b": {"c": 1, "c": 2}}}', 2, id="duplicate"),
        pytest.param('{"a": 1,\n "b": {"c": 1, "c": 2}, "\\x": 1}', 2, id="bad-escape"),
    ],
)
def test_json_problems_are_located_in_invalid_text_too(text: str, line: int) -> None:
    # The decoder stops at a limit before it meets the syntax error behind it.
    with pytest.raises(JourneyMapError) as info:
        loads(text, "json", source="m.json")
    assert info.value.problems[0].line == line
    assert info.value.problems[0].column is not None


PARSER_CASES = [
    pytest.param(
        (Path(__file__).parent.parent / "examples" / "online_checkout.yaml"), id="example"
    ),
    pytest.param(
        touchpoint_map("thoughts", "[no, 1.10, 012, '012', \"x\", !!str 1, ~]"), id="words"
    ),
    pytest.param(alias_flood(3, 10), id="aliases"),
    pytest.param(alias_flood(2000, 1000), id="alias-flood"),
    pytest.param(touchpoint_map("emotion", "1:30"), id="sexagesimal"),
    pytest.param(touchpoint_map("emotion", "!!int x"), id="tagged"),
    pytest.param(touchpoint_map("emotion", "1\n        emotion: 2"), id="duplicate"),
    pytest.param("title: T\nx: " + "[" * 150 + "]" * 150, id="nesting"),
    pytest.param("title: T\nx: [\n", id="syntax"),
    pytest.param(
        "title: T\nphases:\n  - &p {id: p, name: P}\n  - {<<: *p, id: q, name: Q, goal: 2}\n",
        id="merge",
    ),
]


@pytest.mark.parametrize("case", PARSER_CASES)
def test_python_parser_reads_as_libyaml_does(
    case: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeymap.yaml_reader as io

    text = case.read_text(encoding="utf-8") if isinstance(case, Path) else case

    def outcome() -> object:
        try:
            return loads(text, source="m.yaml")
        except JourneyMapError as exc:  # syntax errors are worded by each parser
            return [
                (p.line, p.column, p.where, p.message.startswith("invalid YAML") or p.message)
                for p in exc.problems
            ]

    with_libyaml = outcome()
    monkeypatch.setattr(io, "_parser", lambda text: io._python_parser_class()(text))
    assert outcome() == with_libyaml


def test_problems_with_values_are_reported_together_up_to_a_hundred() -> None:
    points = ", ".join(f"t{i}: 0x1" for i in range(150))
    text = (
        touchpoint_map("emotion", "1") + f"curves:\n  - {{id: c, name: C, points: {{{points}}}}}\n"
    )
    with pytest.raises(JourneyMapError) as info:
        loads(text, source="m.yaml")
    problems = info.value.problems
    assert len(problems) == 100
    assert {p.message for p in problems} == {
        "'0x1' is a hexadecimal number; allowed: a decimal number such as 1"
    }
    assert [p.where for p in problems[:2]] == ["curve 'C' > points > t0", "curve 'C' > points > t1"]
    assert all(p.line == 10 for p in problems)


def test_json_duplicate_keys_are_reported_up_to_a_hundred() -> None:
    text = "{" + ",\n".join('"title": "T"' for _ in range(500)) + "}"
    with pytest.raises(JourneyMapError) as info:
        loads(text, "json", source="m.json")
    problems = info.value.problems
    assert len(problems) == 100
    assert [p.line for p in problems[:2]] == [2, 3]
    assert (
        problems[0].message
        == "key 'title' appears twice (first on line 1); each key may appear once"
    )


def test_read_yaml_names_lines_of_the_enclosing_file_in_messages_too() -> None:
    with pytest.raises(JourneyMapError) as caught:
        read_yaml("a: 1\nb: 2\na: 3\n", "map.mmd", first_line=4)
    (problem,) = caught.value.problems
    assert problem.line == 6
    assert "first on line 4" in problem.message


# -- standard input -------------------------------------------------------------------------


class _EndlessInput:
    """A byte stream that never ends, counting what is asked of it."""

    def __init__(self) -> None:
        self.asked = 0

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "an endless stream read to its end never returns"
        self.asked += size
        return b"y" * size


class _Stdin:
    def __init__(self, buffer: object) -> None:
        self.buffer = buffer


def test_endless_standard_input_is_refused_after_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeymap.cli import main

    endless = _EndlessInput()
    monkeypatch.setattr("sys.stdin", _Stdin(endless))
    assert main(["render", "-", "-f", "svg", "-o", "-"]) == 1
    assert endless.asked == MAX_INPUT_BYTES + 1
    assert (
        f"<stdin>: the input is more than {MAX_INPUT_BYTES:,} bytes; allowed: at most"
        in capsys.readouterr().err
    )


def test_standard_input_that_is_not_utf8_is_located(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from journeymap.cli import main

    monkeypatch.setattr("sys.stdin", _Stdin(io.BytesIO(b"title: T\nphases: \xff\n")))
    assert main(["render", "-", "-f", "svg", "-o", "-"]) == 1
    assert "<stdin>:2:9: is not UTF-8 text (byte 17); allowed: UTF-8 text" in (
        capsys.readouterr().err
    )
