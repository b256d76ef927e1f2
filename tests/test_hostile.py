"""Hostile text and numbers through every loader and every renderer.

The rule for every input built by :mod:`hostile`: the library accepts it and renders it
safely in every format, or refuses it with :class:`JourneyMapError`. Any other exception
is a failure. Safely means:

* SVG passes :func:`safety.check_svg` (strict XML, nothing that runs or loads, unique
  prefixed ids, references that resolve) and shows every accepted text as it was typed;
* DOT is laid out by the real ``dot`` (:func:`safety.check_dot`);
* Markdown tables keep their column counts;
* YAML and JSON read back to the same map; Mermaid reads back or is refused;
* every output can be written as UTF-8.

Each loader has its own test, so that a failure names the loader it comes from: the
model (``JourneyMap.model_validate``), the builder, ``loads`` of JSON, YAML and Mermaid
text, and ``load`` of a file.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from journeymap import JourneyMap, JourneyMapError
from journeymap.io import load, loads

from .hostile import (
    FIELD_KINDS,
    HUGE_WORD,
    INVALID_CODE_POINTS,
    NUMBER_KINDS,
    base_map,
    budget,
    build_from,
    get_path,
    hostile_numbers,
    hostile_strings,
    mermaid_source,
    quiet,
    set_field,
    set_number,
)
from .safety import (
    check_dot,
    check_outputs,
    check_svg,
    markdown_table_problems,
    open_bidi,
    svg_problems,
)

BASE = base_map()


def _accepted(data: dict[str, Any]) -> JourneyMap | None:
    """The map the JSON loader makes of ``data``, or ``None`` when it refuses it."""
    try:
        return loads(json.dumps(data), "json")
    except JourneyMapError:
        return None


def _shown_texts(model: JourneyMap, kind: str) -> dict[str, tuple[str, str]]:
    """The value of the field ``kind`` as the model keeps it, and how the SVG shows it."""
    path, listed, how = FIELD_KINDS[kind]
    value = get_path(model.model_dump(), path)
    if listed:
        value = value[0] if value else None
    if not isinstance(value, str) or how == "hidden" or not value.strip():
        return {}
    return {kind: (value, how)}


#: Every way a map is made from data, by name.
LOADERS: dict[str, Callable[[dict[str, Any]], JourneyMap]] = {
    "JourneyMap.model_validate": JourneyMap.model_validate,
    "builder": build_from,
    "loads json": lambda data: loads(json.dumps(data), "json"),
    "loads yaml": lambda data: loads(yaml.safe_dump(data), "yaml"),
}


def _outcomes(data: dict[str, Any]) -> tuple[dict[str, JourneyMap | None], list[str]]:
    """What each loader makes of ``data`` (``None``: refused), and every crash."""
    outcomes: dict[str, JourneyMap | None] = {}
    crashes: list[str] = []
    for name, loader in LOADERS.items():
        try:
            outcomes[name] = loader(data)
        except JourneyMapError:
            outcomes[name] = None
        except Exception as exc:
            crashes.append(f"{name} raised {type(exc).__name__}: {str(exc)[:200]}")
    return outcomes, crashes


def _agree(outcomes: dict[str, JourneyMap | None]) -> list[str]:
    """Loaders that disagree with the JSON loader (accept where it refuses, or differ)."""
    reference = outcomes.get("loads json")
    return [
        f"{name} {'refused' if model is None else 'accepted'} what loads json "
        f"{'refused' if reference is None else 'accepted'}, or made another map"
        for name, model in outcomes.items()
        if model != reference
    ]


_KINDS = st.sampled_from(sorted(FIELD_KINDS))
_NUMBER_KINDS = st.sampled_from(sorted(NUMBER_KINDS))


# -- every loader refuses or accepts; nothing else -------------------------------------------


@budget(60)
@given(_KINDS, hostile_strings())
def test_model_validate_refuses_hostile_text_with_journeymap_error(kind: str, text: str) -> None:
    try:
        model: JourneyMap | None = JourneyMap.model_validate(set_field(BASE, kind, text))
    except JourneyMapError:
        model = None
    assert model == _accepted(set_field(BASE, kind, text))  # one rule for every entry point


@budget(60)
@given(_KINDS, hostile_strings())
def test_builder_refuses_hostile_text_with_journeymap_error(kind: str, text: str) -> None:
    try:
        model: JourneyMap | None = build_from(set_field(BASE, kind, text))
    except JourneyMapError:
        model = None
    assert model == _accepted(set_field(BASE, kind, text))


@budget(60)
@given(_KINDS, hostile_strings(), st.booleans())
def test_json_and_yaml_text_agree_on_hostile_text(kind: str, text: str, ascii_only: bool) -> None:
    data = set_field(BASE, kind, text)
    outcomes = []
    # PyYAML's emitter writes some line breaks (U+0085) raw when allowed to write
    # Unicode, and its reader then folds them: let it escape everything.
    for source, fmt in (
        (json.dumps(data, ensure_ascii=ascii_only), "json"),
        (yaml.safe_dump(data), "yaml"),
    ):
        try:
            outcomes.append(loads(source, fmt))
        except JourneyMapError:
            outcomes.append(None)
    assert outcomes[0] == outcomes[1]


@budget(40)
@given(_KINDS, hostile_strings(), st.sampled_from((".json", ".yaml")))
def test_files_with_hostile_text_load_or_are_refused(kind: str, text: str, suffix: str) -> None:
    data = set_field(BASE, kind, text)
    if suffix == ".json":
        source = json.dumps(data, ensure_ascii=False)
    else:
        source = yaml.safe_dump(data, allow_unicode=True)
    # Lone surrogates cannot be UTF-8: written as they are, they make a file that is not.
    raw = source.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"map{suffix}"
        path.write_bytes(raw)
        try:
            model: JourneyMap | None = load(path)
            message = ""
        except JourneyMapError as exc:
            model, message = None, str(exc)
    if model is None:
        assert str(path) in message  # the error names the file
    # The file and the text it holds are read alike.
    try:
        from_text: JourneyMap | None = loads(source, "json" if suffix == ".json" else "yaml")
    except JourneyMapError:
        from_text = None
    assert model == from_text


_MERMAID_PARTS = ("title", "section", "task", "score", "actor")


@budget(60)
@given(st.sampled_from(_MERMAID_PARTS), hostile_strings())
def test_mermaid_with_hostile_text_loads_or_is_refused(part: str, text: str) -> None:
    source = mermaid_source(**{part: text})
    try:
        with quiet():
            model: JourneyMap | None = loads(source, "mermaid")
    except JourneyMapError:
        model = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.mmd"
        path.write_bytes(source.encode("utf-8", "surrogatepass"))
        try:
            with quiet():
                from_file: JourneyMap | None = load(path)
        except JourneyMapError:
            from_file = None
    if source.encode("utf-8", "surrogatepass") == source.encode("utf-8", "replace"):
        assert from_file == model  # a file that is UTF-8 reads as its text does
    else:
        assert from_file is None  # a lone surrogate makes a file that is not UTF-8
    if model is not None:
        check_outputs(model)


# -- accepted text renders safely everywhere -------------------------------------------------


@pytest.mark.needs_dot
@budget(40)
@given(_KINDS, hostile_strings())
def test_accepted_hostile_text_renders_safely_in_every_format(kind: str, text: str) -> None:
    model = _accepted(set_field(BASE, kind, text))
    if model is not None:
        check_outputs(model, _shown_texts(model, kind))


@pytest.mark.needs_dot
@pytest.mark.parametrize("kind", sorted(FIELD_KINDS))
def test_a_ten_thousand_character_word_in_every_field(kind: str) -> None:
    for word in (HUGE_WORD, "中" * 10_000, "😀" * 5_000):
        model = _accepted(set_field(BASE, kind, word))
        assert model is not None, (kind, word[:1])
        check_outputs(model, _shown_texts(model, kind))


@pytest.mark.parametrize("char", INVALID_CODE_POINTS, ids=lambda c: f"U+{ord(c):04X}")
def test_xml_invalid_code_points_are_refused_by_every_loader(char: str) -> None:
    wrong = []
    for kind in sorted(FIELD_KINDS):
        outcomes, crashes = _outcomes(set_field(BASE, kind, f"a{char}b"))
        wrong += [f"{kind}: {crash}" for crash in crashes]
        wrong += [f"{kind}: {name} accepted it" for name, m in outcomes.items() if m is not None]
    assert wrong == []


# -- hostile numbers -------------------------------------------------------------------------


def _check_numbers(data: dict[str, Any]) -> None:
    """Every loader refuses or accepts alike, and an accepted map renders everywhere."""
    outcomes, problems = _outcomes(data)
    problems += _agree(outcomes) if not problems else []
    accepted = next((m for m in outcomes.values() if m is not None), None)
    if accepted is not None:
        try:
            check_outputs(accepted)
        except Exception as exc:
            problems.append(f"rendering raised {type(exc).__name__}: {str(exc)[:300]}")
    assert problems == []


@pytest.mark.needs_dot
@budget(60)
@given(_NUMBER_KINDS, hostile_numbers())
def test_hostile_numbers_are_refused_or_rendered(kind: str, number: Any) -> None:
    _check_numbers(set_number(BASE, kind, number))


@pytest.mark.needs_dot
@pytest.mark.parametrize("kind", sorted(NUMBER_KINDS))
@pytest.mark.parametrize(
    "number",
    [float("nan"), float("inf"), float("-inf"), 10**400, -(10**400), 1e308, -1e308],
    ids=["nan", "inf", "-inf", "10**400", "-10**400", "1e308", "-1e308"],
)
def test_each_extreme_number_in_each_number_field(kind: str, number: Any) -> None:
    _check_numbers(set_number(BASE, kind, number))


@pytest.mark.parametrize(
    "literal",
    [".nan", ".inf", "-.inf", "1e400", "-1e400", "1" + "0" * 400, "1" + "0" * 5000],
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_extreme_number_literals_in_yaml_and_json(literal: str, fmt: str) -> None:
    if fmt == "json" and literal.startswith(("-.", ".")):
        literal = {".nan": "NaN", ".inf": "Infinity", "-.inf": "-Infinity"}[literal]
    source = json.dumps(BASE).replace('"value": 3,', f'"value": {literal},', 1)
    assert literal in source
    if fmt == "yaml":  # JSON is YAML; the flow style keeps the literal as typed
        source = source.replace('"value": ', "value: ", 1)
    try:
        model = loads(source, fmt)
    except JourneyMapError:
        return
    check_outputs(model)


# -- the checkers can fail ---------------------------------------------------------------------

_SAFE = (
    '<svg xmlns="http://www.w3.org/2000/svg" id="m" aria-labelledby="m-t">'
    '<title id="m-t">T</title>{body}</svg>'
)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<script>alert(1)</script>", "forbidden element <script>"),
        ("<foreignObject/>", "forbidden element <foreignObject>"),
        ('<rect onclick="x()"/>', "event handler"),
        ('<a href="javascript:alert(1)"/>', "javascript:"),
        ('<a href="java\tscript:x"/>', "javascript:"),
        ('<image href="https://evil.example/x.png"/>', "external reference"),
        (
            '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="x.svg#a"/>',
            "external reference",
        ),
        ('<rect fill="url(https://evil.example/x)"/>', "external url"),
        ('<rect style="fill: url(#nowhere)"/>', "missing id 'nowhere'"),
        ('<rect id="m-a"/><rect id="m-a"/>', "used twice"),
        ('<rect id="legend"/>', "does not start with the map's 'm'-"),
        ('<g aria-describedby="m-gone"/>', "missing id 'm-gone'"),
        ("<x:p xmlns:x='urn:x'/>", "not in the SVG namespace"),
        ("<text>&lt;/text></text></svg>", "not well-formed"),
    ],
)
def test_the_svg_checker_finds_each_breach(body: str, problem: str) -> None:
    assert svg_problems(_SAFE.format(body="")) == []
    found = svg_problems(_SAFE.format(body=body))
    assert any(problem in line for line in found), found
    with pytest.raises(AssertionError):
        check_svg(_SAFE.format(body=body))


def test_the_svg_checker_refuses_declarations() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e "x">]>' + _SAFE.format(body="")
    assert "declares DOCTYPE" in svg_problems(text)
    assert "holds a processing instruction" in svg_problems(
        '<?xml-stylesheet href="x.css"?>' + _SAFE.format(body="")
    )


@pytest.mark.parametrize(
    ("table", "broken"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", False),
        ("| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n", False),
        ("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", True),
        ("| a | b |\n|---|---|\n| 1 \\\\| 2 |\n", True),  # GitHub: the pipe is not escaped
    ],
)
def test_the_markdown_checker_counts_cells_as_parsers_do(table: str, broken: bool) -> None:
    assert bool(markdown_table_problems(table)) is broken


@pytest.mark.needs_dot
def test_the_dot_checker_fails_on_source_dot_refuses() -> None:
    check_dot('digraph { a [label="ok"] }')
    with pytest.raises(JourneyMapError, match="'dot' failed"):
        check_dot('digraph { a [label="' + "x" * 17_000 + '"] }')


@pytest.mark.parametrize(
    ("text", "left_open"),
    [
        ("plain", 0),
        ("\u202eevil", 1),
        ("\u202eevil\u202c", 0),
        ("\u2066x\u202ey\u2069", 0),  # a PDI closes what was opened inside its isolate
        ("\u202ex\u2066y\u202c", 2),  # a PDF cannot close across an isolate
        ("\u202c\u2069x", 0),  # stray closers close nothing
        ("\u202a\u202b\u202c", 1),
    ],
)
def test_the_bidi_checker_counts_what_is_left_open(text: str, left_open: int) -> None:
    assert open_bidi(text) == left_open
