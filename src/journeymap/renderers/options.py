"""Renderer options, declared once: the checks, the option types and the built-in models.

Every renderer that takes options declares them as a frozen pydantic model (a subclass
of :class:`RendererOptions`): one field per option, with its type, default and
description. The registry validates a call's options into that model once, before
anything is rendered (:func:`validate_options`); the command line makes its flags from
the same fields (:func:`describe_options`), and ``docs/renderers.md`` prints them as tables
(``scripts/gen_renderer_docs.py``).

Each check raises a :class:`~journeymap.errors.JourneyMapError` located at the option
(``svg option 'legend': expected a boolean; got 'no'``) that says what is allowed, so a
wrong type or an infinite width never reaches the output. The option types
(:data:`Flag`, :func:`Number`, :func:`Choice`, :func:`WordList`, :data:`ThemeOption`,
:data:`LocaleOption`, :data:`LanesOption`, :data:`IdPrefix`, :data:`Folder`,
:func:`Text`) wrap these checks for use in a model, a third-party one included.

A map's ids all start with one prefix: ``jm-`` and eight hex digits of the SHA-256 of
the map's canonical JSON, the renderer's name and its options (:func:`content_prefix`),
or a prefix the user chose (:func:`id_prefix_option`). The same map drawn the same way
gets the same prefix, so output stays byte-for-byte reproducible; another map, or the
same map with other options, gets another one.

Example:
    >>> number_option("svg", "column_width", 200, low=80, high=1000, unit="px")
    200.0
    >>> number_option("svg", "column_width", float("inf"), low=80, high=1000, unit="px")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: svg option 'column_width': expected a number from \
80 to 1000 (px); got inf
    >>> validate_options("svg", SvgOptions, {"lanes": "compact"}).lanes
    ('touchpoints', 'channels', 'emotion', 'pain_points', 'opportunities')
    >>> validate_options("svg", SvgOptions, {"legend": "no"})
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: svg option 'legend': expected a boolean; got 'no'
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import re
import types
import typing
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic import ValidationInfo as _Info

from journeymap.errors import JourneyMapError, Problem
from journeymap.formatting import format_number
from journeymap.i18n import SUPPORTED_LOCALES
from journeymap.lanes import PRESETS, get_lane, lane_keys
from journeymap.themes import THEMES, Theme

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

__all__ = [
    "COLUMN_WIDTH_RANGE",
    "DETAILS",
    "ID_PREFIX_PATTERN",
    "MAX_TIMEOUT",
    "Choice",
    "DotOptions",
    "Flag",
    "Folder",
    "IdPrefix",
    "LanesOption",
    "LocaleOption",
    "MarkdownOptions",
    "NoOptions",
    "Number",
    "OptionField",
    "OptionKind",
    "PhaseList",
    "RendererOptions",
    "SvgOptions",
    "Text",
    "ThemeOption",
    "WordList",
    "bool_option",
    "choice_option",
    "content_prefix",
    "describe_options",
    "id_prefix_option",
    "lanes_option",
    "locale_option",
    "names_option",
    "number_option",
    "option_error",
    "suggest",
    "theme_option",
    "unknown_options",
    "validate_options",
    "words_option",
]

#: What an explicit id prefix may look like: an XML name start (an ASCII letter or
#: ``_``), then letters, digits, ``-``, ``_`` and ``.``; at most 64 characters.
ID_PREFIX_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")

#: The narrowest and widest ``column_width`` of the SVG map, in px.
COLUMN_WIDTH_RANGE: tuple[float, float] = (80.0, 1000.0)
#: The longest ``timeout`` (seconds) the ``dot`` program may be given: one day.
MAX_TIMEOUT = 86_400.0
#: The lines a flow node can show under its name: the first field of each lane the flow
#: shows (:func:`journeymap.lanes.lane_keys` of ``"flow"``).
DETAILS: tuple[str, ...] = tuple(get_lane(key).fields[0] for key in lane_keys("flow"))

#: How an option is read from text (a command line, ``-O name=value``): ``text`` as it
#: is, ``number`` as a decimal, ``bool`` as true/false/yes/no, ``choice`` as one of a
#: few words, ``words`` as a comma-separated list; ``other`` is passed as text.
OptionKind = Literal["text", "number", "bool", "choice", "words", "other"]


# -- located errors ------------------------------------------------------------------------


def _shown(value: object) -> str:
    """A value as an error message shows it: short, whatever its type."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"an integer of {len(str(abs(value)))} digits"
    if isinstance(value, Path):
        value = str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(renderer: str, name: str) -> str:
    return f"{renderer} option {name!r}"


def option_error(renderer: str, name: str, message: str) -> JourneyMapError:
    """An error located at one option of one renderer.

    Example:
        >>> str(option_error("svg", "legend", "expected a boolean; got 'no'"))
        "svg option 'legend': expected a boolean; got 'no'"
    """
    return JourneyMapError([Problem(_where(renderer, name), message, path=(name,))])


def _relocated(renderer: str, name: str, exc: JourneyMapError, prefix: str = "") -> JourneyMapError:
    """``exc``'s problems located at an option; a problem in a file keeps its place."""
    problems = []
    for problem in exc.problems:
        if problem.source is not None:
            problems.append(problem)
            continue
        text = str(problem).removeprefix(prefix)
        problems.append(Problem(_where(renderer, name), text, path=(name,)))
    return JourneyMapError(problems)


def suggest(given: str, known: Iterable[str]) -> str:
    """``did you mean 'x'? `` for the nearest of ``known``, or nothing.

    Example:
        >>> suggest("colour", ["curve", "legend"])
        "did you mean 'curve'? "
    """
    names = list(known)
    by_case = [name for name in names if name.lower() == given.lower()]
    close = by_case or difflib.get_close_matches(given, names, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}? " if close else ""


def unknown_options(renderer: str, given: Iterable[str], allowed: Sequence[str]) -> list[Problem]:
    """One problem per option ``renderer`` does not have, with the nearest and the list.

    Example:
        >>> [str(p) for p in unknown_options("svg", ["colour"], ["curve", "legend"])]
        ["the svg renderer has no option 'colour'; did you mean 'curve'? allowed: curve, legend"]
    """
    return [
        Problem(
            "",
            f"the {renderer} renderer has no option {name!r}; "
            f"{suggest(name, allowed)}allowed: {', '.join(allowed) or 'none'}",
            path=(name,),
        )
        for name in sorted(set(given) - set(allowed))
    ]


# -- the checks ----------------------------------------------------------------------------


def number_option(
    renderer: str,
    name: str,
    value: object,
    *,
    low: float,
    high: float,
    unit: str = "",
    low_open: bool = False,
) -> float:
    """A finite number within ``low..high``, or an error naming option, value and range.

    Args:
        renderer: The renderer's name, for the message.
        name: The option's name.
        value: What the user gave.
        low: The smallest value allowed (excluded when ``low_open``).
        high: The largest value allowed.
        unit: The unit, for the message (``px``, ``s``).
        low_open: Whether ``low`` itself is refused.

    Returns:
        The value as a float.

    Raises:
        JourneyMapError: For a bool, a non-number, NaN, an infinity or a value out of range.
    """
    expected = f"expected {_number_words(low, high, unit, low_open)}; got {_shown(value)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise option_error(renderer, name, expected)
    try:
        number = float(value)
    except OverflowError:
        raise option_error(renderer, name, expected) from None
    if not math.isfinite(number) or number > high or number < low or (low_open and number == low):
        raise option_error(renderer, name, expected)
    return number


def _number_words(low: float, high: float, unit: str, low_open: bool) -> str:
    lowest = f"more than {format_number(low)}" if low_open else f"from {format_number(low)}"
    return f"a number {lowest} to {format_number(high)}" + (f" ({unit})" if unit else "")


def bool_option(renderer: str, name: str, value: object) -> bool:
    """``True`` or ``False``, nothing else (``"no"`` would otherwise count as true).

    Raises:
        JourneyMapError: For any other value.
    """
    if not isinstance(value, bool):
        raise option_error(renderer, name, f"expected a boolean; got {_shown(value)}")
    return value


def choice_option(renderer: str, name: str, value: object, choices: Sequence[str]) -> str:
    """One of ``choices``, or an error with the nearest one and the list.

    Example:
        >>> choice_option("dot", "direction", "TB", ("LR", "TB"))
        'TB'
    """
    allowed = f"allowed: {', '.join(choices)}"
    if not isinstance(value, str):
        raise option_error(
            renderer, name, f"expected one of {', '.join(choices)}; got {_shown(value)}"
        )
    if value not in choices:
        noun = name.replace("_", " ")
        raise option_error(
            renderer, name, f"unknown {noun} {value!r}; {suggest(value, choices)}{allowed}"
        )
    return value


def locale_option(renderer: str, value: object, name: str = "locale") -> str | None:
    """``None`` (the map's own language) or a supported language tag as text.

    Raises:
        JourneyMapError: For a value that is not text, or a language
            :func:`journeymap.i18n.words_for` does not know.
    """
    from journeymap.i18n import Words, words_for

    if isinstance(value, Words):
        return value.locale
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise option_error(
            renderer,
            name,
            "expected a language such as 'en' or 'es', or None for the map's own; "
            f"got {_shown(value)}",
        )
    try:
        words_for(value)
    except JourneyMapError as exc:
        raise _relocated(renderer, name, exc) from None
    return value


def words_option(
    renderer: str, name: str, value: object, allowed: Sequence[str]
) -> tuple[str, ...]:
    """A list of known words, given as a sequence or as one comma-separated string.

    Raises:
        JourneyMapError: For a value that is not text or a list or tuple of text, or a
            word not in ``allowed``; the message lists the allowed words.
    """
    if isinstance(value, str):
        words = tuple(w.strip() for w in value.split(",") if w.strip())
    elif isinstance(value, (list, tuple)) and all(isinstance(w, str) for w in value):
        words = tuple(value)
    else:
        raise option_error(
            renderer,
            name,
            f"expected a list of {', '.join(allowed)} (or one comma-separated string); "
            f"got {_shown(value)}",
        )
    noun = name.rstrip("s").replace("_", " ")
    for word in words:
        if word not in allowed:
            raise option_error(
                renderer,
                name,
                f"unknown {noun} {word!r}; {suggest(word, allowed)}allowed: {', '.join(allowed)}",
            )
    return words


def names_option(renderer: str, name: str, value: object) -> tuple[str, ...] | None:
    """Names or ids, given as a sequence or as one comma-separated string; ``None`` for all.

    What they must name is checked where the map is known (e.g. the phases of the map).

    Example:
        >>> names_option("svg", "phases", "discover, buy")
        ('discover', 'buy')
    """
    if value is None:
        return None
    if isinstance(value, str):
        names = tuple(w.strip() for w in value.split(",") if w.strip())
    elif isinstance(value, (list, tuple)) and all(isinstance(w, str) for w in value):
        names = tuple(w.strip() for w in value if w.strip())
    else:
        raise option_error(
            renderer,
            name,
            f"expected a list of names or ids (or one comma-separated string); got {_shown(value)}",
        )
    if not names:
        raise option_error(renderer, name, "expected at least one name or id; got none")
    return names


def lanes_option(renderer: str, value: object, name: str = "lanes") -> tuple[str, ...]:
    """A choice of lanes checked by :func:`journeymap.lanes.resolve_lanes`, located.

    Example:
        >>> lanes_option("svg", "touchpoints,emotion")
        ('touchpoints', 'emotion')
    """
    from journeymap.lanes import resolve_lanes

    try:
        return resolve_lanes(value)
    except JourneyMapError as exc:
        raise _relocated(renderer, name, exc, prefix="lanes: ") from None


def theme_option(renderer: str, value: object, name: str = "theme") -> Theme:
    """A theme by name, a theme file's theme, or a :class:`Theme`, located.

    Problems inside a theme file keep their file, line and column.
    """
    from journeymap.themes import get_theme

    if not isinstance(value, (str, os.PathLike, Theme)):
        raise option_error(
            renderer,
            name,
            f"expected a theme name ({', '.join(THEMES)}), a .yaml or .json theme file or a "
            f"Theme; got {type(value).__name__}",
        )
    try:
        return get_theme(value)
    except JourneyMapError as exc:
        raise _relocated(renderer, name, exc) from None


def id_prefix_option(renderer: str, value: object, name: str = "id_prefix") -> str:
    """Check a prefix the user chose for every id of a map.

    Raises:
        JourneyMapError: Unless it matches :data:`ID_PREFIX_PATTERN`.
    """
    if isinstance(value, str) and ID_PREFIX_PATTERN.fullmatch(value):
        return value
    raise option_error(
        renderer,
        name,
        "expected an ASCII letter or '_', then up to 63 letters, digits, '-', '_' or '.'; "
        f"got {_shown(value)}",
    )


def _folder_option(renderer: str, name: str, value: object) -> str | None:
    if value is None:
        return None
    allowed = "expected the path (str or pathlib.Path) of a folder"
    if not isinstance(value, (str, os.PathLike)) or value == "":
        raise option_error(renderer, name, f"{allowed}; got {_shown(value)}")
    folder = Path(value)
    if not folder.is_dir():
        raise option_error(renderer, name, f"{str(folder)!r} is not a folder; {allowed}")
    return str(folder.resolve())


def _text_option(renderer: str, name: str, value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise option_error(renderer, name, f"expected {what}; got {_shown(value)}")
    return value


# -- the option types, for models ----------------------------------------------------------


@dataclass(frozen=True)
class _Doc:
    """How an option type is read from text and described in the docs.

    Attributes:
        kind: How the command line reads it.
        type: Its type in words (Markdown), for the docs.
        unset: What ``None`` as its default means, for the docs.
        choices: The words allowed, for ``choice`` and ``words``.
    """

    kind: OptionKind
    type: str
    unset: str = "unset"
    choices: tuple[str, ...] = ()


#: The renderer whose options :func:`validate_options` is checking, for the messages of a
#: model whose own ``__init__`` runs the checks (and so does not see pydantic's context).
_CHECKING: ContextVar[str | None] = ContextVar("journeymap_checking_options", default=None)


def _renderer(info: _Info) -> str:
    """The renderer whose options are being checked: from the context, or the model."""
    context = info.context if isinstance(info.context, Mapping) else {}
    name = context.get("renderer") or _CHECKING.get()
    if not isinstance(name, str) and info.config is not None:
        name = info.config.get("title")
    return name if isinstance(name, str) else "renderer"


def _check(check: Callable[[str, str, object], object]) -> BeforeValidator:
    def validate(value: object, info: _Info) -> object:
        return check(_renderer(info), info.field_name or "option", value)

    return BeforeValidator(validate)


#: ``True`` or ``False`` only; text such as ``"no"`` is refused, not read as true.
Flag = Annotated[bool, _check(bool_option), _Doc("bool", "boolean")]

#: A theme name, a theme file (``.yaml``, ``.json``) or a :class:`Theme`; a
#: :class:`Theme` once checked.
ThemeOption = Annotated[
    Theme,
    _check(lambda r, n, v: theme_option(r, v, n)),
    _Doc(
        "text",
        ", ".join(f"`{name}`" for name in THEMES)
        + ", a `.yaml` or `.json` theme file, or a `Theme`",
    ),
]

#: ``None`` for the map's own language, or a supported language tag (``en``, ``es-MX``).
LocaleOption = Annotated[
    str | None,
    _check(lambda r, n, v: locale_option(r, v, n)),
    _Doc(
        "text",
        "language tag: " + ", ".join(f"`{tag}`" for tag in SUPPORTED_LOCALES) + " (any region)",
        unset="the map's",
    ),
]

#: Lanes in order: a preset (``full``, ``compact``), lane keys or ``"a,b,c"``; a tuple of
#: lane keys once checked.
LanesOption = Annotated[
    tuple[str, ...],
    _check(lambda r, n, v: lanes_option(r, v, n)),
    _Doc(
        "words",
        "a preset (" + ", ".join(f"`{name}`" for name in PRESETS) + ") or lane keys, in order",
    ),
]

#: Some of the map's phases by id or name, or ``None`` for every phase.
PhaseList = Annotated[
    tuple[str, ...] | None,
    _check(lambda r, n, v: names_option(r, n, v)),
    _Doc("words", "phase ids or names, drawn in the map's order", unset="every phase"),
]

#: An id prefix the user chose (see :data:`ID_PREFIX_PATTERN`), or ``None`` to derive one.
IdPrefix = Annotated[
    str | None,
    _check(lambda r, n, v: None if v is None else id_prefix_option(r, v, n)),
    _Doc(
        "text",
        "an ASCII letter or `_`, then up to 63 letters, digits, `-`, `_` or `.`",
        unset="derived from the map and the options",
    ),
]

#: The path of an existing folder, made absolute; ``None`` for none.
Folder = Annotated[
    str | None,
    _check(_folder_option),
    _Doc("text", "folder path", unset="none"),
]


def Number(low: float, high: float, *, unit: str = "", low_open: bool = False) -> Any:
    """A finite number from ``low`` (or more than it, with ``low_open``) to ``high``.

    Example:
        >>> class Options(RendererOptions):
        ...     width: Number(10, 20, unit="px") = 10.0
        >>> validate_options("demo", Options, {"width": 30})
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: demo option 'width': expected a number from \
10 to 20 (px); got 30
    """

    def check(renderer: str, name: str, value: object) -> float:
        return number_option(
            renderer, name, value, low=low, high=high, unit=unit, low_open=low_open
        )

    return Annotated[float, _check(check), _Doc("number", _number_words(low, high, unit, low_open))]


def Choice(*choices: str) -> Any:
    """One of a few words, e.g. ``Choice("LR", "TB")``."""

    def check(renderer: str, name: str, value: object) -> str:
        return choice_option(renderer, name, value, choices)

    words = " or ".join(f"`{choice}`" for choice in choices)
    return Annotated[Literal[choices], _check(check), _Doc("choice", words, choices=choices)]


def WordList(*allowed: str) -> Any:
    """Any of ``allowed``, in order: a list, a tuple or ``"a,b"``; a tuple once checked."""

    def check(renderer: str, name: str, value: object) -> tuple[str, ...]:
        return words_option(renderer, name, value, allowed)

    words = ", ".join(f"`{word}`" for word in allowed)
    return Annotated[
        tuple[str, ...], _check(check), _Doc("words", f"list of {words}", choices=tuple(allowed))
    ]


def Text(what: str = "some text") -> Any:
    """Text with a visible character; ``what`` says what it names, for the message."""

    def check(renderer: str, name: str, value: object) -> str:
        return _text_option(renderer, name, value, what)

    return Annotated[str, _check(check), _Doc("text", "text")]


# -- the models ------------------------------------------------------------------------------


def _given(value: object) -> Any:
    """A default written as a user would give it; checked into its type like one."""
    return value


class RendererOptions(BaseModel):
    """The base of a renderer's options: frozen, no unknown fields, defaults checked too.

    A renderer declares its options as a subclass, one field per option, each with a
    default and a ``description``, and names the class in its ``options`` attribute.
    Set the model's ``title`` to the renderer's name so a model validated on its own
    names it in its messages (the registry passes the name either way).

    Example:
        >>> from pydantic import ConfigDict, Field
        >>> class OutlineOptions(RendererOptions):
        ...     model_config = ConfigDict(title="outline")
        ...     moments: Flag = Field(True, description="Show each touchpoint's moment.")
        >>> OutlineOptions(moments=False).moments
        False
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    def __init__(self, /, **data: Any) -> None:
        # Made directly (``SvgOptions(legend="no")``), the options are checked as the
        # registry checks them: located problems, "did you mean" for an unknown name.
        cls = type(self)
        renderer = _CHECKING.get() or str(cls.model_config.get("title") or "renderer")
        problems = unknown_options(renderer, data, list(cls.model_fields))
        try:
            super().__init__(**{k: v for k, v in data.items() if k in cls.model_fields})
        except ValidationError as exc:
            problems += _problems(renderer, exc)
        if problems:
            raise JourneyMapError(problems)


class NoOptions(RendererOptions):
    """The options of a renderer that takes none (``json``, ``yaml``, ``mermaid``)."""


# ``validate`` is an option of the svg renderer since its first release; as a field it
# hides pydantic's deprecated ``BaseModel.validate`` classmethod, which pydantic warns of.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "validate"', category=UserWarning)

    class SvgOptions(RendererOptions):
        """The options of the ``svg`` renderer, the swimlane map."""

        model_config = ConfigDict(title="svg")

        theme: ThemeOption = Field(_given("default"), description="Colours, lines and card styles.")
        locale: LocaleOption = Field(None, description="Language of lane names and words.")
        lanes: LanesOption = Field(
            _given("full"),
            description="The lanes shown, in this order; a lane with nothing in it is left out.",
        )
        curve: Choice("smooth", "straight") = Field(  # type: ignore[valid-type]
            "smooth",
            description="How the emotion curve joins its points: monotone curves or straight "
            "lines.",
        )
        column_width: Number(*COLUMN_WIDTH_RANGE, unit="px") = Field(  # type: ignore[valid-type]
            180.0,
            description="Width of a touchpoint column; a column widens to fit its longest word, "
            "up to twice this.",
        )
        legend: Flag = Field(True, description="Draw the legend below the map.")
        phases: PhaseList = Field(
            None,
            description="Draw only these phases (a page of a long map); what is critical, "
            "measured or compared is still judged on the whole map.",
        )
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


class MarkdownOptions(RendererOptions):
    """The options of the ``markdown`` renderer."""

    model_config = ConfigDict(title="markdown")

    locale: LocaleOption = Field(None, description="Language of headers and words.")
    lanes: LanesOption = Field(
        _given("full"),
        description="The lanes whose fields are the journey table's columns, in this order; "
        "the curve, channel, metrics and pain-point sections follow their lanes.",
    )
    table: Choice("wide", "phases") = Field(  # type: ignore[valid-type]
        "wide",
        description="The journey table's form: one table with a column per field, or a "
        "narrow table per phase with a row per field and a column per touchpoint.",
    )
    template_dir: Folder = Field(
        None,
        description="A folder of templates searched before the built-in ones, run in "
        "Jinja2's sandbox; a file named like a built-in one replaces it.",
    )
    template: Text("the name of a template file such as 'journey.md.j2'") = Field(  # type: ignore[valid-type]
        "journey.md.j2", description="The main template."
    )


class DotOptions(RendererOptions):
    """The options of the ``dot`` renderer, the Graphviz flow."""

    model_config = ConfigDict(title="dot")

    direction: Choice("auto", "LR", "TB") = Field(  # type: ignore[valid-type]
        "auto",
        description=(
            "auto: rows of whole phases, as many as fit a 16:9 slide best; LR: one row, "
            "left to right; TB: one column, top to bottom."
        ),
    )
    details: WordList(*DETAILS) = Field(  # type: ignore[valid-type]
        DETAILS, description="The lines a node shows under the touchpoint's name."
    )
    theme: ThemeOption = Field(_given("default"), description="Colours (the map's themes).")
    locale: LocaleOption = Field(None, description="Language of the words.")
    legend: Flag = Field(True, description="Draw the legend of edge kinds.")
    id_prefix: IdPrefix = Field(None, description="The start of every id in the exported SVG.")
    timeout: Number(0, MAX_TIMEOUT, unit="s", low_open=True) = Field(  # type: ignore[valid-type]
        60.0, description="Seconds the dot program may run when exporting an image."
    )


# -- validation ------------------------------------------------------------------------------

_Model = typing.TypeVar("_Model", bound=BaseModel)


def validate_options(renderer: str, model: type[_Model], options: Mapping[str, Any]) -> _Model:
    """Check ``options`` against a renderer's model; every problem is reported at once.

    Values already checked check to themselves, so a renderer may validate what the
    registry validated before it.

    Args:
        renderer: The renderer's name, for the messages.
        model: Its options model.
        options: The options as given.

    Returns:
        The checked options.

    Raises:
        JourneyMapError: With one located problem per unknown option (with the nearest
            name and the list) and per bad value (with what is allowed).
    """
    fields = list(model.model_fields)
    problems = unknown_options(renderer, options, fields)
    known = {name: value for name, value in options.items() if name in model.model_fields}
    token = _CHECKING.set(renderer)
    try:
        checked = model.model_validate(known, context={"renderer": renderer})
    except ValidationError as exc:
        problems += _problems(renderer, exc)
    finally:
        _CHECKING.reset(token)
    if problems:
        raise JourneyMapError(problems)
    return checked


def _problems(renderer: str, exc: ValidationError) -> list[Problem]:
    """Pydantic's errors as located problems; our own checks' problems as they are."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        inner = (error.get("ctx") or {}).get("error")
        if isinstance(inner, JourneyMapError):
            problems += [p for p in inner.problems if p not in problems]
            continue
        name = ".".join(str(part) for part in error["loc"]) or "option"
        message = error["msg"][:1].lower() + error["msg"][1:]
        if error["type"] == "missing":
            message = "is required"
        else:
            message += f"; got {_shown(error.get('input'))}"
        problems.append(Problem(_where(renderer, name), message, path=tuple(error["loc"])))
    return problems


# -- the fields, for the command line and the docs ----------------------------------------------


@dataclass(frozen=True)
class OptionField:
    """One option of one renderer, as the command line and the docs see it.

    Attributes:
        renderer: The renderer's name.
        name: The option's name, e.g. ``column_width``.
        kind: How it is read from text (see :data:`OptionKind`).
        type: Its type in words (Markdown).
        default: Its declared default.
        unset: What a default of ``None`` means.
        description: What it does.
        choices: The words allowed, for ``choice`` and ``words`` options.

    Example:
        >>> width = next(f for f in describe_options("svg", SvgOptions) if f.name == "column_width")
        >>> width.flag, width.kind, width.from_text("240")
        ('--column-width', 'number', 240)
    """

    renderer: str
    name: str
    kind: OptionKind
    type: str
    default: Any
    unset: str
    description: str
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        """Its command-line flag, e.g. ``--column-width``."""
        return "--" + self.name.replace("_", "-")

    def from_text(self, text: str) -> object:
        """The value ``text`` stands for: by the option's kind.

        Booleans are ``true``/``false``/``yes``/``no`` (any case), numbers ASCII decimals,
        ``words`` a comma-separated list; anything else, and any text that does not read
        as its kind, is passed on as it is, for the option's check to refuse with its
        own message.

        Example:
            >>> legend = next(f for f in describe_options("svg", SvgOptions) if f.name == "legend")
            >>> legend.from_text("no"), legend.from_text("maybe")
            (False, 'maybe')
        """
        if self.kind == "bool":
            return _BOOLEANS.get(text.strip().lower(), text)
        if self.kind == "number":
            written = text.strip()
            if len(written) <= 40 and _DECIMAL.fullmatch(written):
                number = float(written)
                return int(number) if number.is_integer() and "e" not in written.lower() else number
            return text
        if self.kind == "words":
            return tuple(word.strip() for word in text.split(",") if word.strip())
        return text


_BOOLEANS = {"true": True, "yes": True, "false": False, "no": False}
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def describe_options(renderer: str, model: type[BaseModel]) -> tuple[OptionField, ...]:
    """The options of a model, described for the command line and the docs.

    A field typed with the option types of this module says how it is read and
    described; a plain ``bool``, number, ``Literal``, text or tuple of text is
    recognised by its type, and anything else is of kind ``other``.
    """
    return tuple(_field(renderer, name, info) for name, info in model.model_fields.items())


def _field(renderer: str, name: str, info: Any) -> OptionField:
    doc = next((item for item in info.metadata if isinstance(item, _Doc)), None)
    if doc is None:
        doc = _infer(info.annotation)
    default = info.get_default(call_default_factory=True)
    return OptionField(
        renderer=renderer,
        name=name,
        kind=doc.kind,
        type=doc.type,
        default=default,
        unset=doc.unset,
        description=info.description or "",
        choices=doc.choices,
    )


def _infer(annotation: Any) -> _Doc:
    """How a plain annotation reads from text, for models that use no option type."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _infer(members[0])
    if annotation is bool:
        return _Doc("bool", "boolean")
    if annotation in (int, float):
        return _Doc("number", "number")
    if annotation is str:
        return _Doc("text", "text")
    if typing.get_origin(annotation) is Literal:
        choices = tuple(str(arg) for arg in typing.get_args(annotation))
        return _Doc("choice", " or ".join(f"`{c}`" for c in choices), choices=choices)
    if typing.get_origin(annotation) in (tuple, list) and typing.get_args(annotation)[:1] == (str,):
        return _Doc("words", "list of text")
    return _Doc("other", getattr(annotation, "__name__", str(annotation)))


# -- ids -------------------------------------------------------------------------------------


def content_prefix(model: JourneyMap, renderer: str, options: Mapping[str, Any]) -> str:
    """``jm-`` and 8 hex digits of the SHA-256 of the map, the renderer and its options.

    The map is hashed as canonical JSON (keys sorted, no spaces, UTF-8, fields at their
    defaults left out), so the prefix depends on what is drawn and on nothing else: not
    on the process, the time or the order in which maps are rendered, nor on optional
    fields a later version adds.

    Args:
        model: The map.
        renderer: The renderer's name (a map's swimlane and its flow differ).
        options: Every option that changes the output, as JSON-serialisable values.

    Returns:
        The prefix, e.g. ``jm-3f1a9c0b``.

    Example:
        >>> from journeymap import Journey
        >>> m = Journey("Tiny").phase("P").touchpoint("T").build()
        >>> content_prefix(m, "svg", {}) == content_prefix(m, "svg", {})
        True
        >>> content_prefix(m, "svg", {}) != content_prefix(m, "svg", {"legend": False})
        True
    """
    document = {
        # Defaults left out: a field added to the model later changes no map's ids.
        "map": model.model_dump(mode="json", exclude_defaults=True),
        "options": dict(options),
        "renderer": renderer,
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return f"jm-{digest[:8]}"
