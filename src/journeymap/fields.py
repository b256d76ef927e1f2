"""Annotated field types shared by the model: text, names, ids, scores and lists.

Each type validates one kind of value and says what is allowed when it fails.

Example:
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(Text).validate_python("line one\\r\\nline two")
    'line one\\nline two'
    >>> TypeAdapter(TextList).validate_python("a single thought")
    ('a single thought',)
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainValidator, WithJsonSchema

__all__ = [
    "ID_PATTERN",
    "Id",
    "Name",
    "Score",
    "Share",
    "Text",
    "TextList",
    "check_id",
    "check_text",
    "to_score",
    "to_share",
]

#: What an id may look like: letters, digits, ``-``, ``_`` and ``.``, starting with a
#: letter or digit.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone
# surrogates and the two non-characters U+FFFE and U+FFFF. SVG and HTML output would be
# invalid with them, so they are refused at the door.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str) -> str:
    """Refuse characters that XML cannot hold and normalise line ends to ``\\n``.

    Args:
        value: The text to check.

    Returns:
        The text with ``\\r\\n`` and ``\\r`` turned into ``\\n``.

    Raises:
        ValueError: If the text holds a control character other than tab or newline.

    Example:
        >>> check_text("ok\\tfine")
        'ok\\tfine'
    """
    bad = _XML_INVALID.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise ValueError(
            f"contains the control character {code} at position {bad.start()}; "
            "allowed: printable text, tab and newline"
        )
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _check_name(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty; allowed: any text with at least one visible character")
    return value


def check_id(value: str) -> str:
    """Check that ``value`` is a valid id.

    Args:
        value: The candidate id.

    Returns:
        The id, unchanged.

    Raises:
        ValueError: If it is not of the form described by :data:`ID_PATTERN`.

    Example:
        >>> check_id("blog-2")
        'blog-2'
    """
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id; allowed: 1 to 80 letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    return value


def _one_or_many(value: Any) -> Any:
    """Let a single string stand for a list of one."""
    if isinstance(value, str):
        return (value,)
    return value


def to_score(value: Any) -> int | float:
    """Validate a number on an emotion scale or a metric: finite, not a boolean.

    Integers stay integers so that files keep reading ``2``, not ``2.0``.

    Args:
        value: The candidate number (an int, a float or a numeric string).

    Returns:
        The number.

    Raises:
        ValueError: If the value is not a finite number.

    Example:
        >>> to_score("1.5"), to_score(2)
        (1.5, 2)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number; allowed: a finite number")
    if isinstance(value, str):
        try:
            value = float(value) if any(c in value for c in ".eEnN") else int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number; allowed: a finite number") from None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number; allowed: a finite number")
        return value
    raise ValueError(
        f"{value!r} (a {type(value).__name__}) is not a number; allowed: a finite number"
    )


#: Free text: any characters XML can hold; line ends normalised.
Text = Annotated[str, AfterValidator(check_text)]
#: A name or title: text with at least one visible character.
Name = Annotated[str, AfterValidator(check_text), AfterValidator(_check_name)]
#: An identifier made of letters, digits, ``-``, ``_`` and ``.``.
Id = Annotated[
    str,
    AfterValidator(check_id),
    WithJsonSchema({"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}),
]
#: A list of texts; a single string counts as a list of one.
TextList = Annotated[
    tuple[Text, ...],
    BeforeValidator(_one_or_many),
    WithJsonSchema({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}),
]
#: A finite number; integers stay integers.
Score = Annotated[int | float, PlainValidator(to_score), WithJsonSchema({"type": "number"})]


def to_share(value: Any) -> int | float:
    """Validate a share of customers: a finite number from 0 to 1.

    Example:
        >>> to_share(0.25)
        0.25
    """
    allowed = "allowed: a number from 0 to 1"
    try:
        number = to_score(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a share; {allowed}") from None
    if not 0 <= number <= 1:
        raise ValueError(f"{number!r} is not a share; {allowed}")
    return number


#: A share of customers, from 0 to 1.
Share = Annotated[
    int | float,
    PlainValidator(to_share),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]
