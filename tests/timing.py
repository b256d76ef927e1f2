"""Growth checks: does ten times the input take about ten times as long?

A linear path takes about 10x as long for 10x the input and a quadratic one about 100x, so
the suite accepts anything under :data:`GROWTH`. Shared machines are noisy, so each timing
is the best of several runs with the garbage collector paused (its full collections grow
with the whole heap, not with the code under test), and a ratio over the limit is measured
again before it counts.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

__all__ = ["GROWTH", "best_time", "growth_ratio"]

#: The largest ratio of times accepted for ten times the size (linear gives about 10).
GROWTH = 25


def best_time(call: Callable[[], object], runs: int = 3) -> float:
    """The shortest of ``runs`` timings of ``call``, in seconds, with collection paused."""
    best = math.inf
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def growth_ratio(
    small: Callable[[], object],
    large: Callable[[], object],
    *,
    runs: int = 3,
    tries: int = 3,
    limit: float = GROWTH,
) -> float:
    """How many times longer ``large`` takes than ``small``: the best of ``tries`` ratios.

    Stops at the first ratio under ``limit``; a path that really grows faster than the
    limit allows is over it on every try.
    """
    small()  # warm up: imports, caches
    ratio = math.inf
    for _ in range(tries):
        ratio = min(ratio, best_time(large, runs) / best_time(small, runs))
        if ratio < limit:
            break
    return ratio
