"""The limits every reader of maps holds to: size, nesting, integer digits and aliases.

A file from anywhere is read within these bounds by :func:`read_text_file` (map, theme
and survey files alike), :func:`journeymap.io.loads` (YAML, JSON and Mermaid), and by
:func:`journeymap.io.read_yaml` for YAML embedded in another format. Past a limit, the
input is refused with a :class:`~journeymap.errors.JourneyMapError` that names the limit.

Example:
    >>> MAX_INPUT_BYTES, MAX_NESTING, MAX_INTEGER_DIGITS, ALIAS_ALLOWANCE
    (67108864, 100, 1000, 1048576)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from journeymap.errors import JourneyMapError, Problem

__all__ = [
    "ALIAS_ALLOWANCE",
    "MAX_INPUT_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_NESTING",
    "check_input_size",
    "decode_utf8",
    "read_text_file",
    "read_text_stream",
]

#: The largest input read, in bytes of UTF-8 (64 MiB): a map of 10,000 touchpoints with
#: every field written is about 10 MB of JSON and 2 MB of YAML.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: How deeply lists and mappings may nest. A map nests 7 levels (map > phases > phase >
#: touchpoints > touchpoint > metrics > metric).
MAX_NESTING = 100
#: The most digits an integer may have. The model's numbers stay far below this; the
#: limit keeps Python's integer parsing (quadratic in the number of digits) cheap.
MAX_INTEGER_DIGITS = 1000
#: What YAML aliases may add: once aliases are expanded, a document may hold at most twice
#: its own length plus this many characters (1 MiB). Counted as the characters of every
#: key and value plus one per key, value, list and mapping, which is never more than twice
#: the length of a document without aliases.
ALIAS_ALLOWANCE = 1024 * 1024


def _too_many_digits(text: str) -> str:
    digits = len(text.lstrip("+-"))
    return (
        f"{text[:12]!r}… is an integer of {digits:,} digits; "
        f"allowed: at most {MAX_INTEGER_DIGITS:,} digits"
    )


_NESTING = (
    f"lists and mappings nest more than {MAX_NESTING} levels deep here; "
    f"allowed: at most {MAX_NESTING} levels"
)
# Problems with single values are reported together, up to this many.
_MAX_PROBLEMS = 100


def check_input_size(
    size: int, source: str | None = None, *, what: str = "input", read_part: bool = False
) -> None:
    """Refuse an input larger than :data:`MAX_INPUT_BYTES`.

    Args:
        size: The input's size in bytes (UTF-8 for text).
        source: The file name to put in the message.
        what: What the input is called in the message (``"file"``, ``"input"``).
        read_part: Whether ``size`` is only what was read of a longer stream (the
            message then says "more than" the limit, not a size).

    Raises:
        JourneyMapError: If ``size`` is over the limit; the message gives both sizes.

    Example:
        >>> check_input_size(6_299, "map.yaml")
        >>> try:
        ...     check_input_size(70_000_000, "map.yaml", what="file")
        ... except JourneyMapError as exc:
        ...     print(exc)
        map.yaml: the file is 70,000,000 bytes; allowed: at most 67,108,864 bytes (64 MiB)
    """
    if size > MAX_INPUT_BYTES:
        found = f"more than {MAX_INPUT_BYTES:,}" if read_part else f"{size:,}"
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"the {what} is {found} bytes; allowed: at most {MAX_INPUT_BYTES:,} bytes "
                    f"({MAX_INPUT_BYTES // (1024 * 1024)} MiB)",
                    source=source,
                )
            ]
        )


def _check_text_size(text: str, source: str | None) -> None:
    if len(text) * 4 > MAX_INPUT_BYTES:  # a character is at most 4 bytes of UTF-8
        check_input_size(len(text.encode("utf-8", "surrogatepass")), source)


def read_text_file(path: str | os.PathLike[str], source: str) -> str:
    """A file's text, read within :data:`MAX_INPUT_BYTES` and decoded as UTF-8.

    The size is checked before reading and again on what was read (a file may grow, or
    be a device); a leading byte-order mark is dropped.

    Args:
        path: The file.
        source: How messages name it.

    Raises:
        JourneyMapError: For a file over the limit, or bytes that are not UTF-8 (located
            at their line and column).
        OSError: If the file cannot be read.
    """
    with Path(path).open("rb") as stream:
        check_input_size(os.fstat(stream.fileno()).st_size, source, what="file")
        return read_text_stream(stream, source, what="file")


def read_text_stream(stream: BinaryIO, source: str, *, what: str = "input") -> str:
    """The text of a byte stream (standard input), read within :data:`MAX_INPUT_BYTES`.

    At most one byte more than the limit is read, so an endless or huge stream is refused
    without being held in memory; a leading byte-order mark is dropped.

    Example:
        >>> import io
        >>> read_text_stream(io.BytesIO(b"title: T\\n"), "<stdin>")
        'title: T\\n'

    Raises:
        JourneyMapError: For a stream over the limit, or bytes that are not UTF-8 (located
            at their line and column).
    """
    raw = stream.read(MAX_INPUT_BYTES + 1)
    check_input_size(len(raw), source, what=what, read_part=True)
    return decode_utf8(raw, source)


def decode_utf8(raw: bytes, source: str) -> str:
    """``raw`` decoded as UTF-8 (a leading byte-order mark dropped), or a located error.

    Example:
        >>> decode_utf8(b"\\xef\\xbb\\xbftitle: Caf\\xc3\\xa9", "<string>")
        'title: Café'

    Raises:
        JourneyMapError: For bytes that are not UTF-8, at their line and column.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"is not UTF-8 text (byte {exc.start}); allowed: UTF-8 text",
                    source=source,
                    line=raw.count(b"\n", 0, exc.start) + 1,
                    column=column,
                )
            ]
        ) from None
