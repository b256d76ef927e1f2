"""journeymap against Mermaid's ``journey`` diagram rendered by the Mermaid CLI (``mmdc``).

Run with ``make bench-mermaid`` or ``.venv/bin/python bench/bench_mermaid.py [--quick]
[--no-write-docs]``. One seeded generator makes journeys of sections (phases) of about
five tasks (touchpoints), each with a score from 1 to 5 and one or two actors, and writes
every journey twice from the same data: as Mermaid ``journey`` text and as a journeymap
YAML file with a 1..5 scale (through ``journeymap.dumps``). Three tools draw them:

* journeymap: the ``journeymap`` console script of this virtual environment, and
  ``render(model, "svg")`` in process;
* the floor: the same YAML parsed with PyYAML, validated with ``JourneyMap.model_validate``
  and written by a minimal string writer (one rect and one escaped text per task), as a
  fresh ``python`` process and in process: the distance to it shows what is left to gain;
* mmdc: ``@mermaid-js/mermaid-cli@11.17.0`` (12.x needs Node 22), installed from the npm
  registry into ``build/mermaid-cli/`` when missing, with ``PUPPETEER_SKIP_DOWNLOAD=1``,
  driving Debian's ``/usr/bin/chromium`` headless.

Measures: a fresh process rendering one map of 10 and of 1000 touchpoints; 200 maps of
10 (``journeymap render`` on 200 files, SVG and Markdown, ``-j 2``; one ``mmdc``
Markdown batch of 200 diagrams); the same ``journeymap render`` again with nothing
changed (its cache skips every map); ``render()`` in process for 10, 100 and 1000
touchpoints; and where a fresh process spends its time (imports, reading and
validating, layout, writing; svgwrite's writer beside the direct one). Each process
measure gets a warm-up run of each tool, timed runs in which the tools alternate
(median, min–max of the wall time from spawn to exit) and one more run in which the
peak memory of the whole process tree (the sum of the RSS of the process and all its
descendants, Chromium's included) is sampled from /proc every 10 ms. Every output is
checked: one touchpoint card per touchpoint in journeymap's SVG, a Markdown file per
map, every task drawn and no error diagram in mmdc's, and nothing rewritten by the run
with nothing changed.

Targets (ratios from the same run): fresh process, 10 and 1000 touchpoints: journeymap
≥ 8× faster than mmdc; the 200-map batch ≥ 60× (per map); the second run of the batch
under 1 s; peak memory ≤ 1/5 of mmdc's process tree. A missed target is printed as
MISSED; the exit status is 1 only with ``--strict`` (or when an output check fails,
which raises). The full run writes docs/performance.md. ``--quick`` runs journeymap
and the floor only (10 touchpoints, 5 maps, one run): no npm, no mmdc, no docs.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import functools
import html
import inspect
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import journeymap
from journeymap import JourneyMap, dumps, render

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
MERMAID_DIR = BUILD / "mermaid-cli"
MMDC = MERMAID_DIR / "node_modules" / ".bin" / "mmdc"
MERMAID_CLI = "@mermaid-js/mermaid-cli@11.17.0"
NPM_FLAGS = ("--no-audit", "--no-fund", "--loglevel=error")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
# mmdc's default maxTextSize (50,000 characters) makes it draw an error diagram for big
# journeys while exiting 0.
MERMAID_CONFIG = {"maxTextSize": 10_000_000, "maxEdges": 1_000_000}
DOCS = ROOT / "docs" / "performance.md"
SAMPLE_SECONDS = 0.01
RUN_TIMEOUT = 300.0

TARGET_FRESH_10 = 8.0
TARGET_BATCH = 60.0
TARGET_FRESH_1000 = 8.0
TARGET_UNCHANGED = 1.0  # seconds for the whole batch when nothing changed
BATCH_JOBS = "2"  # journeymap render -j
TARGET_MEMORY = 5.0  # mmdc's tree uses at least this many times journeymap's peak

ACTORS = ("Customer", "Partner", "Courier", "Agent", "Cashier", "Friend")
VERBS = ("Checks", "Compares", "Opens", "Reads", "Pays", "Waits for", "Calls", "Returns")
OBJECTS = (
    "order status",
    "prices",
    "delivery slot",
    "invoice",
    "account",
    "reviews",
    "parcel",
    "support chat",
    "payment page",
    "return label",
)
PHASES = ("Discover", "Compare", "Buy", "Wait", "Receive", "Use", "Return", "Renew")


# -- the journeys -------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One task of a Mermaid journey, one touchpoint of a journeymap map."""

    name: str
    score: int
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A Mermaid section, a journeymap phase."""

    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Spec:
    """A journey both tools draw."""

    title: str
    sections: tuple[Section, ...]

    @property
    def tasks(self) -> list[Task]:
        return [task for section in self.sections for task in section.tasks]


def generate(touchpoints: int, seed: int) -> Spec:
    """A seeded journey of ``touchpoints`` tasks in sections of 4 to 6.

    Names hold letters, digits and spaces only: nothing Mermaid's journey grammar treats
    specially (``:`` ``#`` ``;``).
    """
    rng = random.Random(seed)
    sections: list[Section] = []
    made = 0
    while made < touchpoints:
        size = min(rng.randint(4, 6), touchpoints - made)
        tasks = []
        for _ in range(size):
            made += 1
            actors = tuple(sorted(rng.sample(ACTORS, rng.randint(1, 2)), key=ACTORS.index))
            name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {made}"
            tasks.append(Task(name, rng.randint(1, 5), actors))
        sections.append(Section(f"{rng.choice(PHASES)} {len(sections) + 1}", tuple(tasks)))
    return Spec(f"Benchmark journey of {touchpoints} touchpoints", tuple(sections))


def mermaid_text(spec: Spec) -> str:
    """The journey as a Mermaid ``journey`` diagram."""
    lines = ["journey", f"  title {spec.title}"]
    for section in spec.sections:
        lines.append(f"  section {section.name}")
        lines.extend(
            f"    {task.name}: {task.score}: {', '.join(task.actors)}" for task in section.tasks
        )
    return "\n".join(lines) + "\n"


def actor_id(name: str) -> str:
    return name.lower()


def map_data(spec: Spec) -> dict[str, Any]:
    """The journey as journeymap data: scale 1..5, customer actors, emotion = score."""
    used = {actor for task in spec.tasks for actor in task.actors}
    number = 0
    phases = []
    for index, section in enumerate(spec.sections, start=1):
        touchpoints = []
        for task in section.tasks:
            number += 1
            touchpoints.append(
                {
                    "id": f"t{number}",
                    "name": task.name,
                    "emotion": task.score,
                    "actors": [actor_id(actor) for actor in task.actors],
                }
            )
        phases.append({"id": f"p{index}", "name": section.name, "touchpoints": touchpoints})
    return {
        "title": spec.title,
        "scale": "1..5",
        "actors": [
            {"id": actor_id(actor), "name": actor, "role": "customer"}
            for actor in ACTORS
            if actor in used
        ],
        "phases": phases,
    }


# -- the floor: the least a renderer of the validated map can do --------------------------


def xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def floor_svg(model: JourneyMap) -> str:
    """One rect and one escaped text per task, placed by the emotion; nothing measured."""
    width = 160 * len(model.touchpoints) + 20
    height = 60 + 30 * (model.scale.max - model.scale.min) + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">',
        f'<title>{xml_escape(model.title)}</title><g font-family="sans-serif" font-size="12">',
    ]
    x = 10
    for phase in model.phases:
        parts.append(f'<text x="{x}" y="20">{xml_escape(phase.name)}</text>')
        for tp in phase.touchpoints:
            level = model.scale.max - (tp.emotion if tp.emotion is not None else model.scale.max)
            y = 40 + 30 * level
            parts.append(
                f'<g class="task"><rect x="{x}" y="{y}" width="150" height="50" fill="#eef"/>'
                f'<text x="{x + 6}" y="{y + 28}">{xml_escape(tp.name)}</text></g>'
            )
            x += 160
    parts.append("</g></svg>\n")
    return "".join(parts)


def floor_of(data: dict[str, Any]) -> str:
    """The floor in process: validate the map, then write it."""
    return floor_svg(JourneyMap.model_validate(data))


def floor_script() -> str:
    """A tiny script: ``python floor.py OUT_DIR FILE...`` writes OUT_DIR/<stem>.svg each."""
    return "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "",
            "import yaml",
            "",
            "from journeymap.model import JourneyMap",
            "",
            "",
            inspect.getsource(xml_escape),
            "",
            inspect.getsource(floor_svg),
            "",
            'loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)',
            "out = Path(sys.argv[1])",
            "for name in sys.argv[2:]:",
            "    path = Path(name)",
            '    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)',
            "    model = JourneyMap.model_validate(data)",
            '    (out / (path.stem + ".svg")).write_text(floor_svg(model), encoding="utf-8")',
            "",
        ]
    )


# -- checks -------------------------------------------------------------------------------

_CARD = re.compile(r'<g id="[^"]*-tp-[^"]*-touchpoints"')
_FLOOR_TASK = re.compile(r'<g class="task">')
_MERMAID_TASK = re.compile(r'class="task task-type-\d+"')
_TEXT = re.compile(r"<(?:tspan|text)\b[^>]*>([^<]*)(?=<)")


def check_journeymap(svg: str, spec: Spec, what: str) -> int:
    cards = len(_CARD.findall(svg))
    if cards != len(spec.tasks):
        raise AssertionError(f"{what}: {cards} touchpoint cards; expected {len(spec.tasks)}")
    return cards


def check_floor(svg: str, spec: Spec, what: str) -> int:
    tasks = len(_FLOOR_TASK.findall(svg))
    if tasks != len(spec.tasks):
        raise AssertionError(f"{what}: {tasks} tasks; expected {len(spec.tasks)}")
    return tasks


def check_mermaid(svg: str, spec: Spec, what: str) -> int:
    """Raise if mmdc drew an error diagram or left out a task; return the tasks drawn."""
    if 'aria-roledescription="journey"' not in svg:
        role = re.search(r'aria-roledescription="([^"]*)"', svg)
        found = role.group(1) if role else "none"
        raise AssertionError(f"{what}: mmdc drew a {found!r} diagram, not a journey")
    texts = {html.unescape(text).strip() for text in _TEXT.findall(svg)}
    for marker in ("Syntax error", "Maximum text size", "Parse error"):
        if any(marker in text for text in texts):
            raise AssertionError(f"{what}: mmdc drew an error: {marker!r}")
    missing = [task.name for task in spec.tasks if task.name not in texts]
    if missing:
        raise AssertionError(f"{what}: {len(missing)} tasks not drawn, e.g. {missing[0]!r}")
    drawn = len(_MERMAID_TASK.findall(svg))
    if drawn != len(spec.tasks):
        raise AssertionError(f"{what}: {drawn} task boxes; expected {len(spec.tasks)}")
    return drawn


# -- processes: wall time and the peak memory of the whole tree ---------------------------

PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: str) -> tuple[int, int] | None:
    """The parent pid and the RSS in bytes of a process, or ``None`` if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            data = file.read()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2 :].split()
    return int(fields[1]), int(fields[21]) * PAGE


def tree_rss(root: int) -> int:
    """The sum of the RSS of ``root`` and every process descending from it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(name)
            if stat is not None:
                children.setdefault(stat[0], []).append(int(name))
                rss[int(name)] = stat[1]
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


class TreeSampler(threading.Thread):
    """Polls the RSS of a process tree every 10 ms and keeps the largest sum."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self.samples += 1
            self._stop_event.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class Launch:
    """One run of a command."""

    seconds: float
    peak: int  # bytes; 0 unless sampled


def launch(command: Sequence[str], env: dict[str, str], log: Path, *, sample: bool) -> Launch:
    """Run ``command`` in its own session; raise if it fails or outlives the timeout."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        sampler = TreeSampler(process.pid) if sample else None
        if sampler is not None:
            sampler.start()
        timer = threading.Timer(RUN_TIMEOUT, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        peak = 0
        if sampler is not None:
            sampler.stop()
            peak = sampler.peak
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-10:]
        raise RuntimeError(
            f"{shlex.join(command)} exited with {process.returncode}:\n" + "\n".join(tail)
        )
    return Launch(elapsed, peak)


# -- the measures -------------------------------------------------------------------------


@dataclass
class Row:
    """The result of one tool on one measure."""

    measure: str
    tool: str
    times: list[float]
    peak: int | None = None  # bytes
    checked: int = 0  # touchpoints found in the checked outputs of one run
    command: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass
class Job:
    """A command to time, how to clear its outputs and how to check them."""

    tool: str
    command: list[str]
    clear: Callable[[], None]
    check: Callable[[], int]
    sample: bool = True  # add a run that samples the peak memory
    display: str = ""  # the command as the docs show it, when shorter than the real one


def relative(path: Path | str) -> str:
    text = str(path)
    prefix = str(ROOT) + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def shown(command: Sequence[str]) -> str:
    return shlex.join(relative(part) for part in command)


def time_job(measure: str, job: Job, runs: int, env: dict[str, str], log: Path) -> Row:
    """A warm-up run, ``runs`` timed runs and one sampled run; every output checked."""
    row = Row(measure, job.tool, [], command=job.display or shown(job.command))
    for run in range(runs + 2 if job.sample else runs + 1):
        job.clear()
        sample = run == runs + 1  # the last run samples memory, apart from the timed ones
        result = launch(job.command, env, log, sample=sample)
        row.checked = job.check()
        if sample:
            row.peak = result.peak
        elif run > 0:  # run 0 is the warm-up
            row.times.append(result.seconds)
    return row


def time_jobs(
    measure: str, jobs: list[Job], runs: int, env: dict[str, str], log: Path
) -> list[Row]:
    """Like :func:`time_job` for several tools at once, their timed runs alternating.

    Each tool gets its warm-up run, then the tools take turns, one timed run each, so
    a change in the machine's load falls on all of them alike; then each sampled run.
    """
    rows = [Row(measure, job.tool, [], command=job.display or shown(job.command)) for job in jobs]
    for job, row in zip(jobs, rows, strict=True):  # warm-up
        job.clear()
        launch(job.command, env, log, sample=False)
        row.checked = job.check()
    for _ in range(runs):
        for job, row in zip(jobs, rows, strict=True):
            job.clear()
            row.times.append(launch(job.command, env, log, sample=False).seconds)
            row.checked = job.check()
    for job, row in zip(jobs, rows, strict=True):
        if job.sample:
            job.clear()
            row.peak = launch(job.command, env, log, sample=True).peak
            row.checked = job.check()
    return rows


def time_call(measure: str, tool: str, function: Callable[[], object], runs: int) -> Row:
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return Row(measure, tool, times)


def clear_dir(path: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)

    return clear


def clear_files(paths: Sequence[Path]) -> Callable[[], None]:
    def clear() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    return clear


def write_map(spec: Spec, folder: Path, stem: str) -> Path:
    """Write the journeymap YAML (through ``journeymap.dumps``) and the Mermaid text."""
    folder.mkdir(parents=True, exist_ok=True)
    model = JourneyMap.model_validate(map_data(spec))
    path = folder / f"{stem}.yaml"
    path.write_text(dumps(model), encoding="utf-8")
    (folder / f"{stem}.mmd").write_text(mermaid_text(spec), encoding="utf-8")
    return path


@dataclass
class Tools:
    """Where the programs are."""

    journeymap: Path
    python: Path
    floor: Path
    mmdc: Path | None
    puppeteer: Path | None
    mermaid: Path | None


RENDER_FLAGS = ("-f", "svg", "-o")
BATCH_FLAGS = ("-f", "svg", "-f", "markdown", "-j", BATCH_JOBS, "-o")


def mmdc_configs(tools: Tools) -> list[str]:
    """mmdc's options naming the puppeteer and the mermaid configs."""
    if tools.puppeteer is None or tools.mermaid is None:
        raise ValueError("mmdc needs its configs: call setup_mmdc() first")
    return ["-p", str(tools.puppeteer), "-c", str(tools.mermaid)]


def single_jobs(tools: Tools, spec: Spec, folder: Path) -> list[Job]:
    """The jobs of a fresh process rendering one map."""
    source = write_map(spec, folder, "map")
    size = len(spec.tasks)
    jobs = [
        Job(
            "journeymap",
            [str(tools.journeymap), "render", str(source), *RENDER_FLAGS, str(folder / "jm"), "-q"],
            clear_dir(folder / "jm"),
            lambda: check_journeymap(
                (folder / "jm" / "map.svg").read_text(encoding="utf-8"), spec, f"journeymap {size}"
            ),
        ),
        Job(
            "floor",
            [str(tools.python), str(tools.floor), str(folder / "floor"), str(source)],
            clear_dir(folder / "floor"),
            lambda: check_floor(
                (folder / "floor" / "map.svg").read_text(encoding="utf-8"), spec, f"floor {size}"
            ),
        ),
    ]
    if tools.mmdc is not None:
        configs = mmdc_configs(tools)
        out = folder / "mmdc.svg"
        jobs.append(
            Job(
                "mmdc",
                [str(tools.mmdc), "-i", str(folder / "map.mmd"), "-o", str(out), *configs],
                clear_files([out]),
                lambda: check_mermaid(out.read_text(encoding="utf-8"), spec, f"mmdc {size}"),
            )
        )
    return jobs


def batch_jobs(tools: Tools, specs: list[Spec], folder: Path) -> list[Job]:
    """The jobs rendering many maps with one command."""
    stems = [f"map-{index:03d}" for index in range(1, len(specs) + 1)]
    sources = [write_map(spec, folder, stem) for spec, stem in zip(specs, stems, strict=True)]

    def check(tool: str, out: Path, checker: Callable[[str, Spec, str], int]) -> Callable[[], int]:
        def run() -> int:
            if tool == "journeymap":  # the Markdown of every map, beside its SVG
                for spec, stem in zip(specs, stems, strict=True):
                    markdown = (out / f"{stem}.md").read_text(encoding="utf-8")
                    if spec.title not in markdown:
                        raise AssertionError(f"journeymap {stem}.md lacks its title")
            return sum(
                checker((out / f"{stem}.svg").read_text(encoding="utf-8"), spec, f"{tool} {stem}")
                for spec, stem in zip(specs, stems, strict=True)
            )

        return run

    def display(before: list[str], after: list[str]) -> str:
        """The command with the sources as the shell glob that lists them in order."""
        glob = relative(folder / "map-*.yaml")
        return " ".join(part for part in (shown(before), glob, shown(after)) if part)

    jm_out, floor_out = folder / "jm", folder / "floor"
    jm_before, jm_after = [str(tools.journeymap), "render"], [*BATCH_FLAGS, str(jm_out), "-q"]
    floor_before = [str(tools.python), str(tools.floor), str(floor_out)]
    jobs = [
        Job(
            "journeymap",
            [*jm_before, *map(str, sources), *jm_after],
            clear_dir(jm_out),
            check("journeymap", jm_out, check_journeymap),
            display=display(jm_before, jm_after),
        ),
        Job(
            "floor",
            [*floor_before, *map(str, sources)],
            clear_dir(floor_out),
            check("floor", floor_out, check_floor),
            display=display(floor_before, []),
        ),
    ]
    if tools.mmdc is not None:
        configs = mmdc_configs(tools)
        blocks = [
            f"## {spec.title} ({stem})\n\n```mermaid\n{mermaid_text(spec)}```\n"
            for spec, stem in zip(specs, stems, strict=True)
        ]
        (folder / "batch.md").write_text(
            "# Benchmark batch\n\n" + "\n".join(blocks), encoding="utf-8"
        )
        mm_out = folder / "mmdc"
        mm_out.mkdir(exist_ok=True)
        # mmdc writes out-1.svg ... out-N.svg next to out.md, one per diagram.
        svgs = [mm_out / f"out-{index}.svg" for index in range(1, len(specs) + 1)]

        def check_mmdc() -> int:
            return sum(
                check_mermaid(svg.read_text(encoding="utf-8"), spec, f"mmdc batch {svg.name}")
                for spec, svg in zip(specs, svgs, strict=True)
            )

        jobs.append(
            Job(
                "mmdc",
                [
                    str(tools.mmdc),
                    "-i",
                    str(folder / "batch.md"),
                    "-o",
                    str(mm_out / "out.md"),
                    *configs,
                ],
                clear_dir(mm_out),
                check_mmdc,
            )
        )
    return jobs


def unchanged_job(batch: Job, out: Path) -> Job:
    """The journeymap batch again over its own outputs: every map is up to date.

    The check fails if any output was written again (its modification time changed).
    """
    stamps: dict[Path, int] = {}

    def remember() -> None:
        stamps.clear()
        outputs = [path for path in out.iterdir() if path.suffix in (".svg", ".md")]
        stamps.update((path, path.stat().st_mtime_ns) for path in outputs)

    def check() -> int:
        changed = [p.name for p, ns in stamps.items() if p.stat().st_mtime_ns != ns]
        if not stamps or changed:
            raise AssertionError(f"nothing changed, yet outputs were rewritten: {changed[:5]}")
        return batch.check()

    return Job("journeymap", batch.command, remember, check, display=batch.display)


def python_job(tools: Tools) -> Job:
    """The interpreter alone, for scale (too short-lived to sample its memory)."""
    return Job(
        "bare python", [str(tools.python), "-c", "pass"], lambda: None, lambda: 0, sample=False
    )


# -- where a fresh process spends its time ------------------------------------------------

SPLIT_SCRIPT = """\
import json, sys, time
start = time.perf_counter()
import journeymap.cli
from journeymap import load
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.renderers.options import SvgOptions, validate_options
from journeymap.renderers.svg.layout import layout
from journeymap.renderers.svg.write import write
imported = time.perf_counter()
model = load(sys.argv[1])
loaded = time.perf_counter()
with cyclic_gc_paused():
    o = validate_options("svg", SvgOptions, {})
    scene = layout(model, theme=o.theme, locale=o.locale or model.locale, lanes=o.lanes,
                   curve=o.curve, column_width=o.column_width, legend=o.legend,
                   phases=o.phases, header=o.header, id_prefix=o.id_prefix)
    laid = time.perf_counter()
    svg = write(scene)
    written = time.perf_counter()
    import svgwrite
    svgwrite_imported = time.perf_counter()
    from journeymap.renderers.svg.draw import draw_with_svgwrite
    again = draw_with_svgwrite(scene)
    done = time.perf_counter()
if again != svg:
    raise SystemExit("svgwrite's document differs from the direct writer's")
print(json.dumps({
    "imports": imported - start, "read and validate": loaded - imported,
    "layout": laid - loaded, "write": written - laid,
    "import svgwrite": svgwrite_imported - written, "write with svgwrite": done - svgwrite_imported,
    "elements": scene.count(), "bytes": len(svg.encode("utf-8")),
}))
"""

SPLIT_PHASES = [
    "imports",
    "read and validate",
    "layout",
    "write",
    "import svgwrite",
    "write with svgwrite",
]


@dataclass
class Split:
    """The median of each phase of one map's render over fresh processes."""

    touchpoints: int
    runs: int
    phases: dict[str, float]
    elements: int
    size: int  # bytes of SVG


def measure_split(source: Path, touchpoints: int, runs: int, env: dict[str, str]) -> Split:
    """Run :data:`SPLIT_SCRIPT` ``runs`` times (after a warm-up); the median of each phase."""
    results = []
    for run in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", SPLIT_SCRIPT, str(source)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=RUN_TIMEOUT,
        )
        if run > 0:
            results.append(json.loads(out.stdout))
    phases = {name: statistics.median(r[name] for r in results) for name in SPLIT_PHASES}
    return Split(touchpoints, runs, phases, results[0]["elements"], results[0]["bytes"])


def split_table(splits: list[Split], *, markdown: bool) -> list[str]:
    headers = ["touchpoints", "runs", *(f"{name} ms" for name in SPLIT_PHASES), "elements"]
    headers += ["µs/element", "µs/element svgwrite"]
    cells = [
        [
            str(split.touchpoints),
            str(split.runs),
            *(ms(split.phases[name]) for name in SPLIT_PHASES),
            str(split.elements),
            f"{split.phases['write'] / split.elements * 1e6:.1f}",
            f"{split.phases['write with svgwrite'] / split.elements * 1e6:.1f}",
        ]
        for split in splits
    ]
    if markdown:
        return [
            "| " + " | ".join(headers) + " |",
            "| " + " | ".join("---:" for _ in headers) + " |",
            *("| " + " | ".join(line) + " |" for line in cells),
        ]
    widths = [max(len(line[i]) for line in [headers, *cells]) for i in range(len(headers))]
    return [
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in [headers, *cells]
    ]


# -- setting up mmdc ----------------------------------------------------------------------


def output_of(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    """The first line of a program's standard output, or a note if it cannot run."""
    try:
        result = subprocess.run(
            list(command), capture_output=True, text=True, env=env, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({type(exc).__name__})"
    lines = result.stdout.strip().splitlines()
    return lines[0] if lines else f"unavailable (exit {result.returncode})"


def install_mmdc(env: dict[str, str]) -> None:
    """Install the Mermaid CLI into build/mermaid-cli/ with npm, never downloading a browser."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install the Mermaid CLI; install Node.js 20")
    MERMAID_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing {MERMAID_CLI} into {relative(MERMAID_DIR)}/ ...", flush=True)
    command = [npm, "install", "--prefix", str(MERMAID_DIR), *NPM_FLAGS, MERMAID_CLI]
    subprocess.run(command, env=env, stdin=subprocess.DEVNULL, check=True, timeout=900)
    if not MMDC.exists():
        raise SystemExit(f"npm install finished but {relative(MMDC)} is missing")


def setup_mmdc(env: dict[str, str]) -> tuple[Path, Path, Path]:
    """mmdc, its puppeteer config and its mermaid config; install mmdc if missing."""
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing; install Debian's chromium (make system-deps)")
    if not MMDC.exists():
        install_mmdc(env)
    puppeteer = MERMAID_DIR / "puppeteer.json"
    puppeteer.write_text(
        json.dumps({"executablePath": str(CHROMIUM), "args": list(CHROMIUM_ARGS)}, indent=2) + "\n",
        encoding="utf-8",
    )
    mermaid = MERMAID_DIR / "mermaid.json"
    mermaid.write_text(json.dumps(MERMAID_CONFIG, indent=2) + "\n", encoding="utf-8")
    return MMDC, puppeteer, mermaid


# -- the report ---------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def timing(row: Row) -> str:
    return f"{ms(row.median)} ({ms(min(row.times))}–{ms(max(row.times))})"


def megabytes(row: Row) -> str:
    return "–" if row.peak is None else f"{row.peak / 2**20:.0f}"


def peer(rows: list[Row], row: Row, tool: str) -> Row | None:
    return next((r for r in rows if r.measure == row.measure and r.tool == tool), None)


def columns(rows: list[Row], row: Row) -> list[str]:
    """Measure, tool, runs, time, peak MB, × floor, mmdc ÷ tool, memory ÷ mmdc, checked."""
    floor = peer(rows, row, "floor")
    mmdc = peer(rows, row, "mmdc")
    versus_floor = (
        f"{row.median / floor.median:.2f}" if floor and row.tool not in ("floor", "mmdc") else ""
    )
    faster = f"{mmdc.median / row.median:.1f}×" if mmdc and row.tool != "mmdc" else ""
    memory = ""
    if mmdc and row.tool != "mmdc" and row.peak and mmdc.peak:
        memory = f"1/{mmdc.peak / row.peak:.1f}"
    checked = str(row.checked) if row.checked else ""
    return [
        row.measure,
        row.tool,
        str(len(row.times)),
        timing(row),
        megabytes(row),
        versus_floor,
        faster,
        memory,
        checked,
    ]


HEADERS = [
    "measure",
    "tool",
    "runs",
    "median ms (min–max)",
    "peak MB",
    "× floor",
    "mmdc ÷ tool",
    "memory vs mmdc",
    "checked",
]


def text_table(rows: list[Row]) -> list[str]:
    cells = [HEADERS, *(columns(rows, row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]
    right = {2, 3, 4, 5, 6, 7, 8}
    return [
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]


def markdown_table(rows: list[Row]) -> list[str]:
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "| " + " | ".join("---" if i < 2 else "---:" for i in range(len(HEADERS))) + " |",
    ]
    lines += ["| " + " | ".join(columns(rows, row)) + " |" for row in rows]
    return lines


@dataclass
class Target:
    """One target of the issue and how this run did."""

    name: str
    wanted: str
    got: str
    met: bool | None  # None: not measured


def targets(rows: list[Row]) -> list[Target]:
    def speedup(measure: str, goal: float, name: str) -> Target:
        jm = next((r for r in rows if r.measure == measure and r.tool == "journeymap"), None)
        mmdc = next((r for r in rows if r.measure == measure and r.tool == "mmdc"), None)
        if jm is None or mmdc is None:
            return Target(name, f"≥ {goal:g}× faster", "not measured", None)
        ratio = mmdc.median / jm.median
        return Target(name, f"≥ {goal:g}× faster", f"{ratio:.1f}× faster", ratio >= goal)

    batch = next((r.measure for r in rows if r.measure.startswith(BATCH)), "")
    count = batch.split(", ")[-1] if batch else "the maps"
    found = [
        speedup(FRESH_10, TARGET_FRESH_10, "fresh process, 10 touchpoints"),
        speedup(batch, TARGET_BATCH, f"batch of {count}, SVG and Markdown, -j {BATCH_JOBS}"),
        speedup(FRESH_1000, TARGET_FRESH_1000, "fresh process, 1000 touchpoints"),
    ]
    again = next((r for r in rows if r.measure.startswith(UNCHANGED)), None)
    wanted = f"< {TARGET_UNCHANGED:g} s"
    if again is None:
        found.append(Target("the batch again, nothing changed", wanted, "not measured", None))
    else:
        found.append(
            Target(
                f"the batch again, nothing changed ({again.measure.split(', ')[-1]})",
                wanted,
                f"{again.median:.2f} s",
                again.median < TARGET_UNCHANGED,
            )
        )
    pairs = [
        (row, mmdc)
        for row in rows
        if row.tool == "journeymap"
        and row.peak
        and (mmdc := peer(rows, row, "mmdc")) is not None
        and mmdc.peak
    ]
    if pairs:
        worst = min(mmdc.peak / row.peak for row, mmdc in pairs if row.peak and mmdc.peak)
        found.append(
            Target(
                "peak memory, worst of the process measures",
                f"≤ 1/{TARGET_MEMORY:g} of mmdc's tree",
                f"1/{worst:.1f}",
                worst >= TARGET_MEMORY,
            )
        )
    else:
        found.append(Target("peak memory", f"≤ 1/{TARGET_MEMORY:g}", "not measured", None))
    return found


def verdict(target: Target) -> str:
    return "not measured" if target.met is None else ("met" if target.met else "MISSED")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def versions(tools: Tools, env: dict[str, str]) -> dict[str, str]:
    import pydantic

    found = {
        "python": sys.version.split()[0],
        "journeymap": journeymap.__version__,
        "pydantic": pydantic.VERSION,
        "PyYAML": yaml.__version__,
    }
    if tools.mmdc is not None:
        found["node"] = output_of(["node", "--version"], env)
        found["mmdc (@mermaid-js/mermaid-cli)"] = output_of([str(tools.mmdc), "--version"], env)
        found["chromium"] = output_of([str(CHROMIUM), "--version"], env)
    return found


def reading(rows: list[Row]) -> list[str]:
    """A few sentences on the figures, from the figures."""

    def get(measure: str, tool: str) -> Row | None:
        return next((r for r in rows if r.measure == measure and r.tool == tool), None)

    text: list[str] = []
    jm, floor, mmdc, bare = (
        get(FRESH_10, "journeymap"),
        get(FRESH_10, "floor"),
        get(FRESH_10, "mmdc"),
        get(FRESH_10, "bare python"),
    )
    inproc = get(INPROC.format(10), "journeymap")
    if jm and floor and mmdc:
        text.append(
            f"* One map of 10 touchpoints in a fresh process: journeymap takes {ms(jm.median)} ms, "
            f"mmdc {ms(mmdc.median)} ms ({mmdc.median / jm.median:.1f}× slower), the floor "
            f"{ms(floor.median)} ms (mmdc ÷ floor = {mmdc.median / floor.median:.1f}×). "
            f"journeymap spends {ms(jm.median - floor.median)} ms more than the floor"
            + (
                f"; its in-process render() of the same size takes {ms(inproc.median)} ms, so "
                "the rest is start-up and exit: imports, reading the file, tearing down"
                if inproc
                else ""
            )
            + (f". The bare interpreter alone starts in {ms(bare.median)} ms." if bare else ".")
        )
    big_jm, big_mmdc = get(FRESH_1000, "journeymap"), get(FRESH_1000, "mmdc")
    big_in = get(INPROC.format(1000), "journeymap")
    big_fl = get(FRESH_1000, "floor")
    if big_jm and big_mmdc:
        text.append(
            f"* 1000 touchpoints in a fresh process: journeymap {ms(big_jm.median)} ms against "
            f"{ms(big_mmdc.median)} ms for mmdc ({big_mmdc.median / big_jm.median:.1f}×)"
            + (
                f"; render() alone takes {ms(big_in.median)} ms of it (the layout of every "
                "card and lane included, where mmdc draws one box per task), the other "
                f"{ms(big_jm.median - big_in.median)} ms go to start-up, reading and "
                "validating the file, writing and exit"
                if big_in
                else ""
            )
            + (
                f"; the floor reads, validates and writes the same file in {ms(big_fl.median)} ms."
                if big_fl
                else "."
            )
        )
    batch = next((r.measure for r in rows if r.measure.startswith(BATCH)), "")
    batch_jm, batch_mmdc = get(batch, "journeymap"), get(batch, "mmdc")
    batch_floor = get(batch, "floor")
    if batch_jm and batch_mmdc:
        count = int(batch.split(", ")[-1].split()[0])
        text.append(
            f"* {count} maps of 10: one `journeymap render -j {BATCH_JOBS}` writing SVG and "
            f"Markdown takes {ms(batch_jm.median)} ms ({ms(batch_jm.median / count)} ms a map), "
            f"one mmdc Markdown batch {ms(batch_mmdc.median)} ms "
            f"({ms(batch_mmdc.median / count)} ms a diagram; "
            f"{batch_mmdc.median / batch_jm.median:.1f}× journeymap's time)"
            + (
                f"; the floor (SVG only, one process) takes {ms(batch_floor.median)} ms."
                if batch_floor
                else "."
            )
            + " mmdc starts Chromium once for the batch and renders one diagram at a time "
            f"(its `--jobs` defaults to half the CPUs: {max(1, cpus() // 2)} here)."
        )
    again = next((r for r in rows if r.measure.startswith(UNCHANGED)), None)
    if again is not None:
        text.append(
            f"* The same command again with nothing changed takes {ms(again.median)} ms: the "
            "cache in the output folder finds every map up to date and writes nothing (the "
            "benchmark checks that no output's modification time changed)."
        )
    peaks = [(r, peer(rows, r, "mmdc")) for r in rows if r.tool == "journeymap" and r.peak]
    described = [
        f"{r.measure}: {r.peak / 2**20:.0f} MB against {m.peak / 2**20:.0f} MB"
        for r, m in peaks
        if m is not None and m.peak and r.peak
    ]
    if described:
        text.append(
            "* Peak memory, journeymap against mmdc's whole tree (node and every Chromium "
            "process; RSS summed, so pages shared between Chromium's processes count once "
            "per process): " + "; ".join(described) + "."
        )
    return text


def split_reading(splits: list[Split]) -> list[str]:
    """What the split says: where a fresh process's time goes, and svgwrite's cost."""
    text = []
    for split in splits:
        phases = split.phases
        total = sum(phases[name] for name in SPLIT_PHASES[:4])
        text.append(
            f"* {split.touchpoints} touchpoints ({split.elements} elements, "
            f"{split.size / 1000:.0f} kB of SVG): of {ms(total)} ms, imports take "
            f"{ms(phases['imports'])} ms, reading and validating {ms(phases['read and validate'])}"
            f" ms, layout {ms(phases['layout'])} ms and writing {ms(phases['write'])} ms. "
            f"svgwrite would add {ms(phases['import svgwrite'])} ms of import and write the "
            f"same bytes in {ms(phases['write with svgwrite'])} ms "
            f"({phases['write with svgwrite'] / phases['write']:.0f}× the direct writer)."
        )
    return text


def cuts(splits: list[Split]) -> list[str]:
    """What was cut from a render's time, with this run's figures."""
    big = splits[-1]
    write, slow = (big.phases[name] for name in ("write", "write with svgwrite"))
    return [
        "* **svgwrite off the default path.** The SVG was written through svgwrite: an "
        "svgwrite element per scene element, an ElementTree built from them, then "
        "serialised. `journeymap.renderers.svg.write` now writes the same document "
        f"directly, as escaped strings. Decision, on the figures above: at {big.touchpoints} "
        f"touchpoints svgwrite takes {slow / big.elements * 1e6:.1f} µs an element against "
        f"{write / big.elements * 1e6:.1f} µs ({ms(slow)} ms against {ms(write)} ms, where the "
        f"layout takes {ms(big.phases['layout'])} ms), and its import adds "
        f"{ms(big.phases['import svgwrite'])} ms to every fresh process, for the same bytes; "
        "so the direct writer is the default. svgwrite stays for `validate=True` (its SVG "
        "1.1 checks of every element and attribute) and for users who want an editable "
        "drawing (`journeymap.renderers.svg.draw.to_drawing`). The tests compare both "
        "writers byte for byte on every example in every theme, the golden edge cases, "
        "generated maps and generated scenes.",
        "* **Nothing imported that a render does not use.** An SVG render does not import "
        "svgwrite (only `validate=True` does); `import journeymap` loads no third-party "
        "package (tests/test_lazy_import.py checks both in a fresh interpreter).",
        "* **Kept:** pydantic's validation of every map (building the model's validators "
        "is part of the imports above) and byte-identical output.",
    ]


def write_docs(
    rows: list[Row], splits: list[Split], tools: Tools, env: dict[str, str], started: str
) -> None:
    found = versions(tools, env)
    commands = [row.command for row in rows if row.command]
    lines = [
        "# Performance",
        "",
        "journeymap against Mermaid's `journey` diagram rendered by the official Mermaid CLI",
        "(`mmdc`, which drives a headless Chromium). This page is written by",
        "`make bench-mermaid` (`bench/bench_mermaid.py`) and holds its latest full run;",
        "the figures below come from that one run, except those of the Scale section at",
        "the end, written by `make bench-scale` (`bench/bench_scale.py`).",
        "",
        f"Run: {started} (UTC).",
        "",
        "## Machine",
        "",
        f"* CPU: {cpu_model()}, {cpus()} CPUs (`nproc`)",
        f"* Memory: {memory_total()}",
        f"* System: {platform.platform()}",
        "",
        "## Versions",
        "",
        "| program | version |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in found.items()),
        "",
        "## What is measured",
        "",
        "One seeded generator makes every journey: sections of 4 to 6 tasks, a score from 1",
        "to 5 and one or two actors per task. Each journey is written twice from the same",
        "data: as Mermaid `journey` text (`title`, `section`, `Task: score: Actor, Actor`)",
        "and as a journeymap YAML file (scale `1..5`, the actors declared with the role",
        "`customer`, emotion = score) through `journeymap.dumps`.",
        "",
        "* **journeymap**: the `journeymap` console script of the virtual environment, and",
        '  `render(model, "svg")` in process. The batch renders every map to SVG and',
        f"  Markdown with `-j {BATCH_JOBS}` (two worker processes), and then runs again with",
        "  nothing changed, when the cache in the output folder skips every map.",
        "* **floor**: the least a renderer of the validated map can do: the same YAML read",
        "  with PyYAML, validated with `JourneyMap.model_validate` and written by a minimal",
        "  string writer in the benchmark (one rect and one escaped text per task), as a",
        "  fresh `python` process and in process. `× floor` in the table is the time of a",
        "  row divided by the floor's time for the same measure. In process the floor",
        "  includes `model_validate` while journeymap's `render()` starts from a validated",
        "  model.",
        f"* **mmdc**: `{MERMAID_CLI}` from the npm registry, installed into",
        "  `build/mermaid-cli/` with `PUPPETEER_SKIP_DOWNLOAD=1`, driving Debian's",
        f"  `{CHROMIUM}` with `{' '.join(CHROMIUM_ARGS)}`, and a Mermaid config with",
        f"  `maxTextSize` {MERMAID_CONFIG['maxTextSize']:,} (the default, 50,000 characters,",
        "  makes mmdc draw an error diagram for big journeys while exiting 0).",
        "",
        "Python runs with journeymap's bytecode compiled, as an installed package has it",
        "(the benchmark compiles it first and removes `PYTHONDONTWRITEBYTECODE` from the",
        "environment of the runs).",
        "",
        "Every process measure gets a warm-up run of each tool, then timed runs in which",
        "the tools take turns, one run each, so that a change in the machine's load falls",
        "on all of them alike (wall time from spawn to exit; median and min–max), then",
        "one more run of each in which the peak memory of the",
        "whole process tree is sampled from /proc every 10 ms: the sum of the RSS of the",
        "process and all its descendants (for mmdc: node and every Chromium process). In",
        "process, `render()` gets a warm-up call and timed calls. Every output is checked:",
        "one touchpoint card per touchpoint in journeymap's SVG, one box per task in the",
        "floor's, and in mmdc's a journey diagram (not an error diagram) with every task",
        "name drawn; `checked` counts the touchpoints found in one run's outputs.",
        "",
        "## Commands",
        "",
        "```console",
        "make bench-mermaid    # .venv/bin/python bench/bench_mermaid.py",
        "# once, when build/mermaid-cli/node_modules/.bin/mmdc is missing:",
        f"PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix build/mermaid-cli {' '.join(NPM_FLAGS)} "
        f"{MERMAID_CLI}",
        "# then, each timed (CI=true and PUPPETEER_SKIP_DOWNLOAD=1 in the environment):",
        *commands,
        "```",
        "",
        "## Results",
        "",
        *markdown_table(rows),
        "",
        "## Targets",
        "",
        "| target | wanted | this run | |",
        "| --- | --- | --- | --- |",
        *(f"| {t.name} | {t.wanted} | {t.got} | {verdict(t)} |" for t in targets(rows)),
        "",
        "## Reading",
        "",
        *reading(rows),
        "",
        "## Where the time goes",
        "",
        "One map rendered to SVG in a fresh `python` process, each phase timed inside it",
        "(median of the runs, after a warm-up): the imports a `journeymap render` needs",
        "(the CLI, the loader, the model, the SVG layout and writer), reading and",
        "validating the YAML file, the layout, and writing the SVG text. Then, in the same",
        "process, svgwrite is imported and the same scene written through it, which gives",
        "the same bytes (the benchmark checks).",
        "",
        *split_table(splits, markdown=True),
        "",
        *split_reading(splits),
        "",
        "## What was cut",
        "",
        *cuts(splits),
        "",
    ]
    DOCS.write_text("\n".join(lines) + scale_section(), encoding="utf-8")


SCALE_BEGIN = "<!-- scale:begin -->"
SCALE_END = "<!-- scale:end -->"


def scale_section() -> str:
    """The section ``bench_scale.py`` keeps in docs/performance.md, as it is, or ``""``."""
    if not DOCS.exists():
        return ""
    text = DOCS.read_text(encoding="utf-8")
    begin = text.find(SCALE_BEGIN)
    end = text.find(SCALE_END, begin)
    if begin < 0 or end < 0:
        return ""
    return "\n" + text[begin : end + len(SCALE_END)] + "\n"


# -- main ---------------------------------------------------------------------------------

FRESH_10 = "fresh process, 10 tp"
FRESH_1000 = "fresh process, 1000 tp"
BATCH = "batch"  # "batch, 200 maps of 10"
UNCHANGED = "again, nothing changed"  # "again, nothing changed, 200 maps of 10"
INPROC = "in process, {} tp"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="10 touchpoints and 5 maps, one run, journeymap and the floor only (no mmdc)",
    )
    parser.add_argument(
        "--write-docs",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write docs/performance.md (default: on for the full run, off with --quick)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    if args.quick and args.write_docs:
        parser.error("--quick does not write docs/performance.md")
    write = not args.quick if args.write_docs is None else args.write_docs
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    env = {**os.environ, "CI": "true", "PUPPETEER_SKIP_DOWNLOAD": "1"}
    # Every Python process runs with the package's bytecode compiled, as an installed
    # package has it: without this, a module changed since its bytecode was last written
    # is compiled again in every fresh process when PYTHONDONTWRITEBYTECODE is set.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(journeymap.__file__).parent), quiet=1)

    maps = 5 if args.quick else 200
    batch_measure = f"{BATCH}, {maps} maps of 10"
    small_runs = 1 if args.quick else 5  # timed runs of the 10-touchpoint measures
    batch_runs = 1 if args.quick else 2  # mmdc takes over a minute for the 200 maps
    in_sizes = [10] if args.quick else [10, 100, 1000]

    with contextlib.ExitStack() as stack:
        if args.quick:  # leaves nothing behind
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-mermaid-")))
        else:  # kept for a look at the outputs
            work = BUILD / "bench-mermaid"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
        floor = work / "floor.py"
        floor.write_text(floor_script(), encoding="utf-8")
        mmdc = puppeteer = mermaid = None
        if not args.quick:
            mmdc, puppeteer, mermaid = setup_mmdc(env)
        console = Path(sys.executable).parent / "journeymap"
        if not console.exists():
            console = Path(shutil.which("journeymap") or "journeymap")
        tools = Tools(console, Path(sys.executable), floor, mmdc, puppeteer, mermaid)
        log = work / "last-run.log"

        peer_note = "journeymap and the floor only (--quick)" if args.quick else "mmdc included"
        print(
            f"python {sys.version.split()[0]}; journeymap {journeymap.__version__}; "
            f"{cpus()} CPUs; {peer_note}; times in ms, median (min–max)",
            flush=True,
        )
        rows: list[Row] = []

        def add(row: Row) -> None:
            rows.append(row)
            print(f"measured {row.measure}, {row.tool}: {timing(row)} ms", flush=True)

        fresh_10 = [*single_jobs(tools, generate(10, 10), work / "single-10"), python_job(tools)]
        plan: list[tuple[str, list[Job], int]] = [(FRESH_10, fresh_10, small_runs)]
        if not args.quick:
            plan.append(
                (FRESH_1000, single_jobs(tools, generate(1000, 1000), work / "single-1000"), 3)
            )
        specs = [generate(10, 100 + index) for index in range(maps)]
        batch = batch_jobs(tools, specs, work / "batch")
        plan.append((batch_measure, batch, batch_runs))
        for measure, jobs, count in plan:
            for row in time_jobs(measure, jobs, count, env, log):
                add(row)
        unchanged = unchanged_job(batch[0], work / "batch" / "jm")
        add(time_job(f"{UNCHANGED}, {maps} maps of 10", unchanged, small_runs, env, log))

        for size in in_sizes:
            spec = generate(size, size)
            data = map_data(spec)
            model = JourneyMap.model_validate(data)
            count = 1 if args.quick else (9 if size <= 100 else 5)
            measure = INPROC.format(size)
            row = time_call(measure, "journeymap", functools.partial(render, model, "svg"), count)
            row.checked = check_journeymap(render(model, "svg"), spec, measure)
            add(row)
            row = time_call(measure, "floor", functools.partial(floor_of, data), count)
            row.checked = check_floor(floor_of(data), spec, measure)
            add(row)

        split_sizes = [10] if args.quick else [10, 1000]
        splits = [
            measure_split(work / f"single-{size}" / "map.yaml", size, 1 if args.quick else 5, env)
            for size in split_sizes
        ]

    print()
    for line in text_table(rows):
        print(line)
    print()
    print("where a fresh process spends its time (ms, median):")
    for line in split_table(splits, markdown=False):
        print(line)
    print()
    print("targets (ratios from this run):")
    found = targets(rows)
    for target in found:
        print(f"  {target.name}: {target.got} (target {target.wanted}) — {verdict(target)}")
    if write:
        write_docs(rows, splits, tools, env, started)
        print(f"wrote {relative(DOCS)}")
    missed = any(target.met is False for target in found)
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
