"""The SVG swimlane map: structure, accessibility, text, lanes, themes, goldens."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError, load, render

from .conftest import GOLDEN, ROOT

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
INPUTS = sorted((GOLDEN / "inputs").glob("*.yaml"))


def _example(path: Path) -> Journey:
    journey = runpy.run_path(str(path), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey


def _svg(journey: Journey | JourneyMap, **options: object) -> ET.Element:
    return ET.fromstring(render(journey, "svg", validate=True, **options).encode("utf-8"))


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def _ids(root: ET.Element) -> list[str]:
    """Every id below the root, without the map's prefix (the root's id and "-")."""
    prefix = f"{root.get('id')}-"
    ids = [node.get("id", "") for node in root.iter() if node.get("id")][1:]
    assert all(i.startswith(prefix) for i in ids), ids
    return [i[len(prefix) :] for i in ids]


def _group(root: ET.Element, element_id: str) -> ET.Element:
    """The group whose id is the map's prefix, "-" and ``element_id``."""
    for node in root.iter(f"{SVG}g"):
        if node.get("id") == f"{root.get('id')}-{element_id}":
            return node
    raise AssertionError(f"no group {element_id!r}")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_match_golden(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"svg/{path.stem}.svg", render(_example(path), "svg", validate=True))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_edge_cases_match_golden(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"svg/{path.stem}.svg", render(load(path), "svg", validate=True))


@pytest.mark.parametrize("theme", ["dark", "print"])
def test_themes_match_golden(theme: str, golden: Callable[[str, str], None]) -> None:
    journey = _example(ROOT / "examples" / "online_checkout.py")
    golden(f"svg/online_checkout.{theme}.svg", render(journey, "svg", theme=theme, validate=True))


@pytest.mark.parametrize(
    ("name", "lanes"),
    [
        ("compact", "compact"),
        ("custom", ["emotion", "touchpoints", "pain_points", "channels"]),
    ],
)
def test_lane_choices_match_golden(
    name: str, lanes: object, golden: Callable[[str, str], None]
) -> None:
    model = load(ROOT / "examples" / "online_checkout.yaml")
    golden(f"svg/online_checkout.{name}.svg", render(model, "svg", lanes=lanes, validate=True))


def test_document_is_accessible_svg_without_foreign_content() -> None:
    text = render(_example(ROOT / "examples" / "online_checkout.py"), "svg")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    prefix = root.get("id", "")
    assert re.fullmatch("jm-[0-9a-f]{8}", prefix), prefix
    assert root.get("aria-labelledby") == f"{prefix}-title"
    assert root.get("aria-describedby") == f"{prefix}-desc"
    assert root.find(f"{SVG}title").text == "Online checkout"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc == (
        "Customer journey map of Maya, first-time buyer across 4 phases and 11 touchpoints. "
        "Objective: Find where first-time buyers abandon the checkout and why."
    )
    for forbidden in ("foreignObject", "<script", "href=", "url(", "@import"):
        assert forbidden not in text
    assert root.get("viewBox") == f"0,0,{root.get('width')},{root.get('height')}"
    assert root.get("font-family", "").startswith("'Liberation Sans'")


def test_every_touchpoint_says_its_emotion_in_words() -> None:
    root = _svg(_example(ROOT / "examples" / "oficina_tecnica.py"))
    card = _group(root, "tp-facturacion-touchpoints")
    assert card.find(f"{SVG}title").text == (  # type: ignore[union-attr]
        "Compra › Facturación. Canal: Correo electrónico (online). "
        "Emoción: -2, muy negativa. Momento: crítico."
    )
    point = _group(root, "tp-facturacion-emotion")
    assert point.find(f"{SVG}title").text == card.find(f"{SVG}title").text  # type: ignore[union-attr]
    assert point.find(f"{SVG}polygon") is not None  # critical: a diamond, not a dot
    assert point.find(f"{SVG}circle") is None
    assert "crítico" in _texts(point)


def test_ids_come_from_the_model_and_are_unique() -> None:
    root = _svg(_example(ROOT / "examples" / "online_checkout.py"))
    ids = _ids(root)
    assert len(ids) == len(set(ids))
    assert "phase-discover" in ids
    assert "tp-sees-shipping-costs-touchpoints" in ids
    assert "tp-sees-shipping-costs-emotion" in ids
    assert "curve-competitor-shopco" in ids
    assert "lane-metrics" in ids


def test_every_text_of_the_map_appears_exactly() -> None:
    journey = (
        Journey('Hostile <map> & "quotes"', persona="Ana 'la jefa'")
        .channel("Canal & co")
        .phase("Fase | uno", goal="a < b > c")
        .touchpoint(
            "Paga   con  espacios",
            channel="Canal & co",
            emotion=1,
            action="line one\nline two",
            thoughts=["購入する前に確認したい", "emoji 🎉 ok"],
            pain_points=["Supercalifragilisticexpialidocious" * 3],
            backstage=["<script>alert(1)</script>"],
        )
    )
    texts = _texts(_svg(journey))
    m = journey.build()
    tp = m.touchpoints[0]
    expected = [
        m.title,
        "Ana 'la jefa'",
        "Fase | uno",
        "a < b > c",
        tp.name,
        "Canal & co",
        tp.action,
        *tp.thoughts,
        *tp.pain_points,
        *tp.backstage,
    ]
    for value in expected:
        assert value in texts, value


def test_empty_lanes_are_hidden_and_lanes_can_be_chosen() -> None:
    journey = Journey("J").phase("P").touchpoint("T", channel="web", emotion=1)
    ids = _ids(_svg(journey))
    assert [i for i in ids if i.startswith("lane-")] == [
        "lane-touchpoints",
        "lane-channels",
        "lane-emotion",
    ]
    chosen = _ids(_svg(journey, lanes=["emotion", "touchpoints", "pain_points"]))
    assert [i for i in chosen if i.startswith("lane-")] == ["lane-emotion", "lane-touchpoints"]


def test_visibility_line_only_with_backstage_or_support() -> None:
    front = Journey("J").phase("P").touchpoint("T", frontstage="Desk")
    assert "lane-visibility" not in _ids(_svg(front))
    back = Journey("J").phase("P").touchpoint("T", frontstage="Desk", backstage="CRM")
    lanes = [i for i in _ids(_svg(back)) if i.startswith("lane-")]
    assert lanes == ["lane-touchpoints", "lane-frontstage", "lane-visibility", "lane-backstage"]


def test_curve_gaps_split_the_path() -> None:
    journey = (
        Journey("J")
        .phase("P")
        .touchpoint("A", emotion=1)
        .touchpoint("B")
        .touchpoint("C", emotion=-1)
        .touchpoint("D", emotion=0)
    )
    lane = _group(_svg(journey), "lane-emotion")
    paths = [p.get("d", "") for p in lane.iter(f"{SVG}path")]
    assert len(paths) == 2  # A alone, then C-D
    assert paths[0].count("M") == 1
    assert "C" not in paths[0]
    assert paths[1].count("C") == 1


def test_straight_curve_option_draws_lines() -> None:
    journey = Journey("J").phase("P").touchpoint("A", emotion=1).touchpoint("B", emotion=-1)
    smooth = _group(_svg(journey), "lane-emotion")
    straight = _group(_svg(journey, curve="straight"), "lane-emotion")
    assert " C" not in next(straight.iter(f"{SVG}path")).get("d", "")
    assert "C" in next(smooth.iter(f"{SVG}path")).get("d", "")


def test_spanish_lane_names() -> None:
    root = _svg(_example(ROOT / "examples" / "oficina_tecnica.py"))
    texts = _texts(root)
    for name in ("Puntos de contacto", "Emoción", "Línea de visibilidad", "Procesos internos"):
        assert name in texts
    english = _texts(_svg(_example(ROOT / "examples" / "oficina_tecnica.py"), locale="en"))
    assert "Line of visibility" in english


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        ({"lanes": ["touchpoints", "moods"]}, ["unknown lane 'moods'", "allowed: touchpoints,"]),
        ({"curve": "wiggly"}, ["'wiggly'", "smooth", "straight"]),
        ({"theme": "neon"}, ["neon"]),
        ({"column_width": 10}, ["column_width", "10", "80 to 1000 (px)"]),
        ({"colour": "red"}, ["colour"]),
    ],
)
def test_bad_options(options: dict[str, object], fragments: list[str]) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(Journey("J").phase("P").touchpoint("T"), "svg", **options)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_same_bytes_twice_and_in_another_process() -> None:
    path = ROOT / "examples" / "online_checkout.yaml"
    first = render(load(path), "svg")
    assert render(load(path), "svg") == first
    code = (
        "import sys; from journeymap import load, render; "
        f"sys.stdout.buffer.write(render(load({str(path)!r}), 'svg').encode('utf-8'))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert other.stdout.decode("utf-8") == first


def test_validation_on_and_off_give_the_same_document() -> None:
    journey = _example(ROOT / "examples" / "online_checkout.py")
    assert render(journey, "svg", validate=True) == render(journey, "svg")


def test_render_restores_the_garbage_collector_state() -> None:
    import gc

    journey = Journey("J").phase("P").touchpoint("T", emotion=1)
    assert gc.isenabled()
    render(journey, "svg")
    assert gc.isenabled()
    with pytest.raises(JourneyMapError):
        render(journey, "svg", lanes=["nope"])
    assert gc.isenabled()
    gc.disable()
    try:
        render(journey, "svg")
        assert not gc.isenabled()
    finally:
        gc.enable()
