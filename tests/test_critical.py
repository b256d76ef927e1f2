"""Critical moments: every rule firing and not firing, thresholds, reasons in two languages."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap import JourneyMapError, load
from journeymap.analysis.critical import (
    Reason,
    Thresholds,
    critical_moments,
    emotion_limit,
    metric_off_target,
)
from journeymap.analysis.report import critical_markdown
from journeymap.model import JourneyMap, Metric

from .conftest import ROOT


def _map(*touchpoints: dict[str, Any], **extra: Any) -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "title": "T",
            "phases": [{"id": "p", "name": "P", "touchpoints": list(touchpoints)}],
            **extra,
        }
    )


def _tp(tp_id: str, emotion: float | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": tp_id, "name": tp_id.upper(), **extra}
    if emotion is not None:
        data["emotion"] = emotion
    return data


def _codes(model: JourneyMap, **options: Any) -> dict[str, tuple[str, ...]]:
    return {c.touchpoint_id: c.codes for c in critical_moments(model, **options)}


# -- low emotion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "fraction", "emotion", "fires"),
    [
        (None, 0.0, -2, True),  # the lowest level of -2..2
        (None, 0.0, -1.5, False),
        (None, 0.25, -1, True),  # -2 + 0.25 * 4 = -1: at the limit
        (None, 0.25, -0.5, False),
        ("1..5", 0.0, 1, True),
        ("1..5", 0.0, 2, False),
        ("1..5", 0.5, 3, True),
        ("1..5", 0.5, 3.5, False),
    ],
)
def test_low_emotion_fires_at_or_below_the_limit(
    scale: str | None, fraction: float, emotion: float, fires: bool
) -> None:
    extra = {"scale": scale} if scale else {}
    model = _map(_tp("a", emotion), **extra)
    codes = _codes(model, thresholds=Thresholds(emotion_fraction=fraction, drop_levels=None))
    assert codes == ({"a": ("low-emotion",)} if fires else {})


def test_emotion_limit_is_a_fraction_of_the_scale() -> None:
    assert emotion_limit(_map(), Thresholds()) == -2
    assert emotion_limit(_map(scale="1..7"), Thresholds(emotion_fraction=0.5)) == 4
    assert emotion_limit(_map(), Thresholds(emotion_fraction=None)) is None


def test_low_emotion_switched_off() -> None:
    model = _map(_tp("a", -2))
    assert _codes(model, thresholds=Thresholds(emotion_fraction=None)) == {}


# -- emotion drop -----------------------------------------------------------------------


def test_a_drop_of_two_levels_fires_and_of_less_does_not() -> None:
    model = _map(_tp("a", 2), _tp("b", 0), _tp("c", -1), _tp("d", 1), _tp("e", -1))
    assert _codes(model) == {"b": ("emotion-drop",), "e": ("emotion-drop",)}
    moment = critical_moments(model)[0]
    assert moment.reasons == (Reason("emotion-drop", 2, 2, "A"),)


def test_the_drop_is_from_the_previous_touchpoint_with_an_emotion_across_phases() -> None:
    model = JourneyMap.model_validate(
        {
            "title": "T",
            "phases": [
                {"id": "p1", "name": "P1", "touchpoints": [_tp("a", 1), _tp("b")]},
                {"id": "p2", "name": "P2", "touchpoints": [_tp("c"), _tp("d", -1)]},
            ],
        }
    )
    moments = critical_moments(model)
    assert [(m.phase_id, m.touchpoint_id, m.codes) for m in moments] == [
        ("p2", "d", ("emotion-drop",))
    ]
    assert moments[0].summary() == "drops 2 levels after «A»"


def test_drop_threshold_is_configurable_and_can_be_switched_off() -> None:
    model = _map(_tp("a", 1), _tp("b", 0))
    assert _codes(model) == {}
    assert _codes(model, thresholds=Thresholds(drop_levels=1)) == {"b": ("emotion-drop",)}
    steep = _map(_tp("a", 2), _tp("b", -1))
    assert _codes(steep, thresholds=Thresholds(drop_levels=None)) == {}


def test_a_rise_is_no_drop() -> None:
    assert _codes(_map(_tp("a", -1), _tp("b", 2))) == {}


# -- metrics ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "fires"),
    [
        ({"kind": "drop-off", "value": 38, "target": 20}, True),  # lower is better
        ({"kind": "drop-off", "value": 12, "target": 20}, False),
        ({"kind": "drop-off", "value": 20, "target": 20}, False),  # on target
        ({"kind": "time", "value": 95, "target": 60, "unit": "s"}, True),
        ({"kind": "time", "value": 45, "target": 60, "unit": "s"}, False),
        ({"kind": "nps", "value": 18, "target": 30}, True),  # higher is better
        ({"kind": "nps", "value": 38, "target": 30}, False),
        ({"kind": "csat", "value": 3.9, "target": 4.2}, True),
        ({"kind": "conversion", "value": 70, "target": 62}, False),
        ({"kind": "ces", "value": 5.1, "target": 4}, False),  # no direction known
        ({"kind": "ces", "value": 5.1, "target": 4, "better": "lower"}, True),
        ({"kind": "ces", "value": 5.1, "target": 4, "better": "higher"}, False),
        ({"kind": "custom", "name": "Errors", "value": 9, "target": 3, "better": "lower"}, True),
        ({"kind": "nps", "value": -50}, False),  # no target
    ],
)
def test_metric_off_target_follows_the_direction(metric: dict[str, Any], fires: bool) -> None:
    assert metric_off_target(Metric.model_validate(metric)) is fires
    model = _map(_tp("a", 0, metrics=[metric]))
    assert _codes(model) == ({"a": ("metric-off-target",)} if fires else {})


def test_one_reason_per_metric_off_target_and_the_rule_can_be_switched_off() -> None:
    metrics = [
        {"kind": "drop-off", "value": 38, "target": 20, "unit": "%"},
        {"kind": "nps", "value": 18, "target": 30},
    ]
    model = _map(_tp("a", 0, metrics=metrics))
    [moment] = critical_moments(model)
    assert moment.codes == ("metric-off-target", "metric-off-target")
    assert [(r.value, r.limit, r.subject) for r in moment.reasons] == [
        (38, 20, "drop-off"),
        (18, 30, "nps"),
    ]
    assert moment.summary() == "Drop-off 38%, above target 20%; NPS +18, below target +30"
    assert moment.summary("es") == (
        "Abandono 38\u00a0%, sobre la meta 20\u00a0%; NPS +18, bajo la meta +30"
    )
    assert _codes(model, thresholds=Thresholds(metric_targets=False)) == {}


# -- drop-off flows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "fires"),
    [
        ([0.2], True),  # at the default limit
        ([0.19], False),
        ([0.1, 0.1], True),  # the drop-offs leaving a touchpoint add up
        ([0.1, 0.05], False),
        ([None], False),  # no share: nothing to compare
    ],
)
def test_drop_off_share_fires_at_or_above_the_limit(
    shares: list[float | None], fires: bool
) -> None:
    flows = [
        {"source": "a", "kind": "drop-off", **({"share": s} if s is not None else {})}
        for s in shares
    ]
    model = _map(_tp("a", 0), _tp("b", 0), flows=flows)
    assert _codes(model) == ({"a": ("drop-off",)} if fires else {})


def test_only_drop_off_flows_count() -> None:
    flows = [{"source": "a", "target": "b", "kind": "skip", "share": 0.9}]
    assert _codes(_map(_tp("a", 0), _tp("b", 0), flows=flows)) == {}


def test_drop_off_threshold_is_configurable() -> None:
    flows = [{"source": "a", "kind": "drop-off", "share": 0.1}]
    model = _map(_tp("a", 0), flows=flows)
    assert _codes(model, thresholds=Thresholds(drop_off_share=0.1)) == {"a": ("drop-off",)}
    assert _codes(model, thresholds=Thresholds(drop_off_share=None)) == {}
    assert critical_moments(model, thresholds=Thresholds(drop_off_share=0.05))[0].summary("es") == (
        "el 10\u00a0% abandona aquí"
    )


# -- marked -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "fires"),
    [("critical", True), ("negative", False), ("neutral", False), (None, False)],
)
def test_an_explicit_critical_moment_fires(moment: str | None, fires: bool) -> None:
    extra = {"moment": moment} if moment else {}
    model = _map(_tp("a", 1, **extra))
    assert _codes(model) == ({"a": ("marked",)} if fires else {})


# -- together ---------------------------------------------------------------------------


def test_every_rule_at_once_is_listed_in_rule_order() -> None:
    model = _map(
        _tp("a", 1),
        _tp(
            "b",
            -2,
            moment="critical",
            metrics=[{"kind": "drop-off", "value": 38, "target": 20, "unit": "%"}],
        ),
        flows=[{"source": "b", "kind": "drop-off", "share": 0.38}],
    )
    [moment] = critical_moments(model)
    assert moment.codes == (
        "low-emotion",
        "emotion-drop",
        "metric-off-target",
        "drop-off",
        "marked",
    )
    assert moment.summary() == (
        "emotion -2, at or below -2; drops 3 levels after «A»; Drop-off 38%, above target "
        "20%; 38% drop off here; marked critical"
    )
    assert moment.summary("es") == (
        "emoción -2, igual o inferior a -2; cae 3 niveles tras «A»; Abandono 38\u00a0%, "
        "sobre la meta 20\u00a0%; el 38\u00a0% abandona aquí; marcado como crítico"
    )


def test_a_curve_can_supply_the_emotions() -> None:
    model = _map(
        _tp("a", 1),
        _tp("b", 1),
        _tp("c", 1),
        curves=[{"id": "survey", "name": "Survey", "points": {"a": 2, "c": -2}}],
    )
    assert _codes(model) == {}
    assert _codes(model, curve="survey") == {"c": ("low-emotion", "emotion-drop")}
    with pytest.raises(
        JourneyMapError, match="'nope' is not a curve of the map; allowed: 'survey'"
    ):
        critical_moments(model, curve="nope")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("emotion_fraction", -0.1),
        ("emotion_fraction", 1.5),
        ("emotion_fraction", float("nan")),
        ("drop_levels", 0),
        ("drop_levels", -1),
        ("drop_off_share", 1.01),
        ("drop_off_share", True),
    ],
)
def test_bad_thresholds_are_refused_with_what_is_allowed(field: str, value: float) -> None:
    with pytest.raises(JourneyMapError, match=rf"thresholds > {field}: .* is not allowed; allowed"):
        Thresholds(**{field: value})


def test_the_competitor_example_has_the_expected_critical_moments() -> None:
    ours = load(ROOT / "examples" / "competitor" / "ours.yaml")
    assert [(m.touchpoint_id, m.codes) for m in critical_moments(ours)] == [
        ("product-page", ("metric-off-target",)),
        ("account", ("emotion-drop",)),
        ("shipping", ("low-emotion", "metric-off-target", "drop-off")),
        ("payment", ("metric-off-target",)),
        ("review", ("metric-off-target",)),
    ]


def test_critical_markdown_escapes_names_and_says_when_there_are_none() -> None:
    model = _map({"id": "a", "name": "| <b>Fees</b>", "emotion": -2})
    text = critical_markdown(critical_moments(model))
    assert "| \\| &lt;b&gt;Fees&lt;/b&gt; | emotion -2, at or below -2 |" in text
    assert critical_markdown([], "es") == "## Momentos críticos\n\nSin momentos críticos.\n"


def test_the_label_names_each_short_reason_once() -> None:
    model = _map(
        _tp("a", 1),
        _tp(
            "b",
            -2,
            moment="critical",
            metrics=[
                {"kind": "drop-off", "value": 38, "target": 20, "unit": "%"},
                {"kind": "drop-off", "value": 30, "target": 20, "unit": "%"},
                {"kind": "custom", "name": "Errors", "value": 4, "target": 1, "better": "lower"},
            ],
        ),
        flows=[{"source": "b", "kind": "drop-off", "share": 0.38}],
    )
    [moment] = critical_moments(model)
    assert moment.label() == (
        "very low emotion · sharp drop · Drop-off off target · Errors off target · 38% drop off"
        " · marked critical"
    )
    assert moment.label("es") == (
        "emoción muy baja · caída brusca · Abandono fuera de meta · Errors fuera de meta"
        " · abandona el 38\u00a0% · marcado como crítico"
    )
