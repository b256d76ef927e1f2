"""Put a journey map in a documentation page: options, loading, HTML and a render cache.

Every docs integration (Markdown fences, the Sphinx directive) goes through this module,
so a map looks and behaves the same in all of them:

* :func:`parse_options` checks a fence's or directive's options (``view``, ``lanes``,
  ``theme``, ``locale``, ``fit``) and names the nearest allowed value of a wrong one.
* :func:`load_map` reads the map written in the page (YAML) or the file it names
  (``file: maps/checkout.yaml``; also ``.yml``, ``.json``, ``.mmd`` and ``.py``).
* :func:`render_embed` draws it as HTML for the page: the SVG map or flow inline (so the
  page's CSS and dark mode reach it), or the Markdown tables as HTML tables. The map
  keeps its natural size (one SVG unit per CSS pixel) in a figure that scrolls sideways
  when the map is wider than the column; ``fit="width"`` scales it to the column.
* :func:`error_box` is what a page shows in place of a broken map.

Renders are cached on disk (see :func:`cache_dir`), keyed by the SHA-256 of the map's
source, journeymap's version (and its own files' contents, so an edited checkout never
serves an old drawing) and the options: a rebuild of an unchanged site draws nothing.
:func:`cache_stats` counts renders and cache hits, and the ``journeymap.ext`` logger
reports each one at DEBUG level.

Example:
    >>> import os, tempfile
    >>> os.environ["JOURNEYMAP_CACHE_DIR"] = tempfile.mkdtemp()
    >>> source = '''
    ... title: Checkout
    ... phases:
    ...   - {id: buy, name: Buy, touchpoints: [{id: pay, name: Pay, channel: web}]}
    ... '''
    >>> html, read = embed(source, {"view": "map"}, base_dir=Path("."), where="page.md:3")
    >>> html.startswith('<figure class="journeymap journeymap-map') and "<svg" in html
    True
    >>> before = cache_stats()
    >>> html == embed(source, {"view": "map"}, base_dir=Path("."), where="page.md:3")[0]
    True
    >>> cache_stats().cached - before.cached, cache_stats().rendered - before.rendered
    (1, 0)
    >>> parse_options({"view": "flw"}, where="page.md:3")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: page.md:3: option 'view': 'flw' is not a view; \
did you mean 'flow'? allowed: map, flow, table
    >>> del os.environ["JOURNEYMAP_CACHE_DIR"]
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from journeymap import __version__
from journeymap.errors import JourneyMapError, Problem

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

__all__ = [
    "CACHE_ENV",
    "DEFAULT_CACHE_DIR",
    "FITS",
    "MAP_SUFFIXES",
    "OPTION_NAMES",
    "VIEWS",
    "CacheStats",
    "EmbedOptions",
    "EmbedWarning",
    "cache_dir",
    "cache_stats",
    "describe_stats",
    "embed",
    "error_box",
    "load_map",
    "make_ids_unique",
    "parse_options",
    "render_embed",
]

#: What a map is drawn as: the swimlane ``map`` (SVG), the Graphviz ``flow`` (SVG,
#: through ``dot``) or the Markdown ``table`` (as HTML).
VIEWS = ("map", "flow", "table")
#: ``natural``: one SVG unit per CSS pixel, scrolling sideways in a narrow column;
#: ``width``: scaled to the column's width.
FITS = ("natural", "width")
#: Every option a fence or directive takes.
OPTION_NAMES = ("view", "lanes", "theme", "locale", "fit")
# What an option not given is.
_DEFAULTS: dict[str, str | None] = {
    "view": "map",
    "lanes": None,
    "theme": "auto",
    "locale": None,
    "fit": "natural",
}
#: The files ``file:`` may name. A ``.py`` file is run as trusted code.
MAP_SUFFIXES = (".yaml", ".yml", ".json", ".mmd", ".py")
#: The environment variable naming the cache folder; empty turns the cache off.
CACHE_ENV = "JOURNEYMAP_CACHE_DIR"
#: The cache folder, under the current working directory, when :data:`CACHE_ENV` is unset.
DEFAULT_CACHE_DIR = Path(".cache") / "journeymap"

# Bumped when the HTML made for the same map and options changes within one version.
_CACHE_FORMAT = 2
_FILE_REFERENCE = re.compile(r"file:[ \t]*(?P<path>[^\n]*)")  # on stripped text: linear
_WHERE_LINE = re.compile(r"(?P<source>.+):(?P<line>[0-9]+)")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_ATTRIBUTE = re.compile(r'\s([A-Za-z_:][-\w:.]*)="([^"]*)"')
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_PREFIX = re.compile(r'\sid="jm(?:-|&#45;)(?P<hex>[0-9a-f]{8})(?![0-9a-f])')

log = logging.getLogger("journeymap.ext")


class EmbedWarning(UserWarning):
    """A located note on a map drawn in a page (a Mermaid import quirk, a ``.py`` map's own).

    The Markdown extension and the Sphinx directive log it at the page's line and make
    it an error in a strict build.
    """


@dataclass(frozen=True)
class EmbedOptions:
    """How one map is embedded; see :func:`parse_options` for the checked values.

    Attributes:
        view: ``map``, ``flow`` or ``table`` (:data:`VIEWS`).
        lanes: The lanes of a ``map`` or ``table``, as the renderers take them (a preset
            such as ``compact`` or lane keys separated by commas); ``None`` for all.
        theme: A built-in theme's name; ``auto`` follows the reader's light or dark
            setting.
        locale: The language of the library's words; ``None`` for the map's own.
        fit: ``natural`` or ``width`` (:data:`FITS`).

    Every field is checked when the options are made, by the same rule as a fence's
    options (:func:`parse_options`).

    Raises:
        JourneyMapError: For a value that is not allowed, one problem per field, with
            the nearest allowed value and the list of allowed ones.

    Example:
        >>> EmbedOptions(view="flow").theme
        'auto'
        >>> EmbedOptions(view="flw")
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: EmbedOptions: option 'view': 'flw' is not a \
view; did you mean 'flow'? allowed: map, flow, table
    """

    view: str = "map"
    lanes: str | None = None
    theme: str = "auto"
    locale: str | None = None
    fit: str = "natural"

    def __post_init__(self) -> None:
        problems = _option_problems(asdict(self), "EmbedOptions", None)
        if problems:
            raise JourneyMapError(problems)


@dataclass(frozen=True)
class CacheStats:
    """How many maps were drawn and how many came from the cache, in this process.

    Example:
        >>> CacheStats(rendered=1, cached=2).total
        3
    """

    rendered: int = 0
    cached: int = 0

    @property
    def total(self) -> int:
        """Every map embedded: drawn or read from the cache."""
        return self.rendered + self.cached


_stats = CacheStats()


def cache_stats() -> CacheStats:
    """The counts of maps drawn and read from the cache so far, in this process.

    Compare two readings to count what happened in between (a page, a build).

    Example:
        >>> isinstance(cache_stats().rendered, int)
        True
    """
    return _stats


def describe_stats(since: CacheStats, until: CacheStats | None = None) -> str:
    """``rendered 2 maps, 1 from cache``: what happened between two :func:`cache_stats`.

    Example:
        >>> describe_stats(CacheStats(1, 1), CacheStats(2, 3))
        'rendered 1 map, 2 from cache'
    """
    end = until if until is not None else cache_stats()
    rendered = end.rendered - since.rendered
    cached = end.cached - since.cached
    return f"rendered {rendered} map{'' if rendered == 1 else 's'}, {cached} from cache"


def cache_dir() -> Path | None:
    """The folder renders are cached in, or ``None`` when caching is off.

    ``JOURNEYMAP_CACHE_DIR`` names it (relative to the current working directory, or
    absolute); set but empty, it turns the cache off. Unset, it is
    ``.cache/journeymap`` under the current working directory. Entries are never
    removed: delete the folder to reclaim its space.

    Example:
        >>> import os
        >>> os.environ["JOURNEYMAP_CACHE_DIR"] = ""
        >>> cache_dir() is None
        True
        >>> del os.environ["JOURNEYMAP_CACHE_DIR"]
        >>> cache_dir() == Path.cwd() / ".cache" / "journeymap"
        True
    """
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return Path.cwd() / DEFAULT_CACHE_DIR
    if not value.strip():
        return None
    return Path(value).absolute()


# --- options --------------------------------------------------------------------------


def parse_options(options: Mapping[str, str], *, where: str) -> EmbedOptions:
    """Check a fence's or directive's options and return them as :class:`EmbedOptions`.

    Args:
        options: Option names and their values as written (text).
        where: The place of the fence or directive, for messages: ``page.md:12`` (file
            and line) or any label.

    Returns:
        The options; those not given keep their defaults (``view="map"``,
        ``theme="auto"``, ``fit="natural"``).

    Raises:
        JourneyMapError: For an unknown option or a value that is not allowed, one
            problem each, located at ``where`` and the option, with the nearest allowed
            name and the list of allowed ones.

    Example:
        >>> parse_options({"view": "table", "lanes": "compact"}, where="p.md:1").lanes
        'compact'
        >>> parse_options({"them": "dark"}, where="p.md:1")
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: p.md:1: option 'them': unknown option; did you \
mean 'theme'? allowed: view, lanes, theme, locale, fit
    """
    from journeymap.renderers.options import suggest

    source, line = _split_where(where)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw in options.items():
        if name not in OPTION_NAMES:
            problems.append(
                _option_problem(
                    name,
                    f"unknown option; {suggest(name, OPTION_NAMES)}"
                    f"allowed: {', '.join(OPTION_NAMES)}",
                    source,
                    line,
                )
            )
            continue
        value = "" if raw is None else str(raw).strip()
        if not value:
            problems.append(
                _option_problem(
                    name, "has no value; give one, or leave the option out", source, line
                )
            )
            continue
        values[name] = value
    problems += _option_problems(values, source, line)
    if problems:
        raise JourneyMapError(problems)
    return EmbedOptions(**values)


def _option_problem(name: str, message: str, source: str | None, line: int | None) -> Problem:
    return Problem(f"option {_quoted(name)}", message, (name,), source, line)


def _option_problems(
    values: Mapping[str, Any], source: str | None, line: int | None
) -> list[Problem]:
    """The one rule for embedding options, of a fence, a directive or :class:`EmbedOptions`.

    ``values`` holds the options given (the others keep their defaults). Each wrong one
    is a problem located at ``source`` and ``line`` and the option: a view, fit or theme
    not in its list (with the nearest allowed name), a language or lanes the renderers
    refuse, lanes for the flow, or a value that is not text.
    """
    from journeymap.renderers.options import lanes_option, locale_option, suggest
    from journeymap.themes import THEMES

    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(_option_problem(name, message, source, line))

    def choice(name: str, allowed: tuple[str, ...], what: str) -> None:
        value = values.get(name, _DEFAULTS[name])
        if not isinstance(value, str):
            problem(name, f"expected text, one of: {', '.join(allowed)}; got {_shown(value)}")
        elif value not in allowed:
            problem(
                name,
                f"{value!r} is not {what}; {suggest(value, allowed)}allowed: {', '.join(allowed)}",
            )

    choice("view", VIEWS, "a view")
    choice("fit", FITS, "a fit")
    choice("theme", tuple(THEMES), "a theme")
    for name, check, example in (
        ("locale", locale_option, "a language such as 'en'"),
        ("lanes", lanes_option, "lanes such as 'compact' or 'touchpoints,emotion'"),
    ):
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problem(name, f"expected text, {example}, or None; got {_shown(value)}")
            continue
        try:
            check("svg", value)
        except JourneyMapError as exc:
            for found in exc.problems:
                problem(name, found.message)
    if values.get("lanes") is not None and values.get("view") == "flow":
        problem("lanes", "the flow has no lanes; allowed with view 'map' or 'table' only")
    return problems


def _quoted(text: str) -> str:
    """``text`` quoted for a message, its middle cut out past 200 characters.

    Both ends stay: a path's first folders and its file name.
    """
    return repr(text if len(text) <= 200 else f"{text[:100]}…{text[-99:]}")


def _shown(value: object) -> str:
    """``5 (int)``: a wrong value and its type, for messages; long ones cut short."""
    text = repr(value)
    if len(text) > 60:
        text = text[:59] + "…"
    return f"{text} ({type(value).__name__})"


def _split_where(where: str) -> tuple[str, int | None]:
    """``("page.md", 12)`` for ``page.md:12``; ``(where, None)`` for a plain label."""
    match = _WHERE_LINE.fullmatch(where)
    if match is None:
        return where, None
    return match["source"], int(match["line"])


# --- loading --------------------------------------------------------------------------


def _file_reference(source: str) -> str | None:
    """The path of a ``file: path`` source, or ``None`` for a map written inline."""
    match = _FILE_REFERENCE.fullmatch(source.strip())
    if match is None:
        return None
    path = match["path"]
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1]
    return path


def _inline_format(source: str) -> Literal["yaml", "json"]:
    """JSON for a map written inline as one JSON object, else YAML.

    JSON is almost YAML, but not its escapes of emoji (``"\\ud83d\\ude00"``, as
    ``json.dumps`` writes them), which YAML refuses. A YAML flow mapping (``{title: T}``)
    is no JSON and stays YAML.
    """
    if not source.lstrip().startswith("{"):
        return "yaml"
    try:
        json.loads(source)
    except ValueError:
        return "yaml"
    return "json"


def _resolve(reference: str, base_dir: Path, where: str) -> Path:
    """The file a ``file:`` reference names, checked: suffix, relative, present."""
    source, line = _split_where(where)

    def refuse(message: str) -> JourneyMapError:
        return JourneyMapError([Problem("file", message, ("file",), source, line)])

    if not reference:
        raise refuse("names no file; write e.g. 'file: maps/checkout.yaml'")
    path = Path(reference)
    if path.suffix.lower() not in MAP_SUFFIXES:
        raise refuse(
            f"cannot tell the format of {_quoted(reference)} from its suffix; allowed: "
            f"{', '.join(MAP_SUFFIXES)}"
        )
    if path.is_absolute() or path.anchor:
        raise refuse(f"{_quoted(reference)} is absolute; allowed: a path relative to {base_dir}")
    resolved = base_dir / path
    try:
        found = resolved.is_file()
    except OSError as exc:  # a name too long for the system, say
        raise refuse(f"{_quoted(reference)}: cannot be read: {exc.strerror or exc}") from None
    if not found:
        raise refuse(f"{_quoted(reference)}: no such file in {base_dir}")
    return resolved


def load_map(source: str, *, base_dir: Path, where: str) -> tuple[JourneyMap, Path | None]:
    """Read the map of a fence or directive: YAML written inline, or ``file: path``.

    Args:
        source: The fence's or directive's content: a map in YAML, or one line
            ``file: relative/path.yaml`` (``.yml``, ``.json``, ``.mmd`` or ``.py``;
            quotes around the path are allowed).
        base_dir: The folder ``file:`` paths are relative to (a site's docs folder).
        where: The place of the content for messages. ``page.md:12`` means the map's
            first line is line 13 of ``page.md`` (12 is the fence's or directive's line,
            the one just before the content), and problems inside inline YAML are
            located on the page's lines; any other text is used as the source's name.

    Returns:
        The map, and the file read (for rebuild tracking) or ``None`` for inline YAML.

    Raises:
        JourneyMapError: If the reference is wrong (absolute, unknown suffix, missing
            file), the file cannot be read, or the map is invalid; with file and line
            when known, else ``where``.

    Example:
        >>> m, read = load_map("title: T\\nphases: []", base_dir=Path("."), where="p.md:4")
        >>> m.title, read
        ('T', None)
        >>> load_map("title: T\\nphases: 3", base_dir=Path("."), where="p.md:4")
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: p.md:6:9: phases: expected a list; got 3 (int)
    """
    from journeymap.io import loads

    reference = _file_reference(source)
    if reference is None:
        label, offset = _split_where(where)
        try:
            model = loads(source, _inline_format(source), source=label)
            return _with_surveys(model, base_dir), None
        except JourneyMapError as exc:
            if offset is None:
                raise
            raise JourneyMapError(
                replace(p, line=p.line + offset) if p.source == label and p.line is not None else p
                for p in exc.problems
            ) from None
    from journeymap.cli import load_any

    path = _resolve(reference, base_dir, where)
    try:
        return _with_surveys(load_any(path), path.parent), path
    except OSError as exc:
        label, line = _split_where(where)
        message = f"cannot read {_quoted(reference)}: {exc.strerror or exc}"
        raise JourneyMapError([Problem("file", message, ("file",), label, line)]) from None


def _with_surveys(model: JourneyMap, base_dir: Path) -> JourneyMap:
    """The map with the survey answers it names applied, as ``journeymap render`` does."""
    if not model.surveys:
        return model
    from journeymap.analysis.surveys import with_surveys

    return with_surveys(model, base_dir)


def _survey_digests(model_surveys: tuple[str, ...], base_dir: Path) -> list[str]:
    """The digests of the survey files a map names, for the cache key (missing: empty)."""
    digests = []
    for name in model_surveys:
        file = base_dir / name
        digests.append(_digest(file.read_bytes()) if file.is_file() else "")
    return digests


# --- rendering ------------------------------------------------------------------------


def render_embed(model: JourneyMap, options: EmbedOptions) -> str:
    """The HTML that puts ``model`` in a page, as ``options`` ask; cached.

    A ``<figure class="journeymap journeymap-VIEW">`` holds the SVG map or flow inline,
    or the Markdown tables as HTML tables (their headings one level down, ``h1`` to
    ``h2``, under the page's own title). At the natural fit the SVG is drawn one unit
    per CSS pixel (whatever a theme says of ``svg`` in its CSS) in a container that
    scrolls sideways; at ``fit="width"`` it is scaled to the column's width.

    Args:
        model: The map.
        options: What to draw and how (see :class:`EmbedOptions`).

    Returns:
        HTML, the same for the same map, options and journeymap version.

    Raises:
        JourneyMapError: If the renderer refuses the options or (for the flow) Graphviz
            fails.

    Example:
        >>> from journeymap import Journey
        >>> m = Journey("Tiny").phase("P").touchpoint("T").build()
        >>> html = render_embed(m, EmbedOptions(view="table"))
        >>> "<table>" in html and html.endswith("</figure>")
        True
    """
    key = _key(options, {"map": _digest(_canonical(model.model_dump(mode="json")))})
    return _cached(key, lambda: _render_html(model, options))


def _render_html(model: JourneyMap, options: EmbedOptions) -> str:
    from journeymap.renderers import render, render_image

    wanted: dict[str, Any] = {"locale": options.locale}
    if options.lanes is not None and options.view != "flow":
        wanted["lanes"] = options.lanes
    if options.view != "table":
        wanted["theme"] = options.theme
    given = {name: value for name, value in wanted.items() if value is not None}
    if options.view == "table":
        # A table per phase: the wide journey table runs off a docs page's column.
        body = _tables_html(render(model, "markdown", table="phases", **given))
        scroll = '<div class="journeymap-scroll" style="overflow-x:auto">'
        return f'<figure class="{_classes("table")}">{scroll}{body}</div></figure>'
    if options.view == "map":
        svg = render(model, "svg", **given)
    else:
        svg = render_image(model, "dot", "svg", **given).decode("utf-8")
    fit = options.fit
    scroll = (
        '<div class="journeymap-scroll" style="overflow-x:auto;max-width:100%" tabindex="0">'
        if fit == "natural"
        else '<div class="journeymap-scroll">'
    )
    return (
        f'<figure class="{_classes(options.view, f"fit-{fit}")}"'
        f' style="margin:1em 0">{scroll}{_inline_svg(svg, fit)}</div></figure>'
    )


def _classes(*names: str) -> str:
    """The figure's class attribute value, HTML-escaped: ``journeymap journeymap-map …``.

    The options are checked when made; escaping keeps any value inside the attribute.
    """
    return html.escape(" ".join(["journeymap", *(f"journeymap-{name}" for name in names)]))


def _tables_html(text: str) -> str:
    """The Markdown tables as HTML: the reader sees exactly the map's text, and no link.

    Python-Markdown drops a backslash only before its own short list of characters; it
    is told of every one the Markdown renderer escapes (``\\@``, ``https\\://``…), so
    none shows. The :data:`~journeymap.escape.WORD_JOINER` written after each ``@``
    keeps GitHub from linking e-mail addresses; Python-Markdown links no bare address,
    so the one after each ``@`` is taken out again (a joiner the user typed stays).
    """
    import markdown  # type: ignore[import-untyped,unused-ignore]

    from journeymap.escape import MARKDOWN_BACKSLASHED, WORD_JOINER

    converter = markdown.Markdown(extensions=["tables"], output_format="html")
    known = set(converter.ESCAPED_CHARS)
    converter.ESCAPED_CHARS.extend(sorted(MARKDOWN_BACKSLASHED - known))
    converted: str = converter.convert(text).replace("@" + WORD_JOINER, "@")
    # The page has its own title: the map's headings go one level down (h1 to h2...).
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", converted)


def _inline_svg(svg: str, fit: str) -> str:
    """The SVG document as an element for HTML: no prolog, sized by ``fit``."""
    root = _SVG_ROOT.search(svg)
    if root is None:  # pragma: no cover - the renderers always write one
        raise JourneyMapError("the renderer wrote no <svg> element")
    tag = root.group(0)
    attributes = dict(_ATTRIBUTE.findall(tag))
    box = re.split(r"[\s,]+", attributes.get("viewBox", "").strip())
    style: list[str] = []
    drop = {"style"}
    if fit == "width":
        style = ["width:100%", "height:auto", "max-width:100%"]
    elif len(box) == 4 and all(_NUMBER.fullmatch(part) for part in box[2:]):
        width, height = box[2], box[3]
        style = [f"width:{width}px", f"height:{height}px", "max-width:none"]
        drop |= {"width", "height"}
        attributes["width"], attributes["height"] = width, height
    else:
        style = ["max-width:none"]
    existing = attributes.get("style", "").strip().rstrip(";")
    merged = ";".join([existing, *style] if existing else style)
    kept = "".join(
        f' {name}="{value}"' for name, value in _ATTRIBUTE.findall(tag) if name not in drop
    )
    sizes = "".join(f' {name}="{attributes[name]}"' for name in ("width", "height") if name in drop)
    new_tag = f'<svg{kept}{sizes} style="{merged}">'
    return new_tag + svg[root.end() :].rstrip()


def make_ids_unique(fragment: str, used: set[str]) -> str:
    """Rename the ids of a map already on the page, so that each id stays unique.

    A map's ids share one prefix (``jm-`` and 8 hex digits) that depends on the map and
    the options, so the same map drawn twice the same way on one page would repeat its
    ids. The second copy's prefix becomes ``jm-…_2`` (every id, reference and CSS
    selector follows), the third ``jm-…_3``. ``used`` collects the prefixes of a page.

    Args:
        fragment: The HTML of one map (from :func:`render_embed`).
        used: The prefixes already on the page; the fragment's final one is added.

    Returns:
        ``fragment``, renamed if its prefix was in ``used``.

    Example:
        >>> used: set[str] = set()
        >>> make_ids_unique('<svg id="jm-0123abcd"></svg>', used)
        '<svg id="jm-0123abcd"></svg>'
        >>> make_ids_unique('<svg id="jm-0123abcd"></svg>', used)
        '<svg id="jm-0123abcd_2"></svg>'
    """
    found = _PREFIX.search(fragment)
    if found is None:
        return fragment
    prefix = found["hex"]
    if f"jm-{prefix}" not in used:
        used.add(f"jm-{prefix}")
        return fragment
    count = 2
    while f"jm-{prefix}_{count}" in used:
        count += 1
    used.add(f"jm-{prefix}_{count}")
    return re.sub(
        rf"(?<![\w-])jm(-|&#45;){prefix}(?![0-9a-f])", rf"jm\g<1>{prefix}_{count}", fragment
    )


# --- errors ---------------------------------------------------------------------------


def error_box(message: str, *, where: str) -> str:
    """A visible box, in place of a map, that says why the map could not be drawn.

    Example:
        >>> print(error_box("title: this required field is missing", where="p.md:3"))
        <div class="journeymap-error" role="alert" ...><strong>journeymap: cannot draw \
the map at p.md:3</strong>...title: this required field is missing</pre></div>
    """
    style = (
        "border:2px solid #d1242f;border-radius:4px;padding:0.5em 1em;margin:1em 0;"
        "background:#fff5f5;color:#1f2328"
    )
    return (
        f'<div class="journeymap-error" role="alert" style="{style}"><p><strong>'
        f"journeymap: cannot draw the map at {html.escape(where)}</strong></p>"
        f'<pre style="white-space:pre-wrap;margin:0">{html.escape(message)}</pre></div>'
    )


# --- the whole way --------------------------------------------------------------------


def embed(
    source: str, options: Mapping[str, str], *, base_dir: Path, where: str
) -> tuple[str, Path | None]:
    """Check the options, read the map and return its HTML, all in one call.

    This is :func:`parse_options`, :func:`load_map` and :func:`render_embed` together.

    A map written inline or in a data file (YAML, JSON, Mermaid) is looked up in the
    cache by its source text before it is even read; a ``.py`` map is always run (it
    may read other files) and its drawing looked up by the map it builds.

    Args:
        source: The fence's or directive's content (see :func:`load_map`).
        options: The options as written (see :func:`parse_options`).
        base_dir: The folder ``file:`` paths are relative to.
        where: The place of the content for messages (see :func:`load_map`).

    Returns:
        The HTML, and the map file read (for rebuild tracking) or ``None``.

    Raises:
        JourneyMapError: For a wrong option, reference or map, located.

    Example:
        >>> html, read = embed("file: nowhere.yaml", {}, base_dir=Path("."), where="p.md:7")
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: p.md:7: file: 'nowhere.yaml': no such file in .
    """
    with _noted(where) as noted:
        html_text, read = _embed(source, options, base_dir=base_dir, where=where, noted=noted)
    for note in noted.messages:
        warnings.warn(note, EmbedWarning, stacklevel=2)
    return html_text, read


def _embed(
    source: str, options: Mapping[str, str], *, base_dir: Path, where: str, noted: _Notes
) -> tuple[str, Path | None]:
    checked = parse_options(options, where=where)
    reference = _file_reference(source)
    if reference is None:
        parts: dict[str, Any] = {"inline": _digest(source.encode("utf-8", "surrogatepass"))}
        if "surveys" in source:  # the answers it names are part of what is drawn
            from journeymap.io import loads

            label = _split_where(where)[0]
            named = loads(source, _inline_format(source), source=label).surveys
            parts["surveys"] = _survey_digests(named, base_dir)
        key = _key(checked, parts)
        read: Path | None = None
    else:
        read = _resolve(reference, base_dir, where)
        if read.suffix.lower() == ".py":
            model, _ = load_map(source, base_dir=base_dir, where=where)
            return render_embed(model, checked), read
        from journeymap.limits import MAX_INPUT_BYTES, check_input_size

        check_input_size(read.stat().st_size, str(read), what="file")
        data = read.read_bytes()[: MAX_INPUT_BYTES + 1]
        parts = {"file": _digest(data), "suffix": read.suffix.lower()}
        if b"surveys" in data:  # the answers it names are part of what is drawn
            from journeymap.cli import load_any

            parts["surveys"] = _survey_digests(load_any(read).surveys, read.parent)
        key = _key(checked, parts)

    def draw() -> str:
        model, _ = load_map(source, base_dir=base_dir, where=where)
        return _render_html(model, checked)

    # A map that warns is drawn again each time, so that every build says so.
    return _cached(key, draw, keep=lambda: not noted.any_of_ours()), read


@dataclass
class _Notes:
    """The warnings of one embedding: raised so far, and as located messages at the end."""

    records: list[warnings.WarningMessage]
    messages: list[str]

    def any_of_ours(self) -> bool:
        """Whether a warning about the map (a :class:`UserWarning`) was raised so far."""
        return any(issubclass(record.category, UserWarning) for record in self.records)


@contextmanager
def _noted(where: str) -> Iterator[_Notes]:
    """Collect the warnings raised in the block as one-line messages located at ``where``.

    A warning that says where it is (a Mermaid line, a ``.py`` map's line) keeps that
    place after the page's: ``p.md:7: w.mmd:3:5: a score of 7 …``. Warnings of other
    kinds than :class:`UserWarning` are passed on as they are, once the block is left.
    """
    from journeymap.cli import _located

    label, _ = _split_where(where)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes = _Notes(caught, [])
        try:
            yield notes
        finally:
            records = list(caught)
    for record in records:
        if not issubclass(record.category, UserWarning):
            warnings.warn_explicit(record.message, record.category, record.filename, record.lineno)
            continue
        problem = _located(record, label)
        if problem.source is not None and os.path.isabs(problem.source):
            problem = replace(problem, source=_from_here(problem.source))
        note = str(problem)
        notes.messages.append(note if note.startswith(f"{where}:") else f"{where}: {note}")


def _from_here(path: str) -> str:
    """``path`` from the working folder when it lies below it (as build logs show files)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative


# --- the cache ------------------------------------------------------------------------


def _canonical(data: object) -> bytes:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    """The SHA-256 of journeymap's own files: an edited checkout keeps its version."""
    from journeymap.resources import templates_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for folder in (package, templates_dir()):
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def _key(options: EmbedOptions, source: Mapping[str, str]) -> str:
    document = {
        "code": _code_fingerprint(),
        "format": _CACHE_FORMAT,
        "journeymap": __version__,
        "options": asdict(options),
        "source": dict(source),
    }
    return _digest(_canonical(document))


def _cached(key: str, produce: Callable[[], str], keep: Callable[[], bool] | None = None) -> str:
    """The drawing stored under ``key``, or ``produce()`` stored when ``keep()`` says so."""
    global _stats
    folder = cache_dir()
    entry = folder / f"{key}.html" if folder is not None else None
    if entry is not None:
        try:
            found = entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            found = None
        if found is not None:
            _stats = replace(_stats, cached=_stats.cached + 1)
            log.debug("journeymap: map %s from cache", key[:12])
            return found
    made = produce()
    _stats = replace(_stats, rendered=_stats.rendered + 1)
    log.debug("journeymap: rendered map %s", key[:12])
    if entry is not None and (keep is None or keep()):
        _store(entry, made)
    return made


def _store(entry: Path, text: str) -> None:
    """Write a cache entry through a temporary file, so readers never see half of it."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".html")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("journeymap: cannot write the render cache %s: %s", entry.parent, exc)
