"""Reading and writing maps as YAML and JSON, safe loading and the JSON Schema."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from journeymap import Journey, JourneyMap, JourneyMapError, dumps, json_schema, load, loads

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "online_checkout.yaml"
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
FORMATS = [pytest.param("yaml", id="yaml"), pytest.param("json", id="json")]


def rich_map() -> JourneyMap:
    return (
        Journey(
            "Compra online",
            persona={"name": "Maya", "goals": ["Regalo antes del viernes"], "quote": "¡Ya!"},
            objective="Ver dónde se abandona",
            description="Línea uno\nLínea dos\n",
            kind="future",
            scale={"min": 1, "max": 5, "labels": ["Fatal", "Mal", "Normal", "Bien", "Genial"]},
            locale="es",
            tags=["e-commerce", "2024"],
        )
        .actor("Agente", role="frontstage")
        .channel("WhatsApp", mode="online")
        .phase("Compra", goal="Pagar sin sorpresas")
        .touchpoint(
            "Facturación",
            channel="web",
            emotion=1,
            actors=["agente"],
            thoughts=["¿Cuánto cuesta\nel envío?", "yes", "null", "1.5", "- no es lista"],
            metrics=[{"kind": "drop-off", "value": 38.5, "target": 20, "unit": "%"}],
            evidence_level="measured",
        )
        .touchpoint("Pregunta", channel="whatsapp", emotion=4.5, moment="positive")
        .phase("購入")
        .touchpoint("支払い", emotion=3)
        .flow("facturacion", "pregunta", share=0.5)
        .flow("facturacion", kind="drop-off", share=0.25)
        .curve("ShopCo", [2, 3, 5], source="competitor", n=220)
        .build()
    )


MAPS = [
    pytest.param(lambda: JourneyMap(title="Vacío"), id="empty"),
    pytest.param(rich_map, id="rich"),
    pytest.param(lambda: load(EXAMPLE), id="example-file"),
]


# -- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("make", MAPS)
def test_round_trip(make: Any, data_format: Literal["yaml", "json"]) -> None:
    m = make()
    text = dumps(m, data_format)
    assert text.endswith("\n")
    assert loads(text, data_format) == m


@pytest.mark.parametrize("data_format", FORMATS)
def test_dump_is_deterministic(data_format: Literal["yaml", "json"]) -> None:
    assert dumps(rich_map(), data_format) == dumps(rich_map(), data_format)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("uno\ndos", id="two-lines"),
        pytest.param("uno\ndos\n", id="trailing-newline"),
        pytest.param("uno\n\n\n", id="several-trailing-newlines"),
        pytest.param("\nempieza vacía", id="leading-newline"),
        pytest.param("  sangría\nsigue", id="leading-spaces"),
        pytest.param("\ttab\nsigue", id="leading-tab"),
        pytest.param("acaba en espacio \nsigue ", id="trailing-space"),
        pytest.param("# no es comentario\nx", id="hash"),
        pytest.param("clave: valor\n- item", id="yaml-lookalike"),
        pytest.param("yes", id="yaml-boolean-word"),
        pytest.param("~", id="yaml-null-tilde"),
        pytest.param("0x1F", id="yaml-hex-lookalike"),
        pytest.param("línea\u2028separador", id="unicode-line-separator"),
        pytest.param("párrafo\u2029separador", id="unicode-paragraph-separator"),
        pytest.param("antes\x85después", id="next-line-control-u0085"),
        pytest.param("emoji 🙂 y 漢字", id="non-bmp-and-cjk"),
    ],
)
def test_text_round_trip(text: str, data_format: Literal["yaml", "json"]) -> None:
    m = Journey("T", description=text).phase("P").touchpoint("A", thoughts=[text]).build()
    again = loads(dumps(m, data_format), data_format)
    assert again.description == text
    assert again.touchpoints[0].thoughts == (text,)


def test_yaml_leaves_defaults_out() -> None:
    assert dumps(JourneyMap(title="Checkout")) == "title: Checkout\n"


def test_multiline_text_is_dumped_as_literal_block() -> None:
    m = (
        Journey("Checkout", description="Line one\nLine two\n")
        .phase("Buy")
        .touchpoint("Pay", thoughts=["Is it safe?\nWho gets my data?"])
        .build()
    )
    assert dumps(m) == (
        "title: Checkout\n"
        "description: |\n"
        "  Line one\n"
        "  Line two\n"
        "phases:\n"
        "- id: buy\n"
        "  name: Buy\n"
        "  touchpoints:\n"
        "  - id: pay\n"
        "    name: Pay\n"
        "    thoughts:\n"
        "    - |-\n"
        "      Is it safe?\n"
        "      Who gets my data?\n"
    )
    assert loads(dumps(m)) == m


def test_curve_points_are_dumped_as_a_mapping() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Carrito")
        .touchpoint("Pago")
        .curve("Encuesta", [1, -2])
        .build()
    )
    assert dumps(m) == (
        "title: Checkout\n"
        "phases:\n"
        "- id: compra\n"
        "  name: Compra\n"
        "  touchpoints:\n"
        "  - id: carrito\n"
        "    name: Carrito\n"
        "  - id: pago\n"
        "    name: Pago\n"
        "curves:\n"
        "- id: encuesta\n"
        "  name: Encuesta\n"
        "  points:\n"
        "    carrito: 1\n"
        "    pago: -2\n"
    )
    assert json.loads(dumps(m, "json"))["curves"][0]["points"] == [
        {"touchpoint": "carrito", "value": 1, "low": None, "high": None, "n": None},
        {"touchpoint": "pago", "value": -2, "low": None, "high": None, "n": None},
    ]


def test_measured_points_keep_their_interval_and_n_in_yaml() -> None:
    m = (
        Journey("Checkout")
        .phase("Compra")
        .touchpoint("Pago")
        .build()
        .model_validate(
            {
                "title": "Checkout",
                "phases": [
                    {
                        "id": "compra",
                        "name": "Compra",
                        "touchpoints": [{"id": "pago", "name": "Pago"}],
                    }
                ],
                "curves": [
                    {
                        "id": "survey",
                        "name": "Survey",
                        "points": [
                            {"touchpoint": "pago", "value": -1, "low": -1.5, "high": -0.5, "n": 40}
                        ],
                    }
                ],
            }
        )
    )
    text = dumps(m)
    assert "  - touchpoint: pago\n    value: -1\n    low: -1.5\n    high: -0.5\n    n: 40\n" in text
    assert loads(text) == m


def test_json_dump_writes_every_field() -> None:
    data = json.loads(dumps(JourneyMap(title="Checkout"), "json"))
    assert data == {
        "title": "Checkout",
        "description": None,
        "persona": None,
        "objective": None,
        "scenario": None,
        "expectations": [],
        "kind": "current",
        "scale": {"min": -2, "max": 2, "neutral": 0, "labels": []},
        "actors": [],
        "channels": [],
        "phases": [],
        "flows": [],
        "curves": [],
        "locale": "en",
        "tags": [],
        "surveys": [],
    }


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: dumps(JourneyMap(title="T"), "toml"), id="dumps"),
        pytest.param(lambda: loads("title: T\n", "toml"), id="loads"),
    ],
)
def test_unknown_data_format(call: Any) -> None:
    with pytest.raises(JourneyMapError, match="'toml'; allowed: 'yaml', 'json'"):
        call()


# -- files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("map.yaml", "title: Checkout\nkind: future\n", id="yaml"),
        pytest.param("map.yml", "title: Checkout\nkind: future\n", id="yml"),
        pytest.param("MAP.YAML", "title: Checkout\nkind: future\n", id="upper-case-yaml"),
        pytest.param("map.json", '{"title": "Checkout", "kind": "future"}', id="json"),
    ],
)
def test_load_by_suffix(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load(path) == JourneyMap(title="Checkout", kind="future")
    assert load(str(path)) == JourneyMap(title="Checkout", kind="future")


def test_load_does_not_guess_json_from_yaml_suffix(tmp_path: Path) -> None:
    # YAML is a superset of JSON, so JSON in a .yaml file is fine ...
    (tmp_path / "map.yaml").write_text('{"title": "Checkout"}', encoding="utf-8")
    assert load(tmp_path / "map.yaml") == JourneyMap(title="Checkout")
    # ... but YAML in a .json file is not JSON.
    path = tmp_path / "map.json"
    path.write_text("title: Checkout\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        load(path)
    assert str(info.value).startswith(f"{path}:1:1: invalid JSON")


@pytest.mark.parametrize("name", ["map.txt", "map.yaml.bak", "map"])
def test_unknown_suffix_lists_the_allowed_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("title: Checkout\n", encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        load(path)
    assert str(info.value) == (
        f"{path}: cannot tell the format of {name!r} from its suffix; "
        "allowed: .json, .mermaid, .mmd, .yaml, .yml"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("map.yaml", "title: Café\n", id="yaml"),
        pytest.param("map.json", '{"title": "Café"}', id="json"),
    ],
)
def test_utf8_bom_accepted_in_files(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    assert load(path).title == "Café"


@pytest.mark.parametrize(
    ("text", "data_format"),
    [
        pytest.param("\ufefftitle: Café\n", "yaml", id="yaml"),
        # What Path.read_text(encoding="utf-8") returns for a JSON file saved with a BOM.
        pytest.param('\ufeff{"title": "Café"}', "json", id="json"),
    ],
)
def test_utf8_bom_accepted_in_text(text: str, data_format: Literal["yaml", "json"]) -> None:
    assert loads(text, data_format).title == "Café"


@pytest.mark.parametrize(
    ("content", "byte", "at"),
    [
        pytest.param("title: Café\n".encode("latin-1"), 10, "1:11", id="latin-1"),
        pytest.param(b"title: Checkout\n\xff\xfe", 16, "2:1", id="stray-bytes"),
        pytest.param("t: é\nx: é\xff".encode("latin-1"), 3, "1:4", id="first-bad-byte"),
        pytest.param("t: é\nx: é".encode() + b"\xff", 11, "2:5", id="after-utf-8"),
    ],
)
def test_non_utf8_file_is_rejected_naming_the_file_and_place(
    tmp_path: Path, content: bytes, byte: int, at: str
) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(content)
    with pytest.raises(JourneyMapError) as info:
        load(path)
    assert str(info.value) == (f"{path}:{at}: is not UTF-8 text (byte {byte}); allowed: UTF-8 text")


def test_missing_file_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.yaml")


# -- safe loading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        pytest.param("!!python/object/apply:os.mkdir", id="apply"),
        pytest.param("!!python/object/new:os.mkdir", id="new"),
    ],
)
def test_python_call_tags_are_rejected_not_executed(tmp_path: Path, tag: str) -> None:
    target = tmp_path / "pwned"
    text = f"title: {tag} [{json.dumps(str(target))}]\n"
    with pytest.raises(JourneyMapError) as info:
        loads(text, source="map.yaml")
    assert not target.exists()
    assert str(info.value).startswith(f"map.yaml:1:8: title: the tag {tag} is not allowed; ")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("title: !!python/object:argparse.Namespace {a: 1}\n", id="object"),
        pytest.param("title: !!python/name:os.system\n", id="name"),
        pytest.param("title: !!python/tuple [a, b]\n", id="tuple"),
    ],
)
def test_python_tags_are_rejected(text: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        loads(text, source="map.yaml")
    assert str(info.value).startswith("map.yaml:1:8: title: the tag !!python/")
    assert str(info.value).endswith(
        "is not allowed; allowed: no tag, or !!str, !!int, !!float, !!bool, !!null (values), "
        "!!seq (lists), !!map (mappings)"
    )


def billion_laughs(levels: int) -> str:
    lines = ["title: Laughs", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        ref = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([ref] * 8)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    text = billion_laughs(9)  # 8**10 ≈ 10**9 strings once expanded
    start = time.perf_counter()
    with pytest.raises(JourneyMapError) as info:
        loads(text, source="map.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert str(info.value).startswith("map.yaml:")
    assert "aliases that multiply content are refused" in str(info.value)


def test_modest_aliases_are_fine() -> None:
    text = (
        "title: Checkout\n"
        "phases:\n"
        "  - id: compra\n"
        "    name: Compra\n"
        "    touchpoints:\n"
        "      - id: carrito\n"
        "        name: Carrito\n"
        "        pain_points: &fees [Gastos ocultos]\n"
        "      - id: pago\n"
        "        name: Pago\n"
        "        pain_points: *fees\n"
    )
    m = loads(text)
    assert [tp.pain_points for tp in m.touchpoints] == [("Gastos ocultos",), ("Gastos ocultos",)]


# -- locations of errors in files --------------------------------------------------------

DEEP_YAML = """\
title: Checkout
phases:
  - id: compra
    name: Compra
    touchpoints:
      - id: carrito
        name: Carrito
        emotion: 1
      - id: facturacion
        name: Facturación
        emotion: 9
"""


def test_yaml_error_location_of_a_deep_field(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(DEEP_YAML, encoding="utf-8")
    with pytest.raises(JourneyMapError) as info:
        load(path)
    assert str(info.value) == (
        f"{path}:11:18: phase 'Compra' > touchpoint 'Facturación' > emotion: "
        "9 is outside the map's scale; allowed: a number from -2 to 2"
    )
    problem = info.value.problems[0]
    assert (problem.source, problem.line, problem.column) == (str(path), 11, 18)
    assert problem.path == ("phases", 0, "touchpoints", 1, "emotion")


@pytest.mark.parametrize(
    "indent",
    [pytest.param("  ", id="spaces"), pytest.param("\t", id="tabs")],
)
def test_json_error_location_of_a_deep_field(tmp_path: Path, indent: str) -> None:
    data = {
        "title": "Checkout",
        "phases": [
            {
                "id": "compra",
                "name": "Compra",
                "touchpoints": [{"id": "facturacion", "name": "Facturación", "emotion": 9}],
            }
        ],
    }
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    # Line 11 is `"emotion": 9` with five levels of indentation.
    assert path.read_text(encoding="utf-8").splitlines()[10].strip() == '"emotion": 9'
    with pytest.raises(JourneyMapError) as info:
        load(path)
    assert str(info.value).startswith(
        f"{path}:11:{5 * len(indent) + 12}: phase 'Compra' > touchpoint 'Facturación' > emotion"
    )


# -- JSON Schema -------------------------------------------------------------------------


def test_schema_header_and_required_fields() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "JourneyMap"
    assert schema["type"] == "object"
    assert schema["required"] == ["title"]
    assert schema["additionalProperties"] is False
    defs = schema["$defs"]
    assert defs["Phase"]["required"] == ["id", "name"]
    assert defs["Touchpoint"]["required"] == ["id", "name"]
    assert defs["Actor"]["required"] == ["id", "name"]
    assert defs["Channel"]["required"] == ["id", "name"]
    assert defs["Curve"]["required"] == ["id", "name", "points"]
    as_list, as_mapping = defs["Curve"]["properties"]["points"]["anyOf"]
    assert as_list["items"]["required"] == ["touchpoint", "value"]
    assert as_mapping["additionalProperties"] == {"type": "number"}
    assert defs["Metric"]["required"] == ["kind", "value"]
    assert defs["Flow"]["required"] == ["source"]
    assert defs["Persona"]["required"] == ["name"]
    for name in ("Phase", "Touchpoint", "Actor", "Channel", "Curve", "Metric", "Flow"):
        assert defs[name]["additionalProperties"] is False, name


def test_schema_ids_and_enums() -> None:
    defs = json_schema()["$defs"]
    for name in ("Phase", "Touchpoint", "Actor", "Channel", "Curve"):
        assert defs[name]["properties"]["id"]["pattern"] == ID_PATTERN, name
    assert defs["Flow"]["properties"]["source"]["pattern"] == ID_PATTERN
    assert defs["Touchpoint"]["properties"]["actors"]["items"]["pattern"] == ID_PATTERN
    assert defs["Touchpoint"]["properties"]["moment"]["anyOf"][0]["enum"] == [
        "positive",
        "neutral",
        "negative",
        "critical",
    ]
    assert defs["Flow"]["properties"]["kind"]["enum"] == [
        "next",
        "branch",
        "retry",
        "skip",
        "drop-off",
        "loop",
    ]
    emotion = defs["Touchpoint"]["properties"]["emotion"]["anyOf"]
    assert [option["type"] for option in emotion] == ["number", "null"]


def test_schema_is_json() -> None:
    schema = json_schema()
    assert json.loads(json.dumps(schema)) == schema


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` such as ``#/$defs/Phase``."""
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def object_schema(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The object alternative of a (possibly nullable) property schema."""
    node = resolve(schema, node)
    for option in node.get("anyOf", [node]):
        option = resolve(schema, option)
        if option.get("type") == "object":
            return option
    raise AssertionError(f"no object in {node}")


def allowed_types(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = resolve(schema, node)
    types = {node["type"]} if "type" in node else set()
    for key in ("anyOf", "oneOf"):
        for option in node.get(key, []):
            types |= allowed_types(schema, option)
    return types


def test_schema_knows_every_key_of_the_example_file() -> None:
    schema = json_schema()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    top = schema["properties"]
    assert set(data) <= set(top)
    persona = object_schema(schema, top["persona"])
    assert set(data["persona"]) <= set(persona["properties"])
    actor = object_schema(schema, top["actors"]["items"])
    phase = object_schema(schema, top["phases"]["items"])
    touchpoint = object_schema(schema, phase["properties"]["touchpoints"]["items"])
    metric = object_schema(schema, touchpoint["properties"]["metrics"]["items"])
    curve = object_schema(schema, top["curves"]["items"])
    for item in data["actors"]:
        assert set(item) <= set(actor["properties"])
    for item in data["phases"]:
        assert set(item) <= set(phase["properties"])
        for tp in item["touchpoints"]:
            assert set(tp) <= set(touchpoint["properties"]), tp["id"]
            for m in tp.get("metrics", []):
                assert set(m) <= set(metric["properties"])
                assert m["kind"] in metric["properties"]["kind"]["enum"]
    for item in data["curves"]:
        assert set(item) <= set(curve["properties"])
        assert item["source"] in curve["properties"]["source"]["enum"]


def test_schema_accepts_curve_points_as_written_in_files() -> None:
    # The example file and dumps() write curve points as {touchpoint_id: value}.
    schema = json_schema()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data["curves"][0]["points"], dict)
    points = schema["$defs"]["Curve"]["properties"]["points"]
    assert "object" in allowed_types(schema, points)


@pytest.mark.parametrize("name", ["online_checkout.yaml"])
def test_example_files_are_valid_against_the_published_schema(name: str) -> None:
    import jsonschema

    data = yaml.safe_load((EXAMPLE.parent / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_schema_refuses_what_the_model_refuses() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    good = {"title": "T", "scale": "1..5", "phases": [{"id": "p", "name": "P"}]}
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {"title": "T", "colour": "red"},
        {"title": "T", "scale": "one to five"},
        {"title": "T", "phases": [{"id": "bad id!", "name": "P"}]},
        {"title": "T", "kind": "past"},
        {},
    ):
        assert list(validator.iter_errors(bad)), bad


@pytest.mark.parametrize(
    "scale", [{"min": 0, "max": 1, "neutral": 0}, {"min": -4, "max": 2, "neutral": 0}]
)
def test_yaml_keeps_a_neutral_that_is_not_the_midpoint(scale: dict[str, int]) -> None:
    m = JourneyMap.model_validate({"title": "T", "scale": scale})
    text = dumps(m)
    assert f"neutral: {scale['neutral']}" in text
    assert loads(text).scale.neutral == scale["neutral"]


def test_mermaid_files_load_by_suffix_and_text_by_format(tmp_path: Path) -> None:
    text = "journey\n    title Day\n    section Morning\n      Make tea: 5: Me\n"
    path = tmp_path / "day.mmd"
    path.write_text(text, encoding="utf-8")
    from_file = load(path)
    assert from_file == loads(text, "mermaid")
    assert from_file.title == "Day"
    assert [tp.name for tp in from_file.touchpoints] == ["Make tea"]
    assert from_file.touchpoints[0].emotion == 5
    assert from_file.scale.describe() == "1..5"


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"value": -1, "low": -0.5, "high": 0}, "the interval -0.5..0 does not hold the value -1"),
        ({"value": -1, "low": -1.5}, "give both ends of the interval, low and high, or neither"),
        ({"value": -1, "low": -3, "high": 0}, "low: -3 is outside the map's scale"),
    ],
)
def test_a_curve_points_interval_must_hold_its_value_on_the_scale(
    point: dict[str, float], message: str
) -> None:
    document = {
        "title": "T",
        "phases": [{"id": "p", "name": "P", "touchpoints": [{"id": "t", "name": "T"}]}],
        "curves": [{"id": "c", "name": "C", "points": [{"touchpoint": "t", **point}]}],
    }
    with pytest.raises(JourneyMapError, match=re.escape(message)):
        JourneyMap.model_validate(document)
