"""The ``auto`` theme: light colours in the SVG, the dark theme's where the reader wants.

Each case applies the drawing's ``<style>`` rules by hand (the most specific matching
rule wins, as in CSS) to every element of the light drawing and compares the result with
the same map drawn in the dark theme: they must agree element by element. A browser test
reads the computed colours with the colour scheme emulated.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from journeymap import load, render
from journeymap.colour_scheme import with_dark_scheme
from journeymap.renderers import render_image

from .browser import chromium_page
from .conftest import ROOT

_RULE = re.compile(r"#(\S+) (\w+)((?:\[\w+=\"#[0-9a-f]{6}\"\])+)\{([^}]*)\}")
_SELECTOR_PAINT = re.compile(r'\[(\w+)="(#[0-9a-f]{6})"\]')
_PAINTS = ("fill", "stroke")


def _map() -> Any:
    return load(ROOT / "examples" / "online_checkout.yaml")


def _elements(svg: str) -> list[ET.Element]:
    body = svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg
    return [e for e in ET.fromstring(body).iter() if not e.tag.endswith("}style")]


def _paints(element: ET.Element) -> dict[str, str]:
    return {
        name: value.lower()
        for name in _PAINTS
        if (value := element.get(name)) and value.startswith("#")
    }


def _dark_by_hand(light: str, scope: str) -> list[dict[str, str]]:
    """Every element's fill and stroke once the style's dark rules apply."""
    css = re.search(r"<style>(.*?)</style>", light, re.S)
    assert css is not None, "no <style> in an auto drawing"
    assert css.group(1).startswith("@media (prefers-color-scheme: dark) {")
    rules = []
    for found in _RULE.finditer(css.group(1)):
        assert found.group(1) == scope, "a rule reaches outside its drawing"
        condition = dict(_SELECTOR_PAINT.findall(found.group(3)))
        declared = dict(part.split(":") for part in found.group(4).split(";"))
        rules.append((found.group(2), condition, declared))
    result = []
    for element in _elements(light):
        tag = element.tag.rpartition("}")[2]
        paints = _paints(element)
        matching = [
            (len(condition), declared)
            for rule_tag, condition, declared in rules
            if rule_tag == tag and condition.items() <= paints.items()
        ]
        if matching:
            paints.update(max(matching, key=lambda item: item[0])[1])
        result.append(paints)
    return result


def _root_id(svg: str) -> str:
    found = re.search(r'<svg[^>]* id="([^"]+)"', svg) or re.search(
        r'<g id="([^"]+)" class="graph"', svg
    )
    assert found is not None
    return found.group(1).replace("&#45;", "-")


def test_an_auto_map_turns_into_the_dark_theme_element_by_element() -> None:
    auto = render(_map(), "svg", theme="auto")
    scope = _root_id(auto)
    dark = render(_map(), "svg", theme="dark", id_prefix=scope)
    assert _dark_by_hand(auto, scope) == [_paints(e) for e in _elements(dark)]


@pytest.mark.needs_dot
def test_an_auto_flow_turns_into_the_dark_theme_element_by_element() -> None:
    auto = render_image(_map(), "dot", "svg", theme="auto").decode("utf-8")
    scope = _root_id(auto)
    dark = render_image(_map(), "dot", "svg", theme="dark", id_prefix=scope).decode("utf-8")
    assert _dark_by_hand(auto, scope) == [_paints(e) for e in _elements(dark)]


def test_an_auto_map_keeps_the_light_colours_literal() -> None:
    # Image exporters and viewers without CSS see the default theme's drawing.
    auto = render(_map(), "svg", theme="auto")
    scope = _root_id(auto)
    light = render(_map(), "svg", theme="default", id_prefix=scope)
    without_style = re.sub(r"<style>.*?</style>", "", auto, flags=re.S)
    assert without_style == light
    assert render(_map(), "svg", theme="auto") == auto  # deterministic


def test_two_maps_on_a_page_keep_their_rules_to_themselves() -> None:
    first = render(_map(), "svg", theme="auto")
    second = render(_map(), "svg", theme="auto", lanes="compact")
    assert _root_id(first) != _root_id(second)
    for svg in (first, second):
        style = re.search(r"<style>(.*?)</style>", svg, re.S)
        assert style is not None
        scopes = {found.group(1) for found in _RULE.finditer(style.group(1))}
        assert scopes == {_root_id(svg)}


def test_other_themes_have_no_style() -> None:
    for theme in ("default", "dark", "print"):
        assert "<style>" not in render(_map(), "svg", theme=theme)


def test_drawings_that_differ_are_refused() -> None:
    light = '<svg xmlns="http://www.w3.org/2000/svg" id="m"><rect fill="#ffffff"/></svg>'
    other = '<svg xmlns="http://www.w3.org/2000/svg" id="m"><circle fill="#000000"/></svg>'
    with pytest.raises(ValueError, match="the drawings differ"):
        with_dark_scheme(light, other, "m")


_COLOURS = """() => {
  const svg = document.querySelector('svg');
  const background = svg.querySelector('rect');
  const title = svg.querySelector('text');
  return [getComputedStyle(background).fill, getComputedStyle(title).fill];
}"""


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.needs_browser
def test_the_browser_draws_an_auto_map_in_the_readers_scheme() -> None:
    svg = render(_map(), "svg", theme="auto").split("?>", 1)[1]
    with chromium_page() as page:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.set_content(f"<html><body>{svg}</body></html>")
            background, text = (_luminance(c) for c in page.evaluate(_COLOURS))
            if scheme == "dark":
                assert background < 0.2 < 0.7 < text, (scheme, background, text)
            else:
                assert text < 0.2 < 0.7 < background, (scheme, background, text)
