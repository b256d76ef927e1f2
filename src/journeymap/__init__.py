"""journeymap: customer journey maps as code.

Write a map with the fluent :class:`Journey` builder, or read one from YAML, JSON or a
Mermaid ``journey`` (:func:`load`); get a frozen, validated :class:`JourneyMap`; render
it with any registered renderer (:func:`render`, :func:`save`): ``svg`` (the swimlane
map), ``markdown``, ``dot`` (the flow, and its images through Graphviz), ``mermaid``,
``yaml`` and ``json``. Lanes are chosen per render (``lanes="compact"``, see
:mod:`journeymap.lanes`), and every renderer's options are typed and checked before
anything is drawn (:mod:`journeymap.renderers.options`).

Importing the package is cheap: the model, the builder and every renderer load on first
use.

Example:
    >>> from journeymap import Journey, render
    >>> journey = (
    ...     Journey("Online checkout", persona="First-time buyer")
    ...     .phase("Discover", goal="Find a gift")
    ...     .touchpoint("Sees an ad", channel="social", emotion=1)
    ...     .phase("Buy")
    ...     .touchpoint("Pays", channel="web", emotion=-2, pain_points=["Hidden fees"])
    ... )
    >>> print(render(journey, "markdown").splitlines()[0])
    # Online checkout
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.errors import JourneyMapError, Problem
from journeymap.lazy import lazy_attributes

if TYPE_CHECKING:
    from journeymap.builder import Journey
    from journeymap.io import dumps, json_schema, load, loads
    from journeymap.model import (
        Actor,
        Channel,
        Curve,
        CurvePoint,
        EmotionScale,
        Flow,
        JourneyMap,
        Metric,
        Persona,
        Phase,
        Touchpoint,
    )
    from journeymap.renderers import render, render_image, save

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Channel",
    "Curve",
    "CurvePoint",
    "EmotionScale",
    "Flow",
    "Journey",
    "JourneyMap",
    "JourneyMapError",
    "Metric",
    "Persona",
    "Phase",
    "Problem",
    "Touchpoint",
    "__version__",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "render",
    "render_image",
    "save",
]

_LAZY: dict[str, str] = {
    "Journey": "journeymap.builder",
    "dumps": "journeymap.io",
    "json_schema": "journeymap.io",
    "load": "journeymap.io",
    "loads": "journeymap.io",
    "render": "journeymap.renderers",
    "render_image": "journeymap.renderers",
    "save": "journeymap.renderers",
    **dict.fromkeys(
        (
            "Actor",
            "Channel",
            "Curve",
            "CurvePoint",
            "EmotionScale",
            "Flow",
            "JourneyMap",
            "Metric",
            "Persona",
            "Phase",
            "Touchpoint",
        ),
        "journeymap.model",
    ),
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
