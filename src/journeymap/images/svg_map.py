"""The ``svg`` renderer with its images: the swimlane map as PNG and PDF.

:class:`SvgMapRenderer` is the ``svg`` renderer (same name, suffix, options and text)
that also declares ``png`` and ``pdf`` images (:data:`MAP_IMAGES`), drawn from its SVG by
:func:`journeymap.images.engine.svg_to_image`. An image needs literal colours: a theme
that follows the reader's colour scheme (``auto``) is drawn in its light colours, the
SVG without its ``prefers-color-scheme`` rules.

Example:
    >>> dict(RENDERER.image_formats)
    {'png': '.png', 'pdf': '.pdf'}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from journeymap.caller import warn_at_caller
from journeymap.errors import JourneyMapError
from journeymap.model import JourneyMap
from journeymap.renderers.options import RendererOptions, SvgOptions, validate_options
from journeymap.renderers.svg.renderer import SvgRenderer
from journeymap.themes import DARK_SCHEMES, Theme

__all__ = [
    "MAP_IMAGES",
    "RENDERER",
    "SvgMapRenderer",
    "checked_for_image",
    "light_image",
    "without_scheme_rules",
]

#: The images of the map, each with the suffix ``journeymap render --image`` names it with.
MAP_IMAGES: Mapping[str, str] = MappingProxyType({"png": ".png", "pdf": ".pdf"})


@dataclass(frozen=True)
class SvgMapRenderer(SvgRenderer):
    """The swimlane map as SVG text, and as PNG and PDF images."""

    image_formats: ClassVar[Mapping[str, str]] = MAP_IMAGES
    #: ``render_image`` takes ``image=`` (an :class:`~journeymap.images.ImageOptions`).
    takes_image_options: ClassVar[bool] = True

    def render_image(
        self, model: JourneyMap, image_format: str, /, *, image: Any = None, **options: Any
    ) -> bytes:
        """The map as a ``png`` or ``pdf`` image, sized by ``image``.

        Raises:
            JourneyMapError: For a bad option or image format, a missing ``images``
                extra, or an image too large to draw.
        """
        values = checked_for_image(self.name, SvgOptions, MAP_IMAGES, image_format, options)
        if image is not None and image.paper is not None and image_format == "pdf":
            return self._on_paper(model, values, image.paper, image.orientation or "landscape")
        svg = self.render(model, **values)
        return light_image(svg, values["theme"], image_format, image, self.name, model.title)

    def _on_paper(
        self, model: JourneyMap, values: dict[str, Any], paper: str, orientation: str
    ) -> bytes:
        """The map split by phases into legible pages of ``paper`` (see journeymap.paging).

        A page that cannot be read even with one phase is drawn all the same, and a
        warning names it with what would help.
        """
        from journeymap.images.engine import svgs_on_paper
        from journeymap.paging import PaperWarning, plan_pages

        chosen = {k: v for k, v in values.items() if k not in ("phases", "header")}
        pages = plan_pages(model, paper=paper, orientation=orientation, **chosen)
        if not pages:  # no phases: the map is its own one page
            svgs = [self.render(model, **values)]
        else:
            svgs = [
                self.render(model, **{**chosen, "phases": page.phases, "header": page.header})
                for page in pages
            ]
        if values["theme"].name in DARK_SCHEMES:
            svgs = [without_scheme_rules(svg) for svg in svgs]
        for number, page in enumerate(pages, start=1):
            if not page.legible:
                warn_at_caller(
                    f"page {number} of the {paper} PDF ({', '.join(page.phases)}) prints its "
                    f"smallest text at {page.text_pt:.1f} pt: choose fewer lanes "
                    "(lanes='compact') or a larger paper",
                    PaperWarning,
                )
        return svgs_on_paper(svgs, paper, orientation, renderer=self.name, title=model.title)


def checked_for_image(
    renderer: str,
    options_model: type[RendererOptions],
    images: Mapping[str, str],
    image_format: str,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """A view's options checked for an image of it, every field filled in.

    The image format and the ``images`` extra are checked first, before anything is
    drawn, so a missing extra fails fast.

    Raises:
        JourneyMapError: For an image format the view does not make, a missing extra,
            or a bad option.
    """
    from journeymap.images.engine import require_engine

    if image_format not in images:
        raise JourneyMapError(
            f"the {renderer} renderer cannot make {image_format!r} images; "
            f"allowed: {', '.join(images)}"
        )
    require_engine(image_format)
    checked = validate_options(renderer, options_model, dict(options))
    return {name: getattr(checked, name) for name in options_model.model_fields}


def light_image(
    svg: str, theme: Theme, image_format: str, image: Any, renderer: str, title: str
) -> bytes:
    """A view's SVG as an image in literal, light colours (an ``auto`` theme's light side).

    Raises:
        JourneyMapError: As :func:`journeymap.images.engine.svg_to_image` does.
    """
    from journeymap.images.engine import svg_to_image

    if theme.name in DARK_SCHEMES:
        svg = without_scheme_rules(svg)
    return svg_to_image(svg, image_format, image, renderer=renderer, title=title)


def without_scheme_rules(svg: str) -> str:
    """``svg`` without the ``<style>`` that switches to dark colours: the light picture."""
    start = svg.find("<style>@media (prefers-color-scheme: dark)")
    if start < 0:
        return svg
    end = svg.find("</style>", start)
    return svg[:start] + svg[end + len("</style>") :]


RENDERER = SvgMapRenderer()
