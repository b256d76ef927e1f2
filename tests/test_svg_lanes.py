"""Lanes of the SVG map as data: choice, order, presets, registered lanes, item glyphs,
the doubts and evidence styles, and numbers in the map's language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError, render
from journeymap.i18n import words_for
from journeymap.lanes import Lane, register_lane, unregister_lane
from journeymap.renderers.svg.layout import layout
from journeymap.renderers.svg.scene import Group
from journeymap.themes import get_theme

SVG = "{http://www.w3.org/2000/svg}"


def _root(model: Journey | JourneyMap, **options: object) -> ET.Element:
    return ET.fromstring(render(model, "svg", validate=True, **options).encode("utf-8"))


def _local(root: ET.Element, node: ET.Element) -> str:
    return node.get("id", "")[len(root.get("id", "")) + 1 :]


def _lanes(root: ET.Element) -> list[str]:
    """The lane groups' local ids, top to bottom."""
    ids = [_local(root, g) for g in root.iter(f"{SVG}g") if g.get("id")]
    return [i for i in ids if i.startswith("lane-")]


def _group(root: ET.Element, local: str) -> ET.Element:
    for node in root.iter(f"{SVG}g"):
        if _local(root, node) == local:
            return node
    raise AssertionError(f"no group {local!r} in {_lanes(root)}")


def _texts(node: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in node.iter(f"{SVG}text")]


def _full() -> Journey:
    """A touchpoint in every built-in lane, and a second with thoughts only."""
    return (
        Journey("Lanes", locale="en")
        .phase("Buy")
        .touchpoint(
            "Pays",
            channel="web",
            emotion=1,
            action="Enters the card",
            owner="Payments team",
            evidence=["Receipt e-mail"],
            feeling="hopeful",
            thoughts=["Is this the total?"],
            motivations=["Wants it by Friday"],
            doubts=["Will the bank refuse?"],
            pain_points=["3-D Secure times out"],
            opportunities=["Remember the card"],
            frontstage=["Payment form"],
            backstage=["Fraud check"],
            support=["Payment provider"],
            metrics=[{"kind": "csat", "value": 4.6, "unit": "/5"}],
        )
        .touchpoint("Waits", emotion=0, thoughts=["When does it ship?"])
    )


@pytest.fixture
def owners_lane() -> Iterator[str]:
    """A lane of the touchpoints' owners, registered for one test."""
    register_lane(
        Lane("owners", ("owner",), "support", names={"en": "Owner", "es": "Responsable"}),
        after="touchpoints",
    )
    try:
        yield "owners"
    finally:
        unregister_lane("owners")


# -- choice, order and presets ------------------------------------------------------------


def test_lanes_are_drawn_in_the_order_chosen_from_python() -> None:
    chosen = ["doubts", "emotion", "touchpoints", "pain_points", "channels"]
    assert _lanes(_root(_full(), lanes=chosen)) == [f"lane-{lane}" for lane in chosen]


def test_lanes_can_be_chosen_as_one_comma_separated_string() -> None:
    root = _root(_full(), lanes="motivations, touchpoints")
    assert _lanes(root) == ["lane-motivations", "lane-touchpoints"]


def test_the_compact_preset_shows_its_five_lanes_in_order() -> None:
    compact = [
        "lane-touchpoints",
        "lane-channels",
        "lane-emotion",
        "lane-pain_points",
        "lane-opportunities",
    ]
    assert _lanes(_root(_full(), lanes="compact")) == compact
    scene = layout(_full().build(), lanes="compact")
    groups = [g.id or "" for g in scene.children if isinstance(g, Group)]
    assert [i for i in groups if i.startswith("lane-")] == compact


def test_the_full_preset_is_the_default() -> None:
    journey = _full()
    model = journey.build()
    assert layout(model, lanes="full") == layout(model)
    assert render(journey, "svg", lanes="full") == render(journey, "svg")
    lanes = _lanes(_root(journey))
    assert "lane-thoughts" in lanes
    assert "lane-evidence" in lanes
    assert "lane-doubts" not in lanes
    assert "lane-motivations" not in lanes


@pytest.mark.parametrize(
    ("lanes", "expected"),
    [
        (["touchpoints", "emotions"], "unknown lane 'emotions'; did you mean 'emotion'? allowed: "),
        (["pain_point"], "unknown lane 'pain_point'; did you mean 'pain_points'? allowed: "),
        ("compactt", "did you mean 'compact'?"),
    ],
)
def test_an_unknown_lane_is_refused_with_the_nearest_and_the_allowed(
    lanes: object, expected: str
) -> None:
    model = _full().build()
    for call in (lambda: layout(model, lanes=lanes), lambda: render(model, "svg", lanes=lanes)):  # type: ignore[arg-type]
        with pytest.raises(JourneyMapError) as info:
            call()
        message = str(info.value)
        assert expected in message
        assert "touchpoints, actions, channels, evidence, emotion, thoughts" in message
        assert "or a preset: full, compact" in message


def test_the_layout_takes_options_already_checked() -> None:
    model = _full().build()
    by_name = layout(model, theme="dark", locale="es", lanes="compact")
    checked = layout(
        model,
        theme=get_theme("dark"),
        locale=words_for("es"),
        lanes=("touchpoints", "channels", "emotion", "pain_points", "opportunities"),
    )
    assert checked == by_name


# -- a registered lane ---------------------------------------------------------------------


def test_a_registered_lane_is_drawn_by_the_generic_drawer(owners_lane: str) -> None:
    root = _root(_full(), lanes=["touchpoints", "emotion", owners_lane])
    assert _lanes(root) == ["lane-touchpoints", "lane-emotion", "lane-owners"]
    lane = _group(root, "lane-owners")
    texts = _texts(lane)
    assert "Owner" in texts
    assert "Payments team" in texts
    card = _group(root, "tp-pays-owners")
    rect = card.find(f"{SVG}rect")
    assert rect is not None
    support = get_theme("default").cards["support"]
    assert (rect.get("fill"), rect.get("stroke")) == (support.fill, support.stroke)
    # The narrower lane takes the owner out of the touchpoint card.
    assert not any("Payments team" in t for t in _texts(_group(root, "tp-pays-touchpoints")))


def test_a_registered_lane_has_its_header_in_each_language(owners_lane: str) -> None:
    root = _root(_full(), lanes=[owners_lane], locale="es")
    assert _texts(_group(root, "lane-owners"))[0] == "Responsable"


def test_a_registered_lane_is_in_the_full_preset(owners_lane: str) -> None:
    lanes = _lanes(_root(_full()))
    assert lanes[:2] == ["lane-touchpoints", "lane-owners"]


# -- item glyphs, the doubts card, the evidence style ----------------------------------------


def _glyphs(node: ET.Element) -> list[tuple[str, str]]:
    """Each one-character bold text (a glyph) with its colour."""
    return [
        ("".join(t.itertext()), t.get("fill", ""))
        for t in node.iter(f"{SVG}text")
        if t.get("font-weight") == "bold" and len("".join(t.itertext())) == 1
    ]


def test_thoughts_motivations_and_doubts_are_led_by_their_own_glyph() -> None:
    root = _root(_full())
    theme = get_theme("default")
    thoughts = _group(root, "tp-pays-thoughts")
    assert _glyphs(thoughts) == [("\u201c", theme.neutral), ("\u2192", theme.positive)]
    assert "hopeful" in _texts(thoughts)
    doubts = _group(root, "tp-pays-doubts")
    assert _glyphs(doubts) == [("?", theme.negative)]
    assert "Will the bank refuse?" in _texts(doubts)
    # Other lists keep their dots.
    assert _group(root, "tp-pays-pain_points").find(f"{SVG}circle") is not None


def test_the_legend_explains_each_glyph_the_map_shows() -> None:
    root = _root(_full())
    legend = _group(root, "legend")
    texts = _texts(legend)
    for word in ("thought", "motivation", "doubt"):
        assert word in texts
    assert [g for g, _ in _glyphs(legend)] == ["\u201c", "\u2192", "?"]
    spanish = _texts(_group(_root(_full(), locale="es"), "legend"))
    for word in ("pensamiento", "motivación", "duda"):
        assert word in spanish


def test_the_legend_names_only_the_kinds_shown() -> None:
    only_thoughts = Journey("J").phase("P").touchpoint("T", thoughts=["Hm"])
    legend = _group(_root(only_thoughts), "legend")
    assert [g for g, _ in _glyphs(legend)] == ["\u201c"]
    assert "doubt" not in _texts(legend)
    hidden = _root(_full(), lanes=["touchpoints", "emotion"])
    assert "thought" not in _texts(_group(hidden, "legend"))


@pytest.mark.parametrize("theme", ["default", "dark", "print"])
def test_doubts_get_a_card_in_the_doubts_style_below_the_thoughts(theme: str) -> None:
    root = _root(_full(), theme=theme)
    style = get_theme(theme).cards["doubts"]
    lane = _group(root, "lane-thoughts")
    cards = [_local(root, g) for g in lane.iter(f"{SVG}g")][1:]
    assert cards[:2] == ["tp-pays-thoughts", "tp-pays-doubts"]
    rect = _group(root, "tp-pays-doubts").find(f"{SVG}rect")
    above = _group(root, "tp-pays-thoughts").find(f"{SVG}rect")
    assert rect is not None
    assert above is not None
    assert rect.get("fill") == style.fill
    assert rect.get("stroke") == style.stroke
    assert rect.get("stroke-dasharray") == style.dash
    assert float(rect.get("y", "0")) > float(above.get("y", "0")) + float(above.get("height", "0"))


def test_a_doubts_lane_takes_the_doubts_out_of_the_thoughts_lane() -> None:
    root = _root(_full(), lanes=["thoughts", "doubts"])
    assert "Will the bank refuse?" not in _texts(_group(root, "lane-thoughts"))
    doubts = _group(root, "lane-doubts")
    assert "Doubts" in _texts(doubts)
    card = _group(root, "tp-pays-doubts")
    assert card in list(doubts)
    assert "Will the bank refuse?" in _texts(card)
    motivations = _root(_full(), lanes=["thoughts", "motivations"])
    assert "Wants it by Friday" in _texts(_group(motivations, "tp-pays-motivations"))
    assert "Wants it by Friday" not in _texts(_group(motivations, "lane-thoughts"))


@pytest.mark.parametrize("theme", ["default", "dark", "print"])
def test_the_evidence_lane_is_drawn_in_the_evidence_style(theme: str) -> None:
    root = _root(_full(), theme=theme)
    styles = get_theme(theme).cards
    rect = _group(root, "tp-pays-evidence").find(f"{SVG}rect")
    assert rect is not None
    assert (rect.get("fill"), rect.get("stroke"), rect.get("stroke-dasharray")) == (
        styles["evidence"].fill,
        styles["evidence"].stroke,
        styles["evidence"].dash,
    )


# -- numbers in the map's language -----------------------------------------------------------


def _spanish() -> Journey:
    return (
        Journey("Números", locale="es")
        .phase("Compra")
        .touchpoint(
            "Paga",
            emotion=1.5,
            metrics=[
                {"kind": "csat", "value": 4.6, "unit": "/5", "target": 4.2},
                {"kind": "drop-off", "value": 38.5, "unit": "%"},
            ],
        )
    )


def test_spanish_maps_write_a_decimal_comma() -> None:
    root = _root(_spanish())
    metrics = _texts(_group(root, "lane-metrics"))
    assert "4,6/5" in metrics
    assert "Meta 4,2/5" in metrics or any("4,2/5" in t for t in metrics)
    assert "38,5\u00a0%" in metrics
    title = _group(root, "tp-paga-touchpoints").find(f"{SVG}title")
    assert title is not None
    assert "+1,5" in (title.text or "")
    assert not any("4.6" in t or "38.5" in t for t in _texts(root))
    english = _texts(_group(_root(_spanish(), locale="en"), "lane-metrics"))
    assert "4.6/5" in english
    assert "38.5%" in english
