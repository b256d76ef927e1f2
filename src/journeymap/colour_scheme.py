"""An SVG that follows the reader's colour scheme: light colours, and CSS for dark.

A theme in :data:`journeymap.themes.DARK_SCHEMES` (``auto``) is drawn twice, with its
own colours and with its dark theme's. The two drawings have the same elements in the
same order, so pairing them element by element says which dark colour replaces each
light one. :func:`with_dark_scheme` keeps the light drawing as it is (its colours stay
literal, as image exporters and viewers without CSS need them) and adds one ``<style>``
with a ``prefers-color-scheme: dark`` rule per kind of element and colour pair, scoped
to the drawing's id so that it never reaches another map on the same page.

Example:
    >>> light = '<svg xmlns="http://www.w3.org/2000/svg" id="m"><rect fill="#ffffff"/></svg>'
    >>> dark = '<svg xmlns="http://www.w3.org/2000/svg" id="m"><rect fill="#16181d"/></svg>'
    >>> print(with_dark_scheme(light, dark, "m"))
    <svg xmlns="http://www.w3.org/2000/svg" id="m"><style>@media (prefers-color-scheme: dark) {
    #m rect[fill="#ffffff"]{fill:#16181d}
    }</style><rect fill="#ffffff"/></svg>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

__all__ = ["dark_scheme_css", "with_dark_scheme"]

_PAINTS = ("fill", "stroke")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_ROOT_START = re.compile(r"<svg\b[^>]*>")
_Key = tuple[str, tuple[str | None, ...]]


def dark_scheme_css(light_svg: str, dark_svg: str, scope: str) -> str:
    """The CSS that turns ``light_svg``'s colours into ``dark_svg``'s in a dark scheme.

    Args:
        light_svg: The drawing with the light colours.
        dark_svg: The same drawing with the dark colours.
        scope: The id of the element the rules apply inside (the map's id prefix).

    Returns:
        An ``@media (prefers-color-scheme: dark)`` block; empty if no colour differs.

    Raises:
        ValueError: If the two drawings do not have the same elements.
    """
    pairs: dict[_Key, Counter[tuple[str | None, ...]]] = {}
    order: list[_Key] = []
    light_nodes = list(ET.fromstring(light_svg).iter())
    dark_nodes = list(ET.fromstring(dark_svg).iter())
    if len(light_nodes) != len(dark_nodes):
        raise ValueError("the light and dark drawings have different elements")
    for light, dark in zip(light_nodes, dark_nodes, strict=True):
        if light.tag != dark.tag:
            raise ValueError(f"the drawings differ: {light.tag} against {dark.tag}")
        before = tuple(_paint(light, name) for name in _PAINTS)
        after = tuple(_paint(dark, name) for name in _PAINTS)
        if before == after or not any(before):
            continue
        key = (light.tag.rpartition("}")[2], before)
        if key not in pairs:
            pairs[key] = Counter()
            order.append(key)
        pairs[key][after] += 1
    rules = []
    for key in order:
        tag, before = key
        # The most frequent dark pair wins; among equals, the first met (Counter keeps
        # insertion order and most_common is stable).
        after = pairs[key].most_common(1)[0][0]
        selector = tag + "".join(
            f'[{name}="{value}"]' for name, value in zip(_PAINTS, before, strict=True) if value
        )
        declarations = ";".join(
            f"{name}:{value}"
            for name, value, old in zip(_PAINTS, after, before, strict=True)
            if value and value != old
        )
        if declarations:
            rules.append(f"#{scope} {selector}{{{declarations}}}")
    if not rules:
        return ""
    return "@media (prefers-color-scheme: dark) {\n" + "\n".join(rules) + "\n}"


def with_dark_scheme(light_svg: str, dark_svg: str, scope: str) -> str:
    """``light_svg`` with a ``<style>`` that switches to ``dark_svg``'s colours in a dark scheme.

    The style is the first child of the root ``<svg>``; nothing else changes.

    Raises:
        ValueError: If the drawings differ in their elements, or ``light_svg`` has no
            ``<svg>`` element.
    """
    css = dark_scheme_css(light_svg, dark_svg, scope)
    if not css:
        return light_svg
    match = _ROOT_START.search(light_svg)
    if match is None:
        raise ValueError("no <svg> element")
    return f"{light_svg[: match.end()]}<style>{css}</style>{light_svg[match.end() :]}"


def _paint(node: ET.Element, name: str) -> str | None:
    value = node.get(name)
    return value.lower() if value and _COLOUR.fullmatch(value) else None
