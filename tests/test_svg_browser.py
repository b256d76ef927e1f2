"""The SVG map in a real browser: every text inside its card, no card over another.

Headless Chromium renders each example in every theme and a set of demanding maps, and
the test reads the real text boxes rather than trusting the layout's own arithmetic.
A line's box spans its visible characters (``getExtentOfChar``): white space that ends a
line has an advance but no ink, and the layout wraps by the visible part of each line.
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from journeymap import Journey, JourneyMap, render

from .browser import chromium_page
from .conftest import ROOT
from .strategies import journey_maps

pytestmark = pytest.mark.needs_browser

# Half a pixel of slack absorbs anti-aliasing and Chromium's 1/64 px rounding.
TOLERANCE = 0.5

CHECK = """(tolerance) => {
  const problems = [];
  const svg = document.querySelector('svg');
  const width = svg.width.baseVal.value, height = svg.height.baseVal.value;
  const graphic = (el) => !['title', 'desc'].includes(el.tagName);
  const label = (el) => (el.textContent || '').slice(0, 40);
  const boxOf = (rect) => ({x: rect.x.baseVal.value, y: rect.y.baseVal.value,
                             w: rect.width.baseVal.value, h: rect.height.baseVal.value});
  // The box of what a text shows: its lines without the white space that ends them.
  const trailing = /[\\s\\x1c-\\x1f\\x85]+$/;
  const inkOf = (text) => {
    const whole = text.getBBox();
    let left = Infinity, right = -Infinity;
    for (const line of text.children) {
      const shown = (line.textContent || '').replace(trailing, '').length;
      for (let i = 0; i < Math.min(shown, line.getNumberOfChars()); i++) {
        const e = line.getExtentOfChar(i);
        left = Math.min(left, e.x);
        right = Math.max(right, e.x + e.width);
      }
    }
    if (left === Infinity) return {x: whole.x, y: whole.y, width: 0, height: whole.height};
    return {x: left, y: whole.y, width: right - left, height: whole.height};
  };
  const cardRect = (g) => {
    const first = Array.from(g.children).find(graphic);
    return first && first.tagName === 'rect' ? first : null;
  };
  for (const text of svg.querySelectorAll('text')) {
    const b = text.getBBox();
    if (b.x < -tolerance || b.y < -tolerance || b.x + b.width > width + tolerance
        || b.y + b.height > height + tolerance) {
      problems.push(`outside the canvas: "${label(text)}"`);
    }
  }
  for (const g of svg.querySelectorAll('g')) {
    const rect = cardRect(g);
    if (!rect) continue;
    const c = boxOf(rect);
    for (const text of g.children) {
      if (text.tagName !== 'text') continue;
      const b = inkOf(text);
      if (b.width === 0) continue;
      if (b.x < c.x - tolerance || b.y < c.y - tolerance || b.x + b.width > c.x + c.w + tolerance
          || b.y + b.height > c.y + c.h + tolerance) {
        problems.push(`overflows ${g.id || 'a card'}: "${label(text)}" ` +
          `text ${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}x${b.height.toFixed(1)} ` +
          `card ${c.x.toFixed(1)},${c.y.toFixed(1)} ${c.w.toFixed(1)}x${c.h.toFixed(1)}`);
      }
    }
  }
  for (const lane of svg.querySelectorAll('g[id^="' + svg.id + '-lane-"]')) {
    const cards = Array.from(lane.children)
      .filter((g) => g.tagName === 'g' && cardRect(g)).map((g) => [g.id, boxOf(cardRect(g))]);
    for (let i = 0; i < cards.length; i++) {
      for (let j = i + 1; j < cards.length; j++) {
        const [ida, a] = cards[i], [idb, b] = cards[j];
        const apart = a.x + a.w <= b.x + tolerance || b.x + b.w <= a.x + tolerance
          || a.y + a.h <= b.y + tolerance || b.y + b.h <= a.y + tolerance;
        if (!apart) problems.push(`${ida} overlaps ${idb} in ${lane.id}`);
      }
    }
  }
  return {problems, texts: svg.querySelectorAll('text').length};
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium_page() as browser_page:
        yield browser_page


def _check(page: Any, svg: str) -> list[str]:
    page.set_content(f"<!doctype html><html><body style='margin:0'>{_body(svg)}</body></html>")
    result = page.evaluate(CHECK, TOLERANCE)
    assert result["texts"] > 0
    problems: list[str] = result["problems"]
    return problems


def _body(svg: str) -> str:
    return svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg


def _example(name: str) -> Journey:
    journey = runpy.run_path(str(ROOT / "examples" / f"{name}.py"), run_name="__test__")["journey"]
    assert isinstance(journey, Journey)
    return journey


def _long_words() -> Journey:
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    return (
        Journey(f"Long {word} words", persona=word)
        .channel(word, id="long-channel")
        .phase(word * 2, goal=word)
        .touchpoint(
            word, channel="long-channel", emotion=-2, action=word * 3, pain_points=[word * 4]
        )
        .touchpoint("https://example.org/a/very/long/path/that/never/breaks/at/a/space/at/all")
    )


def _forty() -> Journey:
    journey = Journey("Forty touchpoints", persona="Someone patient")
    for index in range(40):
        if index % 8 == 0:
            journey.phase(f"Phase {index // 8 + 1}", goal="Keep going")
        journey.touchpoint(
            f"Step {index + 1}",
            channel=["web", "phone", "store", "email"][index % 4],
            emotion=[-2, -1, 0, 1, 2][index % 5],
            thoughts=[f"Thought number {index} with a few words to wrap"] if index % 3 else [],
            backstage=["A process"] if index % 4 == 0 else [],
        )
    return journey


def _empty_lanes() -> Journey:
    return Journey("Sparse").phase("Empty").phase("One").touchpoint("Only a name").phase("Gone")


def _scripts() -> Journey:
    return (
        Journey("購入の旅 🛒 رحلة الشراء", persona="山田 花子 👩‍💻")
        .phase("探す 🔍", goal="良い商品を見つける")
        .touchpoint(
            "広告を見る📱",
            channel="social",
            emotion=1,
            action="スマートフォンで広告を見て、商品ページを開きます。とても長い説明文です。",
            thoughts=["これは良さそう 😍👍🏽", "שלום עולם, זה טקסט בעברית"],
        )
        .phase("買う 💳")
        .touchpoint(
            "支払う",
            channel="web",
            emotion=-2,
            pain_points=["送料が高すぎる！！💸💸💸", "مشكلة في الدفع عبر الإنترنت"],
            metrics=[{"kind": "nps", "value": -12, "target": 20, "n": 300}],
        )
    )


def _open_isolates() -> Journey:
    # Isolates opened at the start of a text that wraps: Chromium placed its lines out of
    # the card (and the canvas) until each line became an isolate of its own.
    opened = "\u2067\u2066"
    return (
        Journey("Isolates")
        .phase("P")
        .touchpoint("x", action=opened + "0" * 120, pain_points=[opened + "abc " * 40])
    )


MAPS = {
    "open-isolates": _open_isolates,
    "long-words": _long_words,
    "forty-touchpoints": _forty,
    "empty-lanes": _empty_lanes,
    "cjk-emoji-rtl": _scripts,
}


@pytest.mark.parametrize("theme", ["default", "dark", "print"])
@pytest.mark.parametrize("name", ["oficina_tecnica", "online_checkout"])
def test_examples_fit_in_the_browser(page: Any, name: str, theme: str) -> None:
    assert _check(page, render(_example(name), "svg", theme=theme)) == []


@pytest.mark.parametrize("theme", ["default", "dark", "print"])
@pytest.mark.parametrize("name", sorted(MAPS))
def test_demanding_maps_fit_in_the_browser(page: Any, name: str, theme: str) -> None:
    assert _check(page, render(MAPS[name](), "svg", theme=theme)) == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(journey_maps(max_phases=3, max_touchpoints=4))
def test_generated_maps_fit_in_the_browser(page: Any, model: JourneyMap) -> None:
    assert _check(page, render(model, "svg")) == []


class _HalfMeasurer:
    """Reports half the real width: a layout trusting it must overflow in the browser."""

    font_family = "Liberation Sans"
    ascent = 0.905
    descent = 0.212

    def width(self, text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
        from journeymap.text import default_measurer

        return default_measurer().width(text, size, bold=bold, italic=italic) / 2


def test_the_check_catches_text_that_overflows(page: Any) -> None:
    from journeymap.renderers.svg.draw import draw
    from journeymap.renderers.svg.layout import layout

    scene = layout(_example("online_checkout").build(), measurer=_HalfMeasurer())
    svg = draw(scene)
    prefix = svg.split(' id="', 1)[1].split('"', 1)[0]
    assert prefix.startswith("jm-")
    problems = _check(page, svg)
    assert any(problem.startswith(f"overflows {prefix}-tp-") for problem in problems)


def test_white_space_that_ends_a_line_has_no_ink_to_overflow(page: Any) -> None:
    # wrap() measures a line without the spaces that end it; a browser gives them an
    # advance (an ideographic space a whole em) but draws nothing there.
    spaced = "Pays\u3000" + "\u3000" * 40
    m = Journey("T").phase("P").touchpoint("Pays", action=spaced).build()
    assert _check(page, render(m, "svg")) == []
    inked = "Pays\u3000" + "x" * 80
    m = Journey("T").phase("P").touchpoint("Pays", action=inked).build()
    assert _check(page, render(m, "svg")) == []  # wrapped: it fits


GLYPH_WIDTHS = """() => Array.from(document.querySelectorAll('text'))
  .filter((t) => t.getAttribute('font-weight') === 'bold' && t.textContent.length === 1)
  .map((t) => [t.textContent, Number(t.getAttribute('font-size')), t.getComputedTextLength()])"""


def test_item_glyphs_are_drawn_by_the_maps_font(page: Any) -> None:
    """The thought, motivation and doubt glyphs come from Liberation Sans, not a fallback."""
    from journeymap.renderers.svg.glyphs import ITEM_GLYPHS
    from journeymap.text import default_measurer

    journey = (
        Journey("Glyphs")
        .phase("Buy")
        .touchpoint("Pays", thoughts=["Hm"], motivations=["Go"], doubts=["Sure?"])
    )
    page.set_content(f"<!doctype html><html><body>{_body(render(journey, 'svg'))}</body></html>")
    drawn: list[tuple[str, float, float]] = page.evaluate(GLYPH_WIDTHS)
    glyphs = {glyph.char for glyph in ITEM_GLYPHS.values()}
    assert {char for char, _, _ in drawn} == glyphs
    measurer = default_measurer()
    for char, size, width in drawn:
        assert abs(width - measurer.width(char, size, bold=True)) < TOLERANCE, (char, width)
