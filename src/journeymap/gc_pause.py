"""Pausing Python's cyclic garbage collector around work that creates no cycles.

Rendering a large map, or running one command of the CLI, allocates many small objects
that stay alive until the output is written. The cyclic collector would scan them
again and again for cycles there are none of; reference counting still frees
everything as usual while it is paused.

Example:
    >>> import gc
    >>> with cyclic_gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cyclic_gc_paused"]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its state on exit (even on errors)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
