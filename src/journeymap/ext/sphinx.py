"""The ``journeymap`` directive for Sphinx, and MyST's ```` ```{journeymap} ```` fences.

Add ``"journeymap.ext.sphinx"`` to ``extensions`` in ``conf.py``. A page then embeds a
map from a file, or written inline in YAML::

    .. journeymap:: maps/checkout.yaml
       :lanes: compact

    .. journeymap::
       :view: flow

       title: Checkout
       phases: ...

The path is relative to the page's folder, or to the source folder when it starts with
``/`` (as for Sphinx's ``include``); it may name a ``.yaml``, ``.yml``, ``.json``,
``.mmd`` or ``.py`` map. Inline content may also be one line ``file: path``, relative to
the page's folder. The options are those of the Markdown fence (``view``, ``lanes``,
``theme``, ``locale``, ``fit``; see :mod:`journeymap.ext.embed`). With ``myst_parser``
enabled, MyST pages write the same directive as a ```` ```{journeymap} ```` fence.

HTML builders get the map inline (an ``<svg>``, or HTML tables for ``view: table``) in
a ``<figure>``, so the page's CSS and dark mode reach it. Other builders (LaTeX, text,
man, Texinfo...) get a literal block with the map's Markdown tables, in the same lanes
and language. A map file is a dependency of its page: editing it rebuilds the page.

A broken map or option is a Sphinx error located at the page and line of the directive
(or of the bad line of inline YAML), with journeymap's message, which names the map
file's line when the problem is in a file; ``sphinx-build -W`` fails on it. Without
``-W`` the page shows an error box with the same message.

Example:
    >>> from journeymap.ext.sphinx import JourneyMapDirective
    >>> sorted(JourneyMapDirective.option_spec)
    ['fit', 'lanes', 'locale', 'theme', 'view']
"""

from __future__ import annotations

import os
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import journeymap
from journeymap.errors import JourneyMapError, Problem
from journeymap.ext import embed

__all__ = [
    "InlineJourneyMaps",
    "JourneyMapDirective",
    "TabulateJourneyMaps",
    "journeymap_figure",
    "setup",
]

logger = logging.getLogger(__name__)

#: The key of the id prefixes already used in the page being read (Sphinx's temp data).
_PREFIXES = "journeymap_id_prefixes"


class journeymap_figure(nodes.General, nodes.Element):
    """A map embedded by the directive, until the writer's format is known.

    Attributes (node keys):
        html: The HTML to inline for HTML builders (the figure, or an error box).
        source: The map's source for :func:`embed.load_map`; empty after an error.
        base_dir: The folder its ``file:`` is read from.
        where: Its place, for messages.
        lanes: The ``lanes`` option, or an empty string.
        locale: The ``locale`` option, or an empty string.
        error: The error message, or an empty string.
    """


class JourneyMapDirective(SphinxDirective):
    """``.. journeymap:: [path]`` with inline YAML content when there is no path.

    Example:
        >>> JourneyMapDirective.optional_arguments, JourneyMapDirective.has_content
        (1, True)
    """

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = dict.fromkeys(
        embed.OPTION_NAMES, directives.unchanged_required
    )

    def run(self) -> list[nodes.Node]:
        """Render the map; log an error located in the page when it is broken."""
        here = self.get_location()
        try:
            embed.parse_options(self.options, where=here)  # located at the directive
            source, base_dir, where = self._source()
            with warnings.catch_warnings(record=True) as noted:
                warnings.simplefilter("always", embed.EmbedWarning)
                html, read = embed.embed(source, self.options, base_dir=base_dir, where=where)
        except JourneyMapError as exc:
            return [self._failed(exc)]
        for record in noted:  # an error with -W, as Sphinx's own warnings are
            if issubclass(record.category, embed.EmbedWarning):
                note = str(record.message).removeprefix(f"{where}: ")  # Sphinx says where
                logger.warning("journeymap: %s", note, location=here)
            else:
                warnings.warn_explicit(
                    record.message, record.category, record.filename, record.lineno
                )
        if read is not None:
            self.env.note_dependency(read.resolve())
        figure = journeymap_figure(
            html=self._distinct(html),
            source=source,
            base_dir=str(base_dir),
            where=where,
            lanes=self.options.get("lanes", ""),
            locale=self.options.get("locale", ""),
            error="",
        )
        self.set_source_info(figure)
        return [figure]

    def _distinct(self, html: str) -> str:
        """``html`` with its ids renamed when the page already shows the same drawing.

        See :func:`embed.make_ids_unique`: the second copy's prefix ``jm-1a2b3c4d``
        becomes ``jm-1a2b3c4d_2``. The prefixes seen live with the page being read.
        """
        used = self.env.temp_data.setdefault(_PREFIXES, set())
        return embed.make_ids_unique(html, cast("set[str]", used))

    def _source(self) -> tuple[str, Path, str]:
        """The text for :func:`embed.embed`, the folder of its ``file:`` and its ``where``.

        For inline YAML, ``where`` names the page's line just before the content, so that
        :mod:`~journeymap.ext.embed` puts problems on the page's own lines.
        """
        if self.arguments and self.content:
            raise JourneyMapError(
                [self._here("give the map as a path argument or as inline content, not both")]
            )
        if self.arguments:
            _, absolute = self.env.relfn2path(self.arguments[0])
            path = Path(absolute)
            self.env.note_dependency(path)  # before reading: fixing a broken file rebuilds
            return f"file: {path.name}", path.parent, self.get_location()
        if not self.content:
            raise JourneyMapError(
                [
                    self._here(
                        "no map; allowed: a path argument (a .yaml, .yml, .json, .mmd or .py "
                        "file) or inline content (YAML, or one line 'file: path')"
                    )
                ]
            )
        doc_dir = Path(self.env.doc2path(self.env.docname)).parent
        source, _ = self.get_source_info()
        return "\n".join(self.content), doc_dir, f"{source}:{self._line_before_content()}"

    def _here(self, message: str) -> Problem:
        source, line = self.get_source_info()
        return Problem("", message, source=source, line=line)

    def _is_myst(self) -> bool:
        return type(self.state).__module__.startswith("myst_parser")

    def _line_before_content(self) -> int:
        """The page's 1-based line just before the content's first line."""
        if self._is_myst():
            # MyST gives the fence's line and the content's offset from the line after it.
            return self.lineno + self.content_offset
        _, offset = self.content.items[0]  # docutils: the 0-based line of the content
        return offset

    def _indent(self) -> int:
        """How far reStructuredText indents the content (MyST's fences: not at all)."""
        if self._is_myst():
            return 0
        lines = [line for line in self.block_text.splitlines()[1:] if line.strip()]
        return min((len(line) - len(line.lstrip()) for line in lines), default=0)

    def _failed(self, exc: JourneyMapError) -> journeymap_figure:
        """Log ``exc`` as a located Sphinx error; the node shows it in the page."""
        source, _ = self.get_source_info()
        indent = self._indent()
        problems = [
            replace(p, column=p.column + indent)
            if p.source == source and p.column is not None
            else p
            for p in exc.problems
        ]
        for problem in problems:  # a broken map file still rebuilds the page when fixed
            if problem.source is not None and Path(problem.source).is_file():
                self.env.note_dependency(Path(problem.source).resolve())
        message = str(JourneyMapError(problems))
        first = problems[0]
        location = self.get_location()
        if first.source == source and first.line is not None:
            location = f"{source}:{first.line}"
        if isinstance(location, str) and message.startswith(f"{location}: "):
            message = message[len(location) + 2 :]  # Sphinx prints the location already
        logger.error("journeymap: %s", message, location=location)
        folder = f"{self.env.srcdir}{os.sep}"  # the page shows paths from the source folder
        shown = embed.error_box(message.replace(folder, ""), where=location.replace(folder, ""))
        figure = journeymap_figure(
            html=shown,
            source="",
            base_dir="",
            where=location,
            lanes="",
            locale="",
            error=message,
        )
        self.set_source_info(figure)
        return figure


class InlineJourneyMaps(SphinxPostTransform):
    """For HTML builders: each embedded map becomes its HTML, inline in the page."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Replace every :class:`journeymap_figure` with a raw HTML node."""
        for figure in list(self.document.findall(journeymap_figure)):
            _replace(figure, nodes.raw("", figure["html"], format="html"))


class TabulateJourneyMaps(SphinxPostTransform):
    """For the other builders (after :class:`InlineJourneyMaps`): the Markdown tables."""

    default_priority = 201

    def run(self, **kwargs: Any) -> None:
        """Replace every :class:`journeymap_figure` left with a literal block."""
        for figure in list(self.document.findall(journeymap_figure)):
            if figure["error"]:
                text = f"journeymap error: {figure['error']}"
                _replace(figure, nodes.literal_block(text, text))
            else:
                _replace(figure, _tables(figure))


def _replace(figure: journeymap_figure, replacement: nodes.Element) -> None:
    replacement.source, replacement.line = figure.source, figure.line
    figure.replace_self(replacement)


def _tables(figure: journeymap_figure) -> nodes.Element:
    """The map's Markdown tables in a literal block, for builders without inline HTML."""
    from journeymap.renderers import render

    try:
        model, _ = embed.load_map(
            figure["source"], base_dir=Path(figure["base_dir"]), where=figure["where"]
        )
        options = {name: figure[name] for name in ("lanes", "locale") if figure[name]}
        text = render(model, "markdown", **options)
    except JourneyMapError as exc:  # the file changed since the page was read
        logger.error("journeymap: %s", exc, location=figure)
        text = f"journeymap error: {exc}"
        return nodes.literal_block(text, text)
    return nodes.literal_block(text, text, language="markdown")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``journeymap`` directive; Sphinx calls this for ``extensions``.

    Args:
        app: The Sphinx application.

    Returns:
        The extension's metadata: its version, and that it is safe to read and write
        in parallel.
    """
    app.add_node(journeymap_figure)
    app.add_directive("journeymap", JourneyMapDirective)
    app.add_post_transform(InlineJourneyMaps)
    app.add_post_transform(TabulateJourneyMaps)
    return {
        "version": journeymap.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
