"""The ``journeymap`` command: render, validate, lint, convert and describe journey map files.

``journeymap lint`` reports what a valid map still lacks, with stable rule codes (see
:mod:`journeymap.lint`).

``journeymap theme list`` names the built-in themes; ``journeymap theme show NAME``
prints one, every field, as YAML (or JSON with ``-f json``) to start a theme file from.
``render --theme`` takes a built-in name or such a file, which counts as an input: an
output that would replace it is refused.

``render``'s option flags are made from the built-in renderers' option models
(:mod:`journeymap.renderers.options`), not written by hand: each option becomes
``--name`` (``--legend/--no-legend`` for a boolean), shared by the formats that have it
(``--theme`` for svg and dot, ``--locale`` for svg, markdown and dot, ``--lanes`` for
svg and markdown), and a flag no chosen format has is an error naming the formats it
applies to. ``-O name=value`` (repeatable) sets any option of every chosen format that
has it, ``-O svg.name=value`` one format's, plugins' included; values are read by the
option's type (``true``/``false``/``yes``/``no``, numbers, comma-separated lists).
``--image FORMAT`` exports an image through the chosen formats that declare one (the
dot format: ``FILE.flow.svg``, ``.png`` or ``.pdf`` made by Graphviz).

Input files are YAML (``.yaml``, ``.yml``), JSON (``.json``), Mermaid ``journey``
diagrams (``.mmd``, ``.mermaid``) or Python (``.py``).

``render --survey ANSWERS`` and ``validate --survey ANSWERS`` (repeatable) read survey
answers (CSV or JSON) and apply them to every map as a measured curve and metrics (see
:mod:`journeymap.analysis.surveys`), pooled with the survey files a map names in its own
``surveys`` field; bad rows are errors located by file and row, and an output that would
replace an answers file is refused like any other input.

A Python map is **trusted code**: it is run as a script with your permissions (with
``__name__`` set to ``"__journeymap__"``, so its ``if __name__ == "__main__"`` block is
skipped) and must define a ``journey`` variable holding a :class:`~journeymap.Journey`
or :class:`~journeymap.JourneyMap`, or exactly one such object under any name. Render
only ``.py`` maps you would run yourself. While it runs, whatever it prints (even from
child processes) goes to standard error, so it never mixes into a document written to
standard output. An exception it raises is reported with the file and the line in it
(``map.py:6: NameError: ...``); exiting (``sys.exit()``) is an error, as it would
otherwise look like success without output.

``render`` takes files, folders (searched recursively), globs and ``-`` (standard
input), renders them in worker processes (``-j``) and skips the maps whose outputs are
up to date (``--force``, ``--check``); ``watch`` renders again whenever they change (see
:mod:`journeymap.batch` and ``docs/batch.md``). Each map's outputs are written together
or not at all (see :mod:`journeymap.outputs`): a map that fails, or whose write fails,
leaves its outputs as they were, is reported, and the other maps are still written
(``--all-or-none`` writes nothing unless every map renders). An output that is one of
the inputs, under any name (a link, another spelling), or that two maps would write, is
refused before anything is read or written. Warnings (Mermaid quirks on import, parts of
a map a Mermaid export cannot hold) are printed as one line each,
``file:line:column: warning: ...``; ``--strict`` makes them errors.

Example:
    >>> main(["render", "--help"])  # doctest: +ELLIPSIS
    usage: journeymap render ...
    0
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import gc
import json
import os
import re
import runpy
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

from journeymap.errors import JourneyMapError, Problem, with_article
from journeymap.gc_pause import cyclic_gc_paused

if TYPE_CHECKING:
    from journeymap.batch.run import Batch
    from journeymap.model import JourneyMap
    from journeymap.renderers import Renderer
    from journeymap.renderers.options import OptionField

__all__ = ["console_main", "load_any", "main"]

_PYTHON_SUFFIX = ".py"
# The namespace attribute of an option flag: apart from the command's own arguments.
_FLAG_DEST = "option_{}"
_TRUST = (
    ".py maps are code: they run with your permissions, so render only those you would run "
    "yourself. What a .py map prints goes to standard error; an error in it is reported with "
    "its file and line, and exiting (sys.exit) is an error. Warnings are printed as "
    "FILE:LINE:COLUMN: warning: ...; --strict makes them errors."
)
_SURVEY_HELP = (
    "survey answers (.csv or .json: touchpoint, kind nps/csat/ces, value; optionally "
    "respondent, date, segment) to draw as a measured curve and metrics on every map, "
    "beside its assumed emotions; repeatable, answers pooled with the map's own 'surveys' "
    "(see docs/evidence.md)"
)
_MANIFEST = ".journeymap-cache.json"
_STRICT_HELP = "treat warnings (Mermaid quirks, parts a Mermaid export drops) as errors"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 bad input, 2 bad usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help and usage errors
        return int(exc.code or 0)
    try:
        with cyclic_gc_paused():  # one short command: no cycles worth collecting
            result: int = args.run(args)
        return result
    except JourneyMapError as exc:
        _print_problems(exc)
        return 1
    except OSError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return 1


def console_main() -> NoReturn:
    """Entry point of the ``journeymap`` program and ``python -m journeymap``.

    Runs :func:`main`, then freezes the garbage collector's generations before the
    interpreter exits: its final collection would otherwise walk every object the
    command created (about 28 ms of a 200 ms run) only for the process to end. Programs
    that call :func:`main` in-process are unaffected.
    """
    code = main()
    sys.stdout.flush()
    gc.freeze()
    raise SystemExit(code)


def load_any(path: str | Path) -> JourneyMap:
    """Load a map from a YAML, JSON, Mermaid or Python file.

    A Python file is run as trusted code (see the module's description); what it prints
    goes to standard error.

    Raises:
        JourneyMapError: If the file is missing or cannot be read (with the nearest map
            of its folder for a mistyped name), is invalid, raises an exception or exits;
            problems name the file (and the line, where known).
        OSError: If another file it needs cannot be read.
    """
    file = Path(path)
    try:
        if file.suffix.lower() != _PYTHON_SUFFIX:
            from journeymap.io import load

            return load(file)
        return _load_python(file)
    except OSError as exc:
        if exc.filename is None or os.fspath(exc.filename) != os.fspath(file):
            raise  # about another file
        raise JourneyMapError([Problem("", _unreadable(file, exc), source=str(path))]) from None


def _unreadable(file: Path, exc: OSError) -> str:
    """Why the map ``file`` cannot be read, in words; a missing one gets "did you mean"."""
    if isinstance(exc, FileNotFoundError):
        from journeymap.batch.inputs import MAP_SUFFIXES

        folder = file.parent
        names = []
        with contextlib.suppress(OSError):
            names = [n for n in os.listdir(folder) if n.lower().endswith(MAP_SUFFIXES)]
        close = difflib.get_close_matches(file.name, names, n=1, cutoff=0.6)
        if not close:
            return "no such file"
        return f"no such file; did you mean {str(folder / close[0])!r}?"
    if isinstance(exc, IsADirectoryError):
        return "is a folder; name a map file in it, or render the whole folder"
    return f"cannot be read: {exc.strerror or exc}"


# --- Python maps ------------------------------------------------------------------------


def _load_python(file: Path) -> JourneyMap:
    from journeymap.builder import Journey
    from journeymap.model import JourneyMap

    if not file.is_file():
        code = errno.EISDIR if file.is_dir() else errno.ENOENT
        raise (IsADirectoryError if file.is_dir() else FileNotFoundError)(
            code, os.strerror(code), str(file)
        )
    namespace = _run_python(str(file))
    candidate = namespace.get("journey")
    if "journey" in namespace and not isinstance(candidate, (Journey, JourneyMap)):
        held = with_article(type(candidate).__name__)
        raise JourneyMapError(
            [
                Problem(
                    "journey",
                    f"holds {held}; allowed: a Journey builder or a JourneyMap",
                    source=str(file),
                )
            ]
        )
    if not isinstance(candidate, (Journey, JourneyMap)):
        found = [v for v in namespace.values() if isinstance(v, (Journey, JourneyMap))]
        if len(found) != 1:
            raise JourneyMapError(
                [
                    Problem(
                        "",
                        "define a variable named 'journey' holding a Journey or JourneyMap "
                        f"(found {len(found)} candidates under other names)",
                        source=str(file),
                    )
                ]
            )
        candidate = found[0]
    if isinstance(candidate, Journey):
        try:
            return candidate.build()
        except JourneyMapError as exc:
            raise exc.with_source(str(file)) from None
    return candidate


def _run_python(name: str) -> dict[str, Any]:
    """Run a map file; turn whatever stops it into a :class:`JourneyMapError` at its line."""
    try:
        with _stdout_to_stderr(), _no_hard_exit():
            return runpy.run_path(name, run_name="__journeymap__")
    except JourneyMapError as exc:
        line = _line_in(exc.__traceback__, name)
        # A problem of another file the map read (load("other.yaml")) says where it was read.
        called = f" (read at {name}:{line})" if line else f" (read by {name})"
        raise JourneyMapError(
            _at_line(p, name, line)
            if p.source is None
            else p
            if p.source == name
            else replace(p, message=p.message + called)
            for p in exc.problems
        ) from None
    except SyntaxError as exc:
        if exc.filename == name:
            line, column = exc.lineno, exc.offset
        else:  # in a module the map imports: point at the import
            line, column = _line_in(exc.__traceback__, name), None
        message = f"{type(exc).__name__}: {exc.msg}"
        problem = Problem("", message, source=name, line=line, column=column)
        raise JourneyMapError([problem]) from None
    except (SystemExit, _HardExit) as exc:
        shown = "" if exc.code is None else repr(exc.code)
        how = "os._exit" if isinstance(exc, _HardExit) else "sys.exit"
        raise JourneyMapError(
            [
                Problem(
                    "",
                    f"the map exits ({how}({shown})) while it is being run, so nothing "
                    "was rendered; a map file must define 'journey' and end normally (put "
                    'code that exits under `if __name__ == "__main__":`)',
                    source=name,
                    line=_line_in(exc.__traceback__, name),
                )
            ]
        ) from None
    except Exception as exc:  # the user's code failed: say where, in their file
        text = str(exc).strip()
        message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        missing = exc.filename if isinstance(exc, FileNotFoundError) else None
        if isinstance(missing, str) and not os.path.isabs(missing):
            beside = Path(name).parent / missing
            message += f" (a relative path starts from the working folder, {os.getcwd()}" + (
                f"; the file beside the map is Path(__file__).parent / {missing!r})"
                if beside.exists()
                else ")"
            )
        raise JourneyMapError(
            [Problem("", message, source=name, line=_line_in(exc.__traceback__, name))]
        ) from exc


def _at_line(problem: Problem, source: str, line: int | None) -> Problem:
    """``problem`` located in ``source`` at ``line`` (keeping a line it already has)."""
    return replace(problem, source=source, line=problem.line if problem.line else line)


def _line_in(tb: TracebackType | None, name: str) -> int | None:
    """The line of the innermost frame of ``tb`` that runs the file ``name``."""
    import traceback

    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == name:
            line = lineno
    return line


class _HardExit(Exception):
    """``os._exit()`` called by a map while it runs, turned into an exception."""

    def __init__(self, code: object) -> None:
        super().__init__(code)
        self.code = code


@contextlib.contextmanager
def _no_hard_exit() -> Iterator[None]:
    """Make ``os._exit()`` raise while a map runs.

    It would end the process in silence: exit status 0 for ``os._exit(0)``, the outputs
    unwritten and nothing said.
    """
    real = os._exit

    def refuse(status: int) -> NoReturn:
        raise _HardExit(status)

    os._exit = refuse
    try:
        yield
    finally:
        os._exit = real


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send standard output to standard error, at the Python level and for fd 1 itself."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # closed, or None
        sys.stdout.flush()
    saved: int | None = None
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no file descriptors 1 or 2 (e.g. a GUI process): Python level only
        if saved is not None:
            os.close(saved)
        saved = None
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.flush()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


# --- warnings ---------------------------------------------------------------------------


@dataclass
class _Warnings:
    """Warnings raised while reading and rendering, shown as located one-line messages."""

    strict: bool
    found: list[Problem] = field(default_factory=list)

    @contextlib.contextmanager
    def collect(self, file: str) -> Iterator[None]:
        """Record the warnings raised in the block; ``file`` is where they come from."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            try:
                yield
            finally:
                problems = [_located(w, file) for w in caught]
                self.found += problems
                if not self.strict:
                    for problem in problems:
                        print(_warning_line(problem), file=sys.stderr)

    def check(self) -> None:
        """With ``--strict``, raise every warning recorded as an error."""
        if self.strict and self.found:
            raise JourneyMapError(
                replace(p, message=f"{p.message} (a warning, an error with --strict)")
                for p in self.found
            )


def _located(record: warnings.WarningMessage, file: str) -> Problem:
    """A warning as a problem: where it says it is, or else the input it came from.

    A journeymap warning may carry its location as ``source``, ``line`` and ``column``
    attributes and its text without the location as ``detail`` (the Mermaid warnings
    do); otherwise a location at the start of its text is used, or the input's name.
    """
    message = record.message
    detail = getattr(message, "detail", None)
    text = detail if isinstance(detail, str) and detail else str(message).strip()
    source = getattr(message, "source", None)
    line = getattr(message, "line", None)
    column = getattr(message, "column", None)
    if source is None:
        written = re.match(rf"{re.escape(file)}(?::(\d+))?(?::(\d+))?: ", text)
        if written:  # the text starts with the location: take it from there
            source, text = file, text[written.end() :]
            line = int(written[1]) if written[1] else line
            column = int(written[2]) if written[2] else column
    text = text.removeprefix("warning: ")
    if source is None:
        if isinstance(line, int):  # a line of some text a .py map parsed, not of a file
            at = f"line {line}" + (f", column {column}" if isinstance(column, int) else "")
            text = f"{at}: {text}"
        ours = record.category.__module__.split(".")[0] == "journeymap"
        if ours and record.filename != file:
            source, line, column = file, None, None
        else:  # warned from the .py map itself (or a library): its file and line say where
            source, line, column = record.filename, record.lineno, None
            if not ours and record.category is not UserWarning:
                text = f"{record.category.__name__}: {text}"
    return Problem(
        "",
        " ".join(text.split("\n")),
        source=str(source),
        line=line if isinstance(line, int) else None,
        column=column if isinstance(column, int) and isinstance(line, int) else None,
    )


def _warning_line(problem: Problem) -> str:
    location = problem.source or "journeymap"
    if problem.line is not None:
        location += f":{problem.line}"
        if problem.column is not None:
            location += f":{problem.column}"
    return f"{location}: warning: {problem.message}"


def _print_problems(exc: JourneyMapError) -> None:
    for problem in exc.problems:
        print(f"journeymap: error: {problem}", file=sys.stderr)


# --- commands ---------------------------------------------------------------------------


def _renderer(name: str) -> Renderer:
    """The renderer called ``name``, or an error that suggests the nearest name."""
    from journeymap import renderers

    try:
        return renderers.get(name)
    except JourneyMapError as exc:
        if name in renderers.names():
            raise  # a plugin that failed to load: its own message says why
        hint = _format_hint(name, renderers.names())
        if hint is None:
            raise
        raise JourneyMapError(f"{exc}; did you mean {hint!r}?") from None


def _format_hint(name: str, known: list[str]) -> str | None:
    import difflib

    from journeymap import renderers

    lowered = name.lower().lstrip(".")
    if lowered in known:
        return lowered
    # The swimlane map first: the picture most people ask for by its image format.
    for builtin in sorted(renderers.builtin_names(), key=lambda n: n != "svg"):
        if lowered in renderers.image_formats(builtin):
            return f"-f {builtin} --image {lowered}"
    with contextlib.suppress(JourneyMapError):  # a file suffix: md, gv, yml, mmd...
        return renderers.for_path(f"map.{lowered}").name
    close = difflib.get_close_matches(lowered, known, n=1)
    return close[0] if close else None


def _render(args: argparse.Namespace) -> int:
    from journeymap.batch.progress import ProgressMode, open_progress
    from journeymap.batch.run import run_batch

    started = time.perf_counter()
    batch, many = _batch_from(args)
    if batch.output is None:
        run_batch(batch, open_progress("plain"))
        return 0
    mode: ProgressMode = "plain" if args.quiet or batch.check else args.progress
    try:
        summary = run_batch(batch, open_progress(mode))
    except KeyboardInterrupt:  # the maps done so far are written and in the cache
        print("journeymap: interrupted", file=sys.stderr)
        return 130
    summary.seconds = time.perf_counter() - started  # the whole command, as a user waits
    if not args.quiet and (many or summary.unchanged or batch.check):
        print(summary.line(), file=sys.stderr)
    return summary.status


def _batch_from(args: argparse.Namespace) -> tuple[Batch, bool]:
    """The batch the command line asks for, and whether it names many maps.

    Everything that can be refused is refused here, before any map is read: unknown
    formats and options, two maps writing one file, an output that is an input.
    """
    from journeymap import renderers
    from journeymap.batch.cache import Manifest, run_digest
    from journeymap.batch.inputs import MAP_SUFFIXES, STDIN, find_sources
    from journeymap.batch.jobs import Render
    from journeymap.batch.run import Batch, plan_targets, refuse_overwrites

    formats: list[str] = args.format or ["markdown"]
    chosen = [_renderer(name) for name in formats]
    given = _given_options(args, chosen)
    images = _images(args.image, chosen)
    image_options = _image_options(args, images)
    to_stdout = args.output == "-"
    out_dir = None if to_stdout else Path(args.output)
    recorded = Manifest.load(out_dir).outputs() if out_dir is not None else set()
    sources = find_sources(
        args.files,
        exclude=args.exclude or [],
        skip=recorded,
        skip_folder=None if out_dir is None else str(out_dir),
    )
    if not sources:
        raise JourneyMapError(
            f"no map to render in {', '.join(args.files)} (maps end in "
            f"{', '.join(MAP_SUFFIXES)}; see --exclude)"
        )
    if to_stdout and len(sources) * len(chosen) != 1:
        raise JourneyMapError("-o - writes to standard output: give one file and one format")
    if args.check and out_dir is None:
        raise JourneyMapError("--check compares the files in an output folder: give -o DIR")
    suffixes = tuple(_suffix(r, images.get(r.name)) for r in chosen)

    # Where everything goes, checked before any file is read.
    planned = plan_targets(sources, suffixes, out_dir)
    from journeymap.theme_files import is_theme_path

    theme_files = sorted(
        {str(v) for o in given.values() for k, v in o.items() if k == "theme" and is_theme_path(v)}
    )
    folders = sorted(
        {str(v) for o in given.values() for k, v in o.items() if k == "template_dir" and v}
    )
    if out_dir is not None:
        refuse_overwrites(planned, [*theme_files, *(args.survey or [])], folders)
    found = _Warnings(args.strict)
    if theme_files:
        from journeymap.themes import get_theme

        for path in theme_files:  # each theme file is read once, before any map
            with found.collect(path):
                theme = get_theme(path)
            for options in given.values():
                if options.get("theme") == path:
                    options["theme"] = theme
    found.check()
    checked = {r.name: renderers.checked_options(r, given[r.name]) for r in chosen}
    renders = tuple(
        Render(
            r.name,
            checked[r.name],
            images.get(r.name),
            image_options if r.name in images else {},
        )
        for r in chosen
    )
    surveys = tuple(args.survey or [])
    stdin = None
    if any(source.path == STDIN for source in sources):
        stdin = _read_stdin()
    many = len(sources) > 1 or any(
        os.path.isdir(a) or (not os.path.lexists(a) and any(c in a for c in "*?["))
        for a in args.files
    )
    batch = Batch(
        tuple(sources),
        renders,
        suffixes,
        out_dir,
        surveys=surveys,
        strict=args.strict,
        jobs=args.jobs if args.jobs is not None else (os.cpu_count() or 1),
        force=args.force,
        all_or_none=args.all_or_none,
        check=args.check,
        quiet=args.quiet,
        cache=many,
        run=run_digest(renders, [*surveys, *theme_files], folders, args.strict),
        inputs=tuple(theme_files),
        folders=tuple(folders),
        stdin=stdin,
        stdin_format=args.source_format,
    )
    return batch, many


def _image_options(args: argparse.Namespace, images: dict[str, str]) -> dict[str, float | str]:
    """The image options given as flags, checked once for every map.

    They are ``--scale``, ``--dpi``, ``--width``, ``--paper`` and ``--orientation``.
    """
    given: dict[str, float | str] = {
        name: value
        for name in ("scale", "dpi", "width", "paper", "orientation")
        if (value := getattr(args, f"image_{name}", None)) is not None
    }
    if not given:
        return given
    if not images:
        flags = _listed([f"--{name}" for name in given])
        verb = "applies" if len(given) == 1 else "apply"
        kinds = "pdf" if "paper" in given or "orientation" in given else "png or pdf"
        raise JourneyMapError(f"{flags} {verb} to an exported image: add --image {kinds}")
    if "orientation" in given and "paper" not in given:
        raise JourneyMapError("--orientation turns the paper: add --paper a4, a3 or letter")
    if "paper" in given and set(images.values()) != {"pdf"}:
        raise JourneyMapError("--paper lays a PDF out on pages: use --image pdf")
    from journeymap import renderers

    for name in images:
        own = {f.name for f in renderers.option_fields(name)}
        sizes = {k: v for k, v in given.items() if k not in own}  # the rest: its options
        if getattr(renderers.get(name), "takes_image_options", False) is True:
            from journeymap.images.options import check_image_options

            check_image_options(name, sizes)
        elif sizes:
            raise JourneyMapError(
                f"the {name} renderer sizes its images itself; it takes no {', '.join(sizes)}"
            )
    return given


def _watch(args: argparse.Namespace) -> int:
    from journeymap.batch.watch import watch

    return watch(args)


def _with_surveys(model: JourneyMap, file: str, extra: Sequence[str]) -> JourneyMap:
    """The map with its own survey files and ``--survey`` files applied, answers pooled.

    See :func:`journeymap.analysis.surveys.with_surveys`; loaded only when there are some.
    """
    if not model.surveys and not extra:
        return model
    from journeymap.analysis.surveys import with_surveys

    return with_surveys(model, Path(file).parent, extra=extra, source=file)


def _suffix(renderer: Renderer, image: str | None) -> str:
    """The end of an output's file name: the format's suffix, or its image's."""
    from journeymap import renderers

    if image is not None:
        return renderers.image_formats(renderer)[image]
    return renderer.suffix


def _images(image: str | None, chosen: list[Renderer]) -> dict[str, str]:
    """The chosen formats that export ``--image``'s format, by name."""
    from journeymap import renderers

    if image is None:
        return {}
    exporters = {r.name: image for r in chosen if image in renderers.image_formats(r)}
    if not exporters:
        able = [n for n in renderers.builtin_names() if image in renderers.image_formats(n)]
        if not able:
            raise JourneyMapError(f"--image {image}: no chosen format exports {image} images")
        able.sort(key=lambda name: name != "svg")  # the map first: what most want a picture of
        raise JourneyMapError(
            f"--image {image} exports the {_listed(able)} format{'s' if len(able) > 1 else ''}: "
            f"add -f {able[0]}"
        )
    return exporters


def _listed(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 2:
        return " and ".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


# --- options from flags and -O ------------------------------------------------------------


def _option_flags() -> dict[str, list[OptionField]]:
    """Every option of the built-in renderers that a command line can give, by name.

    Each maps to its fields in the formats that have it (``theme``: svg's and dot's).
    """
    from journeymap import renderers

    flags: dict[str, list[OptionField]] = {}
    for name in renderers.builtin_names():
        for option in renderers.option_fields(name):
            if option.kind != "other":
                flags.setdefault(option.name, []).append(option)
    return dict(sorted(flags.items()))


def _given_options(args: argparse.Namespace, chosen: list[Renderer]) -> dict[str, dict[str, Any]]:
    """The options each chosen format gets from the flags and ``-O``, read by type."""
    from journeymap import renderers

    fields = {r.name: {f.name: f for f in renderers.option_fields(r)} for r in chosen}
    declared = {r.name: renderers.options_of(r) is not None for r in chosen}
    given: dict[str, dict[str, Any]] = {r.name: {} for r in chosen}
    origin: dict[tuple[str, str], str] = {}

    def put(renderer: str, name: str, value: object, how: str) -> None:
        if (renderer, name) in origin:
            raise JourneyMapError(
                f"{renderer} option {name!r} is given twice ({origin[renderer, name]} and "
                f"{how}); give it once"
            )
        origin[renderer, name] = how
        given[renderer][name] = value

    for name, options in _option_flags().items():
        value = getattr(args, _FLAG_DEST.format(name), None)
        if value is None:
            continue
        flag = options[0].flag
        if value is False:
            flag = "--no-" + flag.removeprefix("--")
        targets = [r.name for r in chosen if name in fields[r.name]]
        if not targets:
            owners = sorted(option.renderer for option in options)
            chosen_names = _listed([r.name for r in chosen])
            raise JourneyMapError(
                f"{flag} applies to the {_listed(owners)} format{'s' if len(owners) > 1 else ''}"
                " only, and the chosen "
                f"format{'s are' if len(chosen) > 1 else ' is'} {chosen_names}"
                f"{'' if args.format else ' (the default)'}: add e.g. -f {owners[-1]}"
            )
        for target in targets:
            field = fields[target][name]
            text = value if isinstance(value, str) else None
            put(target, name, field.from_text(text) if text is not None else value, flag)

    for item in args.option or []:
        key, equals, text = item.partition("=")
        how = f"-O {item}"
        if not equals or not key.strip():
            raise JourneyMapError(f"{how}: expected NAME=VALUE or FORMAT.NAME=VALUE")
        prefix, dot, name = key.strip().rpartition(".")
        if dot:
            if prefix not in given:
                raise JourneyMapError(
                    f"{how}: the {prefix} format is not chosen; add -f {prefix} "
                    f"(chosen: {', '.join(given)})"
                )
            targets = [prefix]
        else:
            targets = [r for r in given if name in fields[r] or not declared[r]]
        if not targets or (dot and declared[prefix] and name not in fields[prefix]):
            raise JourneyMapError(_unknown_option(how, name, targets or list(given), fields))
        for target in targets:
            declared_field = fields[target].get(name)
            value = declared_field.from_text(text) if declared_field is not None else text
            put(target, name, value, how)
    return given


def _unknown_option(how: str, name: str, formats: list[str], fields: dict[str, Any]) -> str:
    from journeymap.renderers.options import suggest, unknown_options

    if len(formats) == 1:
        (problem,) = unknown_options(formats[0], [name], list(fields[formats[0]]))
        return f"{how}: {problem.message}"
    known = sorted({option for f in formats for option in fields[f]})
    return (
        f"{how}: no chosen format ({', '.join(formats)}) has an option {name!r}; "
        f"{suggest(name, known)}allowed: {', '.join(known)}"
    )


def _read_stdin() -> str:
    """Standard input's text, read within the input limit (never whole when it is endless)."""
    from journeymap.limits import MAX_INPUT_BYTES, check_input_size, read_text_stream

    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        return read_text_stream(stream, "<stdin>")
    text = sys.stdin.read(MAX_INPUT_BYTES + 1)  # a text stream with no bytes below it
    check_input_size(len(text.encode("utf-8", "surrogatepass")), "<stdin>")
    return text


def _validate(args: argparse.Namespace) -> int:
    failures = 0
    for file in args.files:
        found = _Warnings(args.strict)
        try:
            with found.collect(file):
                model = _with_surveys(load_any(file), file, args.survey or [])
            found.check()
        except JourneyMapError as exc:
            failures += 1
            _print_problems(exc)
            continue
        except OSError as exc:
            failures += 1
            print(f"journeymap: error: {exc}", file=sys.stderr)
            continue
        if not args.quiet:
            phases = _count(len(model.phases), "phase")
            touchpoints = _count(len(model.touchpoints), "touchpoint")
            print(f"{file}: ok ({phases}, {touchpoints})")
    return 1 if failures else 0


def _convert(args: argparse.Namespace) -> int:
    from journeymap import renderers
    from journeymap.batch.jobs import survey_files
    from journeymap.io import files_read
    from journeymap.outputs import refuse_inputs

    refuse_inputs([args.output], [args.file])
    found = _Warnings(args.strict)
    with found.collect(args.file):
        with files_read() as read:  # a .py map may load other maps
            model = load_any(args.file)
        refuse_inputs([args.output], read)
        # The survey files it names are its inputs too, as they are for render.
        refuse_inputs([args.output], survey_files(model, args.file), named_by=args.file)
        try:
            # Text by the suffix, or an image from the one renderer exporting it (.png).
            document = renderers.render_for_path(model, args.output)
        except JourneyMapError as exc:
            raise exc.with_source(args.output) from None
    found.check()
    renderers.write_atomically(Path(args.output), document)
    return 0


def _theme_list(args: argparse.Namespace) -> int:
    from journeymap.themes import THEMES

    for name in THEMES:
        print(name)
    return 0


def _theme_show(args: argparse.Namespace) -> int:
    from journeymap.theme_files import theme_data
    from journeymap.themes import get_theme

    data = theme_data(get_theme(args.name))
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    sys.stdout.write(text)
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _schema(args: argparse.Namespace) -> int:
    from journeymap.io import json_schema
    from journeymap.renderers import write_atomically

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.output), text)
    return 0


def _formats() -> str:
    # The built-ins only: listing plugins would scan every installed package at start-up.
    from journeymap import renderers

    return ", ".join(renderers.builtin_names()) + ", or an installed plugin's format"


# --- the parser -------------------------------------------------------------------------

_INVALID_CHOICE = re.compile(r"invalid choice: (.+?) \(choose from (.+)\)$")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors suggest the nearest command or option."""

    def __init__(self, *args: Any, options: list[str] | None = None, **kwargs: Any) -> None:
        # Every option string of every (sub)command, shared, for "did you mean".
        self.all_options: list[str] = [] if options is None else options
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Add an argument, remembering its option strings for suggestions."""
        action = super().add_argument(*args, **kwargs)
        self.all_options.extend(action.option_strings)
        return action

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` with a suggestion, and exit with status 2."""
        import difflib

        choice = _INVALID_CHOICE.search(message)
        if choice:
            given = choice[1].strip("'\"")
            known = [c.strip().strip("'\"") for c in choice[2].split(",")]
            close = difflib.get_close_matches(given, known, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
        elif message.startswith("unrecognized arguments: "):
            for word in message.removeprefix("unrecognized arguments: ").split():
                others = [option for option in self.all_options if option != word]
                close = difflib.get_close_matches(word, others, n=1)
                if word.startswith("-") and close:
                    message += f"; did you mean {close[0]!r}?"
                    break
        super().error(message)


def _builtin_images() -> dict[str, dict[str, str]]:
    """The image formats of the built-in renderers that export any, by renderer."""
    from journeymap import renderers

    return {
        name: dict(renderers.image_formats(name))
        for name in renderers.builtin_names()
        if renderers.image_formats(name)
    }


def _image_formats() -> list[str]:
    return list(dict.fromkeys(f for formats in _builtin_images().values() for f in formats))


def _add_option_flags(render: _Parser) -> None:
    """One flag per option of the built-in renderers, shared by the formats having it."""
    group = render.add_argument_group(
        "format options",
        "made from the renderers' option models; a flag applies to every chosen format "
        "that has the option (see docs/renderers.md)",
    )
    for name, fields in _option_flags().items():
        first = fields[0]
        descriptions = {f.renderer: f.description.rstrip(".") for f in fields}
        if len(set(descriptions.values())) == 1:
            described = f"{first.description.rstrip('.')} [{', '.join(sorted(descriptions))}]"
        else:
            described = "; ".join(f"{r}: {d}" for r, d in sorted(descriptions.items()))
        default = _shown_default(first)
        text = f"{described} ({first.type.replace('`', '')}; default: {default})"
        help_text = text.replace("%", "%%")
        dest = _FLAG_DEST.format(name)
        if first.kind == "bool":
            action = group.add_argument(
                first.flag, dest=dest, action=argparse.BooleanOptionalAction, help=help_text
            )
        elif first.kind == "choice":
            choices = list(dict.fromkeys(c for f in fields for c in f.choices))
            action = group.add_argument(first.flag, dest=dest, choices=choices, help=help_text)
        else:
            action = group.add_argument(first.flag, dest=dest, metavar=name.upper(), help=help_text)
        render.all_options.extend(action.option_strings)  # for "did you mean"


def _shown_default(field: OptionField) -> str:
    value = field.default
    if value is None:
        return field.unset
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return ",".join(map(str, value))
    return str(value)


def _add_batch_arguments(render: _Parser) -> None:
    """The arguments ``render`` and ``watch`` share."""
    render.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a map (.yaml, .yml, .json, .mmd, .mermaid, .py), a folder, a glob, or - "
        "for standard input",
    )
    render.add_argument(
        "-f",
        "--format",
        action="append",
        metavar="FORMAT",
        help=f"output format, repeatable (default markdown); one of: {_formats()}",
    )
    render.add_argument(
        "-o",
        "--output",
        default=".",
        metavar="DIR",
        help="output folder (default: current folder); '-' for standard output",
    )
    render.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="leave out the maps whose path below a folder or glob matches PATTERN (a glob, "
        "e.g. 'drafts' or '*.draft.yaml'); repeatable",
    )
    if render.prog.endswith(" render"):
        render.add_argument(
            "--from",
            dest="source_format",
            choices=("yaml", "json", "mermaid"),
            default="yaml",
            help="the format of a map read from standard input (default: yaml)",
        )
    render.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="worker processes (default: the number of cores); 1 renders in this process",
    )
    render.add_argument(
        "--force", action="store_true", help="render every map, even those up to date"
    )
    render.add_argument(
        "--all-or-none",
        action="store_true",
        help="write nothing unless every map renders, then every output in one "
        "transaction (by default a map that fails writes nothing of its own and the "
        "others are written)",
    )
    render.add_argument(
        "--progress",
        choices=("auto", "bar", "plain"),
        default="auto",
        help="a progress bar on standard error (bar; needs the progress extra), only the "
        "plain lines (plain), or a bar when standard error is a terminal (auto, default)",
    )
    render.add_argument(
        "--image",
        choices=_image_formats(),
        help="export an image through the formats that make one instead of their text: "
        + "; ".join(
            f"-f {name} writes {', '.join('FILE' + suffix for suffix in suffixes.values())}"
            for name, suffixes in _builtin_images().items()
        ),
    )
    sizes = render.add_mutually_exclusive_group()
    for name, kind, text in (
        ("scale", float, "scale the exported image by FACTOR (0.1 to 10; 2 for a sharp slide)"),
        ("dpi", float, "the exported PNG's pixels per inch (96 is 1:1; 10 to 960)"),
        ("width", int, "the exported PNG's width in pixels, or the PDF page's (16 to 20000)"),
        ("paper", str, "a PDF on pages of a4, a3 or letter paper, the map split by phases"),
    ):
        sizes.add_argument(
            f"--{name}",
            dest=f"image_{name}",
            type=kind,
            metavar="FACTOR" if name == "scale" else name.upper(),
            help=f"{text}; with --image, one of --scale, --dpi, --width, --paper",
        )
        render.all_options.append(f"--{name}")  # for "did you mean"
    render.add_argument(
        "--orientation",
        dest="image_orientation",
        metavar="ORIENTATION",
        help="with --paper: landscape (the default) or portrait",
    )
    render.all_options.append("--orientation")
    render.add_argument(
        "-O",
        "--option",
        action="append",
        metavar="[FORMAT.]NAME=VALUE",
        help="set an option of every chosen format that has it, or of one format "
        "(svg.legend=false); repeatable. Values are read by the option's type: "
        "true/false/yes/no, numbers, comma-separated lists. Plugins' options too",
    )
    render.add_argument("--survey", action="append", metavar="ANSWERS", help=_SURVEY_HELP)
    _add_option_flags(render)
    render.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    render.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only: no files, no summary"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1; got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    from journeymap import __version__

    parser = _Parser(
        prog="journeymap",
        description="Customer journey maps as code: render, validate, describe.",
        epilog=_TRUST,
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = parser.all_options

    render = commands.add_parser(
        "render",
        help="render map files, folders and globs",
        options=shared,
        description="Render YAML, JSON, Mermaid or Python maps: files, folders (searched "
        "recursively; the outputs mirror their sub-folders), globs (also quoted: "
        "'maps/**/*.yaml') or - for standard input. Maps render in parallel worker "
        "processes; each map's outputs are written together, atomically, and a map that "
        "fails writes nothing while the others go on (the exit status is then 1). Maps "
        "whose outputs are up to date are skipped (a cache in the output folder, "
        f"{_MANIFEST}). An output that would replace an input (under any name or link) is "
        "refused before anything is written; an existing output keeps its permissions.",
        epilog=_TRUST,
    )
    _add_batch_arguments(render)
    render.add_argument(
        "--check",
        action="store_true",
        help="write nothing: list the outputs that are not up to date and exit 1 if any (for CI)",
    )
    render.set_defaults(run=_render)

    watch = commands.add_parser(
        "watch",
        help="render maps again whenever they change",
        options=shared,
        description="Render like 'render', then again whenever a map, a theme, survey or "
        "template file changes (only the maps whose outputs are out of date). Errors are "
        "printed and watching goes on; Ctrl-C stops it. Needs the watch extra: "
        "pip install 'journeymap[watch]'.",
        epilog=_TRUST,
    )
    _add_batch_arguments(watch)
    watch.add_argument(
        "--debounce",
        type=int,
        default=200,
        metavar="MS",
        help="wait until files have been quiet this long before rendering (default: 200)",
    )
    watch.set_defaults(run=_watch, check=False, source_format="yaml")

    validate = commands.add_parser(
        "validate",
        help="check map files and report every problem",
        options=shared,
        description="Check map files; print every problem and warning.",
        epilog=_TRUST,
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "--survey",
        action="append",
        metavar="ANSWERS",
        help="also check survey answers (.csv or .json) against every map; repeatable",
    )
    validate.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.set_defaults(run=_validate)

    convert = commands.add_parser(
        "convert",
        help="convert a map file to another format",
        options=shared,
        description="Read a map (YAML, JSON, Python or a Mermaid journey) and write it in the "
        "format of the output's suffix, e.g. turn a Mermaid journey into editable YAML. "
        "The output may not be the input file (under any name or link).",
        epilog=_TRUST,
    )
    convert.add_argument("file", metavar="FILE", help=".yaml, .yml, .json, .py, .mmd")
    convert.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="e.g. map.yaml, map.json, map.svg"
    )
    convert.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    convert.set_defaults(run=_convert)

    from journeymap.lint import add_lint_command

    add_lint_command(commands, options=shared, epilog=_TRUST)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of map files", options=shared
    )
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead")
    schema.set_defaults(run=_schema)

    theme = commands.add_parser(
        "theme",
        help="list the built-in themes, or print one to start a theme file from",
        options=shared,
        description="List the built-in themes, or print one with every field as YAML or "
        "JSON: save it as a .yaml or .json file, change what you like (or keep only "
        "'base: NAME' and the fields you change) and pass it to render --theme.",
    )
    actions = theme.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="print the built-in themes' names", options=shared)
    listing.set_defaults(run=_theme_list)
    show = actions.add_parser(
        "show", help="print a built-in theme or a theme file, every field", options=shared
    )
    show.add_argument("name", metavar="THEME", help="default, dark, print, auto or a theme file")
    show.add_argument(
        "-f", "--format", choices=("yaml", "json"), default="yaml", help="default: yaml"
    )
    show.set_defaults(run=_theme_show)
    return parser
