"""Growth proofs: ten times the touchpoints take about ten times as long, not a hundred.

Each test renders a map and one ten times larger in the same run and compares the
times with :func:`tests.timing.growth_ratio` (linear gives about 10, quadratic about
100; the suite accepts up to :data:`tests.timing.GROWTH`). The maps come from the
shared generator of ``test_model_limits``, given what each renderer draws: blueprint
lanes for the blueprint, many flows of every looping and skipping kind for the flow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from journeymap import JourneyMap, render
from journeymap.ext.embed import EmbedOptions, render_embed

from .test_model_limits import _big_map
from .timing import GROWTH, growth_ratio

#: The kinds of flow that leave the straight line, drawn in turn from one touchpoint to
#: the next; every third touchpoint of ten has one more.
FLOW_KINDS = ("retry", "skip", "drop-off", "loop")


def _flow(ids: list[str], index: int, kind: str) -> dict[str, Any]:
    """A flow of ``kind`` from touchpoint ``index``: back one, ahead two, out, or back three."""
    source, last = ids[index], len(ids) - 1
    if kind == "retry":
        return {"source": source, "target": ids[max(index - 1, 0)], "kind": kind, "label": "again"}
    if kind == "skip":
        return {"source": source, "target": ids[min(index + 2, last)], "kind": kind, "share": 0.2}
    if kind == "drop-off":
        return {"source": source, "kind": kind, "share": 0.1}
    return {"source": source, "target": ids[max(index - 3, 0)], "kind": kind}


def _with_flows(count: int) -> JourneyMap:
    """A map of ``count`` touchpoints with 1.3 flows a touchpoint, of every kind in turn."""
    model = _big_map(count, curves=0)
    ids = [touchpoint.id for touchpoint in model.touchpoints]
    flows = [
        _flow(ids, index, FLOW_KINDS[(index + extra) % len(FLOW_KINDS)])
        for index in range(count)
        for extra in ((0, 1) if index % 10 in (1, 4, 7) else (0,))
    ]
    data = model.model_dump(mode="json", exclude_none=True)
    return JourneyMap.model_validate({**data, "flows": flows})


def _with_blueprint_lanes(count: int) -> JourneyMap:
    """A map of ``count`` touchpoints, each with an action and a line in every blueprint lane."""
    data = _big_map(count, curves=0).model_dump(mode="json", exclude_none=True)
    for phase in data["phases"]:
        for touchpoint in phase["touchpoints"]:
            name = touchpoint["name"]
            touchpoint.update(
                action=f"Does {name}",
                evidence=[f"Screen of {name}"],
                frontstage=[f"Agent greets {name}"],
                backstage=[f"Checks {name}"],
                support=[f"System of {name}"],
                owner="Operations",
            )
    return JourneyMap.model_validate(data)


def _assert_linear(
    what: str, make: Callable[[int], JourneyMap], size: int, call: Callable[[JourneyMap], object]
) -> None:
    small, large = make(size), make(10 * size)
    ratio = growth_ratio(lambda: call(small), lambda: call(large))
    assert ratio < GROWTH, f"{what}: 10x the touchpoints took {ratio:.1f}x as long"


def test_the_blueprint_grows_linearly() -> None:
    drawn = render(_with_blueprint_lanes(20), "blueprint")
    for lane in ("Does", "Screen of", "Agent greets", "Checks", "System of"):
        assert f"{lane} Step 19" in drawn  # every lane of every touchpoint is drawn
    _assert_linear("blueprint", _with_blueprint_lanes, 150, lambda m: render(m, "blueprint"))


def test_the_flow_grows_linearly_with_many_flows() -> None:
    model = _with_flows(100)
    assert len(model.flows) == 130
    assert {flow.kind for flow in model.flows} == set(FLOW_KINDS)
    # Every flow is an edge of its own beside the straight line, drawn without constraint.
    assert render(model, "dot").count("constraint=false") == 130
    _assert_linear("dot with flows", _with_flows, 300, lambda m: render(m, "dot"))


@pytest.mark.parametrize(("renderer", "size"), [("json", 500), ("yaml", 150)])
def test_the_data_formats_grow_linearly(renderer: str, size: int) -> None:
    _assert_linear(renderer, _big_map, size, lambda m: render(m, renderer))


def test_an_embedded_map_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", "")  # time the drawing, not a cache hit
    _assert_linear("embedded map", _big_map, 100, lambda m: render_embed(m, EmbedOptions()))
