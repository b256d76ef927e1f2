"""Generate docs/model.md, the model reference, from the pydantic model classes.

Usage:
    python scripts/gen_model_docs.py           write docs/model.md
    python scripts/gen_model_docs.py --check   exit 1 if docs/model.md is out of date

Everything on the page comes from the code: field names, types, defaults and
descriptions from the model classes, the channel catalogue from
``journeymap.catalogue``, and every validation message from running the validation on a
small bad input. The output depends on nothing but the installed journeymap.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from journeymap import io
from journeymap.builder import Journey
from journeymap.catalogue import BUILTIN_CHANNELS
from journeymap.diagnostics import validate_map
from journeymap.errors import JourneyMapError
from journeymap.escape import markdown_inline
from journeymap.fields import ID_PATTERN, Id, Name, Score, Text, TextList
from journeymap.i18n import SUPPORTED_LOCALES, channel_name
from journeymap.model import (
    METRIC_BETTER,
    METRIC_RANGES,
    Actor,
    Channel,
    Curve,
    CurvePoint,
    EmotionScale,
    Flow,
    JourneyMap,
    Metric,
    Persona,
    Phase,
    Touchpoint,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "model.md"

#: The documented classes, in reading order: the map first, then what it contains.
MODELS: tuple[type[BaseModel], ...] = (
    JourneyMap,
    Persona,
    EmotionScale,
    Actor,
    Channel,
    Phase,
    Touchpoint,
    Metric,
    Flow,
    Curve,
    CurvePoint,
)

# The shared field types of journeymap.fields, most specific first (a Name is also Text).
# Each is (alias, word for one, word for many).
_ALIASES: tuple[tuple[Any, str, str], ...] = (
    (TextList, "list of text", "lists of text"),
    (Name, "name", "names"),
    (Text, "text", "text"),
    (Id, "id", "ids"),
    (Score, "number", "numbers"),
)

_PLAIN_TYPES: dict[Any, tuple[str, str]] = {
    str: ("text", "text"),
    int: ("integer", "integers"),
    float: ("number", "numbers"),
    bool: ("true or false", "booleans"),
}


class UndocumentedTypeError(TypeError):
    """A field uses a type or constraint this script cannot describe yet."""


# -- types ---------------------------------------------------------------------------------


def describe_type(annotation: Any, metadata: Iterable[Any] = (), *, plural: bool = False) -> str:
    """Describe a field type in words, e.g. ``list of text`` or ``one of 'a', 'b'``.

    Args:
        annotation: The type, as pydantic stores it on the field.
        metadata: Validators and constraints pydantic moved out of a top-level
            ``Annotated``.
        plural: Whether the words describe the items of a list.

    Returns:
        The description, in Markdown.

    Raises:
        UndocumentedTypeError: If the type or a constraint is unknown to this script.
    """
    meta = tuple(metadata)
    if typing.get_origin(annotation) is Annotated:
        base, *extra = typing.get_args(annotation)
        return describe_type(base, (*extra, *meta), plural=plural)

    for alias, one, many in _ALIASES:
        alias_base, *alias_meta = typing.get_args(alias)
        if annotation == alias_base and all(item in meta for item in alias_meta):
            rest = [item for item in meta if item not in alias_meta]
            return (many if plural else one) + _constraints(rest)

    # A scalar with a validator of its own is described by the JSON Schema it declares.
    schema = next((item.json_schema for item in meta if hasattr(item, "json_schema")), None)
    if isinstance(schema, dict) and _is_scalar(annotation):
        return _from_json_schema(schema, plural=plural)

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return describe_type(members[0], meta, plural=plural)
        if set(members) == {int, float}:
            return ("numbers" if plural else "number") + _constraints(meta)
        return " or ".join(describe_type(m, plural=plural) for m in members) + _constraints(meta)
    if origin is Literal:
        choices = ", ".join(f"`{value}`" for value in typing.get_args(annotation))
        return f"one of {choices}" + _constraints(meta)
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return "list of " + describe_type(args[0], plural=True) + _constraints(meta)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _link(annotation) + _constraints(meta)
    if annotation in _PLAIN_TYPES:
        one, many = _PLAIN_TYPES[annotation]
        return (many if plural else one) + _constraints(meta)
    raise UndocumentedTypeError(
        f"cannot describe the type {annotation!r}; teach {Path(__file__).name} about it"
    )


def _is_scalar(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(_is_scalar(arg) for arg in typing.get_args(annotation))
    return annotation in _PLAIN_TYPES


_SCHEMA_TYPES: dict[str, tuple[str, str]] = {
    "string": ("text", "text"),
    "number": ("number", "numbers"),
    "integer": ("integer", "integers"),
    "boolean": ("true or false", "booleans"),
}


def _from_json_schema(schema: dict[str, Any], *, plural: bool) -> str:
    """Describe a custom field type by the JSON Schema it declares."""
    kind = schema.get("type")
    if kind not in _SCHEMA_TYPES:
        raise UndocumentedTypeError(
            f"cannot describe the JSON Schema {schema!r}; teach {Path(__file__).name} about it"
        )
    one, many = _SCHEMA_TYPES[kind]
    low, high = schema.get("minimum"), schema.get("maximum")
    words = many if plural else one
    if low is not None and high is not None:
        return f"{words} from {low} to {high}"
    if low is not None:
        return f"{words} ≥ {low}"
    if high is not None:
        return f"{words} ≤ {high}"
    if "pattern" in schema:
        return f"{words} matching `{schema['pattern']}`"
    return words


def _constraints(metadata: Iterable[Any]) -> str:
    """Describe numeric bounds and patterns, e.g. `` from 0 to 1`` or `` ≥ 1``."""
    low = high = pattern = None
    for item in metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        elif getattr(item, "le", None) is not None:
            high = item.le
        elif getattr(item, "pattern", None) is not None:
            pattern = item.pattern
        elif getattr(item, "allow_inf_nan", None) is False:
            continue  # "number" already means a finite number
        elif hasattr(item, "json_schema"):
            continue  # the structure above says more than the schema of the file form
        else:
            raise UndocumentedTypeError(
                f"cannot describe the constraint {item!r}; teach {Path(__file__).name} about it"
            )
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" ≥ {low}"
    if high is not None:
        return f" ≤ {high}"
    if pattern is not None:
        return f" matching `{pattern}`"
    return ""


def _link(model: type[BaseModel]) -> str:
    return f"[{model.__name__}](#{model.__name__.lower()})"


def describe_default(field: FieldInfo) -> str:
    """Say whether a field is required, or what it defaults to."""
    if field.is_required():
        return "**required**"
    factory = field.default_factory
    value = factory() if factory is not None else field.default  # type: ignore[call-arg]
    if value is None:
        return "unset"
    if value == ():
        return "empty"
    if isinstance(value, BaseModel):
        return f"{_link(type(value))} defaults"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"`{value}`"
    if value is PydanticUndefined:  # pragma: no cover - is_required() covers it
        return "**required**"
    raise UndocumentedTypeError(f"cannot describe the default {value!r}")


# -- docstrings ----------------------------------------------------------------------------

_SECTION = re.compile(r"^(Example|Examples|Args|Attributes|Returns|Raises|Note):\s*$")
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def summary(model: type[BaseModel]) -> str:
    """The class docstring up to its first section (``Example:``…), as Markdown."""
    lines: list[str] = []
    for line in inspect.cleandoc(model.__doc__ or "").splitlines():
        if _SECTION.match(line):
            break
        lines.append(line)
    text = "\n".join(lines).strip()
    text = _ROLE.sub(lambda m: f"`{m.group(1)}`", text)
    return _LITERAL.sub(lambda m: f"`{m.group(1)}`", text)


# -- sections ------------------------------------------------------------------------------


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def model_section(model: type[BaseModel]) -> list[str]:
    """One class: its summary and a table of its fields."""
    rows = [
        (
            f"`{name}`",
            describe_type(field.annotation, field.metadata),
            describe_default(field),
            markdown_inline(field.description or ""),
        )
        for name, field in model.model_fields.items()
    ]
    return [
        f"## {model.__name__}",
        "",
        summary(model),
        "",
        *_table(("Field", "Type", "Required or default", "Description"), rows),
        "",
    ]


def value_types_section() -> list[str]:
    return [
        "## Value types",
        "",
        "The tables below use these words for field types:",
        "",
        "- **text**: any string XML can hold. Control characters other than tab and"
        " newline are refused; `\\r\\n` and `\\r` become `\\n`.",
        "- **name**: text with at least one visible character.",
        f"- **id**: 1 to 80 characters matching `{ID_PATTERN.pattern}`: letters, digits,"
        " `-`, `_` and `.`, starting with a letter or digit.",
        '- **number**: a finite integer or float (a numeric string such as `"1.5"` is'
        " accepted; `true`/`false` are not). Integers stay integers, so files keep"
        " reading `2`, not `2.0`.",
        "- **list of text**: a list of texts; a single string counts as a list of one.",
        "- **unset** (as a default): the field may be left out, or given as `null`.",
        "",
        "Every model is frozen and refuses unknown fields; lists are stored as tuples.",
        "",
    ]


def shorthands_section() -> list[str]:
    scale = EmotionScale.model_validate("1..5")
    curve = Curve.model_validate({"id": "survey", "name": "Survey", "points": {"pay": -1}})
    persona = Persona.model_validate({"name": "Ana", "goals": "Pay quickly"})
    return [
        "## Shorthands in files",
        "",
        "Files (and `model_validate`) accept a few shorter spellings:",
        "",
        *_table(
            ("Written", "Means"),
            [
                ('`scale: "1..5"`', f"`{scale!r}`"),
                ("`points: {pay: -1}` in a curve", f"`{curve.points!r}`"),
                ("`goals: Pay quickly` (any list of text)", f"`{persona.goals!r}`"),
            ],
        ),
        "",
        "A scale given with `min` and `max` but no `neutral` gets the midpoint as neutral.",
        "",
    ]


def moments_section() -> list[str]:
    lines = [
        "## Moments",
        "",
        "A touchpoint's `moment` is derived from its emotion when it is not given: the"
        " lowest level of the scale is `critical`, anything else below neutral is"
        " `negative`, above neutral `positive`, and neutral itself `neutral`. An explicit"
        " `moment` always wins.",
        "",
    ]
    for scale in (EmotionScale(), EmotionScale.five_point()):
        levels = range(scale.min, scale.max + 1)
        lines += _table(
            (f"Emotion on {scale.describe()}", *(str(level) for level in levels)),
            [("Derived moment", *(scale.moment(level) for level in levels))],
        )
        lines.append("")
    return lines


def metrics_section() -> list[str]:
    kinds = typing.get_args(Metric.model_fields["kind"].annotation)
    rows = []
    for kind in kinds:
        bounds = METRIC_RANGES.get(kind)
        rows.append(
            (
                f"`{kind}`",
                f"{bounds[0]:g} to {bounds[1]:g}" if bounds else "any number",
                METRIC_BETTER.get(kind, "none: set `better`"),
            )
        )
    return [
        "## Metric kinds",
        "",
        "A metric's `status` (on target, or below or above it, whichever the direction"
        " makes worse) needs a `target` and a direction: `better`, or the kind's default"
        " below.",
        "",
        *_table(("Kind", "Allowed value and target", "Better by default"), rows),
        "",
    ]


def catalogue_section() -> list[str]:
    rows = [
        (f"`{channel_id}`", name, channel_name(channel_id, name, "es"), mode)
        for channel_id, (name, mode) in BUILTIN_CHANNELS.items()
    ]
    return [
        "## Built-in channels",
        "",
        "Touchpoints may use these channel ids without declaring them. Declare a channel"
        " under `channels` to add a custom one, or to give a built-in id another name or"
        " mode. Renderers translate the names of built-in channels that keep their"
        f" catalogue name (locales: {', '.join(SUPPORTED_LOCALES)}).",
        "",
        *_table(("Id", "Name", "Name (es)", "Mode"), rows),
        "",
    ]


# -- validation rules ----------------------------------------------------------------------


def _map(**touchpoint: Any) -> dict[str, Any]:
    """A one-touchpoint map with extra touchpoint fields."""
    tp = {"id": "pay", "name": "Pays", **touchpoint}
    return {"title": "Checkout", "phases": [{"id": "buy", "name": "Buy", "touchpoints": [tp]}]}


def _two_touchpoints(**extra: Any) -> dict[str, Any]:
    data = _map()
    data["phases"][0]["touchpoints"].append({"id": "ship", "name": "Ships"})
    return {**data, **extra}


def _message(make: Callable[[], object]) -> str:
    try:
        make()
    except JourneyMapError as exc:
        return str(exc)
    raise AssertionError(f"{make} was expected to fail")  # pragma: no cover


def _invalid(data: dict[str, Any]) -> Callable[[], object]:
    return lambda: validate_map(data)


_ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(5)]
    + ["title: Bomb"]
)

#: (group, rule, the input that breaks it, or None for a rule that corrects the text).
RULES: tuple[tuple[str, str, Callable[[], object] | None], ...] = (
    (
        "Fields",
        "Unknown fields are refused; the message suggests the closest known one.",
        _invalid(_map(emotions=1)),
    ),
    ("Fields", "Required fields must be present.", _invalid({"title": "Checkout", "phases": [{}]})),
    ("Fields", "Names and titles need a visible character.", _invalid({"title": "  "})),
    (
        "Fields",
        "Zero-width, filler and other invisible characters alone are not a name.",
        _invalid(_map(name="\u200b\u3164")),
    ),
    (
        "Fields",
        "Bidirectional overrides, embeddings and isolates are closed at the end of"
        " their line (`journeymap.fields.balance_bidi`); no error, the text is kept"
        " from reordering what follows it.",
        None,
    ),
    (
        "Fields",
        "Text may not hold control characters other than tab and newline.",
        _invalid(_map(name="Pays\x07")),
    ),
    ("Fields", "Ids follow the id pattern.", _invalid(_map(id="pay now"))),
    ("Fields", "Choices are checked.", _invalid(_map(moment="awful"))),
    ("Fields", "Numbers are finite numbers, not booleans.", _invalid(_map(emotion=True))),
    (
        "Fields",
        "Numbers lie between -1e15 and 1e15.",
        _invalid(_map(metrics=[{"kind": "time", "value": 10**400}])),
    ),
    (
        "Emotion scale",
        "A scale is `MIN..MAX`, a pair of integers `[MIN, MAX]`, or a mapping.",
        _invalid({"title": "Checkout", "scale": [1, 3, 5]}),
    ),
    (
        "Emotion scale",
        "`min` is below `max`.",
        _invalid({"title": "Checkout", "scale": "5..1"}),
    ),
    (
        "Emotion scale",
        "`neutral` lies on the scale.",
        _invalid({"title": "Checkout", "scale": {"min": 1, "max": 5, "neutral": 7}}),
    ),
    (
        "Emotion scale",
        "`labels`, when given, name every integer level.",
        _invalid({"title": "Checkout", "scale": {"min": 1, "max": 5, "labels": ["bad", "good"]}}),
    ),
    (
        "Emotion scale",
        "A scale spans at most 100 steps.",
        _invalid({"title": "Checkout", "scale": "0..1000"}),
    ),
    (
        "Touchpoints",
        "Emotions lie on the map's scale.",
        _invalid(_map(emotion=3)),
    ),
    (
        "Touchpoints",
        "A channel is built in or declared under `channels`; a near miss is named.",
        _invalid(_map(channel="emial")),
    ),
    (
        "Touchpoints",
        "Actors are declared under `actors`.",
        _invalid(_map(actors=["agent"])),
    ),
    (
        "Ids",
        "Phase, touchpoint, actor, channel and curve ids are unique"
        " (touchpoint ids across the whole map).",
        _invalid(
            {
                "title": "Checkout",
                "phases": [
                    {"id": "buy", "name": "Buy", "touchpoints": [{"id": "pay", "name": "Pays"}]},
                    {"id": "buy", "name": "Buy again", "touchpoints": [{"id": "pay", "name": "X"}]},
                ],
            }
        ),
    ),
    (
        "Metrics",
        "A custom metric needs a name.",
        _invalid(_map(metrics=[{"kind": "custom", "value": 3}])),
    ),
    (
        "Metrics",
        "NPS lies in -100..100; conversion and drop-off in 0..100 (value and target).",
        _invalid(_map(metrics=[{"kind": "conversion", "value": 62, "target": 140}])),
    ),
    (
        "Metrics",
        "`n` is at least 1.",
        _invalid(_map(metrics=[{"kind": "csat", "value": 4.2, "n": 0}])),
    ),
    (
        "Flows",
        "Only a `drop-off` flow may omit its target.",
        _invalid(_two_touchpoints(flows=[{"source": "pay", "kind": "branch"}])),
    ),
    (
        "Flows",
        "Both ends are touchpoint ids.",
        _invalid(_two_touchpoints(flows=[{"source": "pay", "target": "refund"}])),
    ),
    (
        "Flows",
        "A share lies in 0..1.",
        _invalid(_two_touchpoints(flows=[{"source": "pay", "target": "ship", "share": 1.5}])),
    ),
    (
        "Flows",
        "The shares of the flows leaving one touchpoint add up to at most 1.",
        _invalid(
            _two_touchpoints(
                flows=[
                    {"source": "pay", "target": "ship", "share": 0.7},
                    {"source": "pay", "kind": "drop-off", "share": 0.5},
                ]
            )
        ),
    ),
    (
        "Curves",
        "Each point names an existing touchpoint, once, with a value on the scale.",
        _invalid(
            _two_touchpoints(
                curves=[
                    {
                        "id": "survey",
                        "name": "Survey",
                        "points": [
                            {"touchpoint": "pay", "value": -1},
                            {"touchpoint": "pay", "value": 1},
                            {"touchpoint": "refund", "value": 4},
                        ],
                    }
                ]
            )
        ),
    ),
    (
        "Files",
        "A YAML key appears once per mapping.",
        lambda: io.loads("title: Checkout\ntitle: Again\n", source="map.yaml"),
    ),
    (
        "Files",
        f"A file or text is at most {io.MAX_INPUT_BYTES:,} bytes.",
        lambda: io.loads("title: x\n" + " " * io.MAX_INPUT_BYTES, source="huge.yaml"),
    ),
    (
        "Files",
        "Aliases may expand a document to at most twice its length plus"
        f" {io.ALIAS_ALLOWANCE:,} characters (alias bombs are refused).",
        lambda: io.loads(_ALIAS_BOMB, source="bomb.yaml"),
    ),
    (
        "Files",
        f"Lists and mappings nest at most {io.MAX_NESTING} levels;"
        f" integers have at most {io.MAX_INTEGER_DIGITS:,} digits.",
        lambda: io.loads("title: " + "[" * 200 + "]" * 200 + "\n", source="deep.yaml"),
    ),
    (
        "Files",
        "Numbers are decimal: YAML 1.1's octal, hexadecimal, binary and base-60 forms"
        " are refused in number fields; in text fields, what was typed is kept"
        " (`no`, `1.10`, `012` stay text).",
        lambda: io.loads(
            "title: Checkout\nphases:\n- name: Buy\n  touchpoints:\n"
            "  - {name: Pays, emotion: 012}\n",
            source="map.yaml",
        ),
    ),
    (
        "Files",
        "Only YAML's safe tags are read: no Python objects.",
        lambda: io.loads("title: !!python/object:os.system x\n", source="map.yaml"),
    ),
    (
        "Files",
        "The document is a mapping.",
        lambda: io.loads("- just a list\n", source="map.yaml"),
    ),
    (
        "Builder",
        "A touchpoint belongs to a phase.",
        lambda: Journey("Checkout").touchpoint("Pays"),
    ),
)


def rules_section() -> list[str]:
    lines = [
        "## Validation rules",
        "",
        "Every problem raises `journeymap.JourneyMapError` (a `ValueError`). Its message"
        " says where the problem is (file, line and column for files; phase, touchpoint"
        " and field) and what is allowed. All problems of a document are reported"
        " together. Each rule below is shown with the message the library gives for an"
        " input that breaks it.",
        "",
    ]
    group = ""
    for rule_group, rule, make in RULES:
        if rule_group != group:
            group = rule_group
            lines += [f"### {group}", ""]
        lines += [f"- {rule}", ""]
        if make is not None:  # a rule that corrects instead of refusing has no message
            lines += ["  ```text"]
            lines += [f"  {line}".rstrip() for line in _message(make).splitlines()]
            lines += ["  ```", ""]
    return lines


def example_section() -> list[str]:
    journey = (
        Journey("Checkout", persona="First-time buyer", scale="1..5")
        .actor("Payment provider", id="psp", role="system")
        .phase("Buy", goal="Pay without surprises")
        .touchpoint("Pays", channel="web", emotion=2, actors=["psp"], pain_points="Hidden fees")
        .touchpoint("Gets a receipt", channel="email", emotion=4)
        .curve("Survey", [1.5, 4], n=40)
    )
    text = io.dumps(journey.build())
    return [
        "## A small file",
        "",
        "What `journeymap.dumps()` writes for a small map (fields at their defaults are left out):",
        "",
        "```yaml",
        *text.rstrip("\n").splitlines(),
        "```",
        "",
    ]


def render_model_docs() -> str:
    """The whole of docs/model.md."""
    lines = [
        "<!-- Generated by scripts/gen_model_docs.py from the model classes. Do not edit:"
        " change the model and run the script. -->",
        "",
        "# Model reference",
        "",
        "A journey map is a tree of frozen, validated pydantic models. The same fields are"
        " the keys of YAML and JSON files and the keyword arguments of the builder. The"
        " JSON Schema of files is printed by `journeymap schema`.",
        "",
        "Classes: " + ", ".join(_link(model) for model in MODELS) + ".",
        "",
        *value_types_section(),
    ]
    for model in MODELS:
        lines += model_section(model)
    lines += shorthands_section()
    lines += moments_section()
    lines += metrics_section()
    lines += catalogue_section()
    lines += rules_section()
    lines += example_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/model.md from the model.")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/model.md is out of date"
    )
    args = parser.parse_args(argv)
    text = render_model_docs()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
        if current != text:
            script = Path(__file__).resolve().relative_to(ROOT)
            print(
                f"{OUTPUT.relative_to(ROOT)} is out of date; run: python {script}", file=sys.stderr
            )
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(OUTPUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
