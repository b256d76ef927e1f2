"""Time and peak memory of every loader and renderer on big maps, each in a fresh process.

Run with ``make bench-scale`` or ``.venv/bin/python bench/bench_scale.py [--quick]
[--timeout S] [--no-write-docs]``. A seeded generator makes realistic maps of 1,000 and
10,000 touchpoints: phases of 10 to 20 touchpoints, names, actions and thoughts of
realistic length, pain points, opportunities, backstage work, metrics now and then, two
curves covering every touchpoint and some retry, skip and drop-off flows. Each map is
written as YAML and JSON (through ``journeymap.dumps``) and pickled. Mermaid ``journey``
texts of about 100 kB and 1 MB come from the generator of ``bench_mermaid.py``
(sections of 4 to 6 tasks, one or two actors per task).

Every run of every operation is a fresh ``python`` process: it imports journeymap, warms
up every loader and renderer on a three-touchpoint map (so imports and one-off set-up are
not counted), reads its input (the text of the file for a loader, the unpickled map for a
renderer), then times the one operation with ``time.perf_counter``. Operations: load
from YAML, from JSON and from Mermaid; render to svg, blueprint, dot, markdown, mermaid,
yaml and json; and ``dot -Tsvg`` on the DOT source at 1,000 touchpoints only (Graphviz's
layout of 10,000 nodes in clusters takes minutes, so it is not run). Time is the median of the
runs. Peak memory is how much the operation raised the process's peak resident memory:
on Linux the kernel's peak counter (``VmHWM``, the figure ``ru_maxrss`` reports) is reset
to the current resident memory just before the operation (``5`` written to
``/proc/self/clear_refs``) and read after it, so the figure is the peak during the
operation minus the resident memory just before, the input already read; elsewhere it
is the rise of ``resource.getrusage(RUSAGE_SELF).ru_maxrss``. For ``dot -Tsvg`` it is
the ``VmHWM`` of the ``dot`` process, sampled every 5 ms (its ``ru_maxrss`` would include
the Python process it was forked from). One more process per operation measures the
peak of Python's own allocations during the operation with ``tracemalloc`` (exact and
free of allocator noise; it slows the run, so it is not timed). The resident memory the
input adds when read (the map held in memory) is reported too.

Growth: the ratio of the larger size to the smaller (10× more touchpoints, or about
10× more Mermaid bytes) is printed for every figure; linear growth gives about 10×, a
ratio above 15× is flagged. A run still going after the timeout is killed and shown as
"over N s". The full run writes its tables into docs/performance.md between the
``<!-- scale:begin -->`` and ``<!-- scale:end -->`` markers (the rest of the page
belongs to ``bench_mermaid.py``). ``--quick`` measures tiny sizes in one run each and
writes nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import pickle
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs" / "performance.md"
BEGIN = "<!-- scale:begin -->"
END = "<!-- scale:end -->"

SIZES = (1_000, 10_000)
QUICK_SIZES = (20, 200)
MERMAID_BYTES = (100_000, 1_000_000)
QUICK_MERMAID_BYTES = (2_000, 20_000)
DOT_LAYOUT_UP_TO = 1_000  # touchpoints; dot -Tsvg on 10,000 takes minutes
FLAG = 15.0  # a 10× larger input taking more than this many times is flagged
DEFAULT_TIMEOUT = 120.0
FORMATS = ("svg", "blueprint", "dot", "markdown", "mermaid", "yaml", "json")

WORDS = (
    "the",
    "customer",
    "checks",
    "order",
    "status",
    "on",
    "website",
    "and",
    "compares",
    "delivery",
    "options",
    "before",
    "paying",
    "invoice",
    "with",
    "a",
    "card",
    "while",
    "support",
    "answers",
    "questions",
    "about",
    "returns",
    "refunds",
    "parcel",
    "that",
    "arrives",
    "late",
    "after",
    "two",
    "calls",
    "to",
    "service",
    "desk",
    "where",
    "an",
    "agent",
    "explains",
    "fees",
    "prices",
    "discounts",
    "account",
    "settings",
    "needed",
    "track",
    "every",
    "step",
    "of",
    "journey",
    "from",
    "first",
    "visit",
    "renewal",
)
PHASES = ("Discover", "Research", "Compare", "Decide", "Buy", "Wait", "Receive", "Use")
CHANNELS = ("web", "app", "email", "phone", "store", "chat")
ACTORS = (
    ("customer", "Customer", "customer"),
    ("agent", "Support agent", "frontstage"),
    ("courier", "Courier", "partner"),
    ("billing", "Billing system", "system"),
)


# -- the inputs ---------------------------------------------------------------------------


def journey_data(touchpoints: int, seed: int) -> dict[str, Any]:
    """A seeded map of ``touchpoints`` touchpoints as journeymap data.

    Phases hold 10 to 20 touchpoints. Every touchpoint has a name of 3 to 6 words, an
    action of 8 to 16, one or two thoughts, a channel, one or two actors and an emotion;
    about 40 % have a pain point, 30 % an opportunity, 25 % backstage work, 10 % a
    metric. Two curves give a value at every touchpoint. About 5 % of the touchpoints
    retry, 3 % skip ahead and every critical one (emotion -2) drops some customers off.
    """
    rng = random.Random(seed)

    def sentence(low: int, high: int) -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
        return " ".join(words).capitalize()

    phases: list[dict[str, Any]] = []
    ids: list[str] = []
    emotions: list[int] = []
    while len(ids) < touchpoints:
        size = min(rng.randint(10, 20), touchpoints - len(ids))
        number = len(phases) + 1
        items = []
        for _ in range(size):
            tp_id = f"t{len(ids) + 1}"
            emotion = rng.choice((-2, -1, -1, 0, 0, 1, 1, 2))
            item: dict[str, Any] = {
                "id": tp_id,
                "name": f"{sentence(3, 6)} {len(ids) + 1}",
                "action": sentence(8, 16) + ".",
                "channel": rng.choice(CHANNELS),
                "actors": sorted(rng.sample([actor[0] for actor in ACTORS], rng.randint(1, 2))),
                "emotion": emotion,
                "thoughts": [sentence(6, 14) + "." for _ in range(rng.randint(1, 2))],
            }
            if rng.random() < 0.4:
                item["pain_points"] = [sentence(5, 12) + "."]
            if rng.random() < 0.3:
                item["opportunities"] = [sentence(5, 12) + "."]
            if rng.random() < 0.25:
                item["backstage"] = [sentence(4, 10) + "."]
            if rng.random() < 0.1:
                item["metrics"] = [
                    {"kind": "csat", "value": round(rng.uniform(1, 5), 1), "target": 4, "n": 120}
                ]
            items.append(item)
            ids.append(tp_id)
            emotions.append(emotion)
        phases.append(
            {
                "id": f"p{number}",
                "name": f"{PHASES[(number - 1) % len(PHASES)]} {number}",
                "goal": sentence(4, 9) + ".",
                "touchpoints": items,
            }
        )
    flows: list[dict[str, Any]] = []
    for index, tp_id in enumerate(ids):
        draw = rng.random()
        if emotions[index] == -2:
            flows.append(
                {"source": tp_id, "kind": "drop-off", "share": round(rng.uniform(0.05, 0.3), 2)}
            )
        elif draw < 0.05 and index > 0:
            flows.append(
                {"source": tp_id, "target": ids[index - 1], "kind": "retry", "label": "again"}
            )
        elif draw < 0.08 and index + 3 < len(ids):
            target = ids[min(len(ids) - 1, index + rng.randint(2, 12))]
            flows.append({"source": tp_id, "target": target, "kind": "skip", "share": 0.2})
    survey = {
        tp_id: max(-2, min(2, e + rng.choice((-1, 0, 0, 1))))
        for tp_id, e in zip(ids, emotions, strict=True)
    }
    future = {tp_id: max(e, 1) for tp_id, e in zip(ids, emotions, strict=True)}
    return {
        "title": f"Scale benchmark of {touchpoints} touchpoints",
        "description": sentence(12, 20) + ".",
        "persona": {
            "name": "Busy parent",
            "description": sentence(10, 16) + ".",
            "goals": [sentence(4, 8) + "."],
        },
        "actors": [{"id": i, "name": n, "role": r} for i, n, r in ACTORS],
        "phases": phases,
        "flows": flows,
        "curves": [
            {"id": "survey", "name": "Survey", "source": "measured", "n": 240, "points": survey},
            {"id": "target", "name": "Target", "source": "future", "points": future},
        ],
    }


def _bench_mermaid() -> ModuleType:
    """``bench_mermaid.py`` beside this file, imported for its journey generator."""
    spec = importlib.util.spec_from_file_location("bench_mermaid", HERE / "bench_mermaid.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_mermaid", module)
    spec.loader.exec_module(module)
    return module


def mermaid_journey(size: int, seed: int) -> tuple[str, int]:
    """A Mermaid ``journey`` text of about ``size`` bytes and its number of tasks."""
    bench = _bench_mermaid()

    def text(tasks: int) -> str:
        return str(bench.mermaid_text(bench.generate(tasks, seed)))

    sample = 500
    per_task = len(text(sample).encode()) / sample
    tasks = max(4, round(size / per_task))
    return text(tasks), tasks


# -- one run, in its own process ----------------------------------------------------------

TINY = """\
title: Warm-up
actors: [{id: me, name: Me}]
phases:
  - id: shop
    name: Shop
    touchpoints:
      - {id: a, name: Looks, emotion: 1, channel: web, actors: [me], thoughts: [Nice]}
      - {id: b, name: Pays, emotion: -1, metrics: [{kind: csat, value: 3}]}
      - {id: c, name: Gets it, emotion: 2}
flows: [{source: b, target: a, kind: retry}]
curves: [{id: s, name: Survey, points: {a: 0, b: -2, c: 1}}]
"""
TINY_MERMAID = "journey\n  title Warm-up\n  section Shop\n    Looks: 4: Me\n    Pays: 2: Me, Cat\n"


def _status(pid: int | str, field: str) -> int | None:
    """A memory figure of ``/proc/<pid>/status`` in bytes, e.g. ``VmHWM``; ``None`` if absent."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as file:
            for line in file:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024  # kB
    except (OSError, ValueError):
        pass
    return None


def _dot_layout(source: str) -> tuple[str, int]:
    """``dot -Tsvg`` on ``source``: the SVG and dot's peak resident memory in bytes.

    The peak is dot's own ``VmHWM``, read every 5 ms while it runs: its ``ru_maxrss``
    would include the resident memory of this Python process, which it inherits across
    fork and exec.
    """
    process = subprocess.Popen(
        ["dot", "-Tsvg"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _status(process.pid, "VmHWM") or 0)
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        svg, errors = process.communicate(source)
    finally:
        done.set()
        sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"dot exited with {process.returncode}: {errors.strip()}")
    return svg, peak


def _operation(name: str) -> tuple[str, Callable[[Any], Any]]:
    """What a run reads (``text`` or ``model``) and the operation it times."""
    from journeymap import loads, render

    if name.startswith("load-"):
        source = name.removeprefix("load-")
        return "text", lambda text: loads(text, source)  # type: ignore[arg-type]
    if name.startswith("render-"):
        return "model", lambda model: render(model, name.removeprefix("render-"))
    if name == "dot-layout":
        return "text", _dot_layout
    raise SystemExit(f"unknown operation {name!r}")


class PeakMeter:
    """How much an operation raises the process's peak resident memory, in bytes.

    On Linux the kernel's peak counter (``VmHWM``, what ``ru_maxrss`` reports) is reset
    to the current resident memory by writing ``5`` to ``/proc/self/clear_refs`` just
    before the operation, so the figure is the peak during the operation minus the
    resident memory just before it. Where that is not possible, it is the rise of
    ``ru_maxrss`` across the operation, which misses memory used below an earlier peak.
    """

    def __init__(self) -> None:
        self.reset = False
        self.before = 0

    def start(self) -> None:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as file:
                file.write("5")
            self.reset = _status("self", "VmHWM") is not None
        except OSError:
            self.reset = False
        self.before = (_status("self", "VmRSS") or 0) if self.reset else _maxrss()

    def stop(self) -> int:
        after = (_status("self", "VmHWM") or 0) if self.reset else _maxrss()
        return max(0, after - self.before)


def _maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def child(name: str, path: str, trace: bool) -> None:
    """Run one operation once and print its figures as JSON (the ``--child`` mode)."""
    import gc
    import tracemalloc
    import warnings

    from journeymap import loads, render

    warnings.simplefilter("ignore")  # Mermaid import and export notes
    tiny = loads(TINY)
    for fmt in FORMATS:
        output = render(tiny, fmt)
        if fmt in ("yaml", "json", "mermaid"):
            loads(output, fmt)  # type: ignore[arg-type]
    loads(TINY_MERMAID, "mermaid")
    del tiny, output
    reads, operation = _operation(name)
    gc.collect()
    ready = _status("self", "VmRSS") or 0
    if reads == "model":
        with open(path, "rb") as file:
            value = pickle.load(file)
    else:
        value = Path(path).read_text(encoding="utf-8")
    gc.collect()
    held = (_status("self", "VmRSS") or 0) - ready
    meter = PeakMeter()
    meter.start()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = operation(value)
    seconds = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    tracemalloc.stop()
    rise = meter.stop()
    dot = 0
    if isinstance(result, tuple):
        result, dot = result
    figures = {
        "seconds": seconds,
        "rise": rise,
        "reset": meter.reset,
        "held": held,
        "dot": dot,
        "traced": traced,
        "output": len(result) if isinstance(result, str) else 0,
    }
    print(json.dumps(figures))


# -- measuring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One operation on one input, to run ``runs`` times."""

    operation: str  # as shown, e.g. "render svg"
    name: str  # as the child knows it, e.g. "render-svg"
    which: str  # "small" or "large"
    path: Path
    runs: int
    trace: str  # "apart": one more traced run; "inside": the timed run traced; "": none


@dataclass
class Measure:
    """The runs of one job."""

    seconds: list[float] = field(default_factory=list)
    rises: list[int] = field(default_factory=list)  # bytes: ru_maxrss after - before
    dot_peaks: list[int] = field(default_factory=list)  # bytes: ru_maxrss of dot
    held: int = 0  # bytes: what reading the input added to the resident memory
    traced: int | None = None  # bytes: tracemalloc's peak
    output: int = 0  # characters
    timed_out: float | None = None  # the timeout, when a run was killed
    failed: str = ""  # what a run that failed said
    skipped: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


class ChildFailed(Exception):
    """A run exited with an error; the message is the last line it printed."""


def run_child(name: str, path: Path, timeout: float, *, trace: bool) -> dict[str, Any] | None:
    """One fresh process running ``name`` on ``path``; ``None`` if it outlived the timeout."""
    command = [sys.executable, str(HERE / "bench_scale.py"), "--child", name, str(path)]
    if trace:
        command.append("--trace")
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise ChildFailed(f"{' '.join(command[1:])}: {lines[-1]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure(job: Job, timeout: float) -> Measure:
    """Run a job's processes one after the other; stop at the first that fails or times out."""
    found = Measure()
    try:
        return _measure(job, timeout, found)
    except ChildFailed as error:
        found.failed = str(error)
        return found


def _measure(job: Job, timeout: float, found: Measure) -> Measure:
    for _ in range(job.runs):
        figures = run_child(job.name, job.path, timeout, trace=job.trace == "inside")
        if figures is None:
            found.timed_out = timeout
            return found
        found.seconds.append(figures["seconds"])
        found.rises.append(figures["rise"])
        found.dot_peaks.append(figures["dot"])
        found.held = figures["held"]
        found.output = figures["output"]
        found.traced = figures["traced"]
    if job.trace == "apart":
        figures = run_child(job.name, job.path, timeout * 4, trace=True)
        if figures is not None:
            found.traced = figures["traced"]
    return found


@dataclass
class Row:
    """One operation at the smaller and the larger size."""

    operation: str
    small: Measure
    large: Measure

    def peak(self, found: Measure) -> int | None:
        """Bytes: the median rise of ru_maxrss, or dot's own peak for the layout."""
        if not found.rises:
            return None
        peaks = found.dot_peaks if self.operation == DOT_LAYOUT else found.rises
        return int(statistics.median(peaks))


DOT_LAYOUT = "dot -Tsvg"


# -- reporting ----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def mb(size: int | None) -> str:
    return "–" if size is None else f"{size / 2**20:.1f}"


def time_cell(found: Measure) -> str:
    if found.skipped:
        return "not run"
    if found.failed:
        return "failed"
    if found.timed_out is not None:
        return f"over {found.timed_out:g} s"
    median = found.median
    return "–" if median is None else ms(median)


# Rises of ru_maxrss below this are allocator noise, not a figure to divide by.
RSS_FLOOR = 2**20


def ratio(small: float | None, large: float | None, *, floor: float = 0.0) -> str:
    """``large / small`` marked FLAG above 15×; ``–`` when either is missing or too small."""
    if small is None or large is None or small <= floor:
        return "–"
    value = large / small
    return f"{value:.1f}×" + (" FLAG" if value > FLAG else "")


def cells(row: Row) -> list[str]:
    """A row's cells: operation, then time, peak and traced memory at both sizes and ×."""
    s_peak, l_peak = row.peak(row.small), row.peak(row.large)
    s_traced, l_traced = row.small.traced, row.large.traced
    return [
        row.operation,
        time_cell(row.small),
        time_cell(row.large),
        ratio(row.small.median, row.large.median),
        mb(s_peak),
        mb(l_peak),
        ratio(s_peak, l_peak, floor=RSS_FLOOR),
        mb(s_traced),
        mb(l_traced),
        ratio(s_traced, l_traced),
    ]


def header(small: str, large: str) -> list[str]:
    return [
        "operation",
        f"ms, {small}",
        f"ms, {large}",
        "×",
        f"peak MiB, {small}",
        f"peak MiB, {large}",
        "×",
        f"traced MiB, {small}",
        f"traced MiB, {large}",
        "×",
    ]


def table(rows: list[Row], small: str, large: str) -> list[str]:
    """The rows as a Markdown table."""
    return [
        "| " + " | ".join(header(small, large)) + " |",
        "| --- |" + " ---: |" * 9,
        *("| " + " | ".join(cells(row)) + " |" for row in rows),
    ]


def text_table(rows: list[Row], small: str, large: str) -> list[str]:
    """The rows as plain columns for the terminal."""
    grid = [header(small, large), *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in grid) for i in range(len(grid[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in grid
    ]


def flagged(rows: list[Row]) -> list[str]:
    """The operations with a ratio above the flag."""
    return [row.operation for row in rows if any("FLAG" in cell for cell in cells(row))]


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def graphviz_version() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
        return done.stderr.strip().removeprefix("dot - ").removeprefix("graphviz version ")
    return "not installed"


# -- main ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """The sizes, runs and timeout of one benchmark run."""

    sizes: tuple[int, int]
    mermaid_bytes: tuple[int, int]
    runs: tuple[int, int]
    timeout: float
    quick: bool


@dataclass
class Results:
    """Everything one run measured, with what it needs to describe itself."""

    maps: list[Row]
    mermaid: list[Row]
    files: dict[str, int]  # bytes, by input name
    held: tuple[int, int]  # bytes: a map of each size in memory
    seconds: float = 0.0


def prepare(plan: Plan, work: Path) -> dict[str, Path]:
    """Write every input into ``work``; return their paths by name."""
    from journeymap import JourneyMap, dumps, render

    paths: dict[str, Path] = {}
    for which, size in zip(("small", "large"), plan.sizes, strict=True):
        model = JourneyMap.model_validate(journey_data(size, seed=size))
        for fmt in ("yaml", "json"):
            paths[f"{which}.{fmt}"] = work / f"map-{size}.{fmt}"
            text = dumps(model, fmt)
            paths[f"{which}.{fmt}"].write_text(text, encoding="utf-8")
        paths[f"{which}.pickle"] = work / f"map-{size}.pickle"
        paths[f"{which}.pickle"].write_bytes(pickle.dumps(model))
        paths[f"{which}.gv"] = work / f"map-{size}.gv"
        paths[f"{which}.gv"].write_text(render(model, "dot"), encoding="utf-8")
    for which, size in zip(("small", "large"), plan.mermaid_bytes, strict=True):
        text, _ = mermaid_journey(size, seed=size)
        paths[f"{which}.mmd"] = work / f"journey-{size}.mmd"
        paths[f"{which}.mmd"].write_text(text, encoding="utf-8")
    return paths


# The operations of the map table: as shown, as a run knows it, the input it reads.
OPERATIONS = [
    ("load YAML", "load-yaml", "yaml"),
    ("load JSON", "load-json", "json"),
    *((f"render {fmt}", f"render-{fmt}", "pickle") for fmt in FORMATS),
    (DOT_LAYOUT, "dot-layout", "gv"),
]


def jobs(plan: Plan, paths: dict[str, Path]) -> list[Job]:
    """Every job of the run, in the order the tables show them."""
    trace = "inside" if plan.quick else "apart"
    found: list[Job] = []
    for operation, name, key in OPERATIONS:
        for which, size, runs in zip(("small", "large"), plan.sizes, plan.runs, strict=True):
            if name == "dot-layout" and (size > DOT_LAYOUT_UP_TO or not shutil.which("dot")):
                continue
            traced = "" if name == "dot-layout" else trace
            found.append(Job(operation, name, which, paths[f"{which}.{key}"], runs, traced))
    for which, runs in zip(("small", "large"), plan.runs, strict=True):
        found.append(Job("load Mermaid", "load-mermaid", which, paths[f"{which}.mmd"], runs, trace))
    return found


def run(plan: Plan, work: Path, say: Callable[[str], None]) -> Results:
    """Prepare the inputs and measure every operation.

    The full run starts one process at a time; ``--quick`` as many at once as there are
    CPUs (its times mean nothing, only that every path works).
    """
    start = time.perf_counter()
    paths = prepare(plan, work)
    say(f"inputs written to {work}")
    todo = jobs(plan, paths)
    measures: dict[tuple[str, str], Measure] = {}
    with ThreadPoolExecutor(max_workers=cpus() if plan.quick else 1) as pool:
        for job, found in zip(
            todo, pool.map(lambda job: measure(job, plan.timeout), todo), strict=True
        ):
            measures[job.operation, job.which] = found
            figure = found.failed or f"{time_cell(found)} ms"
            say(f"measured {job.operation}, {job.which}: {figure}")

    def row(operation: str) -> Row:
        small = measures.get((operation, "small"), Measure(skipped=True))
        large = measures.get((operation, "large"), Measure(skipped=True))
        return Row(operation, small, large)

    names = dict.fromkeys(operation for operation, _, _ in OPERATIONS)
    maps = [row(name) for name in names]
    held = (measures["render json", "small"].held, measures["render json", "large"].held)
    files = {name: path.stat().st_size for name, path in paths.items()}
    return Results(maps, [row("load Mermaid")], files, held, time.perf_counter() - start)


def size_text(size: int) -> str:
    """A file size in decimal units, as file sizes are given: ``"1.02 MB"``, ``"98 kB"``."""
    return f"{size / 1e6:.2f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def labels(plan: Plan, results: Results) -> tuple[str, str, str, str]:
    """How the tables name the two map sizes and the two Mermaid files."""
    small, large = (f"{size:,} tp" for size in plan.sizes)
    m_small, m_large = (size_text(results.files[f"{w}.mmd"]) for w in ("small", "large"))
    return small, large, m_small, m_large


def wrapped(*paragraphs: str) -> list[str]:
    """Paragraphs of prose wrapped at 88 columns, a blank line between them."""
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(paragraph, 88, break_long_words=False, break_on_hyphens=False))
    return lines


def section(plan: Plan, results: Results) -> list[str]:
    """The Markdown section written into docs/performance.md."""
    import journeymap

    small, large, m_small, m_large = labels(plan, results)
    flags = flagged(results.maps + results.mermaid)
    files = "; ".join(
        f"{size:,} touchpoints: YAML {size_text(results.files[w + '.yaml'])}, JSON "
        f"{size_text(results.files[w + '.json'])}, DOT {size_text(results.files[w + '.gv'])}"
        for w, size in zip(("small", "large"), plan.sizes, strict=True)
    )
    held = " and ".join(f"{mb(size)} MiB" for size in results.held)
    return [
        BEGIN,
        "## Scale",
        "",
        *wrapped(
            "Written by `make bench-scale` (`bench/bench_scale.py`); the rest of this page "
            "by `make bench-mermaid`."
        ),
        "",
        f"* Machine: {cpu_model()}, {cpus()} CPUs",
        f"* Python {sys.version.split()[0]}, journeymap {journeymap.__version__}, "
        f"Graphviz {graphviz_version()}",
        "",
        *wrapped(
            f"One seeded generator makes maps of {plan.sizes[0]:,} and {plan.sizes[1]:,} "
            "touchpoints: phases of 10 to 20 touchpoints, names of 3 to 6 words, actions of "
            "8 to 16, one or two thoughts each, pain points, opportunities and backstage "
            "work on a quarter to two fifths of them, a metric on one in ten, two curves "
            "with a value at every touchpoint, and retry, skip and drop-off flows. The "
            f"files: {files}. Held in memory, the maps take {held} of resident memory.",
            "Every run is a fresh `python` process that imports journeymap, warms every "
            "loader and renderer up on a three-touchpoint map, reads its input (the file's "
            "text for a loader, the unpickled map for a renderer) and times the one "
            f"operation. **ms** is the median of {plan.runs[0]} runs at the smaller size "
            f"and {plan.runs[1]} at the larger. **peak MiB** is how much the operation "
            "raised the process's peak resident memory: the kernel's peak counter "
            "(`VmHWM`, what `ru_maxrss` reports) is reset to the current resident memory "
            "just before the operation (by writing `5` to `/proc/self/clear_refs`) and read "
            "just after, minus the resident memory before; for `dot -Tsvg` it is the "
            "`VmHWM` of the `dot` process, sampled every 5 ms. **traced MiB** is the peak "
            "of Python's own allocations during the operation under `tracemalloc`, from "
            "one more process (exact, but blind to memory outside Python's allocator). "
            "**×** is the larger figure divided by the smaller: linear growth gives about "
            f"10×; above {FLAG:g}× is marked FLAG. Peaks under 1 MiB are allocator noise "
            "and get no ratio. File sizes are in decimal units (1 MB = 10⁶ bytes), memory "
            "in binary ones (1 MiB = 2²⁰ bytes).",
        ),
        "",
        f"### Maps of {plan.sizes[0]:,} and {plan.sizes[1]:,} touchpoints",
        "",
        *table(results.maps, small, large),
        "",
        *wrapped(
            f"`{DOT_LAYOUT}` is Graphviz laying out journeymap's DOT source. It runs at "
            f"{DOT_LAYOUT_UP_TO:,} touchpoints only: Graphviz's layout is not linear in "
            f"the number of nodes (see `make bench-dot`) and takes minutes at {SIZES[1]:,}; "
            "it is Graphviz's code, not journeymap's, whose own part, the DOT source, is in "
            "the table above."
        ),
        "",
        "### Mermaid journeys of about 100 kB and 1 MB",
        "",
        *wrapped(
            f"Mermaid `journey` texts of {m_small} and {m_large} (sections of 4 to 6 tasks, "
            "one or two actors per task, from the generator of `bench/bench_mermaid.py`), "
            'imported with `journeymap.loads(text, "mermaid")`.'
        ),
        "",
        *table(results.mermaid, m_small, m_large),
        "",
        *wrapped(
            "Every ratio is under the flag."
            if not flags
            else "Growing faster than linear (FLAG): " + ", ".join(flags) + ". A time "
            "flagged while the memory of the same operation grows about 10× may be the "
            "machine (other processes, caches) or the garbage collector's passes over a "
            "bigger heap: a re-run on a quiet machine tells."
        ),
        END,
    ]


def write_section(lines: Sequence[str]) -> None:
    """Replace the marked section of docs/performance.md, or append it."""
    block = "\n".join(lines)
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def workdir(quick: bool) -> Iterator[Path]:
    if quick:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
            yield Path(name)
    else:
        work = ROOT / "build" / "bench-scale"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        yield work


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--child"]:
        child(args_list[1], args_list[2], "--trace" in args_list[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run, no docs")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds before a run is killed (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--write-docs",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the scale section of docs/performance.md (default: on, off with --quick)",
    )
    args = parser.parse_args(args_list)
    if args.quick and args.write_docs:
        parser.error("--quick does not write docs/performance.md")
    write = not args.quick if args.write_docs is None else args.write_docs
    plan = Plan(
        sizes=QUICK_SIZES if args.quick else SIZES,
        mermaid_bytes=QUICK_MERMAID_BYTES if args.quick else MERMAID_BYTES,
        runs=(1, 1) if args.quick else (5, 3),
        timeout=args.timeout,
        quick=args.quick,
    )
    print(
        f"python {sys.version.split()[0]}; {cpus()} CPUs; a fresh process per run; "
        f"timeout {plan.timeout:g} s",
        flush=True,
    )
    with workdir(args.quick) as work:
        results = run(plan, work, lambda line: print(line, flush=True))
    small, large, m_small, m_large = labels(plan, results)
    print()
    for line in text_table(results.maps, small, large):
        print(line)
    print()
    for line in text_table(results.mermaid, m_small, m_large):
        print(line)
    print()
    flags = flagged(results.maps + results.mermaid)
    print("flagged: " + (", ".join(flags) if flags else "none"))
    print(f"whole run: {results.seconds:.0f} s")
    failures = [
        found.failed
        for row in results.maps + results.mermaid
        for found in (row.small, row.large)
        if found.failed
    ]
    if failures:
        print("failed (docs/performance.md left alone):", *failures, sep="\n  ")
        return 1
    if write:
        write_section(section(plan, results))
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
