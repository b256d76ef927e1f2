"""Turn pydantic's validation errors into located, readable problems.

A pydantic location such as ``('phases', 1, 'touchpoints', 0, 'emotion')`` becomes
``phase 'Compra' > touchpoint 'Facturación' > emotion``, with the file's line and
column when the input came from a file, and messages that say what is allowed.

Example:
    >>> from journeymap.model import JourneyMap
    >>> data = {"title": "T", "phases": [{"id": "a", "name": "Buy", "colour": "red"}]}
    >>> try:
    ...     validate_map(data)
    ... except JourneyMapError as exc:
    ...     print(exc.problems[0].where)
    phase 'Buy' > colour
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.model import CrossReferenceErrors, JourneyMap

__all__ = ["Marks", "describe_path", "problems_from", "validate_map"]

#: Where each node of a file starts: path -> (1-based line, 1-based column).
Marks = Mapping[Path, tuple[int, int]]

# How an element of a list is named in a location: field -> (word, key holding its name).
_ITEM_NAMES: dict[str, tuple[str, str | None]] = {
    "phases": ("phase", "name"),
    "touchpoints": ("touchpoint", "name"),
    "actors": ("actor", "name"),
    "channels": ("channel", "name"),
    "curves": ("curve", "name"),
    "metrics": ("metric", "kind"),
    "flows": ("flow", None),
    "points": ("point", "touchpoint"),
}


def validate_map(
    data: Any,
    *,
    source: str | None = None,
    marks: Marks | Callable[[], Marks] | None = None,
) -> JourneyMap:
    """Validate ``data`` as a :class:`JourneyMap`, raising :class:`JourneyMapError`.

    Args:
        data: A mapping as read from a file, or anything ``JourneyMap`` accepts.
        source: The file name to put in messages.
        marks: Line and column of each path in that file, or a function working them
            out, called only if there is a problem to locate.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: With one located problem per error.
    """
    try:
        return JourneyMap.model_validate(data)
    except ValidationError as exc:
        if callable(marks):
            marks = marks()
        problems = problems_from(exc, data, root=JourneyMap, source=source, marks=marks)
        if all(p.line is not None for p in problems):
            problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise JourneyMapError(problems) from None


def problems_from(
    exc: ValidationError,
    data: Any,
    *,
    root: type[BaseModel],
    prefix: Path = (),
    source: str | None = None,
    marks: Marks | None = None,
) -> list[Problem]:
    """Convert a :class:`pydantic.ValidationError` into located problems.

    Args:
        exc: The error.
        data: The input that was validated (used to name phases and touchpoints).
        root: The model class that was validated.
        prefix: The path of ``data`` inside a larger document.
        source: The file name, if any.
        marks: Line and column of each path in the file, if known.

    Returns:
        One problem per error, in the order pydantic found them.
    """
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc: Path = tuple(error["loc"])
        ctx = error.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, CrossReferenceErrors):
            for sub_path, message in cause.problems:
                problems.append(_problem(data, (*loc, *sub_path), message, prefix, source, marks))
            continue
        message = _message(error, root, loc)
        problems.append(_problem(data, loc, message, prefix, source, marks))
    return problems


def _problem(
    data: Any,
    loc: Path,
    message: str,
    prefix: Path,
    source: str | None,
    marks: Marks | None,
) -> Problem:
    full = (*prefix, *loc)
    line = column = None
    if marks:
        probe = full
        while probe not in marks and probe:
            probe = probe[:-1]
        if probe in marks:
            line, column = marks[probe]
    return Problem(describe_path(data, loc, prefix), message, full, source, line, column)


def describe_path(data: Any, loc: Path, prefix: Path = ()) -> str:
    """Name a location in words, using the names found in ``data``.

    Args:
        data: The document (mappings and lists, or models).
        loc: The path inside it.
        prefix: Words for where ``data`` itself sits, as a path (not looked up).

    Returns:
        For example ``phase 'Buy' > touchpoint 'Pay' > emotion``.

    Example:
        >>> doc = {"phases": [{"name": "Buy", "touchpoints": [{"name": "Pay"}]}]}
        >>> describe_path(doc, ("phases", 0, "touchpoints", 0, "emotion"))
        "phase 'Buy' > touchpoint 'Pay' > emotion"
    """
    words: list[str] = [_plain(prefix)] if prefix else []
    node: Any = data
    field: str | None = None
    for part in loc:
        if isinstance(part, int):
            node = _child(node, part)
            word, name_key = _ITEM_NAMES.get(field or "", (field or "item", None))
            label = _child(node, name_key) if name_key else None
            if isinstance(label, str) and label.strip():
                shown = label if len(label) <= 40 else label[:39] + "…"
                words[-1:] = [f"{word} {shown!r}"]
            else:
                words[-1:] = [f"{word} #{part + 1}"]
            field = None
        else:
            node = _child(node, part)
            field = str(part)
            words.append(field)
    return " > ".join(words)


def _plain(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _child(node: Any, key: str | int | None) -> Any:
    if key is None or node is None:
        return None
    if isinstance(key, int):
        if (
            isinstance(node, Sequence)
            and not isinstance(node, str)
            and -len(node) <= key < len(node)
        ):
            return node[key]
        return None
    if isinstance(node, Mapping):
        return node.get(key)
    if isinstance(node, BaseModel):
        return getattr(node, key, None)
    return None


def _message(error: Mapping[str, Any], root: type[BaseModel], loc: Path) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "extra_forbidden":
        owner = _model_at(root, loc[:-1])
        name = str(loc[-1]) if loc else "?"
        if owner is None:
            return f"unknown field {name!r}"
        allowed = list(owner.model_fields)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {name!r}{hint}; allowed: {', '.join(allowed)}"
    if kind == "missing":
        return "this required field is missing"
    if kind in {"value_error", "assertion_error"}:
        cause = ctx.get("error")
        return str(cause) if cause is not None else str(error["msg"])
    if kind == "literal_error":
        return f"{given!r} is not allowed; allowed: {ctx.get('expected')}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{given!r} is out of range; allowed: {words} {ctx.get(key)}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list; got {_shown(given)}"
    if kind == "model_type" or kind == "model_attributes_type":
        owner = _model_at(root, loc)
        fields = ", ".join(owner.model_fields) if owner is not None else "its fields"
        return f"expected a mapping with the fields {fields}; got {_shown(given)}"
    return f"{error['msg']}; got {_shown(given)}"


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:59] + "…"
    return f"{text} ({type(value).__name__})"


def _model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class that validates the node at ``path``, if it is a model."""
    current: type[BaseModel] | None = root
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in {tuple, list, typing.Union, types.UnionType}:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
