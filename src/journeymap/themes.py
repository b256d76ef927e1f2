"""Colour themes for the SVG renderers: palettes, card styles and curve styles.

A :class:`Theme` is frozen data: every colour is a lowercase ``"#rrggbb"``, every mapping
is read-only. Four built-in themes are in :data:`THEMES`: ``"default"`` (light),
``"dark"``, ``"print"`` (strictly greyscale; curves differ by dash and width alone) and
``"auto"``, the default's colours that turn into the dark theme's where the reader
prefers a dark colour scheme (:data:`DARK_SCHEMES`).
Phase bands use the Okabe–Ito colour-blind-safe palette; emotion valence uses a diverging
palette that still reads in greyscale (positive lighter and cooler, negative darker and
warmer, critical distinct). Every text colour meets WCAG AA (contrast 4.5) on the
background it is drawn on; :func:`contrast_ratio` measures it.

Example:
    >>> theme = get_theme("default")
    >>> theme.cards["pain_points"].fill
    '#fdeceb'
    >>> round(contrast_ratio(theme.text, theme.background), 1)
    15.8
    >>> poster = theme.derive("poster", corner_radius=0, cards={"doubts": {"dash": None}})
    >>> poster.name, poster.corner_radius, poster.cards["doubts"].dash
    ('poster', 0.0, None)
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any, TypeVar

from journeymap.errors import JourneyMapError, Problem
from journeymap.lanes import card_styles

__all__ = [
    "CARD_KEYS",
    "COLOUR_FIELDS",
    "CURVE_KEYS",
    "DARK_SCHEMES",
    "THEMES",
    "CardStyle",
    "LineStyle",
    "Theme",
    "contrast_ratio",
    "get_theme",
    "relative_luminance",
]

#: The card styles every theme defines: those of the lanes (:mod:`journeymap.lanes`), in
#: lane order, then ``persona``.
CARD_KEYS: tuple[str, ...] = card_styles()

#: The sources of extra emotion curves (:data:`journeymap.model.CurveSource`).
CURVE_KEYS: tuple[str, ...] = ("assumed", "measured", "competitor", "future")

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_DASHARRAY = re.compile(r"\d+(\.\d+)?([ ,]+\d+(\.\d+)?)*")

_S = TypeVar("_S", "LineStyle", "CardStyle")


def _colour(value: object, where: str, problems: list[Problem]) -> object:
    """Return ``value`` lowercased if it is a ``#rrggbb`` colour; else note a problem."""
    if isinstance(value, str) and _COLOUR.fullmatch(value):
        return value.lower()
    problems.append(Problem(where, f"{value!r} is not a colour; write it as '#rrggbb'"))
    return value


def _number(value: object, where: str, problems: list[Problem], *, top: float) -> object:
    """Return ``value`` as a float if it is a finite number in ``0..top``; else note it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and 0 <= number <= top:
            return number
    bounds = "0..1" if top == 1 else "a finite number >= 0"
    why = None
    if isinstance(value, str):  # a number form YAML 1.1 reads another way: say which
        from journeymap.yaml_reader import not_decimal

        why = not_decimal(value)
    problems.append(Problem(where, why or f"{value!r} is not allowed; use {bounds}"))
    return value


def _dash(value: object, where: str, problems: list[Problem]) -> None:
    """Note a problem unless ``value`` is ``None`` or an SVG dasharray such as ``"6 4"``."""
    if value is None or (isinstance(value, str) and _DASHARRAY.fullmatch(value)):
        return
    problems.append(
        Problem(where, f"{value!r} is not a dash pattern; use None or numbers like '6 4'")
    )


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise JourneyMapError(problems)


@dataclass(frozen=True)
class LineStyle:
    """How a line is stroked.

    Attributes:
        color: The stroke colour, ``"#rrggbb"``.
        width: The stroke width in pixels (> 0).
        dash: An SVG ``stroke-dasharray`` such as ``"6 4"``; ``None`` for a solid line.

    Example:
        >>> LineStyle("#0072B2", 2)
        LineStyle(color='#0072b2', width=2.0, dash=None)
    """

    color: str
    width: float
    dash: str | None = None

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        object.__setattr__(self, "color", _colour(self.color, "color", problems))
        width = _number(self.width, "width", problems, top=math.inf)
        if width == 0:
            problems.append(Problem("width", "0 is not allowed; use a number > 0"))
        object.__setattr__(self, "width", width)
        _dash(self.dash, "dash", problems)
        _raise(problems)


@dataclass(frozen=True)
class CardStyle:
    """How the cards of one lane look.

    Attributes:
        fill: The card's background colour.
        stroke: The card's border colour.
        text: The colour of text on the card (contrast at least 4.5 on ``fill``).
        dash: An SVG ``stroke-dasharray`` for the border; ``None`` for a solid border.

    Example:
        >>> CardStyle("#FFF8E1", "#d9b850", "#1f2328", "4 3").fill
        '#fff8e1'
    """

    fill: str
    stroke: str
    text: str
    dash: str | None = None

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("fill", "stroke", "text"):
            object.__setattr__(self, name, _colour(getattr(self, name), name, problems))
        _dash(self.dash, "dash", problems)
        _raise(problems)


#: The fields of :class:`Theme` that hold one colour each.
COLOUR_FIELDS = (
    "background",
    "text",
    "muted",
    "grid",
    "header_fill",
    "header_text",
    "positive",
    "neutral",
    "negative",
    "critical",
    "positive_fill",
    "negative_fill",
)


@dataclass(frozen=True)
class Theme:
    """Every colour, line and card style a map is drawn with.

    Mappings given as plain dicts are copied into read-only mappings, keyed in the order
    of :data:`CARD_KEYS` and :data:`CURVE_KEYS`, so a theme is truly immutable, hashable
    and picklable. Use :meth:`derive` to make a variant.

    Attributes:
        name: The theme's name.
        background: The page background.
        text: Body text.
        muted: Secondary text (captions, scale labels); also readable on the background,
            the phase tints and ``header_fill``.
        grid: Gridlines and separators.
        header_fill: The lane-header column's background.
        header_text: Text in the lane-header column.
        phase_colors: Phase band colours, cycled over the phases.
        phase_text: The text colour on each phase band (one per phase colour).
        phase_tint: Opacity (0..1) of a phase's colour behind its columns.
        positive: Colour of curve points above the neutral level.
        neutral: Colour of curve points at the neutral level.
        negative: Colour of curve points below the neutral level.
        critical: Colour of critical moments (also readable as label text).
        positive_fill: Soft fill between the curve and the neutral line, above it.
        negative_fill: Soft fill between the curve and the neutral line, below it.
        fill_opacity: Opacity (0..1) of those fills.
        curve: The touchpoints' own emotion curve.
        curves: Extra curves by source (:data:`CURVE_KEYS`), each distinguishable by dash
            and width, not only colour.
        cards: Card styles by lane (:data:`CARD_KEYS`).
        visibility: The line of visibility.
        corner_radius: Corner radius of cards, pills and bands, in pixels.

    Example:
        >>> theme = THEMES["print"]
        >>> theme.curves["assumed"]
        LineStyle(color='#333333', width=2.0, dash='6 4')
        >>> hash(theme) == hash(theme.derive())
        True
    """

    name: str
    background: str
    text: str
    muted: str
    grid: str
    header_fill: str
    header_text: str
    phase_colors: tuple[str, ...]
    phase_text: tuple[str, ...]
    phase_tint: float
    positive: str
    neutral: str
    negative: str
    critical: str
    positive_fill: str
    negative_fill: str
    fill_opacity: float
    curve: LineStyle
    curves: Mapping[str, LineStyle]
    cards: Mapping[str, CardStyle]
    visibility: LineStyle
    corner_radius: float

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        where = f"theme {self.name!r}"
        if not isinstance(self.name, str) or not self.name:
            problems.append(Problem("theme name", f"{self.name!r} is not a non-empty string"))
        set_ = object.__setattr__
        for name in COLOUR_FIELDS:
            set_(self, name, _colour(getattr(self, name), f"{where} > {name}", problems))
        for name in ("phase_colors", "phase_text"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, (tuple, list)) or not value:
                problems.append(Problem(f"{where} > {name}", "give a non-empty list of colours"))
                continue
            set_(
                self,
                name,
                tuple(_colour(c, f"{where} > {name} > {i}", problems) for i, c in enumerate(value)),
            )
        if len(self.phase_colors) != len(self.phase_text):
            problems.append(
                Problem(
                    f"{where} > phase_text",
                    f"give one text colour per phase colour "
                    f"({len(self.phase_text)} for {len(self.phase_colors)})",
                )
            )
        for name in ("phase_tint", "fill_opacity"):
            set_(self, name, _number(getattr(self, name), f"{where} > {name}", problems, top=1))
        set_(
            self,
            "corner_radius",
            _number(self.corner_radius, f"{where} > corner_radius", problems, top=math.inf),
        )
        for name in ("curve", "visibility"):
            if not isinstance(getattr(self, name), LineStyle):
                problems.append(Problem(f"{where} > {name}", "give a LineStyle"))
        set_(
            self,
            "curves",
            _styles(self.curves, LineStyle, CURVE_KEYS, f"{where} > curves", problems),
        )
        set_(self, "cards", _styles(self.cards, CardStyle, CARD_KEYS, f"{where} > cards", problems))
        _raise(problems)

    def __hash__(self) -> int:
        return hash(
            tuple(
                tuple(value.items()) if isinstance(value, Mapping) else value
                for value in (getattr(self, f.name) for f in fields(self))
            )
        )

    def __reduce__(self) -> tuple[type[Theme], tuple[Any, ...]]:
        # Read-only mappings cannot be pickled; rebuild from plain dicts instead.
        return Theme, tuple(
            dict(value) if isinstance(value, Mapping) else value
            for value in (getattr(self, f.name) for f in fields(self))
        )

    def derive(self, name: str | None = None, **overrides: Any) -> Theme:
        """A copy of this theme with some fields replaced.

        ``cards`` and ``curves`` are merged: pass only the lanes or sources to change. A
        card or line style (also ``curve`` and ``visibility``) may be given as a dict of
        the fields to change in the existing style.

        Args:
            name: The new theme's name; by default the same name.
            **overrides: Fields of :class:`Theme` and their new values.

        Returns:
            The new theme, validated.

        Raises:
            JourneyMapError: For an unknown field, lane, source or style field (the message
                lists the allowed ones) or an invalid value.

        Example:
            >>> dark = THEMES["dark"]
            >>> warm = dark.derive(curves={"future": {"color": "#F0E442"}})
            >>> warm.curves["future"].color, warm.curves["future"].dash == dark.curves[
            ...     "future"].dash, warm.curves["measured"] == dark.curves["measured"]
            ('#f0e442', True, True)
            >>> dark.derive(colour="#000000")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            journeymap.errors.JourneyMapError: Theme.derive(): unknown field 'colour'; allowed: ...
        """
        allowed = [f.name for f in fields(self)]
        unknown = sorted(set(overrides) - set(allowed))
        if unknown:
            raise JourneyMapError(
                f"Theme.derive(): unknown field {', '.join(map(repr, unknown))}; "
                f"allowed: {', '.join(allowed)}"
            )
        changes = dict(overrides)
        for key in ("curve", "visibility"):
            if isinstance(changes.get(key), Mapping):
                changes[key] = _restyle(getattr(self, key), changes[key], key)
        for key in ("curves", "cards"):
            if key not in changes:
                continue
            given = changes[key]
            if not isinstance(given, Mapping):
                raise JourneyMapError(
                    [Problem(key, f"give a dict of the {key} to change, not {given!r}")]
                )
            merged: dict[str, Any] = dict(getattr(self, key))
            for entry, style in given.items():
                if entry not in merged:
                    raise JourneyMapError(
                        [
                            Problem(
                                key,
                                f"unknown key {entry!r}; allowed: {', '.join(merged)}",
                            )
                        ]
                    )
                is_dict = isinstance(style, Mapping)
                merged[entry] = (
                    _restyle(merged[entry], style, f"{key} > {entry}") if is_dict else style
                )
            changes[key] = merged
        return replace(self, name=self.name if name is None else name, **changes)


def _styles(
    value: object,
    kind: type[_S],
    keys: tuple[str, ...],
    where: str,
    problems: list[Problem],
) -> object:
    """Check a mapping of styles and return it read-only, in ``keys`` order."""
    if not isinstance(value, Mapping):
        problems.append(Problem(where, f"give a dict of {kind.__name__} by {', '.join(keys)}"))
        return value
    missing = [key for key in keys if key not in value]
    unknown = sorted(str(key) for key in value if key not in keys)
    if missing:
        problems.append(Problem(where, f"missing {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(where, f"unknown {', '.join(unknown)}; allowed: {', '.join(keys)}"))
    for key in keys:
        if key in value and not isinstance(value[key], kind):
            problems.append(Problem(f"{where} > {key}", f"give a {kind.__name__}"))
    if missing or unknown:
        return value
    return MappingProxyType({key: value[key] for key in keys})


def _restyle(style: _S, changes: Mapping[str, Any], where: str) -> _S:
    """``style`` with the fields in ``changes`` replaced; errors name ``where``."""
    allowed = [f.name for f in fields(style)]
    unknown = sorted(str(key) for key in changes if key not in allowed)
    if unknown:
        raise JourneyMapError(
            [
                Problem(
                    where,
                    f"{type(style).__name__} has no field {', '.join(map(repr, unknown))}; "
                    f"allowed: {', '.join(allowed)}",
                )
            ]
        )
    try:
        return replace(style, **changes)
    except JourneyMapError as exc:
        raise JourneyMapError(
            replace(problem, where=f"{where} > {problem.where}") for problem in exc.problems
        ) from None


def relative_luminance(colour: str) -> float:
    """The WCAG 2.x relative luminance of a ``"#rrggbb"`` colour: 0 (black) to 1 (white).

    Args:
        colour: The colour, ``"#rrggbb"`` in any case.

    Returns:
        ``0.2126 R + 0.7152 G + 0.0722 B`` of the linearised sRGB channels.

    Raises:
        JourneyMapError: If ``colour`` is not ``"#rrggbb"``.

    Example:
        >>> relative_luminance("#ffffff"), relative_luminance("#000000")
        (1.0, 0.0)
    """
    problems: list[Problem] = []
    _colour(colour, "colour", problems)
    _raise(problems)
    linear = []
    for start in (1, 3, 5):
        channel = int(colour[start : start + 2], 16) / 255
        if channel <= 0.04045:
            linear.append(channel / 12.92)
        else:
            linear.append(((channel + 0.055) / 1.055) ** 2.4)
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2.x contrast ratio of two ``"#rrggbb"`` colours, from 1 to 21.

    The ratio is ``(L1 + 0.05) / (L2 + 0.05)`` with ``L1`` the lighter colour's relative
    luminance, so the order of the arguments does not matter. WCAG AA asks for 4.5 for
    body text and 3 for large text and graphics.

    Args:
        foreground: One colour, e.g. the text's.
        background: The other colour, e.g. the background's.

    Returns:
        The contrast ratio.

    Raises:
        JourneyMapError: If a colour is not ``"#rrggbb"``.

    Example:
        >>> contrast_ratio("#000000", "#ffffff"), contrast_ratio("#777777", "#777777")
        (21.0, 1.0)
    """
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def get_theme(theme: str | os.PathLike[str] | Theme) -> Theme:
    """A built-in theme by name, a theme file's theme, or ``theme`` itself if it is one.

    Text ending in ``.yaml``, ``.yml`` or ``.json``, or a path object, is read as a theme
    file by :func:`journeymap.theme_files.load_theme`.

    Args:
        theme: A name in :data:`THEMES`, the path of a theme file, or a theme.

    Returns:
        The theme.

    Raises:
        JourneyMapError: For an unknown name; the message lists the built-in themes.

    Example:
        >>> get_theme("dark").background
        '#16181d'
        >>> get_theme("neon")
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: unknown theme 'neon'; allowed: default, dark, print, auto
    """
    if isinstance(theme, Theme):
        return theme
    if isinstance(theme, str) and theme in THEMES:
        return THEMES[theme]
    from journeymap.theme_files import is_theme_path, load_theme

    if is_theme_path(theme):
        return load_theme(theme)
    if not isinstance(theme, str):
        raise JourneyMapError(
            f"expected a theme name or a Theme, not {type(theme).__name__}; "
            f"built-in themes: {', '.join(THEMES)}"
        )
    from journeymap.renderers.options import suggest

    raise JourneyMapError(
        f"unknown theme {theme!r}; {suggest(theme, THEMES)}allowed: {', '.join(THEMES)}"
    )


# -- the built-in themes ----------------------------------------------------------------
#
# Phase bands: the Okabe–Ito palette (Okabe & Ito 2008), black text on every band but the
# blue one, which takes white. Valence: positive cool and light, neutral grey, negative
# warm and darker, critical a distinct extreme; their greyscale values are ordered so the
# curve still reads when printed. Measured contrasts are in tests/test_themes.py.

_OKABE_ITO = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")
_OKABE_ITO_TEXT = ("#000000", "#000000", "#000000", "#000000", "#ffffff", "#000000", "#000000")

# Extra curves: dash and width tell them apart without colour (the print theme keeps them).
_MAIN = (None, 3.0)
_MEASURED = (None, 1.5)
_ASSUMED = ("6 4", 2.0)
_COMPETITOR = ("2 3", 2.0)
_FUTURE = ("10 4 2 4", 2.0)


def _curves(measured: str, assumed: str, competitor: str, future: str) -> dict[str, LineStyle]:
    return {
        "assumed": LineStyle(assumed, _ASSUMED[1], _ASSUMED[0]),
        "measured": LineStyle(measured, _MEASURED[1], _MEASURED[0]),
        "competitor": LineStyle(competitor, _COMPETITOR[1], _COMPETITOR[0]),
        "future": LineStyle(future, _FUTURE[1], _FUTURE[0]),
    }


def _cards(text: str, styles: dict[str, tuple[str, str, str | None]]) -> dict[str, CardStyle]:
    return {
        key: CardStyle(fill, stroke, text, dash) for key, (fill, stroke, dash) in styles.items()
    }


_DEFAULT = Theme(
    name="default",
    background="#ffffff",
    text="#1f2328",
    muted="#59616b",
    grid="#d0d7de",
    header_fill="#f3f4f6",
    header_text="#1f2328",
    phase_colors=_OKABE_ITO,
    phase_text=_OKABE_ITO_TEXT,
    phase_tint=0.1,
    positive="#2f8ac4",
    neutral="#6a6a6a",
    negative="#9e1a2a",
    critical="#5e0b37",
    positive_fill="#56b4e9",
    negative_fill="#d55e00",
    fill_opacity=0.1,
    curve=LineStyle("#3b4048", _MAIN[1], _MAIN[0]),
    curves=_curves(measured="#0072b2", assumed="#a86400", competitor="#9a4a78", future="#007a5a"),
    cards=_cards(
        "#1f2328",
        {
            "touchpoint": ("#ffffff", "#aeb6c1", None),
            "action": ("#eef4fb", "#9dbbdc", None),
            "channel": ("#f1f2f5", "#b5bac4", None),
            "evidence": ("#f4f6ec", "#a3b37f", None),
            "thoughts": ("#f4f0fa", "#b9a8d8", None),
            "doubts": ("#fff8e1", "#d9b850", "4 3"),
            "pain_points": ("#fdeceb", "#e09a90", None),
            "opportunities": ("#e7f5ee", "#80c29d", None),
            "frontstage": ("#e6f3f6", "#86bfcc", None),
            "backstage": ("#f0f0f0", "#bdbdbd", None),
            "support": ("#f6f3ee", "#c9bca6", None),
            "metrics": ("#eef0fb", "#a3abd8", None),
            "persona": ("#f7f8fa", "#c8cdd4", None),
        },
    ),
    visibility=LineStyle("#59616b", 1.5, "8 4"),
    corner_radius=6,
)

_DARK = Theme(
    name="dark",
    background="#16181d",
    text="#e8eaed",
    muted="#a3aab5",
    grid="#353a43",
    header_fill="#21242b",
    header_text="#e8eaed",
    phase_colors=_OKABE_ITO,
    phase_text=_OKABE_ITO_TEXT,
    phase_tint=0.08,
    positive="#7cc3f2",
    neutral="#9a9da3",
    negative="#d9583b",
    critical="#ffe066",
    positive_fill="#56b4e9",
    negative_fill="#e8735a",
    fill_opacity=0.12,
    curve=LineStyle("#d5d9e0", _MAIN[1], _MAIN[0]),
    curves=_curves(measured="#56b4e9", assumed="#e69f00", competitor="#cc79a7", future="#2bb88a"),
    cards=_cards(
        "#e8eaed",
        {
            "touchpoint": ("#22262e", "#4a5160", None),
            "action": ("#1c2633", "#3f5f80", None),
            "channel": ("#262a31", "#505766", None),
            "evidence": ("#23281c", "#5f6f45", None),
            "thoughts": ("#262236", "#62568a", None),
            "doubts": ("#2e2a1c", "#8a7a3d", "4 3"),
            "pain_points": ("#35201d", "#a5534a", None),
            "opportunities": ("#1a2e24", "#3f8a63", None),
            "frontstage": ("#192d32", "#3f7f8c", None),
            "backstage": ("#25272b", "#5a5e66", None),
            "support": ("#2b2822", "#6e6655", None),
            "metrics": ("#202440", "#5a62a8", None),
            "persona": ("#1f2229", "#434a57", None),
        },
    ),
    visibility=LineStyle("#a3aab5", 1.5, "8 4"),
    corner_radius=6,
)

_PRINT = Theme(
    name="print",
    background="#ffffff",
    text="#000000",
    muted="#4d4d4d",
    grid="#bdbdbd",
    header_fill="#eeeeee",
    header_text="#000000",
    phase_colors=("#ececec", "#c6c6c6", "#dadada"),
    phase_text=("#000000", "#000000", "#000000"),
    phase_tint=0.3,
    positive="#7a7a7a",
    neutral="#555555",
    negative="#2e2e2e",
    critical="#000000",
    positive_fill="#bdbdbd",
    negative_fill="#4d4d4d",
    fill_opacity=0.15,
    curve=LineStyle("#000000", _MAIN[1], _MAIN[0]),
    curves=_curves(measured="#333333", assumed="#333333", competitor="#333333", future="#333333"),
    cards=_cards(
        "#000000",
        {
            "touchpoint": ("#ffffff", "#4d4d4d", None),
            "action": ("#f2f2f2", "#8c8c8c", None),
            "channel": ("#ffffff", "#8c8c8c", None),
            "evidence": ("#ffffff", "#4d4d4d", "2 2"),
            "thoughts": ("#ffffff", "#8c8c8c", "1 3"),
            "doubts": ("#ffffff", "#8c8c8c", "4 3"),
            "pain_points": ("#e0e0e0", "#4d4d4d", None),
            "opportunities": ("#ffffff", "#4d4d4d", "6 3"),
            "frontstage": ("#f2f2f2", "#8c8c8c", "4 3"),
            "backstage": ("#e8e8e8", "#8c8c8c", None),
            "support": ("#e8e8e8", "#8c8c8c", "4 3"),
            "metrics": ("#f2f2f2", "#4d4d4d", None),
            "persona": ("#f7f7f7", "#bdbdbd", None),
        },
    ),
    visibility=LineStyle("#000000", 1.5, "8 4"),
    corner_radius=4,
)

#: The built-in themes by name.
THEMES: Mapping[str, Theme] = MappingProxyType(
    {"default": _DEFAULT, "dark": _DARK, "print": _PRINT, "auto": _DEFAULT.derive("auto")}
)

#: Themes that follow the reader's colour scheme: drawn with their own (light) colours,
#: which image exporters and old viewers keep, and with CSS inside the SVG that switches
#: to the named theme's colours when the reader prefers a dark scheme
#: (``prefers-color-scheme: dark``). Docs integrations use ``auto`` by default.
DARK_SCHEMES: Mapping[str, str] = MappingProxyType({"auto": "dark"})
