"""Planned against actual: missing, unplanned, failing and out-of-order steps, and marks."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap import JourneyMapError, load, render
from journeymap.analysis.critical import Thresholds
from journeymap.analysis.deviation import (
    allowed_transitions,
    deviations,
    mark_deviations,
)
from journeymap.analysis.report import deviations_markdown
from journeymap.model import JourneyMap

from .conftest import ROOT
from .strategies import journey_maps
from .timing import GROWTH, growth_ratio

EXAMPLE = ROOT / "examples" / "planned_vs_actual"


def _plan(ids: str, flows: list[dict[str, Any]] | None = None, **extra: Any) -> JourneyMap:
    """A one-phase map of touchpoints named by the letters of ``ids``."""
    touchpoints = [{"id": i, "name": i.upper()} for i in ids]
    return JourneyMap.model_validate(
        {
            "title": "Plan",
            "phases": [{"id": "p", "name": "P", "touchpoints": touchpoints}],
            "flows": flows or [],
            **extra,
        }
    )


def _summary(planned: JourneyMap, path: Any) -> dict[str, list[Any]]:
    found = deviations(planned, path)
    return {
        "missing": [m.planned_id for m in found.missing],
        "unplanned": [(v.step, v.touchpoint_id) for v in found.unplanned],
        "failing": [(f.visit.step, [r.code for r in f.reasons]) for f in found.failing],
        "out_of_order": [(o.visit.step, o.previous) for o in found.out_of_order],
    }


def test_the_example_deviates_as_found_by_hand() -> None:
    found = deviations(load(EXAMPLE / "planned.yaml"), load(EXAMPLE / "actual.yaml"))
    assert [(v.step, v.touchpoint_id, v.planned_id) for v in found.path] == [
        (1, "books-online", "books-online"),
        (2, "calls-the-shop", None),
        (3, "drops-off", "drops-off"),
        (4, "ready-sms", "ready-sms"),
        (5, "pays", "pays"),
        (6, "picks-up", "picks-up"),
    ]
    assert [(m.planned_id, m.phase_name) for m in found.missing] == [
        ("confirmation", "Book"),
        ("feedback", "Collect"),
    ]
    assert [v.name for v in found.unplanned] == ["Calls the shop"]
    assert [(f.visit.touchpoint_id, [r.text() for r in f.reasons]) for f in found.failing] == [
        ("drops-off", ["Wait at the counter 25 min, above target 10 min"]),
        ("picks-up", ["emotion -2, at or below -2"]),
    ]
    # Pays is planned after the pick-up, not after the SMS; the pick-up not after paying.
    assert [(o.visit.touchpoint_id, o.previous, o.previous_name) for o in found.out_of_order] == [
        ("pays", "ready-sms", "Is told the phone is ready"),
        ("picks-up", "pays", "Pays"),
    ]
    assert found.count == 7
    assert not found.empty


def test_a_path_of_ids_has_missing_unplanned_and_out_of_order_but_nothing_failing() -> None:
    assert _summary(_plan("abcd"), ["a", "c", "b", "x", "d"]) == {
        "missing": [],
        "unplanned": [(4, "x")],
        "failing": [],
        # a -> c passes over b, which is visited later: not allowed; c -> b goes back;
        # b -> d passes over c, visited before. The unplanned x is left out of the order.
        "out_of_order": [(2, "a"), (3, "c"), (5, "b")],
    }


def test_passing_over_touchpoints_never_reached_is_not_out_of_order() -> None:
    assert _summary(_plan("abcd"), ["a", "d"]) == {
        "missing": ["b", "c"],
        "unplanned": [],
        "failing": [],
        "out_of_order": [],
    }
    assert _summary(_plan("abcd"), ["c", "d"])["out_of_order"] == []  # a and b never reached


def test_the_path_must_start_where_the_plan_starts() -> None:
    assert _summary(_plan("abc"), ["b", "a", "c"])["out_of_order"] == [
        (1, None),
        (2, "b"),
        (3, "a"),
    ]


@pytest.mark.parametrize(
    ("flows", "path", "out_of_order"),
    [
        ([], ["a", "b", "b", "c"], [(3, "b")]),  # a repeat needs a retry flow
        ([{"source": "b", "target": "b", "kind": "retry"}], ["a", "b", "b", "c"], []),
        ([{"source": "c", "target": "a", "kind": "loop"}], ["a", "b", "c", "a", "b", "c"], []),
        ([], ["a", "b", "c", "a"], [(4, "c")]),  # no loop back
        ([{"source": "a", "target": "c", "kind": "skip"}], ["a", "c", "b"], [(3, "c")]),
        ([{"source": "a", "target": "c", "kind": "branch"}], ["a", "c"], []),
        ([{"source": "c", "target": "b", "kind": "retry"}], ["a", "b", "c", "b", "c"], []),
        ([{"source": "b", "kind": "drop-off", "share": 0.5}], ["a", "b"], []),
    ],
)
def test_flows_allow_transitions(
    flows: list[dict[str, Any]], path: list[str], out_of_order: list[tuple[int, str]]
) -> None:
    assert _summary(_plan("abc", flows), path)["out_of_order"] == out_of_order


def test_declared_next_flows_replace_the_journey_order() -> None:
    plan = _plan("abc", [{"source": "a", "target": "c"}, {"source": "c", "target": "b"}])
    assert allowed_transitions(plan) == {
        None: frozenset("a"),
        "a": frozenset("c"),
        "b": frozenset(),
        "c": frozenset("b"),
    }
    assert _summary(plan, ["a", "c", "b"])["out_of_order"] == []
    assert _summary(plan, ["a", "b", "c"])["out_of_order"] == [(2, "a"), (3, "b")]


def test_the_journey_order_runs_across_phases() -> None:
    plan = JourneyMap.model_validate(
        {
            "title": "Plan",
            "phases": [
                {"id": "p", "name": "P", "touchpoints": [{"id": "a", "name": "A"}]},
                {"id": "q", "name": "Q", "touchpoints": [{"id": "b", "name": "B"}]},
            ],
        }
    )
    assert allowed_transitions(plan) == {None: {"a"}, "a": {"b"}, "b": set()}


def test_actual_steps_match_planned_ones_by_id_then_by_name() -> None:
    actual = JourneyMap.model_validate(
        {
            "title": "Ana",
            "phases": [
                {
                    "id": "x",
                    "name": "X",
                    "touchpoints": [
                        {"id": "a", "name": "Whatever"},
                        {"id": "second", "name": " b "},
                        {"id": "b-again", "name": "B"},
                        {"id": "z", "name": "Z"},
                    ],
                }
            ],
        }
    )
    found = deviations(_plan("abc", [{"source": "b", "target": "b", "kind": "retry"}]), actual)
    assert [v.planned_id for v in found.path] == ["a", "b", "b", None]
    assert [m.planned_id for m in found.missing] == ["c"]
    assert found.out_of_order == ()


@pytest.mark.parametrize(
    ("touchpoint", "codes"),
    [
        ({"emotion": -2}, ["low-emotion"]),
        ({"emotion": -1}, []),
        ({"moment": "critical"}, ["marked"]),
        ({"metrics": [{"kind": "drop-off", "value": 30, "target": 10}]}, ["metric-off-target"]),
        ({"metrics": [{"kind": "drop-off", "value": 5, "target": 10}]}, []),
    ],
)
def test_failing_steps_follow_the_critical_rules(
    touchpoint: dict[str, Any], codes: list[str]
) -> None:
    actual = _plan("ab", title="Ana").model_dump(mode="json")
    actual["phases"][0]["touchpoints"][1].update(touchpoint)
    found = _summary(_plan("ab"), JourneyMap.model_validate(actual))
    assert found["failing"] == ([(2, codes)] if codes else [])


def test_failing_uses_the_thresholds() -> None:
    actual = _plan("a").model_dump(mode="json")
    actual["phases"][0]["touchpoints"][0]["emotion"] = -1
    model = JourneyMap.model_validate(actual)
    assert deviations(_plan("a"), model).failing == ()
    found = deviations(_plan("a"), model, thresholds=Thresholds(emotion_fraction=0.25))
    assert [f.visit.step for f in found.failing] == [1]


@pytest.mark.parametrize(
    ("actual", "message"),
    [
        ("abc", "actual: expected a JourneyMap or a list of touchpoint ids; got str"),
        (42, "actual: expected a JourneyMap or a list of touchpoint ids; got int"),
        (["a", 3], "actual > 1: expected a touchpoint id (text); got int"),
    ],
)
def test_a_bad_actual_path_is_refused(actual: Any, message: str) -> None:
    with pytest.raises(JourneyMapError) as info:
        deviations(_plan("abc"), actual)
    assert str(info.value) == message


def test_the_marked_example_carries_every_deviation() -> None:
    planned, actual = load(EXAMPLE / "planned.yaml"), load(EXAMPLE / "actual.yaml")
    marked = mark_deviations(planned, actual)
    assert [(tp.id, tp.moment, tp.pain_points) for tp in marked.touchpoints] == [
        ("books-online", None, ("missing: Gets a confirmation",)),
        ("calls-the-shop", "critical", ("unplanned step",)),
        (
            "drops-off",
            "critical",
            ("failing: Wait at the counter 25 min, above target 10 min",),
        ),
        ("ready-sms", None, ()),
        (
            "pays",
            "critical",
            ("out of order: after «Is told the phone is ready»", "missing: Rates the repair"),
        ),
        (
            "picks-up",
            "critical",
            (
                "A scratch under the new screen",
                "failing: emotion -2, at or below -2",
                "out of order: after «Pays»",
            ),
        ),
    ]
    assert load(EXAMPLE / "actual.yaml") == actual  # the input map is unchanged
    es = mark_deviations(planned, actual, locale="es")
    assert es.touchpoint("calls-the-shop").pain_points == ("paso no previsto",)
    assert es.touchpoint("books-online").pain_points == ("falta: Gets a confirmation",)
    svg = render(marked, "svg")
    assert "unplanned step" in svg
    assert "missing: Rates the repair" in svg


def test_marking_a_path_without_deviations_returns_the_map_itself() -> None:
    plan = _plan("ab")
    assert mark_deviations(plan, plan) is plan


def test_deviations_table_in_both_languages() -> None:
    found = deviations(load(EXAMPLE / "planned.yaml"), load(EXAMPLE / "actual.yaml"))
    assert deviations_markdown(found) == (
        "## Deviations from the plan «Screen repair (planned)»\n"
        "\n"
        "Steps taken: 6. Missing: 2; unplanned: 1; failing: 2; out of order: 2.\n"
        "\n"
        "| Step | Touchpoint | Deviation | Detail |\n"
        "| --- | --- | --- | --- |\n"
        "| 2 | Calls the shop | unplanned |  |\n"
        "| 3 | Drops off the phone | failing | Wait at the counter 25 min, above target 10 min |\n"
        "| 5 | Pays | out of order | after «Is told the phone is ready» |\n"
        "| 6 | Picks up the phone | failing | emotion -2, at or below -2 |\n"
        "| 6 | Picks up the phone | out of order | after «Pays» |\n"
        "| — | Gets a confirmation | missing | planned in «Book» |\n"
        "| — | Rates the repair | missing | planned in «Collect» |\n"
    )
    es = deviations_markdown(found, "es")
    assert "| 5 | Pays | fuera de orden | tras «Is told the phone is ready» |\n" in es
    assert "| — | Rates the repair | falta | previsto en «Collect» |\n" in es
    plan = _plan("ab")
    assert deviations_markdown(deviations(plan, ["a", "b"]), "es") == (
        "## Desviaciones del plan «Plan»\n\nSin desviaciones: el recorrido siguió el plan.\n"
    )


def test_deviations_table_escapes_user_text() -> None:
    plan = JourneyMap.model_validate(
        {
            "title": "<b>Plan</b>",
            "phases": [{"id": "p", "name": "|P|", "touchpoints": [{"id": "a", "name": "*A*"}]}],
        }
    )
    text = deviations_markdown(deviations(plan, ["x|y"]))
    assert "## Deviations from the plan «&lt;b&gt;Plan&lt;/b&gt;»" in text
    assert "| 1 | x\\|y | unplanned |  |" in text
    assert "| — | \\*A\\* | missing | planned in «\\|P\\|» |" in text


def _without_next_flows(model: JourneyMap) -> JourneyMap:
    data = model.model_dump(mode="json")
    data["flows"] = [f for f in data["flows"] if f["kind"] != "next"]
    return JourneyMap.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_a_map_followed_in_its_own_order_has_no_deviation(model: JourneyMap) -> None:
    plan = _without_next_flows(model)
    found = deviations(plan, [tp.id for tp in plan.touchpoints])
    assert found.empty
    assert found.count == 0
    assert len(found.path) == len(plan.touchpoints)


def test_the_analysis_script_renders_every_example(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "render_analysis.py"), run_name="analysis")
    assert script["main"]([str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "actual_marked.md",
        "actual_marked.svg",
        "comparison.en.md",
        "comparison.es.md",
        "critical.en.md",
        "critical.es.md",
        "deviations.en.md",
        "deviations.es.md",
        "ours_with_competitor.svg",
    ]
    assert "| 2 | Calls the shop | unplanned |  |" in (tmp_path / "deviations.en.md").read_text(
        encoding="utf-8"
    )
    assert "<svg" in (tmp_path / "actual_marked.svg").read_text(encoding="utf-8")


def _ring(n: int) -> JourneyMap:
    touchpoints = [{"id": f"t{i}", "name": f"T{i}"} for i in range(n)]
    return JourneyMap.model_validate(
        {
            "title": "Ring",
            "phases": [{"id": "p", "name": "P", "touchpoints": touchpoints}],
            "flows": [{"source": f"t{n - 1}", "target": "t0", "kind": "loop"}],
        }
    )


def _check(plan: JourneyMap, path: list[str]) -> Callable[[], None]:
    def check() -> None:
        assert deviations(plan, path).out_of_order == ()

    return check


def test_out_of_order_check_grows_linearly_when_steps_jump_over_long_stretches() -> None:
    # First and last touchpoints visited in turn: every step passes over all the others,
    # which the customer never reached. Searching that stretch once per step would be
    # quadratic (about 10 s at 10,000 touchpoints before it was searched once per step).
    small, large = 1_000, 10_000
    ratio = growth_ratio(
        _check(_ring(small), ["t0", f"t{small - 1}"] * (small // 2)),
        _check(_ring(large), ["t0", f"t{large - 1}"] * (large // 2)),
    )
    assert ratio < GROWTH


def test_the_package_names_are_the_functions_even_after_their_modules_load() -> None:
    import importlib

    import journeymap.analysis as analysis

    for module in ("comparison", "deviation", "critical", "report", "surveys"):
        importlib.import_module(f"journeymap.analysis.{module}")
    for name in ("compare", "deviations", "critical_moments", "apply_survey"):
        assert callable(getattr(analysis, name)), name
