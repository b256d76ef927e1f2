"""Pages of paper for a long map: its phases split so that every page can be read.

A map of a dozen touchpoints is a poster: on one A4 page its 11-px captions would print
at about 4 pt. :func:`plan_pages` splits it by phases instead, as few pages as possible,
each page's map scaled to fit the paper with its smallest text at ``min_text_pt`` or
more. The first page has the whole header (persona and context); the others only the
title line. A phase that cannot be read on one page even alone keeps a page of its own
and is marked ``legible=False`` (the PDF export warns, naming the page and what helps:
fewer lanes, or a larger paper).

Every page is the same map drawn with the ``phases`` option, so critical moments,
gaps and labels are judged on the whole map, never on a page's part of it.

Example:
    >>> from journeymap import Journey
    >>> j = Journey("Pages")
    >>> for p in range(6):
    ...     j = j.phase(f"Phase {p}")
    ...     for t in range(3):
    ...         j = j.touchpoint(f"Step {p}.{t}", emotion=1)
    >>> pages = plan_pages(j.build(), paper="a4", lanes="compact")
    >>> [page.phases for page in pages]
    [('phase-0', 'phase-1'), ('phase-2', 'phase-3'), ('phase-4', 'phase-5')]
    >>> all(page.text_pt >= 6 for page in pages)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from journeymap.errors import JourneyMapError
from journeymap.model import JourneyMap

__all__ = [
    "MIN_TEXT_PT",
    "PAPERS",
    "Orientation",
    "Page",
    "PaperName",
    "PaperWarning",
    "page_size",
    "plan_pages",
]

#: Paper sizes in points (1/72 in), portrait: width, height.
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (595.28, 841.89),
    "a3": (841.89, 1190.55),
    "letter": (612.0, 792.0),
}
PaperName = Literal["a4", "a3", "letter"]
Orientation = Literal["landscape", "portrait"]

#: The smallest text a page may print at, in points, to be read at arm's length.
MIN_TEXT_PT = 6.0
#: The white margin around the map on every side, in points (10 mm).
MARGIN_PT = 28.35
#: Points per CSS pixel (an SVG unit): 72 / 96.
PT_PER_PX = 0.75


class PaperWarning(UserWarning):
    """A page of a PDF on paper whose smallest text is below the legible size."""


@dataclass(frozen=True)
class Page:
    """One page of a map on paper.

    Attributes:
        phases: The ids of the phases on it, in the map's order.
        header: ``full`` on the first page, ``title`` on the others.
        width: The page's map at its natural size, in CSS pixels.
        height: Its height, in CSS pixels.
        scale: The factor that fits that map into the paper's printable area.
        text_pt: The smallest text of the map (its captions) printed at that scale.
        legible: Whether ``text_pt`` is at least the minimum asked for.
    """

    phases: tuple[str, ...]
    header: Literal["full", "title"]
    width: float
    height: float
    scale: float
    text_pt: float
    legible: bool


def page_size(paper: str, orientation: str = "landscape") -> tuple[float, float]:
    """The paper's width and height in points, turned to ``orientation``.

    Raises:
        JourneyMapError: For an unknown paper or orientation, naming the allowed ones.

    Example:
        >>> page_size("a4")
        (841.89, 595.28)
    """
    if paper not in PAPERS:
        raise JourneyMapError(f"unknown paper {paper!r}; allowed: {', '.join(PAPERS)}")
    if orientation not in get_args(Orientation):
        raise JourneyMapError(
            f"unknown orientation {orientation!r}; allowed: {', '.join(get_args(Orientation))}"
        )
    short, long = PAPERS[paper]
    return (long, short) if orientation == "landscape" else (short, long)


def plan_pages(
    model: JourneyMap,
    *,
    paper: str = "a4",
    orientation: str = "landscape",
    min_text_pt: float = MIN_TEXT_PT,
    **svg_options: Any,
) -> tuple[Page, ...]:
    """Split a map by phases into as few pages as can each be read on ``paper``.

    Phases are taken in order; a page takes the next phase while its map, scaled to the
    printable area, keeps its captions at ``min_text_pt`` or more.

    Args:
        model: The map.
        paper: ``a4``, ``a3`` or ``letter``.
        orientation: ``landscape`` or ``portrait``.
        min_text_pt: The smallest printed text allowed on a page, in points.
        **svg_options: Options of the ``svg`` renderer (``lanes``, ``theme``…), as the
            pages will be drawn; ``phases`` and ``header`` are set per page.

    Returns:
        The pages; none for a map without phases (its one page is the map itself).

    Raises:
        JourneyMapError: For an unknown paper or orientation, or a bad svg option.
    """
    from journeymap.renderers import checked_options
    from journeymap.renderers.svg.layout import layout

    width_pt, height_pt = page_size(paper, orientation)
    room_w, room_h = width_pt - 2 * MARGIN_PT, height_pt - 2 * MARGIN_PT
    options = checked_options("svg", svg_options)
    for fixed in ("phases", "header", "id_prefix", "validate"):
        options.pop(fixed, None)
    caption = _caption_px()

    def measure(phases: Sequence[str], header: Literal["full", "title"]) -> Page:
        scene = layout(model, phases=phases, header=header, **options)
        scale = min(room_w / (scene.width * PT_PER_PX), room_h / (scene.height * PT_PER_PX))
        text = caption * PT_PER_PX * scale
        return Page(tuple(phases), header, scene.width, scene.height, scale, text, False)

    pages: list[Page] = []
    current: Page | None = None
    for phase in model.phases:
        header: Literal["full", "title"] = "title" if pages else "full"
        if current is not None:
            wider = measure([*current.phases, phase.id], current.header)
            if wider.text_pt >= min_text_pt:
                current = wider
                continue
            pages.append(current)
            header = "title"
        current = measure([phase.id], header)
    if current is not None:
        pages.append(current)
    return tuple(
        Page(p.phases, p.header, p.width, p.height, p.scale, p.text_pt, p.text_pt >= min_text_pt)
        for p in pages
    )


def _caption_px() -> float:
    """The smallest text the map draws, in CSS pixels."""
    from journeymap.renderers.svg.sizes import Typography

    return Typography().caption
