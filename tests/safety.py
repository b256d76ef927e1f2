"""What makes an SVG document safe to inline in a web page, checked without trusting it.

:func:`svg_problems` lists every breach it finds; :func:`check_svg` fails a test with
them all. The rules:

* the text is well-formed XML, read strictly, with no DOCTYPE, entity declaration or
  processing instruction other than the XML declaration;
* every element is an SVG element and none of them runs code or embeds another
  document: no ``<script>``, ``<foreignObject>``, ``<iframe>``, ``<object>``,
  ``<embed>``, ``<handler>`` or ``<listener>``;
* no attribute is an event handler (``on…``), and no attribute holds ``javascript:``;
* nothing points outside the document: ``href``, ``xlink:href`` and ``src`` start with
  ``#``, every ``url(…)`` is ``url(#…)``, and no style imports anything;
* ids are unique, and every one starts with one prefix per map: the root element's id,
  then ``-`` (so that two maps on one page never collide);
* every reference (``aria-labelledby``, ``aria-describedby``, ``url(#…)``, ``href="#…"``)
  names an id of the same document.

For the other formats: :func:`markdown_table_problems` checks that every row of every
table has as many cells as its header, split at unescaped pipes as GitHub's parser and
markdown-it do; :func:`markdown_link_problems` converts Markdown with GitHub's own
parser (cmark-gfm, autolinks on, through ``cmarkgfm``) and lists every link it made, and
:func:`shown_text` is what a reader sees of that HTML; :func:`check_dot` lays DOT source
out with the real ``dot`` program and reads the image back as strict XML.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

from journeymap import JourneyMap, JourneyMapError

__all__ = [
    "SVG_NS",
    "WORD_JOINER",
    "check_dot",
    "check_outputs",
    "check_svg",
    "github_html",
    "markdown_link_problems",
    "markdown_table_problems",
    "open_bidi",
    "parse_svg",
    "shown_text",
    "svg_problems",
    "svg_texts",
    "without_added_joiners",
]

SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}"
_FORBIDDEN = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}
_REFERENCE_LISTS = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
# Browsers ignore ASCII white space and control characters inside a URL scheme.
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")
_PROCESSING = re.compile(r"<\?(?!xml[\s?])")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def parse_svg(text: str) -> ET.Element:
    """Parse an SVG document strictly; raise :class:`AssertionError` if it is not XML."""
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise AssertionError(f"the SVG is not well-formed XML: {exc}") from None


def svg_problems(text: str) -> list[str]:
    """Every breach of the rules above, as one line each; empty for a safe document."""
    problems: list[str] = []
    head = text[:4096]
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        if marker in head or marker in text:
            problems.append(f"declares {marker[2:]}")
    if _PROCESSING.search(text):
        problems.append("holds a processing instruction")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        return [*problems, f"not well-formed XML: {exc}"]

    if root.tag != f"{{{SVG_NS}}}svg":
        problems.append(f"root element is {root.tag!r}, not an SVG <svg>")
    ids: list[str] = []
    references: list[tuple[str, str]] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else "?"
        if not tag.startswith(f"{{{SVG_NS}}}"):
            problems.append(f"element {tag!r} is not in the SVG namespace")
        if _local(tag).lower() in _FORBIDDEN:
            problems.append(f"forbidden element <{_local(tag)}>")
        if _local(tag).lower() == "style" and element.text:
            problems.extend(_style_problems("<style>", element.text, references))
        for name, value in element.attrib.items():
            local = _local(name).lower()
            where = f"<{_local(tag)}> {_local(name)}={value[:60]!r}"
            if local.startswith("on"):
                problems.append(f"event handler attribute {where}")
            if "javascript:" in _SCHEME_NOISE.sub("", value).lower():
                problems.append(f"javascript: in attribute {where}")
            if local in ("href", "src") or name == f"{_XLINK}href":
                if not value.startswith("#"):
                    problems.append(f"external reference {where}")
                else:
                    references.append((where, value[1:]))
            if local == "id":
                ids.append(value)
            if local in _REFERENCE_LISTS:
                references.extend((where, ref) for ref in value.split())
            if "url(" in value.lower() or local == "style":
                problems.extend(_style_problems(where, value, references))

    seen: set[str] = set()
    for element_id in ids:
        if element_id in seen:
            problems.append(f"id {element_id!r} is used twice")
        seen.add(element_id)
    prefix = root.get("id")
    if not prefix:
        problems.append("the root <svg> has no id to prefix the others with")
    else:
        for element_id in ids[1:] if ids and ids[0] == prefix else ids:
            if not element_id.startswith(f"{prefix}-"):
                problems.append(f"id {element_id!r} does not start with the map's {prefix!r}-")
    for where, ref in references:
        if ref not in seen:
            problems.append(f"reference to a missing id {ref!r} in {where}")
    return problems


def _style_problems(where: str, value: str, references: list[tuple[str, str]]) -> list[str]:
    problems: list[str] = []
    if "@import" in value.lower():
        problems.append(f"style imports in {where}")
    for match in _URL.finditer(value):
        target = match.group(2).strip()
        if target.startswith("#"):
            references.append((where, target[1:]))
        else:
            problems.append(f"external url({target[:60]!r}) in {where}")
    return problems


def check_svg(text: str) -> ET.Element:
    """Fail with every breach found; return the parsed document when it is safe."""
    problems = svg_problems(text)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise AssertionError(f"unsafe SVG ({len(problems)} problems):\n  {shown}{more}")
    return parse_svg(text)


def svg_texts(root: ET.Element) -> list[str]:
    """The text of every ``<text>``, ``<title>`` and ``<desc>``, XML escapes undone."""
    wanted = {f"{{{SVG_NS}}}{name}" for name in ("text", "title", "desc")}
    return ["".join(node.itertext()) for node in root.iter() if node.tag in wanted]


_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI


def open_bidi(text: str) -> int:
    """How many bidi embeddings, overrides and isolates ``text`` leaves open (UAX #9).

    A PDF (U+202C) closes the last embedding or override unless an isolate was opened
    after it; a PDI (U+2069) closes the last isolate and everything opened inside it.
    """
    stack: list[str] = []
    for char in text:
        if char in _EMBEDDINGS:
            stack.append("embedding")
        elif char in _ISOLATES:
            stack.append("isolate")
        elif char == "\u202c" and stack and stack[-1] == "embedding":
            stack.pop()
        elif char == "\u2069" and "isolate" in stack:
            while stack.pop() != "isolate":
                pass
    return len(stack)


def _markdown_bidi_problems(source: str) -> list[str]:
    """Table cells and lines of Markdown that leave a bidi control open."""
    problems = [
        f"line {number} leaves {open_bidi(line)} bidi control(s) open: {line[:80]!r}"
        for number, line in enumerate(source.split("\n"), 1)
        if open_bidi(line)
    ]
    for token in _MARKDOWN.parse(source):
        if token.type == "inline" and open_bidi(token.content):
            problems.append(f"text leaves a bidi control open: {token.content[:80]!r}")
    return problems


def _cells(line: str, *, odd_backslashes: bool) -> int:
    """How many cells a table row has, split at its unescaped pipes.

    With ``odd_backslashes`` a pipe is escaped by an odd run of backslashes before it
    (cmark-gfm, GitHub); without, by any backslash before it (markdown-it).
    """
    row = line.strip()
    count = 1
    backslashes = 0
    for char in row:
        if char == "|" and (backslashes % 2 == 0 if odd_backslashes else backslashes == 0):
            count += 1
            backslashes = 0
            continue
        backslashes = backslashes + 1 if char == "\\" else 0
    # A leading and a trailing pipe delimit the row; they do not open cells.
    return count - row.startswith("|") - (row.endswith("|") and len(row) > 1)


def markdown_table_problems(source: str) -> list[str]:
    """Rows whose cell count differs from their table's header, one line each."""
    lines = source.split("\n")  # markdown-it breaks lines at "\n" only
    problems: list[str] = []
    header: int | None = None
    for token in _MARKDOWN.parse(source):
        if token.type == "table_open":
            header = None
        elif token.type == "tr_open" and token.map is not None:
            line = lines[token.map[0]]
            for odd in (True, False):
                cells = _cells(line, odd_backslashes=odd)
                if header is None:
                    header = cells
                elif cells != header:
                    problems.append(f"line {token.map[0] + 1}: {cells} cells, not {header}: {line}")
    return problems


def github_html(source: str) -> str:
    """``source`` as GitHub renders it: cmark-gfm with its extensions, autolinks included.

    Raw HTML is kept (GitHub keeps it, then sanitises it), so ``<br>`` stays a line break.
    """
    converted: str = cmarkgfm.github_flavored_markdown_to_html(
        source, options=Options.CMARK_OPT_UNSAFE
    )
    return converted


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>")
#: The invisible character the Markdown renderer writes after every "@" (no e-mail link).
WORD_JOINER = "\u2060"


def shown_text(fragment: str) -> str:
    """The text a reader sees of an HTML fragment, with the renderer's joiners taken out.

    Line breaks (``<br>``) become newlines, tags are dropped, entities decoded, and the
    one U+2060 WORD JOINER the renderer writes after each ``@`` is removed: exactly one,
    so a joiner the user typed there (``@`` then U+2060) is still seen.
    """
    return without_added_joiners(html.unescape(_TAG.sub("", _BREAK.sub("\n", fragment))))


def without_added_joiners(text: str) -> str:
    """``text`` without the one U+2060 the Markdown renderer writes after each ``@``.

    Exactly one is taken out after each ``@``, so a joiner the user typed there stays.
    """
    return text.replace("@" + WORD_JOINER, "@")


def markdown_link_problems(source: str) -> list[str]:
    """Every link GitHub would make of ``source``: href and text, one line each."""
    converted = github_html(source)
    return [
        f"a link: {converted[match.start() : match.start() + 200]!r}"
        for match in re.finditer(r"<a\b", converted)
    ]


def check_dot(source: str) -> ET.Element:
    """Lay ``source`` out with the real ``dot`` and read the SVG it draws, strictly."""
    from journeymap.renderers.dot import export

    image = export(source, "svg", timeout=120).decode("utf-8")
    try:
        return ET.fromstring(image.encode("utf-8"))
    except ET.ParseError as exc:
        raise AssertionError(f"dot drew an SVG that is not well-formed XML: {exc}") from None


# What may close a bidi control left open by the text: appended by the renderer.
_CLOSERS = "\u202c\u2069"


def _shown(value: str, text: str) -> bool:
    """Whether ``text`` is ``value``, maybe isolated (U+2068…U+2069) or closed after."""
    if text == value or text == f"\u2068{value}\u2069":
        return True
    return text.startswith(value) and text[len(value) :].strip(_CLOSERS) == ""


def _contains(value: str, text: str) -> bool:
    return value in text or f"\u2068{value}\u2069" in text


def check_outputs(
    model: JourneyMap,
    shown: dict[str, tuple[str, str]] | None = None,
    formats: tuple[str, ...] | None = None,
) -> None:
    """Render ``model`` in every format and check each output.

    A renderer may refuse the map with :class:`JourneyMapError`; any other exception
    fails. SVG must pass :func:`check_svg`, DOT :func:`check_dot`, Markdown tables keep
    their shape, YAML and JSON read back to the same map, Mermaid reads back or is
    refused, and every output can be written as UTF-8.

    Args:
        model: An accepted map.
        shown: Texts that must appear on the SVG map: field kind -> (value, how), ``how``
            being ``"exact"`` (one text element holds it) or ``"within"``.
        formats: The renderers to use; all registered ones by default.
    """
    from journeymap import render, renderers
    from journeymap.io import loads

    from .hostile import quiet

    for name in formats or tuple(renderers.names()):
        try:
            with quiet():
                output = render(model, name)
        except JourneyMapError:
            continue  # a refusal is allowed; a crash is not
        output.encode("utf-8")  # every output can be written to a file
        if renderers.get(name).media_type == "image/svg+xml":
            texts = svg_texts(check_svg(output))
            leaking = [text[:80] for text in texts if open_bidi(text)]
            assert leaking == [], f"SVG texts leave bidi controls open: {leaking}"
            on_the_map = (shown or {}) if name == "svg" else {}  # the blueprint shows less
            for kind, (value, how) in on_the_map.items():
                if how == "exact":
                    assert any(_shown(value, text) for text in texts), (kind, value[:80])
                elif how == "within":
                    assert any(_contains(value, text) for text in texts), (kind, value[:80])
        elif name == "dot":
            drawn = svg_texts(check_dot(output))
            leaking = [text[:80] for text in drawn if open_bidi(text)]
            assert leaking == [], f"dot draws texts that leave bidi controls open: {leaking}"
        elif name == "markdown":
            assert markdown_table_problems(output) == []
            assert markdown_link_problems(output) == []
            assert _markdown_bidi_problems(output) == []
        elif name in ("yaml", "json"):
            assert loads(output, name) == model, name
        elif name == "mermaid":
            try:
                with quiet():
                    loads(output, "mermaid")
            except JourneyMapError:
                pass
