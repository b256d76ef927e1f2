"""How notebooks show a map: ``Journey`` and ``JourneyMap`` as the SVG map.

JupyterLab, VS Code and nbconvert call ``_repr_mimebundle_`` and pick the richest type
they can show. The bundle holds the SVG map (``image/svg+xml``, in the ``auto`` theme,
so it follows the reader's light or dark colour scheme), the same map as a PNG
(``image/png``, base64, in the light colours) when the ``images`` extra is installed,
for viewers and exports that show no SVG, and the one-line ``repr`` as ``text/plain``;
never ``text/markdown``, which front-ends would prefer over the picture. A builder that
cannot build shows its ``repr`` and the error instead of a traceback.

Example:
    >>> from journeymap import Journey
    >>> bundle = mimebundle(Journey("Tiny").phase("P").touchpoint("T", emotion=1))
    >>> "image/svg+xml" in bundle, bundle["text/plain"]
    (True, "Journey('Tiny', phases=1, touchpoints=1)")
    >>> broken = Journey("Tiny").phase("P").touchpoint("T").flow("t", "nowhere")
    >>> print(mimebundle(broken)["text/plain"])
    Journey('Tiny', phases=1, touchpoints=1)
    flow #1 > target: target 'nowhere' is not a touchpoint id; allowed: 't'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.errors import JourneyMapError

if TYPE_CHECKING:
    from journeymap.builder import Journey
    from journeymap.model import JourneyMap

__all__ = ["NOTEBOOK_THEME", "mimebundle"]

#: The theme notebooks show maps in.
NOTEBOOK_THEME = "auto"


def mimebundle(journey: Journey | JourneyMap) -> dict[str, str]:
    """The MIME bundle of a map or a builder: the SVG map, its PNG and a one-line text."""
    from journeymap.renderers import render

    text = repr(journey)
    try:
        svg = render(journey, "svg", theme=NOTEBOOK_THEME)
    except JourneyMapError as exc:
        return {"text/plain": f"{text}\n{exc}"}
    bundle = {"image/svg+xml": svg}
    png = _png(svg)
    if png is not None:
        bundle["image/png"] = png
    bundle["text/plain"] = text
    return bundle


def _png(svg: str) -> str | None:
    """The SVG in its light colours as a base64 PNG, or ``None`` without the extra."""
    import base64

    from journeymap.images.engine import engine_available, svg_to_image
    from journeymap.images.svg_map import without_scheme_rules

    if not engine_available():
        return None
    try:
        png = svg_to_image(without_scheme_rules(svg), "png")
    except JourneyMapError:  # too large to draw: the SVG alone
        return None
    return base64.b64encode(png).decode("ascii")
