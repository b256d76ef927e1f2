"""Ids of the SVG map: one prefix per map, unique on a page, references that resolve."""

from __future__ import annotations

import re
import runpy
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError, render
from journeymap.lanes import lane_keys
from journeymap.renderers.svg.renderer import RENDERER

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
CHECKOUT = ROOT / "examples" / "online_checkout.py"
OFFICE = ROOT / "examples" / "oficina_tecnica.py"
PREFIX = re.compile(r"jm-[0-9a-f]{8}")
URL = re.compile(r"url\(\s*#([^)\s]+)\s*\)")

# The ids the layout makes on its own, without the map's prefix.
GENERATED = ["title", "desc", "header", "persona", "phases", "tints", "legend", "labels"] + [
    f"lane-{lane}" for lane in lane_keys("svg")
]


def _example(path: object) -> Journey:
    journey = runpy.run_path(str(path), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey


def _references(root: ET.Element) -> list[str]:
    """Every id the document refers to: ARIA lists, url(#…), href and xlink:href."""
    found: list[str] = []
    for node in root.iter():
        for name, value in node.attrib.items():
            if name in ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"):
                found.extend(value.split())
            elif name in ("href", f"{XLINK}href") and value.startswith("#"):
                found.append(value[1:])
            found.extend(URL.findall(value))
        if node.tag == f"{SVG}style" and node.text:
            found.extend(URL.findall(node.text))
    return found


def _check_page(documents: list[str]) -> list[str]:
    """Check SVG maps as one page would hold them; return every id on the page."""
    page: list[str] = []
    for text in documents:
        root = ET.fromstring(text.encode("utf-8"))
        prefix = root.get("id", "")
        assert prefix, "the root element has no id"
        ids = [node.get("id", "") for node in root.iter() if node.get("id") is not None]
        assert ids[0] == prefix
        for element_id in ids[1:]:
            assert element_id.startswith(f"{prefix}-"), element_id
        own = set(ids)
        references = _references(root)
        assert references, "the map refers to nothing: aria-labelledby is missing"
        for reference in references:
            assert reference in own, f"{reference!r} does not resolve inside its own SVG"
        style = root.find(f"{SVG}style")
        # CSS inside a map, if any, is scoped to that map's root id.
        assert style is None or f"#{prefix}" in (style.text or "")
        page.extend(ids)
    repeated = [i for i, count in Counter(page).items() if count > 1]
    assert repeated == [], f"ids used more than once on the page: {repeated[:10]}"
    return page


def _colliding_map() -> JourneyMap:
    """Phase, touchpoint and curve ids equal to every id the layout makes on its own."""
    journey = Journey("Colliding ids")
    for index, name in enumerate(GENERATED):
        journey = journey.phase(f"Phase {name}", id=name)
        journey = journey.touchpoint(
            f"Step {name}",
            id=name,
            emotion=index % 5 - 2,
            channel="web",
            action="Acts",
            pain_points=["Pain"],
            backstage=["Back"],
            metrics=[{"kind": "csat", "value": 4.1, "unit": "/5"}],
        )
    journey = (
        journey.phase("Tricky", id="tricky")
        .touchpoint("A", id="a", emotion=1, metrics=[{"kind": "nps", "value": 10}] * 2)
        .touchpoint("A metrics", id="a-metrics", emotion=0, metrics=[{"kind": "nps", "value": 1}])
        .touchpoint("A metrics 1", id="a-metrics-1", emotion=-1, action="x")
        .touchpoint("Journeymap", id="journeymap", emotion=1)
        .touchpoint("jm", id="jm-00000000", emotion=1)
    )
    for name in ("tints", "legend", "phases", "lane-emotion", "labels"):
        journey = journey.curve(name, {"a": 1, "tints": 0}, id=name, source="measured")
    return journey.build()


def test_ids_never_collide_with_the_generated_ones() -> None:
    model = _colliding_map()
    text = render(model, "svg", validate=True)
    ids = _check_page([text])
    prefix = ids[0]
    local = {i[len(prefix) + 1 :] for i in ids[1:]}
    # The phase whose id is "tints" and the tints of the phases are two groups.
    assert "tints" in local
    assert "phase-tints" in local
    assert "curve-tints" in local
    # The curves' labels and a curve whose id is "labels" are two groups.
    assert {"labels", "curve-labels"} <= local
    assert {"tp-a-metrics-1", "tp-a-metrics-2", "tp-a-metrics-metrics-1"} <= local
    assert "tp-a-metrics-1-actions" in local


def test_two_maps_and_one_map_drawn_twice_share_a_page() -> None:
    checkout, office = _example(CHECKOUT), _example(OFFICE)
    documents = [
        render(checkout, "svg"),
        render(checkout, "svg", theme="dark"),
        render(checkout, "svg", column_width=240),
        render(checkout, "svg", legend=False),
        render(checkout, "svg", lanes=["touchpoints", "emotion"]),
        render(checkout, "svg", locale="es"),
        render(office, "svg"),
        render(_colliding_map(), "svg"),
    ]
    _check_page(documents)
    prefixes = [ET.fromstring(d.encode("utf-8")).get("id", "") for d in documents]
    assert all(PREFIX.fullmatch(p) for p in prefixes), prefixes
    assert len(set(prefixes)) == len(prefixes)


def test_the_prefix_depends_on_the_content_only() -> None:
    first = render(_example(CHECKOUT), "svg")
    assert render(_example(CHECKOUT), "svg") == first
    yaml_twin = render(
        __import__("journeymap").load(ROOT / "examples" / "online_checkout.yaml"), "svg"
    )
    root = ET.fromstring(first.encode("utf-8"))
    assert ET.fromstring(yaml_twin.encode("utf-8")).get("id") == root.get("id")
    assert root.get("aria-labelledby") == f"{root.get('id')}-title"
    # validate=True checks the document; it does not change it, nor its ids.
    assert render(_example(CHECKOUT), "svg", validate=True) == first


def test_an_explicit_prefix_is_used_for_every_id() -> None:
    text = render(_example(CHECKOUT), "svg", id_prefix="checkout_map.1")
    ids = _check_page([text])
    assert ids[0] == "checkout_map.1"
    assert "checkout_map.1-title" in ids
    assert "checkout_map.1-lane-emotion" in ids
    # The same map twice on a page, apart by their prefixes.
    _check_page([text, render(_example(CHECKOUT), "svg", id_prefix="again")])


@pytest.mark.parametrize(
    "prefix",
    ["", "1map", "-map", ".map", "a b", "a:b", "a#b", "é", "x" * 65, 5, b"map", ["map"]],
    ids=repr,
)
def test_a_bad_prefix_is_refused(prefix: object) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(Journey("J").phase("P").touchpoint("T"), "svg", id_prefix=prefix)
    message = str(info.value)
    assert "id_prefix" in message
    assert "an ASCII letter or '_', then up to 63 letters, digits, '-', '_' or '.'" in message


# -- numeric and other options -------------------------------------------------------------

RANGE = "a number from 80 to 1000 (px)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (float("nan"), "nan"),
        (-200, "-200"),
        (0, "0"),
        (79.99, "79.99"),
        (1000.5, "1000.5"),
        (1e9, "1000000000.0"),
        (10**400, "an integer of 401 digits"),
        (True, "True"),
        ("200", "'200'"),
        (None, "None"),
        ([200], "[200]"),
    ],
    ids=repr,
)
def test_a_bad_column_width_is_refused(value: object, shown: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(Journey("J").phase("P").touchpoint("T"), "svg", column_width=value)
    message = str(info.value)
    assert "column_width" in message
    assert f" {shown}" in message
    assert RANGE in message


@pytest.mark.parametrize("value", [80, 80.0, 180, 999.5, 1000])
def test_column_widths_in_range_are_drawn(value: float) -> None:
    text = render(Journey("J").phase("P").touchpoint("T"), "svg", column_width=value)
    root = ET.fromstring(text.encode("utf-8"))
    assert re.fullmatch(r"\d+(\.\d+)?", root.get("width", "")), root.get("width")


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        ({"lanes": 5}, ["lanes", "allowed: touchpoints,"]),
        ({"lanes": [1, 2]}, ["lanes", "1", "allowed: touchpoints,"]),
        ({"legend": "no"}, ["legend", "'no'"]),
        ({"validate": 1}, ["validate", "1"]),
        ({"locale": 5}, ["locale", "5"]),
        ({"curve": ["smooth"]}, ["curve", "smooth", "straight"]),
        ({"theme": 5}, ["theme", "int"]),
    ],
)
def test_badly_typed_options_are_journeymap_errors(
    options: dict[str, object], fragments: list[str]
) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(Journey("J").phase("P").touchpoint("T", emotion=1), "svg", **options)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_the_renderer_refuses_what_is_not_a_map() -> None:
    with pytest.raises(JourneyMapError, match="expected a JourneyMap; got dict"):
        RENDERER.render({"title": "x"})  # type: ignore[arg-type]


# -- numbers at the edge of float --------------------------------------------------------


def _with_metric_values(*values: float) -> JourneyMap:
    """A map whose metrics hold ``values``, set past validation (which bounds them now).

    The renderer must not rely on that bound: it draws what a float can hold and refuses
    the rest with a located error.
    """
    model = Journey("J").phase("P").touchpoint("T", metrics=[{"kind": "nps", "value": 1}]).build()
    phase = model.phases[0]
    tp = phase.touchpoints[0]
    metrics = tuple(
        tp.metrics[0].model_copy(update={"kind": "custom", "name": f"M{i}", "value": v})
        for i, v in enumerate(values)
    )
    tp = tp.model_copy(update={"metrics": metrics})
    phase = phase.model_copy(update={"touchpoints": (tp,)})
    return model.model_copy(update={"phases": (phase,)})


def _card_texts(text: str, local_id: str) -> list[str]:
    root = ET.fromstring(text.encode("utf-8"))
    for group in root.iter(f"{SVG}g"):
        if group.get("id") == f"{root.get('id')}-{local_id}":
            return ["".join(node.itertext()) for node in group.iter(f"{SVG}text")]
    raise AssertionError(f"no group {local_id!r}")


def test_metric_values_near_the_float_limit_are_drawn() -> None:
    text = render(_with_metric_values(1e308, -1e308), "svg")
    big = _card_texts(text, "tp-t-metrics-1")
    small = _card_texts(text, "tp-t-metrics-2")
    assert big[0] == "M0"
    assert re.fullmatch(r"1000000000000000\d{293}", big[1]), big[1]
    assert small[0] == "M1"
    assert re.fullmatch(r"-1000000000000000\d{293}", small[1]), small[1]


def test_a_metric_value_beyond_float_is_drawn_or_refused_with_its_place() -> None:
    model = _with_metric_values(10**400)
    try:
        outcome = _card_texts(render(model, "svg"), "tp-t-metrics-1")[1]
    except JourneyMapError as exc:
        outcome = str(exc)
    # Drawn digit for digit, or refused with its place; never an OverflowError.
    assert outcome in (
        "1" + "0" * 400,
        "phase 'P' > touchpoint 'T' > metric 'custom' > value: the number is too large "
        "to draw; allowed: a finite number of at most about 1.8e308",
    )


def test_a_lane_chosen_twice_is_refused_rather_than_drawn_twice() -> None:
    with pytest.raises(JourneyMapError) as info:
        render(
            Journey("J").phase("P").touchpoint("T", emotion=1),
            "svg",
            lanes=["touchpoints", "emotion", "touchpoints"],
        )
    assert "'touchpoints' is chosen twice; each lane can be shown once" in str(info.value)


def _blueprint_colliding_map() -> JourneyMap:
    """Touchpoint ids that, joined with the blueprint's own names, spell its other ids."""
    rows = ("actions", "frontstage", "backstage", "support", "evidence")
    journey = (
        Journey("Colliding blueprint ids")
        .actor("Clerk", id="clerk", role="frontstage")
        .actor("Stock", id="stock", role="backstage")
        .actor("ERP", id="erp", role="system")
        .phase("Lines", id="line-interaction")
    )
    names = ["pays", *(f"pays-{row}" for row in rows), "pays-actions-frontstage", "1-tp-pays"]
    names += ["interaction", "visibility", "legend", "tints", "header", "desc", "title"]
    for name in names:
        journey = journey.touchpoint(
            f"Step {name}",
            id=name,
            emotion=1,
            channel="store",
            frontstage=["Greets"],
            backstage=["Checks stock"],
            support=["ERP"],
            evidence=["Receipt"],
            actors=["clerk", "stock", "erp"],
            moment="critical",
            duration="5 min",
        )
    return journey.phase("Steps", id="step").touchpoint("Handoff", id="handoff", emotion=0).build()


@pytest.mark.parametrize("actors", [False, True], ids=["rows", "actor-rows"])
def test_blueprint_ids_never_collide_with_the_generated_ones(actors: bool) -> None:
    model = _blueprint_colliding_map()
    ids = _check_page([render(model, "blueprint", actors=actors)])
    assert len(ids) > 60  # every card, arrow and line has its id, all distinct


def test_a_map_and_its_blueprint_share_a_page() -> None:
    model = _example(CHECKOUT)
    _check_page(
        [render(model, "svg"), render(model, "blueprint"), render(model, "blueprint", actors=True)]
    )
