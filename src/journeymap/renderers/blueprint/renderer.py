"""The ``blueprint`` renderer: a service blueprint drawn from the same model as the map.

Its options are declared once, in
:class:`~journeymap.renderers.blueprint.options.BlueprintOptions` (the registry checks
them before rendering; a direct call checks them too):

    theme: ``default``, ``dark``, ``print``, ``auto`` (the default's colours, and CSS
        that switches to the dark theme's where the reader prefers a dark colour
        scheme), a theme file or a :class:`~journeymap.themes.Theme`.
    locale: Language of row names and words (``en``, ``es``); default the map's.
    actors: Add one row per actor, grouped by role (default ``False``).
    column_width: Touchpoint column width in px (default 180; 80 to 1000).
    legend: Draw the legend (default ``True``).
    header: ``full`` or ``title``.
    id_prefix: The root element's id and the prefix of every other id (default ``jm-``
        and 8 hex digits derived from the map and these options).
    validate: Check every element against SVG 1.1 with svgwrite (slow; for tests).

It also exports PNG and PDF images (:data:`BLUEPRINT_IMAGES`), drawn from its SVG by
:func:`journeymap.images.engine.svg_to_image` as the map's are: the ``auto`` theme in its
light colours, a PDF on paper fitted to one page.

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny").phase("P").touchpoint("T", backstage=["Checks stock"]).build()
    >>> svg = RENDERER.render(m)
    >>> svg.startswith('<?xml version="1.0" encoding="utf-8"?>'), "Line of visibility" in svg
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from journeymap.colour_scheme import with_dark_scheme
from journeymap.errors import JourneyMapError
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.model import JourneyMap
from journeymap.renderers.blueprint.options import BlueprintOptions
from journeymap.renderers.options import validate_options
from journeymap.themes import DARK_SCHEMES, get_theme

__all__ = ["BLUEPRINT_IMAGES", "RENDERER", "BlueprintRenderer"]

#: The images of the blueprint, each with the suffix ``journeymap render --image`` names
#: it with.
BLUEPRINT_IMAGES: Mapping[str, str] = MappingProxyType(
    {"png": ".blueprint.png", "pdf": ".blueprint.pdf"}
)


@dataclass(frozen=True)
class BlueprintRenderer:
    """Renders a map as an SVG service blueprint."""

    name: str = "blueprint"
    suffix: str = ".blueprint.svg"
    media_type: str = "image/svg+xml"
    options: ClassVar[type[BlueprintOptions]] = BlueprintOptions
    image_formats: ClassVar[Mapping[str, str]] = BLUEPRINT_IMAGES
    #: ``render_image`` takes ``image=`` (an :class:`~journeymap.images.ImageOptions`).
    takes_image_options: ClassVar[bool] = True

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model``; see the module documentation for the options.

        Raises:
            JourneyMapError: For something that is not a map, an unknown option or a bad
                option value (the message names the option, the value and what is allowed).
        """
        from journeymap.renderers.blueprint.layout import layout_blueprint
        from journeymap.renderers.svg.draw import draw

        if not isinstance(model, JourneyMap):
            raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
        checked = validate_options(self.name, BlueprintOptions, options)
        common: dict[str, Any] = {
            "locale": checked.locale or model.locale,
            "actors": checked.actors,
            "column_width": checked.column_width,
            "legend": checked.legend,
            "header": checked.header,
        }
        with cyclic_gc_paused():
            scene = layout_blueprint(
                model, theme=checked.theme, id_prefix=checked.id_prefix, **common
            )
            svg = draw(scene, debug=checked.validate)
            dark_name = DARK_SCHEMES.get(checked.theme.name)
            if dark_name is None:
                return svg
            # The same blueprint in the dark theme, under the same ids: its colours become
            # the CSS that a reader's dark colour scheme switches to.
            dark = layout_blueprint(model, theme=get_theme(dark_name), id_prefix=scene.id, **common)
            return with_dark_scheme(svg, draw(dark), scene.id)

    def render_image(
        self, model: JourneyMap, image_format: str, /, *, image: Any = None, **options: Any
    ) -> bytes:
        """The blueprint as a ``png`` or ``pdf`` image, sized by ``image``.

        Raises:
            JourneyMapError: For a bad option or image format, a missing ``images``
                extra, or an image too large to draw.
        """
        from journeymap.images.svg_map import checked_for_image, light_image

        values = checked_for_image(
            self.name, BlueprintOptions, BLUEPRINT_IMAGES, image_format, options
        )
        svg = self.render(model, **values)
        return light_image(svg, values["theme"], image_format, image, self.name, model.title)


RENDERER = BlueprintRenderer()
