"""Draw a :class:`~journeymap.renderers.svg.scene.Scene` as SVG text.

:func:`draw` is what the ``svg`` renderer calls. By default it writes the document
directly (:func:`journeymap.renderers.svg.write.write`: escaped strings, a few
microseconds per element, svgwrite not even imported). ``debug=True`` builds the same
document with svgwrite instead and has svgwrite check every element and attribute
against SVG 1.1 (slow; the tests and ``validate=True`` use it). Both give the same
bytes for the same scene; the tests compare them on every example and on generated
maps.

Text goes into the document escaped (never as markup), numbers through
:func:`journeymap.formatting.format_number`, and ids only from the scene, so the same
scene always gives the same bytes. The scene's ``id`` is the root element's id and the
prefix of every other: an element whose scene id is ``legend`` gets the id
``<scene id>-legend``, the document's title ``<scene id>-title``, so two maps with
different prefixes can share a page. ARIA attributes and ``paint-order``, which SVG 1.1
does not define, are added to the finished element tree afterwards.

:func:`to_drawing` gives the scene as an editable :class:`svgwrite.Drawing`, for a
user who wants to add to a map with svgwrite's API before saving it; it lacks what
is added to the finished tree (the ARIA attributes, the titles' ids, ``paint-order``
and the indentation).

Example:
    >>> from journeymap.renderers.svg.scene import Rect, Scene
    >>> svg = draw(Scene(10, 10, "Tiny", (Rect(0, 0, 10, 10, fill="#ffffff"),)))
    >>> print(svg.splitlines()[2])
      <title id="journeymap-title">Tiny</title>
    >>> drawing = to_drawing(Scene(10, 10, "Tiny", (Rect(0, 0, 10, 10, fill="#ffffff"),)))
    >>> drawing.add(drawing.circle(center=(5, 5), r=2, fill="#000000")).tostring()
    '<circle cx="5" cy="5" fill="#000000" r="2" />'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from journeymap.renderers.svg.write import BIDI_CONTROLS, XML_DECLARATION, write
from journeymap.renderers.svg.write import number as _n

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    import svgwrite

__all__ = ["draw", "draw_with_svgwrite", "to_drawing"]


def draw(scene: Scene, *, debug: bool = False) -> str:
    """Render a scene as an SVG 1.1 document.

    Args:
        scene: The scene.
        debug: Build it with svgwrite and validate every element and attribute (slow).

    Returns:
        The SVG document, starting with an XML declaration and ending with a newline.
    """
    if debug:
        return draw_with_svgwrite(scene, debug=True)
    return write(scene)


def to_drawing(
    scene: Scene, *, debug: bool = False, aria: dict[str, dict[str, str]] | None = None
) -> svgwrite.Drawing:
    """The scene as an editable :class:`svgwrite.Drawing`.

    Args:
        scene: The scene.
        debug: Have svgwrite validate every element and attribute against SVG 1.1.
        aria: If given, filled with the ARIA attributes of each element id, which SVG 1.1
            does not define (:func:`draw_with_svgwrite` adds them to the element tree).

    Returns:
        The drawing: its title and description, then every element of the scene.
    """
    import svgwrite

    aria = {} if aria is None else aria
    drawing = svgwrite.Drawing(
        size=(_n(scene.width), _n(scene.height)), profile="full", debug=debug
    )
    drawing.viewbox(0, 0, _n(scene.width), _n(scene.height))
    drawing["id"] = scene.id
    drawing["font-family"] = scene.font_family
    drawing.set_desc(title=scene.title, desc=scene.desc)
    aria[scene.id] = {"role": "img", "aria-labelledby": f"{scene.id}-title"}
    if scene.desc:
        aria[scene.id]["aria-describedby"] = f"{scene.id}-desc"
    if scene.background:
        drawing.add(
            drawing.rect(
                insert=(0, 0), size=(_n(scene.width), _n(scene.height)), fill=scene.background
            )
        )
    for element in scene.children:
        drawing.add(_element(drawing, element, aria, f"{scene.id}-"))
    return drawing


def draw_with_svgwrite(scene: Scene, *, debug: bool = False) -> str:
    """The document :func:`draw` gives, built with svgwrite and ElementTree.

    Args:
        scene: The scene.
        debug: Validate every element and attribute with svgwrite (slow).

    Returns:
        The same bytes as :func:`journeymap.renderers.svg.write.write` gives.
    """
    import xml.etree.ElementTree as ET

    aria: dict[str, dict[str, str]] = {}
    root = to_drawing(scene, debug=debug, aria=aria).get_xml()
    title_id, desc_id = f"{scene.id}-title", f"{scene.id}-desc"
    for child in root:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in {"title", "desc"} and child.get("id") is None:
            child.set("id", title_id if tag == "title" else desc_id)
    _add_aria(root, aria)
    _halos_under_glyphs(root)
    _indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _element(
    drawing: svgwrite.Drawing, element: Element, aria: dict[str, dict[str, str]], prefix: str
) -> Any:
    if isinstance(element, Group):
        extra: dict[str, Any] = {}
        element_id = None if element.id is None else prefix + element.id
        if element_id is not None:
            extra["id"] = element_id
        group = drawing.g(**extra)
        if element.title is not None:
            group.set_desc(title=element.title, desc=element.desc)
        elif element.desc is not None:
            group.set_desc(desc=element.desc)
        if element_id is not None and (element.role or element.label):
            attributes: dict[str, str] = {}
            if element.role:
                attributes["role"] = element.role
            if element.label:
                attributes["aria-label"] = element.label
            aria[element_id] = attributes
        for child in element.children:
            group.add(_element(drawing, child, aria, prefix))
        return group
    if isinstance(element, Rect):
        attributes = _paint(element.fill, element.stroke, element.stroke_width, element.dash)
        if element.rx:
            attributes["rx"] = _n(element.rx)
        if element.opacity is not None:
            attributes["opacity"] = _n(element.opacity)
        return drawing.rect(
            insert=(_n(element.x), _n(element.y)),
            size=(_n(element.width), _n(element.height)),
            **attributes,
        )
    if isinstance(element, Line):
        attributes = _paint(None, element.stroke, element.width, element.dash)
        return drawing.line(
            start=(_n(element.x1), _n(element.y1)),
            end=(_n(element.x2), _n(element.y2)),
            **attributes,
        )
    if isinstance(element, Path):
        attributes = _paint(element.fill, element.stroke, element.width, element.dash)
        if element.opacity is not None:
            attributes["opacity"] = _n(element.opacity)
        d = " ".join(
            letter + " ".join(_n(v) for v in numbers) for letter, numbers in element.commands
        )
        return drawing.path(d=d, **attributes)
    if isinstance(element, Circle):
        attributes = _paint(element.fill, element.stroke, element.stroke_width, None)
        return drawing.circle(
            center=(_n(element.cx), _n(element.cy)), r=_n(element.r), **attributes
        )
    if isinstance(element, Polygon):
        attributes = _paint(element.fill, element.stroke, element.stroke_width, None)
        return drawing.polygon(points=[(_n(x), _n(y)) for x, y in element.points], **attributes)
    return _text(drawing, element)


def _text(drawing: svgwrite.Drawing, element: Text) -> Any:
    attributes: dict[str, Any] = {"font_size": _n(element.size), "fill": element.fill}
    if element.bold:
        attributes["font_weight"] = "bold"
    if element.italic:
        attributes["font_style"] = "italic"
    if element.anchor != "start":
        attributes["text_anchor"] = element.anchor
    if element.halo is not None and element.halo_width > 0:
        attributes["stroke"] = element.halo
        attributes["stroke_width"] = _n(element.halo_width)
        attributes["stroke_linejoin"] = "round"
    node = drawing.text("", insert=(_n(element.x), _n(element.y)), **attributes)
    step = _n(element.size * element.line_height)
    # A bidi control open across a line break would let Chromium reorder whole lines out
    # of their card: each line of such a text is its own bidi isolate.
    line_style = (
        {"style": "unicode-bidi:isolate"} if BIDI_CONTROLS.search("".join(element.lines)) else {}
    )
    for index, line in enumerate(element.lines):
        if index == 0:
            node.add(drawing.tspan(line, x=[_n(element.x)], **line_style))
        else:
            node.add(drawing.tspan(line, x=[_n(element.x)], dy=[step], **line_style))
    return node


def _paint(
    fill: str | None, stroke: str | None, stroke_width: float, dash: str | None
) -> dict[str, Any]:
    attributes: dict[str, Any] = {"fill": fill or "none"}
    if stroke is not None and stroke_width > 0:
        attributes["stroke"] = stroke
        attributes["stroke_width"] = _n(stroke_width)
        if dash is not None:
            attributes["stroke_dasharray"] = dash
    return attributes


def _add_aria(root: ET.Element, aria: dict[str, dict[str, str]]) -> None:
    for node in root.iter():
        attributes = aria.get(node.get("id", ""))
        if attributes:
            for name, value in sorted(attributes.items()):
                node.set(name, value)


def _halos_under_glyphs(root: ET.Element) -> None:
    """Paint a text's stroke (only a halo has one) under its glyphs, not over them.

    ``paint-order`` is SVG 2, which svgwrite's SVG 1.1 validator does not know: it is set
    on the finished tree.
    """
    for node in root.iter():
        if node.tag.rsplit("}", 1)[-1] == "text" and node.get("stroke") is not None:
            node.set("paint-order", "stroke")


def _indent(node: ET.Element, level: int = 0) -> None:
    """One element per line for readable diffs; white space inside <text> is left alone."""
    if node.tag.rsplit("}", 1)[-1] == "text" or len(node) == 0:
        return
    inner = "\n" + "  " * (level + 1)
    node.text = inner
    for child in node:
        _indent(child, level + 1)
        child.tail = inner
    node[-1].tail = "\n" + "  " * level
