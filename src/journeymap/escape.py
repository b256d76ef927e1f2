"""Escaping for output formats: the one boundary user text crosses.

:func:`markdown_inline` makes any text safe inside GitHub-flavoured Markdown inline
content, including table cells: it can neither break the table nor turn into markup,
and it never becomes a link. Map text links nowhere in any output: GitHub's autolinks
(``https://…``, ``http://…``, ``www.…``, ``user@example.com``, ``mailto:``) are broken
by backslash-escaping the character that triggers them (the ``:`` after a scheme, the
``.`` after ``www`` or inside a domain name, every ``@``), which renders as the very
same text.

Example:
    >>> markdown_inline("A | B <b>*bold*</b>\\nnext")
    'A \\\\| B &lt;b&gt;\\\\*bold\\\\*&lt;/b&gt;<br>next'
"""

from __future__ import annotations

import re

__all__ = ["markdown_inline"]

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# ASCII punctuation that starts inline markup in GFM (emphasis, code, links, tables,
# strikethrough, math on GitHub) or ends an ATX heading.
_BACKSLASHED = frozenset("\\`*_[]|~#$")
# Autolink triggers: the ':' ending a scheme-like word that something follows
# ("https://", "mailto:x", "javascript:x"; not "10:30" or "Note: x"), the '.' of "www."
# and of a domain name, and every '@' (e-mail addresses, mentions). They are
# backslash-escaped: an escape is a node of its own in GFM's parser (and a token of its
# own in markdown-it), which the autolink scanners never look into.
_SCHEME_COLON = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*(:)(?=\S)")
_WWW_DOT = re.compile(r"(?i)www(\.)")
# Linkify plugins (markdown-it's linkify-it) also link bare domains ("example.org"):
# the dot between a word character and two letters is escaped too ("2.5", "e.g." stay).
_DOMAIN_DOT = re.compile(r"(?<=\w)(\.)(?=[^\W\d_]{2})")
# Block markers that only matter at the start of the text: list items ("- x", "+ x",
# "1. x", "1) x") and thematic breaks ("---"). A sign before a number ("-2") is no marker.
_LEADING_LIST = re.compile(r"^([-+])(?=[\s-]|$)|^(\d{1,9})([.)])(?=\s|$)")


def markdown_inline(text: str) -> str:
    """Escape ``text`` for GFM inline content (paragraphs, list items, table cells).

    Markdown punctuation is backslash-escaped, ``& < >`` become HTML entities, line
    breaks become ``<br>``, and a leading list marker is escaped. Autolink triggers are
    escaped too (``https\\://``, ``www\\.``, ``example\\.org``, ``\\@``), so no URL,
    domain or e-mail address becomes a link. Leading and trailing white space is
    dropped, as Markdown would drop it.

    Args:
        text: Any text.

    Returns:
        Markdown source that displays exactly ``text``.

    Example:
        >>> markdown_inline("1. first"), markdown_inline("- item"), markdown_inline("-2")
        ('1\\\\. first', '\\\\- item', '-2')
        >>> print(markdown_inline("see https://x.org, www.x.org or a@x.org at 10:30"))
        see https\\://x\\.org, www\\.x\\.org or a\\@x\\.org at 10:30
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    triggers = {m.start(1) for m in _SCHEME_COLON.finditer(text)}
    triggers.update(m.start(1) for m in _WWW_DOT.finditer(text))
    triggers.update(m.start(1) for m in _DOMAIN_DOT.finditer(text))
    parts: list[str] = []
    for index, char in enumerate(text):
        if char == "@" or index in triggers:
            parts.append("\\" + char)
        elif char in _HTML:
            parts.append(_HTML[char])
        elif char in _BACKSLASHED:
            parts.append("\\" + char)
        elif char == "\n":
            parts.append("<br>")
        else:
            parts.append(char)
    escaped = "".join(parts)
    match = _LEADING_LIST.match(escaped)
    if match:
        if match.group(1):
            escaped = "\\" + escaped
        else:
            digits = match.group(2)
            escaped = f"{digits}\\{match.group(3)}{escaped[match.end() :]}"
    return escaped
