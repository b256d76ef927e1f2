"""Read and write journey maps as YAML and JSON, and publish the JSON Schema.

YAML is read with PyYAML's safe loader only (no Python objects), duplicate keys are
errors rather than silently dropped, and every validation problem names the file, line
and column it comes from.

Example:
    >>> m = loads('''
    ... title: Checkout
    ... phases:
    ...   - id: buy
    ...     name: Buy
    ...     touchpoints:
    ...       - {id: pay, name: Pay, channel: web, emotion: -1}
    ... ''')
    >>> m.touchpoint("pay").channel
    'web'
    >>> loads(dumps(m)) == m == loads(dumps(m, "json"), "json")
    True
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal

from journeymap.diagnostics import Marks, describe_path, validate_map
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.model import JourneyMap

if TYPE_CHECKING:
    import yaml

__all__ = ["DataFormat", "SourceFormat", "dumps", "json_schema", "load", "loads", "read_yaml"]

#: The data formats a map can be read from and written to.
DataFormat = Literal["yaml", "json"]
#: The formats a map can be read from: the data formats and Mermaid's ``journey``.
SourceFormat = Literal["yaml", "json", "mermaid"]

_SUFFIXES: dict[str, SourceFormat] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
# A YAML document whose aliases expand to more nodes than this is refused.
_MAX_NODES = 200_000
# Characters PyYAML cannot read (it would fail without a line): C0 controls other than
# tab, line feed and carriage return, DEL-range C1 controls but NEL, and non-characters.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a journey map from a ``.yaml``, ``.yml``, ``.json`` or Mermaid ``.mmd`` file.

    A Mermaid ``journey`` is imported as :func:`journeymap.interop.mermaid.parse` does,
    warning where it keeps the author's intent over Mermaid's silent reading.

    Args:
        path: The file.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: If the file is malformed or the map invalid; the message names
            the file, line and column.
        OSError: If the file cannot be read.
    """
    file = FilePath(path)
    data_format = _SUFFIXES.get(file.suffix.lower())
    if data_format is None:
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"cannot tell the format of {file.name!r} from its suffix; allowed: "
                    f"{', '.join(sorted(_SUFFIXES))}",
                    source=str(path),
                )
            ]
        )
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JourneyMapError(
            [Problem("", f"is not UTF-8 text (byte {exc.start})", source=str(path))]
        ) from None
    return loads(text, data_format, source=str(path))


def loads(text: str, format: SourceFormat = "yaml", *, source: str | None = None) -> JourneyMap:
    """Parse a journey map from YAML, JSON or Mermaid ``journey`` text.

    Args:
        text: The document.
        format: ``"yaml"``, ``"json"`` or ``"mermaid"``.
        source: A file name to use in error messages.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: If the text is malformed or the map invalid.
    """
    where = source or "<string>"
    text = text.removeprefix("\ufeff")
    if format == "mermaid":
        from journeymap.interop.mermaid import parse

        return parse(text, source=source)
    if format == "yaml":
        data, marks = _parse_yaml(text, where)
    elif format == "json":
        data, marks = _parse_json(text, where)
    else:
        raise JourneyMapError(f"unknown data format {format!r}; allowed: 'yaml', 'json', 'mermaid'")
    if not isinstance(data, dict):
        kind = "an empty document" if data is None else f"a {type(data).__name__}"
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"the document is {kind}; allowed: a mapping with at least a 'title'",
                    source=where,
                    line=1,
                )
            ]
        )
    return validate_map(data, source=where, marks=marks)


def dumps(journey_map: JourneyMap, format: DataFormat = "yaml") -> str:
    """Serialise a map as YAML (fields at their defaults left out) or JSON (every field).

    Args:
        journey_map: The map.
        format: ``"yaml"`` or ``"json"``.

    Returns:
        The text, ending with a newline. Loading it gives back an equal map.
    """
    if format == "json":
        return journey_map.model_dump_json(indent=2) + "\n"
    if format == "yaml":
        import yaml

        data = journey_map.model_dump(mode="json", exclude_defaults=True)
        if "scale" in data:  # a missing neutral means "the midpoint" when read back
            data["scale"]["neutral"] = journey_map.scale.neutral
        for curve in data.get("curves", ()):
            curve["points"] = {p["touchpoint"]: p["value"] for p in curve["points"]}
        text: str = yaml.dump(
            data,
            Dumper=_dumper(),
            sort_keys=False,
            allow_unicode=True,
            width=88,
            default_flow_style=False,
        )
        return text
    raise JourneyMapError(f"unknown data format {format!r}; allowed: 'yaml', 'json'")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of journey map files (draft 2020-12).

    Example:
        >>> json_schema()["title"]
        'JourneyMap'
    """
    schema = JourneyMap.model_json_schema()
    # Files may write the scale as "MIN..MAX"; the model's own schema knows only the mapping.
    scale = schema["properties"]["scale"]
    schema["properties"]["scale"] = {
        "anyOf": [
            {"$ref": "#/$defs/EmotionScale"},
            {"type": "string", "pattern": r"^-?\d+\.\.-?\d+$"},
        ],
        "description": scale.get("description", ""),
    }
    for definition in schema.get("$defs", {}).values():
        description = definition.get("description")
        if description and "Example:" in description:  # doctests belong to the API docs
            definition["description"] = description.split("Example:")[0].strip()
    if "Example:" in schema.get("description", ""):
        schema["description"] = schema["description"].split("Example:")[0].strip()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def read_yaml(text: str, source: str, *, first_line: int = 1) -> Any:
    """Parse one YAML document into plain data, with every guard :func:`loads` applies.

    For readers of YAML embedded in another format (Mermaid front-matter): the text is
    read with the safe loader, duplicate keys and alias bombs are refused, and errors are
    located in the enclosing file.

    Args:
        text: The YAML document.
        source: The file name to put in messages.
        first_line: The line of the enclosing file that holds the first line of ``text``;
            every line number in an error is offset accordingly.

    Returns:
        The document as mappings, lists, strings, numbers, booleans and ``None``.

    Raises:
        JourneyMapError: If the text is not a readable, safe YAML document; each problem
            names ``source`` and the line in it.

    Example:
        >>> read_yaml("title: Checkout", "map.mmd", first_line=2)
        {'title': 'Checkout'}
        >>> try:
        ...     read_yaml("a: 1\\na: 2", "map.mmd", first_line=2)
        ... except JourneyMapError as exc:
        ...     print(exc.problems[0].line)
        3
    """
    try:
        return _parse_yaml(text.removeprefix("\ufeff"), source)[0]
    except JourneyMapError as exc:
        raise _shifted(exc, first_line - 1) from None


def _shifted(error: JourneyMapError, lines: int) -> JourneyMapError:
    """``error`` with every line number moved down by ``lines``."""
    if lines == 0:
        return error
    return JourneyMapError(
        replace(p, line=p.line + lines) if p.line is not None else p for p in error.problems
    )


# -- parsing ---------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    """A JSON object repeats a key."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _parse_json(text: str, where: str) -> tuple[Any, Marks]:
    """Parse JSON; line numbers come from reading the same text as YAML.

    JSON is YAML, except that YAML refuses tabs as indentation. JSON strings cannot hold
    a raw tab, so every tab is white space and becomes a space, keeping every column.
    """
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
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
    except _DuplicateKey as exc:
        _parse_yaml(text.replace("\t", " "), where)  # raises with the key's line
        raise JourneyMapError(
            [
                Problem(
                    "", f"key {exc.args[0]!r} appears twice; each key may appear once", source=where
                )
            ]
        ) from None
    try:
        marks = _parse_yaml(text.replace("\t", " "), where)[1]
    except JourneyMapError:  # pragma: no cover - valid JSON that YAML 1.1 cannot read
        marks = {}
    return data, marks


def _parse_yaml(text: str, where: str) -> tuple[Any, Marks]:
    import yaml

    bad = _UNREADABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"contains the control character U+{ord(bad.group()):04X}; "
                    "allowed: printable text, tab and newline",
                    source=where,
                    line=line,
                    column=column,
                )
            ]
        )
    try:
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"invalid YAML: {message}",
                    source=where,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise JourneyMapError([Problem("", f"invalid YAML: {exc}", source=where)]) from None
    marks: dict[Path, tuple[int, int]] = {}
    _walk(node, (), marks, _Walk(where, data))
    return data, marks


def _loader_class() -> type[yaml.SafeLoader]:
    """The safe loader of libyaml when PyYAML was built with it (7 times faster), else Python's.

    Both compose the same node tree with the same line and column marks.
    """
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class _Walk:
    """What a walk over the node tree needs besides the node: file name, data, sizes."""

    def __init__(self, where: str, data: Any) -> None:
        self.where = where
        self.data = data
        self.sizes: dict[int, int] = {}


def _walk(node: yaml.Node, path: Path, marks: dict[Path, tuple[int, int]], walk: _Walk) -> int:
    """Record where each node starts, refuse duplicate keys and alias bombs.

    Returns the number of nodes below ``node`` with aliases expanded.
    """
    import yaml

    if id(node) in walk.sizes:  # an alias to a node already walked
        return walk.sizes[id(node)]
    marks.setdefault(path, _mark(node.start_mark))
    size = 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise JourneyMapError(
                    [
                        Problem(
                            describe_path(walk.data, path) or "top level",
                            f"key {key!r} appears twice (first on line {seen[key]}); "
                            "each key may appear once",
                            path=(*path, key),
                            source=walk.where,
                            line=key_node.start_mark.line + 1,
                            column=key_node.start_mark.column + 1,
                        )
                    ]
                )
            if key is not None:
                seen[key] = key_node.start_mark.line + 1
            # A mapping may stand for a list of {key, value} items (curve points), which
            # validation reports by index: record those locations too.
            marks.setdefault((*path, index), _mark(key_node.start_mark))
            marks.setdefault((*path, index, "touchpoint"), _mark(key_node.start_mark))
            marks.setdefault((*path, index, "value"), _mark(value_node.start_mark))
            child = key if key is not None else "?"
            size += _walk(value_node, (*path, child), marks, walk)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            size += _walk(item, (*path, index), marks, walk)
    walk.sizes[id(node)] = size
    if size > _MAX_NODES:
        raise JourneyMapError(
            [
                Problem(
                    describe_path(walk.data, path) or "top level",
                    f"the document expands to more than {_MAX_NODES} values; "
                    "aliases that multiply content are refused",
                    source=walk.where,
                    line=node.start_mark.line + 1,
                )
            ]
        )
    return size


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


# Characters YAML reads as line breaks besides \n and \r.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


def _dumper() -> type[yaml.SafeDumper]:
    import yaml

    class _Dumper(yaml.SafeDumper):
        """Safe dumper writing multi-line text as literal blocks."""

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        if any(char in value for char in _YAML_BREAKS):
            style: str | None = '"'  # escaped there; raw, YAML would read a line break
        elif "\n" in value and not value.endswith((" ", "\t")):
            style = "|"
        else:
            style = None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return _Dumper
