"""The ``svg`` renderer: a swimlane customer journey map.

Options:
    theme: ``default``, ``dark``, ``print``, a theme file (``.yaml``, ``.json``) or a
        :class:`~journeymap.themes.Theme`.
    locale: Language of lane names and words (``en``, ``es``); default the map's.
    lanes: Lanes to show, in order (see :data:`~journeymap.renderers.svg.layout.LANES`).
    curve: ``smooth`` (monotone) or ``straight``.
    column_width: Touchpoint column width in px (default 180; 80 to 1000).
    legend: Draw the legend (default ``True``).
    id_prefix: The root element's id and the prefix of every other id (default ``jm-``
        and 8 hex digits derived from the map and these options; see
        :mod:`journeymap.renderers.svg.layout` for the ids that follow it).
    validate: Check every element against SVG 1.1 with svgwrite (slow; for tests).

Example:
    >>> from journeymap import Journey
    >>> svg = RENDERER.render(Journey("Tiny").phase("P").touchpoint("T", emotion=1).build())
    >>> svg.startswith('<?xml version="1.0" encoding="utf-8"?>')
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeymap.gc_pause import cyclic_gc_paused
from journeymap.model import JourneyMap
from journeymap.renderers import check_options

__all__ = ["RENDERER", "SvgRenderer"]

_OPTIONS = (
    "theme",
    "locale",
    "lanes",
    "curve",
    "column_width",
    "legend",
    "id_prefix",
    "validate",
)


@dataclass(frozen=True)
class SvgRenderer:
    """Renders a map as an SVG swimlane diagram."""

    name: str = "svg"
    suffix: str = ".svg"
    media_type: str = "image/svg+xml"

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model``; see the module documentation for the options.

        Raises:
            JourneyMapError: For something that is not a map, an unknown option or a bad
                option value (the message names the option, the value and what is allowed).
        """
        from journeymap.renderers.options import bool_option
        from journeymap.renderers.svg.draw import draw
        from journeymap.renderers.svg.layout import layout

        check_options(self.name, options, _OPTIONS)
        validate = bool_option(self.name, "validate", options.pop("validate", False))
        # Large maps would otherwise make the collector rescan the growing scene again and
        # again: 10000 touchpoints took 169 times as long as 100, against 107 paused.
        with cyclic_gc_paused():
            return draw(layout(model, **options), debug=validate)


RENDERER = SvgRenderer()
