"""Import Mermaid ``journey`` diagrams as journey maps.

The parser follows the text pipeline of Mermaid's own ``journey`` grammar: CRLF clean-up,
dedent and trim (as ``mermaid.run()`` does for ``<pre class="mermaid">`` blocks), YAML
front-matter (``title``, ``config``), ``%%{init: ...}%%`` directives, full-line ``%%``
comments, ``#`` comments, Mermaid entity codes (``#58;``, ``#lt;``, ``#9829;``), and the
grammar's tokens: ``title``, ``accTitle:``, ``accDescr:``, ``accDescr { ... }``,
``section`` and tasks ``Name: score: actor, actor``.

Reading is bounded for diagrams from anywhere: at most
:data:`journeymap.io.MAX_INPUT_BYTES` of UTF-8, time linear in the size on every path,
front-matter read by :func:`journeymap.io.read_yaml` with the guards of a YAML map, and
every error located at a line and column of the diagram (a problem the map's validation
finds too, on the task, section, person or title that caused it).

The result is a :class:`~journeymap.model.JourneyMap` on a 1..5 scale:

* sections become phases and tasks touchpoints; the score is the touchpoint's emotion and
  the people are actors (role ``customer``, ids slugified from the name, the name kept as
  written, listed in Mermaid's legend order, i.e. sorted);
* the map's title is the ``title`` line (or the front-matter title); without one it is
  the ``accTitle``, and without that ``"Journey"``;
* the map's description is the ``accTitle`` (when it is not already the title) followed
  by the ``accDescr``, separated by a blank line;
* tasks written before any section go into a first phase named after the title;
* entity codes are decoded to characters and ``<br>`` variants to newlines; names are
  stripped of surrounding whitespace.

Where Mermaid silently accepts odd input, the importer keeps what the author meant and
says what it did with a :class:`MermaidImportWarning` carrying the file, line and column;
``strict=True`` turns each of these into a :class:`~journeymap.errors.JourneyMapError`
instead:

* a score outside 1..5 is kept as written and the scale widened to fit (to 0..10 for a
  ten-point scale, otherwise just enough);
* a score that is not a number (or is empty) leaves the touchpoint without an emotion;
* the empty actor that ``Task: 5:`` creates is dropped;
* a section name used again later starts a separate phase (its id made unique);
* a section without tasks is kept as a phase without touchpoints;
* text after a third ``:`` in a task, which Mermaid ignores, is dropped;
* ``%%`` inside a task's data is not a comment in Mermaid and is kept as text.

Example:
    >>> m = parse("journey\\n  title Buying\\n  section Shop\\n    Pay: 2: Me, Cat")
    >>> m.title, m.phases[0].name, m.phases[0].touchpoints[0].emotion
    ('Buying', 'Shop', 2)
"""

from __future__ import annotations

import copy
import html
import math
import re
import warnings
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import accumulate
from typing import Any, ClassVar, NamedTuple, TypeVar

from pydantic import BaseModel

from journeymap.diagnostics import validate_map
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.escape import mermaid_statement, mermaid_text
from journeymap.fields import balance_bidi
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.ids import slugify
from journeymap.io import MAX_INPUT_BYTES, check_input_size, read_yaml
from journeymap.model import JourneyMap
from journeymap.renderers.options import NoOptions

__all__ = [
    "RENDERER",
    "MermaidExportWarning",
    "MermaidImportWarning",
    "MermaidRenderer",
    "MermaidWarning",
    "export",
    "parse",
]

_DEFAULT_TITLE = "Journey"
_MAX_SPAN = 100
#: Characters of a line, name or score quoted in a message; longer text is cut with "…".
_QUOTE = 80


# --- warnings ---------------------------------------------------------------------------

_W = TypeVar("_W", bound="MermaidWarning")


class MermaidWarning(UserWarning):
    """A located warning about a Mermaid diagram: what was read or written differently.

    The warning reads as one line, ``file.mmd:12:5: warning: ...`` (the parts of the
    location that are known), and carries the location as attributes.

    Args:
        detail: What was found and what was done, without the location.
        source: The file, if known.
        line: The 1-based line in ``source``, if known.
        column: The 1-based column in ``source``, if known.

    Attributes:
        detail: What was found and what was done, without the location.
        source: The file, or ``None``.
        line: The 1-based line, or ``None``.
        column: The 1-based column, or ``None``.

    Example:
        >>> w = MermaidImportWarning("empty actor dropped", source="a.mmd", line=3, column=5)
        >>> str(w), w.line, w.problem.line
        ('a.mmd:3:5: warning: empty actor dropped', 3, 3)
        >>> str(w.with_source("b.mmd")) == str(w), str(MermaidExportWarning("x").with_source("m"))
        (True, 'm: warning: x')
    """

    def __init__(
        self,
        detail: str = "",
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.detail = detail
        self.source = source
        self.line = line
        self.column = column
        super().__init__(detail)

    def _format(self) -> str:
        if self.source is not None:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        elif self.line is not None:
            where = f"line {self.line}"
        else:
            return f"warning: {self.detail}"
        return f"{where}: warning: {self.detail}"

    def __str__(self) -> str:
        return self._format()

    @property
    def problem(self) -> Problem:
        """The warning as a located :class:`~journeymap.errors.Problem`, to raise as an error."""
        where = f"line {self.line}" if self.source is None and self.line is not None else ""
        return Problem(where, self.detail, source=self.source, line=self.line, column=self.column)

    def with_source(self: _W, source: str) -> _W:
        """A copy naming ``source`` as its file, unless it already names one."""
        if self.source is not None:
            return self
        clone = copy.copy(self)
        clone.source = source
        return clone


class MermaidImportWarning(MermaidWarning):
    """Odd Mermaid input that was accepted; it names the line and column and what was done."""


# --- preprocessing ----------------------------------------------------------------------

# Every pattern of this module is written so that no two quantifiers can take the same
# characters: each match attempt runs in time linear in the text it looks at, and the
# whole import is linear in the size of the diagram.
_ENTITY = re.compile(r"#(\w+);")
_ENTITY_MARK = re.compile("\ue000(\\w+)\ue001")
_BR = re.compile(r"<\s*(?:/\s*)?br\s*(?:/\s*)?>", re.IGNORECASE)
_DIRECTIVE = re.compile(r"%%\{.*?(?:\}%%|$)", re.DOTALL)
_FULL_LINE_COMMENT = re.compile(r"^[ \t]*%%(?!\{).+$")
_FENCE = re.compile(r"---[ \t]*")
_FRONT_MATTER_TITLE = re.compile(r"title[ \t]*:")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Digits of a numeric entity code beyond which it names no character (U+10FFFF has 7).
_MAX_CODE_DIGITS = 7


@dataclass
class _Text:
    """The text being parsed, one entry per original line, with dedent offsets."""

    lines: list[str]
    original: list[str]
    offsets: list[int]

    def joined(self) -> str:
        return "\n".join(self.lines)


def _dedent(text: str) -> _Text:
    """Dedent like ts-dedent: the least indentation of the lines after the first."""
    lines = text.split("\n")
    original = list(lines)
    last = len(lines) - 1
    if last > 0 and not lines[last].strip(" \t"):
        lines[last] = ""  # ts-dedent drops a trailing whitespace-only line
    indents = []
    for line in lines[1:]:
        stripped = line.lstrip(" \t")
        if line and (stripped != line or not line[0].isspace()):
            indents.append(len(line) - len(stripped))
    least = min(indents) if indents else 0
    offsets = [0] * len(lines)
    for i in range(1, len(lines)):
        head = lines[i][:least]
        if least and len(head) == least and not head.strip(" \t"):
            lines[i] = lines[i][least:]
            offsets[i] = least
    return _Text(lines, original, offsets)


def _encode_entities(line: str) -> str:
    """Hide ``#name;`` codes from the lexer, keeping the line's length."""
    if "#" not in line:
        return line
    return _ENTITY.sub(lambda m: "\ue000" + m.group(1) + "\ue001", line)


def _entity(match: re.Match[str]) -> str:
    """The character of an entity code, as a browser decodes ``&#digits;`` or ``&name;``."""
    inner = match.group(1)
    if inner.isdigit():
        if inner.isascii():
            digits = inner.lstrip("0") or "0"
            if len(digits) > _MAX_CODE_DIGITS:  # no such code point: what HTML makes of it
                return "\ufffd"
            inner = digits
        return html.unescape(f"&#{inner};")
    return html.unescape(f"&{inner};")


def _decode(value: str) -> str:
    """Decode entity codes and ``<br>`` variants, then strip surrounding whitespace."""
    if "\ue000" in value:
        value = _ENTITY_MARK.sub(_entity, value)
    if "<" in value:
        value = _BR.sub("\n", value)
    return value.strip()


def _short(text: str) -> str:
    """``text`` quoted for a message, cut to :data:`_QUOTE` characters."""
    if len(text) > _QUOTE:
        text = text[: _QUOTE - 1] + "…"
    return repr(text)


# --- lexing -----------------------------------------------------------------------------

# The grammar's tokens, tried in order at each position: the first that matches wins (as
# in Mermaid's lexer), whatever its length. Unnamed alternatives are skipped text.
_TOKEN = re.compile(
    r"(?P<skip>%%(?!\{)[^\n]*|[^}]%%[^\n]*|\n+|\s+|#[^\n]*)"
    r"|(?P<journey>(?i:journey))"
    r"|(?P<title>(?i:title)\s[^#\n;]+)"
    r"|(?P<acc_title>(?i:accTitle)\s*:\s*)"
    r"|(?P<acc_descr>(?i:accDescr)\s*:\s*)"
    r"|(?P<acc_descr_block>(?i:accDescr)\s*\{\s*)"
    r"|(?P<section>(?i:section)\s[^#:\n;]+)"
    r"|(?P<task_name>[^#:\n;]+)"
    r"|(?P<task_data>:[^#\n;]+)"
    r"|(?P<colon>:)"
    r"|(?P<invalid>.)"
)
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK_VALUE = re.compile(r"[^}]*")


class _Token(NamedTuple):
    kind: str
    value: str
    pos: int


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of ``text``, in one pass: one match per token."""
    match_token = _TOKEN.match
    pos = 0
    end = len(text)
    while pos < end:
        match = match_token(text, pos)
        assert match is not None  # '.' and newlines match every character
        kind = match.lastgroup
        assert kind is not None
        if kind != "skip":
            yield _Token(kind, match.group(), pos)
        pos = match.end()
        if kind in ("acc_title", "acc_descr"):
            value = _REST_OF_LINE.match(text, pos)
            assert value is not None
            yield _Token(kind + "_value", value.group(), pos)
            pos = value.end()
        elif kind == "acc_descr_block":
            value = _BLOCK_VALUE.match(text, pos)
            assert value is not None
            if value.group():
                yield _Token("acc_descr_value", value.group(), pos)
            pos = value.end() + 1  # the closing brace, if any


# --- parsing ----------------------------------------------------------------------------

#: A place in the original text: 1-based line and column.
_At = tuple[int, int]


class _Task:
    """A task as written; places are positions in the lexed text, located when needed."""

    __slots__ = ("data", "data_pos", "extra", "name", "people", "pos", "score", "score_text")

    def __init__(self, name: _Token, data: _Token) -> None:
        pieces = data.value[1:].split(":")
        self.name = _decode(name.value)
        self.pos = name.pos
        self.data = data.value
        self.data_pos = data.pos
        self.score_text = pieces[0].strip()
        self.score = _number(self.score_text)
        self.people = [_decode(p) for p in pieces[1].split(",")] if len(pieces) > 1 else []
        self.extra = ":".join(pieces[2:]) if len(pieces) > 2 else None

    def score_pos(self) -> int:
        """Where the score starts."""
        score = self.data[1:].split(":", 1)[0]
        return self.data_pos + 1 + len(score) - len(score.lstrip())

    def people_pos(self) -> list[int]:
        """Where each person (counting empty ones) starts."""
        pieces = self.data[1:].split(":", 2)
        pos = self.data_pos + 1 + len(pieces[0]) + 1
        found = []
        for person in pieces[1].split(",") if len(pieces) > 1 else []:
            found.append(pos + len(person) - len(person.lstrip()))
            pos += len(person) + 1
        return found


@dataclass
class _Section:
    name: str
    pos: int
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Parser:
    text: _Text
    source: str | None
    notes: list[Problem] = field(default_factory=list)
    #: Where each line of the text being lexed starts (set by :meth:`index`).
    starts: list[int] = field(default_factory=list)

    def index(self) -> str:
        """Join the lines for the lexer and record where each starts."""
        self.starts = list(accumulate((len(line) + 1 for line in self.text.lines[:-1]), initial=0))
        return self.text.joined()

    def locate(self, pos: int) -> _At:
        """The 1-based line and column in the original text of a position."""
        index = bisect_right(self.starts, pos) - 1
        return index + 1, pos - self.starts[index] + self.text.offsets[index] + 1

    def problem(self, line: int, column: int, message: str) -> Problem:
        quoted = self.text.original[line - 1].strip()
        return self.located(Problem("", f"{message}: {_short(quoted)}"), (line, column))

    def located(self, problem: Problem, at: _At) -> Problem:
        """``problem`` at ``at`` in this text (named ``line N`` when there is no file)."""
        where = problem.where
        if not self.source:
            where = f"line {at[0]}, {where}" if where else f"line {at[0]}"
        return replace(problem, where=where, source=self.source, line=at[0], column=at[1])

    def error(self, pos: int, message: str) -> JourneyMapError:
        return JourneyMapError([self.problem_at(pos, message)])

    def problem_at(self, pos: int, message: str) -> Problem:
        line, column = self.locate(pos)
        return self.problem(line, column, message)

    def note_at(self, pos: int, message: str) -> None:
        self.notes.append(self.problem_at(pos, message))


@dataclass
class _FrontMatter:
    """What front-matter gives the map: its title and where that was written."""

    title: str | None = None
    title_at: _At | None = None


# The title keeps the text as typed ('1.10', 'no'), as in a map file.
_FRONT_MATTER_SCHEMA: dict[str, Any] = {"properties": {"title": {"type": "string"}}}


def _front_matter(parser: _Parser) -> _FrontMatter:
    """Read and blank out YAML front-matter, with the guards of journeymap's YAML reader."""
    lines = parser.text.lines
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _FENCE.fullmatch(lines[first].strip(" \t")):
        return _FrontMatter()
    close = next(
        (i for i in range(first + 1, len(lines) - 1) if _FENCE.fullmatch(lines[i])),
        None,
    )
    if close is None:
        return _FrontMatter()
    body = "\n".join(lines[first + 1 : close])
    try:
        data: Any = read_yaml(
            body, parser.source or "<string>", first_line=first + 2, schema=_FRONT_MATTER_SCHEMA
        )
    except JourneyMapError as exc:
        raise JourneyMapError(
            _front_matter_problem(parser, p, first + 1) for p in exc.problems
        ) from None
    title_at = next(
        (
            (i + 1, parser.text.offsets[i] + 1)
            for i in range(first + 1, close)
            if _FRONT_MATTER_TITLE.match(lines[i])
        ),
        (first + 2, 1),
    )
    for i in range(first, close + 1):
        lines[i] = ""
    if not isinstance(data, dict):
        return _FrontMatter()
    config = data.get("config")
    if config is not None and not isinstance(config, dict):
        raise JourneyMapError(
            [parser.problem(first + 2, 1, "front-matter 'config' must be a mapping")]
        )
    title = data.get("title")
    if title is None:
        return _FrontMatter()
    if isinstance(title, bool):  # as JavaScript writes it
        title = "true" if title else "false"
    return _FrontMatter(str(title), title_at)


def _front_matter_problem(parser: _Parser, problem: Problem, fence: int) -> Problem:
    """A problem the YAML reader found in front-matter, located in the diagram's text.

    Lines are already counted from the diagram's first line; columns are moved right by
    the indentation the dedent removed. A problem without a line is put on the fence.
    """
    line = problem.line if problem.line is not None else fence
    column = problem.column if problem.column is not None else 1
    if 1 <= line <= len(parser.text.offsets):
        column += parser.text.offsets[line - 1]
    message = f"front-matter: {problem.message}"
    if problem.where:
        message = f"front-matter: {problem.where}: {problem.message}"
    return parser.located(Problem("", message, problem.path), (line, column))


def _strip_directives_and_comments(text: _Text) -> None:
    joined = text.joined()
    if "%%" not in joined:
        return
    blanked = _DIRECTIVE.sub(_blank, joined) if "%%{" in joined else joined
    text.lines = [
        "" if "%%" in line and _FULL_LINE_COMMENT.match(line) else line
        for line in blanked.split("\n")
    ]


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of a directive, keeping its line breaks (and so every position)."""
    return "\n".join(" " * len(part) for part in match.group().split("\n"))


def _number(text: str) -> int | float | None:
    """JavaScript's ``Number()`` for decimal text, ``None`` where it would give NaN."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


class _Ids:
    """Unique ids from names, as :func:`journeymap.ids.unique_id` gives them, in linear time.

    ``unique_id`` counts up from ``base-2`` on every call; with thousands of tasks of
    one name that is quadratic. Ids are only ever added, so the first free number of a
    base never goes down, and counting can resume where it stopped.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, base: str) -> str:
        if base in self.taken:
            number = self.next.get(base, 2)
            while f"{base}-{number}" in self.taken:
                number += 1
            self.next[base] = number + 1
            base = f"{base}-{number}"
        self.taken.add(base)
        return base


def parse(text: str, strict: bool = False, source: str | None = None) -> JourneyMap:
    """Parse a Mermaid ``journey`` diagram into a journey map on a 1..5 scale.

    Every step is linear in the size of the text. Front-matter is read with the guards
    of journeymap's own YAML reader (:func:`journeymap.io.read_yaml`).

    Args:
        text: The diagram source, as written in a ``.mmd`` file or a Markdown fence.
        strict: Raise instead of warning where Mermaid accepts odd input silently.
        source: The file name to put in messages.

    Returns:
        The validated journey map.

    Raises:
        JourneyMapError: If Mermaid would not parse the text (with the line, column and
            the line quoted), if the map it gives is invalid (with the line and column of
            the task, section or title at fault), if the front-matter is not safe YAML,
            or, with ``strict=True``, for input journeymap would otherwise only warn
            about. Every problem names the line and column.

    Warns:
        MermaidImportWarning: For each oddity accepted without ``strict``, with its
            ``source``, ``line`` and ``column``.

    Example:
        >>> m = parse('''
        ...     journey
        ...       title My working day
        ...       section Go to work
        ...         Make tea: 5: Me
        ...         Do work: 1: Me, Cat
        ... ''')
        >>> [(tp.name, tp.emotion, tp.actors) for tp in m.touchpoints]
        [('Make tea', 5, ('me',)), ('Do work', 1, ('me', 'cat'))]
        >>> m.scale.describe(), [a.name for a in m.actors]
        ('1..5', ['Cat', 'Me'])
    """
    with cyclic_gc_paused():  # many small objects and no cycles: much faster on big diagrams
        return _parse(text, strict, source)


def _parse(text: str, strict: bool, source: str | None) -> JourneyMap:
    _check_size(text, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parser = _Parser(_dedent(text), source)
    front = _front_matter(parser)
    _strip_directives_and_comments(parser.text)
    parser.text.lines = [_encode_entities(line) for line in parser.text.lines]
    joined = parser.index()
    first = next(_tokens(joined), None)  # before lexing all of a text that is no journey
    if first is None:
        raise JourneyMapError(
            [parser.located(Problem("", "no Mermaid diagram: the text is empty"), (1, 1))]
        )
    if first.kind != "journey" or first.value != "journey":
        raise parser.error(
            first.pos, "not a Mermaid journey: the diagram must start with 'journey'"
        )
    tokens = list(_tokens(joined))

    places = _Places(journey=parser.locate(tokens[0].pos))
    title: str | None = None
    if front.title is not None:
        title = _decode(_encode_entities(front.title))
        places.title = front.title_at
    acc_title = ""
    acc_descr = ""
    sections: list[_Section] = []
    loose: list[_Task] = []
    i = 1
    while i < len(tokens):
        token = tokens[i]
        kind = token.kind
        if kind == "task_name":
            if i + 1 >= len(tokens) or tokens[i + 1].kind != "task_data":
                raise parser.error(
                    token.pos,
                    f"task {_short(_decode(token.value))} needs a score: write "
                    "'Name: score: actors'",
                )
            i += 1
            task = _Task(token, tokens[i])
            if "%%" in task.data:
                parser.note_at(
                    task.data_pos + task.data.index("%%"),
                    "'%%' after a task's score is not a comment in Mermaid; kept as text",
                )
            (sections[-1].tasks if sections else loose).append(task)
        elif kind == "section":
            sections.append(_Section(_decode(token.value[8:]), token.pos))
        elif kind == "title":
            title = _decode(token.value[6:])
            places.title = parser.locate(token.pos)
        elif kind == "acc_title":
            i += 1
            acc_title = _decode(tokens[i].value)
            places.acc_title = parser.locate(token.pos)
        elif kind == "acc_descr":
            i += 1
            acc_descr = _decode(tokens[i].value)
            places.acc_descr = parser.locate(token.pos)
        elif kind == "acc_descr_block":
            places.acc_descr = parser.locate(token.pos)
            if i + 1 < len(tokens) and tokens[i + 1].kind == "acc_descr_value":
                i += 1
                acc_descr = "\n".join(part.strip() for part in _decode(tokens[i].value).split("\n"))
        elif kind == "journey":
            raise parser.error(token.pos, "'journey' may appear only once, at the start")
        elif kind == "colon":
            raise parser.error(token.pos, "unexpected ':' without a task name before it")
        else:
            raise parser.error(
                token.pos,
                f"unexpected {_short(token.value)}; allowed: title, accTitle:, accDescr:, "
                "section or a task 'Name: score: actors'",
            )
        i += 1

    return _build(parser, places, title, acc_title, acc_descr, sections, loose, strict)


def _check_size(text: str, source: str | None) -> None:
    """Refuse a diagram of more than :data:`journeymap.io.MAX_INPUT_BYTES` bytes of UTF-8."""
    if len(text) * 4 <= MAX_INPUT_BYTES:
        return  # small enough whatever its characters
    chunk = 1 << 20  # count in slices: no copy of the whole text
    size = sum(
        len(text[i : i + chunk].encode("utf-8", "surrogatepass"))
        for i in range(0, len(text), chunk)
    )
    try:
        check_input_size(size, source, what="diagram")
    except JourneyMapError as exc:
        raise JourneyMapError(
            replace(p, where=p.where or ("" if source else "line 1"), line=1, column=1)
            for p in exc.problems
        ) from None


@dataclass
class _Places:
    """Where the map-wide parts of a diagram were written, to locate problems with them."""

    journey: _At
    title: _At | None = None
    acc_title: _At | None = None
    acc_descr: _At | None = None


def _build(
    parser: _Parser,
    places: _Places,
    title: str | None,
    acc_title: str,
    acc_descr: str,
    sections: list[_Section],
    loose: list[_Task],
    strict: bool,
) -> JourneyMap:
    map_title = title or acc_title or _DEFAULT_TITLE
    if not title:
        places.title = places.acc_title if acc_title else None
    description_parts = [part for part in (acc_title, acc_descr) if part and part != map_title]
    if loose:
        sections.insert(0, _Section(map_title, loose[0].pos, loose))

    for section in sections:
        if not section.tasks:
            parser.note_at(
                section.pos,
                f"section {_short(section.name)} has no tasks; kept as a phase without touchpoints",
            )
        for task in section.tasks:
            if task.score is None:
                parser.note_at(
                    task.pos,
                    f"score {_short(task.score_text)} of task {_short(task.name)} is "
                    "not a number; the touchpoint has no emotion",
                )
            if "" in task.people:
                parser.note_at(
                    task.pos,
                    f"empty actor name in task {_short(task.name)} (a trailing ':' or ','); "
                    "dropped",
                )
            if task.extra is not None:
                parser.note_at(
                    task.pos,
                    f"text after the third ':' in task {_short(task.name)} "
                    f"({_short(task.extra.strip())}) is ignored, as Mermaid does",
                )
    previous: str | None = None
    first_use: dict[str, _Section] = {}
    for section in sections:
        if section.name in first_use and section.name != previous:
            parser.note_at(
                section.pos,
                f"section {_short(section.name)} was used before (line "
                f"{parser.locate(first_use[section.name].pos)[0]}); kept as a separate phase",
            )
        first_use.setdefault(section.name, section)
        previous = section.name

    scored = [(t.score, t) for s in sections for t in s.tasks if t.score is not None]
    lo, hi = 1, 5
    if scored:
        lo = min(lo, math.floor(min(score for score, _ in scored)))
        hi = max(hi, math.ceil(max(score for score, _ in scored)))
        if 5 < hi <= 10:
            hi = 10
    if hi - lo > _MAX_SPAN:
        worst = max(scored, key=lambda item: abs(item[0] - 3))[1]
        raise JourneyMapError(
            [
                parser.problem_at(
                    worst.pos,
                    f"score {_short(worst.score_text)} makes the scale {lo}..{hi} "
                    f"span more than {_MAX_SPAN} steps; allowed: scores that keep the scale "
                    f"within {_MAX_SPAN} steps (Mermaid's own are 1 to 5)",
                )
            ]
        )
    for score, task in scored:
        if not 1 <= score <= 5:
            parser.note_at(
                task.pos,
                f"score {_short(str(score))} of task {_short(task.name)} is outside "
                f"Mermaid's 1..5; kept, and the map's scale widened to {lo}..{hi}",
            )

    notes = sorted(parser.notes, key=lambda p: (p.line or 0, p.column or 0))
    if notes and strict:
        raise JourneyMapError(notes)
    for note in notes:
        warnings.warn(
            MermaidImportWarning(
                note.message, source=note.source, line=note.line, column=note.column
            ),
            stacklevel=4,
        )

    actor_names = sorted({p for s in sections for t in s.tasks for p in t.people if p})
    ids = _Ids()
    actor_ids = {name: ids.take(slugify(name, fallback="actor")) for name in actor_names}

    ids = _Ids()
    phases: list[dict[str, Any]] = []
    for section in sections:
        phase_id = ids.take(slugify(section.name, fallback="phase"))
        touchpoints = []
        for task in section.tasks:
            touchpoints.append(
                {
                    "id": ids.take(slugify(task.name, fallback="touchpoint")),
                    "name": task.name,
                    "emotion": task.score,
                    "actors": [actor_ids[p] for p in dict.fromkeys(task.people) if p],
                }
            )
        phases.append({"id": phase_id, "name": section.name, "touchpoints": touchpoints})

    data: dict[str, Any] = {
        "title": map_title,
        "scale": {"min": lo, "max": hi},
        "actors": [{"id": actor_ids[name], "name": name} for name in actor_names],
        "phases": phases,
    }
    if description_parts:
        data["description"] = "\n\n".join(description_parts)
        if acc_title in description_parts:
            places.acc_descr = places.acc_title
    try:
        return validate_map(data)
    except JourneyMapError as exc:
        actor_at: dict[str, int] = {}  # where each actor is first named
        for section in sections:
            for task in section.tasks:
                if any(person not in actor_at for person in task.people):
                    for person, pos in zip(task.people, task.people_pos(), strict=True):
                        actor_at.setdefault(person, pos)
        actors = [actor_at[name] for name in actor_names]
        problems = [
            parser.located(p, _place(p.path, parser, places, sections, actors))
            for p in exc.problems
        ]
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise JourneyMapError(problems) from None


def _place(
    path: Path, parser: _Parser, places: _Places, sections: list[_Section], actors: list[int]
) -> _At:
    """Where in the diagram the part of the map at ``path`` was written.

    A problem with a touchpoint is put on its task (on its score for the emotion), one
    with a phase on its section, one with an actor on where the first task that names
    it names it, one with the title or description on the line that set it, and
    anything else on the ``journey`` line.
    """
    head = path[:1]
    if head == ("phases",) and len(path) > 1 and isinstance(path[1], int):
        section = sections[path[1]]
        if len(path) > 3 and path[2] == "touchpoints" and isinstance(path[3], int):
            task = section.tasks[path[3]]
            if path[4:5] == ("emotion",):
                return parser.locate(task.score_pos())
            return parser.locate(task.pos)
        return parser.locate(section.pos)
    if head == ("actors",) and len(path) > 1 and isinstance(path[1], int):
        return parser.locate(actors[path[1]])
    if head == ("title",) and places.title is not None:
        return places.title
    if head == ("description",) and places.acc_descr is not None:
        return places.acc_descr
    return places.journey


# --- export -----------------------------------------------------------------------------


class MermaidExportWarning(MermaidWarning):
    """Parts of a map that a Mermaid ``journey`` cannot hold were left out of the export.

    An export has no file of its own: the warning has no location until
    :meth:`~MermaidWarning.with_source` names the map's file.

    Attributes:
        dropped: The parts left out, in the order the message names them.
    """

    dropped: tuple[str, ...] = ()


# What each part of the model keeps in Mermaid; every other field set is reported dropped.
_KEPT_MAP = {"title", "description", "scale", "actors", "phases"}
_KEPT_PHASE = {"id", "name", "touchpoints"}
_KEPT_TOUCHPOINT = {"id", "name", "emotion", "actors"}
_KEPT_ACTOR = {"id", "name"}


def _to_five(value: float, model: JourneyMap) -> int:
    """Map ``value`` linearly from the map's scale onto 1..5, rounding halves up."""
    scale = model.scale
    exact = 1 + 4 * (Fraction(value) - scale.min) / (scale.max - scale.min)
    return math.floor(exact + Fraction(1, 2))


def _is_exact(value: float, model: JourneyMap) -> bool:
    scale = model.scale
    exact = 1 + 4 * (Fraction(value) - scale.min) / (scale.max - scale.min)
    return exact.denominator == 1


def _set_fields(obj: BaseModel, kept: set[str]) -> list[str]:
    """The fields of ``obj`` outside ``kept`` whose values differ from their defaults."""
    found = []
    for name, info in type(obj).model_fields.items():
        if name in kept or info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        if getattr(obj, name) != default:
            found.append(name.replace("_", " "))
    return found


def _read_back(text: str) -> str:
    """What :func:`parse` makes of ``text`` once exported.

    A ``<br>`` in it becomes a newline, and the map keeps each bidi control inside its
    line (:func:`journeymap.fields.balance_bidi`).
    """
    return balance_bidi(_BR.sub("\n", text.strip().replace("\n", "<br>")).strip())


def _texts(model: JourneyMap) -> list[tuple[str, str]]:
    """Every name the export writes, with what it names."""
    texts = [("title", model.title)]
    texts += [(f"phase {i + 1}", p.name) for i, p in enumerate(model.phases)]
    texts += [(f"touchpoint {tp.id!r}", tp.name) for tp in model.touchpoints]
    texts += [(f"actor {a.id!r}", a.name) for a in model.actors]
    return texts


def _dropped(model: JourneyMap) -> list[str]:
    """What the export leaves out, in a stable order, each named once."""
    dropped: dict[str, None] = {}
    texts = [*_texts(model), ("description", model.description or "")]
    if any(_read_back(text) != text.strip() for _, text in texts):
        dropped["'<br>' written in text (read back as a line break)"] = None
    for name in _set_fields(model, _KEPT_MAP):
        dropped[name] = None
    if model.scale.labels:
        dropped["scale labels"] = None
    used = {a for tp in model.touchpoints for a in tp.actors}
    for actor in model.actors:
        for name in _set_fields(actor, _KEPT_ACTOR):
            dropped[f"actor {name}"] = None
        if actor.id not in used:
            dropped["actors (in no touchpoint)"] = None
    for phase in model.phases:
        for name in _set_fields(phase, _KEPT_PHASE):
            dropped[f"phase {name}"] = None
    for tp in model.touchpoints:
        for name in _set_fields(tp, _KEPT_TOUCHPOINT):
            dropped[f"touchpoint {name}"] = None
        if tp.emotion is None:
            dropped["emotion (touchpoints without one)"] = None
        elif not _is_exact(tp.emotion, model):
            dropped["emotion precision (rounded to 1..5)"] = None
    return list(dropped)


def export(model: JourneyMap) -> str:
    """Write a journey map as a Mermaid ``journey`` diagram.

    The diagram holds the title (as ``title`` and ``accTitle``), the description (as
    ``accDescr``, in a ``{ ... }`` block when it has several lines), the phases as
    ``section`` lines (an empty phase as a section without tasks) and the touchpoints as
    tasks ``Name: score: Actor, Actor`` (the touchpoint's actors by name, in order, each
    once).

    Text: surrounding white space is trimmed (Mermaid trims it), newlines become
    ``<br>``, and ``#``, ``:``, ``;``, ``<``, ``>``, ``&``, runs of ``%`` (``%%`` starts a
    comment), ``,`` in actor names and ``}`` in a description block become entity codes
    such as ``#58;``. A name that would read as a keyword (``journey``, ``title``,
    ``section``, ``accTitle``, ``accDescr``) has its first letter written as a code.
    :func:`parse` reads all of this back to the same (trimmed) text.

    Scores: Mermaid's scores run from 1 to 5. An emotion on a 1..5 scale is written as
    it is; on any other scale it is mapped linearly (``min`` to 1, ``max`` to 5) and
    rounded to the nearest integer, halves up: on -2..2 the levels -2..2 become 1..5, on
    0..10 the level 5 becomes 3 and 7 becomes 4 (3.8). A touchpoint without an emotion
    gets the scale's neutral level, mapped the same way, since Mermaid requires a score.

    Entity codes are decoded before ``<br>`` is, so text that holds ``<br>`` (or a
    variant such as ``<BR/>``) itself is read back with a line break there; a name that
    would be read back empty cannot be written at all.

    Ids are not written; :func:`parse` makes new ones from the names.

    Args:
        model: The journey map.

    Returns:
        The diagram, starting with ``journey`` and ending with a newline.

    Raises:
        JourneyMapError: If a name is only ``<br>`` and white space, which Mermaid reads
            as an empty name.

    Warns:
        MermaidExportWarning: Once, listing what was left out: fields Mermaid cannot hold
            that the map sets (persona, objective, channels, touchpoint thoughts, pain
            points, metrics, flows, curves, actor roles, …), actors in no touchpoint,
            ``emotion (touchpoints without one)`` and ``emotion precision`` when rounding
            changed a value.

    Example:
        >>> from journeymap import Journey
        >>> j = Journey("Tea: a #1 ritual").phase("Kitchen").touchpoint("Boil", emotion=1)
        >>> print(export(j.build()), end="")
        journey
          title Tea#58; a #35;1 ritual
          accTitle: Tea#58; a #35;1 ritual
          section Kitchen
            Boil: 4
        >>> parse(export(j.build()), strict=True).title
        'Tea: a #1 ritual'
    """
    empty = [where for where, text in _texts(model) if not _read_back(text)]
    if empty:
        raise JourneyMapError(
            f"cannot write as Mermaid: Mermaid reads '<br>' as a line break, which leaves "
            f"these names empty: {', '.join(empty)}"
        )
    title = mermaid_text(model.title)
    lines = ["journey", f"  title {title}", f"  accTitle: {title}"]
    description = (model.description or "").strip()
    if description and "\n" in description:
        lines.append("  accDescr {")
        lines += [
            f"    {mermaid_text(part, '}')}" if part.strip() else ""
            for part in description.split("\n")
        ]
        lines.append("  }")
    elif description:
        lines.append(f"  accDescr: {mermaid_text(description)}")
    names = {actor.id: actor.name for actor in model.actors}
    neutral = _to_five(model.scale.neutral, model)
    for phase in model.phases:
        lines.append(f"  section {mermaid_text(phase.name)}")
        for tp in phase.touchpoints:
            score = neutral if tp.emotion is None else _to_five(tp.emotion, model)
            people = dict.fromkeys(mermaid_text(names[a], ",") for a in tp.actors)
            task = f"    {mermaid_statement(tp.name)}: {score}"
            if people:
                task += ": " + ", ".join(people)
            lines.append(task)
    dropped = _dropped(model)
    if dropped:
        warning = MermaidExportWarning(
            "a Mermaid journey cannot hold these parts of the map; left out: " + ", ".join(dropped)
        )
        warning.dropped = tuple(dropped)
        warnings.warn(warning, stacklevel=3)
    return "\n".join(lines) + "\n"


@dataclass
class MermaidRenderer:
    """The ``mermaid`` renderer: a map as a Mermaid ``journey`` diagram (see :func:`export`).

    Example:
        >>> from journeymap import Journey
        >>> RENDERER.render(Journey("T").build()).splitlines()
        ['journey', '  title T', '  accTitle: T']
    """

    name: str = "mermaid"
    suffix: str = ".mmd"
    media_type: str = "text/vnd.mermaid"
    options: ClassVar[type[NoOptions]] = NoOptions

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Write ``model`` as Mermaid; this renderer takes no options."""
        from journeymap.renderers.options import validate_options

        validate_options(self.name, NoOptions, options)
        return export(model)


RENDERER = MermaidRenderer()
