"""The options of the ``blueprint`` renderer, declared once as a typed model.

The registry, the command line (``-O name=value``) and the docs read these fields, as
they read :class:`~journeymap.renderers.options.SvgOptions` for the map; the field
types are the map's own, so a value is checked and refused the same way.

Example:
    >>> BlueprintOptions(actors=True).actors
    True
    >>> BlueprintOptions().theme.name, BlueprintOptions().column_width
    ('default', 180.0)
"""

from __future__ import annotations

import warnings

from pydantic import ConfigDict, Field

from journeymap.renderers.options import (
    COLUMN_WIDTH_RANGE,
    Choice,
    Flag,
    IdPrefix,
    LocaleOption,
    Number,
    RendererOptions,
    ThemeOption,
    _given,
)

__all__ = ["BlueprintOptions"]

# ``validate`` is the same option as the map's; as a field it hides pydantic's
# deprecated ``BaseModel.validate`` classmethod, which pydantic warns of.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "validate"', category=UserWarning)

    class BlueprintOptions(RendererOptions):
        """The options of the ``blueprint`` renderer, the service blueprint."""

        model_config = ConfigDict(title="blueprint")

        theme: ThemeOption = Field(_given("default"), description="Colours, lines and card styles.")
        locale: LocaleOption = Field(None, description="Language of row names and words.")
        actors: Flag = Field(
            False,
            description="Add one row per actor of the map, grouped by role, with the "
            "touchpoints each takes part in.",
        )
        column_width: Number(*COLUMN_WIDTH_RANGE, unit="px") = Field(  # type: ignore[valid-type]
            180.0,
            description="Width of a touchpoint column; a column widens to fit its longest word, "
            "up to twice this.",
        )
        legend: Flag = Field(True, description="Draw the legend below the blueprint.")
        header: Choice("full", "title") = Field(  # type: ignore[valid-type]
            "full",
            description="The header above the phases: the title with the persona and the "
            "context, or the title line only.",
        )
        id_prefix: IdPrefix = Field(
            None, description="The root element's id and the start of every other id."
        )
        validate: Flag = Field(  # type: ignore[assignment]
            False,
            description="Check every element against SVG 1.1 with svgwrite (slow; for tests).",
        )
