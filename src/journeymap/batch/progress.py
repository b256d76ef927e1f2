"""How a batch shows its progress: a bar on a terminal, plain lines elsewhere.

* On a terminal (standard error is one) with ``rich`` installed (the extra
  ``journeymap[progress]``), a bar on standard error counts the maps rendered, with the
  elapsed and remaining time; it is cleared when the run ends.
* Otherwise (a pipe, a CI log), nothing but the plain lines every run prints: each
  written output on standard output as its map finishes, problems and warnings on
  standard error. On a terminal without ``rich``, one line first names the extra.

The lines the run prints go through :meth:`Progress.out` and :meth:`Progress.err`, so
that the bar stays below them.

Example:
    >>> import io
    >>> progress = open_progress(mode="plain", err=io.StringIO())
    >>> progress.start(2); progress.out("out/a.md"); progress.advance(); progress.close()
    out/a.md
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["HINT", "Progress", "ProgressMode", "open_progress"]

#: How progress is shown: ``auto`` picks ``bar`` on a terminal, ``plain`` elsewhere.
ProgressMode = Literal["auto", "bar", "plain"]

#: Printed once on a terminal when the bar cannot be shown.
HINT = (
    "journeymap: hint: install the progress extra for a progress bar: "
    "pip install 'journeymap[progress]'"
)


class Progress:
    """Plain progress: the run's lines, as they come."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        self._out = out
        self._err = err

    def start(self, total: int) -> None:
        """The run is about to render ``total`` maps."""

    def advance(self) -> None:
        """One more map is done (rendered or failed)."""

    def out(self, line: str) -> None:
        """Print a line on standard output."""
        print(line, file=self._out if self._out is not None else sys.stdout)

    def err(self, line: str) -> None:
        """Print a line on standard error."""
        print(line, file=self._err if self._err is not None else sys.stderr)

    def close(self) -> None:
        """The run is over."""


class _Bar(Progress):
    """A rich progress bar on standard error, the run's lines printed above it."""

    def __init__(self, console: Console, out: IO[str] | None = None) -> None:
        super().__init__(out, console.file)
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self._console = console
        target = out if out is not None else sys.stdout
        # Standard output is printed above the bar only when it shares the terminal.
        self._shared = bool(getattr(target, "isatty", lambda: False)())
        self._bar = RichProgress(
            TextColumn("rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task: Any = None

    def start(self, total: int) -> None:
        self._task = self._bar.add_task("rendering", total=total)
        self._bar.start()

    def advance(self) -> None:
        if self._task is not None:
            self._bar.advance(self._task)

    def out(self, line: str) -> None:
        if self._shared:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            super().out(line)

    def err(self, line: str) -> None:
        self._console.print(line, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self._bar.stop()


def open_progress(
    mode: ProgressMode = "auto",
    *,
    console: Console | None = None,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> Progress:
    """The progress display for a run.

    Args:
        mode: ``auto`` (a bar when standard error is a terminal), ``bar`` or ``plain``.
        console: A rich console to draw the bar on (standard error's by default); a
            console made with ``force_terminal=True`` shows the bar anywhere.
        out: Where standard output's lines go (``sys.stdout`` at the time of printing).
        err: Where standard error's lines go (``sys.stderr`` at the time of printing).
    """
    stream = err if err is not None else sys.stderr
    if mode == "plain":
        return Progress(out, err)
    terminal = console.is_terminal if console is not None else _is_terminal(stream)
    if mode == "auto" and not terminal:
        return Progress(out, err)
    try:
        from rich.console import Console
    except ImportError:
        print(HINT, file=stream)
        return Progress(out, err)
    if console is None:
        console = Console(file=stream, force_terminal=True if mode == "bar" else None)
    return _Bar(console, out)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
