"""Part of a map on a page: the ``phases`` and ``header`` options, and paper pages."""

from __future__ import annotations

import pytest

from journeymap import Journey, JourneyMap, JourneyMapError, load, render
from journeymap.paging import MIN_TEXT_PT, page_size, plan_pages
from journeymap.renderers.svg.layout import layout
from journeymap.renderers.svg.scene import Group, Text

from .conftest import ROOT

CHECKOUT = ROOT / "examples" / "surveys" / "checkout_assumed.yaml"


def _grid(phases: int, touchpoints: int) -> JourneyMap:
    journey = Journey("Grid", persona="Ana")
    for p in range(phases):
        journey = journey.phase(f"Phase {p}")
        for t in range(touchpoints):
            journey = journey.touchpoint(f"Step {p}.{t}", emotion=1)
    return journey.build()


def _drawn(model: JourneyMap, **options: object) -> list[str]:
    """The ids of the touchpoints whose cards are drawn, left to right."""
    scene = layout(model, **options)  # type: ignore[arg-type]
    cards = [
        e.id
        for e in scene.walk()
        if isinstance(e, Group)
        and e.id
        and e.id.startswith("tp-")
        and e.id.endswith("-touchpoints")
    ]
    return [card.removeprefix("tp-").removesuffix("-touchpoints") for card in cards]


def test_only_the_chosen_phases_are_drawn_in_the_maps_order() -> None:
    model = _grid(3, 2)
    assert _drawn(model, phases=["phase-2", "Phase 0"]) == [
        "step-0-0",
        "step-0-1",
        "step-2-0",
        "step-2-1",
    ]
    assert _drawn(model, phases="phase-1") == ["step-1-0", "step-1-1"]
    assert len(_drawn(model)) == 6


def test_a_phase_drawn_alone_keeps_what_the_whole_map_says_of_it() -> None:
    # "Pay" is critical, among others for its drop from "Cart", which is on another page.
    model = (
        Journey("Drop")
        .phase("Choose")
        .touchpoint("Cart", emotion=2)
        .phase("Pay")
        .touchpoint("Pay", emotion=-2)
        .build()
    )
    alone = layout(model, phases=["pay"])
    card = next(e for e in alone.walk() if isinstance(e, Group) and e.id == "tp-pay-touchpoints")
    texts = [" ".join(t.lines) for t in card.children if isinstance(t, Text)]
    assert texts[:2] == ["CRITICAL", "very low emotion · sharp drop"]


@pytest.mark.parametrize(
    ("phases", "message"),
    [
        ("Buy,recieve", "no phase has the id or name 'recieve'; did you mean 'receive'?"),
        ([], "expected at least one name or id; got none"),
        (3, "expected a list of names or ids (or one comma-separated string); got 3"),
    ],
)
def test_an_unknown_phase_is_refused_with_the_nearest(phases: object, message: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        render(load(CHECKOUT), "svg", phases=phases)
    text = str(info.value)
    assert text.startswith("svg option 'phases': ")
    assert message in text
    if "recieve" in message:
        assert "allowed: discover, buy, receive, after-the-purchase" in text


def test_the_title_header_leaves_out_the_persona_and_the_context() -> None:
    model = load(CHECKOUT)
    full, title = layout(model), layout(model, header="title")
    ids = {e.id for e in full.walk() if isinstance(e, Group)}
    assert "persona" in ids
    assert "persona" not in {e.id for e in title.walk() if isinstance(e, Group)}
    assert title.height < full.height - 100
    assert model.title in render(model, "svg", header="title")
    with pytest.raises(JourneyMapError, match="unknown header 'none'; allowed: full, title"):
        render(model, "svg", header="none")


def test_pages_of_a_grid_hold_as_many_phases_as_stay_legible() -> None:
    # Compact lanes, 3 touchpoints a phase: 720 px for the least map, 180 px a column.
    pages = plan_pages(_grid(6, 3), paper="a4", lanes="compact")
    assert [p.phases for p in pages] == [
        ("phase-0", "phase-1"),
        ("phase-2", "phase-3"),
        ("phase-4", "phase-5"),
    ]
    assert [p.header for p in pages] == ["full", "title", "title"]
    for page in pages:
        assert page.legible
        assert page.text_pt >= MIN_TEXT_PT
        # 11-px captions at 0.75 pt a pixel, scaled to the printable area.
        assert page.text_pt == pytest.approx(11 * 0.75 * page.scale)
        assert page.width * 0.75 * page.scale <= 841.89 - 2 * 28.35 + 1e-6
        assert page.height * 0.75 * page.scale <= 595.28 - 2 * 28.35 + 1e-6
    # A larger paper holds more phases a page; so does a smaller minimum.
    assert len(plan_pages(_grid(6, 3), paper="a3", lanes="compact")) < len(pages)
    assert len(plan_pages(_grid(6, 3), lanes="compact", min_text_pt=3)) < len(pages)


def test_a_page_that_cannot_be_read_is_marked() -> None:
    model = load(CHECKOUT)
    full = plan_pages(model)  # all 15 lanes on A4: too tall even one phase a page
    assert [p.phases for p in full] == [
        ("discover",),
        ("buy",),
        ("receive",),
        ("after-the-purchase",),
    ]
    assert not full[1].legible
    assert full[1].text_pt < MIN_TEXT_PT
    compact = plan_pages(model, lanes="compact")
    assert all(p.legible for p in compact)
    assert [phase for p in compact for phase in p.phases] == [p.id for p in model.phases]


def test_paper_and_orientation_are_checked() -> None:
    assert page_size("a4", "portrait") == (595.28, 841.89)
    assert page_size("letter") == (792.0, 612.0)
    with pytest.raises(JourneyMapError, match="unknown paper 'a5'; allowed: a4, a3, letter"):
        plan_pages(_grid(1, 1), paper="a5")
    with pytest.raises(JourneyMapError, match="allowed: landscape, portrait"):
        plan_pages(_grid(1, 1), orientation="sideways")
    assert plan_pages(Journey("Empty").build()) == ()
