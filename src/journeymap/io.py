"""Read and write journey maps as YAML and JSON, and publish the JSON Schema.

Reading is guarded for files from anywhere (see :data:`MAX_INPUT_BYTES`,
:data:`MAX_NESTING`, :data:`MAX_INTEGER_DIGITS` and :data:`ALIAS_ALLOWANCE`): every
problem, from a syntax error to a hostile alias, is a :class:`JourneyMapError` naming the
file, line and column.

The limits live in :mod:`journeymap.limits`, the readers in :mod:`journeymap.yaml_reader`
and :mod:`journeymap.json_reader`; their public names are importable from here.

YAML is read by journeymap's own constructor on top of PyYAML's parser (libyaml when
available), never PyYAML's loaders: no tag can build a Python object, duplicate keys are
errors, and values are read as the model expects them rather than by YAML 1.1's guesses.

* In a text field (a name, an id, a description, a thought), a plain value keeps exactly
  what was typed: ``no`` stays ``"no"``, ``1.10`` stays ``"1.10"``, ``2024-01-02`` stays
  ``"2024-01-02"`` and ``012`` stays ``"012"``. ``null`` and ``~`` mean "no value" only
  where a field may be empty or takes a list; an empty value always does. Keys are text
  as typed too (``012: 1`` among curve points is touchpoint ``"012"``).
* In a number field, a plain value is a decimal number (``12``, ``-1.5``, ``2e3``). The
  forms YAML 1.1 reads in other bases are refused with the reason: a leading zero
  (``012``, octal to YAML 1.1), ``0x1F``, ``0o17``, ``0b101``, ``1_000`` and base 60
  (``1:30``, which YAML 1.1 reads as 90).
* Booleans are ``true`` and ``false`` only, as in YAML 1.2; ``yes``, ``on`` and ``y`` are
  text. There are no timestamps: a date is text.
* Tags other than ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!seq`` and
  ``!!map`` are refused. Merge keys (``<<: *defaults``) are read as YAML 1.1 defines them.

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
    >>> loads("title: no").title
    'no'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal

from journeymap.diagnostics import validate_map
from journeymap.errors import JourneyMapError, Problem
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.json_reader import parse_json
from journeymap.limits import (
    ALIAS_ALLOWANCE,
    MAX_INPUT_BYTES,
    MAX_INTEGER_DIGITS,
    MAX_NESTING,
    _check_text_size,
    check_input_size,
    decode_utf8,
    read_text_file,
)
from journeymap.model import JourneyMap
from journeymap.yaml_reader import parse_yaml, read_yaml

if TYPE_CHECKING:
    import yaml

    from journeymap.builder import Journey

__all__ = [
    "ALIAS_ALLOWANCE",
    "MAX_INPUT_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_NESTING",
    "DataFormat",
    "SourceFormat",
    "check_input_size",
    "dumps",
    "file_path",
    "files_read",
    "json_schema",
    "load",
    "loads",
    "read_yaml",
]

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


_READ: ContextVar[list[str] | None] = ContextVar("journeymap_files_read", default=None)


@contextmanager
def files_read() -> Iterator[list[str]]:
    """Note every file :func:`load` reads inside the block (a ``.py`` map's own loads too).

    The command line refuses to write an output over any of them.

    Example:
        >>> import tempfile
        >>> folder = FilePath(tempfile.mkdtemp())
        >>> _ = (folder / "a.yaml").write_text("title: A\\n")
        >>> with files_read() as read:
        ...     _ = load(folder / "a.yaml")
        >>> [FilePath(path).name for path in read]
        ['a.yaml']
    """
    read: list[str] = []
    token = _READ.set(read)
    try:
        yield read
    finally:
        _READ.reset(token)


def file_path(path: object, caller: str) -> FilePath:
    """``path`` as a :class:`~pathlib.Path`, refused in words when it cannot name a file.

    Example:
        >>> file_path("maps/trip.yaml", "load()").name
        'trip.yaml'

    Raises:
        JourneyMapError: For something that is not a path, or one holding a NUL
            character (no system can name such a file).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise JourneyMapError(f"{caller} takes a path; got {type(path).__name__}")
    text = os.fsdecode(os.fspath(path))
    if "\0" in text:
        raise JourneyMapError(
            f"{caller}: the path {text!r} holds a NUL character; allowed: a file's path"
        )
    return FilePath(text)


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a journey map from a ``.yaml``, ``.yml``, ``.json`` or Mermaid ``.mmd`` file.

    A Mermaid ``journey`` is imported as :func:`journeymap.interop.mermaid.parse` does,
    warning where it keeps the author's intent over Mermaid's silent reading. A file
    larger than :data:`MAX_INPUT_BYTES` is refused before it is read.

    Args:
        path: The file.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: If the file is too large, malformed or the map invalid; the
            message names the file, line and column.
        OSError: If the file cannot be read.
    """
    file = file_path(path, "load()")
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
    text = read_text_file(file, str(path))
    recording = _READ.get()
    if recording is not None:
        recording.append(str(file))
    return loads(text, data_format, source=str(path))


def loads(
    text: str | bytes, format: SourceFormat | None = None, *, source: str | None = None
) -> JourneyMap:
    """Parse a journey map from YAML, JSON or Mermaid ``journey`` text.

    Args:
        text: The document, at most :data:`MAX_INPUT_BYTES` long in UTF-8; bytes are
            read as UTF-8.
        format: ``"yaml"``, ``"json"`` or ``"mermaid"``; by default the one of
            ``source``'s suffix (as :func:`load` tells it), else YAML.
        source: A file name to use in error messages.

    Returns:
        The validated map.

    Raises:
        JourneyMapError: If the text is too large, malformed or the map invalid.
    """
    where = source or "<string>"
    if format is None:
        format = _SUFFIXES.get(FilePath(source).suffix.lower(), "yaml") if source else "yaml"
    if isinstance(text, (bytes, bytearray)):
        check_input_size(len(text), where)
        text = decode_utf8(bytes(text), where)
    elif isinstance(text, str):
        _check_text_size(text, where)
    else:
        raise JourneyMapError(f"loads() reads text (str or bytes); got {type(text).__name__}")
    text = text.removeprefix("\ufeff")
    if format == "mermaid":
        from journeymap.interop.mermaid import parse

        return parse(text, source=source)
    with cyclic_gc_paused():  # many small objects, no cycles: 5 times faster on big maps
        if format == "yaml":
            data, marks = parse_yaml(text, where)
        elif format == "json":
            data, marks = parse_json(text, where)
        else:
            raise JourneyMapError(
                f"unknown data format {format!r}; allowed: 'yaml', 'json', 'mermaid'"
            )
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


def dumps(journey_map: JourneyMap | Journey, format: DataFormat = "yaml") -> str:
    """Serialise a map as YAML (fields at their defaults left out) or JSON (every field).

    Args:
        journey_map: The map, or a builder (built first).
        format: ``"yaml"`` or ``"json"``.

    Returns:
        The text, ending with a newline. Loading it gives back an equal map.

    Raises:
        JourneyMapError: For something that is not a map, or an unknown format.
    """
    from journeymap.builder import as_map

    journey_map = as_map(journey_map)
    if format == "json":
        return journey_map.model_dump_json(indent=2) + "\n"
    if format == "yaml":
        import yaml

        data = journey_map.model_dump(mode="json", exclude_defaults=True)
        if "scale" in data:  # a missing neutral means "the midpoint" when read back
            data["scale"]["neutral"] = journey_map.scale.neutral
        for curve in data.get("curves", ()):
            # {touchpoint: value} when the points hold nothing else (no interval, no n).
            if all(set(p) == {"touchpoint", "value"} for p in curve["points"]):
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


# -- writing ---------------------------------------------------------------------------

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
