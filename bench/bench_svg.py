"""In-process render time of the SVG map, split into layout and SVG writing.

Run with ``make bench-svg`` or ``.venv/bin/python bench/bench_svg.py [--quick] [--sizes N ...]
[--runs N]``. Prints,
for journeys of 10, 100, 1000 and 10000 touchpoints, the median (min–max) of layout,
drawing (svgwrite) and the whole ``render(model, "svg")``, the number of scene elements,
svgwrite's share of the time, and how the render time grows relative to 100
touchpoints. Layout and drawing are timed with the cyclic garbage collector paused, as
``render()`` does.

Targets: 100 touchpoints under 50 ms median; 10000 no more than 120 × the time of 100.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from journeymap import Journey, JourneyMap, render
from journeymap.gc_pause import cyclic_gc_paused
from journeymap.renderers.svg.draw import draw
from journeymap.renderers.svg.layout import layout

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


def journey(touchpoints: int, seed: int = 7) -> JourneyMap:
    """A seeded journey with every lane filled now and then."""
    rng = random.Random(seed)
    builder = Journey(f"Benchmark {touchpoints}", persona="Benchmark persona")
    per_phase = max(1, min(8, touchpoints // 5 or 1))
    channels = ["web", "app", "email", "phone", "store", "chat"]

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))

    for index in range(touchpoints):
        if index % per_phase == 0:
            builder.phase(f"Phase {index // per_phase + 1}", goal=sentence(2, 5))
        extra: dict[str, Any] = {}
        if rng.random() < 0.5:
            extra["pain_points"] = [sentence(3, 8)]
        if rng.random() < 0.4:
            extra["opportunities"] = [sentence(3, 8)]
        if rng.random() < 0.3:
            extra["backstage"] = [sentence(2, 6)]
        if rng.random() < 0.1:
            extra["metrics"] = [{"kind": "csat", "value": round(rng.uniform(1, 5), 1)}]
        builder.touchpoint(
            f"{sentence(2, 4)} {index}",
            channel=rng.choice(channels),
            emotion=rng.choice([-2, -1, 0, 1, 2]),
            action=sentence(4, 10),
            thoughts=[sentence(3, 7)],
            **extra,
        )
    return builder.build()


def timed(function: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    function()  # warm-up
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def fmt(times: list[float]) -> str:
    return (
        f"{statistics.median(times) * 1000:9.1f} ({min(times) * 1000:.1f}–{max(times) * 1000:.1f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run")
    parser.add_argument("--sizes", type=int, nargs="+", help="touchpoint counts to time")
    parser.add_argument("--runs", type=int, help="timed runs per size")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10, 100] if args.quick else [10, 100, 1000, 10000])
    print(f"python {sys.version.split()[0]}; medians in ms (min–max)")
    print(
        f"{'touchpoints':>11} {'runs':>4} {'layout':>22} {'svg writing':>22} "
        f"{'render()':>22} {'elements':>9} {'svgwrite %':>10} {'× of 100':>8}"
    )
    base: float | None = None
    for size in sizes:
        runs = args.runs or (1 if args.quick else (7 if size <= 1000 else 3))
        model = journey(size)
        with cyclic_gc_paused():  # as render() does
            layout_times, scene = timed(lambda model=model: layout(model), runs)
            draw_times, svg = timed(lambda scene=scene: draw(scene), runs)
        total, _ = timed(lambda model=model: render(model, "svg"), runs)
        median = statistics.median(total)
        if size == 100:
            base = median
        growth = f"{median / base:8.1f}" if base else f"{'':>8}"
        share = 100 * statistics.median(draw_times) / median
        assert svg.count('-touchpoints"') >= size  # one card per touchpoint
        print(
            f"{size:>11} {runs:>4} {fmt(layout_times)} {fmt(draw_times)} {fmt(total)} "
            f"{scene.count():>9} {share:>9.0f}% {growth}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
