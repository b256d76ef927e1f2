"""The ``dot`` renderer: the journey as a Graphviz flow, for journeys that are not lines.

Phases become clusters, touchpoints nodes (coloured by valence, of the first measured
curve's value there when there is one, else of the touchpoint's own emotion; critical
moments outlined boldly), and flows edges styled by kind: next, branch, retry, skip, drop-off
and loop. Without declared ``next`` flows, consecutive touchpoints are joined in journey
order; the other kinds are drawn on top. Drop-offs lead to a "lost" exit of their own
phase, beside the first step that drops customers there.

The layout is rows of whole phases, each read left to right (its touchpoints are ranks
of ``rankdir=LR``), every phase of a row on one baseline; a row ends in a numbered circle
the next row starts from. ``direction="auto"`` (the default) chooses the rows that fit a
16:9 slide (see :func:`_rows`), ``LR`` is one row and ``TB`` one column. Only the main
path places nodes: every flow is drawn over it with ``constraint=false``. Its label is a
true edge label that ``dot`` makes room for beside it, except a drop-off's to the exit
under its step (an ``xlabel``: ``dot`` centres a true label across so short an arrow);
past :data:`LAID_OUT_LABELS` flows, labels are placed after the layout (``xlabel`` or
``taillabel``), so ``dot`` lays out a thousand dense steps in well under a second.

Every label (title, phases, nodes, edges, legend) goes through one function,
:func:`dot_label`: ``&`` becomes ``&amp;`` (Graphviz decodes entities), backslashes are
doubled, line breaks are written as ``\\n`` (never raw), the label is never read as HTML,
and a label longer than :data:`MAX_QUOTED_BYTES` UTF-8 bytes as written in the source is
shortened with an ellipsis (Graphviz refuses quoted strings of about 16 KB). Node ids are
generated (``start``, ``t1``, ``lost2``…), never taken from user text; the graph's ``id``
is a prefix derived from the map and the options (see
:func:`~journeymap.renderers.options.content_prefix`), so every id in the SVG that
``dot`` makes starts with it (the link of a tooltip, with ``a_`` before it). A name or
title cut short keeps its whole text, within the same byte limit, as its tooltip. The
DOT source needs no binary; the renderer's one image capability,
:meth:`DotRenderer.render_image`, runs ``dot`` (with a timeout) to export SVG, PNG or
PDF (:data:`IMAGE_FORMATS`) for :func:`~journeymap.renderers.save`,
:func:`~journeymap.renderers.render_image` and ``journeymap render --image``.

Options (declared once, in :class:`~journeymap.renderers.options.DotOptions`; the
registry checks them before rendering, and a direct call checks them too):
    direction: ``auto`` (default: rows that fit a 16:9 slide), ``LR`` (one row) or
        ``TB`` (one column).
    details: Which lines a node shows under its name: any of ``channel`` and
        ``emotion`` (default both).
    theme: A theme name, a theme file (``.yaml``, ``.json``) or a
        :class:`~journeymap.themes.Theme` (colours only).
    locale: Language of the words (``en``, ``es``); default the map's.
    legend: Draw the legend of edge kinds (default ``True``).
    id_prefix: The prefix of every id in the exported SVG (default ``jm-`` and 8 hex
        digits derived from the map and the options).
    timeout: Seconds ``dot`` may run when exporting (default 60; more than 0, at most
        86400).

Example:
    >>> from journeymap import Journey
    >>> j = (Journey("Tiny").phase("Buy").touchpoint("Cart", emotion=1)
    ...      .touchpoint("Pay", emotion=-2).flow("pay", kind="drop-off", share=0.3))
    >>> source = RENDERER.render(j.build(), legend=False, direction="LR")
    >>> "t1 -> t2" in source and "t2 -> lost1" in source
    True
    >>> "rankdir=TB" in RENDERER.render(j.build(), direction="TB")
    True
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

import graphviz

from journeymap.colour_scheme import with_dark_scheme
from journeymap.errors import JourneyMapError
from journeymap.escape import ELLIPSIS, MAX_QUOTED_BYTES, cluster_start, dot_label
from journeymap.fields import balance_bidi
from journeymap.formatting import channel_label, emotion_word
from journeymap.i18n import Words, words_for
from journeymap.model import Flow, JourneyMap, Touchpoint
from journeymap.renderers.options import (
    DETAILS,
    MAX_TIMEOUT,
    DotOptions,
    content_prefix,
    number_option,
    validate_options,
)
from journeymap.text import default_measurer
from journeymap.themes import DARK_SCHEMES, Theme, get_theme

__all__ = [
    "ASPECT",
    "DETAILS",
    "FRAME",
    "IMAGE_FORMATS",
    "LABEL_LINES",
    "LABEL_WIDTH",
    "LEGEND_SAMPLES",
    "MAX_QUOTED_BYTES",
    "MAX_TIMEOUT",
    "NAME_LINES",
    "NAME_WIDTH",
    "RENDERER",
    "TITLE_LINES",
    "TITLE_WIDTH",
    "DotRenderer",
    "dot_label",
    "export",
    "flow_graph",
    "wrap_label",
]

#: The images :meth:`DotRenderer.render_image` exports through the ``dot`` program, each
#: with the suffix of the file ``journeymap render --image`` names it with.
IMAGE_FORMATS: Mapping[str, str] = MappingProxyType(
    {"svg": ".flow.svg", "png": ".flow.png", "pdf": ".flow.pdf"}
)
#: Characters per line, and lines, of a phase's label in the flow (see :func:`wrap_label`).
LABEL_WIDTH = 40
LABEL_LINES = 6
#: Characters per line, and lines, of a touchpoint's name in the flow.
NAME_WIDTH = 24
NAME_LINES = 4
#: Characters per line, and lines, of a flow's label (its text and share).
FLOW_WIDTH = 30
FLOW_LINES = 2
#: Up to this many flows, their labels are laid out by dot beside their flows; beyond,
#: they are placed after the layout (``xlabel``, ``taillabel``), which stays fast: a
#: 3000-step journey with 767 flows takes about 4.6 s that way against 22 s laid out.
LAID_OUT_LABELS = 100
# Two no-break spaces each side of a label placed beside a short edge: dot puts such a
# label's box against the edge, and the spaces keep its text off the arrow.
_PAD = "\u00a0\u00a0"
#: Characters per line, and lines, of the flow's title.
TITLE_WIDTH = 60
TITLE_LINES = 3
#: The frame ``direction="auto"`` fits the flow into: a 16:9 slide, in points.
FRAME = (1200.0, 675.0)
# Font sizes, in points, and Graphviz's spacing, in inches.
_TITLE_SIZE = 18
_PHASE_SIZE = 14
_NODE_SIZE = 12
_EDGE_SIZE = 12
_SMALL_SIZE = 12
_NODESEP = 0.25
_RANKSEP = 0.35
# What splitting a phase over rows costs, as a factor on the scale of the drawing.
_SPLIT_COST = 0.8
# Graphviz's distance between lines, in font sizes.
_LEADING = 1.1
#: The legend's sample of each kind of flow: characters Liberation Sans has, so every
#: export draws them alike, each of its own shape.
LEGEND_SAMPLES: Mapping[str, str] = MappingProxyType(
    {
        "next": "───►",
        "branch": "═══►",
        "retry": "- - -►",
        "skip": "·····►",
        "loop": "◄- - -",
        "drop-off": "▬ ▬ ►",
    }
)
#: The widest aspect ratio ``direction="auto"`` aims at, estimated (a margin under the
#: 2.5 the drawn flow keeps).
ASPECT = 2.4
# Estimated spaces, in points: between ranks (columns), between rows, and a cluster's
# margins (both sides).
_RANK_GAP = 25.2
_ROW_GAP = _NODESEP * 72
_CLUSTER_PAD = 16.0
_SOURCE_SUFFIXES = (".gv", ".dot")
_FONT = "Liberation Sans,Arial,Helvetica,sans-serif"
_INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz) or save as .gv to write the DOT source"
)


@dataclass(frozen=True)
class DotRenderer:
    """Renders a map as Graphviz DOT source, and exports it as an image through ``dot``."""

    name: str = "dot"
    suffix: str = ".gv"
    media_type: str = "text/vnd.graphviz"
    options: ClassVar[type[DotOptions]] = DotOptions
    image_formats: ClassVar[Mapping[str, str]] = IMAGE_FORMATS
    #: ``render_image`` takes ``image=`` (an :class:`~journeymap.images.ImageOptions`).
    takes_image_options: ClassVar[bool] = True

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """The DOT source of the flow; see the module documentation for the options.

        Raises:
            JourneyMapError: For an unknown or bad option, or something that is not a map.
        """
        checked = validate_options(self.name, DotOptions, options)
        source: str = _graph(model, checked).source
        return source

    def render_image(
        self, model: JourneyMap, image_format: str, /, *, image: Any = None, **options: Any
    ) -> bytes:
        """The flow laid out by ``dot`` as an ``svg``, ``png`` or ``pdf`` image.

        With the ``images`` extra, PNG and PDF are drawn from ``dot``'s SVG as the map's
        images are (:func:`journeymap.images.engine.svg_to_image`: the same fonts, sizes
        from ``image``, selectable PDF text); without it, ``dot`` draws them itself, at
        its own size (a size in ``image`` then asks for the extra).

        Raises:
            JourneyMapError: For a bad option or image format, a missing ``dot``, a
                timeout (the ``timeout`` option) or a failure of ``dot``.
        """
        checked = validate_options(self.name, DotOptions, options)
        if image_format not in IMAGE_FORMATS:
            raise JourneyMapError(
                f"the dot renderer cannot make {image_format!r} images; "
                f"allowed: {', '.join(IMAGE_FORMATS)}"
            )
        if image_format != "svg":
            return _drawn_image(model, checked, image_format, image)
        if _sized(image):
            raise JourneyMapError(
                "scale, dpi and width size PNG and PDF images; the flow's SVG keeps its own size"
            )
        drawn = export(_graph(model, checked).source, image_format, timeout=checked.timeout)
        dark_name = DARK_SCHEMES.get(checked.theme.name)
        if dark_name is None:
            return drawn
        # The same flow in the dark theme, under the same ids: its colours become the CSS
        # a reader's dark colour scheme switches to (see journeymap.colour_scheme).
        prefix = _prefix(model, checked)
        dark = validate_options(
            self.name,
            DotOptions,
            {
                **{name: getattr(checked, name) for name in DotOptions.model_fields},
                "theme": get_theme(dark_name),
                "id_prefix": prefix,
            },
        )
        dark_image = export(_graph(model, dark).source, "svg", timeout=checked.timeout)
        return with_dark_scheme(drawn.decode("utf-8"), dark_image.decode("utf-8"), prefix).encode(
            "utf-8"
        )


RENDERER = DotRenderer()


def _sized(image: Any) -> bool:
    """Whether image options ask for a size or a paper of their own."""
    return image is not None and any(
        getattr(image, name) is not None for name in ("scale", "dpi", "width", "paper")
    )


def _drawn_image(model: JourneyMap, checked: DotOptions, image_format: str, image: Any) -> bytes:
    """The flow as PNG or PDF: from ``dot``'s SVG with the images extra, else by ``dot``."""
    from journeymap.images.engine import engine_available, require_engine, svg_to_image

    source = _graph(model, checked).source
    if not engine_available():
        if _sized(image):
            require_engine(image_format)
        return export(source, image_format, timeout=checked.timeout)
    svg = export(source, "svg", timeout=checked.timeout).decode("utf-8")
    return svg_to_image(svg, image_format, image, renderer="dot", title=model.title)


def export(source: str, image_format: str, *, timeout: float = 60, target: str = "") -> bytes:
    """Lay out DOT source with the ``dot`` program and return the image.

    Args:
        source: DOT source.
        image_format: ``svg``, ``png`` or ``pdf``.
        timeout: Seconds before ``dot`` is stopped.
        target: The file being written, for messages.

    Returns:
        The image bytes.

    Raises:
        JourneyMapError: For a bad argument, or if ``dot`` is missing, fails or runs out
            of time.
    """
    if not isinstance(source, str):
        raise JourneyMapError(f"export() takes DOT source as text; got {type(source).__name__}")
    if image_format not in IMAGE_FORMATS:
        raise JourneyMapError(
            f"export() cannot make {image_format!r}; allowed: {', '.join(IMAGE_FORMATS)}"
        )
    timeout = _timeout(timeout)
    target = target if isinstance(target, str) else str(target)
    program = shutil.which("dot")
    what = f" to write {target}" if target else f" to make the {image_format} image"
    if program is None:
        raise JourneyMapError(
            f"the Graphviz program 'dot' is needed{what} but was not found; {_INSTALL}"
        )
    deadline = time.monotonic() + timeout
    result = _run_dot([program, f"-T{image_format}"], source, deadline, timeout, what)
    if result.returncode != 0 and _ROUTING_FAILED in result.stderr:
        # Graphviz 2.x cannot route some curved edges around a very wide node or
        # cluster; the same graph with straight edges lays out.
        result = _run_dot(
            [program, f"-T{image_format}", "-Gsplines=line"], source, deadline, timeout, what
        )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise JourneyMapError(f"'dot' failed{what}: {message or f'exit {result.returncode}'}")
    return result.stdout


# What dot 2.x prints when its spline router gives up on an edge.
_ROUTING_FAILED = b"in routesplines"


def _run_dot(
    command: list[str], source: str, deadline: float, limit: float, what: str
) -> subprocess.CompletedProcess[bytes]:
    """Run ``dot`` on ``source``, stopping it at ``deadline`` (a monotonic time).

    ``limit`` is the whole time allowed, for the message.
    """
    timeout = deadline - time.monotonic()
    try:
        if timeout <= 0:
            raise subprocess.TimeoutExpired(command, 0)
        return subprocess.run(
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise JourneyMapError(
            f"'dot' did not finish in {limit:g} s{what}; split the journey or "
            "raise the timeout option"
        ) from None


def _timeout(value: object) -> float:
    return number_option("dot", "timeout", value, low=0, high=MAX_TIMEOUT, unit="s", low_open=True)


def flow_graph(
    model: JourneyMap,
    *,
    direction: str = "auto",
    details: Sequence[str] | str = DETAILS,
    theme: str | os.PathLike[str] | Theme = "default",
    locale: str | None = None,
    legend: bool = True,
    id_prefix: str | None = None,
) -> graphviz.Digraph:
    """Build the Graphviz graph of a journey's flow (see the module documentation).

    The arguments are the renderer's options (but ``timeout``), checked the same way.

    Raises:
        JourneyMapError: For something that is not a map, or a bad direction, detail,
            theme, locale, legend or id prefix.
    """
    given = {
        "direction": direction,
        "details": details,
        "theme": theme,
        "locale": locale,
        "legend": legend,
        "id_prefix": id_prefix,
    }
    return _graph(model, validate_options("dot", DotOptions, given))


def _graph(model: JourneyMap, options: DotOptions) -> graphviz.Digraph:
    """The flow's graph, from checked options."""
    if not isinstance(model, JourneyMap):
        raise JourneyMapError(f"expected a JourneyMap; got {type(model).__name__}")
    language = options.locale or model.locale
    builder = _FlowBuilder(
        model,
        options.direction,
        options.details,
        options.theme,
        language,
        options.legend,
        _prefix(model, options),
    )
    return builder.build()


def _prefix(model: JourneyMap, options: DotOptions) -> str:
    """The flow's id prefix: the one given, or one derived from the map and the options."""
    if options.id_prefix is not None:
        return options.id_prefix
    return content_prefix(
        model,
        "dot",
        {
            "direction": options.direction,
            "details": list(options.details),
            "theme": repr(options.theme),
            "locale": options.locale or model.locale,
            "legend": options.legend,
        },
    )


class _FlowBuilder:
    def __init__(
        self,
        model: JourneyMap,
        direction: str,
        details: tuple[str, ...],
        theme: Theme,
        locale: str,
        legend: bool,
        prefix: str,
    ) -> None:
        self.prefix = prefix
        self.model = model
        self.direction = direction
        self.details = details
        self.theme = theme
        self.locale = locale
        self.words = words_for(locale)
        self.legend = legend
        self.node_of: dict[str, str] = {}
        self.phase_of: dict[str, int] = {}
        for index, (phase_index, tp) in enumerate(
            ((i, tp) for i, phase in enumerate(model.phases) for tp in phase.touchpoints),
            start=1,
        ):
            self.node_of[tp.id] = f"t{index}"
            self.phase_of[tp.id] = phase_index
        self.lines = {tp.id: self._lines(tp) for tp in model.touchpoints}
        self.drop_phases = {
            self.phase_of[f.source]
            for f in model.flows
            if f.kind == "drop-off" and f.target is None
        }
        # The step each phase's "lost" exit stands beside: its first that drops customers.
        dropping = {f.source for f in model.flows if f.kind == "drop-off" and f.target is None}
        self.lost_source: dict[int, str] = {}
        for tp in model.touchpoints:
            if tp.id in dropping:
                self.lost_source.setdefault(self.phase_of[tp.id], tp.id)
        self.rows = _rows(
            model, self.lines, self.drop_phases, direction, legend=legend, locale=locale
        )
        self.starts: list[str] = []
        # One group a row: Graphviz keeps the edges of a group straight.
        self.group = {
            self.node_of[tp_id]: f"row{number + 1}"
            for number, row in enumerate(self.rows)
            for tp_id in row
        }
        # Where each touchpoint is: its row, and its column (a row starts with a circle).
        self.place = {
            tp_id: (number, column)
            for number, row in enumerate(self.rows)
            for column, tp_id in enumerate(row, start=1)
        }
        self.group["start"] = "row1"
        self.group["end"] = f"row{max(len(self.rows), 1)}"

    def build(self) -> graphviz.Digraph:
        theme = self.theme
        graph = graphviz.Digraph(
            name="journey",
            graph_attr={
                "rankdir": "TB" if self.direction == "TB" else "LR",
                "bgcolor": theme.background,
                "fontname": _FONT,
                "fontcolor": theme.text,
                "fontsize": str(_TITLE_SIZE),
                "label": dot_label(wrap_label(self.model.title, TITLE_WIDTH, TITLE_LINES)),
                "id": self.prefix,
                "labelloc": "t",
                "labeljust": "l",
                "newrank": "true",
                "nodesep": str(_NODESEP),
                "ranksep": str(_RANKSEP),
                "splines": "spline",
                "forcelabels": "true",
            },
            node_attr={
                "fontname": _FONT,
                "fontsize": str(_NODE_SIZE),
                "fontcolor": theme.text,
                "shape": "box",
                "style": "rounded,filled",
                "margin": "0.12,0.06",
                "penwidth": "1",
            },
            edge_attr={
                "fontname": _FONT,
                "fontsize": str(_EDGE_SIZE),
                "fontcolor": theme.muted,
                "color": theme.muted,
                "arrowsize": "0.7",
            },
        )
        tooltip = self._tooltip(self.model.title, TITLE_WIDTH, TITLE_LINES)
        if tooltip:
            graph.attr(tooltip=tooltip)
        graph.node(
            "start",
            dot_label(self.words["start"]),
            shape="circle",
            style="filled",
            fillcolor=theme.text,
            fontcolor=theme.background,
            fontsize=str(_SMALL_SIZE),
            width="0.55",
            fixedsize="true",
            group=self.group["start"],
        )
        for index, phase in enumerate(self.model.phases):
            # A phase split over rows is a cluster a row, each with the phase's name.
            parts = [
                [tp for tp in phase.touchpoints if self.place[tp.id][0] == row]
                for row in sorted({self.place[tp.id][0] for tp in phase.touchpoints})
            ] or [[]]
            for part_number, part in enumerate(parts, start=1):
                suffix = f"{index + 1}" if part_number == 1 else f"{index + 1}_{part_number}"
                with graph.subgraph(name=f"cluster_{suffix}") as cluster:
                    self._phase(cluster, index, suffix, part)
        graph.node(
            "end",
            dot_label(self.words["end"]),
            shape="doublecircle",
            style="filled",
            fillcolor=theme.text,
            fontcolor=theme.background,
            fontsize=str(_SMALL_SIZE),
            width="0.5",
            fixedsize="true",
            group=self.group["end"],
        )
        self._skeleton(graph)
        for flow in self.model.flows:
            self._flow(graph, flow)
        if self.legend:
            self._legend(graph)
        return graph

    def _phase(
        self, cluster: graphviz.Digraph, index: int, suffix: str, part: list[Touchpoint]
    ) -> None:
        """A phase's cluster, or the part of it in one row, with its exit if it has one."""
        theme, phase = self.theme, self.model.phases[index]
        color = theme.phase_colors[index % len(theme.phase_colors)]
        cluster.attr(
            label=dot_label(wrap_label(phase.name)),
            id=f"{self.prefix}_clust{suffix}",
            style="rounded,filled",
            color=color,
            fillcolor=_mix(color, theme.background, theme.phase_tint),
            fontcolor=theme.text,
            fontsize=str(_PHASE_SIZE),
            penwidth="1.5",
        )
        tooltip = self._tooltip(phase.name, LABEL_WIDTH, LABEL_LINES)
        if tooltip:
            cluster.attr(tooltip=tooltip)
        if not phase.touchpoints:
            cluster.node(
                f"empty{index + 1}",
                dot_label(self.words["no_touchpoints"]),
                shape="plaintext",
                style="",
                fontcolor=theme.muted,
            )
        for tp in part:
            self._touchpoint(cluster, tp)
        if self.lost_source.get(index) in {tp.id for tp in part}:
            cluster.node(
                f"lost{index + 1}",
                dot_label(self.words["lost"]),
                shape="box",
                style="rounded,dashed",
                color=theme.negative,
                fontcolor=theme.negative,
            )

    # -- nodes ----------------------------------------------------------------------------

    def _lines(self, tp: Touchpoint) -> list[str]:
        """A touchpoint's label: its wrapped name, then its channel and emotion lines."""
        model, words = self.model, self.words
        lines = _balanced(tp.name, NAME_WIDTH, NAME_LINES)
        if "channel" in self.details and tp.channel is not None:
            lines.append(channel_label(model.channel(tp.channel), words))
        measured = _measured_value(model, tp.id)
        emotion = tp.emotion if measured is None else measured
        if "emotion" in self.details and emotion is not None:
            number = words.number(emotion, signed=model.scale.min < 0)
            text = f"{number} · {emotion_word(model.scale, emotion, words)}"
            if measured is not None:
                text += f" ({words['evidence_level.measured']})"
            if model.moment_of(tp) == "critical":
                text += f" · {words['moment.critical']}"
            lines.append(text)
        return lines

    def _tooltip(self, text: str, width: int, lines: int) -> str | None:
        """The whole text as a tooltip, when its label had to be shortened."""
        shown = wrap_label(text, width, lines)
        if shown and shown[-1].endswith(ELLIPSIS) and not text.endswith(ELLIPSIS):
            return dot_label(text)
        return None

    def _touchpoint(self, graph: graphviz.Digraph, tp: Touchpoint) -> None:
        theme, model = self.theme, self.model
        measured = _measured_value(model, tp.id)
        emotion = tp.emotion if measured is None else measured
        fill = theme.background
        border = theme.grid
        if emotion is not None:
            valence = model.scale.valence(emotion)
            border = {"positive": theme.positive, "negative": theme.negative}.get(
                valence, theme.neutral
            )
            fill = _mix(border, theme.background, 0.18)
        attributes = {"fillcolor": fill, "color": border, "group": self.group[self.node_of[tp.id]]}
        if model.moment_of(tp) == "critical":
            attributes.update(color=theme.critical, penwidth="3")
        tooltip = self._tooltip(tp.name, NAME_WIDTH, NAME_LINES)
        if tooltip:
            attributes["tooltip"] = tooltip
        graph.node(self.node_of[tp.id], dot_label(self.lines[tp.id]), **attributes)

    # -- edges ----------------------------------------------------------------------------

    def _skeleton(self, graph: graphviz.Digraph) -> None:
        """The main path, in the rows it is laid out in.

        Each row is a chain of ranks (left to right; top to bottom for ``TB``), so its
        phases stand on one baseline in journey order. Consecutive touchpoints are joined
        (invisibly when ``next`` flows are declared); a row ends in a numbered circle and
        the next row starts from the same number; the row starts form one column, in
        order. A phase's "lost" exit shares the rank of its first drop-off, beside it.
        """
        model = self.model
        order = [tp.id for tp in model.touchpoints]
        if not order:
            graph.edge("start", "end")
            return
        declared = any(f.kind == "next" for f in model.flows)
        hidden = {"style": "invis"} if declared else {}
        starts: list[str] = []
        for number, row in enumerate(self.rows):
            names = [self.node_of[tp_id] for tp_id in row]
            first = (
                "start"
                if number == 0
                else self._connector(graph, f"from{number}", number, number + 1)
            )
            names.insert(0, first)
            starts.append(first)
            if number == len(self.rows) - 1:
                names.append("end")
            else:
                names.append(self._connector(graph, f"to{number + 1}", number + 1, number + 1))
            for left, right in itertools.pairwise(names):
                if left[0] == "t" and right[0] == "t":
                    graph.edge(left, right, **hidden)
                else:
                    graph.edge(left, right)
        self.starts = starts
        if len(starts) > 1:
            with graph.subgraph(name="starts") as column:
                column.attr(rank="same")
                for name in starts:
                    column.node(name)
            for upper, lower in itertools.pairwise(starts):
                graph.edge(upper, lower, style="invis")
        for phase, source in sorted(self.lost_source.items()):
            with graph.subgraph(name=f"exit{phase + 1}") as same:
                same.attr(rank="same")
                same.node(self.node_of[source])
                same.node(f"lost{phase + 1}")

    def _connector(self, graph: graphviz.Digraph, name: str, number: int, row: int) -> str:
        """A small circle that ends a row and starts the next, numbered like them."""
        graph.node(
            name,
            str(number),
            shape="circle",
            style="filled",
            fillcolor=self.theme.muted,
            fontcolor=self.theme.background,
            fontsize=str(_SMALL_SIZE),
            width="0.3",
            fixedsize="true",
            group=f"row{row}",
        )
        return name

    def _flow(self, graph: graphviz.Digraph, flow: Flow) -> None:
        theme = self.theme
        source = self.node_of[flow.source]
        if flow.target is None:
            target = f"lost{self.phase_of[flow.source] + 1}"
        else:
            target = self.node_of[flow.target]
        attributes: dict[str, str] = {}
        if flow.target is not None and flow.target != flow.source:
            upper, lower = self.place[flow.source], self.place[flow.target]
            if upper[1] == lower[1] and upper[0] != lower[0]:
                # One column, two rows: from side to side, or Graphviz 2.43 draws it twice.
                down = lower[0] > upper[0]
                attributes.update(tailport="s" if down else "n", headport="n" if down else "s")
        text = _flow_text(flow, self.words)
        if text:
            # Wrapped short (a long label would stretch its edge past what dot can lay
            # out); a label cut short keeps its whole text as the flow's tooltip.
            label = dot_label(wrap_label(text, FLOW_WIDTH, FLOW_LINES))
            tooltip = self._tooltip(text, FLOW_WIDTH, FLOW_LINES)
            if tooltip:
                attributes["tooltip"] = tooltip
            beside_exit = (
                flow.target is None
                and self.lost_source.get(self.phase_of[flow.source]) == flow.source
            )
            if len(self.model.flows) <= LAID_OUT_LABELS and not beside_exit:
                # A true edge label: dot makes room for it beside its own flow, where a
                # label placed after the layout can land on other flows and nodes.
                attributes["label"] = label
            elif beside_exit:
                # The exit shares its step's rank: dot centres a true label on such a
                # short edge, across its own arrow. Placed after the layout, it goes beside.
                attributes["xlabel"] = f"{_PAD}{label}{_PAD}"
            else:
                # Many flows: placed once the nodes are, which keeps dense journeys fast
                # (a label laid out widens the gap it crosses): beside the flow, or where
                # it leaves its step when it goes to another row or to an exit not under it.
                rows = {self.place[end][0] for end in (flow.source, flow.target) if end}
                if len(rows) == 1 and flow.target is not None:
                    attributes["xlabel"] = label
                else:
                    attributes.update(taillabel=label, labeldistance="2", labelangle="30")
        kind = flow.kind
        if kind == "next":
            attributes["color"] = theme.muted
        elif kind == "branch":
            attributes.update(color=theme.text, penwidth="1.4")
        elif kind == "retry":
            attributes.update(style="dashed", color=theme.negative)
        elif kind == "skip":
            attributes.update(style="dotted", color=theme.text, penwidth="1.4")
        elif kind == "loop":
            attributes.update(style="dashed", color=theme.positive)
        else:  # drop-off
            attributes.update(style="bold,dashed", color=theme.negative, fontcolor=theme.negative)
        # The skeleton places every node; flows are drawn over it without moving them.
        attributes["constraint"] = "false"
        graph.edge(source, target, **attributes)

    def _legend(self, graph: graphviz.Digraph) -> None:
        """A line per kind of flow in use, a sample arrow and the word, beside the end.

        The samples are text (:data:`LEGEND_SAMPLES`, told apart by shape), so the legend
        is one small node: it takes one column of ranks and never stretches over the
        columns of the rows.
        """
        kinds = [
            "next",
            *sorted(
                {f.kind for f in self.model.flows} - {"next"},
                key=("branch", "retry", "skip", "loop", "drop-off").index,
            ),
        ]
        if len(kinds) == 1:
            return
        theme = self.theme
        lines = [f"{LEGEND_SAMPLES[kind]}  {self.words[f'flow.{kind}']}" for kind in kinds]
        graph.node(
            "legend",
            # Every line left-aligned (\l ends a line so).
            graphviz.nohtml("".join(f"{dot_label(line)}\\l" for line in lines)),
            id=f"{self.prefix}_legend",
            shape="box",
            style="rounded",
            color=theme.grid,
            fontcolor=theme.text,
            fontsize=str(_EDGE_SIZE),
            margin="0.12,0.08",
        )
        graph.edge("end", "legend", style="invis")


def wrap_label(text: str, width: int = LABEL_WIDTH, max_lines: int = LABEL_LINES) -> list[str]:
    """Break ``text`` into lines of at most ``width`` characters for a cluster label.

    Lines break at spaces; a longer word is cut. Past ``max_lines`` the text ends with
    "…". Graphviz 2.43 cannot route some edges around a cluster whose label is one very
    wide line (``triangulation failed``), so phase names are wrapped before they reach
    :func:`dot_label`. Every line keeps its bidirectional controls closed.

    Example:
        >>> wrap_label("Compare offers from three providers", width=16)
        ['Compare offers', 'from three', 'providers']
        >>> wrap_label("x" * 10, width=4, max_lines=2)
        ['xxxx', 'xxx…']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                cut = cluster_start(word, width) or width
                lines.append(word[:cut])
                word = word[cut:]
                if len(lines) > max_lines:
                    break
            if len(lines) > max_lines:
                break
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= width:
            last = last[: cluster_start(last, width - 1) or width - 1]
        lines[-1] = last + ELLIPSIS
    return [balance_bidi(line) for line in lines] or [""]


def _rows(
    model: JourneyMap,
    lines: Mapping[str, Sequence[str]],
    drop_phases: set[int],
    direction: str,
    *,
    legend: bool = True,
    locale: str = "en",
) -> list[list[str]]:
    """The touchpoint ids of each row of the flow, top to bottom.

    ``LR`` and ``TB`` are one row (``TB`` turns it to a column). ``auto`` packs whole
    phases into rows no wider than a target width (a phase wider than that is split into
    rows of its own, as even as can be), for target widths from the widest touchpoint to
    the whole journey, and estimates each drawing's size from the text (see
    :func:`_estimate`). It keeps the fewest rows that fit :data:`FRAME` at full size no
    more than :data:`ASPECT` times as wide as high (fewest split phases first); when none
    does, the rows that show the text largest within that shape.
    """
    order = [tp.id for tp in model.touchpoints]
    if not order or direction in ("LR", "TB"):
        return [order] if order else []
    size = _Sizes(model, lines, drop_phases, legend, locale)
    best: tuple[float, float, float, float] | None = None
    chosen: list[list[str]] = [order]
    low = max(size.width.values())
    high = sum(size.width.values()) + _RANK_GAP * len(order) + _CLUSTER_PAD * len(model.phases)
    steps = 48
    for step in range(steps + 1):
        target = low * (high / low) ** (step / steps) if high > low else low
        rows, splits = size.pack(target * 1.0001)
        drawn_width, drawn_height = size.estimate(rows)
        scale = min(FRAME[0] / drawn_width, FRAME[1] / drawn_height)
        aspect = max(drawn_width / drawn_height, drawn_height / drawn_width)
        shaped = aspect <= ASPECT
        key: tuple[float, float, float, float]
        if shaped and scale >= 1:
            # Fits the slide at full size: the fewest split phases, then rows.
            key = (1, -splits, -len(rows), scale)
        else:
            shown = scale * (_SPLIT_COST if splits else 1)
            key = (0, shaped, round(shown if shaped else -aspect, 4), -len(rows))
        if best is None or key > best:
            best, chosen = key, [[tp_id for _, chunk in row for tp_id in chunk] for row in rows]
    return chosen


#: A row of the flow: the phases it holds (by index), each with its touchpoints there.
_Row = list[tuple[int, list[str]]]


class _Sizes:
    """Estimated sizes, in points, of what the flow draws, from the text of its labels.

    Graphviz measures text with the same font (Liberation Sans, see
    :mod:`journeymap.text`); the spacing constants were read from what ``dot`` 2.43
    draws. Estimates only choose the rows: nothing is placed from them.
    """

    def __init__(
        self,
        model: JourneyMap,
        lines: Mapping[str, Sequence[str]],
        drop_phases: set[int],
        legend: bool,
        locale: str,
    ) -> None:
        measurer = default_measurer()
        self.width = {
            tp_id: max(54.0, max(measurer.width(line, _NODE_SIZE) for line in text) + 17.3)
            for tp_id, text in lines.items()
        }
        self.height = {
            tp_id: max(36.0, len(text) * _NODE_SIZE * _LEADING + 8.6)
            for tp_id, text in lines.items()
        }
        self.phases: list[tuple[int, list[str], float, float]] = []
        for index, phase in enumerate(model.phases):
            if phase.touchpoints:
                label = wrap_label(phase.name)
                label_width = max(measurer.width(line, _PHASE_SIZE) for line in label)
                label_height = len(label) * _PHASE_SIZE * _LEADING
                ids = [tp.id for tp in phase.touchpoints]
                self.phases.append((index, ids, label_width + _CLUSTER_PAD, label_height))
        self.drop_phases = drop_phases
        title = wrap_label(model.title, TITLE_WIDTH, TITLE_LINES)
        self.title_height = len(title) * _TITLE_SIZE * _LEADING + 22
        # The legend beside the end: a short arrow and a word an entry, one under another.
        kinds = {"next", *(f.kind for f in model.flows)} if legend else {"next"}
        words = words_for(locale)
        self.legend = (0.0, 0.0)
        if len(kinds) > 1:
            widest = max(
                measurer.width(f"{LEGEND_SAMPLES[kind]}  {words[f'flow.{kind}']}", _EDGE_SIZE)
                for kind in kinds
            )
            self.legend = (widest + 17.3, len(kinds) * _EDGE_SIZE * _LEADING + 11.5)

    def run(self, ids: Sequence[str]) -> float:
        """The width of touchpoints side by side."""
        return sum(self.width[i] for i in ids) + _RANK_GAP * (len(ids) - 1)

    def pack(self, target: float) -> tuple[list[_Row], int]:
        """Rows of whole phases no wider than ``target``, and how many phases were split."""
        rows: list[_Row] = []
        row: _Row = []
        width = 0.0
        splits = 0
        for index, ids, label_width, _ in self.phases:
            phase_width = max(label_width, self.run(ids) + _CLUSTER_PAD) + _RANK_GAP
            if row and width + phase_width > target:
                rows.append(row)
                row, width = [], 0.0
            if phase_width <= target or len(ids) == 1:
                row.append((index, ids))
                width += phase_width
                continue
            splits += 1
            count = min(len(ids), max(2, math.ceil(phase_width / target)))
            while True:
                chunks = [
                    ids[i * len(ids) // count : (i + 1) * len(ids) // count] for i in range(count)
                ]
                if count >= len(ids) or max(self.run(c) for c in chunks) + 40 <= target:
                    break
                count += 1
            rows += [[(index, chunk)] for chunk in chunks]
        if row:
            rows.append(row)
        return rows, splits

    def estimate(self, rows: Sequence[_Row]) -> tuple[float, float]:
        """The drawing's width and height, rows laid out as ``dot`` does: ranks as columns."""
        labels = {index: label for index, _, label, _ in self.phases}
        heights = {index: height for index, _, _, height in self.phases}
        columns: list[list[float]] = []
        for number, row in enumerate(rows):
            items = [40.0 if number == 0 else 22.0]
            for index, chunk in row:
                if len(chunk) == 1:
                    items.append(max(self.width[chunk[0]], labels[index] - _CLUSTER_PAD))
                else:
                    items += [self.width[i] for i in chunk]
            if number < len(rows) - 1:
                items.append(22.0)
            else:  # the end, and the legend beside it
                items.append(36.0 + (self.legend[0] + _RANK_GAP if self.legend[0] else 0.0))
            for column, item in enumerate(items):
                if column == len(columns):
                    columns.append([])
                columns[column].append(item)
        width = sum(max(c) for c in columns) + _RANK_GAP * (len(columns) - 1)
        width += _CLUSTER_PAD + 16
        height = self.title_height + _ROW_GAP * (len(rows) - 1)
        for number, row in enumerate(rows):
            tallest = max(self.height[i] for _, chunk in row for i in chunk)
            label = max(heights[index] for index, _ in row)
            lost = any(index in self.drop_phases for index, _ in row)
            # A "lost" exit under its step, the drop-off's label between them.
            row_height = tallest + label + 24 + (36 + _ROW_GAP + _EDGE_SIZE if lost else 0)
            if number == len(rows) - 1:
                row_height = max(row_height, self.legend[1])
            height += row_height
        return width, height


def _balanced(text: str, width: int, max_lines: int) -> list[str]:
    """:func:`wrap_label`, on lines as even as the same number of lines allows."""
    lines = wrap_label(text, width, max_lines)
    if len(lines) < 2 or lines[-1].endswith(ELLIPSIS):
        return lines
    for narrower in range(max(1, len(text) // len(lines)), width):
        even = wrap_label(text, narrower, max_lines)
        if len(even) == len(lines) and not even[-1].endswith(ELLIPSIS):
            return even
    return lines


def _flow_text(flow: Flow, words: Words) -> str:
    """A flow's label as text: its own words and its share, e.g. ``Gives up · 12%``."""
    parts = [flow.label] if flow.label else []
    if flow.share is not None:
        parts.append(words.percent(flow.share * 100, decimals=1))
    return " · ".join(parts)


def _measured_value(model: JourneyMap, touchpoint_id: str) -> float | None:
    """The first measured curve's value at a touchpoint, if any measured curve has one."""
    for curve in model.curves:
        if curve.source == "measured":
            value = curve.value_at(touchpoint_id)
            if value is not None:
                return value
    return None


def _mix(color: str, background: str, amount: float) -> str:
    """``color`` laid over ``background`` at ``amount`` opacity, as an opaque colour."""

    def channels(value: str) -> tuple[int, int, int]:
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)

    front, back = channels(color), channels(background)
    mixed = (round(f * amount + b * (1 - amount)) for f, b in zip(front, back, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)
