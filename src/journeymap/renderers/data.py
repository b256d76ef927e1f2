"""The data renderers: a map as YAML or JSON, loadable again without loss.

Example:
    >>> from journeymap.model import JourneyMap
    >>> YAML_RENDERER.render(JourneyMap(title="Checkout"))
    'title: Checkout\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeymap.io import DataFormat, dumps
from journeymap.model import JourneyMap
from journeymap.renderers import check_options

__all__ = ["JSON_RENDERER", "YAML_RENDERER", "DataRenderer"]


@dataclass(frozen=True)
class DataRenderer:
    """Writes the model itself, as :func:`journeymap.io.dumps` does."""

    name: DataFormat
    suffix: str
    media_type: str

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Serialise ``model``; this renderer takes no options."""
        check_options(self.name, options, ())
        return dumps(model, self.name)


JSON_RENDERER = DataRenderer("json", ".json", "application/json")
YAML_RENDERER = DataRenderer("yaml", ".yaml", "application/yaml")
