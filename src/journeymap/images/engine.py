"""SVG to PNG and PDF through Typst, the one engine of the ``images`` extra.

Typst lays the SVG out as an image on a page exactly its size (no margin) and exports
the page: a PNG at the pixel density the :class:`~journeymap.images.options.ImageOptions`
ask for, or a PDF whose text is real text in embedded, subset fonts (selectable and
searchable) and whose title is the map's. The fonts (bundled Liberation Sans, then the
system's) are indexed once per process, in about 50 ms; each export after that takes
about 6 ms for a PDF and 60 ms for a 2178 × 1545 PNG of the checkout example. The same
SVG and options give the same bytes (Typst writes no date or random id).

Example:
    >>> png = svg_to_image('<svg xmlns="http://www.w3.org/2000/svg" width="20" '
    ...                    'height="10"><rect width="20" height="10"/></svg>', "png")
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png_size(png)
    (True, (20, 10))
"""

from __future__ import annotations

import math
import os
import re
import struct
import threading
from collections.abc import Sequence
from html import unescape
from typing import Any

from journeymap.caller import warn_at_caller
from journeymap.errors import JourneyMapError
from journeymap.images.fonts import bundled_font_files, with_font_runs
from journeymap.images.options import CSS_DPI, ImageOptions

__all__ = [
    "IMAGE_FORMATS",
    "MAX_PIXELS",
    "MISSING_EXTRA",
    "engine_available",
    "png_size",
    "require_engine",
    "smallest_text_pt",
    "svg_size",
    "svg_to_image",
    "svgs_on_paper",
]

#: The images made from an SVG.
IMAGE_FORMATS = ("png", "pdf")
#: The most pixels a PNG may have (width × height): about 160 MB of memory while drawn.
MAX_PIXELS = 40_000_000
#: What a missing extra is reported as; ``{kind}`` is ``PNG`` or ``PDF``.
MISSING_EXTRA = "{kind} export needs the images extra: pip install 'journeymap[images]'"

_PT_PER_PX = 72.0 / CSS_DPI
_SOURCE = (
    b"#set document(title: sys.inputs.title, date: none)\n"
    b"#set page(width: auto, height: auto, margin: 0pt)\n"
    b'#image(bytes(sys.inputs.svg), format: "svg", width: float(sys.inputs.width) * 1pt)\n'
)
# Pages of paper: each SVG centred in the printable area, scaled to fit it, with the
# title and the page number in the footer.
_PAGES_SOURCE = (
    b"#set document(title: sys.inputs.title, date: none)\n"
    b'#set text(font: "Liberation Sans", size: 7pt, fill: luma(90))\n'
    b"#set page(width: float(sys.inputs.page_width) * 1pt,"
    b" height: float(sys.inputs.page_height) * 1pt,"
    b" margin: float(sys.inputs.margin) * 1pt,"
    b" footer: context align(right, [#sys.inputs.title \\u{2002}"
    b' #counter(page).display("1/1", both: true)]))\n'
    b"#for i in range(int(sys.inputs.count)) {\n"
    b"  if i > 0 { pagebreak() }\n"
    b'  align(center + horizon, image(bytes(sys.inputs.at("svg" + str(i))),'
    b' format: "svg", width: float(sys.inputs.at("width" + str(i))) * 1pt))\n'
    b"}\n"
)
_ROOT = re.compile(r"<svg\b[^>]*>")
_LENGTH = r"\s*=\s*[\"']\s*([0-9.]+)\s*(px|pt)?\s*[\"']"
_WIDTH = re.compile(r"\swidth" + _LENGTH)
_HEIGHT = re.compile(r"\sheight" + _LENGTH)
_TITLE = re.compile(r"<title\b[^>]*>([^<]*)</title>")
_FONT_SIZE = re.compile(r"\bfont-size\s*[=:]\s*[\"']?\s*([0-9]*\.?[0-9]+)")
_VIEW_BOX = re.compile(r"\bviewBox\s*=\s*[\"']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)")
_lock = threading.Lock()
_compiler: tuple[int, Any] | None = None


def engine_available() -> bool:
    """Whether the ``images`` extra (Typst) is installed."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def require_engine(image_format: str) -> Any:
    """The ``typst`` module, or the error naming the extra when it is not installed.

    Raises:
        JourneyMapError: ``PNG export needs the images extra: pip install
            'journeymap[images]'`` (or ``PDF``).
    """
    try:
        import typst
    except ImportError:
        raise JourneyMapError(MISSING_EXTRA.format(kind=image_format.upper())) from None
    return typst


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of an SVG's root element, in CSS pixels.

    Raises:
        JourneyMapError: If the root has no numeric ``width`` and ``height``.
    """
    root = _ROOT.search(svg)
    sizes = []
    for pattern in (_WIDTH, _HEIGHT):
        found = pattern.search(root.group(0)) if root else None
        if found is None:
            raise JourneyMapError("the SVG to export has no width and height in px or pt")
        value = float(found.group(1))
        sizes.append(value / _PT_PER_PX if found.group(2) == "pt" else value)
    return sizes[0], sizes[1]


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise JourneyMapError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _engine(typst: Any) -> Any:
    """The process's Typst compiler, its fonts indexed once (again in a forked child)."""
    global _compiler
    if _compiler is None or _compiler[0] != os.getpid():
        fonts = typst.Fonts(
            include_system_fonts=True,
            include_embedded_fonts=True,
            font_paths=[str(path) for path in bundled_font_files()],
        )
        _compiler = (os.getpid(), typst.Compiler(font_paths=fonts))
    return _compiler[1]


def svg_to_image(
    svg: str,
    image_format: str,
    options: ImageOptions | None = None,
    *,
    renderer: str = "svg",
    title: str | None = None,
) -> bytes:
    """An SVG drawn as a PNG or a PDF.

    Args:
        svg: The SVG, with a numeric ``width`` and ``height`` on its root.
        image_format: ``png`` or ``pdf``.
        options: The image's size (default: the SVG's own).
        renderer: The renderer exporting, for messages.
        title: The PDF's title (default: the SVG's first ``<title>``).

    Returns:
        The image's bytes.

    Raises:
        JourneyMapError: For another format, a missing ``images`` extra, an image over
            :data:`MAX_PIXELS` pixels, or an SVG the engine cannot draw.
    """
    if image_format not in IMAGE_FORMATS:
        raise JourneyMapError(
            f"cannot make {image_format!r} images from an SVG; allowed: {', '.join(IMAGE_FORMATS)}"
        )
    typst = require_engine(image_format)
    options = options or ImageOptions()
    if options.paper is not None:
        if image_format != "pdf":
            raise JourneyMapError(
                f"paper lays the {renderer} image out on pages of a PDF; "
                f"a {image_format.upper()} has no pages: export a PDF, or give a size"
            )
        return svgs_on_paper(
            [svg],
            options.paper,
            options.orientation or "landscape",
            renderer=renderer,
            title=title,
            warn=True,
        )
    width, height = svg_size(svg)
    factor = options.factor(width, image_format)
    if image_format == "png":
        across, down = math.floor(width * factor + 0.5), math.floor(height * factor + 0.5)
        if across * down > MAX_PIXELS:
            raise JourneyMapError(
                f"the {renderer} PNG would be {across} × {down} px "
                f"({across * down / 1e6:.0f} megapixels); at most {MAX_PIXELS / 1e6:.0f} "
                "megapixels are drawn: lower scale, dpi or width, or export a PDF"
            )
    if title is None:
        found = _TITLE.search(svg)
        title = unescape(found.group(1)) if found else ""
    inputs = {
        "svg": with_font_runs(svg),
        "title": title,
        # The page: the SVG's size in points, times the factor for a PDF; a PNG is drawn
        # from the natural page at the pixel density that gives the factor.
        "width": repr(width * _PT_PER_PX * (factor if image_format == "pdf" else 1.0)),
    }
    what = f"the {renderer} {image_format.upper()}"
    try:
        data = _compile(typst, image_format, CSS_DPI * factor, inputs)
    except _Panic:
        # A text the layout cannot take apart in font runs: the SVG as it is, the
        # rasteriser's own fallback choosing fonts for what Liberation Sans lacks.
        try:
            data = _compile(typst, image_format, CSS_DPI * factor, {**inputs, "svg": svg})
        except _Panic as exc:
            raise JourneyMapError(f"{what} could not be drawn: {exc}") from None
    except typst.TypstError as exc:
        raise JourneyMapError(f"{what} could not be drawn: {exc.message}") from None
    if not isinstance(data, bytes):  # pragma: no cover - one page, one image
        raise JourneyMapError(f"{what} came out as several pages")
    return data


def svgs_on_paper(
    svgs: Sequence[str],
    paper: str,
    orientation: str = "landscape",
    *,
    renderer: str = "svg",
    title: str | None = None,
    warn: bool = False,
) -> bytes:
    """A PDF of ``paper`` pages, one SVG a page, each scaled to fit the printable area.

    The margin is :data:`journeymap.paging.MARGIN_PT`; the footer holds the title and the
    page's number. Text stays text, as in :func:`svg_to_image`. With ``warn``, a page
    whose smallest text prints below :data:`journeymap.paging.MIN_TEXT_PT` is named in a
    :class:`journeymap.paging.PaperWarning`.

    Raises:
        JourneyMapError: For an unknown paper or orientation, no SVG, a missing
            ``images`` extra, or an SVG the engine cannot draw.
    """
    from journeymap.paging import MARGIN_PT, MIN_TEXT_PT, PaperWarning, page_size

    if not svgs:
        raise JourneyMapError(f"the {renderer} PDF has no page to draw")
    typst = require_engine("pdf")
    page_width, page_height = page_size(paper, orientation)
    room_width, room_height = page_width - 2 * MARGIN_PT, page_height - 2 * MARGIN_PT
    if title is None:
        found = _TITLE.search(svgs[0])
        title = unescape(found.group(1)) if found else ""
    inputs = {
        "title": title,
        "count": str(len(svgs)),
        "page_width": repr(page_width),
        "page_height": repr(page_height),
        "margin": repr(MARGIN_PT),
    }
    for index, svg in enumerate(svgs):
        width, height = svg_size(svg)
        fit = min(room_width / (width * _PT_PER_PX), room_height / (height * _PT_PER_PX))
        inputs[f"svg{index}"] = svg
        inputs[f"width{index}"] = repr(width * _PT_PER_PX * fit)
        printed = smallest_text_pt(svg, width * _PT_PER_PX * fit)
        if warn and printed is not None and printed < MIN_TEXT_PT:
            page = f"page {index + 1} of " if len(svgs) > 1 else ""
            warn_at_caller(
                f"{page}the {paper} PDF of the {renderer} view prints its smallest text at "
                f"{printed:.1f} pt: choose a larger paper, or export it without paper",
                PaperWarning,
            )
    what = f"the {renderer} PDF"
    runs = {k: with_font_runs(v) if k.startswith("svg") else v for k, v in inputs.items()}
    try:
        try:
            data = _compile(typst, "pdf", CSS_DPI, runs, _PAGES_SOURCE)
        except _Panic:  # as in svg_to_image: the SVGs as they are
            data = _compile(typst, "pdf", CSS_DPI, inputs, _PAGES_SOURCE)
    except _Panic as exc:
        raise JourneyMapError(f"{what} could not be drawn: {exc}") from None
    except typst.TypstError as exc:
        raise JourneyMapError(f"{what} could not be drawn: {exc.message}") from None
    if not isinstance(data, bytes):  # pragma: no cover - a PDF is one document
        raise JourneyMapError(f"{what} came out as several documents")
    return data


def smallest_text_pt(svg: str, drawn_width_pt: float) -> float | None:
    """The smallest font size of ``svg`` in points once drawn ``drawn_width_pt`` wide.

    Font sizes are read in the SVG's own units (its ``viewBox``, else its width in CSS
    pixels); ``None`` for an SVG without text.

    Example:
        >>> svg = ('<svg width="200" height="50" viewBox="0 0 400 100">'
        ...        '<text font-size="12">a</text><text font-size="9">b</text></svg>')
        >>> smallest_text_pt(svg, 150.0)  # 400 units drawn 150 pt wide: 9 x 0.375
        3.375
    """
    sizes = [float(found) for found in _FONT_SIZE.findall(svg)]
    if not sizes:
        return None
    root = _ROOT.search(svg)
    box = _VIEW_BOX.search(root.group(0)) if root else None
    units = float(box.group(1)) if box else svg_size(svg)[0]
    return min(sizes) * drawn_width_pt / units if units > 0 else None


class _Panic(Exception):
    """The engine stopped on an internal error (a Rust panic), not on the input's fault."""


def _compile(
    typst: Any, image_format: str, ppi: float, inputs: dict[str, str], source: bytes = _SOURCE
) -> Any:
    """One compilation; a panic of the engine (a ``BaseException``) becomes :class:`_Panic`."""
    try:
        with _lock:
            compiler = _engine(typst)
            if image_format == "png":
                return compiler.compile(input=source, format="png", ppi=ppi, sys_inputs=inputs)
            return compiler.compile(input=source, format="pdf", sys_inputs=inputs)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except Exception:
        raise
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        raise _Panic(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
