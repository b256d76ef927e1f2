r"""```` ```journeymap ```` fences for Python-Markdown, MkDocs, Zensical and SuperFences.

A fence holds a map in YAML, or one line ``file: maps/checkout.yaml`` (``.yml``,
``.json``, ``.mmd`` or ``.py``, relative to the docs folder), and takes the options of
:func:`journeymap.ext.embed.parse_options` on its first line, in quotes::

    ```journeymap view="flow" theme="dark" fit="width"
    file: maps/checkout.yaml
    ```

Two ways to turn it on, in ``mkdocs.yml`` (or ``markdown.Markdown(extensions=...)``):

* ``markdown_extensions: [journeymap]``: :class:`JourneymapExtension`, a preprocessor
  for fences at the start of a line (up to three spaces in). It leaves every other fence
  to the rest of the pipeline, pymdown-extensions' SuperFences included.
* SuperFences' custom fence (:func:`fence_format`, :func:`fence_validate`), for fences
  nested in admonitions, tabs, lists or quotes as well.

Folder of ``file:`` paths: the extension's ``base_dir`` option; otherwise, under MkDocs,
the site's ``docs_dir``; otherwise ``docs`` under the current working directory.

Errors never vanish. A broken map (or a wrong option) is, in a strict build (``mkdocs
build --strict``, or the extension's ``strict: true``), an error that stops the build
with the page, the fence's line and journeymap's message. Otherwise the page shows
:func:`~journeymap.ext.embed.error_box` in place of the map, and the build log gets a
WARNING with the same message. Under MkDocs, messages go to the
``mkdocs.plugins.journeymap`` logger (so that MkDocs prints and counts them); elsewhere to
``journeymap.ext.markdown``. After each page, one line says how many maps were drawn and
how many came from the cache (INFO when a map was drawn, DEBUG when all came from it).

Example:
    >>> import markdown, os, tempfile
    >>> os.environ["JOURNEYMAP_CACHE_DIR"] = tempfile.mkdtemp()
    >>> text = '''
    ... ```journeymap view="table"
    ... title: Checkout
    ... phases:
    ...   - {id: buy, name: Buy, touchpoints: [{id: pay, name: Pay, channel: web}]}
    ... ```
    ... '''
    >>> html = markdown.markdown(text, extensions=["journeymap"])
    >>> html.startswith('<figure class="journeymap journeymap-table">')
    True
    >>> del os.environ["JOURNEYMAP_CACHE_DIR"]
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown.extensions import Extension  # type: ignore[import-untyped,unused-ignore]
from markdown.postprocessors import Postprocessor  # type: ignore[import-untyped,unused-ignore]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped,unused-ignore]

from journeymap.errors import JourneyMapError
from journeymap.ext.embed import (
    CacheStats,
    EmbedWarning,
    cache_stats,
    describe_stats,
    embed,
    error_box,
    make_ids_unique,
)

__all__ = [
    "LANGUAGE",
    "JourneymapExtension",
    "fence_format",
    "fence_validate",
    "makeExtension",
]

#: The fence's language word.
LANGUAGE = "journeymap"

# A fence opener as CommonMark has it (up to 3 spaces in; no backtick in a backtick
# fence's info), and any opener in a page's text (for locating fences in it).
_OPENER = re.compile(r"(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)")
_ANY_OPENER = re.compile(r"[ \t>]*(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?journeymap(?![\w-])")
_OPTION = re.compile(
    r"""[ \t]*(?P<key>[A-Za-z][A-Za-z0-9_]*)"""
    r"""(?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+)))?"""
)
_QUOTE_MARKS = re.compile(r"^[ \t>]*")


# --- one page's state -----------------------------------------------------------------


@dataclass
class _Page:
    """What the fences of the page being converted share."""

    label: str
    lines: list[str] | None
    base_dir: Path
    strict: bool
    under_mkdocs: bool
    stats: CacheStats
    claimed: set[int] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    fences: int = 0

    def locate(self, source: str, hint: int | None) -> int | None:
        """The 1-based line of the fence whose content is ``source``, or ``hint``.

        Fences are looked for in the page's own text, so the line counts the front
        matter that MkDocs removes before converting.
        """
        if self.lines is None:
            return hint
        wanted = [_QUOTE_MARKS.sub("", line).strip() for line in source.splitlines()]
        for index, line in enumerate(self.lines):
            if index in self.claimed or _ANY_OPENER.match(line) is None:
                continue
            body = self.lines[index + 1 : index + 1 + len(wanted)]
            if [_QUOTE_MARKS.sub("", text).strip() for text in body] == wanted:
                self.claimed.add(index)
                return index + 1
        return hint


_pages: weakref.WeakKeyDictionary[Any, _Page] = weakref.WeakKeyDictionary()


def _extension(md: Any) -> JourneymapExtension | None:
    for extension in getattr(md, "registeredExtensions", ()):
        if isinstance(extension, JourneymapExtension):
            return extension
    return None


def _page(md: Any) -> _Page:
    """The state of the page ``md`` is converting, made on its first fence."""
    found = _pages.get(md)
    if found is not None:
        return found
    extension = _extension(md)
    settings: Mapping[str, Any] = extension.getConfigs() if extension is not None else {}
    page_file, mkdocs_config = _mkdocs_page(md)
    label, lines = "<markdown>", None
    if page_file is not None:
        label = _display_path(page_file)
        try:
            lines = page_file.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = None
    if settings.get("base_dir"):
        base_dir = Path(str(settings["base_dir"])).absolute()
    elif mkdocs_config is not None and mkdocs_config.get("docs_dir"):
        base_dir = Path(str(mkdocs_config["docs_dir"]))
    else:
        base_dir = Path.cwd() / "docs"
    strict = settings.get("strict")
    if strict is None:
        strict = bool(mkdocs_config.get("strict")) if mkdocs_config is not None else False
    page = _Page(
        label=label,
        lines=lines,
        base_dir=base_dir,
        strict=bool(strict),
        under_mkdocs=mkdocs_config is not None,
        stats=cache_stats(),
    )
    _pages[md] = page
    if "journeymap_page_end" not in md.postprocessors:
        md.postprocessors.register(_PageEnd(md), "journeymap_page_end", 0)
    return page


def _mkdocs_page(md: Any) -> tuple[Path | None, Mapping[str, Any] | None]:
    """The page file and site configuration MkDocs is converting, if it is.

    MkDocs gives extensions neither; its link-fixing tree processor (``relpath``),
    registered on each page's converter, holds both.
    """
    try:
        relpath = md.treeprocessors["relpath"]
    except (KeyError, AttributeError):
        return None, None
    config = getattr(relpath, "config", None)
    if not isinstance(config, Mapping):
        return None, None
    source = getattr(getattr(relpath, "file", None), "abs_src_path", None)
    return (Path(source) if source else None), config


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _logger(page: _Page) -> logging.Logger:
    if page.under_mkdocs or "mkdocs" in sys.modules:
        return logging.getLogger("mkdocs.plugins.journeymap")
    return logging.getLogger("journeymap.ext.markdown")


class _PageEnd(Postprocessor):  # type: ignore[misc,unused-ignore]
    """Says what a page's fences cost, and forgets the page."""

    def run(self, text: str) -> str:
        page = _pages.pop(self.md, None)
        if page is not None and page.fences:
            summary = describe_stats(page.stats)
            drew = cache_stats().rendered > page.stats.rendered
            _logger(page).log(
                logging.INFO if drew else logging.DEBUG,
                "journeymap: %s: %s",
                page.label,
                summary,
            )
        return text


# --- the shared conversion ------------------------------------------------------------


def _strict_error(message: str) -> Exception:
    """An exception SuperFences lets through and, under MkDocs, a clean build error."""
    bases: list[type[Exception]] = []
    try:
        from pymdownx.superfences import (  # type: ignore[import-untyped,unused-ignore]
            SuperFencesException,
        )

        bases.append(SuperFencesException)
    except ImportError:  # pragma: no cover - the mkdocs extra brings it
        pass
    if "mkdocs" in sys.modules:
        from mkdocs.exceptions import BuildError  # type: ignore[import-untyped,unused-ignore]

        bases.append(BuildError)
    kind = type("JourneymapFenceError", tuple(bases) or (RuntimeError,), {})
    error: Exception = kind(message)
    return error


def _message(where: str, problem: str) -> str:
    """The log line of a broken fence: where it is, unless the problem says so already."""
    if problem.startswith(f"{where}: "):
        return f"journeymap fence at {problem}"
    return f"journeymap fence at {where}: {problem}"


def _convert(md: Any, source: str, options: Mapping[str, str], hint: int | None) -> str:
    """The HTML of one fence, or its error box; raises in a strict build."""
    page = _page(md)
    page.fences += 1
    line = page.locate(source, hint)
    where = page.label if line is None else f"{page.label}:{line}"
    try:
        with warnings.catch_warnings(record=True) as noted:
            warnings.simplefilter("always", EmbedWarning)
            html, _ = embed(source, options, base_dir=page.base_dir, where=where)
    except Exception as exc:  # a .py map may raise anything: it must not vanish
        detail = str(exc) if isinstance(exc, JourneyMapError) else f"{type(exc).__name__}: {exc}"
        message = _message(where, detail)
        if page.strict:
            raise _strict_error(message) from exc
        _logger(page).warning(message)
        return error_box(detail, where=where)
    for record in noted:
        if not issubclass(record.category, EmbedWarning):  # not about the map: pass it on
            warnings.warn_explicit(record.message, record.category, record.filename, record.lineno)
            continue
        message = f"journeymap fence at {record.message}"
        if page.strict:
            raise _strict_error(f"{message} (a warning, an error in a strict build)")
        _logger(page).warning(message)
    return make_ids_unique(html, page.prefixes)


# --- SuperFences ----------------------------------------------------------------------


def fence_validate(
    language: str,
    inputs: Mapping[str, str],
    options: dict[str, str],
    attrs: dict[str, str],
    md: Any,
) -> bool:
    """SuperFences validator: take every fence-line option, to be checked when drawn.

    Nothing is refused here: a fence SuperFences refuses becomes a code block, and a
    wrong option would vanish. :func:`fence_format` checks them and says what is wrong.

    Example:
        >>> options: dict[str, str] = {}
        >>> fence_validate("journeymap", {"view": "flow"}, options, {}, None), options
        (True, {'view': 'flow'})
    """
    options.update(inputs)
    return True


def fence_format(
    source: str,
    language: str,
    css_class: str,
    options: Mapping[str, str],
    md: Any,
    **kwargs: Any,
) -> str:
    """SuperFences formatter: the fence's map as HTML (see :mod:`journeymap.ext.embed`).

    Raises:
        SuperFencesException: In a strict build, for a broken map or a wrong option,
            with the page, the fence's line and the message; under MkDocs it is also a
            ``BuildError``, so the build stops with that message.

    Example:
        >>> import markdown, os, tempfile
        >>> os.environ["JOURNEYMAP_CACHE_DIR"] = ""
        >>> md = markdown.Markdown()
        >>> html = fence_format("title: T\\nphases: []", "journeymap", "journeymap",
        ...                     {"view": "nope"}, md)
        >>> 'class="journeymap-error"' in html and "&#x27;nope&#x27; is not a view" in html
        True
        >>> del os.environ["JOURNEYMAP_CACHE_DIR"]
    """
    return _convert(md, source, options, None)


# --- the Python-Markdown extension ----------------------------------------------------


class _FencePreprocessor(Preprocessor):  # type: ignore[misc,unused-ignore]
    """Replaces each top-level ```` ```journeymap ```` fence by its HTML."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            opener = _OPENER.fullmatch(lines[index])
            if opener is None or (opener["fence"][0] == "`" and "`" in opener["info"]):
                out.append(lines[index])
                index += 1
                continue
            fence = opener["fence"]
            closer = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
            end = next(
                (j for j in range(index + 1, len(lines)) if closer.fullmatch(lines[j])),
                None,
            )
            info = opener["info"].strip()
            language, _, rest = info.partition(" ")
            if language != LANGUAGE:
                stop = len(lines) if end is None else end + 1
                out.extend(lines[index:stop])
                index = stop
                continue
            indent = len(opener["indent"])
            body = "\n".join(
                line[min(indent, len(line) - len(line.lstrip(" "))) :]
                for line in lines[index + 1 : len(lines) if end is None else end]
            )
            html = self._fence(body, rest, index + 1, closed=end is not None)
            out.extend(["", self.md.htmlStash.store(html), ""])
            index = len(lines) if end is None else end + 1
        return out

    def _fence(self, body: str, rest: str, line: int, *, closed: bool) -> str:
        options: dict[str, str] = {}
        position = 0
        problem = None
        while position < len(rest):
            match = _OPTION.match(rest, position)
            if match is None or match.end() == position:
                problem = f"cannot read the fence line from {rest[position:].strip()!r}"
                break
            value = match["dq"] if match["dq"] is not None else match["sq"]
            if match["bare"] is not None:
                problem = (
                    f"option {match['key']!r}: put its value in quotes, "
                    f'{match["key"]}="{match["bare"]}" (SuperFences needs them too)'
                )
                break
            options[match["key"]] = "" if value is None else value
            position = match.end()
            if position < len(rest) and not rest[position].isspace():
                problem = f"cannot read the fence line from {rest[position:].strip()!r}"
                break
        if not closed:
            problem = "this fence is never closed; end it with a line of ``` "
        if problem is not None:
            return self._refuse(body, problem, line)
        return _convert(self.md, body, options, line)

    def _refuse(self, body: str, problem: str, line: int) -> str:
        page = _page(self.md)
        page.fences += 1
        found = page.locate(body, line)
        where = page.label if found is None else f"{page.label}:{found}"
        message = _message(where, problem)
        if page.strict:
            raise _strict_error(message)
        _logger(page).warning(message)
        return error_box(problem, where=where)


class JourneymapExtension(Extension):  # type: ignore[misc,unused-ignore]
    """Python-Markdown extension: ```` ```journeymap ```` fences drawn as maps.

    Options (``mkdocs.yml``: ``- journeymap: {base_dir: docs, strict: true}``):

    * ``base_dir``: the folder ``file:`` paths are relative to; by default MkDocs'
      ``docs_dir``, or ``docs`` under the current working directory.
    * ``strict``: ``true`` makes a broken map an error that stops the conversion,
      ``false`` an error box and a warning; by default, MkDocs' ``strict``.

    Example:
        >>> import markdown
        >>> html = markdown.markdown("```python\\nprint(1)\\n```", extensions=["journeymap"])
        >>> "journeymap" in html
        False
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "base_dir": ["", "Folder of file: paths (default: MkDocs' docs_dir, or ./docs)."],
            "strict": [None, "Stop at a broken map (default: MkDocs' strict setting)."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Any) -> None:
        """Register the fence preprocessor and the end-of-page report on ``md``."""
        md.registerExtension(self)
        self._md = md
        # After whitespace is normalised (30), before fenced code and HTML blocks (25, 20).
        md.preprocessors.register(_FencePreprocessor(md), "journeymap", 29)
        md.postprocessors.register(_PageEnd(md), "journeymap_page_end", 0)

    def reset(self) -> None:
        """Forget the page being converted, if any (``Markdown.reset``)."""
        md = getattr(self, "_md", None)
        if md is not None:
            _pages.pop(md, None)


def makeExtension(**kwargs: Any) -> JourneymapExtension:
    """Python-Markdown's hook: ``markdown.markdown(text, extensions=["journeymap"])``.

    Example:
        >>> isinstance(makeExtension(base_dir="docs"), JourneymapExtension)
        True
    """
    return JourneymapExtension(**kwargs)
