"""The blueprint in a real browser: texts in their cards, none over another, arrows on cards.

Headless Chromium draws the blueprint and the checks read the drawn geometry: the map's
checks (every text inside its card and the canvas, no card over another in a row), no
two texts overlapping anywhere, and every arrow starting on the edge of one card and
ending, with the tip of its head, on the edge of the card it joins.
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap import Journey, JourneyMap
from journeymap.renderers.blueprint import RENDERER
from journeymap.renderers.blueprint.layout import layout_blueprint
from journeymap.renderers.svg.draw import draw
from journeymap.renderers.svg.scene import Group, Line

from .browser import chromium_page
from .conftest import ROOT
from .strategies import journey_maps
from .test_svg_browser import CHECK, TOLERANCE

pytestmark = pytest.mark.needs_browser

ARROWS = """(tolerance) => {
  const problems = [];
  const svg = document.querySelector('svg');
  const p = svg.id + '-';
  const near = (a, b) => Math.abs(a - b) <= tolerance;
  const rectOf = (g) => {
    const r = Array.from(g.children).find((c) => !['title', 'desc'].includes(c.tagName));
    if (!r || r.tagName !== 'rect') return null;
    return {x: r.x.baseVal.value, y: r.y.baseVal.value,
            w: r.width.baseVal.value, h: r.height.baseVal.value};
  };
  const card = (id) => {
    const g = document.getElementById(p + id);
    return g ? rectOf(g) : null;
  };
  const onEdge = (pt, c) =>
    ((near(pt.y, c.y) || near(pt.y, c.y + c.h))
      && pt.x >= c.x - tolerance && pt.x <= c.x + c.w + tolerance)
    || ((near(pt.x, c.x) || near(pt.x, c.x + c.w))
      && pt.y >= c.y - tolerance && pt.y <= c.y + c.h + tolerance);
  let arrows = 0;
  const selector = `g[id^="${p}handoff-"], g[id^="${p}step-"]`;
  for (const g of svg.querySelectorAll(selector)) {
    arrows++;
    const line = g.querySelector('line'), head = g.querySelector('polygon');
    const start = {x: line.x1.baseVal.value, y: line.y1.baseVal.value};
    const end = {x: line.x2.baseVal.value, y: line.y2.baseVal.value};
    const [tip, b1, b2] = [0, 1, 2].map((i) => head.points.getItem(i));
    if (!near(end.x, (b1.x + b2.x) / 2) || !near(end.y, (b1.y + b2.y) / 2)) {
      problems.push(`${g.id}: the shaft does not meet the head`);
    }
    const parts = g.id.slice(p.length).split('-');
    let ok;
    if (parts[0] === 'handoff') {
      const lower = parts.pop(), upper = parts.pop();
      const tp = parts.slice(1).join('-');
      const a = card(`tp-${tp}-${upper}`), b = card(`tp-${tp}-${lower}`);
      ok = a && b && ((onEdge(start, a) && onEdge(tip, b)) || (onEdge(start, b) && onEdge(tip, a)));
    } else {
      const row = parts.pop();
      const source = card(`tp-${parts.slice(1).join('-')}-${row}`);
      const lane = document.getElementById(`${p}lane-${row}`);
      const targets = Array.from(lane.children).filter((c) => c.tagName === 'g')
        .map(rectOf).filter((c) => c && onEdge(tip, c) && near(c.x, tip.x));
      ok = source && onEdge(start, source) && near(start.x, source.x + source.w)
        && targets.length === 1;
    }
    if (!ok) {
      problems.push(`${g.id}: from ${start.x.toFixed(1)},${start.y.toFixed(1)} ` +
        `to ${tip.x.toFixed(1)},${tip.y.toFixed(1)} is not from card to card`);
    }
  }
  const boxes = Array.from(svg.querySelectorAll('text'))
    .filter((t) => (t.textContent || '').trim())
    .map((t) => [t, t.getBBox()]);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [ta, a] = boxes[i], [tb, b] = boxes[j];
      const apart = a.x + a.width <= b.x + tolerance || b.x + b.width <= a.x + tolerance
        || a.y + a.height <= b.y + tolerance || b.y + b.height <= a.y + tolerance;
      if (!apart) {
        problems.push(`"${ta.textContent.slice(0, 30)}" overlaps "${tb.textContent.slice(0, 30)}"`);
      }
    }
  }
  return {problems, arrows};
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium_page() as browser_page:
        yield browser_page


def _problems(page: Any, svg: str) -> tuple[list[str], int]:
    body = svg.split("?>", 1)[1]
    page.set_content(f"<!doctype html><html><body style='margin:0'>{body}</body></html>")
    fits = page.evaluate(CHECK, TOLERANCE)
    arrows = page.evaluate(ARROWS, TOLERANCE)
    assert fits["texts"] > 0
    return [*fits["problems"], *arrows["problems"]], int(arrows["arrows"])


def _example() -> JourneyMap:
    journey = runpy.run_path(str(ROOT / "examples" / "blueprint_telefono.py"), run_name="x")
    built: JourneyMap = journey["journey"].build()
    return built


def _demanding() -> JourneyMap:
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    return (
        Journey(f"Long {word} words", persona=word)
        .actor(word, id="captain", role="backstage")
        .actor("山田 花子 👩‍💻", id="hanako", role="customer")
        .channel(word, id="long-channel")
        .phase(word * 2, goal=word)
        .touchpoint(
            word,
            channel="long-channel",
            moment="critical",
            duration=word * 2,
            action=word * 3,
            frontstage=[word * 2, "مشكلة في الدفع عبر الإنترنت"],
            actors=["captain", "hanako"],
        )
        .touchpoint(
            "広告を見る📱",
            channel="social",
            duration="2 días",
            backstage=["これは良さそう 😍👍🏽"],
            support=["שלום עולם, זה טקסט בעברית"],
            actors=["hanako"],
        )
        .phase("Empty")
        .phase("Last")
        .touchpoint("x", evidence=["y"], support=["z"], frontstage=["w"])
        .build()
    )


@pytest.mark.parametrize("theme", ["default", "dark", "print"])
def test_the_example_fits_and_its_arrows_join_cards(page: Any, theme: str) -> None:
    problems, arrows = _problems(page, RENDERER.render(_example(), theme=theme, actors=True))
    assert problems == []
    assert arrows == 44  # counted by hand: 20 handoffs, and 7 + 3 + 7 + 7 steps


def test_a_demanding_blueprint_fits_and_its_arrows_join_cards(page: Any) -> None:
    problems, arrows = _problems(page, RENDERER.render(_demanding(), actors=True))
    assert problems == []
    assert arrows > 0


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(journey_maps(max_phases=3, max_touchpoints=4))
def test_generated_blueprints_fit_and_their_arrows_join_cards(page: Any, model: JourneyMap) -> None:
    assert _problems(page, RENDERER.render(model, actors=True))[0] == []


def test_the_check_catches_an_arrow_that_misses_its_card(page: Any) -> None:
    scene = layout_blueprint(_example(), id_prefix="bp")
    target = "handoff-llama-al-centro-de-atencion-actions-frontstage"

    def moved(element: Any) -> Any:
        if isinstance(element, Group) and element.id == target:
            shaft, head = element.children
            assert isinstance(shaft, Line)
            return replace(element, children=(replace(shaft, y1=shaft.y1 + 6), head))
        return element

    broken = replace(scene, children=tuple(moved(e) for e in scene.children))
    problems, _ = _problems(page, draw(broken))
    assert [p.split(":")[0] for p in problems] == [f"bp-{target}"]
