"""Write a :class:`~journeymap.renderers.svg.scene.Scene` as SVG text, directly.

This is the default writer of the ``svg`` renderer. It gives, byte for byte, the
document that svgwrite and ElementTree give for the same scene (see
:func:`journeymap.renderers.svg.draw.draw_with_svgwrite`, which the tests compare it
with): the same XML declaration, attributes in svgwrite's sorted order followed by the
ARIA attributes and ``paint-order`` that are added to the finished tree, ElementTree's
escaping of text (``&``, ``<``, ``>``) and of attribute values (those and ``"``, CR, LF,
TAB as character references), its ``<tag />`` form for an empty element, and one
element per line with two spaces per level, white space inside ``<text>`` left alone.
An attribute whose value is empty is left out, as svgwrite leaves it out. It does not
build an element tree, so a big map costs a few microseconds per element instead of
svgwrite's tens, and a render does not import svgwrite at all.

Example:
    >>> from journeymap.renderers.svg.scene import Rect, Scene, Text
    >>> svg = write(Scene(10, 10, "A & B", (Text(1, 9, ("<b>",), 8, "#000000"),)))
    >>> print(svg.splitlines()[2])
      <title id="journeymap-title">A &amp; B</title>
    >>> print(svg.splitlines()[4])
      <text fill="#000000" font-size="8" x="1" y="9"><tspan x="1">&lt;b&gt;</tspan></text>
"""

from __future__ import annotations

import math
import re

from journeymap.errors import JourneyMapError
from journeymap.formatting import format_number
from journeymap.renderers.svg.scene import (
    Circle,
    Element,
    Group,
    Line,
    Path,
    Polygon,
    Rect,
    Scene,
    Text,
)

__all__ = ["BIDI_CONTROLS", "XML_DECLARATION", "escape_attribute", "escape_text", "number", "write"]

#: The first line of every SVG document the renderer writes.
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

_NAMESPACES = (
    ' xmlns="http://www.w3.org/2000/svg"'
    ' xmlns:ev="http://www.w3.org/2001/xml-events"'
    ' xmlns:xlink="http://www.w3.org/1999/xlink"'
)

#: Embeddings, overrides, isolates and their closers: a text holding one is isolated.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


#: Numbers already formatted, by value (equal values format alike): a map repeats its
#: coordinates and sizes, and formatting is most of the writer's time. Only finite
#: values are kept, and only so many.
_NUMBERS: dict[float, str] = {}
_NUMBERS_KEPT = 1 << 16


def number(value: float) -> str:
    """A coordinate or size: at most two decimals; never ``inf`` or ``nan`` in the SVG.

    Raises:
        JourneyMapError: For a value that is not a finite number.

    Example:
        >>> number(1.005), number(3.0)
        ('1', '3')
    """
    try:
        return _NUMBERS[value]
    except (KeyError, TypeError):
        pass
    try:
        finite = math.isfinite(value)
    except (OverflowError, TypeError):
        finite = False
    if not finite:
        raise JourneyMapError(f"the scene holds {value!r} as a size; allowed: finite numbers")
    text = format_number(value, decimals=2)
    if len(_NUMBERS) < _NUMBERS_KEPT:
        _NUMBERS[value] = text
    return text


def escape_text(text: str) -> str:
    """Escape character data as ElementTree does: ``&``, ``<`` and ``>``.

    Example:
        >>> escape_text('a < b & "c"')
        'a &lt; b &amp; "c"'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(text: str) -> str:
    """Escape an attribute value as ElementTree does: also ``"``, CR, LF and TAB.

    Example:
        >>> escape_attribute('say "hi"\\n')
        'say &quot;hi&quot;&#10;'
    """
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


class _Writer:
    """Appends the document's pieces to one list; ARIA attributes are looked up by id."""

    def __init__(self, scene: Scene) -> None:
        self.prefix = f"{scene.id}-"
        self.aria: dict[str, str] = {}
        self.parts: list[str] = [XML_DECLARATION]
        self.bare = ""
        # A map repeats its colours and coordinates: each attribute is escaped once.
        self.fragments: dict[tuple[str, str], str] = {}

    def attributes(self, *pairs: tuple[str, str | None]) -> str:
        """`` name="value"`` for each pair, in the order given, leaving out empty values."""
        fragments = self.fragments
        found = []
        for name, value in pairs:
            if value:
                fragment = fragments.get((name, value))
                if fragment is None:
                    fragment = f' {name}="{escape_attribute(value)}"'
                    fragments[name, value] = fragment
                found.append(fragment)
        return "".join(found)

    def collect_aria(self, scene: Scene) -> None:
        """The ARIA attributes of every id, as the svgwrite path gathers them: last wins."""
        found: dict[str, dict[str, str]] = {
            scene.id: {"role": "img", "aria-labelledby": f"{scene.id}-title"}
        }
        if scene.desc:
            found[scene.id]["aria-describedby"] = f"{scene.id}-desc"
        for element in scene.walk():
            if not isinstance(element, Group) or element.id is None:
                continue
            if element.role or element.label:
                attributes: dict[str, str] = {}
                if element.role:
                    attributes["role"] = element.role
                if element.label:
                    attributes["aria-label"] = element.label
                found[self.prefix + element.id] = attributes
        self.aria = {
            key: "".join(
                f' {name}="{escape_attribute(value)}"' for name, value in sorted(values.items())
            )
            for key, values in found.items()
        }
        # The tree path looks an element without an id up under "".
        self.bare = self.aria.get("", "")

    def with_id(self, element_id: str) -> str:
        """The ``id`` attribute (if not empty) and the ARIA attributes that go with it."""
        if not element_id:
            return self.bare
        return f' id="{escape_attribute(element_id)}"' + self.aria.get(element_id, "")

    def leaf(self, tag: str, attributes: str, text: str | None = None) -> None:
        """An element without children: ``<tag a="v" />`` or ``<tag a="v">text</tag>``."""
        if text:
            self.parts.append(f"<{tag}{attributes}>{escape_text(text)}</{tag}>")
        else:
            self.parts.append(f"<{tag}{attributes} />")

    def element(self, element: Element, level: int) -> None:
        """One element of the scene, indented for ``level`` if it holds others."""
        parts = self.parts
        bare = self.bare
        if isinstance(element, Group):
            self.group(element, level)
        elif isinstance(element, Rect):
            fill, stroke, stroke_width, dash = _paint(
                element.fill, element.stroke, element.stroke_width, element.dash
            )
            rx = number(element.rx) if element.rx else None
            opacity = None if element.opacity is None else number(element.opacity)
            x, y = number(element.x), number(element.y)
            width, height = number(element.width), number(element.height)
            parts.append(
                "<rect"
                + self.attributes(
                    ("fill", fill),
                    ("height", height),
                    ("opacity", opacity),
                    ("rx", rx),
                    ("stroke", stroke),
                    ("stroke-dasharray", dash),
                    ("stroke-width", stroke_width),
                    ("width", width),
                    ("x", x),
                    ("y", y),
                )
                + bare
                + " />"
            )
        elif isinstance(element, Line):
            fill, stroke, stroke_width, dash = _paint(
                None, element.stroke, element.width, element.dash
            )
            x1, y1 = number(element.x1), number(element.y1)
            x2, y2 = number(element.x2), number(element.y2)
            parts.append(
                "<line"
                + self.attributes(
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-dasharray", dash),
                    ("stroke-width", stroke_width),
                    ("x1", x1),
                    ("x2", x2),
                    ("y1", y1),
                    ("y2", y2),
                )
                + bare
                + " />"
            )
        elif isinstance(element, Path):
            fill, stroke, stroke_width, dash = _paint(
                element.fill, element.stroke, element.width, element.dash
            )
            opacity = None if element.opacity is None else number(element.opacity)
            d = " ".join(
                letter + " ".join([number(v) for v in numbers])
                for letter, numbers in element.commands
            )
            parts.append(
                "<path"
                + self.attributes(
                    ("d", d),
                    ("fill", fill),
                    ("opacity", opacity),
                    ("stroke", stroke),
                    ("stroke-dasharray", dash),
                    ("stroke-width", stroke_width),
                )
                + bare
                + " />"
            )
        elif isinstance(element, Circle):
            fill, stroke, stroke_width, _ = _paint(
                element.fill, element.stroke, element.stroke_width, None
            )
            cx, cy, r = number(element.cx), number(element.cy), number(element.r)
            parts.append(
                "<circle"
                + self.attributes(
                    ("cx", cx),
                    ("cy", cy),
                    ("fill", fill),
                    ("r", r),
                    ("stroke", stroke),
                    ("stroke-width", stroke_width),
                )
                + bare
                + " />"
            )
        elif isinstance(element, Polygon):
            fill, stroke, stroke_width, _ = _paint(
                element.fill, element.stroke, element.stroke_width, None
            )
            points = " ".join([f"{number(x)},{number(y)}" for x, y in element.points])
            parts.append(
                "<polygon"
                + self.attributes(
                    ("fill", fill),
                    ("points", points),
                    ("stroke", stroke),
                    ("stroke-width", stroke_width),
                )
                + bare
                + " />"
            )
        else:
            self.text(element)

    def group(self, group: Group, level: int) -> None:
        """A ``<g>``: its title and description first, then its children, one a line."""
        opening = "<g" + (self.bare if group.id is None else self.with_id(self.prefix + group.id))
        if group.title is None and group.desc is None and not group.children:
            self.parts.append(opening + " />")
            return
        self.parts.append(opening + ">")
        inner = "\n" + "  " * (level + 1)
        if group.title is not None:
            self.parts.append(inner)
            self.leaf("title", self.bare, group.title)
        if group.desc is not None:
            self.parts.append(inner)
            self.leaf("desc", self.bare, group.desc)
        for child in group.children:
            self.parts.append(inner)
            self.element(child, level + 1)
        self.parts.append("\n" + "  " * level + "</g>")

    def text(self, element: Text) -> None:
        """A ``<text>`` with one ``<tspan>`` a line, all on one line of the document."""
        size = number(element.size)
        stroke = stroke_width = linejoin = None
        if element.halo is not None and element.halo_width > 0:
            stroke, stroke_width, linejoin = element.halo, number(element.halo_width), "round"
        x, y = number(element.x), number(element.y)
        opening = (
            "<text"
            + self.attributes(
                ("fill", element.fill),
                ("font-size", size),
                ("font-style", "italic" if element.italic else None),
                ("font-weight", "bold" if element.bold else None),
                ("stroke", stroke),
                ("stroke-linejoin", linejoin),
                ("stroke-width", stroke_width),
                ("text-anchor", None if element.anchor == "start" else element.anchor),
                ("x", x),
                ("y", y),
            )
            + self.bare
            + (' paint-order="stroke"' if stroke else "")
        )
        if not element.lines:
            self.parts.append(opening + " />")
            return
        step = number(element.size * element.line_height)
        # A bidi control open across a line break would let Chromium reorder whole lines
        # out of their card: each line of such a text is its own bidi isolate.
        style = (
            ' style="unicode-bidi:isolate"' if BIDI_CONTROLS.search("".join(element.lines)) else ""
        )
        pieces = [opening, ">"]
        for index, line in enumerate(element.lines):
            line_x = f' x="{escape_attribute(number(element.x))}"'
            dy = "" if index == 0 else f' dy="{escape_attribute(step)}"'
            attributes = dy + style + line_x + self.bare
            if line:
                pieces.append(f"<tspan{attributes}>{escape_text(line)}</tspan>")
            else:
                pieces.append(f"<tspan{attributes} />")
        pieces.append("</text>")
        self.parts.append("".join(pieces))


def _paint(
    fill: str | None, stroke: str | None, stroke_width: float, dash: str | None
) -> tuple[str, str | None, str | None, str | None]:
    """Fill (``none`` if there is none), and a stroke only if it has a width."""
    if stroke is not None and stroke_width > 0:
        return fill or "none", stroke, number(stroke_width), dash
    return fill or "none", None, None, None


def write(scene: Scene) -> str:
    """Write a scene as an SVG 1.1 document.

    Args:
        scene: The scene.

    Returns:
        The SVG document, starting with an XML declaration and ending with a newline.

    Raises:
        JourneyMapError: For a size or coordinate that is not a finite number.
    """
    width, height = number(scene.width), number(scene.height)
    writer = _Writer(scene)
    writer.collect_aria(scene)
    parts = writer.parts
    parts.append(
        "<svg"
        + writer.attributes(
            ("baseProfile", "full"),
            ("font-family", scene.font_family),
            ("height", height),
            ("id", scene.id),
            ("version", "1.1"),
            ("viewBox", f"0,0,{width},{height}"),
            ("width", width),
        )
        + _NAMESPACES
        + writer.aria.get(scene.id, "")
        + ">"
    )
    inner = "\n  "
    if scene.title is not None:
        parts.append(inner)
        writer.leaf("title", writer.with_id(f"{scene.id}-title"), scene.title)
    if scene.desc is not None:
        parts.append(inner)
        writer.leaf("desc", writer.with_id(f"{scene.id}-desc"), scene.desc)
    parts.append(inner + "<defs" + writer.bare + " />")
    if scene.background:
        parts.append(
            inner
            + "<rect"
            + writer.attributes(
                ("fill", scene.background),
                ("height", height),
                ("width", width),
                ("x", "0"),
                ("y", "0"),
            )
            + writer.bare
            + " />"
        )
    for element in scene.children:
        parts.append(inner)
        writer.element(element, 1)
    parts.append("\n</svg>\n")
    return "".join(parts)
