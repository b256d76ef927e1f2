"""The ``svg`` renderer: a swimlane customer journey map.

Options:
    theme: ``default``, ``dark``, ``print`` or a :class:`~journeymap.themes.Theme`.
    locale: Language of lane names and words (``en``, ``es``); default the map's.
    lanes: Lanes to show, in order (see :data:`~journeymap.renderers.svg.layout.LANES`).
    curve: ``smooth`` (monotone) or ``straight``.
    column_width: Touchpoint column width in px (default 180).
    legend: Draw the legend (default ``True``).
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

from journeymap.errors import JourneyMapError
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.model import JourneyMap
from journeymap.renderers import check_options

__all__ = ["RENDERER", "SvgRenderer"]

_OPTIONS = ("theme", "locale", "lanes", "curve", "column_width", "legend", "validate")


@dataclass(frozen=True)
class SvgRenderer:
    """Renders a map as an SVG swimlane diagram."""

    name: str = "svg"
    suffix: str = ".svg"
    media_type: str = "image/svg+xml"

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model``; see the module documentation for the options."""
        from journeymap.renderers.svg.draw import draw
        from journeymap.renderers.svg.layout import layout

        check_options(self.name, options, _OPTIONS)
        validate = bool(options.pop("validate", False))
        lanes = options.get("lanes")
        if isinstance(lanes, str):
            options["lanes"] = [lane.strip() for lane in lanes.split(",") if lane.strip()]
        # Large maps would otherwise make the collector rescan the growing scene again and
        # again: 10000 touchpoints took 169 times as long as 100, against 107 paused.
        with cyclic_gc_paused():
            try:
                scene = layout(model, **options)
            except TypeError as exc:  # a wrongly typed option value
                raise JourneyMapError(f"bad option for the svg renderer: {exc}") from None
            return draw(scene, debug=validate)


RENDERER = SvgRenderer()
