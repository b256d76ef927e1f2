"""The data renderers: a map as YAML or JSON, loadable again without loss.

They take no options (:class:`~journeymap.renderers.options.NoOptions`).

Example:
    >>> from journeymap.model import JourneyMap
    >>> YAML_RENDERER.render(JourneyMap(title="Checkout"))
    'title: Checkout\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from journeymap.io import DataFormat, dumps
from journeymap.model import JourneyMap
from journeymap.renderers.options import NoOptions, validate_options

__all__ = ["JSON_RENDERER", "YAML_RENDERER", "DataRenderer"]


@dataclass(frozen=True)
class DataRenderer:
    """Writes the model itself, as :func:`journeymap.io.dumps` does."""

    name: DataFormat
    suffix: str
    media_type: str
    options: ClassVar[type[NoOptions]] = NoOptions

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Serialise ``model``; this renderer takes no options."""
        validate_options(self.name, NoOptions, options)
        return dumps(model, self.name)


JSON_RENDERER = DataRenderer("json", ".json", "application/json")
YAML_RENDERER = DataRenderer("yaml", ".yaml", "application/yaml")
