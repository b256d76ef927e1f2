"""The ``dot`` renderer: the journey as a Graphviz flow, for journeys that are not lines.

Phases become clusters, touchpoints nodes (coloured by valence, of the first measured
curve's value there when there is one, else of the touchpoint's own emotion; critical
moments outlined boldly), and flows edges styled by kind: next, branch, retry, skip, drop-off
and loop. Without declared ``next`` flows, consecutive touchpoints are joined in journey
order; the other kinds are drawn on top. Drop-offs lead to a "lost" exit of their own
phase, and every edge that would span many ranks (skips, retries, loops) is drawn with
``constraint=false``, so ``dot`` lays out even a thousand steps in seconds.

Every label (title, phases, nodes, edges, legend) goes through one function,
:func:`dot_label`: ``&`` becomes ``&amp;`` (Graphviz decodes entities), backslashes are
doubled, line breaks are written as ``\\n`` (never raw), the label is never read as HTML,
and a label longer than :data:`MAX_QUOTED_BYTES` UTF-8 bytes as written in the source is
shortened with an ellipsis (Graphviz refuses quoted strings of about 16 KB). Node ids are
generated (``start``, ``t1``, ``lost2``…), never taken from user text; the graph's ``id``
is a prefix derived from the map and the options (see
:func:`~journeymap.renderers.options.content_prefix`), so every id in the SVG that
``dot`` makes starts with it. The DOT source needs no binary; the renderer's one image
capability, :meth:`DotRenderer.render_image`, runs ``dot`` (with a timeout) to export
SVG, PNG or PDF (:data:`IMAGE_FORMATS`) for :func:`~journeymap.renderers.save`,
:func:`~journeymap.renderers.render_image` and ``journeymap render --image``.

Options (declared once, in :class:`~journeymap.renderers.options.DotOptions`; the
registry checks them before rendering, and a direct call checks them too):
    direction: ``LR`` (default) or ``TB``.
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
    >>> source = RENDERER.render(j.build(), legend=False)
    >>> "t1 -> t2" in source and "t2 -> lost1" in source
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
    "DETAILS",
    "IMAGE_FORMATS",
    "LABEL_LINES",
    "LABEL_WIDTH",
    "MAX_QUOTED_BYTES",
    "MAX_TIMEOUT",
    "RENDERER",
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
_NODESEP = 0.15
_RANKSEP = 0.35
# What splitting a phase over rows costs, as a factor on the scale of the drawing.
_SPLIT_COST = 0.8
# Graphviz's distance between lines, in font sizes.
_LEADING = 1.1
# How each kind of flow is drawn, in the legend's text.
_SAMPLES = {
    "next": "──▸",
    "branch": "━━▸",
    "retry": "╌╌▸",
    "skip": "┈┈▸",
    "loop": "╌╌↺",
    "drop-off": "╍╍▸",
}
# The widest aspect ratio ``auto`` aims at (with a margin under the 2.5 it promises).
_ASPECT = 1.7
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
    direction: str = "LR",
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
        self.lost_source: dict[int, str] = {}
        for flow in model.flows:
            if flow.kind == "drop-off" and flow.target is None:
                self.lost_source.setdefault(self.phase_of[flow.source], flow.source)
        self.rows = _rows(model, self.lines, self.drop_phases, direction)
        self.starts: list[str] = []
        # One group a row: Graphviz keeps the edges of a group straight.
        self.group = {
            self.node_of[tp_id]: f"row{number + 1}"
            for number, row in enumerate(self.rows)
            for tp_id in row
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
            with graph.subgraph(name=f"cluster_{index + 1}") as cluster:
                color = theme.phase_colors[index % len(theme.phase_colors)]
                cluster.attr(
                    label=dot_label(wrap_label(phase.name)),
                    id=f"{self.prefix}_clust{index + 1}",
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
                for tp in phase.touchpoints:
                    self._touchpoint(cluster, tp)
                if index in self.drop_phases:
                    cluster.node(
                        f"lost{index + 1}",
                        dot_label(self.words["lost"]),
                        shape="box",
                        style="rounded,dashed",
                        color=theme.negative,
                        fontcolor=theme.negative,
                    )
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

    # -- nodes ----------------------------------------------------------------------------

    def _lines(self, tp: Touchpoint) -> list[str]:
        """A touchpoint's label: its wrapped name, then its channel and emotion lines."""
        model, words = self.model, self.words
        lines = wrap_label(tp.name, NAME_WIDTH, NAME_LINES)
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
        label = _flow_label(flow, self.words)
        if label:
            attributes["label"] = label
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
        """One line per kind of flow in use, drawn in its colour, beside the end."""
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
        lines = [f"{_SAMPLES[kind]} {self.words[f'flow.{kind}']}" for kind in kinds]
        graph.node(
            "legend",
            dot_label(lines) + "\\l",
            shape="box",
            style="rounded",
            color=theme.grid,
            fontsize=str(_EDGE_SIZE),
            fontcolor=theme.text,
            id=f"{self.prefix}_legend",
            nojustify="true",
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
) -> list[list[str]]:
    """The touchpoint ids of each row of the flow, top to bottom.

    ``LR`` is one row and ``TB`` one touchpoint a row. ``auto`` packs whole phases into
    rows no wider than a target width (a phase wider than that gets rows of its own),
    trying target widths from the widest touchpoint to the whole journey, and keeps the
    rows whose estimated drawing fits :data:`FRAME` at the largest scale (the fewest rows
    among equals).
    """
    order = [tp.id for tp in model.touchpoints]
    if not order:
        return []
    if direction in ("LR", "TB"):
        return [order]
    measurer = default_measurer()
    inch = 72.0
    widths = {
        tp_id: max(
            0.75 * inch,
            max(measurer.width(line, _NODE_SIZE) for line in text) + 0.24 * inch,
        )
        for tp_id, text in lines.items()
    }
    heights = {
        tp_id: max(0.5 * inch, len(text) * _NODE_SIZE * _LEADING + 0.12 * inch)
        for tp_id, text in lines.items()
    }
    gap = _NODESEP * inch
    phases = [
        (
            index,
            [tp.id for tp in phase.touchpoints],
            max(measurer.width(line, _PHASE_SIZE) for line in wrap_label(phase.name)) + 16,
            len(wrap_label(phase.name)) * _PHASE_SIZE * _LEADING,
        )
        for index, phase in enumerate(model.phases)
        if phase.touchpoints
    ]

    def pack(target: float) -> tuple[list[list[str]], float, float, int]:
        rows: list[list[str]] = []
        splits = 0
        sizes: list[tuple[float, float]] = []  # width, height of each row
        row: list[str] = []
        width = height = 0.0
        for index, ids, label_width, label_height in phases:
            phase_width = max(label_width, sum(widths[i] for i in ids) + gap * (len(ids) - 1))
            phase_width += 16 + gap
            phase_height = max(heights[i] for i in ids) + label_height + 24
            if index in drop_phases:
                phase_height += 0.5 * inch + _RANKSEP * inch
            if row and width + phase_width > target:
                rows.append(row)
                sizes.append((width, height))
                row, width, height = [], 0.0, 0.0
            if phase_width <= target or len(ids) == 1:
                row += ids
                width += phase_width
                height = max(height, phase_height)
                continue
            # A phase wider than a row: rows of its own.
            splits += 1
            count = math.ceil(phase_width / target)
            while count < len(ids):
                chunks = [
                    ids[i * len(ids) // count : (i + 1) * len(ids) // count] for i in range(count)
                ]
                chunk_widths = [16 + gap + sum(widths[i] + gap for i in c) for c in chunks]
                if max(chunk_widths) <= target:
                    break
                count += 1
            else:
                chunks = [[i] for i in ids]
                chunk_widths = [16 + gap + widths[i] + gap for i in ids]
            for chunk, chunk_width in zip(chunks, chunk_widths, strict=True):
                rows.append(chunk)
                sizes.append((chunk_width, max(heights[i] for i in chunk) + gap))
            sizes[-1] = (sizes[-1][0], phase_height)
        if row:
            rows.append(row)
            sizes.append((width, height))
        drawn_width = max(w for w, _ in sizes) + 0.6 * inch + gap
        drawn_height = sum(h for _, h in sizes) + _RANKSEP * inch * (len(sizes) - 1)
        title = wrap_label(model.title, TITLE_WIDTH, TITLE_LINES)
        drawn_height += len(title) * _TITLE_SIZE * _LEADING + 22
        return rows, drawn_width, drawn_height, splits

    low = max(widths.values()) + 16 + gap
    high = sum(widths.values()) + gap * len(widths) + 16 * len(phases) + gap * len(phases)
    best: tuple[bool, float, int] | None = None
    chosen: list[list[str]] = [order]
    steps = 48
    for step in range(steps + 1):
        target = low * (high / low) ** (step / steps) if high > low else low
        rows, drawn_width, drawn_height, splits = pack(target * 1.0001)
        scale = min(FRAME[0] / drawn_width, FRAME[1] / drawn_height)
        if splits:
            scale *= _SPLIT_COST
        aspect = max(drawn_width / drawn_height, drawn_height / drawn_width)
        key = (aspect <= _ASPECT, round(scale if aspect <= _ASPECT else -aspect, 4), -len(rows))
        if best is None or key > best:
            best, chosen = key, rows
    return chosen


def _flow_label(flow: Flow, words: Words) -> str:
    parts = [flow.label] if flow.label else []
    if flow.share is not None:
        parts.append(words.percent(flow.share * 100, decimals=1))
    return dot_label(" · ".join(parts)) if parts else ""


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
