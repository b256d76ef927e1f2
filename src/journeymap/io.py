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
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal

from journeymap.diagnostics import Marks, validate_map
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.model import JourneyMap

if TYPE_CHECKING:
    import yaml

__all__ = ["DataFormat", "dumps", "json_schema", "load", "loads"]

#: The data formats a map can be read from and written to.
DataFormat = Literal["yaml", "json"]

_SUFFIXES: dict[str, DataFormat] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
# A YAML document whose aliases expand to more nodes than this is refused.
_MAX_NODES = 200_000


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a journey map from a ``.yaml``, ``.yml`` or ``.json`` file.

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


def loads(text: str, format: DataFormat = "yaml", *, source: str | None = None) -> JourneyMap:
    """Parse a journey map from YAML or JSON text.

    Args:
        text: The document.
        format: ``"yaml"`` or ``"json"``.
        source: A file name to use in error messages.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: If the text is malformed or the map invalid.
    """
    where = source or "<string>"
    if format == "yaml":
        data, marks = _parse_yaml(text, where)
    elif format == "json":
        data = _parse_json(text, where)
        try:  # JSON is YAML: reuse the YAML parser for line numbers only.
            marks = _parse_yaml(text, where)[1]
        except JourneyMapError:
            marks = {}
    else:
        raise JourneyMapError(f"unknown data format {format!r}; allowed: 'yaml', 'json'")
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
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


# -- parsing ---------------------------------------------------------------------------


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JourneyMapError(
            [
                Problem(
                    "", f"invalid JSON: {exc.msg}", source=where, line=exc.lineno, column=exc.colno
                )
            ]
        ) from None


def _parse_yaml(text: str, where: str) -> tuple[Any, Marks]:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        marks: dict[Path, tuple[int, int]] = {}
        _walk(node, (), marks, where, {})
        data = loader.construct_document(node)
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
    finally:
        loader.dispose()
    return data, marks


def _walk(
    node: yaml.Node,
    path: Path,
    marks: dict[Path, tuple[int, int]],
    where: str,
    sizes: dict[int, int],
) -> int:
    """Record where each node starts, refuse duplicate keys and alias bombs.

    Returns the number of nodes below ``node`` with aliases expanded.
    """
    import yaml

    if id(node) in sizes:  # an alias to a node already walked
        return sizes[id(node)]
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    size = 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise JourneyMapError(
                    [
                        Problem(
                            _plain(path) or "top level",
                            f"key {key!r} appears twice (first on line {seen[key]}); "
                            "each key may appear once",
                            path=(*path, key),
                            source=where,
                            line=key_node.start_mark.line + 1,
                            column=key_node.start_mark.column + 1,
                        )
                    ]
                )
            if key is not None:
                seen[key] = key_node.start_mark.line + 1
            size += _walk(value_node, (*path, key if key is not None else "?"), marks, where, sizes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            size += _walk(item, (*path, index), marks, where, sizes)
    sizes[id(node)] = size
    if size > _MAX_NODES:
        raise JourneyMapError(
            [
                Problem(
                    _plain(path) or "top level",
                    f"the document expands to more than {_MAX_NODES} values; "
                    "aliases that multiply content are refused",
                    source=where,
                    line=node.start_mark.line + 1,
                )
            ]
        )
    return size


def _plain(path: Path) -> str:
    return ".".join(str(p) for p in path)


def _dumper() -> type[yaml.SafeDumper]:
    import yaml

    class _Dumper(yaml.SafeDumper):
        """Safe dumper writing multi-line text as literal blocks."""

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return _Dumper
