"""Import Mermaid ``journey`` diagrams as journey maps.

The parser follows the text pipeline of Mermaid's own ``journey`` grammar: CRLF clean-up,
dedent and trim (as ``mermaid.run()`` does for ``<pre class="mermaid">`` blocks), YAML
front-matter (``title``, ``config``), ``%%{init: ...}%%`` directives, full-line ``%%``
comments, ``#`` comments, Mermaid entity codes (``#58;``, ``#lt;``, ``#9829;``), and the
grammar's tokens: ``title``, ``accTitle:``, ``accDescr:``, ``accDescr { ... }``,
``section`` and tasks ``Name: score: actor, actor``.

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
says what it did with a :class:`MermaidImportWarning` naming the line; ``strict=True``
turns each of these into a :class:`~journeymap.errors.JourneyMapError` instead:

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

import html
import math
import re
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from pydantic import BaseModel

from journeymap.diagnostics import validate_map
from journeymap.errors import JourneyMapError, Problem
from journeymap.ids import slugify, unique_id
from journeymap.model import JourneyMap

__all__ = [
    "RENDERER",
    "MermaidExportWarning",
    "MermaidImportWarning",
    "MermaidRenderer",
    "export",
    "parse",
]

_DEFAULT_TITLE = "Journey"
_MAX_SPAN = 100


class MermaidImportWarning(UserWarning):
    """Odd Mermaid input that was accepted; the message names the line and what was done."""


# --- preprocessing ----------------------------------------------------------------------

_ENTITY = re.compile(r"#(\w+);")
_ENTITY_MARK = re.compile("\ue000(\\w+)\ue001")
_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_DIRECTIVE = re.compile(r"%%\{.*?(?:\}%%|$)", re.DOTALL)
_FULL_LINE_COMMENT = re.compile(r"^[ \t]*%%(?!\{).+$")
_FENCE = re.compile(r"---[ \t]*")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


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
    return _ENTITY.sub(lambda m: "\ue000" + m.group(1) + "\ue001", line)


def _decode(value: str) -> str:
    """Decode entity codes and ``<br>`` variants, then strip surrounding whitespace."""

    def entity(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.isdigit():
            return html.unescape(f"&#{inner};")
        return html.unescape(f"&{inner};")

    value = _ENTITY_MARK.sub(entity, value)
    return _BR.sub("\n", value).strip()


# --- lexing -----------------------------------------------------------------------------

_I = re.IGNORECASE
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"%%(?!\{)[^\n]*"), ""),
    (re.compile(r"[^}]%%[^\n]*"), ""),
    (re.compile(r"\n+"), ""),
    (re.compile(r"\s+"), ""),
    (re.compile(r"#[^\n]*"), ""),
    (re.compile(r"journey", _I), "journey"),
    (re.compile(r"title\s[^#\n;]+", _I), "title"),
    (re.compile(r"accTitle\s*:\s*", _I), "acc_title"),
    (re.compile(r"accDescr\s*:\s*", _I), "acc_descr"),
    (re.compile(r"accDescr\s*\{\s*", _I), "acc_descr_block"),
    (re.compile(r"section\s[^#:\n;]+", _I), "section"),
    (re.compile(r"[^#:\n;]+"), "task_name"),
    (re.compile(r":[^#\n;]+"), "task_data"),
    (re.compile(r":"), "colon"),
    (re.compile(r"."), "invalid"),
)
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK_VALUE = re.compile(r"[^}]*")


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str
    pos: int


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        for pattern, kind in _RULES:
            match = pattern.match(text, pos)
            if match is None:
                continue
            if kind:
                tokens.append(_Token(kind, match.group(), pos))
            pos = match.end()
            if kind in ("acc_title", "acc_descr"):
                value = _REST_OF_LINE.match(text, pos)
                assert value is not None
                tokens.append(_Token(kind + "_value", value.group(), pos))
                pos = value.end()
            elif kind == "acc_descr_block":
                value = _BLOCK_VALUE.match(text, pos)
                assert value is not None
                if value.group():
                    tokens.append(_Token("acc_descr_value", value.group(), pos))
                pos = value.end() + 1  # the closing brace, if any
            break
    return tokens


# --- parsing ----------------------------------------------------------------------------


@dataclass
class _Task:
    name: str
    score_text: str
    people: list[str]
    line: int
    column: int
    extra: str | None


@dataclass
class _Section:
    name: str
    line: int
    column: int
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Parser:
    text: _Text
    source: str | None
    notes: list[Problem] = field(default_factory=list)

    def locate(self, pos: int) -> tuple[int, int]:
        """The 1-based line and column in the original text of a position."""
        joined_before = self.text.joined()[:pos]
        index = joined_before.count("\n")
        column = pos - (joined_before.rfind("\n") + 1)
        return index + 1, column + self.text.offsets[index] + 1

    def problem(self, line: int, column: int, message: str) -> Problem:
        quoted = self.text.original[line - 1].strip()
        return Problem(
            "" if self.source else f"line {line}",
            f"{message}: {quoted!r}",
            source=self.source,
            line=line,
            column=column,
        )

    def error(self, pos: int, message: str) -> JourneyMapError:
        line, column = self.locate(pos)
        return JourneyMapError([self.problem(line, column, message)])

    def note(self, line: int, column: int, message: str) -> None:
        self.notes.append(self.problem(line, column, message))


def _front_matter(parser: _Parser) -> str | None:
    """Read and blank out YAML front-matter; return its title."""
    lines = parser.text.lines
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _FENCE.fullmatch(lines[first].strip(" \t")):
        return None
    close = next(
        (i for i in range(first + 1, len(lines) - 1) if _FENCE.fullmatch(lines[i])),
        None,
    )
    if close is None:
        return None
    import yaml  # only needed for front-matter

    body = "\n".join(lines[first + 1 : close])
    try:
        data: Any = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + 2 + (mark.line if mark is not None else 0)
        column = 1 + (mark.column if mark is not None else 0)
        raise JourneyMapError(
            [parser.problem(line, column, f"front-matter is not valid YAML ({exc})")]
        ) from None
    for i in range(first, close + 1):
        lines[i] = ""
    if not isinstance(data, dict):
        return None
    config = data.get("config")
    if config is not None and not isinstance(config, dict):
        raise JourneyMapError(
            [parser.problem(first + 2, 1, "front-matter 'config' must be a mapping")]
        )
    title = data.get("title")
    return None if title is None else str(title)


def _strip_directives_and_comments(text: _Text) -> None:
    joined = text.joined()
    blanked = _DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), joined)
    text.lines = blanked.split("\n")
    text.lines = ["" if _FULL_LINE_COMMENT.match(line) else line for line in text.lines]


def _number(text: str) -> int | float | None:
    """JavaScript's ``Number()`` for decimal text, ``None`` where it would give NaN."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def parse(text: str, strict: bool = False, source: str | None = None) -> JourneyMap:
    """Parse a Mermaid ``journey`` diagram into a journey map on a 1..5 scale.

    Args:
        text: The diagram source, as written in a ``.mmd`` file or a Markdown fence.
        strict: Raise instead of warning where Mermaid accepts odd input silently.
        source: The file name to put in messages.

    Returns:
        The validated journey map.

    Raises:
        JourneyMapError: If Mermaid would not parse the text (with the line, column and
            the line quoted), or, with ``strict=True``, for input journeymap would
            otherwise only warn about.

    Warns:
        MermaidImportWarning: For each oddity accepted without ``strict``, naming the line.

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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parser = _Parser(_dedent(text), source)
    fm_title = _front_matter(parser)
    _strip_directives_and_comments(parser.text)
    parser.text.lines = [_encode_entities(line) for line in parser.text.lines]
    joined = parser.text.joined()
    tokens = _lex(joined)
    if not tokens or tokens[0].kind != "journey" or tokens[0].value != "journey":
        pos = tokens[0].pos if tokens else 0
        if not tokens:
            raise JourneyMapError(
                [Problem("", "no Mermaid diagram: the text is empty", source=source)]
            )
        raise parser.error(pos, "not a Mermaid journey: the diagram must start with 'journey'")

    title: str | None = _decode(_encode_entities(fm_title)) if fm_title is not None else None
    acc_title = ""
    acc_descr = ""
    sections: list[_Section] = []
    loose: list[_Task] = []
    i = 1
    while i < len(tokens):
        token = tokens[i]
        kind = token.kind
        if kind == "title":
            title = _decode(token.value[6:])
        elif kind == "acc_title":
            i += 1
            acc_title = _decode(tokens[i].value)
        elif kind == "acc_descr":
            i += 1
            acc_descr = _decode(tokens[i].value)
        elif kind == "acc_descr_block":
            if i + 1 < len(tokens) and tokens[i + 1].kind == "acc_descr_value":
                i += 1
                acc_descr = "\n".join(part.strip() for part in _decode(tokens[i].value).split("\n"))
        elif kind == "section":
            line, column = parser.locate(token.pos)
            sections.append(_Section(_decode(token.value[8:]), line, column))
        elif kind == "task_name":
            if i + 1 >= len(tokens) or tokens[i + 1].kind != "task_data":
                raise parser.error(
                    token.pos,
                    f"task {_decode(token.value)!r} needs a score: write 'Name: score: actors'",
                )
            data = tokens[i + 1]
            i += 1
            pieces = data.value[1:].split(":")
            people = pieces[1].split(",") if len(pieces) > 1 else []
            extra = ":".join(pieces[2:]) if len(pieces) > 2 else None
            line, column = parser.locate(token.pos)
            task = _Task(
                _decode(token.value),
                pieces[0],
                [_decode(p) for p in people],
                line,
                column,
                extra,
            )
            if "%%" in data.value:
                d_line, d_column = parser.locate(data.pos + data.value.index("%%"))
                parser.note(
                    d_line,
                    d_column,
                    "'%%' after a task's score is not a comment in Mermaid; kept as text",
                )
            (sections[-1].tasks if sections else loose).append(task)
        elif kind == "journey":
            raise parser.error(token.pos, "'journey' may appear only once, at the start")
        elif kind == "colon":
            raise parser.error(token.pos, "unexpected ':' without a task name before it")
        else:
            raise parser.error(
                token.pos,
                f"unexpected {token.value!r}; allowed: title, accTitle:, accDescr:, "
                "section or a task 'Name: score: actors'",
            )
        i += 1

    return _build(parser, title, acc_title, acc_descr, sections, loose, strict)


def _build(
    parser: _Parser,
    title: str | None,
    acc_title: str,
    acc_descr: str,
    sections: list[_Section],
    loose: list[_Task],
    strict: bool,
) -> JourneyMap:
    map_title = title or acc_title or _DEFAULT_TITLE
    description_parts = [part for part in (acc_title, acc_descr) if part and part != map_title]
    if loose:
        sections.insert(0, _Section(map_title, loose[0].line, loose[0].column, loose))

    scores: list[tuple[int | float, _Task]] = []
    for section in sections:
        if not section.tasks:
            parser.note(
                section.line,
                section.column,
                f"section {section.name!r} has no tasks; kept as a phase without touchpoints",
            )
        for task in section.tasks:
            score = _number(task.score_text.strip())
            if score is None:
                parser.note(
                    task.line,
                    task.column,
                    f"score {task.score_text.strip()!r} of task {task.name!r} is not a "
                    "number; the touchpoint has no emotion",
                )
            else:
                scores.append((score, task))
            if "" in task.people:
                parser.note(
                    task.line,
                    task.column,
                    f"empty actor name in task {task.name!r} (a trailing ':' or ','); dropped",
                )
            if task.extra is not None:
                parser.note(
                    task.line,
                    task.column,
                    f"text after the third ':' in task {task.name!r} ({task.extra.strip()!r}) "
                    "is ignored, as Mermaid does",
                )
    previous: str | None = None
    first_use: dict[str, _Section] = {}
    for section in sections:
        if section.name in first_use and section.name != previous:
            parser.note(
                section.line,
                section.column,
                f"section {section.name!r} was used before (line "
                f"{first_use[section.name].line}); kept as a separate phase",
            )
        first_use.setdefault(section.name, section)
        previous = section.name

    lo, hi = 1, 5
    if scores:
        lo = min(lo, math.floor(min(s for s, _ in scores)))
        hi = max(hi, math.ceil(max(s for s, _ in scores)))
        if 5 < hi <= 10:
            hi = 10
    if hi - lo > _MAX_SPAN:
        worst = max(scores, key=lambda item: abs(item[0] - 3))[1]
        raise JourneyMapError(
            [
                parser.problem(
                    worst.line,
                    worst.column,
                    f"score {worst.score_text.strip()} makes the scale {lo}..{hi} span "
                    f"more than {_MAX_SPAN} steps",
                )
            ]
        )
    for score, task in scores:
        if not 1 <= score <= 5:
            parser.note(
                task.line,
                task.column,
                f"score {score} of task {task.name!r} is outside Mermaid's 1..5; kept, "
                f"and the map's scale widened to {lo}..{hi}",
            )

    notes = sorted(parser.notes, key=lambda p: (p.line or 0, p.column or 0))
    if notes and strict:
        raise JourneyMapError(notes)
    for note in notes:
        warnings.warn(str(note), MermaidImportWarning, stacklevel=3)

    actor_names = sorted({p for s in sections for t in s.tasks for p in t.people if p})
    actor_ids: dict[str, str] = {}
    for name in actor_names:
        actor_ids[name] = unique_id(slugify(name, fallback="actor"), set(actor_ids.values()))

    taken: set[str] = set()
    phases: list[dict[str, Any]] = []
    for section in sections:
        phase_id = unique_id(slugify(section.name, fallback="phase"), taken)
        taken.add(phase_id)
        touchpoints = []
        for task in section.tasks:
            tp_id = unique_id(slugify(task.name, fallback="touchpoint"), taken)
            taken.add(tp_id)
            people = list(dict.fromkeys(p for p in task.people if p))
            touchpoints.append(
                {
                    "id": tp_id,
                    "name": task.name,
                    "emotion": _number(task.score_text.strip()),
                    "actors": [actor_ids[p] for p in people],
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
    return validate_map(data, source=parser.source)


# --- export -----------------------------------------------------------------------------


class MermaidExportWarning(UserWarning):
    """Parts of a map that a Mermaid ``journey`` cannot hold were left out of the export."""


#: Characters written as Mermaid entity codes wherever text is written.
_ESCAPES: dict[str, str] = {
    "#": "#35;",  # starts a comment, and entity codes
    ":": "#58;",  # separates a task's name, score and actors
    ";": "#59;",  # ends a statement
    "<": "#lt;",  # would make '<br>' and HTML of literal text
    ">": "#gt;",
    "&": "#amp;",
    "\ue000": "#57344;",  # the importer's private markers for entity codes
    "\ue001": "#57345;",
    "\u2028": "#8232;",  # line terminators to JavaScript
    "\u2029": "#8233;",
}
_PERCENTS = re.compile("%{2,}")  # '%%' starts a comment or a directive
_KEYWORD_START = re.compile(r"(?:journey|title|section|acctitle|accdescr)", re.IGNORECASE)

# What each part of the model keeps in Mermaid; every other field set is reported dropped.
_KEPT_MAP = {"title", "description", "scale", "actors", "phases"}
_KEPT_PHASE = {"id", "name", "touchpoints"}
_KEPT_TOUCHPOINT = {"id", "name", "emotion", "actors"}
_KEPT_ACTOR = {"id", "name"}


def _escape(text: str, extra: str = "") -> str:
    """Write ``text`` so that the importer reads it back exactly (after trimming).

    Surrounding white space is trimmed (Mermaid trims it), newlines become ``<br>``, and
    the characters of :data:`_ESCAPES`, runs of ``%`` and those in ``extra`` become entity
    codes.
    """
    out = []
    for char in text.strip():
        if char == "\n":
            out.append("<br>")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char in extra:
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return _PERCENTS.sub(lambda m: "#37;" * len(m.group()), "".join(out))


def _escape_statement(text: str) -> str:
    """Escape text that starts a line, so that it cannot read as a keyword."""
    escaped = _escape(text)
    if _KEYWORD_START.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


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
    """What :func:`parse` makes of ``text`` once exported: a ``<br>`` in it becomes a newline."""
    return _BR.sub("\n", text.strip().replace("\n", "<br>")).strip()


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
    title = _escape(model.title)
    lines = ["journey", f"  title {title}", f"  accTitle: {title}"]
    description = (model.description or "").strip()
    if description and "\n" in description:
        lines.append("  accDescr {")
        lines += [
            f"    {_escape(part, '}')}" if part.strip() else "" for part in description.split("\n")
        ]
        lines.append("  }")
    elif description:
        lines.append(f"  accDescr: {_escape(description)}")
    names = {actor.id: actor.name for actor in model.actors}
    neutral = _to_five(model.scale.neutral, model)
    for phase in model.phases:
        lines.append(f"  section {_escape(phase.name)}")
        for tp in phase.touchpoints:
            score = neutral if tp.emotion is None else _to_five(tp.emotion, model)
            people = dict.fromkeys(_escape(names[a], ",") for a in tp.actors)
            task = f"    {_escape_statement(tp.name)}: {score}"
            if people:
                task += ": " + ", ".join(people)
            lines.append(task)
    dropped = _dropped(model)
    if dropped:
        warnings.warn(
            "a Mermaid journey cannot hold these parts of the map; left out: " + ", ".join(dropped),
            MermaidExportWarning,
            stacklevel=3,
        )
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

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Write ``model`` as Mermaid; this renderer takes no options."""
        from journeymap.renderers import check_options

        check_options(self.name, options, ())
        return export(model)


RENDERER = MermaidRenderer()
