"""Read JSON into plain data with the limits of maps, and locate what is wrong in it.

Python's decoder reads the text; duplicate keys, integers of too many digits and
nesting too deep are refused. Where a message needs a line and column, a linear scan of
the tokens (:class:`_JsonScan`) finds them.

Example:
    >>> data, marks = parse_json('{"title": "Checkout"}', "map.json")
    >>> data
    {'title': 'Checkout'}
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from journeymap.diagnostics import Marks, describe_path
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.limits import (
    _MAX_PROBLEMS,
    _NESTING,
    MAX_INTEGER_DIGITS,
    MAX_NESTING,
    _too_many_digits,
)

__all__ = ["parse_json"]


class _DuplicateKey(ValueError):
    """A JSON object repeats a key (located by :class:`_JsonScan`)."""


class _LongInteger(ValueError):
    """A JSON integer has more than :data:`MAX_INTEGER_DIGITS` digits."""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def _json_integer(text: str) -> int:
    if len(text) > MAX_INTEGER_DIGITS and len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _LongInteger(text)
    return int(text)


def parse_json(text: str, where: str) -> tuple[Any, Callable[[], Marks]]:
    """Parse JSON with Python's decoder; marks come from :class:`_JsonScan` when needed.

    The size of ``text`` is checked by the caller (:func:`~journeymap.io.loads`).

    Args:
        text: The JSON document.
        where: The file name to put in messages.

    Returns:
        The document as plain data, and a function giving the line and column of each
        value by its path (found by a scan, only when a message needs them).

    Raises:
        JourneyMapError: If the text is not JSON, repeats a key, nests more than
            :data:`~journeymap.limits.MAX_NESTING` levels or has an integer of more than
            :data:`~journeymap.limits.MAX_INTEGER_DIGITS` digits; each problem is located.

    Example:
        >>> data, marks = parse_json('{"title": "T",\\n "scale": "-2..2"}', "map.json")
        >>> marks()[("scale",)]
        (2, 11)
        >>> try:
        ...     parse_json('{"title": "T", "title": "U"}', "map.json")
        ... except JourneyMapError as exc:
        ...     print(exc.problems[0].message)
        key 'title' appears twice (first on line 1); each key may appear once
    """
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_integer)
    except json.JSONDecodeError as exc:
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"invalid JSON: {exc.msg}",
                    source=where,
                    line=exc.lineno,
                    column=exc.colno,
                )
            ]
        ) from None
    except (_DuplicateKey, _LongInteger, RecursionError):
        raise _JsonScan(text, where).error() from None
    if _nests_deeper(data, MAX_NESTING):
        raise _JsonScan(text, where).error()
    return data, lambda: _JsonScan(text, where).marks


def _nests_deeper(data: Any, limit: int) -> bool:
    """Whether lists and mappings in ``data`` nest more than ``limit`` levels (no recursion)."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            values = node.values() if type(node) is dict else node
            below.extend([v for v in values if type(v) is dict or type(v) is list])
        level = below
    return False


# A JSON token after white space: a string (group 1, without its quotes), a punctuation
# mark (group 2) or a literal such as a number, true or null (group 3).
_JSON_TOKEN = re.compile(
    r'[ \t\n\r]*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|([\[\]{}:,])|([^ \t\n\r\[\]{}:,"]+))', re.DOTALL
)


def _json_string(inside: str) -> str:
    """The text of a JSON string written ``inside`` its quotes (as written, if invalid)."""
    if "\\" not in inside:
        return inside
    try:
        text: str = json.loads(f'"{inside}"')
    except ValueError:
        return inside
    return text


class _JsonScan:
    """Where each value of a JSON text starts, and the problems Python's decoder cannot locate.

    A linear pass over the tokens, without recursion, run only when a message needs a
    location: it finds duplicate keys, integers with too many digits and nesting past
    :data:`MAX_NESTING`, and records the line and column of every value by its path.
    """

    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.marks: dict[Path, tuple[int, int]] = {}
        # (path to name in words, message, line, column, words if none, path)
        self.problems: list[tuple[Path, str, int, int, str, Path]] = []
        self._line = 1
        self._line_start = 0
        self._last = 0
        self._scan()

    def error(self) -> JourneyMapError:
        """The problems found, named with the document's own names where it can be read."""
        try:
            loose = json.loads(self.text, parse_int=str)
        except json.JSONDecodeError as exc:
            if not self.problems:  # what the decoder met first was not found: its own error
                return JourneyMapError(
                    [Problem("", f"invalid JSON: {exc.msg}", (), self.where, exc.lineno, exc.colno)]
                )
            loose = None
        except (ValueError, RecursionError):
            loose = None
        if not self.problems:  # pragma: no cover - the scan finds what the decoder refused
            return JourneyMapError([Problem("", "invalid JSON", source=self.where, line=1)])
        return JourneyMapError(
            Problem(
                describe_path(loose, words) or fallback,
                message,
                path,
                self.where,
                line,
                column,
            )
            for words, message, line, column, fallback, path in self.problems
        )

    def _spot(self, position: int) -> tuple[int, int]:
        """The 1-based line and column of ``position`` (positions only grow)."""
        text = self.text
        newlines = text.count("\n", self._last, position)
        if newlines:
            self._line += newlines
            self._line_start = text.rfind("\n", self._last, position) + 1
        self._last = position
        return self._line, position - self._line_start + 1

    def _scan(self) -> None:
        text = self.text
        # Each open container: [is_object, path, next index or current key, keys seen, entries]
        stack: list[list[Any]] = []
        position = 0
        while len(self.problems) < _MAX_PROBLEMS:
            token = _JSON_TOKEN.match(text, position)
            if token is None:
                return
            position = token.end()
            string, mark, literal = token.groups()
            top = stack[-1] if stack else None
            if mark in {":", ","}:
                continue
            if mark in {"}", "]"}:
                if stack:  # the text may be invalid JSON too: never fail here
                    stack.pop()
                if stack:
                    self._done(stack[-1])
                continue
            if literal is not None:
                start = token.start(3)
            elif mark is not None:
                start = token.start(2)
            else:
                start = token.start(1) - 1  # the opening quote
            spot = self._spot(start)
            if top is not None and top[0] and top[2] is None:
                if string is not None:
                    self._key(top, _json_string(string), spot)
                continue  # anything else where a key belongs is invalid JSON
            if top is None:
                path: Path = ()
            else:
                path = (*top[1], top[2])
                if top[0]:
                    self.marks.setdefault((*top[1], top[4], "value"), spot)
            self.marks.setdefault(path, spot)
            if mark is not None:  # "{" or "["
                if len(stack) >= MAX_NESTING:
                    self.problems.append(((), _NESTING, *spot, "", path))
                    return
                stack.append([mark == "{", path, None if mark == "{" else 0, {}, 0])
                continue
            digits = literal.lstrip("-") if literal is not None else ""
            if len(digits) > MAX_INTEGER_DIGITS and digits.isdigit():
                self.problems.append((path, _too_many_digits(literal), *spot, "", path))
            if top is not None:
                self._done(top)

    def _key(self, top: list[Any], key: str, spot: tuple[int, int]) -> None:
        seen: dict[str, int] = top[3]
        if key in seen:
            message = (
                f"key {key!r} appears twice (first on line {seen[key]}); each key may appear once"
            )
            self.problems.append((top[1], message, *spot, "top level", (*top[1], key)))
        else:
            seen[key] = spot[0]
        self.marks.setdefault((*top[1], top[4]), spot)
        self.marks.setdefault((*top[1], top[4], "touchpoint"), spot)
        top[2] = key

    @staticmethod
    def _done(top: list[Any]) -> None:
        """A value of ``top`` is complete: move to its next key or index."""
        if top[0]:
            top[2] = None
            top[4] += 1
        else:
            top[2] += 1
