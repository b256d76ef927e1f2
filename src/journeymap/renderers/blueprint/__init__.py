"""The service blueprint: the visible interactions and the processes behind them.

A blueprint is drawn from the same model as the swimlane map, on the map's columns
(phase bands and touchpoint columns) with rows of its own: physical evidence, customer
actions, the line of interaction, frontstage, the line of visibility, backstage, the
line of internal interaction, support (:mod:`~journeymap.renderers.blueprint.rows`).
Arrows show who starts each exchange and through which channel
(:mod:`~journeymap.renderers.blueprint.arrows`); failure points and waiting times are
marked (:mod:`~journeymap.renderers.blueprint.cells`).

Modules: ``rows`` (the rows as data), ``options`` (the renderer's options), ``cells``
(cards and marks), ``arrows``, ``legend``, ``layout`` (model to scene) and ``renderer``.

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny").phase("P").touchpoint("T", frontstage=["Greets"]).build()
    >>> RENDERER.render(m, id_prefix="bp").count('id="bp-tp-t-frontstage"')
    1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_attributes

if TYPE_CHECKING:
    from journeymap.renderers.blueprint.options import BlueprintOptions
    from journeymap.renderers.blueprint.renderer import RENDERER, BlueprintRenderer

__all__ = ["RENDERER", "BlueprintOptions", "BlueprintRenderer"]

# Loaded on first use: the command line reads the options model of every renderer, and
# that must not import the blueprint's drawing.
_LAZY = {
    "BlueprintOptions": "journeymap.renderers.blueprint.options",
    "RENDERER": "journeymap.renderers.blueprint.renderer",
    "BlueprintRenderer": "journeymap.renderers.blueprint.renderer",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
