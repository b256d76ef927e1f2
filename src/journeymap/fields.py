"""Annotated field types shared by the model: text, names, ids, scores and lists.

Each type validates one kind of value and says what is allowed when it fails. Every
text is checked the same way (:func:`check_text`): no control characters, ``\\r\\n``
normalised, and bidirectional controls balanced on every line (:func:`balance_bidi`), so
a right-to-left override never reaches past the text it belongs to. Names also need a
visible character (:func:`check_name`). Numbers are finite and at most
:data:`MAX_NUMBER` in size.

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
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainValidator, WithJsonSchema

__all__ = [
    "ID_PATTERN",
    "MAX_NUMBER",
    "Count",
    "Id",
    "Level",
    "Name",
    "Score",
    "Share",
    "Text",
    "TextList",
    "balance_bidi",
    "check_id",
    "check_name",
    "check_text",
    "describe_number",
    "is_invisible",
    "to_count",
    "to_level",
    "to_score",
    "to_share",
]

#: The largest magnitude a number may have: metric values, targets, counts, emotions,
#: curve values and scale bounds all lie within -MAX_NUMBER..MAX_NUMBER (10**15, about
#: the largest integer a float still holds exactly to the unit).
MAX_NUMBER = 10**15
_NUMBER_RANGE = "a finite number between -1e15 and 1e15"

#: What an id may look like: letters, digits, ``-``, ``_`` and ``.``, starting with a
#: letter or digit.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone
# surrogates and the two non-characters U+FFFE and U+FFFF. SVG and HTML output would be
# invalid with them, so they are refused at the door.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str) -> str:
    """Refuse characters that XML cannot hold, normalise line ends, balance bidi controls.

    Args:
        value: The text to check.

    Returns:
        The text with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and its bidirectional
        controls balanced on every line (see :func:`balance_bidi`).

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
    if _BIDI.search(value) is not None:
        value = balance_bidi(value)
    return value


# Explicit bidirectional formatting: embeddings and overrides (closed by PDF) and
# isolates (closed by PDI). Marks such as U+200E/U+200F have no scope and are left alone.
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def balance_bidi(text: str) -> str:
    r"""Keep every bidirectional control inside the line it is written on.

    Unicode's bidi algorithm lets an override (U+202E RIGHT-TO-LEFT OVERRIDE…) or an
    isolate run on until it is closed, so a stray one can reorder whatever follows it in
    a table row, a label or a page. This closes, at the end of each line, every
    embedding, override and isolate still open there (innermost first: PDF U+202C for
    embeddings and overrides, PDI U+2069 for isolates), and drops closers that close
    nothing (a PDF whose innermost open control is not an embedding, a PDI with no open
    isolate), exactly as the algorithm itself would ignore them. Balanced text is
    returned unchanged, so the rule is idempotent.

    Args:
        text: Any text.

    Returns:
        The text with its controls balanced on every line.

    Example:
        >>> balance_bidi("price \u202e01$ \u202c ok \u2069")
        'price \u202e01$ \u202c ok '
        >>> balance_bidi("a\u2067b\u202ec\nd") == "a\u2067b\u202ec\u202c\u2069\nd"
        True
    """
    out: list[str] = []
    open_: list[str] = []  # the closer each open control needs, innermost last
    for char in text:
        if char in _EMBEDDINGS:
            open_.append(_PDF)
        elif char in _ISOLATES:
            open_.append(_PDI)
        elif char == _PDF:
            if not open_ or open_[-1] != _PDF:
                continue  # closes nothing
            open_.pop()
        elif char == _PDI:
            if _PDI not in open_:
                continue  # closes nothing
            while open_.pop() != _PDI:  # a PDI also ends the embeddings inside it
                pass
        elif char == "\n" and open_:
            out.extend(reversed(open_))
            open_.clear()
        out.append(char)
    out.extend(reversed(open_))
    return "".join(out)


# Characters that show nothing on their own: format controls (zero-width space and
# joiners, U+FEFF, U+2060, soft hyphen, bidi controls, tag characters), combining marks,
# white space and separators, and the Hangul and Braille fillers that fonts draw blank.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Mn", "Mc", "Me", "Zs", "Zl", "Zp"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180b\u180c\u180d\u180e\u180f")


def is_invisible(char: str) -> bool:
    r"""Whether ``char`` shows nothing on its own (see :func:`check_name`).

    Example:
        >>> is_invisible("\u200b"), is_invisible("\u3164"), is_invisible("a")
        (True, True, False)
    """
    return char in _FILLERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def check_name(value: str) -> str:
    r"""Refuse a name that would show nothing: empty, or made only of invisible characters.

    Invisible characters are white space, format controls (zero-width space U+200B,
    joiners U+200C/U+200D, word joiner U+2060, U+FEFF, soft hyphen U+00AD, bidi
    controls, tag characters), combining marks on their own, and the fillers U+115F,
    U+1160, U+3164, U+FFA0 and U+2800. A name may hold them next to a visible character.

    Args:
        value: The candidate name.

    Returns:
        The name, unchanged.

    Raises:
        ValueError: If it has no visible character.

    Example:
        >>> check_name("Pay\u200b")
        'Pay\u200b'
    """
    allowed = "allowed: any text with at least one visible character"
    if not value.strip():
        raise ValueError(f"must not be empty; {allowed}")
    if all(is_invisible(char) for char in value):
        shown = []
        for char in dict.fromkeys(c for c in value if not c.isspace()):
            name = unicodedata.name(char, "")
            shown.append(f"U+{ord(char):04X}" + (f" {name}" if name else ""))
        listed = ", ".join(shown[:3]) + (", …" if len(shown) > 3 else "")
        raise ValueError(f"has no visible character, only invisible ones ({listed}); {allowed}")
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


def describe_number(value: int | float) -> str:
    """Show a number in a message without writing thousands of digits.

    Example:
        >>> describe_number(10**400), describe_number(2.5)
        ('an integer of 401 digits', '2.5')
    """
    if isinstance(value, int) and abs(value) > MAX_NUMBER * 1000:
        digits = len(str(abs(value))) if value.bit_length() < 10_000 else None
        if digits is None:  # str() refuses integers this long; estimate from the bits
            digits = int(value.bit_length() * math.log10(2)) + 1
            return f"an integer of about {digits} digits"
        return f"an integer of {digits} digits"
    return repr(value)


# A number as text: ASCII decimal digits, an optional sign, fraction and exponent.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def to_score(value: Any) -> int | float:
    """Validate a number on an emotion scale or a metric: finite, not a boolean, in range.

    Integers stay integers so that files keep reading ``2``, not ``2.0``. The magnitude
    is at most :data:`MAX_NUMBER` (1e15), so every renderer can format it.

    Args:
        value: The candidate number (an int, a float or a numeric string).

    Returns:
        The number.

    Raises:
        ValueError: If the value is not a finite number within -1e15..1e15.

    Example:
        >>> to_score("1.5"), to_score(2)
        (1.5, 2)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number; allowed: {_NUMBER_RANGE}")
    if isinstance(value, str):
        text = value
        shown = repr(text) if len(text) <= 40 else repr(text[:39]) + "…"
        if len(text) > 400 or not _DECIMAL.fullmatch(text):
            # Python's int() and float() would also take '1_000', ' 12 ', '٣', 'nan'.
            raise ValueError(
                f"{shown} is not a decimal number; allowed: {_NUMBER_RANGE}, "
                "written with ASCII digits, such as 12 or -1.5"
            )
        if text.lstrip("+-").startswith("0") and text.lstrip("+-")[1:2].isdigit():
            raise ValueError(
                f"{shown} has a leading zero; allowed: a decimal number without leading zeros"
            )
        value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, int):
        if abs(value) > MAX_NUMBER:
            raise ValueError(f"{describe_number(value)} is too large; allowed: {_NUMBER_RANGE}")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number; allowed: {_NUMBER_RANGE}")
        if abs(value) > MAX_NUMBER:
            raise ValueError(f"{value!r} is too large; allowed: {_NUMBER_RANGE}")
        return value
    raise ValueError(f"{type(value).__name__} value is not a number; allowed: {_NUMBER_RANGE}")


def to_count(value: Any) -> int:
    """Validate a count of people or responses: a whole number from 1 to 1e15.

    Args:
        value: An integer, a float with no fraction or a string of digits.

    Returns:
        The count as an integer.

    Raises:
        ValueError: If the value is not a whole number from 1 to 1e15.

    Example:
        >>> to_count(120), to_count("40"), to_count(3.0)
        (120, 40, 3)
    """
    allowed = f"allowed: a whole number from 1 to {MAX_NUMBER}"
    number = _whole_number(value, "a count", allowed)
    if number < 1:
        raise ValueError(f"{number!r} is too small; {allowed}")
    return number


def to_level(value: Any) -> int:
    """Validate a bound of an emotion scale: a whole number within -1e15..1e15.

    Example:
        >>> to_level(-2), to_level("5"), to_level(1.0)
        (-2, 5, 1)
    """
    allowed = f"allowed: a whole number between -{MAX_NUMBER} and {MAX_NUMBER}"
    return _whole_number(value, "a level", allowed)


def _number(value: Any, what: str, allowed: str) -> int | float:
    """``value`` as a bounded number, or a ValueError saying it is not ``what``."""
    try:
        return to_score(value)
    except ValueError:
        shown = describe_number(value) if isinstance(value, (int, float)) else None
        if shown is None:
            shown = repr(value) if isinstance(value, str) and len(value) <= 40 else "the value"
        raise ValueError(f"{shown} is not {what}; {allowed}") from None


def _whole_number(value: Any, what: str, allowed: str) -> int:
    """``value`` as a bounded whole number, or a ValueError saying it is not ``what``."""
    number = _number(value, what, allowed)
    if isinstance(number, float):
        if not number.is_integer():
            raise ValueError(f"{number!r} is not a whole number; {allowed}")
        number = int(number)
    return number


#: Free text: any characters XML can hold; line ends normalised.
Text = Annotated[str, AfterValidator(check_text)]
#: A name or title: text with at least one visible character.
Name = Annotated[str, AfterValidator(check_text), AfterValidator(check_name)]
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
#: A finite number within -1e15..1e15; integers stay integers.
Score = Annotated[
    int | float,
    PlainValidator(to_score),
    WithJsonSchema({"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}),
]
#: A whole number within -1e15..1e15: a bound of an emotion scale.
Level = Annotated[
    int,
    PlainValidator(to_level),
    WithJsonSchema({"type": "integer", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}),
]
#: A whole number from 1 to 1e15: respondents, responses.
Count = Annotated[
    int,
    PlainValidator(to_count),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_NUMBER}),
]


def to_share(value: Any) -> int | float:
    """Validate a share of customers: a finite number from 0 to 1.

    Example:
        >>> to_share(0.25)
        0.25
    """
    allowed = "allowed: a number from 0 to 1"
    number = _number(value, "a share", allowed)
    if not 0 <= number <= 1:
        raise ValueError(f"{number!r} is not a share; {allowed}")
    return number


#: A share of customers, from 0 to 1.
Share = Annotated[
    int | float,
    PlainValidator(to_share),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]
