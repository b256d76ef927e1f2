"""What a drawn view (the map, the blueprint) resolves first: its words, theme, sizes, id.

Both views take a theme, a locale, sizes and an optional id prefix the same way; the
checks and the defaults live here once.

Example:
    >>> from journeymap import Journey
    >>> m = Journey("Tiny", locale="es").phase("P").touchpoint("T").build()
    >>> words, theme, sizes = resolve_look("svg", m, "dark", None, None)
    >>> words.locale, theme.name, sizes.caption
    ('es', 'dark', 11.0)
    >>> scene_id("svg", m, "my-map", {})
    'my-map'
"""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.i18n import Words, words_for
from journeymap.model import JourneyMap
from journeymap.renderers.options import content_prefix, id_prefix_option, locale_option
from journeymap.renderers.svg.sizes import Typography
from journeymap.themes import Theme, get_theme

__all__ = ["resolve_look", "scene_id"]


def resolve_look(
    renderer: str,
    model: JourneyMap,
    theme: str | Theme,
    locale: str | Words | None,
    typography: Typography | None,
) -> tuple[Words, Theme, Typography]:
    """The words (the locale's, else the map's), the theme and the sizes of a view.

    Raises:
        JourneyMapError: For an unknown theme or locale, located at ``renderer``'s option.
    """
    if isinstance(locale, Words):
        words = locale
    else:
        words = words_for(locale_option(renderer, locale) or model.locale)
    return words, get_theme(theme), typography or Typography()


def scene_id(
    renderer: str, model: JourneyMap, id_prefix: str | None, drawn_with: Mapping[str, object]
) -> str:
    """The scene's id: the prefix given, checked, or one derived from the map and options.

    Raises:
        JourneyMapError: For a prefix that is not an XML name of the allowed form.
    """
    if id_prefix is None:
        return content_prefix(model, renderer, dict(drawn_with))
    return id_prefix_option(renderer, id_prefix)
