"""Wall time of ``dot -Tsvg`` on the flow of a dense journey, with Graphviz options compared.

Run with ``.venv/bin/python bench/bench_flow.py [--steps N] [--runs N] [--timeout S]``.
A seeded generator builds a journey of 1000 steps (phases of 6 to 10 steps) where about
one step in four has a retry (to itself or up to two steps back), a skip (2 to 30 steps
ahead, across phases too) or a drop-off: about 1300 edges in all. Its flow, as
``render(model, "dot")`` writes it (``direction="auto"``, rows of whole phases), is laid
out by the ``dot`` program as a subprocess, source on stdin and SVG read from a pipe, in
several variants:

* as written, and with ``direction="LR"`` (one row) and ``"TB"`` (one column);
* as written with one graph attribute changed on the command line (``-G``): straight or
  polyline edges, fewer network-simplex or crossing-minimisation iterations, a smaller
  search size (orthogonal edges, ``splines=ortho``, are left out: about 50 s);
* as written without the flows drawn over the main path (every ``constraint=false``
  edge removed), which says what the retries, skips and drop-offs cost.

Each variant gets a warm-up run and several timed runs (median, min and max); a run
still going at the timeout is killed and shown as such. Every SVG is checked: one node
group per touchpoint at least. Target: the default under 3 s.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable

from journeymap import Journey, JourneyMap, render

__all__ = ["TARGET_SECONDS", "dense_journey", "main", "variants"]

TARGET_SECONDS = 3.0
CHANNELS = ("web", "app", "email", "phone", "store")
ACTIONS = ("checks the order", "pays", "waits for the parcel", "calls support", "compares")
_NODE = re.compile(r'class="node"')
_CONSTRAINT_FREE = re.compile(r"^\t[^\n]*constraint=false[^\n]*\n", re.MULTILINE)


def dense_journey(steps: int = 1000, seed: int = 7) -> JourneyMap:
    """A seeded journey where about one step in four retries, skips or drops off.

    Example:
        >>> model = dense_journey(40)
        >>> len(model.touchpoints), 5 <= len(model.flows) <= 20
        (40, True)
    """
    rng = random.Random(seed)
    builder = Journey(f"Dense flow of {steps} steps", persona="Benchmark persona")
    ids = [f"s{index + 1}" for index in range(steps)]
    left_in_phase = phases = 0
    for index, step_id in enumerate(ids):
        if left_in_phase == 0:
            left_in_phase = rng.randint(6, 10)
            phases += 1
            builder.phase(f"Phase {phases}")
        left_in_phase -= 1
        builder.touchpoint(
            f"Step {index + 1} {rng.choice(ACTIONS)}",
            id=step_id,
            channel=rng.choice(CHANNELS),
            emotion=rng.choice((-2, -1, 0, 1, 2)),
        )
    for index, step_id in enumerate(ids):
        if rng.random() >= 0.25:
            continue
        kind = rng.choice(("retry", "skip", "drop-off"))
        if kind == "retry":
            back = ids[max(0, index - rng.randint(0, 2))]
            builder.flow(step_id, back, kind="retry", share=0.1)
        elif kind == "skip" and index + 2 < steps:
            ahead = ids[min(steps - 1, index + rng.randint(2, 30))]
            builder.flow(step_id, ahead, kind="skip", share=0.1)
        else:
            builder.flow(step_id, kind="drop-off", share=0.1)
    return builder.build()


def variants(model: JourneyMap) -> list[tuple[str, str, list[str]]]:
    """(name, DOT source, extra ``dot`` arguments) of every variant timed."""
    source = render(model, "dot")
    found: list[tuple[str, str, list[str]]] = [("default (auto rows)", source, [])]
    found += [
        ("direction=LR", render(model, "dot", direction="LR"), []),
        ("direction=TB", render(model, "dot", direction="TB"), []),
    ]
    for attribute in (
        "splines=line",
        "splines=polyline",
        "nslimit=1",
        "mclimit=0.3",
        "searchsize=10",
    ):
        found.append((f"default, {attribute}", source, [f"-G{attribute}"]))
    found.append(("default without the flows", _CONSTRAINT_FREE.sub("", source), []))
    return found


def run_dot(program: str, source: str, extra: list[str], timeout: float) -> tuple[float, str]:
    """Seconds ``dot -Tsvg`` took, and the SVG; raises on a failure or a timeout."""
    start = time.perf_counter()
    result = subprocess.run(
        [program, "-Tsvg", *extra],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise RuntimeError(f"dot failed (exit {result.returncode}): {message}")
    return seconds, result.stdout.decode("utf-8")


def time_variant(
    run: Callable[[], tuple[float, str]], runs: int, touchpoints: int
) -> tuple[list[float], str]:
    """Timed runs after a warm-up; the SVG of the last is checked."""
    run()
    times: list[float] = []
    svg = ""
    for _ in range(runs):
        seconds, svg = run()
        times.append(seconds)
    nodes = len(_NODE.findall(svg))
    if nodes < touchpoints:
        raise RuntimeError(f"only {nodes} nodes drawn for {touchpoints} touchpoints")
    return times, svg


def main(argv: list[str] | None = None) -> int:
    """Print a table of ``dot`` times; exit 1 when the default misses the target."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="touchpoints (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs a variant (default 3)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take")
    args = parser.parse_args(argv)
    program = shutil.which("dot")
    if program is None:
        print("the Graphviz program 'dot' is needed; install Graphviz", file=sys.stderr)
        return 2
    version = subprocess.run([program, "-V"], capture_output=True, check=False).stderr
    model = dense_journey(args.steps)
    kinds = Counter(flow.kind for flow in model.flows)
    source = render(model, "dot")
    print(f"{version.decode().strip()}; {args.steps} steps, {len(model.phases)} phases")
    print(f"flows: {dict(sorted(kinds.items()))}; edges in the default DOT: {source.count(' -> ')}")
    print(f"{'variant':34} {'median':>8} {'min':>8} {'max':>8}")
    default_median = None
    for name, text, extra in variants(model):

        def run(text: str = text, extra: list[str] = extra) -> tuple[float, str]:
            return run_dot(program, text, extra, args.timeout)

        try:
            times, _ = time_variant(run, args.runs, args.steps)
        except subprocess.TimeoutExpired:
            print(f"{name:34} {'> ' + format(args.timeout, 'g') + ' s (killed)':>26}")
            continue
        except RuntimeError as exc:
            print(f"{name:34} failed: {exc}")
            continue
        median = statistics.median(times)
        if default_median is None:
            default_median = median
        print(f"{name:34} {median:7.2f}s {min(times):7.2f}s {max(times):7.2f}s")
    if default_median is None:
        print("the default did not lay out")
        return 1
    verdict = "meets" if default_median < TARGET_SECONDS else "misses"
    print(f"default: {default_median:.2f} s median, {verdict} the {TARGET_SECONDS:g} s target")
    return 0 if default_median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
