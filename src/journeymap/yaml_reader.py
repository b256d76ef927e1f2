"""Read YAML into plain data as the model expects it, with every guard, in one pass.

YAML is read by journeymap's own constructor on top of PyYAML's parser (libyaml when
available), never PyYAML's loaders: no tag can build a Python object, duplicate keys are
errors, and plain values are read by what the field there takes (a schema slot), not by
YAML 1.1's guesses: text keeps what was typed, numbers are decimal and the YAML 1.1 forms
in other bases are refused with the reason. The limits of :mod:`journeymap.limits` hold.
PyYAML itself is imported on first read, not with this module.

Example:
    >>> read_yaml("count: 012", "map.yaml")
    {'count': '012'}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NoReturn

from journeymap.diagnostics import Marks, describe_path
from journeymap.errors import JourneyMapError, Path, Problem, with_article
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.limits import (
    _MAX_PROBLEMS,
    _NESTING,
    ALIAS_ALLOWANCE,
    MAX_INTEGER_DIGITS,
    MAX_NESTING,
    _check_text_size,
    _too_many_digits,
)

__all__ = ["not_decimal", "parse_yaml", "read_yaml"]

# Characters PyYAML cannot read (it would fail without a line): C0 controls other than
# tab, line feed and carriage return, DEL-range C1 controls but NEL, and non-characters.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def read_yaml(
    text: str,
    source: str,
    *,
    first_line: int = 1,
    schema: Mapping[str, Any] | None = None,
) -> Any:
    """Parse one YAML document into plain data, with every guard of :func:`~journeymap.io.loads`.

    For readers of YAML embedded in another format (Mermaid front-matter): the size,
    nesting, alias and number limits hold, tags cannot build objects, duplicate keys are
    refused, and errors are located in the enclosing file.

    Without a ``schema``, plain values are read as in YAML 1.2's core schema, decimal
    only: ``true``/``false``, ``null``/``~``/nothing, decimal integers and floats; all
    else, ``012``, ``0x1F``, ``yes`` and dates included, is text. Keys are always text.

    Args:
        text: The YAML document.
        source: The file name to put in messages.
        first_line: The line of the enclosing file that holds the first line of ``text``;
            every line number in an error is offset accordingly.
        schema: A JSON Schema of the document, if known: where it allows text and no
            number, a plain value keeps what was typed; where it wants a number, YAML 1.1
            number forms are refused (as :func:`~journeymap.io.loads` does for maps).

    Returns:
        The document as dicts, lists, strings, numbers, booleans and ``None``.

    Raises:
        JourneyMapError: If the text is not a readable, safe YAML document; each problem
            names ``source`` and the line in it.

    Example:
        >>> read_yaml("title: 1.10\\ncount: 12", "map.mmd", first_line=2)
        {'title': 1.1, 'count': 12}
        >>> text_title = {"properties": {"title": {"type": "string"}}}
        >>> read_yaml("title: 1.10", "map.mmd", schema=text_title)
        {'title': '1.10'}
        >>> try:
        ...     read_yaml("a: 1\\na: 2", "map.mmd", first_line=2)
        ... except JourneyMapError as exc:
        ...     print(exc.problems[0].line)
        3
    """
    text = text.removeprefix("\ufeff")
    _check_text_size(text, source)
    slot = _Slot.of(schema) if schema is not None else None
    # Blank lines in front put every mark, and every line a message names, where the
    # text sits in the enclosing file.
    with cyclic_gc_paused():
        return _YamlReader("\n" * max(first_line - 1, 0) + text, source, slot).read()


@cache
def _map_slot() -> _Slot:
    """Where a map file has text and where numbers, from its published JSON Schema."""
    from journeymap.io import json_schema  # the public face, which imports this module

    return _Slot.of(json_schema())


# -- what the model expects where -------------------------------------------------------


class _Slot:
    """What a position in a document accepts, read from a JSON Schema.

    ``text`` is true where a string is accepted and no number: a plain YAML value there
    keeps what was typed. ``null`` is true where ``null`` and ``~`` still mean "no value"
    there: where the schema allows null, or a list (``thoughts: ~`` is no list, not the
    thought "~"). ``number`` is true where a number is accepted. Children are
    worked out on first use and kept: one per named property, one for all other keys, so
    that what is kept does not grow with the documents read.
    """

    __slots__ = ("_fields", "_item", "_options", "_other", "_root", "null", "number", "text")

    def __init__(self, options: list[Mapping[str, Any]], root: Mapping[str, Any]) -> None:
        self._root = root
        self._options = options
        self._fields: dict[str, _Slot | None] = {}
        self._item: _Slot | bool | None = False  # False: not worked out yet
        self._other: _Slot | bool | None = False
        kinds: set[str] = set()
        for option in options:
            kinds |= _kinds(option)
        self.number = bool(kinds & {"number", "integer"})
        self.text = "string" in kinds and not self.number
        self.null = bool(kinds & {"null", "array"})

    @classmethod
    def of(cls, schema: Mapping[str, Any]) -> _Slot:
        """The slot of a whole document described by ``schema``."""
        return cls(_options(schema, schema), schema)

    def child(self, key: Any) -> _Slot | None:
        """The slot of the value under ``key`` in a mapping here, if the schema knows it."""
        slot = self._fields.get(key, False) if isinstance(key, str) else False
        if slot is not False:
            return slot  # type: ignore[return-value]  # never False here
        named = [o["properties"][key] for o in self._options if key in o.get("properties", ())]
        if named:
            self._fields[key] = slot = self._make(named)
            return slot
        if self._other is False:
            extra = [o.get("additionalProperties") for o in self._options]
            self._other = self._make([e for e in extra if isinstance(e, Mapping)])
        return self._other  # type: ignore[return-value]  # never False here

    def item(self) -> _Slot | None:
        """The slot of the items of a list here, if the schema knows them."""
        if self._item is False:
            self._item = self._make([o["items"] for o in self._options if "items" in o])
        return self._item  # type: ignore[return-value]  # never False here

    def _make(self, schemas: list[Any]) -> _Slot | None:
        options = [o for s in schemas if isinstance(s, Mapping) for o in _options(s, self._root)]
        return _Slot(options, self._root) if options else None


def _options(schema: Mapping[str, Any], root: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The alternatives ``schema`` allows, with references and unions resolved."""
    result: list[Mapping[str, Any]] = []
    pending = [schema]
    seen: set[int] = set()
    while pending:
        node = pending.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, Mapping) else None
            if isinstance(target, Mapping):
                pending.append(target)
        unions = [*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())]
        pending.extend(option for option in unions if isinstance(option, Mapping))
        if not unions and "$ref" not in node:
            result.append(node)
    return result


def _kinds(option: Mapping[str, Any]) -> set[str]:
    """The JSON types one alternative allows."""
    declared = option.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(kind) for kind in declared}
    values = option.get("enum", [option["const"]] if "const" in option else None)
    if values is None:
        return set()
    names = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}
    return {names.get(type(value), "object") for value in values}


# -- plain values -----------------------------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_SPECIAL_FLOATS = {
    **{f"{sign}.{word}": float(f"{sign}inf") for word in ("inf", "Inf", "INF") for sign in "+-"},
    **{f".{word}": float("inf") for word in ("inf", "Inf", "INF")},
    **{f".{word}": float("nan") for word in ("nan", "NaN", "NAN")},
}
_DECIMAL_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# YAML 1.1 forms of numbers that a decimal reading would get wrong.
_LEADING_ZERO = re.compile(r"([-+]?)0+([0-9][0-9]*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)")
_BASES = re.compile(r"([-+]?)0([xob])([0-9a-fA-F_]+)", re.IGNORECASE)
_GROUPED = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_SEXAGESIMAL = re.compile(r"([-+]?)([0-9][0-9_]*(?::[0-5]?[0-9])+)(\.[0-9_]*)?")
_BASE_NAMES = {"x": ("hexadecimal", 16), "o": ("octal", 8), "b": ("binary", 2)}
_NUMBER_START = frozenset("0123456789+-.")


def _decimal(text: str) -> int | float | None:
    """``text`` as a decimal number, or ``None`` if it is not one (YAML 1.2, base 10)."""
    if not text or text[0] not in _NUMBER_START:
        return None
    if _DECIMAL_INTEGER.fullmatch(text):
        if len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise _NumberProblem(_too_many_digits(text))
        return int(text)
    if _DECIMAL_FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL_FLOATS.get(text)


class _NumberProblem(ValueError):
    """A value in a number field is written in a form that is refused (the message says)."""


def not_decimal(text: str) -> str | None:
    """Why ``text`` must not be read as a number, if it is a YAML 1.1 number form.

    Example:
        >>> print(not_decimal("0x1F"))
        '0x1F' is a hexadecimal number; allowed: a decimal number such as 31
    """
    if len(text) > MAX_INTEGER_DIGITS + 2:
        return None  # no hint worth computing: the model says it is not a number
    if match := _LEADING_ZERO.fullmatch(text):
        sign, rest = match.groups()
        octal = "." not in rest and "e" not in rest.lower() and not set(rest) - set("01234567")
        why = f", which YAML 1.1 reads as the octal number {sign}{int(rest, 8)}" if octal else ""
        return (
            f"{text!r} has a leading zero{why}; allowed: a decimal number without leading "
            f"zeros, such as {sign}{rest}"
        )
    if match := _BASES.fullmatch(text):
        sign, base, digits = match.groups()
        name, radix = _BASE_NAMES[base.lower()]
        try:
            value = int(digits.replace("_", ""), radix)
        except ValueError:
            return None
        return (
            f"{text!r} is {with_article(name)} number; allowed: a decimal number such as "
            f"{sign}{value}"
        )
    if "_" in text and _GROUPED.fullmatch(text):
        plain = text.replace("_", "")
        return (
            f"{text!r} groups digits with '_'; allowed: a decimal number without separators, "
            f"such as {plain}"
        )
    if match := _SEXAGESIMAL.fullmatch(text):
        sign, whole, fraction = match.groups()
        value = 0
        for part in whole.replace("_", "").split(":"):
            value = value * 60 + int(part)
        shown = f"{sign}{value}{fraction.replace('_', '') if fraction else ''}"
        return (
            f"{text!r} is a base-60 number, which YAML 1.1 reads as {shown}; "
            f"allowed: a decimal number such as {shown}"
        )
    return None


# -- YAML ------------------------------------------------------------------------------

# PyYAML events and marks (from libyaml or Python), read by their attributes.
_Event = Any

_TAGS = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT = f"{_TAGS}str", f"{_TAGS}int", f"{_TAGS}float"
_BOOL, _NULL, _MERGE_TAG = f"{_TAGS}bool", f"{_TAGS}null", f"{_TAGS}merge"
_SEQ, _MAP = f"{_TAGS}seq", f"{_TAGS}map"
_ALLOWED_TAGS = (
    "no tag, or !!str, !!int, !!float, !!bool, !!null (values), !!seq (lists), !!map (mappings)"
)


class _Key:
    """Markers for the state of a mapping: no key read yet, or a merge key (``<<``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NO_KEY = _Key("no key")
_MERGE = _Key("<<")


class _Frame:
    """A list or mapping being built, with where it is and what it accepts."""

    __slots__ = (
        "anchor",
        "child_slot",
        "entries",
        "flat",
        "is_map",
        "key",
        "merge",
        "merges",
        "path",
        "seen",
        "slot",
        "value",
    )

    def __init__(self, is_map: bool, path: Path, slot: _Slot | None) -> None:
        self.is_map = is_map
        self.path = path
        self.slot = slot
        self.value: Any = {} if is_map else []
        self.key: Any = _NO_KEY
        self.child_slot: _Slot | None = None if is_map or slot is None else slot.item()
        self.seen: dict[Any, int] = {}
        self.merges: list[dict[Any, Any]] = []
        self.entries = 0
        self.flat = False  # items of a merge list take the mapping's own path
        self.merge = False  # the value of a merge key, merged when complete
        self.anchor: tuple[str, int, int] | None = None  # name, tape index, size before


class _Replay:
    """An alias recorded inside an anchored node: replay ``tape[start:end]`` there.

    ``size`` is what the replay adds to the document, counted when the anchored node was
    read.
    """

    __slots__ = ("end", "mark", "size", "start")

    def __init__(self, start: int, end: int, size: int, mark: _Event) -> None:
        self.start, self.end, self.size, self.mark = start, end, size, mark


class _YamlReader:
    """Build plain data from PyYAML's event stream, with every guard in one pass.

    Nothing recurses on the document's depth: nesting is refused past
    :data:`MAX_NESTING`. An alias replays the events of its anchor at the alias, so that
    its values are read as the fields there expect. What a replay adds is known from its
    anchor, and the document is refused, before the replay, once it would hold more than
    twice its own length plus :data:`ALIAS_ALLOWANCE` characters. Problems with single
    values (duplicate keys, numbers in YAML 1.1 forms, tags) are collected and reported
    together, up to a hundred; structural ones stop reading at once.
    """

    def __init__(
        self, text: str, where: str, slot: _Slot | None, *, with_marks: bool = False
    ) -> None:
        import yaml

        self.yaml = yaml
        self.text = text
        self.where = where
        self.root_slot = slot
        self.marks: dict[Path, tuple[int, int]] | None = {} if with_marks else None
        self.stack: list[_Frame] = []
        self.result: Any = None
        # (path to name in words, message, line, column, words if none, path)
        self.problems: list[tuple[Path, str, int, int, str, Path]] = []
        self.anchors: dict[str, tuple[int, int, int]] = {}  # tape span and size
        self.open_anchors: dict[str, int] = {}
        self.tape: list[Any] = []
        self.recording = 0
        self.replay_from: tuple[Path, _Event] | None = None
        self.size = 0
        self.limit = 2 * len(text) + ALIAS_ALLOWANCE

    # -- driving ------------------------------------------------------------------------

    def read(self) -> Any:
        """Read the document; raise :class:`JourneyMapError` with every problem found."""
        yaml = self.yaml
        bad = _UNREADABLE.search(self.text)
        if bad is not None:
            line = self.text.count("\n", 0, bad.start()) + 1
            column = bad.start() - (self.text.rfind("\n", 0, bad.start()) + 1) + 1
            self._fail(
                f"contains the control character U+{ord(bad.group()):04X}; "
                "allowed: printable text, tab and newline",
                line,
                column,
            )
        parser = _parser(self.text)
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        documents = 0
        try:
            while True:
                event = parser.get_event()
                kind = event.__class__
                if kind is scalar:
                    self._scalar(event, False)
                elif kind is mapping_end or kind is sequence_end:
                    self._end(event, False)
                elif kind is mapping_start:
                    self._start(event, True, False)
                elif kind is sequence_start:
                    self._start(event, False, False)
                elif kind is alias:
                    self._alias(event)
                elif kind is document_start:
                    documents += 1
                    if documents > 1:
                        mark = event.start_mark
                        self._fail(
                            "invalid YAML: a second document starts here; "
                            "allowed: one document per file",
                            mark.line + 1,
                            mark.column + 1,
                        )
                elif kind is stream_end:
                    break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = " ".join(part for part in (exc.context, exc.problem) if part)
            if "maximum nesting depth" in message:  # libyaml's limit, met while reading ahead
                self._fail(
                    _NESTING, mark.line + 1 if mark else None, mark.column + 1 if mark else None
                )
            self._fail(
                f"invalid YAML: {message}",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
            )
        except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks its errors
            self._fail(f"invalid YAML: {exc}", None, None)
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
        if self.problems:
            self._raise_problems()
        return self.result

    def _raise_problems(self) -> NoReturn:
        root = self.stack[0].value if self.stack else self.result
        self.problems.sort(key=lambda p: (p[2], p[3]))
        raise JourneyMapError(
            Problem(
                describe_path(root, words) or fallback,
                message,
                path,
                self.where,
                line or None,
                column or None,
            )
            for words, message, line, column, fallback, path in self.problems
        )

    def _replay(self, start: int, end: int, size: int, mark: _Event) -> None:
        if self.size + size > self.limit:  # refused before any work is done
            self._too_big(mark)
        yaml = self.yaml
        outermost = self.replay_from is None
        if outermost:
            self.replay_from = (self._here(), mark)
        if self.marks is not None:
            self._mark(self.stack[-1] if self.stack else None, mark)
        for index in range(start, end):
            event = self.tape[index]
            kind = event.__class__
            if kind is yaml.ScalarEvent:
                self._scalar(event, True)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end(event, True)
            elif kind is yaml.MappingStartEvent:
                self._start(event, True, True)
            elif kind is yaml.SequenceStartEvent:
                self._start(event, False, True)
            else:
                self._replay(event.start, event.end, event.size, event.mark)
        if outermost:
            self.replay_from = None

    # -- events -------------------------------------------------------------------------

    def _scalar(self, event: _Event, replaying: bool) -> None:
        if not replaying:
            if event.anchor is not None:
                size = len(event.value) + 1
                self.anchors[event.anchor] = (len(self.tape), len(self.tape) + 1, size)
                self.tape.append(event)
            elif self.recording:
                self.tape.append(event)
        self.size += len(event.value) + 1
        if self.size > self.limit:
            self._too_big(event.start_mark)
        top = self.stack[-1] if self.stack else None
        if top is None or not top.is_map:
            value = self._value(event, top.child_slot if top is not None else self.root_slot)
            self._put(top, value, event.start_mark)
        elif top.key is _NO_KEY:
            self._key(top, event)
        else:  # the usual case, inlined: a value in a mapping
            slot = top.child_slot
            text = event.value
            if event.tag is None and event.implicit[0] and slot is not None and slot.text:
                value = None if text == "" or (slot.null and text in _NULLS) else text
            else:
                value = self._value(event, slot)
            if self.marks is not None:
                self._mark(top, event.start_mark)
            key = top.key
            if key is _MERGE:
                self._merge(top, value, event.start_mark)
            else:
                top.value[key] = value
            top.key = _NO_KEY
            top.entries += 1

    def _start(self, event: Any, is_map: bool, replaying: bool) -> None:
        anchor = None if replaying else event.anchor
        size_before = self.size
        if anchor is not None:
            self.recording += 1
            self.open_anchors[anchor] = self.open_anchors.get(anchor, 0) + 1
            start = len(self.tape)
        if self.recording and not replaying:
            self.tape.append(event)
        mark = event.start_mark
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_map and top.key is _NO_KEY:
            self._fail(
                "invalid YAML: a key is a list or mapping here; allowed: a single value "
                "(text or a number) as a key",
                mark.line + 1,
                mark.column + 1,
            )
        if len(self.stack) >= MAX_NESTING:
            self._fail(_NESTING, mark.line + 1, mark.column + 1)
        self.size += 1
        if self.size > self.limit:
            self._too_big(mark)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            self._problem(
                f"the tag {_short(event.tag)} is not allowed; allowed: {_ALLOWED_TAGS}", mark
            )
        if top is None:
            frame = _Frame(is_map, (), self.root_slot)
        else:
            frame = _Frame(is_map, self._here(top), top.child_slot)
            if top.is_map and top.key is _MERGE and not is_map:
                frame.flat = True
                frame.child_slot = top.slot
        if anchor is not None:
            frame.anchor = (anchor, start, size_before)
        if top is not None and top.is_map and top.key is _MERGE:
            frame.merge = True  # merged into ``top`` when complete
            if self.marks is not None:
                self._mark(top, mark)
        else:  # attached now, so that problems found inside can name where they are
            self._put(top, frame.value, mark)
        self.stack.append(frame)

    def _end(self, event: Any, replaying: bool) -> None:
        frame = self.stack.pop()
        if self.recording and not replaying:
            self.tape.append(event)
        if frame.anchor is not None:
            name, start, size_before = frame.anchor
            self.anchors[name] = (start, len(self.tape), self.size - size_before)
            self.recording -= 1
            self.open_anchors[name] -= 1
        value = frame.value
        for merged in frame.merges:
            for key, item in merged.items():
                value.setdefault(key, item)
        if frame.merge:
            self._put(self.stack[-1], value, None)

    def _alias(self, event: _Event) -> None:
        name = event.anchor
        mark = event.start_mark
        if self.open_anchors.get(name):
            self._fail(
                f"invalid YAML: the alias *{name} is inside the node it names; "
                "allowed: aliases to nodes written before them, outside them",
                mark.line + 1,
                mark.column + 1,
            )
        span = self.anchors.get(name)
        if span is None:
            self._fail(
                f"invalid YAML: the alias *{name} names no anchor; allowed: an alias to an "
                f"anchor (&{name}) written before it",
                mark.line + 1,
                mark.column + 1,
            )
        if self.recording:
            self.tape.append(_Replay(*span, mark))
        self._replay(*span, mark)

    # -- keys and values ----------------------------------------------------------------

    def _key(self, top: _Frame, event: _Event) -> None:
        tag = event.tag
        text = event.value
        mark = event.start_mark
        if tag is None or tag == "!" or tag == _STR:
            key: Any = text
            merge = tag is None and event.implicit[0] and text == "<<"
        else:
            merge = tag == _MERGE_TAG
            key = "<<" if merge else self._tagged(event)
        if key in top.seen:
            self._problem(
                f"key {key!r} appears twice (first on line {top.seen[key]}); "
                "each key may appear once",
                mark,
                path=(*top.path, key),
                words=top.path,
                fallback="top level",
            )
        else:
            top.seen[key] = mark.line + 1
        if self.marks is not None:
            spot = (mark.line + 1, mark.column + 1)
            self.marks.setdefault((*top.path, top.entries), spot)
            self.marks.setdefault((*top.path, top.entries, "touchpoint"), spot)
        if merge:
            top.key = _MERGE
            top.child_slot = top.slot
        else:
            top.key = key
            top.child_slot = top.slot.child(key) if top.slot is not None else None

    def _value(self, event: _Event, slot: _Slot | None) -> Any:
        tag = event.tag
        text: str = event.value
        if tag is None:
            if not event.implicit[0]:  # quoted
                return text
            if slot is None:
                return self._core(text, event)
            if slot.text:
                return None if text == "" or (slot.null and text in _NULLS) else text
            if slot.number:
                return self._number(text, event)
            return self._core(text, event)
        if tag == "!" or tag == _STR:
            return text
        return self._tagged(event)

    def _core(self, text: str, event: _Event) -> Any:
        """A plain value where nothing is known of the field: YAML 1.2's core, decimal."""
        if text in _NULLS:
            return None
        if text in _BOOLEANS:
            return _BOOLEANS[text]
        try:
            number = _decimal(text)
        except _NumberProblem as exc:
            self._problem(str(exc), event.start_mark)
            return text
        return text if number is None else number

    def _number(self, text: str, event: _Event) -> Any:
        """A plain value in a number field: decimal, or refused with the reason."""
        if text in _NULLS:
            return None
        if text in _BOOLEANS:
            return _BOOLEANS[text]  # the model says it is not a number, as for JSON
        try:
            number = _decimal(text)
        except _NumberProblem as exc:
            self._problem(str(exc), event.start_mark)
            return text
        if number is None:
            why = not_decimal(text)
            if why is not None:
                self._problem(why, event.start_mark)
            return text
        return number

    def _tagged(self, event: _Event) -> Any:
        tag = event.tag
        text: str = event.value
        mark = event.start_mark
        if tag in (_INT, _FLOAT):
            try:
                number = _decimal(text)
            except _NumberProblem as exc:
                self._problem(str(exc), mark)
                return text
            if tag == _FLOAT and number is not None:
                return float(number)
            if isinstance(number, int):
                return number
            kind = "an integer" if tag == _INT else "a number"
            example = "12" if tag == _INT else "1.5"
            self._problem(
                not_decimal(text)
                or f"{text!r} is not {kind} (tagged {_short(tag)}); "
                f"allowed: a decimal number such as {example}",
                mark,
            )
            return text
        if tag == _BOOL:
            if text in _BOOLEANS:
                return _BOOLEANS[text]
            self._problem(
                f"{text!r} is not a boolean (tagged !!bool); allowed: true or false", mark
            )
            return text
        if tag == _NULL:
            if text in _NULLS:
                return None
            self._problem(
                f"{text!r} is not empty (tagged !!null); allowed: null, ~ or nothing", mark
            )
            return text
        self._problem(f"the tag {_short(tag)} is not allowed; allowed: {_ALLOWED_TAGS}", mark)
        return text

    def _put(self, top: _Frame | None, value: Any, mark: _Event | None) -> None:
        if mark is not None and self.marks is not None:
            self._mark(top, mark)
        if top is None:
            self.result = value
        elif not top.is_map:
            top.value.append(value)
        else:
            key = top.key
            if key is _MERGE:
                self._merge(top, value, mark)
            else:
                top.value[key] = value
            top.key = _NO_KEY
            top.entries += 1

    def _merge(self, top: _Frame, value: Any, mark: _Event | None) -> None:
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, dict) for item in items):
            top.merges.extend(items)
            return
        self._problem(
            f"a merge key '<<' takes a mapping or a list of mappings; got {type(value).__name__}",
            mark or (top.seen.get("<<", 0), 0),
            path=top.path,
        )

    # -- where ----------------------------------------------------------------------------

    def _here(self, top: _Frame | None = None) -> Path:
        """The path of the next value."""
        if top is None:
            if not self.stack:
                return ()
            top = self.stack[-1]
        if top.is_map:
            key = top.key
            return top.path if key is _NO_KEY or key is _MERGE else (*top.path, key)
        return top.path if top.flat else (*top.path, len(top.value))

    def _mark(self, top: _Frame | None, mark: _Event) -> None:
        assert self.marks is not None
        spot = (mark.line + 1, mark.column + 1)
        self.marks.setdefault(self._here(top), spot)
        if top is not None and top.is_map:
            self.marks.setdefault((*top.path, top.entries, "value"), spot)

    def _problem(
        self,
        message: str,
        mark: _Event | tuple[int, int] | None,
        *,
        path: Path | None = None,
        words: Path | None = None,
        fallback: str = "",
    ) -> None:
        """Note a problem with one value; reading goes on to find the others."""
        if mark is None:
            line = column = 0
        elif isinstance(mark, tuple):
            line, column = mark
        else:
            line, column = mark.line + 1, mark.column + 1
        where = self._here() if path is None else path
        self.problems.append(
            (where if words is None else words, message, line, column, fallback, where)
        )
        if len(self.problems) >= _MAX_PROBLEMS:
            self._raise_problems()

    def _too_big(self, mark: _Event) -> NoReturn:
        path, mark = self.replay_from or (self._here(), mark)
        self._fail(
            f"aliases expand the document to more than {self.limit:,} characters "
            f"(twice its {len(self.text):,} plus {ALIAS_ALLOWANCE:,}); "
            "aliases that multiply content are refused",
            mark.line + 1,
            mark.column + 1,
            path,
        )

    def _fail(
        self, message: str, line: int | None, column: int | None, path: Path = ()
    ) -> NoReturn:
        root = self.stack[0].value if self.stack else self.result
        where = describe_path(root, path) if path else ""
        raise JourneyMapError([Problem(where, message, path, self.where, line, column)])


def _short(tag: str) -> str:
    """A tag as written in files: ``!!int`` for YAML's own tags."""
    return "!!" + tag[len(_TAGS) :] if tag.startswith(_TAGS) else tag


@cache
def _parser_class() -> Any:
    """The parser of libyaml when PyYAML was built with it (7 times faster), else Python's.

    Both produce the same events with the same line and column marks.
    """
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return _python_parser_class()
    return CParser


@cache
def _python_parser_class() -> Any:
    """PyYAML's parser written in Python, used where libyaml is missing."""
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PythonParser(Reader, Scanner, Parser):
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)

    return _PythonParser


def _parser(text: str) -> Any:
    return _parser_class()(text)


def parse_yaml(text: str, where: str) -> tuple[Any, Callable[[], Marks]]:
    """Read a map's YAML; the marks of its values are worked out only if they are needed.

    Plain values are read as the map's fields expect them (see :mod:`journeymap.io`).
    The size of ``text`` is checked by the caller (:func:`~journeymap.io.loads`).

    Args:
        text: The YAML document.
        where: The file name to put in messages.

    Returns:
        The document as plain data, and a function giving the line and column of each
        value by its path (read again, only when a message needs them).

    Raises:
        JourneyMapError: If the text is not a readable, safe YAML document.

    Example:
        >>> data, marks = parse_yaml("title: no\\nscale: -2..2", "map.yaml")
        >>> data
        {'title': 'no', 'scale': '-2..2'}
        >>> marks()[("scale",)]
        (2, 8)
    """
    slot = _map_slot()
    data = _YamlReader(text, where, slot).read()

    def marks() -> Marks:
        reader = _YamlReader(text, where, slot, with_marks=True)
        reader.read()
        assert reader.marks is not None
        return reader.marks

    return data, marks
