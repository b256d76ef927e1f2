"""Comparison with a competitor: alignment, differences, metrics, the side-by-side table."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap import JourneyMapError, load, render
from journeymap.analysis.comparison import align, compare, competitor_curve, with_competitor
from journeymap.analysis.report import comparison_markdown
from journeymap.model import JourneyMap

from .conftest import ROOT
from .strategies import journey_maps
from .timing import GROWTH, growth_ratio

COMPETITOR = ROOT / "examples" / "competitor"


def _map(phases: list[dict[str, Any]], **extra: Any) -> JourneyMap:
    return JourneyMap.model_validate({"title": extra.pop("title", "T"), "phases": phases, **extra})


def test_the_examples_differ_as_computed_by_hand() -> None:
    c = compare(load(COMPETITOR / "ours.yaml"), load(COMPETITOR / "theirs.yaml"))
    assert (c.own_title, c.competitor_title) == ("Lumen Home checkout", "BrightNest checkout")
    # (own id, their id, own mean, their mean, difference) per phase
    assert [
        (p.own_id, p.competitor_id, p.own_mean, p.competitor_mean, p.difference) for p in c.phases
    ] == [
        ("discover", "discover", 1, pytest.approx(2 / 3), pytest.approx(1 / 3)),
        ("checkout", "checkout", -0.5, 0.5, -1),  # (1 - 1 - 2 + 0) / 4 and (1 + 1 + 0 + 0) / 4
        ("delivery", "delivery", 1, 1, 0),
        ("after", "after", 1, 1, 0),
    ]
    rows = [
        (t.own_id, t.competitor_id, t.own_emotion, t.competitor_emotion, t.difference)
        for t in c.touchpoints
    ]
    assert rows == [
        ("search-ad", "finds-product", 1, 1, 0),  # by name
        (None, "compares-prices", None, 0, None),
        ("product-page", "product-page", 1, 1, 0),  # by id
        ("cart", "opens-cart", 1, 1, 0),
        (None, "guest-checkout", None, 1, None),
        ("account", None, -1, None, None),
        ("shipping", "shipping", -2, 0, -2),
        ("payment", "payment", 0, 0, 0),
        ("tracking", "tracking", 0, 1, -1),
        ("unboxing", "unboxing", 2, 1, 1),
        ("review", "review", 1, 1, 0),
    ]
    metrics = [
        (t.own_id, m.kind, m.own.value, m.competitor.value, m.difference, m.better)
        for t in c.touchpoints
        for m in t.metrics
    ]
    assert metrics == [
        ("product-page", "conversion", 8.5, 9.2, pytest.approx(-0.7), "competitor"),
        ("shipping", "drop-off", 31, 18, 13, "competitor"),  # lower is better
        ("payment", "time", 95, 70, 25, "competitor"),
        ("unboxing", "csat", 4.5, 4.1, pytest.approx(0.4), "own"),
        ("review", "nps", 18, 24, -6, "competitor"),
    ]
    checkout = c.phases[1]
    assert [t.name for t in checkout.only_own] == ["Creates an account"]
    assert [t.name for t in checkout.only_competitor] == ["Checks out as a guest"]


def test_phases_pair_by_id_then_by_name_ignoring_case_and_spaces() -> None:
    own = _map(
        [
            {"id": "a", "name": "Alpha"},
            {"id": "b", "name": "Beta  phase"},
            {"id": "c", "name": "Gamma"},
        ]
    )
    theirs = _map(
        [
            {"id": "x", "name": "beta PHASE"},
            {"id": "c", "name": "Something else"},
            {"id": "z", "name": "Zeta"},
        ]
    )
    c = compare(own, theirs)
    assert [(p.own_id, p.competitor_id, p.name) for p in c.phases] == [
        ("a", None, "Alpha"),
        ("b", "x", "Beta  phase"),
        ("c", "c", "Gamma"),
        (None, "z", "Zeta"),
    ]
    assert [p.matched for p in c.phases] == [False, True, True, False]


def test_an_id_match_wins_over_an_earlier_name_match() -> None:
    own = _map(
        [
            {
                "id": "p",
                "name": "P",
                "touchpoints": [
                    {"id": "pay", "name": "Checkout", "emotion": 1},
                    {"id": "checkout", "name": "Pay", "emotion": 0},
                ],
            }
        ]
    )
    theirs = _map(
        [
            {
                "id": "p",
                "name": "P",
                "touchpoints": [
                    {"id": "checkout", "name": "Checkout", "emotion": -1},
                    {"id": "pay", "name": "Pay", "emotion": 2},
                ],
            }
        ]
    )
    c = compare(own, theirs)
    assert [(t.own_id, t.competitor_id, t.difference) for t in c.touchpoints] == [
        ("pay", "pay", -1),
        ("checkout", "checkout", 1),
    ]


def test_align_places_competitor_only_items_after_their_matched_predecessor() -> None:
    assert align(["a", "b", "c"], ["z", "b", "y", "x", "c", "w"], str, str) == [
        (None, "z"),
        ("a", None),
        ("b", "b"),
        (None, "y"),
        (None, "x"),
        ("c", "c"),
        (None, "w"),
    ]


def test_a_competitor_on_another_scale_is_mapped_onto_ours() -> None:
    own = _map([{"id": "p", "name": "P", "touchpoints": [{"id": "t", "name": "T", "emotion": 0}]}])
    theirs = _map(
        [
            {
                "id": "p",
                "name": "P",
                "touchpoints": [
                    {"id": "t", "name": "T", "emotion": 2},
                    {"id": "u", "name": "U", "emotion": 5},
                ],
            }
        ],
        scale="1..5",
    )
    c = compare(own, theirs)
    # 2 on 1..5 is a quarter of the way up: -1 on -2..2; 5 is the top: 2.
    assert [t.competitor_emotion for t in c.touchpoints] == [-1, 2]
    assert c.phases[0].competitor_mean == 0.5
    assert c.touchpoints[0].difference == 1
    assert c.scale == own.scale


def test_metrics_pair_by_kind_and_name_and_need_the_same_unit() -> None:
    def tp(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"id": "p", "name": "P", "touchpoints": [{"id": "t", "name": "T", "metrics": metrics}]}
        ]

    own = _map(
        tp(
            [
                {"kind": "time", "value": 2, "unit": "min"},
                {"kind": "custom", "name": "Errors", "value": 3, "better": "lower"},
                {"kind": "custom", "name": "Calls", "value": 1},
                {"kind": "nps", "value": 10},
                {"kind": "ces", "value": 4},
            ]
        )
    )
    theirs = _map(
        tp(
            [
                {"kind": "custom", "name": "Calls", "value": 1},
                {"kind": "time", "value": 90, "unit": "s"},
                {"kind": "custom", "name": "Errors", "value": 5},
                {"kind": "nps", "value": 10},
                {"kind": "csat", "value": 4},
            ]
        )
    )
    found = compare(own, theirs).touchpoints[0].metrics
    assert [(m.kind, m.name, m.difference, m.better) for m in found] == [
        ("time", None, None, None),  # minutes against seconds: no difference
        ("custom", "Errors", -2, "own"),
        ("custom", "Calls", 0, None),  # no direction
        ("nps", None, 0, "same"),
    ]  # CES and CSAT are no pair


def test_comparison_table_side_by_side_in_both_languages() -> None:
    c = compare(load(COMPETITOR / "ours.yaml"), load(COMPETITOR / "theirs.yaml"))
    en = comparison_markdown(c)
    assert en.startswith("## Lumen Home checkout compared with BrightNest checkout\n\n")
    assert "| **Checkout** | *phase mean* | -0.5 | 0.5 | -1 |\n" in en
    assert "|  | Compares prices | — | 0 | — |\n" in en
    assert "|  | Sees shipping costs | -2 | 0 | -2 |\n" in en
    assert "| Sees shipping costs | Drop-off | 31% | 18% | +13 pp | BrightNest checkout |" in en
    assert "| Pays | Time | 95 s | 70 s | +25 s | BrightNest checkout |" in en
    assert "| Receives the parcel | CSAT | 4.5/5 | 4.1/5 | +0.4 | Lumen Home checkout |" in en
    es = comparison_markdown(c, "es")
    assert "| **Discover** | *media de la fase* | 1 | 0,67 | +0,33 |\n" in es
    assert (
        "| Reads the product page | Conversión | 8,5\u00a0% | 9,2\u00a0% | -0,7\u00a0p.\u00a0p."
        in es
    )


def test_comparison_table_escapes_user_text() -> None:
    own = _map(
        [{"id": "p", "name": "*P*", "touchpoints": [{"id": "t", "name": "a|b <i>", "emotion": 1}]}],
        title="Us | <script>",
    )
    text = comparison_markdown(compare(own, own))
    assert "## Us \\| &lt;script&gt; compared with Us \\| &lt;script&gt;" in text
    assert "| **\\*P\\*** | *phase mean* | 1 | 1 | +0 |" not in text
    assert "| **\\*P\\*** | *phase mean* | 1 | 1 | 0 |" in text
    assert "|  | a\\|b &lt;i&gt; | 1 | 1 | 0 |" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_a_map_compared_with_itself_has_no_difference(model: JourneyMap) -> None:
    c = compare(model, model)
    assert all(p.matched for p in c.phases)
    assert len(c.phases) == len(model.phases)
    for phase in c.phases:
        assert phase.difference in (0, None)
        assert (phase.difference is None) == (phase.own_mean is None)
        for tp in phase.touchpoints:
            assert tp.matched
            assert tp.difference in (0, None)
            assert (tp.difference is None) == (tp.own_emotion is None)
            assert all(m.difference == 0 and m.better in ("same", None) for m in tp.metrics)
    assert len(c.touchpoints) == len(model.touchpoints)
    assert sum(len(tp.metrics) for tp in c.touchpoints) == sum(
        len(tp.metrics) for tp in model.touchpoints
    )


def test_the_competitor_curve_has_a_point_at_every_shared_touchpoint() -> None:
    ours, theirs = load(COMPETITOR / "ours.yaml"), load(COMPETITOR / "theirs.yaml")
    curve = competitor_curve(ours, theirs)
    assert (curve.id, curve.name, curve.source) == (
        "competitor-brightnest-checkout",
        "BrightNest checkout",
        "competitor",
    )
    assert dict(curve.values) == {
        "search-ad": 1,
        "product-page": 1,
        "cart": 1,
        "shipping": 0,
        "payment": 0,
        "tracking": 1,
        "unboxing": 1,
        "review": 1,
    }  # no point at "account", which BrightNest does not have
    drawn = with_competitor(ours, theirs)
    assert [c.id for c in drawn.curves] == ["competitor-brightnest-checkout"]
    assert "BrightNest checkout" in render(drawn, "svg")
    assert ours.curves == ()  # the own map is unchanged


def test_the_competitor_curve_id_is_unique_or_refused_when_given_twice() -> None:
    ours, theirs = load(COMPETITOR / "ours.yaml"), load(COMPETITOR / "theirs.yaml")
    twice = with_competitor(with_competitor(ours, theirs), theirs, name="Again")
    assert [(c.id, c.name) for c in twice.curves] == [
        ("competitor-brightnest-checkout", "BrightNest checkout"),
        ("competitor-brightnest-checkout-2", "Again"),
    ]
    with pytest.raises(JourneyMapError, match="curve id 'x' is used twice"):
        with_competitor(with_competitor(ours, theirs, curve_id="x"), theirs, curve_id="x")


def _same_names(prefix: str, count: int) -> JourneyMap:
    """One phase of ``count`` touchpoints all called 'Step', with ids that start with ``prefix``."""
    touchpoints = [
        {"id": f"{prefix}{i}", "name": "Step", "emotion": i % 3 - 1} for i in range(count)
    ]
    return _map([{"id": "buy", "name": "Buy", "touchpoints": touchpoints}])


def test_touchpoints_with_one_name_pair_in_order_in_linear_time() -> None:
    # No id matches, so every touchpoint pairs by its name, which all of them share: the
    # first with the first, and so on. Looking through the names already paired for
    # every touchpoint took 3.7 s for 20,000 of them, 56 times as long as for 2,000.
    small, large = 1_000, 10_000
    own, theirs = _same_names("a", small), _same_names("b", small)
    pairs = [(t.own_id, t.competitor_id) for t in compare(own, theirs).touchpoints]
    assert pairs == [(f"a{i}", f"b{i}") for i in range(small)]
    big_own, big_theirs = _same_names("a", large), _same_names("b", large)
    ratio = growth_ratio(lambda: compare(own, theirs), lambda: compare(big_own, big_theirs))
    assert ratio < GROWTH, f"10x the touchpoints of one name took {ratio:.1f}x as long to compare"
