"""Wall time of ``dot -Tsvg`` on journeymap's DOT next to a naive DOT of the same journey.

Run with ``make bench-dot`` or ``.venv/bin/python bench/bench_dot.py [--quick] [--timeout S]``.
A seeded generator builds journeys of 10, 100, 1000 and 3000 steps (phases of about 8
steps, ~10 % retries, ~5 % skips of 2–30 steps, drop-offs from low-emotion steps). Each
journey is laid out twice by the ``dot`` program, as a subprocess with the source on
stdin and the SVG read from a pipe:

* journeymap: ``render(model, "dot")``;
* naive: DOT written here the way a straightforward generator would — one cluster per
  phase, consecutive edges, every flow an ordinary (constrained) edge and every drop-off
  into one shared "lost" node.

Each variant gets a warm-up run and then several timed runs (median and min–max); a run
still going at the timeout is killed and shown as "> N s (killed)", and once the naive
variant has been killed the larger sizes skip it. Every SVG is checked: one node per
touchpoint plus start, end, the "lost" nodes (and journeymap's legend), one edge per flow.

Target: 1000 steps under 5 s median for journeymap's DOT; the ratio naive/journeymap is
printed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass

from journeymap import Journey, JourneyMap, render

TARGET_STEPS = 1000
TARGET_SECONDS = 5.0
CHANNELS = ("web", "app", "email", "phone", "store", "chat")
WORDS = (
    "customer",
    "checks",
    "order",
    "status",
    "payment",
    "delivery",
    "support",
    "account",
    "invoice",
    "compares",
    "prices",
    "reviews",
    "waits",
    "calls",
    "chats",
    "returns",
    "parcel",
)
# Names that need quoting and escaping in DOT, mixed in now and then.
AWKWARD = ('says "no"', "C:\\temp\\new", "a {brace} ; -> edge", "<not html>", "50 % off")

# Graphviz's ids, with or without journeymap's prefix (jm-…_node1).
_NODE = re.compile(r'<g id="(?:[^"]*_)?node\d+" class="node">\s*<title>([^<]*)</title>')
_EDGE = re.compile(r'<g id="(?:[^"]*_)?edge\d+" class="edge">')


# -- the journey --------------------------------------------------------------------------


def journey(steps: int, seed: int = 11) -> JourneyMap:
    """A seeded journey of ``steps`` touchpoints with retries, skips and drop-offs.

    Phases hold 6 to 10 steps. About 10 % of the steps retry (themselves or the step
    before), about 5 % skip 2 to 30 steps ahead (across phases too), and steps that feel
    bad drop customers off (every critical step, half of the negative ones). The shares
    leaving one step add up to at most 0.3 + 0.2 + 0.4 < 1.
    """
    rng = random.Random(seed)
    builder = Journey(f"DOT benchmark {steps}", persona="Benchmark persona")
    ids = [f"s{index + 1}" for index in range(steps)]
    emotions: list[int] = []
    left_in_phase = phases = 0
    for index, step_id in enumerate(ids):
        if left_in_phase == 0:
            left_in_phase = rng.randint(6, 10)
            phases += 1
            builder.phase(f"Phase {phases}")
        left_in_phase -= 1
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.05:
            words += " " + rng.choice(AWKWARD)
        emotion = rng.choice((-2, -1, -1, 0, 0, 1, 1, 2))
        emotions.append(emotion)
        builder.touchpoint(
            f"{words} {index + 1}", id=step_id, channel=rng.choice(CHANNELS), emotion=emotion
        )
    for index, step_id in enumerate(ids):
        if rng.random() < 0.10:
            back = ids[max(0, index - rng.randint(0, 1))]
            builder.flow(
                step_id, back, kind="retry", label="retry", share=round(rng.uniform(0.05, 0.3), 2)
            )
        if rng.random() < 0.05 and index + 2 < steps:
            ahead = ids[min(steps - 1, index + rng.randint(2, 30))]
            builder.flow(step_id, ahead, kind="skip", share=round(rng.uniform(0.05, 0.2), 2))
        if emotions[index] == -2 or (emotions[index] == -1 and rng.random() < 0.5):
            builder.flow(step_id, kind="drop-off", share=round(rng.uniform(0.05, 0.4), 2))
    return builder.build()


# -- the naive DOT ------------------------------------------------------------------------


def quote(text: str) -> str:
    """A DOT double-quoted string showing ``text`` literally (lines joined with ``\\n``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.splitlines() or [""]) + '"'


def naive_dot(model: JourneyMap) -> str:
    """The journey as a straightforward generator writes it: every edge constrained."""
    lines = [
        "digraph journey {",
        "  rankdir=LR;",
        f"  label={quote(model.title)};",
        "  node [shape=box, style=rounded];",
        '  start [shape=circle, label="start"];',
        '  end [shape=doublecircle, label="end"];',
        '  lost [shape=box, style=dashed, label="lost"];',
    ]
    for index, phase in enumerate(model.phases, start=1):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={quote(phase.name)};")
        for tp in phase.touchpoints:
            label = f"{tp.name}\n{tp.channel}\nemotion {tp.emotion}"
            lines.append(f"    {quote(tp.id)} [label={quote(label)}];")
        lines.append("  }")
    order = [tp.id for tp in model.touchpoints]
    lines.append(f"  start -> {quote(order[0])};")
    lines.extend(f"  {quote(a)} -> {quote(b)};" for a, b in itertools.pairwise(order))
    lines.append(f"  {quote(order[-1])} -> end;")
    for flow in model.flows:
        target = "lost" if flow.target is None else quote(flow.target)
        parts = [flow.label or flow.kind]
        if flow.share is not None:
            parts.append(f"{flow.share * 100:g} %")
        lines.append(f"  {quote(flow.source)} -> {target} [label={quote(' '.join(parts))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- expectations and checks --------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """The nodes and edges an SVG of the journey must hold."""

    nodes: Counter[str]
    edges: int


def journey_edges(model: JourneyMap) -> int:
    """Edges of the journey itself: start, consecutive steps, end, and every flow."""
    return len(model.touchpoints) + 1 + len(model.flows)


_CONNECTOR = re.compile(r"^\s*(from|to)(\d+) \[", re.MULTILINE)
_LEGEND_NODE = re.compile(r"^\s*legend\d+[abw] \[", re.MULTILINE)
_LEGEND_EDGE = re.compile(r"^\s*legend\d+\w -> legend\d+\w.*$", re.MULTILINE)


def expected_journeymap(model: JourneyMap, source: str) -> Expected:
    """journeymap's flow: a chain of touchpoints per row of phases, rows joined by circles.

    How many rows the phases fill is the renderer's choice: it is read from the DOT
    ``source`` (a row ends in circle ``toN`` and the next starts from ``fromN``), and the
    SVG must then hold every node and edge that makes. Invisible edges are not drawn,
    so they are not counted.
    """
    connectors = _CONNECTOR.findall(source)
    breaks = sum(kind == "from" for kind, _ in connectors)
    numbers = sorted(int(number) for kind, number in connectors if kind == "to")
    if numbers != list(range(1, breaks + 1)) or len(connectors) != 2 * breaks:
        raise AssertionError(f"row connectors do not pair up: {connectors}")
    rows = breaks + 1 if model.touchpoints else 1
    dropping = {
        phase_index
        for phase_index, phase in enumerate(model.phases, start=1)
        for tp in phase.touchpoints
        for flow in model.flows
        if flow.kind == "drop-off" and flow.target is None and flow.source == tp.id
    }
    # The legend's nodes and visible edges, as the source declares them: nodes with an
    # id of their own (a single legend box) do not count as graph nodes in the SVG.
    legend_nodes = len(_LEGEND_NODE.findall(source))
    legend_edges = sum("invis" not in line for line in _LEGEND_EDGE.findall(source))
    nodes: Counter[str] = Counter(
        touchpoint=len(model.touchpoints),
        start=1,
        end=1,
        lost=len(dropping),
        legend=legend_nodes,
        **{f"{kind}{number}": 1 for kind, number in connectors},
    )
    # Each row: its first node, its touchpoints and its last node in a chain; then flows,
    # and the legend's drawn arrows.
    return Expected(nodes, len(model.touchpoints) + rows + len(model.flows) + legend_edges)


def expected_naive(model: JourneyMap) -> Expected:
    drops = int(any(flow.target is None for flow in model.flows))
    nodes: Counter[str] = Counter(touchpoint=len(model.touchpoints), start=1, end=1, lost=drops)
    return Expected(nodes, journey_edges(model))


def node_kind(title: str) -> str:
    if re.fullmatch(r"t\d+|s\d+", title):
        return "touchpoint"
    if re.fullmatch(r"lost\d*", title):
        return "lost"
    if re.fullmatch(r"legend\d+[abw]", title):
        return "legend"
    return title


def check_svg(svg: str, expected: Expected, what: str) -> int:
    """Raise unless the SVG holds exactly the expected nodes and edges; return the nodes."""
    found = Counter(node_kind(title) for title in _NODE.findall(svg))
    edges = len(_EDGE.findall(svg))
    if +found != +expected.nodes or edges != expected.edges:
        raise AssertionError(
            f"{what}: the SVG has nodes {dict(found)} and {edges} edges; expected nodes "
            f"{dict(+expected.nodes)} and {expected.edges} edges"
        )
    return sum(found.values())


# -- timing -------------------------------------------------------------------------------


class Killed(Exception):
    """``dot`` ran out of time and was killed."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


class DotFailed(Exception):
    """``dot`` exited with an error."""

    def __init__(self, what: str, returncode: int, stderr: str) -> None:
        shown = "\n".join(stderr.splitlines()[:5]) or "no message"
        super().__init__(f"dot failed on {what} (exit {returncode}): {shown}")
        self.returncode = returncode
        self.stderr = stderr


def run_dot(program: str, source: str, timeout: float, what: str) -> tuple[float, str, str]:
    """Lay out ``source`` with ``dot -Tsvg``; return the wall time, the SVG and stderr."""
    data = source.encode("utf-8")
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [program, "-Tsvg"], input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as timeout_error:  # subprocess.run has killed dot
        raise Killed(text(timeout_error.stderr)) from None
    elapsed = time.perf_counter() - start
    stderr = text(result.stderr)
    if result.returncode != 0:
        raise DotFailed(what, result.returncode, stderr)
    return elapsed, result.stdout.decode("utf-8"), stderr


def text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return (data or "").strip()


@dataclass
class Timing:
    """The timed runs of one variant, or why there are none."""

    times: list[float]
    killed: bool = False
    failed: str = ""
    skipped: str = ""
    nodes: int = 0
    stderr: str = ""

    @property
    def finished(self) -> bool:
        return bool(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def time_variant(
    program: str,
    source: str,
    expected: Expected,
    runs: int,
    timeout: float,
    what: str,
    *,
    strict: bool,
) -> Timing:
    """A warm-up run, then ``runs`` timed runs; stop at the first run killed or failed.

    With ``strict``, a failure of ``dot`` raises :class:`DotFailed`; otherwise it is
    recorded. Every SVG is checked against ``expected`` (an :class:`AssertionError` if not).
    """
    timing = Timing([])
    for run in range(runs + 1):
        try:
            elapsed, svg, stderr = run_dot(program, source, timeout, what)
        except Killed as killed:
            timing.killed = True
            timing.stderr = timing.stderr or killed.stderr
            return timing
        except DotFailed as failed:
            if strict:
                raise
            timing.failed = f"dot failed (exit {failed.returncode})"
            timing.stderr = failed.stderr
            return timing
        timing.stderr = timing.stderr or stderr
        timing.nodes = check_svg(svg, expected, what)
        if run > 0:  # run 0 is the warm-up
            timing.times.append(elapsed)
    return timing


def seconds(value: float) -> str:
    if value < 1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def describe(timing: Timing, timeout: float) -> str:
    """Median (min–max) in seconds, or why there is none."""
    if timing.skipped:
        return timing.skipped
    if timing.failed:
        return timing.failed
    if timing.killed:
        return f"> {timeout:g} s (killed)"
    times = timing.times
    return f"{seconds(timing.median)} ({seconds(min(times))}–{seconds(max(times))})"


def ratio(ours: Timing, naive: Timing, timeout: float) -> str:
    if not ours.finished or naive.skipped or naive.failed:
        return "–"
    if naive.killed:
        return f"> {timeout / ours.median:.0f}×"
    return f"{naive.median / ours.median:.1f}×"


def cpus() -> int:
    """The CPUs this process may use, as ``nproc`` counts them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds before a dot run is killed (default 60; 20 with --quick)",
    )
    args = parser.parse_args(argv)
    timeout: float = args.timeout or (20.0 if args.quick else 60.0)
    sizes = [10, 100] if args.quick else [10, 100, 1000, 3000]
    program = shutil.which("dot")
    if program is None:
        print("the Graphviz program 'dot' is needed; install Graphviz", file=sys.stderr)
        return 2
    version = text(subprocess.run([program, "-V"], capture_output=True, check=True).stderr)
    print(
        f"{version}; {cpus()} CPUs; python {sys.version.split()[0]}; "
        f"dot -Tsvg wall time in s, median (min–max); killed after {timeout:g} s"
    )
    print(
        f"{'steps':>5}  {'flows':>5}  {'edges':>5}  {'nodes':>5}  {'runs':>4}  "
        f"{'journeymap':<22}  {'naive':<22}  {'naive/jm':>8}  target"
    )
    stopped: dict[str, str] = {}  # variant -> why the larger sizes skip it
    notes: list[str] = []
    met: bool | None = None
    for size in sizes:
        runs = 1 if args.quick else (5 if size <= 1000 else 3)
        model = journey(size)
        dot_source = render(model, "dot")
        timings: dict[str, Timing] = {}
        for variant, source, expected in (
            ("journeymap", dot_source, expected_journeymap(model, dot_source)),
            ("naive", naive_dot(model), expected_naive(model)),
        ):
            if variant in stopped:
                timings[variant] = Timing([], skipped=stopped[variant])
                continue
            what = f"{variant} DOT, {size} steps"
            timing = time_variant(
                program, source, expected, runs, timeout, what, strict=variant == "journeymap"
            )
            if timing.killed:
                stopped[variant] = f"skipped ({size} killed)"
            elif timing.failed:
                stopped[variant] = f"skipped ({size} failed)"
            if timing.stderr:
                first = timing.stderr.splitlines()[0]
                lines = len(timing.stderr.splitlines())
                notes.append(f"note: dot wrote to stderr on the {what}: {first!r} ({lines} lines)")
            timings[variant] = timing
        ours, naive = timings["journeymap"], timings["naive"]
        target = ""
        if size == TARGET_STEPS:
            met = ours.finished and ours.median < TARGET_SECONDS
            target = f"{'met' if met else 'MISSED'} (< {TARGET_SECONDS:g} s)"
        nodes = str(ours.nodes) if ours.finished else "–"
        print(
            f"{size:>5}  {len(model.flows):>5}  {journey_edges(model):>5}  {nodes:>5}  "
            f"{runs:>4}  {describe(ours, timeout):<22}  {describe(naive, timeout):<22}  "
            f"{ratio(ours, naive, timeout):>8}  {target}"
        )
    verdict = "not measured" if met is None else ("met" if met else "MISSED")
    print(f"target: {TARGET_STEPS} steps under {TARGET_SECONDS:g} s median — {verdict}")
    for note in notes:
        print(note)
    # A missed target is printed; only journeymap's own layout failing is an error.
    return 1 if "journeymap" in stopped else 0


if __name__ == "__main__":
    raise SystemExit(main())
