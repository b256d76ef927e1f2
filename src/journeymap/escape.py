"""Escaping for output formats: the one boundary user text and library words cross.

Each output language has its rule here, and every piece of text a renderer writes (the
map's text and the library's own words alike) goes through it:

* **Markdown** (:func:`markdown_inline`): any text is safe inside GitHub-flavoured
  Markdown inline content, including table cells: it can neither break the table nor
  turn into markup, and it never becomes a link. GitHub's URL autolinks
  (``https://…``, ``http://…``, ``ftp://…``, ``www.…``) are broken by backslash-escaping
  the character that triggers them (the ``:`` after a scheme, the ``.`` after ``www``
  or inside a domain name), which renders as the very same text. E-mail addresses
  (also after ``mailto:`` or ``xmpp:``) are found by GitHub in the merged text, where
  no escape is left: every ``@`` is followed by :data:`WORD_JOINER`, an invisible
  zero-width character that no address may hold.
* **DOT labels** (:func:`dot_label`): literal text, one line per line, never HTML, and
  bounded to :data:`MAX_QUOTED_BYTES` so Graphviz accepts it.
* **Mermaid text** (:func:`mermaid_text`, :func:`mermaid_statement`): entity codes for
  what Mermaid's ``journey`` grammar would read as syntax, so the text reads back exactly.
* **SVG** text is escaped by the SVG library (svgwrite) when the document is written.

Example:
    >>> markdown_inline("A | B <b>*bold*</b>\\nnext")
    'A \\\\| B &lt;b&gt;\\\\*bold\\\\*&lt;/b&gt;<br>next'
    >>> print(dot_label(["Tom & Jerry", "a\\\\b"]))
    Tom &amp; Jerry\\na\\\\b
    >>> mermaid_text("Pay: 10 € #1; then <go>")
    'Pay#58; 10 € #35;1#59; then #lt;go#gt;'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from journeymap.fields import balance_bidi

__all__ = [
    "ELLIPSIS",
    "MARKDOWN_BACKSLASHED",
    "MAX_QUOTED_BYTES",
    "WORD_JOINER",
    "cluster_start",
    "dot_label",
    "markdown_inline",
    "mermaid_statement",
    "mermaid_text",
]

#: What ends a text that was cut short.
ELLIPSIS = "…"

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# ASCII punctuation that starts inline markup in GFM (emphasis, code, links, tables,
# strikethrough, math on GitHub) or ends an ATX heading.
_BACKSLASHED = frozenset("\\`*_[]|~#$")
# Autolink triggers: the ':' ending a scheme-like word that something follows
# ("https://", "mailto:x", "javascript:x"; not "10:30" or "Note: x"), the '.' of "www."
# and of a domain name. They are backslash-escaped: an escape is a node of its own in
# GFM's parser (and a token of its own in markdown-it), which the URL scanners never
# look into. The word is a whole run of scheme characters (GitHub links the "https" of
# "-https://", "1https://" and "x.https://") that holds a letter ("10:30" is a time). A
# match starts only where a run starts, and one quantifier reads it: linear time.
_SCHEME_COLON = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z0-9+.\-]+(:)(?=\S)")
_LETTER = re.compile(r"[A-Za-z]")
_WWW_DOT = re.compile(r"(?i)www(\.)")
# Linkify plugins (markdown-it's linkify-it) also link bare domains ("example.org"):
# the dot between a word character and two letters is escaped too ("2.5", "e.g." stay).
_DOMAIN_DOT = re.compile(r"(?<=\w)(\.)(?=[^\W\d_]{2})")
# Block markers that only matter at the start of the text: list items ("- x", "+ x",
# "1. x", "1) x") and thematic breaks ("---"). A sign before a number ("-2") is no marker.
_LEADING_LIST = re.compile(r"^([-+])(?=[\s-]|$)|^(\d{1,9})([.)])(?=\s|$)")

#: Written after every ``@`` in Markdown: U+2060 WORD JOINER, invisible and zero-width.
#: GitHub finds e-mail addresses after inline parsing, in text where backslash escapes
#: and entities are already resolved; an address cannot hold this character, so the
#: ``@`` it follows starts no link. Its one visible cost: an address copied from the
#: rendered page holds it.
WORD_JOINER = "\u2060"
#: Every character :func:`markdown_inline` may write a backslash before. A Markdown
#: parser that backslash-escapes fewer characters (Python-Markdown) must be told of them.
MARKDOWN_BACKSLASHED = frozenset(_BACKSLASHED | set(":.@-+)"))


def markdown_inline(text: str) -> str:
    """Escape ``text`` for GFM inline content (paragraphs, list items, table cells).

    Markdown punctuation is backslash-escaped, ``& < >`` become HTML entities, line
    breaks become ``<br>``, and a leading list marker is escaped. Autolink triggers are
    escaped too (``https\\://``, ``www\\.``, ``example\\.org``), and every ``@`` is
    written ``\\@`` followed by :data:`WORD_JOINER`, so no URL, domain or e-mail
    address becomes a link. Leading and trailing white space is dropped, as Markdown
    would drop it.

    Args:
        text: Any text.

    Returns:
        Markdown source that displays exactly ``text``.

    Example:
        >>> markdown_inline("1. first"), markdown_inline("- item"), markdown_inline("-2")
        ('1\\\\. first', '\\\\- item', '-2')
        >>> print(markdown_inline("see https://x.org or www.x.org at 10:30"))
        see https\\://x\\.org or www\\.x\\.org at 10:30
        >>> markdown_inline("a@x.org") == "a\\\\@\\u2060x\\\\.org"
        True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    triggers = {m.start(1) for m in _SCHEME_COLON.finditer(text) if _LETTER.search(m[0])}
    triggers.update(m.start(1) for m in _WWW_DOT.finditer(text))
    triggers.update(m.start(1) for m in _DOMAIN_DOT.finditer(text))
    parts: list[str] = []
    for index, char in enumerate(text):
        if char == "@":
            parts.append("\\@" + WORD_JOINER)
        elif index in triggers:
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


# -- DOT labels ---------------------------------------------------------------------------

#: The most UTF-8 bytes a label may take between its quotes in the DOT source, escapes
#: included; a longer label is cut there and ends with "…". Graphviz (2.43) refuses a
#: quoted string of 16,382 bytes or more.
MAX_QUOTED_BYTES = 16_000

# Embeddings, overrides and isolates: what a cut can leave open.
_BIDI_OPENERS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
# How a character is written inside a quoted DOT label; any other stands for itself.
_WRITTEN = {"&": "&amp;", "\\": "\\\\", "\n": "\\n"}
# What a character costs in the quoted string: graphviz.quote writes '"' as '\"'.
_EXTRA_COST = {'"': 1}


def dot_label(text: str | Sequence[str]) -> str:
    r"""The one way user text becomes a DOT label: literal, one line per line, bounded.

    ``&`` is written ``&amp;`` (Graphviz decodes entities even in plain labels),
    backslashes are doubled (so ``\N`` or ``\l`` stay literal), every line break is
    written as the ``\n`` escape (a raw line break after a backslash would be read as a
    line continuation), and the result is never taken for an HTML label. If the label
    would take more than :data:`MAX_QUOTED_BYTES` UTF-8 bytes between its quotes in the
    source (``"`` is written ``\"`` there), it is cut before the character that would
    overflow, never inside an escape, an entity, a character or a combining sequence, and
    ends with "…".

    Args:
        text: The label, or its lines.

    Returns:
        The label as :func:`graphviz.nohtml` text, ready to be quoted by graphviz.

    Example:
        >>> print(dot_label(["Tom & Jerry", "a\\b"]))
        Tom &amp; Jerry\na\\b
        >>> len(dot_label("x" * 20_000).encode("utf-8"))
        16000
    """
    parts = [text] if isinstance(text, str) else list(text)
    written = [_written(part) for part in parts]
    breaks = len(_WRITTEN["\n"]) * (len(parts) - 1)
    sizes = [sum(costs) for _, costs in written]
    units = [part_units for part_units, _ in written]
    if sum(sizes) + breaks > MAX_QUOTED_BYTES:
        # Short lines stay whole; the long ones share what is left equally.
        share = _fair_share(sizes, MAX_QUOTED_BYTES - breaks)
        for index, size in enumerate(sizes):
            if size > share:
                units[index] = _shortened(parts[index], *written[index], share)
    import graphviz  # only when a DOT label is made

    label: str = graphviz.nohtml(_WRITTEN["\n"].join("".join(u) for u in units))
    return label


def _written(part: str) -> tuple[list[str], list[int]]:
    """How each character of ``part`` is written, and its bytes between the quotes.

    Stops once the part alone is over :data:`MAX_QUOTED_BYTES`: it will be cut anyway, so
    a label of megabytes costs no more than one of 16 KB.
    """
    units: list[str] = []
    costs: list[int] = []
    size = 0
    for char in part:
        unit = _WRITTEN.get(char, char)
        cost = len(unit.encode("utf-8", "surrogatepass")) + _EXTRA_COST.get(char, 0)
        units.append(unit)
        costs.append(cost)
        size += cost
        if size > MAX_QUOTED_BYTES:
            break
    return units, costs


def _fair_share(sizes: Sequence[int], room: int) -> int:
    """The largest size every part may keep so that all parts together fit in ``room``."""
    remaining = room
    ordered = sorted(sizes)
    for index, size in enumerate(ordered):
        left = len(ordered) - index
        if size * left > remaining:
            return remaining // left
        remaining -= size
    return ordered[-1] if ordered else room


def _shortened(part: str, units: list[str], costs: list[int], limit: int) -> list[str]:
    """The written units of ``part`` cut to at most ``limit`` bytes, ellipsis included.

    A bidirectional override, embedding or isolate left open by the cut is closed after
    the ellipsis (see :func:`journeymap.fields.balance_bidi`), inside the same budget, so
    a cut label never reorders the text drawn after it.
    """
    budget = limit - len(ELLIPSIS.encode("utf-8"))
    reserve = 0
    while True:
        size = 0
        keep = 0
        for cost in costs:
            if size + cost > budget - reserve:
                break
            size += cost
            keep += 1
        keep = cluster_start(part, keep)
        kept = part[:keep]
        closers = balance_bidi(kept)[len(kept) :] if _BIDI_OPENERS.intersection(kept) else ""
        need = len(closers.encode("utf-8"))
        if need <= reserve:
            return [*units[:keep], ELLIPSIS, closers]
        reserve = max(need, 2 * reserve)


def cluster_start(text: str, index: int) -> int:
    """Move a cut at ``index`` back to the start of the character sequence it falls in.

    Example:
        >>> cluster_start("e\u0301x", 1)
        0
    """
    stop = max(0, index - 32)  # a bound, so that hostile runs of marks stay linear
    while index > stop and (_joins_previous(text[index]) or text[index - 1] == "\u200d"):
        index -= 1
    return index


def _joins_previous(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (marks, joiners, modifiers)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == "\u200d"
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


# -- Mermaid text -------------------------------------------------------------------------

#: Characters written as Mermaid entity codes wherever text is written.
_MERMAID_CODES: dict[str, str] = {
    "#": "#35;",  # starts a comment, and entity codes
    ":": "#58;",  # separates a task's name, score and actors
    ";": "#59;",  # ends a statement
    "<": "#lt;",  # would make '<br>' and HTML of literal text
    ">": "#gt;",
    "&": "#amp;",
    "\ue000": "#57344;",  # the importer's private markers for entity codes
    "\ue001": "#57345;",
    "\u2028": "#8232;",  # line terminators to JavaScript
    "\u2029": "#8233;",
}
_PERCENTS = re.compile("%{2,}")  # '%%' starts a comment or a directive
_KEYWORD_START = re.compile(r"(?:journey|title|section|acctitle|accdescr)", re.IGNORECASE)


def mermaid_text(text: str, extra: str = "") -> str:
    """Write ``text`` for Mermaid's ``journey`` so that it reads back exactly (trimmed).

    Surrounding white space is trimmed (Mermaid trims it), newlines become ``<br>``, and
    ``# : ; < > &``, line separators, runs of ``%`` and the characters in ``extra``
    become entity codes.

    Args:
        text: Any text.
        extra: More characters to write as codes where they would be syntax (``,``
            between actors, ``}`` in a description block).

    Example:
        >>> mermaid_text("A, B", extra=","), mermaid_text("100%% sure")
        ('A#44; B', '100#37;#37; sure')
    """
    out = []
    for char in text.strip():
        if char == "\n":
            out.append("<br>")
        elif char in _MERMAID_CODES:
            out.append(_MERMAID_CODES[char])
        elif char in extra:
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return _PERCENTS.sub(lambda m: "#37;" * len(m.group()), "".join(out))


def mermaid_statement(text: str) -> str:
    """:func:`mermaid_text` for text that starts a line: it never reads as a keyword.

    Example:
        >>> mermaid_statement("Title page")
        '#84;itle page'
    """
    escaped = mermaid_text(text)
    if _KEYWORD_START.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped
