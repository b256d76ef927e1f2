"""Limits of the model: numbers, scales, invisible and bidi text, channels, error types, speed.

Every rule here holds the same through the builder, ``model_validate``, the public
constructors and the file loaders, and every refusal is a located ``JourneyMapError``.
"""

from __future__ import annotations

import json
import pickle
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from journeymap import (
    Curve,
    EmotionScale,
    Journey,
    JourneyMap,
    JourneyMapError,
    Metric,
    Persona,
    Touchpoint,
    loads,
    render,
)
from journeymap.fields import MAX_NUMBER, balance_bidi
from journeymap.formatting import format_number

from .timing import GROWTH, growth_ratio


def _render(model: JourneyMap, renderer: str) -> str:
    """Render, letting Mermaid leave out what it cannot hold without failing the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return render(model, renderer)


# -- numbers (finite, |x| <= 1e15) -------------------------------------------------------------


def _metric_map(**metric: Any) -> dict[str, Any]:
    tp = {"id": "pay", "name": "Pays", "metrics": [{"kind": "custom", "name": "m", **metric}]}
    return {"title": "T", "phases": [{"id": "buy", "name": "Buy", "touchpoints": [tp]}]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("value", 10**400, id="value-huge-int"),
        pytest.param("value", 10**5000, id="value-5000-digits"),
        pytest.param("value", -(10**16), id="value-below"),
        pytest.param("value", 1e16, id="value-float-above"),
        pytest.param("value", 1.7e308, id="value-near-float-max"),
        pytest.param("value", "1e309", id="value-string-beyond-float"),
        pytest.param("target", 10**16, id="target-above"),
        pytest.param("n", 10**16, id="n-above"),
        pytest.param("n", 10**400, id="n-huge"),
    ],
)
def test_metric_numbers_beyond_the_limit_are_located_errors(field: str, value: Any) -> None:
    kwargs: dict[str, Any] = {"value": 1, field: value}
    with pytest.raises(JourneyMapError) as caught:
        JourneyMap.model_validate(_metric_map(**kwargs))
    problem = caught.value.problems[0]
    assert problem.path[-1] == field
    assert "allowed" in problem.message
    if field != "n":
        assert "1e+15" in problem.message or "1e15" in problem.message


def test_numbers_at_the_limit_render_everywhere() -> None:
    journey = (
        Journey("Limits")
        .phase("P")
        .touchpoint(
            "A",
            metrics=[
                {"kind": "custom", "name": "big", "value": MAX_NUMBER, "target": -MAX_NUMBER},
                {"kind": "time", "value": 1e15, "n": MAX_NUMBER, "unit": "s"},
                {"kind": "custom", "name": "small", "value": -1e15},
            ],
        )
        .curve("C", [1], n=MAX_NUMBER)
    )
    model = journey.build()
    assert MAX_NUMBER == 10**15
    for name in ("svg", "markdown", "dot", "mermaid", "json", "yaml"):
        assert _render(model, name)
    assert "1000000000000000" in render(model, "markdown")


def test_curve_n_and_values_are_bounded() -> None:
    with pytest.raises(JourneyMapError, match="n"):
        Curve(id="c", name="C", n=10**16, points={})
    with pytest.raises(JourneyMapError, match="value"):
        Curve(id="c", name="C", points={"a": 10**20})


@pytest.mark.parametrize(
    "scale",
    [
        pytest.param({"min": 10**400, "max": 10**400 + 4}, id="huge-min-max"),
        pytest.param({"min": 10**16, "max": 10**16 + 4}, id="min-above-limit"),
        pytest.param({"min": -(10**16), "max": -(10**16) + 4}, id="max-below-limit"),
    ],
)
def test_scale_bounds_beyond_the_limit_are_refused(scale: dict[str, int]) -> None:
    with pytest.raises(JourneyMapError, match="scale"):
        JourneyMap.model_validate({"title": "T", "scale": scale})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10**400, "1" + "0" * 400),
        (-(10**20), "-100000000000000000000"),
        (10**15, "1000000000000000"),
        (-1e15, "-1000000000000000"),
        (0.125, "0.12"),
        (2, "2"),
    ],
)
def test_format_number_never_overflows(value: float, expected: str) -> None:
    assert format_number(value) == expected
    assert format_number(value, signed=True).lstrip("+") == expected


# -- scale written as a pair ---------------------------------------------------------------


class _Index:
    """An integer type of another library (as NumPy's are): it has ``__index__``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


@pytest.mark.parametrize(
    "scale",
    [(1, 5), [1, 5], "1..5", range(1, 6, 4), (_Index(1), _Index(5))],
    ids=["tuple", "list", "text", "range", "index-type"],
)
def test_scale_as_a_pair_of_integers(scale: Any) -> None:
    built = Journey("J", scale=scale).phase("P").touchpoint("A", emotion=5).build()
    assert built.scale == EmotionScale(min=1, max=5, neutral=3)
    assert JourneyMap.model_validate({"title": "T", "scale": scale}).scale.describe() == "1..5"


def test_scale_as_a_list_in_yaml() -> None:
    model = loads("title: T\nscale: [1, 5]\n", format="yaml")
    assert model.scale == EmotionScale.five_point()


@pytest.mark.parametrize(
    ("scale", "words"),
    [
        pytest.param((1, 3, 5), "2 items", id="three-items"),
        pytest.param((1,), "1 item", id="one-item"),
        pytest.param((), "0 items", id="empty"),
        pytest.param((1.0, 5), "1.0", id="float"),
        pytest.param((1, 4.5), "4.5", id="float-max"),
        pytest.param(("1", "5"), "'1'", id="strings"),
        pytest.param((True, 5), "True", id="boolean"),
        pytest.param((5, 1), "below max", id="reversed"),
        pytest.param((3, 3), "below max", id="equal"),
    ],
)
def test_bad_scale_pairs_are_clear_errors(scale: Any, words: str) -> None:
    for make in (
        lambda: Journey("J", scale=scale),
        lambda: JourneyMap.model_validate({"title": "T", "scale": scale}),
    ):
        with pytest.raises(JourneyMapError) as caught:
            make()
        message = str(caught.value)
        assert "scale" in message
        assert words in message
        assert "allowed" in message or "must be below" in message


# -- channels: one rule for Python and files -------------------------------------------------


def test_mistyped_channel_in_the_builder_is_an_error_with_a_suggestion() -> None:
    journey = Journey("J").phase("Buy")
    with pytest.raises(JourneyMapError) as caught:
        journey.touchpoint("Pays", channel="emial")
    problem = caught.value.problems[0]
    assert problem.where == "phase 'Buy' > touchpoint 'Pays' > channel"
    assert "did you mean 'email'?" in problem.message
    assert "'web'" in problem.message
    assert journey.build().touchpoints == ()


def test_mistyped_channel_in_a_file_is_the_same_error() -> None:
    text = (
        "title: T\nphases:\n- id: buy\n  name: Buy\n  touchpoints:\n"
        "  - {id: pay, name: Pays, channel: emial}\n"
    )
    with pytest.raises(JourneyMapError) as caught:
        loads(text, format="yaml", source="m.yaml")
    problem = caught.value.problems[0]
    assert problem.line == 6
    assert "did you mean 'email'?" in problem.message


def test_declared_channel_is_found_by_id_or_name() -> None:
    model = (
        Journey("J")
        .channel("WhatsApp Business", id="wa", mode="online")
        .phase("P")
        .touchpoint("A", channel="wa")
        .touchpoint("B", channel="WhatsApp Business")
        .touchpoint("C", channel="Email")
        .build()
    )
    assert [tp.channel for tp in model.touchpoints] == ["wa", "wa", "email"]


# -- invisible names -----------------------------------------------------------------------

INVISIBLE = {
    "zero-width-space": "\u200b",
    "zwnj": "\u200c",
    "zwj": "\u200d",
    "word-joiner": "\u2060",
    "bom": "\ufeff",
    "hangul-filler": "\u3164",
    "hangul-choseong-filler": "\u115f",
    "hangul-jungseong-filler": "\u1160",
    "halfwidth-hangul-filler": "\uffa0",
    "soft-hyphen": "\u00ad",
    "combining-acute": "\u0301",
    "combining-enclosing-circle": "\u20dd",
    "variation-selector": "\ufe0f",
    "rlo": "\u202e",
    "rli-pdi": "\u2067\u2069",
    "lrm": "\u200e",
    "whitespace": " \t\n\u00a0\u3000",
    "braille-blank": "\u2800",
    "tag-characters": "\U000e0041\U000e007f",
    "mixed": "\u200b \u3164\u0301\u202e",
}


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_names_made_only_of_invisible_characters_are_refused(text: str) -> None:
    makers: list[Callable[[], object]] = [
        lambda: Journey(text),
        lambda: Journey("J").phase(text),
        lambda: Journey("J").phase("P").touchpoint(text),
        lambda: Persona(name=text),
        lambda: JourneyMap.model_validate({"title": text}),
        lambda: (
            Journey("J")
            .phase("P")
            .touchpoint("T", metrics=[{"kind": "custom", "value": 1, "name": text}])
        ),
        lambda: (
            Journey("J")
            .phase("P")
            .touchpoint("T", metrics=[{"kind": "nps", "value": 1, "name": text}])
        ),
    ]
    for make in makers:
        with pytest.raises(JourneyMapError, match="visible character"):
            make()


@pytest.mark.parametrize("text", ["a\u200b", "\u0915\u094d\u200d", "👩\u200d💻", "x\u0301", "-"])
def test_names_with_a_visible_character_are_kept(text: str) -> None:
    assert Persona(name=text).name == text


# -- bidi controls stay inside their text ----------------------------------------------------

RLO, LRO, RLE, PDF = "\u202e", "\u202d", "\u202b", "\u202c"
RLI, FSI, PDI = "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("plain", "plain"),
        (f"a{RLO}b", f"a{RLO}b{PDF}"),
        (f"a{RLO}b{PDF}c", f"a{RLO}b{PDF}c"),
        (f"a{PDF}b", "ab"),
        (f"a{PDI}b", "ab"),
        (f"{RLI}a{RLO}b", f"{RLI}a{RLO}b{PDF}{PDI}"),
        (f"{RLI}a{RLO}b{PDI}c", f"{RLI}a{RLO}b{PDI}c"),
        (f"{RLE}a{RLI}b{PDF}c", f"{RLE}a{RLI}bc{PDI}{PDF}"),
        (f"{RLO}one\ntwo{PDF}", f"{RLO}one{PDF}\ntwo"),
        (f"{FSI}{LRO}x", f"{FSI}{LRO}x{PDF}{PDI}"),
    ],
)
def test_bidi_controls_are_balanced_per_line(given: str, kept: str) -> None:
    assert balance_bidi(given) == kept
    assert balance_bidi(kept) == kept
    assert Persona(name="N", description=given).description == kept


_OPENERS = {RLO: "E", LRO: "E", RLE: "E", "\u202a": "E", RLI: "I", FSI: "I", "\u2066": "I"}


def _leaks(text: str, delimiters: str) -> list[int]:
    """Positions of structural characters reached while a bidi control is still open."""
    stack: list[str] = []
    found: list[int] = []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append(_OPENERS[char])
        elif char == PDF and stack and stack[-1] == "E":
            stack.pop()
        elif char == PDI and "I" in stack:
            while stack.pop() != "I":
                pass
        elif char in delimiters and stack:
            found.append(index)
    return found


def _bidi_map() -> JourneyMap:
    return (
        Journey(f"Title {RLO}evil", persona=f"Ana {RLI}x")
        .phase(f"Phase {RLE}one", goal=f"goal {PDF}{LRO}open")
        .touchpoint(
            f"Pays {RLO}now",
            channel="web",
            emotion=-1,
            thoughts=[f"t {RLO}one\ntwo", f"{FSI}three"],
            pain_points=[f"p {PDF}close {RLO}"],
            metrics=[{"kind": "custom", "name": f"m {RLO}", "value": 1, "unit": f"u{RLI}"}],
        )
        .touchpoint(f"Next {PDI}{RLO}", channel="phone", emotion=1)
        .build()
    )


@pytest.mark.parametrize(
    ("renderer", "delimiters"),
    [("markdown", "|<\n"), ("dot", '"\\\n;[]'), ("mermaid", ":\n")],
)
def test_text_outputs_never_carry_an_open_bidi_control_past_a_field(
    renderer: str, delimiters: str
) -> None:
    text = _render(_bidi_map(), renderer)
    assert RLO in text
    assert _leaks(text, delimiters) == []


def test_svg_text_nodes_never_carry_an_open_bidi_control() -> None:
    root = ET.fromstring(render(_bidi_map(), "svg"))
    seen = ""
    for element in root.iter():
        for piece in (element.text, element.tail):
            if piece:
                seen += piece
                assert _leaks(piece + "\x00", "\x00") == [], piece
    assert RLO in seen


# -- every pydantic entry point raises JourneyMapError ---------------------------------------

BAD_INPUTS: list[tuple[str, Callable[[], object]]] = [
    ("model_validate-control", lambda: JourneyMap.model_validate({"title": "a\x07b"})),
    ("model_validate-type", lambda: JourneyMap.model_validate(["not", "a", "map"])),
    ("model_validate-extra", lambda: JourneyMap.model_validate({"title": "T", "colour": 1})),
    ("model_validate_json", lambda: JourneyMap.model_validate_json('{"title": "a\\u0007"}')),
    ("model_validate_json-syntax", lambda: JourneyMap.model_validate_json("{")),
    ("model_validate_strings", lambda: Metric.model_validate_strings({"kind": "x", "value": "1"})),
    ("constructor-map", lambda: JourneyMap(title="")),
    ("constructor-touchpoint", lambda: Touchpoint(id="bad id", name="x")),
    ("constructor-metric", lambda: Metric(kind="nps", value=float("nan"))),
    ("constructor-scale", lambda: EmotionScale(min=5, max=1)),
    ("constructor-scale-type", lambda: EmotionScale(min=object(), max=1)),
    ("persona-list", lambda: Persona(name="N", goals=[object()])),
    ("huge-int-choice", lambda: JourneyMap.model_validate({"title": "T", "kind": 10**5000})),
    ("huge-int-text", lambda: JourneyMap(title=10**5000)),
    ("huge-int-list", lambda: Persona(name="N", goals=[10**5000])),
    (
        "huge-int-share",
        lambda: JourneyMap.model_validate(
            {"title": "T", "flows": [{"source": "a", "target": "b", "share": 10**5000}]}
        ),
    ),
]


@pytest.mark.parametrize("make", [m for _, m in BAD_INPUTS], ids=[n for n, _ in BAD_INPUTS])
def test_pydantic_entry_points_raise_journeymap_error(make: Callable[[], object]) -> None:
    with pytest.raises(JourneyMapError) as caught:
        make()
    assert caught.value.problems
    assert "validation error" not in str(caught.value)


def test_entry_point_error_is_located_and_still_a_validation_error() -> None:
    data = {"title": "T", "phases": [{"id": "buy", "name": "Buy", "touchpoints": [{"id": "p"}]}]}
    with pytest.raises(JourneyMapError) as caught:
        JourneyMap.model_validate(data)
    error = caught.value
    assert str(error) == "phase 'Buy' > touchpoint #1 > name: this required field is missing"
    assert isinstance(error, ValidationError)  # code written against pydantic still works
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, JourneyMapError)
    assert str(copy) == str(error)


# -- lookups are O(1): rendering a map with a full curve grows linearly ---------------------


def _big_map(count: int, *, curves: int = 2, channels: bool = False) -> JourneyMap:
    """A map of ``count`` touchpoints; with ``channels``, a channel each in five phases.

    Five phases keep the channel x phase matrix (an output of channels x phases cells)
    linear in size.
    """
    journey = Journey("Big")
    per_phase = max(count // 5, 1) if channels else 50
    for index in range(count):
        if channels:
            journey.channel(f"Channel {index}", id=f"c{index}")
        if index % per_phase == 0:
            journey.phase(f"Phase {index // per_phase}")
        journey.touchpoint(f"Step {index}", channel=f"c{index}" if channels else "web", emotion=0)
    values = [(-1) ** i for i in range(count)]
    for number in range(curves):
        journey.curve(f"Curve {number}", values)
    return journey.build()


def test_curve_lookup_is_constant_time() -> None:
    small, big = _big_map(200).curves[0], _big_map(2000).curves[0]
    assert small.value_at("step-1") == -1
    assert big.value_at("step-1999") == -1
    assert big.value_at("nowhere") is None

    def lookups(curve: Curve) -> Callable[[], object]:
        ids = [p.touchpoint for p in curve.points]
        return lambda: [curve.value_at(i) for i in ids * (2000 // len(ids))]

    ratio = growth_ratio(lookups(small), lookups(big), limit=4)
    assert ratio < 4, f"2000 lookups in a 10x longer curve took {ratio:.1f}x as long"


@pytest.mark.parametrize(
    ("renderer", "size", "curves", "channels"),
    [
        pytest.param("markdown", 300, 20, False, id="markdown-20-curves"),
        pytest.param("markdown", 300, 1, True, id="markdown-a-channel-each"),
        pytest.param("svg", 100, 3, False, id="svg-3-curves"),
    ],
)
def test_rendering_a_map_with_full_curves_grows_linearly(
    renderer: str, size: int, curves: int, channels: bool
) -> None:
    small = _big_map(size, curves=curves, channels=channels)
    big = _big_map(10 * size, curves=curves, channels=channels)
    ratio = growth_ratio(lambda: render(small, renderer), lambda: render(big, renderer))
    assert ratio < GROWTH, f"{renderer}: 10x the touchpoints took {ratio:.1f}x as long"


# -- map text links nowhere ------------------------------------------------------------------


def test_no_output_links_map_text() -> None:
    model = (
        Journey("Help at www.example.org", persona="ana@example.org")
        .phase("Ask", goal="https://example.org/goal")
        .touchpoint("javascript:alert(1)", thoughts=["mailto:ana@example.org"], emotion=1)
        .build()
    )
    svg = _render(model, "svg")
    assert "<a" not in svg
    assert "href" not in svg
    dot = _render(model, "dot")
    for attribute in ("URL", "href", "target", "tooltip"):
        assert f"{attribute}=" not in dot
    mermaid = _render(model, "mermaid")
    assert "click" not in mermaid
    assert "href" not in mermaid


@pytest.mark.parametrize(
    ("scale", "valid"),
    [([1, 5], True), ("1..5", True), ({"min": 1, "max": 5}, True), ([1, 3, 5], False)],
)
def test_published_schema_accepts_the_scale_shorthands(scale: Any, valid: bool) -> None:
    validator = jsonschema.Draft202012Validator(JourneyMap.model_json_schema())
    assert validator.is_valid({"title": "T", "scale": scale}) is valid


def test_building_a_map_with_a_channel_per_touchpoint_grows_linearly() -> None:
    ratio = growth_ratio(
        lambda: _big_map(200, curves=0, channels=True),
        lambda: _big_map(2000, curves=0, channels=True),
    )
    assert ratio < GROWTH, f"10x the touchpoints took {ratio:.1f}x as long to build"


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([16, 63, 400, 5000]).map(lambda digits: -(10**digits)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["1..5", "\u202e", "\u200b", "\x07", "web", "emial", "1e309", "nan"]),
)
_KEYS = st.sampled_from(
    [
        "title",
        "phases",
        "id",
        "name",
        "touchpoints",
        "emotion",
        "channel",
        "metrics",
        "kind",
        "value",
        "n",
        "target",
        "scale",
        "min",
        "max",
        "curves",
        "points",
        "flows",
        "source",
        "share",
        "persona",
        "labels",
        "neutral",
        "extra",
    ]
)
_DOCUMENTS = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=20,
)
_MODELS = [JourneyMap, Persona, EmotionScale, Touchpoint, Metric, Curve]


def _outcome(call: Callable[[], object]) -> str:
    """``ok``, or ``refused`` for a JourneyMapError with problems; anything else raises."""
    try:
        call()
    except JourneyMapError as error:
        return "refused" if error.problems else "refused without a problem"
    return "ok"


@settings(max_examples=300, deadline=None)
@given(document=_DOCUMENTS, model=st.sampled_from(_MODELS))
def test_any_input_to_model_validate_is_accepted_or_a_journeymap_error(
    document: Any, model: type[Any]
) -> None:
    assert _outcome(lambda: model.model_validate(document)) in {"ok", "refused"}
    if isinstance(document, dict):
        assert _outcome(lambda: model(**document)) in {"ok", "refused"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1_000", "is not a decimal number"),
        (" 12 ", "is not a decimal number"),
        ("\u0663", "is not a decimal number"),
        ("nan", "is not a decimal number"),
        ("012", "has a leading zero"),
    ],
    ids=["underscore", "spaces", "arabic-indic", "nan", "leading-zero"],
)
def test_numbers_written_as_text_are_decimal_only(text: str, reason: str) -> None:
    data = {
        "title": "T",
        "phases": [{"id": "p", "name": "P", "touchpoints": [{"id": "t", "name": "T"}]}],
    }
    data["phases"][0]["touchpoints"][0]["emotion"] = text  # type: ignore[index]
    with pytest.raises(JourneyMapError, match=reason):
        loads(json.dumps(data), "json")


def test_a_persona_may_be_written_as_its_name_alone() -> None:
    m = loads("title: T\npersona: Site manager\n", "yaml")
    assert m.persona == Persona(name="Site manager")
    assert loads('{"title": "T", "persona": "Ana"}', "json").persona == Persona(name="Ana")
    validator = jsonschema.Draft202012Validator(JourneyMap.model_json_schema())
    assert validator.is_valid({"title": "T", "persona": "Ana"})
    assert not validator.is_valid({"title": "T", "persona": ""})
    with pytest.raises(JourneyMapError, match="persona > name: must not be empty"):
        loads('title: T\npersona: "  "\n', "yaml")
