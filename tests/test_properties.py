"""Property-based tests: round trips, Markdown tables under hostile text, determinism.

The maps come from :mod:`strategies`; every text field may hold pipes, HTML, entities,
Markdown markers, line breaks, RTL and CJK text, emoji and very long words.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

import journeymap
from journeymap.escape import markdown_inline
from journeymap.model import JourneyMap, Touchpoint

from .safety import without_added_joiners
from .strategies import hostile_text, journey_maps

FORMATS = ("markdown", "yaml", "json", "svg")

# -- a. round trips ---------------------------------------------------------------------


@settings(deadline=None)
@given(journey_maps())
def test_json_round_trip_through_python_data(m: JourneyMap) -> None:
    assert JourneyMap.model_validate(m.model_dump(mode="json")) == m


@settings(deadline=None)
@given(journey_maps())
def test_json_round_trip_through_text(m: JourneyMap) -> None:
    assert JourneyMap.model_validate_json(m.model_dump_json()) == m


@settings(deadline=None)
@given(journey_maps())
def test_yaml_round_trip(m: JourneyMap) -> None:
    assert journeymap.loads(journeymap.dumps(m)) == m


@settings(deadline=None)
@given(journey_maps())
def test_json_round_trip_through_dumps_and_loads(m: JourneyMap) -> None:
    assert journeymap.loads(journeymap.dumps(m, "json"), "json") == m


# -- b. Markdown tables -----------------------------------------------------------------

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class _Table:
    """A parsed table: the raw source lines of its rows and the parsed cells."""

    start: int
    header_line: str
    header: list[Token] = field(default_factory=list)
    rows: list[tuple[str, list[Token]]] = field(default_factory=list)


def _tables(source: str, tokens: list[Token]) -> list[_Table]:
    """Every table in the document, with the source line of each row."""
    lines = source.split("\n")  # markdown-it breaks lines at "\n" only
    tables: list[_Table] = []
    current: _Table | None = None
    row: list[Token] | None = None
    in_body = False
    start = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            assert token.map is not None
            start = token.map[0]
            current = None
            in_body = False
        elif token.type == "tr_open":
            assert token.map is not None
            line = lines[token.map[0]]
            row = []
            if current is None:
                current = _Table(start=start, header_line=line, header=row)
                tables.append(current)
            elif in_body:
                current.rows.append((line, row))
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "inline" and row is not None and index > 0:
            if tokens[index - 1].type in ("th_open", "td_open"):
                row.append(token)
        elif token.type == "tr_close":
            row = None
    return tables


def _split_cells(line: str, *, odd_backslashes: bool) -> list[str]:
    """Split a table row at its unescaped pipes, as a GFM parser does.

    With ``odd_backslashes`` a pipe is escaped when an odd number of backslashes precede
    it (cmark-gfm, GitHub's parser); without, when one backslash precedes it
    (markdown-it).
    """
    cells: list[str] = []
    current: list[str] = []
    backslashes = 0
    for char in line.strip():
        if char == "|":
            escaped = backslashes % 2 == 1 if odd_backslashes else backslashes > 0
            if not escaped:
                cells.append("".join(current))
                current = []
                backslashes = 0
                continue
        current.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    cells.append("".join(current))
    # A leading and a trailing pipe delimit the row; they do not open cells.
    if line.strip().startswith("|"):
        cells = cells[1:]
    if cells and line.strip().endswith("|") and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _inline_text(token: Token) -> str:
    """The text a cell shows: ``<br>`` and line breaks as newlines, markup as ``⟨type:…⟩``."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            parts.append("\n")
        else:  # emphasis, code, links, images, raw HTML, strikethrough: markup
            parts.append(f"⟨{child.type}:{child.content}⟩")
    return without_added_joiners("".join(parts))


def _normalise(text: str) -> str:
    """White space as Markdown shows it: lines stripped, runs of blanks collapsed."""
    lines = [re.sub(r"[ \t]+", " ", line.strip()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def _expected_text(value: str | None) -> str:
    return "" if value is None else _normalise(value)


def _expected_list(items: tuple[str, ...] | list[str]) -> str:
    """List items one per line; with more than one, each is marked with a bullet."""
    shown = [_normalise(item) for item in items if item.strip()]
    if len(shown) > 1:
        shown = [f"• {item}" for item in shown]
    return "\n".join(shown)


# English column headers of the journey table, by lane, in display order.
_LANE_HEADERS: dict[str, str] = {
    "description": "Description",
    "channel": "Channel",
    "action": "Action",
    "actors": "Actors",
    "emotion": "Emotion",
    "moment": "Moment",
    "feeling": "Feeling",
    "thoughts": "Thoughts",
    "motivations": "Motivations",
    "doubts": "Doubts",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support",
    "evidence": "Evidence",
    "owner": "Owner",
    "duration": "Duration",
}
_TEXT_LANES = ("description", "action", "feeling", "owner", "duration")
_LIST_LANES = (
    "thoughts",
    "motivations",
    "doubts",
    "pain_points",
    "opportunities",
    "frontstage",
    "backstage",
    "support",
    "evidence",
)


def _lane_value(m: JourneyMap, tp: Touchpoint, lane: str) -> Any:
    """What the touchpoint holds for a lane (``None`` or empty when nothing)."""
    if lane == "actors":
        return [m.actor(a).name for a in tp.actors]
    if lane == "moment":
        return m.moment_of(tp)
    return getattr(tp, lane)


def _expected_tables(m: JourneyMap) -> list[tuple[int | None, int]]:
    """(header cells or None when not fixed, body rows) of every table, in order."""
    tps = m.touchpoints
    expected: list[tuple[int | None, int]] = []
    if any(tp.emotion is not None for tp in tps) or m.curves:
        expected.append((4, 1 + len(m.curves)))  # the emotion curves
    expected.append((None, sum(max(1, len(p.touchpoints)) for p in m.phases)))  # journey
    used = {tp.channel for tp in tps if tp.channel is not None}
    if used:
        expected.append((2 + len(m.phases), len(used)))  # channels by phase
    metrics = sum(len(tp.metrics) for tp in tps)
    if metrics:
        expected.append((9, metrics))
    emotions = {tp.id for tp in tps if tp.emotion is not None}
    gaps = sum(
        1
        for curve in m.curves
        if curve.source == "measured"
        for point in curve.points
        if point.touchpoint in emotions
    )
    if gaps:  # measured against assumed emotion, a row per measured point
        expected.append((8, gaps))
    pains = sum(1 for tp in tps if tp.pain_points or tp.opportunities)
    if pains:
        expected.append((4, pains))
    return expected


def _journey_table(tokens: list[Token], tables: list[_Table]) -> _Table:
    """The first table after the "## Journey" heading."""
    for index, token in enumerate(tokens):
        if (
            token.type == "heading_open"
            and token.tag == "h2"
            and tokens[index + 1].content == "Journey"
        ):
            assert token.map is not None
            for table in tables:
                if table.start >= token.map[1]:
                    return table
    raise AssertionError("no table after the '## Journey' heading")


def _rows_by_touchpoint(
    m: JourneyMap,
) -> Iterator[tuple[str, str | None, Touchpoint | None, bool]]:
    """(phase name, phase goal, touchpoint or None for an empty phase, first row of its phase)."""
    for phase in m.phases:
        if not phase.touchpoints:
            yield phase.name, phase.goal, None, True
        for index, tp in enumerate(phase.touchpoints):
            yield phase.name, phase.goal, tp, index == 0


@settings(deadline=None)
@given(journey_maps())
def test_markdown_tables_keep_their_shape(m: JourneyMap) -> None:
    source = journeymap.render(m, "markdown", locale="en")
    tokens = _PARSER.parse(source)
    tables = _tables(source, tokens)

    shape = [(len(t.header), len(t.rows)) for t in tables]
    expected = _expected_tables(m)
    assert len(shape) == len(expected), (shape, expected)
    for (cells, rows), (want_cells, want_rows) in zip(shape, expected, strict=True):
        assert rows == want_rows, (shape, expected)
        if want_cells is not None:
            assert cells == want_cells, (shape, expected)

    # markdown-it pads short rows and drops extra cells, so count the cells of the raw
    # lines, split at unescaped pipes as markdown-it and cmark-gfm (GitHub) do.
    for table in tables:
        width = len(table.header)
        for odd in (True, False):
            assert len(_split_cells(table.header_line, odd_backslashes=odd)) == width
            for line, _ in table.rows:
                assert len(_split_cells(line, odd_backslashes=odd)) == width, line


@settings(deadline=None)
@given(journey_maps())
def test_markdown_journey_cells_show_the_original_text(m: JourneyMap) -> None:
    source = journeymap.render(m, "markdown", locale="en")
    tokens = _PARSER.parse(source)
    table = _journey_table(tokens, _tables(source, tokens))
    headers = [_inline_text(cell) for cell in table.header]

    assert headers[:2] == ["Phase", "Touchpoint"]
    shown = set(headers[2:])
    for lane, header in _LANE_HEADERS.items():
        values = [_lane_value(m, tp, lane) for tp in m.touchpoints]
        if all(value is None or value in ((), [], "") for value in values):
            assert header not in shown, f"{lane}: column shown without content"
        visible = any(
            isinstance(v, (int, float))
            or (isinstance(v, str) and v.strip())
            or (isinstance(v, (list, tuple)) and any(i.strip() for i in v))
            for v in values
        )
        if visible:
            assert header in shown, f"{lane}: column missing"

    rows = list(_rows_by_touchpoint(m))
    assert len(table.rows) == len(rows)
    for (_, cells), (phase_name, goal, tp, first) in zip(table.rows, rows, strict=True):
        assert len(cells) == len(headers)
        by_header = dict(
            zip(headers, (_normalise(_inline_text(cell)) for cell in cells), strict=True)
        )
        phase_cell = f"⟨strong_open:⟩{_expected_text(phase_name)}⟨strong_close:⟩" if first else ""
        if first and goal and _expected_text(goal):
            phase_cell += f"\nGoal: {_expected_text(goal)}"
        assert by_header["Phase"] == phase_cell
        if tp is None:
            for lane, header in _LANE_HEADERS.items():
                if header in by_header:
                    assert by_header[header] == "", lane
            continue
        assert by_header["Touchpoint"] == _expected_text(tp.name)
        for lane in _TEXT_LANES:
            if _LANE_HEADERS[lane] in by_header:
                assert by_header[_LANE_HEADERS[lane]] == _expected_text(getattr(tp, lane)), lane
        for lane in (*_LIST_LANES, "actors"):
            if _LANE_HEADERS[lane] in by_header:
                want = _expected_list(_lane_value(m, tp, lane))
                assert by_header[_LANE_HEADERS[lane]] == want, lane


# -- c. determinism ---------------------------------------------------------------------


@settings(deadline=None, max_examples=50)
@given(journey_maps())
def test_rendering_twice_gives_the_same_bytes(m: JourneyMap) -> None:
    for name in FORMATS:
        first = journeymap.render(m, name).encode("utf-8")
        second = journeymap.render(m, name).encode("utf-8")
        assert first == second, name


_CHILD = """
import json, sys
import journeymap
from journeymap.model import JourneyMap

m = JourneyMap.model_validate_json(sys.stdin.buffer.read())
out = {name: journeymap.render(m, name) for name in ("markdown", "yaml", "json", "svg")}
sys.stdout.write(json.dumps(out))
"""


@settings(deadline=None, max_examples=5)
@given(journey_maps(), st.integers(0, 2**32 - 1))
def test_rendering_in_a_fresh_process_gives_the_same_bytes(m: JourneyMap, seed: int) -> None:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "TZ": "Pacific/Kiritimati"}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=m.model_dump_json().encode("utf-8"),
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    theirs = json.loads(result.stdout)
    for name in FORMATS:
        ours = journeymap.render(m, name)
        assert theirs[name].encode("utf-8") == ours.encode("utf-8"), name


# -- d. the Markdown escaping function --------------------------------------------------

_ANY_TEXT = st.one_of(
    hostile_text(8),
    st.text(st.sampled_from("|\\<>&\n\r\t -+*_`#[]~$1.ab"), max_size=20),
    st.text(),
)


def _unescape(escaped: str) -> str:
    """Undo :func:`markdown_inline`: backslash escapes, the three entities, ``<br>``."""
    out: list[str] = []
    i = 0
    entities = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "<br>": "\n"}
    while i < len(escaped):
        if escaped[i] == "\\" and i + 1 < len(escaped):
            out.append(escaped[i + 1])
            i += 2
            continue
        for entity, char in entities.items():
            if escaped.startswith(entity, i):
                out.append(char)
                i += len(entity)
                break
        else:
            out.append(escaped[i])
            i += 1
    return without_added_joiners("".join(out))


def _newlines_normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@given(_ANY_TEXT)
def test_markdown_inline_leaves_no_line_break(text: str) -> None:
    escaped = markdown_inline(text)
    assert "\n" not in escaped
    assert "\r" not in escaped


@given(_ANY_TEXT)
def test_markdown_inline_escapes_every_pipe(text: str) -> None:
    escaped = markdown_inline(text)
    for match in re.finditer(r"\|", escaped):
        before = escaped[: match.start()]
        backslashes = len(before) - len(before.rstrip("\\"))
        assert backslashes % 2 == 1, escaped


@given(_ANY_TEXT)
def test_markdown_inline_has_no_raw_angle_brackets_but_its_own_br(text: str) -> None:
    escaped = markdown_inline(text)
    breaks = _newlines_normalised(text).strip().count("\n")
    assert escaped.count("<br>") == breaks
    rest = escaped.replace("<br>", "")
    assert "<" not in rest
    assert ">" not in rest


@given(_ANY_TEXT)
def test_markdown_inline_ampersands_start_entities(text: str) -> None:
    escaped = markdown_inline(text)
    for match in re.finditer("&", escaped):
        assert escaped.startswith(("&amp;", "&lt;", "&gt;"), match.start()), escaped


@given(_ANY_TEXT)
def test_markdown_inline_keeps_the_text(text: str) -> None:
    assert _unescape(markdown_inline(text)) == _newlines_normalised(text).strip()


@given(_ANY_TEXT)
def test_markdown_inline_starts_no_block(text: str) -> None:
    escaped = markdown_inline(text)
    assert not re.match(r"[-+*](\s|$)|\d{1,9}[.)](\s|$)|[-*_]{3}|#|>|\s", escaped), escaped
