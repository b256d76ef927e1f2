"""PNG and PDF of every view, without a browser (the ``images`` extra).

``save(m, "map.png")``, ``save(m, "map.pdf")`` and :func:`journeymap.renderers.render_image`
draw the swimlane map (``svg``) and the Graphviz flow (``dot``) as images. The SVG is
drawn by Typst (``pip install 'journeymap[images]'``): PNG at the size asked for
(:class:`ImageOptions`: ``scale``, ``dpi`` or ``width``), PDF with selectable text in
embedded fonts. The map's font, Liberation Sans, ships with journeymap; CJK and emoji
come from the system's fonts (see :mod:`journeymap.images.fonts`).

Modules: :mod:`~journeymap.images.options` (the sizes), :mod:`~journeymap.images.fonts`
(fonts and fallbacks), :mod:`~journeymap.images.engine` (SVG to PNG and PDF),
:mod:`~journeymap.images.svg_map` (the ``svg`` renderer with its images). Importing this
package does not import Typst.

Example:
    >>> from journeymap import Journey
    >>> from journeymap.renderers import render_image
    >>> png = render_image(Journey("Tiny").phase("P").touchpoint("T", emotion=1),
    ...                    "svg", "png", width=400)
    >>> png_size(png)
    (400, 265)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_attributes

if TYPE_CHECKING:
    from journeymap.images.engine import MAX_PIXELS, MISSING_EXTRA, png_size, svg_to_image
    from journeymap.images.options import ImageOptions, check_image_options

__all__ = [
    "MAX_PIXELS",
    "MISSING_EXTRA",
    "ImageOptions",
    "check_image_options",
    "png_size",
    "svg_to_image",
]

# Loaded on first use: the svg renderer lives in this package (svg_map), and a plain SVG
# render must not pay for the engine's imports.
_LAZY = {
    "MAX_PIXELS": "journeymap.images.engine",
    "MISSING_EXTRA": "journeymap.images.engine",
    "png_size": "journeymap.images.engine",
    "svg_to_image": "journeymap.images.engine",
    "ImageOptions": "journeymap.images.options",
    "check_image_options": "journeymap.images.options",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
