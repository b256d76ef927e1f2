"""``journeymap watch``: render, then render again whenever the inputs change.

Each round is a whole ``journeymap render`` run with the same arguments, so a map is
only rendered again when its outputs are out of date (the cache), new maps in a folder
are picked up, and a theme, survey or template file that changes renders every map that
uses it. Changes are debounced: a round starts once the files have been quiet for
``--debounce`` milliseconds. A round that fails (a broken map, an output refused) prints
its errors and watching goes on. Ctrl-C, or ``stop_event`` when called from Python,
ends it with status 0.

What is watched: the folders of the maps named (a file's own folder, so that an editor
that replaces the file on save is seen), the folders and the fixed part of the globs
named, the theme, survey and template files and folders, and the folders of the files
the maps read (the survey files they name, the maps a ``.py`` map loads), learnt from
each round. The manifest, the outputs journeymap writes and its temporary files are
ignored.

Example (in a program; the command line is ``journeymap watch maps -o site``)::

    import threading
    from journeymap.cli import _parser
    from journeymap.batch.watch import watch

    stop = threading.Event()
    args = _parser().parse_args(["watch", "maps", "-o", "site"])
    threading.Thread(target=watch, args=(args,), kwargs={"stop_event": stop}).start()
    ...
    stop.set()
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from journeymap.batch.run import Summary
from journeymap.errors import JourneyMapError

__all__ = ["INSTALL_HINT", "watch"]

# How often the watcher wakes up when nothing changes (to start, and to see stop_event).
_WAKE_MS = 200

#: The message when watchfiles is not installed.
INSTALL_HINT = "journeymap watch needs the watch extra: pip install 'journeymap[watch]'"


def watch(
    args: argparse.Namespace,
    *,
    stop_event: threading.Event | None = None,
    on_round: Callable[[Summary | None], None] | None = None,
) -> int:
    """Render as ``args`` say, then again on every change, until stopped.

    Args:
        args: The parsed ``watch`` command line.
        stop_event: Set it to stop watching (from another thread).
        on_round: Called after each round with its summary (``None`` when the round
            was refused before rendering).

    Returns:
        0 once stopped.

    Raises:
        JourneyMapError: When ``watchfiles`` is not installed, or for standard input
            or output (a round's own errors are printed, not raised).
    """
    if args.output == "-" or "-" in args.files:
        raise JourneyMapError("watch writes files: standard input and -o - are not watched")
    try:
        import watchfiles
    except ImportError:
        raise JourneyMapError(INSTALL_HINT) from None
    written: set[str] = set()
    read: set[str] = set()
    first = True
    try:
        while True:
            roots = _roots(args, read)
            # The first round runs once the watcher is running (its first timeout), so
            # a change made while it renders is seen and rendered by the next round.
            for changes in watchfiles.watch(
                *roots,
                watch_filter=_Filter(written),
                debounce=args.debounce,
                stop_event=stop_event,
                raise_interrupt=True,  # caught below, without watchfiles' own message
                rust_timeout=_WAKE_MS,
                yield_on_timeout=True,
            ):
                if changes or first:
                    first = False
                    summary = _round(args, written)
                    if summary is not None:
                        read.update(summary.reads)
                    if on_round is not None:
                        on_round(summary)
                    if _roots(args, read) != roots:
                        break  # a map reads a file in a folder not watched yet
            else:
                return 0  # stopped
    except KeyboardInterrupt:
        pass
    return 0


def _round(args: argparse.Namespace, written: set[str]) -> Summary | None:
    """One render run; its errors are printed, never raised."""
    from journeymap.batch.progress import open_progress
    from journeymap.batch.run import run_batch
    from journeymap.cli import _batch_from, _print_problems

    try:
        batch, _ = _batch_from(args)
        summary = run_batch(batch, open_progress("plain" if args.quiet else args.progress))
    except JourneyMapError as exc:
        _print_problems(exc)
        return None
    except OSError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return None
    written.update(os.path.abspath(path) for path in summary.written)
    if not args.quiet:
        stamp = time.strftime("%H:%M:%S")
        print(f"{stamp} {summary.line()}; watching (Ctrl-C stops)", file=sys.stderr)
    return summary


def _roots(args: argparse.Namespace, read: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The folders and files to watch.

    They are the command line's maps and options, and the folders of the files the maps
    were seen to ``read``.
    """
    roots: list[str] = [os.path.dirname(path) for path in read]
    for argument in args.files:
        if os.path.isdir(argument):
            roots.append(argument)
        elif os.path.lexists(argument) or not any(mark in argument for mark in "*?["):
            roots.append(os.path.dirname(argument) or ".")
        else:
            fixed = []
            for part in Path(argument).parts:
                if any(mark in part for mark in "*?["):
                    break
                fixed.append(part)
            roots.append(str(Path(*fixed)) if fixed else ".")
    for name in ("option_theme", "option_template_dir"):
        value = getattr(args, name, None)
        if value and os.path.exists(value):
            roots.append(value)
    roots += [os.path.dirname(path) or "." for path in args.survey or []]
    absolute = sorted({os.path.abspath(root) for root in roots if os.path.exists(root)})
    # A folder inside another watched folder is watched already.
    return [
        root
        for root in absolute
        if not any(root != other and root.startswith(other + os.sep) for other in absolute)
    ]


class _Filter:
    """watchfiles' default filter, also ignoring journeymap's own files."""

    def __init__(self, written: set[str]) -> None:
        import watchfiles

        from journeymap.batch.cache import MANIFEST_NAME

        self._default = watchfiles.DefaultFilter()
        self._written = written
        self._manifest = MANIFEST_NAME

    def __call__(self, change: object, path: str) -> bool:
        name = os.path.basename(path)
        if name == self._manifest or (name.startswith(".") and name.endswith((".tmp", ".bak"))):
            return False
        if os.path.abspath(path) in self._written:
            return False
        return bool(self._default(change, path))  # type: ignore[arg-type]
