"""Checked renderer options, and the id prefix that keeps maps apart on one page.

Every option a renderer takes from a user is checked here into a
:class:`~journeymap.errors.JourneyMapError` that names the option, the value and what is
allowed, so a wrong type or an infinite width never reaches the output (or becomes a
``TypeError`` deep inside a renderer).

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
    journeymap.errors.JourneyMapError: the svg renderer's option column_width is inf; \
allowed: a number from 80 to 1000 (px)
    >>> id_prefix_option("svg", "map-1")
    'map-1'
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from journeymap.errors import JourneyMapError
from journeymap.formatting import format_number

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

__all__ = [
    "ID_PREFIX_PATTERN",
    "bool_option",
    "content_prefix",
    "id_prefix_option",
    "locale_option",
    "number_option",
    "words_option",
]

#: What an explicit id prefix may look like: an XML name start (an ASCII letter or
#: ``_``), then letters, digits, ``-``, ``_`` and ``.``; at most 64 characters.
ID_PREFIX_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")


def _shown(value: object) -> str:
    """A value as an error message shows it: short, whatever its type."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    lowest = f"more than {format_number(low)}" if low_open else f"from {format_number(low)}"
    allowed = f"allowed: a number {lowest} to {format_number(high)}" + (
        f" ({unit})" if unit else ""
    )
    problem = f"the {renderer} renderer's option {name} is {_shown(value)}; {allowed}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise JourneyMapError(problem)
    try:
        number = float(value)
    except OverflowError:
        raise JourneyMapError(problem) from None
    if not math.isfinite(number) or number > high or number < low or (low_open and number == low):
        raise JourneyMapError(problem)
    return number


def bool_option(renderer: str, name: str, value: object) -> bool:
    """``True`` or ``False``, nothing else (``"no"`` would otherwise count as true).

    Raises:
        JourneyMapError: For any other value.
    """
    if not isinstance(value, bool):
        raise JourneyMapError(
            f"the {renderer} renderer's option {name} is {_shown(value)}; allowed: True or False"
        )
    return value


def locale_option(renderer: str, value: object) -> str | None:
    """``None`` (the map's own language) or a language tag as text.

    Raises:
        JourneyMapError: For a value that is not text; the tag itself is checked by
            :func:`journeymap.i18n.labels`.
    """
    if value is None or isinstance(value, str):
        return value or None
    raise JourneyMapError(
        f"the {renderer} renderer's option locale is {_shown(value)}; "
        "allowed: a language such as 'en' or 'es', or None for the map's own"
    )


def words_option(
    renderer: str, name: str, value: object, allowed: Sequence[str]
) -> tuple[str, ...]:
    """A list of known words, given as a sequence or as one comma-separated string.

    The words themselves are checked by the caller, whose message says what they are.

    Raises:
        JourneyMapError: For a value that is not text or a list or tuple of text; the
            message lists the allowed words.
    """
    if isinstance(value, str):
        words = tuple(w.strip() for w in value.split(",") if w.strip())
    elif isinstance(value, (list, tuple)) and all(isinstance(w, str) for w in value):
        words = tuple(value)
    else:
        raise JourneyMapError(
            f"the {renderer} renderer's option {name} is {_shown(value)}; "
            f"allowed: a list of {', '.join(allowed)}"
        )
    return words


def id_prefix_option(renderer: str, value: object) -> str:
    """Check a prefix the user chose for every id of a map.

    Raises:
        JourneyMapError: Unless it matches :data:`ID_PREFIX_PATTERN`.
    """
    if isinstance(value, str) and ID_PREFIX_PATTERN.fullmatch(value):
        return value
    raise JourneyMapError(
        f"the {renderer} renderer's option id_prefix is {_shown(value)}; allowed: an ASCII "
        "letter or '_', then up to 63 letters, digits, '-', '_' or '.'"
    )


def content_prefix(model: JourneyMap, renderer: str, options: Mapping[str, Any]) -> str:
    """``jm-`` and 8 hex digits of the SHA-256 of the map, the renderer and its options.

    The map is hashed as canonical JSON (keys sorted, no spaces, UTF-8), so the prefix
    depends on what is drawn and on nothing else: not on the process, the time or the
    order in which maps are rendered.

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
        "map": model.model_dump(mode="json"),
        "options": dict(options),
        "renderer": renderer,
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return f"jm-{digest[:8]}"
