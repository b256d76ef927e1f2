"""One batch run: plan the outputs, skip what is current, render the rest, write, report.

:func:`run_batch` is what ``journeymap render`` and each round of ``journeymap watch``
do with many maps:

1. **Plan.** Every map's outputs are named before anything is read: the output folder,
   the map's sub-folder (a folder or glob input is mirrored), its stem and the format's
   suffix. Two maps writing one file, or an output that is an input (a map, a theme or
   survey file, a file of a template folder) under any name, stop the run here.
2. **Skip.** Maps whose outputs are current (see :mod:`journeymap.batch.cache`) are
   *unchanged*; ``force`` renders them all; ``check`` only lists the stale outputs.
3. **Render.** The other maps are :class:`~journeymap.batch.jobs.Job` s run by
   :func:`~journeymap.batch.jobs.render_job`, in worker processes (``jobs`` > 1; the
   ``spawn`` start method, the same on every system) or in this process.
4. **Write.** In this process, as each map finishes: its outputs are written together,
   atomically (:func:`journeymap.outputs.write_all`); a map that failed writes nothing
   and its problems are printed, but the other maps go on. A map with an output that
   could be a survey file (``.csv``, ``.json``) is written last, once every map has
   said which survey files it reads, and refused if one of them is its output. The
   manifest is written at the end, also when the run is interrupted.

Example:
    >>> import io, tempfile
    >>> from journeymap.batch.inputs import Source
    >>> from journeymap.batch.jobs import Render
    >>> from journeymap.batch.progress import open_progress
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text("title: A\\n")
    >>> batch = Batch((Source(str(folder / "a.yaml")),), (Render("markdown"),), (".md",),
    ...               folder / "out", jobs=1, quiet=True, cache=True)
    >>> run_batch(batch, open_progress("plain")).line()  # doctest: +ELLIPSIS
    'rendered 1, unchanged 0, failed 0 in ... s'
    >>> run_batch(batch, open_progress("plain")).line()  # doctest: +ELLIPSIS
    'rendered 0, unchanged 1, failed 0 in ... s'
    >>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from journeymap.batch.cache import MANIFEST_NAME, Manifest, digest, source_key
from journeymap.batch.inputs import MAP_SUFFIXES, STDIN, Source
from journeymap.batch.jobs import Job, JobResult, Render, render_job
from journeymap.batch.progress import Progress
from journeymap.errors import JourneyMapError, Problem

__all__ = [
    "IN_PROCESS_SECONDS",
    "WORKER_START_SECONDS",
    "Batch",
    "Summary",
    "plan_targets",
    "refuse_overwrites",
    "run_batch",
]

_SURVEY_SUFFIXES = (".csv", ".json")

#: How long a run renders in its own process before it starts worker processes.
IN_PROCESS_SECONDS = 0.3
#: What starting worker processes costs, in seconds (each imports journeymap).
WORKER_START_SECONDS = 0.4


@dataclass(frozen=True)
class Batch:
    """Everything a run needs, decided from the command line.

    Attributes:
        sources: The maps.
        renders: The outputs of each map.
        suffixes: The file suffix of each render (``.svg``, ``.flow.png``...).
        output: The output folder, or ``None`` for standard output (one map, one
            render).
        surveys: ``--survey`` files, applied to every map.
        strict: Whether warnings are errors.
        jobs: Worker processes; 1 renders in this process.
        force: Render every map, current or not.
        all_or_none: Write nothing unless every map renders, then every output in one
            transaction (a bad map otherwise writes nothing of its own only).
        check: Write nothing; list the outputs that are not current.
        quiet: Do not list written outputs.
        cache: Keep the manifest in the output folder (it is read in any case).
        run: The digest of what every output depends on besides its map
            (:func:`~journeymap.batch.cache.run_digest`).
        inputs: Other files the run reads (theme files), never to be overwritten.
        folders: Folders the run reads (templates): no output may be inside.
        stdin: The text of standard input, for a source named ``-``.
        stdin_format: Its format.
    """

    sources: tuple[Source, ...]
    renders: tuple[Render, ...]
    suffixes: tuple[str, ...]
    output: Path | None
    surveys: tuple[str, ...] = ()
    strict: bool = False
    jobs: int = 1
    force: bool = False
    all_or_none: bool = False
    check: bool = False
    quiet: bool = False
    cache: bool = False
    run: str = ""
    inputs: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    stdin: str | None = None
    stdin_format: Literal["yaml", "json", "mermaid"] = "yaml"


@dataclass
class Summary:
    """What a run did; :meth:`line` says it in one line."""

    rendered: int = 0
    unchanged: int = 0
    failed: int = 0
    stale: int = 0
    seconds: float = 0.0
    check: bool = False
    written: list[Path] = field(default_factory=list)
    #: Other files the maps read (their survey files, the maps a ``.py`` map loads),
    #: as absolute paths; ``watch`` watches them too.
    reads: list[str] = field(default_factory=list)

    def line(self) -> str:
        """E.g. ``rendered 198, unchanged 0, failed 2 in 1.8 s``."""
        if self.check:
            counts = f"stale {self.stale}, up to date {self.unchanged}"
        else:
            counts = f"rendered {self.rendered}, unchanged {self.unchanged}, failed {self.failed}"
        return f"{counts} in {self.seconds:.1f} s"

    @property
    def status(self) -> int:
        """The exit status: 1 when a map failed or (checking) an output is stale."""
        return 1 if self.failed or self.stale else 0


def plan_targets(
    sources: Sequence[Source], suffixes: Sequence[str], output: Path | None
) -> dict[Source, list[Path]]:
    """Each map's output files; refuse two maps writing one file.

    Raises:
        JourneyMapError: Naming both maps and the file.
    """
    out = output if output is not None else Path()
    planned: dict[Source, list[Path]] = {}
    owner: dict[Path, str] = {}
    for source in sources:
        folder = out / source.folder if source.folder else out
        targets = [folder / f"{source.stem}{suffix}" for suffix in suffixes]
        for target in targets:
            if target in owner:
                raise JourneyMapError(
                    f"{owner[target]} and {source.path} would both write {target}; "
                    "rename one or render them into different folders"
                )
            owner[target] = source.path
        planned[source] = targets
    return planned


def run_batch(batch: Batch, progress: Progress) -> Summary:
    """Run a batch; see the module's description.

    Raises:
        JourneyMapError: For a plan that would overwrite an input or write one file
            twice (nothing is read or written then). A bad map is not raised: it is
            reported and counted.
    """
    started = time.perf_counter()
    planned = plan_targets(batch.sources, batch.suffixes, batch.output)
    if batch.output is None:
        return _to_stdout(batch, started)
    refuse_overwrites(planned, [*batch.inputs, *batch.surveys], batch.folders)
    _refuse_manifest_input(batch.output / MANIFEST_NAME, planned, batch)
    manifest = Manifest.load(batch.output)
    if manifest.foreign is not None:
        raise JourneyMapError(manifest.refusal())
    summary = Summary(check=batch.check)
    keys: dict[Source, str] = {}
    todo: list[Source] = []
    read: _Reads = {}
    for source, targets in planned.items():
        if source.path == STDIN:
            todo.append(source)
            continue
        try:
            keys[source] = source_key(digest(Path(source.path).read_bytes()), batch.run)
        except OSError:
            todo.append(source)  # the job says what is wrong with it
            continue
        if batch.check:
            stale = manifest.stale_outputs(source.path, keys[source], targets)
            summary.stale += bool(stale)
            summary.unchanged += not stale
            for target, reason in stale:
                progress.out(f"{target}: stale: {reason}")
        elif batch.force or manifest.stale(source.path, keys[source], targets) is not None:
            todo.append(source)
        else:
            summary.unchanged += 1
            # Its survey files are still read: no other map's output may replace them.
            _note_reads(read, manifest.reads_of(targets), source.path)
            for line in manifest.warnings_of(targets):  # said again: a cache loses none
                progress.err(line)
    if batch.check:
        summary.stale += len(todo)  # standard input, or a map that cannot be read
        for source in todo:
            progress.out(f"{source.path}: stale: cannot be read")
        summary.seconds = time.perf_counter() - started
        return summary
    keep = batch.cache or manifest.path.exists()
    progress.start(len(todo))
    try:
        if batch.all_or_none:
            _all_or_none(batch, todo, planned, keys, manifest, summary, progress, read)
        else:
            last: list[tuple[Source, JobResult]] = []
            code = any(source.path.lower().endswith(".py") for source in todo)
            for source, result in _results(batch, todo):
                _note_reads(read, result.reads, source.path)
                if result.ok and _may_be_read(planned[source], code):
                    last.append((source, result))  # written once every map has been read
                    progress.advance()
                    continue
                _write(source, result, planned, keys, manifest, summary, progress, batch, read)
                progress.advance()
            for source, result in last:
                _write(source, result, planned, keys, manifest, summary, progress, batch, read)
    finally:
        progress.close()
        if keep:
            manifest.save()
    summary.reads = sorted({os.path.abspath(name) for name, _ in read.values()})
    summary.seconds = time.perf_counter() - started
    return summary


def _may_be_read(targets: Sequence[Path], code: bool) -> bool:
    """Whether an output could be a file another map of the run reads.

    Survey files end in ``.csv`` or ``.json``, and a ``.py`` map (``code``) may load a
    map file; which files a map reads is known only once it is read, so such outputs are
    written after every map has been.
    """
    suffixes = _SURVEY_SUFFIXES + (MAP_SUFFIXES if code else ())
    return any(target.suffix.lower() in suffixes for target in targets)


def _write(
    source: Source,
    result: JobResult,
    planned: dict[Source, list[Path]],
    keys: dict[Source, str],
    manifest: Manifest,
    summary: Summary,
    progress: Progress,
    batch: Batch,
    read: _Reads | None = None,
) -> None:
    """Write one map's outputs and print what happened."""
    targets = planned[source]
    problems = tuple(Problem("", message) for message in _survey_refusals(targets, read or {}))
    if problems:
        summary.failed += 1
    else:
        problems = _finish(source, targets, keys.get(source), result, manifest, summary)
    _report(progress, result.warnings, problems, [] if batch.quiet else targets)


def _report(
    progress: Progress,
    warnings: Sequence[Problem],
    problems: Sequence[Problem],
    targets: Sequence[Path],
) -> None:
    """Print what one map did: its warnings, then its problems or its written outputs."""
    from journeymap.cli import _warning_line

    for warning in warnings:
        progress.err(_warning_line(warning))
    for problem in problems:
        progress.err(f"journeymap: error: {problem}")
    if not problems:
        for target in targets:
            progress.out(str(target))


def _finish(
    source: Source,
    targets: list[Path],
    key: str | None,
    result: JobResult,
    manifest: Manifest,
    summary: Summary,
) -> tuple[Problem, ...]:
    """Write one map's outputs, update the manifest; return why it failed, if it did.

    A map that fails leaves its outputs and their entries as they were: the entries
    still describe those files, and the map's own key tells whether they are current.
    """
    from journeymap.outputs import refuse_inputs, write_all

    if not result.ok:
        summary.failed += 1
        return result.problems
    outputs = {t: o.data for t, o in zip(targets, result.outputs, strict=True)}
    try:
        refuse_inputs(targets, result.reads)
        with _folders_for(targets):
            write_all(outputs)
    except (JourneyMapError, OSError) as exc:
        summary.failed += 1
        return exc.problems if isinstance(exc, JourneyMapError) else (Problem("", str(exc)),)
    summary.rendered += 1
    summary.written += targets
    if key is not None:
        from journeymap.cli import _warning_line

        written = {t: d.encode("utf-8") if isinstance(d, str) else d for t, d in outputs.items()}
        said = [_warning_line(warning) for warning in result.warnings]
        manifest.record(source.path, key, result.reads, written, said)
    return ()


def _all_or_none(
    batch: Batch,
    todo: list[Source],
    planned: dict[Source, list[Path]],
    keys: dict[Source, str],
    manifest: Manifest,
    summary: Summary,
    progress: Progress,
    read: _Reads,
) -> None:
    """Render every map, then write all their outputs in one transaction, or none."""
    from journeymap.outputs import write_all

    done: list[tuple[Source, JobResult]] = []
    for source, result in _results(batch, todo):
        _report(progress, result.warnings, result.problems, [])
        progress.advance()
        done.append((source, result))
        summary.failed += not result.ok
    if summary.failed:
        progress.err(
            f"journeymap: nothing written: {_count(summary.failed, 'map')} failed (--all-or-none)"
        )
        return
    outputs: dict[Path, str | bytes] = {}
    for source, result in done:
        outputs.update(zip(planned[source], (o.data for o in result.outputs), strict=True))
    for source, result in done:
        _note_reads(read, result.reads, source.path)
    try:
        refused = _survey_refusals(list(outputs), read)
        if refused:
            raise JourneyMapError(refused[0] if len(refused) == 1 else "; ".join(refused))
        with _folders_for(list(outputs)):
            write_all(outputs)
    except (JourneyMapError, OSError) as exc:
        problems = exc.problems if isinstance(exc, JourneyMapError) else (Problem("", str(exc)),)
        _report(progress, (), problems, [])
        summary.failed += len(done)
        return
    for source, result in done:
        targets = planned[source]
        summary.rendered += 1
        summary.written += targets
        key = keys.get(source)
        if key is not None:
            data = {t: outputs[t] for t in targets}
            encoded = {t: d.encode("utf-8") if isinstance(d, str) else d for t, d in data.items()}
            from journeymap.cli import _warning_line

            said = [_warning_line(warning) for warning in result.warnings]
            manifest.record(source.path, key, result.reads, encoded, said)
        _report(progress, (), (), [] if batch.quiet else targets)


# The survey files the maps name, by device and inode: the name a map gave, and the map.
_Reads = dict[tuple[int, int], tuple[str, str]]


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """A file's device and inode (links followed), or ``None`` when it does not exist.

    A path through a folder not made yet (``new/../map.yaml``) is the file it will name.
    """
    try:
        status = os.stat(os.path.realpath(path))
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _note_reads(read: _Reads, names: Sequence[str], source: str) -> None:
    """Remember that the map ``source`` reads the files ``names`` (those that exist)."""
    for name in names:
        key = _identity(name)
        if key is not None:
            read[key] = (_shown(name), source)


def _shown(name: str) -> str:
    """A file name as messages show it: relative to the working folder when given whole."""
    if not os.path.isabs(name):
        return name
    try:
        return os.path.relpath(name)
    except ValueError:  # pragma: no cover - another drive (Windows)
        return name


def _survey_refusals(targets: Sequence[Path], read: _Reads) -> list[str]:
    """Why each of ``targets`` that is a file a map reads (under any name) is refused.

    The files are compared as :func:`journeymap.outputs.refuse_inputs` does: by device
    and inode, so a link, a linked folder or another spelling is the same file.
    """
    if not read:
        return []
    from journeymap.outputs import refusal

    messages = []
    for target in targets:
        found = read.get(_identity(target) or (-1, -1))
        if found is None:
            continue
        name, source = found
        messages.append(refusal(target, Path(name), source))
    return messages


def _refuse_manifest_input(path: Path, planned: dict[Source, list[Path]], batch: Batch) -> None:
    """Refuse a run whose cache manifest would be one of its inputs, under any name.

    Raises:
        JourneyMapError: Naming the manifest and the input (a map, a ``--survey`` or
            theme file, or a file of a template folder).
    """
    if not os.path.lexists(path):
        return
    from journeymap.outputs import same_file

    inputs = [s.path for s in planned if s.path != STDIN] + [*batch.inputs, *batch.surveys]
    what = f"the cache manifest {path} of the output folder"
    for name in inputs:
        if same_file(path, name):
            raise JourneyMapError(
                f"{what} is the input {name}; an input is never overwritten: rename the input "
                "or render into another folder (-o DIR)"
            )
    real = os.path.realpath(path)
    for folder in batch.folders:
        root = os.path.realpath(folder)
        if os.path.commonpath([real, root]) == root:
            raise JourneyMapError(
                f"{what} is in {folder}, a folder this run reads from; an input is never "
                "overwritten: render into another folder (-o DIR)"
            )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@contextlib.contextmanager
def _folders_for(targets: Sequence[Path]) -> Iterator[None]:
    """Create the targets' folders; remove those created if the block fails."""
    created: list[Path] = []
    for folder in dict.fromkeys(t.parent for t in targets):
        missing = []
        for parent in [folder, *folder.parents]:
            if parent.exists():
                break
            missing.append(parent)
        folder.mkdir(parents=True, exist_ok=True)
        created += missing
    try:
        yield
    except BaseException:
        for folder in created:  # deepest first: only empty folders go
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _jobs_for(batch: Batch, sources: Sequence[Source]) -> list[Job]:
    return [
        Job(
            "<stdin>" if source.path == STDIN else source.path,
            batch.renders,
            text=batch.stdin if source.path == STDIN else None,
            text_format=batch.stdin_format,
            surveys=batch.surveys,
            strict=batch.strict,
        )
        for source in sources
    ]


def _results(batch: Batch, todo: list[Source]) -> Iterator[tuple[Source, JobResult]]:
    """Each map's result as it finishes: here first, then in worker processes.

    Starting workers costs about 0.4 s (each imports journeymap), more than a few small
    maps take: maps are rendered here until :data:`IN_PROCESS_SECONDS` have passed, and
    what is left then goes to ``batch.jobs`` workers only when it would take longer here
    than there (:func:`workers_pay_off`).
    """
    from journeymap import renderers

    jobs = _jobs_for(batch, todo)
    builtin = set(renderers.builtin_names())
    # A renderer registered at run time is unknown to a worker process: render here.
    alone = batch.jobs <= 1 or any(r.format not in builtin for r in batch.renders)
    started = time.perf_counter()
    index = 0
    while index < len(todo):
        elapsed, left = time.perf_counter() - started, len(todo) - index
        if not (
            alone
            or left < 2
            or elapsed < IN_PROCESS_SECONDS
            or not workers_pay_off(elapsed, index, left, min(batch.jobs, left))
        ):
            break
        yield todo[index], _guarded(jobs[index])
        index += 1
    if index == len(todo):
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    workers = min(batch.jobs, len(todo) - index)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[JobResult], Source] = {
            pool.submit(render_job, job): source
            for source, job in zip(todo[index:], jobs[index:], strict=True)
        }
        try:
            for future in as_completed(futures):
                source = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker died, or a renderer broke
                    result = _crashed(source.path, exc)
                yield source, result
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def workers_pay_off(elapsed: float, done: int, left: int, workers: int) -> bool:
    """Whether ``workers`` processes would render the ``left`` maps sooner than this one.

    The maps left would take ``elapsed / done`` seconds each here; in workers they take
    that divided among the workers, after :data:`WORKER_START_SECONDS`. With nothing
    done yet there is no estimate, and workers are started.

    Example:
        >>> workers_pay_off(0.3, 60, 140, 2)  # 5 ms a map: 0.7 s here, 0.75 s there
        False
        >>> workers_pay_off(0.3, 3, 197, 2)  # 100 ms a map: 19.7 s here
        True
    """
    if done == 0:
        return True
    if workers < 2:
        return False
    here = elapsed / done * left
    return WORKER_START_SECONDS + here / workers < here


def _guarded(job: Job) -> JobResult:
    try:
        return render_job(job)
    except Exception as exc:  # a renderer or plugin broke: report it, go on with the others
        return _crashed(job.source, exc)


def _crashed(source: str, exc: BaseException) -> JobResult:
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return JobResult(source, problems=(Problem("", message, source=source),))


def refuse_overwrites(
    planned: dict[Source, list[Path]], others: Sequence[str], folders: Sequence[str]
) -> None:
    """Refuse outputs that are inputs (the maps or ``others``) or inside ``folders``.

    Each file is looked at once (by device and inode), not every pair; the message is
    :func:`journeymap.outputs.refuse_inputs`'.

    Raises:
        JourneyMapError: Naming each output and the input it is.
    """
    from journeymap.outputs import refuse_inputs

    inputs = [s.path for s in planned if s.path != STDIN] + list(others)
    known: dict[tuple[int, int], str] = {}
    for name in inputs:
        with contextlib.suppress(OSError, ValueError):
            status = os.stat(name)
            known.setdefault((status.st_dev, status.st_ino), name)
    clashes: list[tuple[Path, str]] = []
    existing: list[Path] = []
    for targets in planned.values():
        for target in targets:
            identity = _identity(target)  # through a folder not made yet, too
            if identity is None:
                if os.path.lexists(target):
                    existing.append(target)
                continue
            existing.append(target)
            source = known.get(identity)
            if source is not None:
                clashes.append((target, source))
    if clashes:
        refuse_inputs([t for t, _ in clashes], [s for _, s in clashes])
    if folders and existing:
        refuse_inputs(existing, [], folders)


def _to_stdout(batch: Batch, started: float) -> Summary:
    """Render the one map and write its one output to standard output."""
    (source,) = batch.sources
    (job,) = _jobs_for(batch, [source])
    result = _guarded(job)
    from journeymap.cli import _warning_line

    for warning in result.warnings:
        print(_warning_line(warning), file=sys.stderr)
    summary = Summary()
    if not result.ok:
        raise JourneyMapError(result.problems)
    (output,) = result.outputs
    if isinstance(output.data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(output.data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(output.data)
    summary.rendered = 1
    summary.seconds = time.perf_counter() - started
    return summary
