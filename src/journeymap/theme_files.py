"""Theme files: a :class:`~journeymap.themes.Theme` written as YAML or JSON.

A theme file is a mapping of the theme's fields. It may start from a built-in theme with
``base: dark`` (by default ``default``) and give only what it changes: ``cards`` and
``curves`` are merged lane by lane and a card or line style field by field, as
:meth:`~journeymap.themes.Theme.derive` does. Without a ``name`` the theme keeps its
base's name, so a file's name never changes what is drawn. Reading a theme file never
runs code: YAML is read by journeymap's own safe reader, JSON by Python's decoder, with
the size, nesting and duplicate-key guards of map files.

Colours are text: in YAML write them in quotes (``"#1f2328"``), since a bare ``#`` starts
a comment. A problem in the file is a :class:`~journeymap.errors.JourneyMapError` naming
the file, line and column, the field, and what is allowed. Text that does not reach WCAG
AA contrast (4.5) on what it is drawn on is not an error: a
:class:`ThemeContrastWarning` names each such pair.

Example:
    >>> theme = loads_theme('base: dark\\nbackground: "#101010"\\ncards:\\n  doubts:\\n'
    ...                     '    dash: null\\n')
    >>> theme.name, theme.background, theme.cards["doubts"].dash
    ('dark', '#101010', None)
    >>> try:
    ...     loads_theme('backgrund: "#101010"', source="brand.yaml")
    ... except JourneyMapError as exc:
    ...     print(str(exc.problems[0])[:69])
    brand.yaml:1:12: backgrund: unknown field; did you mean 'background'?
"""

from __future__ import annotations

import difflib
import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path as FilePath
from typing import Any, Literal

from journeymap.diagnostics import Marks
from journeymap.errors import JourneyMapError, Path, Problem
from journeymap.themes import (
    CARD_KEYS,
    COLOUR_FIELDS,
    CURVE_KEYS,
    THEMES,
    CardStyle,
    LineStyle,
    Theme,
    _colour,
    _dash,
    _number,
    contrast_ratio,
)
from journeymap.yaml_reader import not_decimal

__all__ = [
    "THEME_SUFFIXES",
    "ThemeContrastWarning",
    "contrast_problems",
    "is_theme_path",
    "load_theme",
    "loads_theme",
    "theme_data",
]

#: The suffixes of theme files, and the format each is read as.
THEME_SUFFIXES: Mapping[str, Literal["yaml", "json"]] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}

#: The smallest contrast of text on what it is drawn on (WCAG AA, body text).
_AA = 4.5

_FIELDS = ("base", *(f.name for f in fields(Theme)))


class ThemeContrastWarning(UserWarning):
    """A theme file's text colour is below WCAG AA contrast (4.5) on its background."""


def is_theme_path(value: object) -> bool:
    """Whether ``value`` names a theme file: a path object, or text ending in a suffix.

    Example:
        >>> is_theme_path("brand.yaml"), is_theme_path("dark")
        (True, False)
    """
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and value.lower().endswith(tuple(THEME_SUFFIXES))


def load_theme(path: str | os.PathLike[str]) -> Theme:
    """Read a theme from a ``.yaml``, ``.yml`` or ``.json`` file.

    Args:
        path: The file.

    Returns:
        The theme, validated.

    Raises:
        JourneyMapError: If the file is missing, unreadable, too large, not UTF-8, not a
            theme file or holds a bad field or value; the message names the file, and the
            line and column where it can.
    """
    from journeymap.limits import read_text_file

    file = FilePath(path)
    source = str(path)
    data_format = THEME_SUFFIXES.get(file.suffix.lower())
    if data_format is None:
        allowed = ", ".join(THEME_SUFFIXES)
        raise JourneyMapError(
            [Problem("", f"is not a theme file; allowed suffixes: {allowed}", source=source)]
        )
    try:
        text = read_text_file(file, source)
    except FileNotFoundError:
        raise JourneyMapError(
            [Problem("", "theme file not found; give the path of a .yaml or .json theme")]
        ).with_source(source) from None
    except OSError as exc:
        raise JourneyMapError(
            [Problem("", f"cannot read the theme file: {exc.strerror}", source=source)]
        ) from None
    return loads_theme(text, data_format, source=source)


def loads_theme(
    text: str, format: Literal["yaml", "json"] = "yaml", *, source: str | None = None
) -> Theme:
    """Read a theme from YAML or JSON text.

    Args:
        text: The theme file's text.
        format: ``"yaml"`` or ``"json"``.
        source: The file name to put in messages.

    Returns:
        The theme, validated.

    Raises:
        JourneyMapError: For text that is not a theme, with every problem located.
    """
    from journeymap.json_reader import parse_json
    from journeymap.limits import _check_text_size
    from journeymap.yaml_reader import _YamlReader

    where = source or "<string>"
    _check_text_size(text, where)
    text = text.removeprefix("\ufeff")
    if format == "yaml":
        reader = _YamlReader(text, where, None, with_marks=True)
        data = reader.read()
        found: Marks = reader.marks or {}
    elif format == "json":
        data, marks = parse_json(text, where)
        found = marks()
    else:
        raise JourneyMapError(f"unknown theme file format {format!r}; allowed: 'yaml', 'json'")
    return _Reading(where, found).theme(data)


class _Reading:
    """Check one theme file's data, collecting located problems."""

    def __init__(self, source: str, marks: Marks) -> None:
        self.source = source
        self.marks = marks
        self.problems: list[Problem] = []

    def note(self, path: Path, message: str) -> None:
        line, column = self.marks.get(path, self.marks.get(path[:-1], (1, 1)))
        where = " > ".join(str(part) for part in path)
        self.problems.append(Problem(where, message, path, self.source, line, column))

    def unknown(self, path: Path, key: object, allowed: tuple[str, ...], what: str) -> None:
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ";"
        self.note((*path, str(key)), f"unknown {what}{hint} allowed: {', '.join(allowed)}")

    def check(self, path: Path, problems: list[Problem]) -> None:
        for problem in problems:
            message = problem.message
            if message.startswith("None is not a colour"):
                message += " (in YAML, quote it: a bare '#' starts a comment)"
            self.note(path, message)

    def theme(self, data: Any) -> Theme:
        if not isinstance(data, dict):
            kind = "an empty document" if data is None else f"a {type(data).__name__}"
            raise JourneyMapError(
                [
                    Problem(
                        "",
                        f"the theme file is {kind}; allowed: a mapping of theme fields "
                        f"({', '.join(_FIELDS)})",
                        source=self.source,
                        line=1,
                        column=1,
                    )
                ]
            )
        base_name = data.get("base", "default")
        base = THEMES.get(base_name) if isinstance(base_name, str) else None
        if base is None:
            close = difflib.get_close_matches(str(base_name), list(THEMES), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ";"
            self.note(
                ("base",),
                f"unknown base theme {base_name!r}{hint} allowed: {', '.join(THEMES)}",
            )
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key == "base":
                continue
            if key not in _FIELDS:
                self.unknown((), key, _FIELDS, "field")
                continue
            changes[key] = self.field(key, value)
        if self.problems:
            raise JourneyMapError(self.problems)
        assert base is not None
        try:
            theme = base.derive(**changes)
        except JourneyMapError as exc:  # fields that only disagree together
            for problem in exc.problems:
                name = problem.where.split(" > ")[1] if " > " in problem.where else ""
                self.note((name,) if name in data else (), problem.message)
            raise JourneyMapError(self.problems) from None
        for low in contrast_problems(theme):
            warnings.warn(f"{self.source}: {low}", ThemeContrastWarning, stacklevel=4)
        return theme

    def field(self, key: str, value: Any) -> Any:
        path: Path = (key,)
        problems: list[Problem] = []
        if key == "name":
            if not isinstance(value, str) or not value:
                self.note(path, f"{value!r} is not allowed; use a non-empty text")
        elif key in COLOUR_FIELDS:
            value = _colour(value, "", problems)
        elif key in ("phase_tint", "fill_opacity", "corner_radius"):
            value = _number(value, "", problems, top=1 if key != "corner_radius" else math.inf)
        elif key in ("phase_colors", "phase_text"):
            if not isinstance(value, list) or not value:
                self.note(path, "give a non-empty list of colours such as '#1f2328'")
                return value
            for index, item in enumerate(value):
                found: list[Problem] = []
                _colour(item, "", found)
                self.check((key, index), found)
            return [item.lower() if isinstance(item, str) else item for item in value]
        elif key in ("curve", "visibility"):
            return self.style(path, value, LineStyle)
        elif key in ("curves", "cards"):
            keys = CURVE_KEYS if key == "curves" else CARD_KEYS
            kind: type[LineStyle | CardStyle] = LineStyle if key == "curves" else CardStyle
            if not isinstance(value, dict):
                self.note(path, f"give a mapping of styles by {', '.join(keys)}")
                return value
            styles: dict[str, Any] = {}
            for entry, style in value.items():
                if entry not in keys:
                    what = "lane" if key == "cards" else "curve source"
                    self.unknown(path, entry, keys, what)
                    continue
                styles[entry] = self.style((key, entry), style, kind)
            return styles
        self.check(path, problems)
        return value

    def style(self, path: Path, value: Any, kind: type[LineStyle | CardStyle]) -> Any:
        allowed = tuple(f.name for f in fields(kind))
        if not isinstance(value, dict):
            self.note(path, f"give a mapping of {', '.join(allowed)}")
            return value
        style: dict[str, Any] = {}
        for name, item in value.items():
            if name not in allowed:
                self.unknown(path, name, allowed, f"{kind.__name__} field")
                continue
            problems: list[Problem] = []
            if name == "dash":
                if isinstance(item, (int, float)) and not isinstance(item, bool):
                    item = str(item)
                _dash(item, "", problems)
            elif name == "width":
                given = item
                item = _number(item, "", [], top=math.inf)
                if not isinstance(item, float) or item == 0:
                    why = not_decimal(given) if isinstance(given, str) else None
                    problems.append(
                        Problem("", why or f"{given!r} is not allowed; use a number > 0")
                    )
            else:
                item = _colour(item, "", problems)
            self.check((*path, name), problems)
            style[name] = item
        return style


def contrast_problems(theme: Theme) -> list[str]:
    """Every text colour of ``theme`` below WCAG AA contrast (4.5) on its background.

    Checked: body, muted and header text; the text on each phase band and on each lane's
    cards.

    Example:
        >>> contrast_problems(THEMES["default"])
        []
        >>> contrast_problems(THEMES["default"].derive(text="#999999"))
        ['text #999999 on background #ffffff is 2.85; allowed: at least 4.5 (WCAG AA)']
    """
    pairs = [
        ("text", theme.text, "background", theme.background),
        ("muted", theme.muted, "background", theme.background),
        ("header_text", theme.header_text, "header_fill", theme.header_fill),
        ("muted", theme.muted, "header_fill", theme.header_fill),
    ]
    for index, (band, text) in enumerate(zip(theme.phase_colors, theme.phase_text, strict=True)):
        pairs.append((f"phase_text {index}", text, f"phase_colors {index}", band))
    for lane, card in theme.cards.items():
        pairs.append((f"cards > {lane} > text", card.text, "fill", card.fill))
    return [
        f"{name} {fg} on {under} {bg} is {contrast_ratio(fg, bg):.2f}; "
        f"allowed: at least {_AA} (WCAG AA)"
        for name, fg, under, bg in pairs
        if contrast_ratio(fg, bg) < _AA
    ]


def theme_data(theme: Theme) -> dict[str, Any]:
    """Every field of ``theme`` as plain data, as a theme file writes it.

    Example:
        >>> theme_data(THEMES["print"])["cards"]["doubts"]
        {'fill': '#ffffff', 'stroke': '#8c8c8c', 'text': '#000000', 'dash': '4 3'}
    """
    data: dict[str, Any] = {}
    for f in fields(theme):
        value = getattr(theme, f.name)
        if isinstance(value, (LineStyle, CardStyle)):
            value = _style_data(value)
        elif isinstance(value, Mapping):
            value = {key: _style_data(style) for key, style in value.items()}
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        data[f.name] = value
    return data


def _style_data(style: LineStyle | CardStyle) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(style):
        value = getattr(style, f.name)
        data[f.name] = int(value) if isinstance(value, float) and value.is_integer() else value
    return data
