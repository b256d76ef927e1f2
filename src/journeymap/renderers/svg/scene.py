"""The scene: what an SVG map is made of, as plain geometry.

Layout produces a :class:`Scene` of frozen primitives in user units (pixels); drawing
turns it into SVG. Nothing here knows about the journey model or about svgwrite, so
the geometry can be tested on its own (every box inside the canvas, nothing overlapping)
and drawn by any backend.

Example:
    >>> card = Group((Rect(0, 0, 100, 40, fill="#ffffff"),
    ...               Text(8, 20, ("Pays",), size=12, fill="#000000")), id="tp-pays")
    >>> Scene(width=100, height=40, title="Map", children=(card,)).count()
    3
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

__all__ = [
    "Circle",
    "Element",
    "Group",
    "Line",
    "Path",
    "PathCommand",
    "Polygon",
    "Rect",
    "Scene",
    "Text",
]


@dataclass(frozen=True)
class Rect:
    """A rectangle, optionally with rounded corners, a border and a dash pattern."""

    x: float
    y: float
    width: float
    height: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    rx: float = 0.0
    dash: str | None = None
    opacity: float | None = None


@dataclass(frozen=True)
class Line:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: str | None = None


#: One path command: a letter (``M``, ``L``, ``C``, ``Z``) and its numbers.
PathCommand: TypeAlias = tuple[str, tuple[float, ...]]


@dataclass(frozen=True)
class Path:
    """A path of moves, lines and cubic curves."""

    commands: tuple[PathCommand, ...]
    stroke: str | None = None
    width: float = 1.0
    fill: str | None = None
    dash: str | None = None
    opacity: float | None = None


@dataclass(frozen=True)
class Circle:
    """A circle."""

    cx: float
    cy: float
    r: float
    fill: str
    stroke: str | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True)
class Polygon:
    """A closed polygon (diamonds, triangles, markers)."""

    points: tuple[tuple[float, float], ...]
    fill: str
    stroke: str | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True)
class Text:
    """Lines of text: ``y`` is the first baseline; each next line is ``line_height`` lower.

    A ``halo`` colour outlines the glyphs ``halo_width`` wide under their fill, so a
    label stays legible over the lines it crosses.

    ``lines`` are slices of the original text whose concatenation is that text, so a
    reader that joins them gets back exactly what the map holds.
    """

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    fill: str
    bold: bool = False
    italic: bool = False
    line_height: float = 1.3
    anchor: Literal["start", "middle", "end"] = "start"
    halo: str | None = None
    halo_width: float = 0.0


@dataclass(frozen=True)
class Group:
    """A group of elements, with an optional id and accessible title and description."""

    children: tuple[Element, ...]
    id: str | None = None
    title: str | None = None
    desc: str | None = None
    role: str | None = None
    label: str | None = None


Element: TypeAlias = Rect | Line | Path | Circle | Polygon | Text | Group


@dataclass(frozen=True)
class Scene:
    """A whole drawing: its size, accessible title and description, and its elements."""

    width: float
    height: float
    title: str
    children: tuple[Element, ...]
    desc: str | None = None
    background: str | None = None
    font_family: str = "sans-serif"
    id: str = "journeymap"

    def walk(self) -> Iterator[Element]:
        """Every element, depth first, groups before their children."""
        stack: list[Element] = list(reversed(self.children))
        while stack:
            element = stack.pop()
            yield element
            if isinstance(element, Group):
                stack.extend(reversed(element.children))

    def count(self) -> int:
        """How many elements the scene holds, groups included."""
        return sum(1 for _ in self.walk())
