"""Safe writing of a set of output files: all of them or none, never over an input.

:func:`write_all` is how journeymap writes files (``save()``, ``journeymap render``,
``convert`` and ``schema``). Its guarantee, exactly:

* **Whole files.** Each output is written to a temporary file in its own folder
  (``.NAME.PID.N.tmp``) and renamed over the target, so a reader sees the old file or
  the new one, never a part.
* **All or none.** Every temporary file is written before any target is replaced. Then
  the targets are replaced one by one; an existing target is first kept under a second
  name (a hard link ``.NAME.PID.N.bak``, which costs no copy). If a rename fails, the
  targets already replaced are put back from those links and the new ones removed, then
  the error is raised: the folders hold what they held before (should putting a file
  back fail too, its ``.bak`` is left in place, so nothing is lost). Once every rename
  has succeeded, the ``.bak`` links are removed. Two targets that are one file, or a
  folder where a file should go, are refused before anything is written.
* **Modes kept.** A target that exists as a regular file keeps its permission bits and,
  where the system allows it, its group; a new file gets the usual ``0o666`` less the
  umask. Other metadata (owner, ACLs, extended attributes) is not copied.
* **Links are replaced, not followed.** A target that is a symbolic link is replaced by
  a regular file; the file it pointed to is never written. Likewise a target with other
  hard links becomes a new file, and its other names keep the old content.

Not guaranteed: if the process is killed or the machine stops *during* the renames, some
targets may be new and others old (each still whole), and ``.tmp``/``.bak`` files may be
left behind; files are not ``fsync``-ed.

:func:`refuse_inputs` is the check that no output is one of the files a run reads,
whatever its spelling: the same path, ``a/../map.yaml``, a symbolic link to it or a hard
link to it (compared by device and inode, as :func:`os.path.samefile` does).

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_all({folder / "a.md": "# A\\n", folder / "b.bin": b"\\x00"})
    >>> sorted(p.name for p in folder.iterdir())
    ['a.md', 'b.bin']
    >>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from journeymap.errors import JourneyMapError

__all__ = ["refusal", "refuse_inputs", "same_file", "write_all"]


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are the same existing file (links followed).

    A path through a folder that does not exist yet is read as it will be once the
    folder is made: ``new/../map.yaml`` is ``map.yaml``.

    Example:
        >>> same_file(__file__, os.path.join(os.path.dirname(__file__), "outputs.py"))
        True
        >>> here = os.path.dirname(__file__)
        >>> same_file(os.path.join(here, "not-made", "..", "outputs.py"), __file__)
        True
    """
    try:
        return os.path.samefile(os.path.realpath(a), os.path.realpath(b))
    except (OSError, ValueError):  # one does not exist, or cannot be looked at
        return False


def refuse_inputs(
    targets: Iterable[str | os.PathLike[str]],
    inputs: Iterable[str | os.PathLike[str]],
    folders: Iterable[str | os.PathLike[str]] = (),
    *,
    named_by: str | None = None,
) -> None:
    """Refuse outputs that are input files under any name, before anything is written.

    Args:
        targets: The files about to be written.
        inputs: The files the run reads.
        folders: Folders the run reads files from (e.g. templates): an existing file in
            one of them, or below, is an input too.
        named_by: The map that names ``inputs`` as its survey answers, said in the
            message (``(a file MAP reads)``).

    Raises:
        JourneyMapError: Naming each output and the input it is.

    Example:
        >>> refuse_inputs(["out.md"], [__file__])
        >>> refuse_inputs([__file__], [__file__])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        journeymap.errors.JourneyMapError: the output ...outputs.py is the input ...
    """
    sources = [Path(p) for p in inputs]
    roots = [(Path(f), os.path.realpath(f)) for f in folders]
    messages = []
    for target in map(Path, targets):
        source = next((s for s in sources if same_file(target, s)), None)
        if source is not None:
            messages.append(refusal(target, source, named_by))
            continue
        if not os.path.lexists(target):
            continue
        real = os.path.realpath(target)
        for folder, root in roots:
            if os.path.commonpath([real, root]) == root:
                messages.append(
                    f"the output {target} is in {folder}, a folder this run reads from; an "
                    "input is never overwritten: write to another folder"
                )
                break
    if messages:
        raise JourneyMapError(messages[0] if len(messages) == 1 else "; ".join(messages))


def refusal(target: Path, source: Path, named_by: str | None = None) -> str:
    """Why ``target`` may not be written: it is the input ``source`` (that ``named_by`` reads).

    Example:
        >>> refusal(Path("out/a.json"), Path("maps/a.json"), "maps/m.yaml")[:62]
        'the output out/a.json is the input maps/a.json under another n'
    """
    how = f"is the input {source}"
    if os.path.abspath(target) != os.path.abspath(source):
        how += " under another name"
        if named_by is None:
            how += " (a link or another spelling)"
    if named_by is not None:
        how += f" (a file {named_by} reads)"
    return (
        f"the output {target} {how}; an input is never overwritten: write to another folder "
        "or file name"
    )


def write_all(outputs: Mapping[Path, str | bytes]) -> None:
    r"""Write every output, or none: see the module's guarantee.

    Text is written as UTF-8 exactly as given (``\n`` stays ``\n``); bytes as they are.

    Args:
        outputs: Target path -> content.

    Raises:
        JourneyMapError: If two targets are the same file, or a target is a folder.
        OSError: If a file cannot be written; every target is then as it was.
    """
    targets = [Path(t) for t in outputs]
    _refuse_twice(targets)
    for target in targets:
        if target.is_dir():
            raise JourneyMapError(f"cannot write {target}: a folder of that name is in the way")
    staged: list[_Staged] = []
    try:
        for target, data in zip(targets, outputs.values(), strict=True):
            payload = data.encode("utf-8") if isinstance(data, str) else data
            try:
                staged.append(_stage(target, payload))
            except OSError as exc:
                raise _naming(exc, target) from exc
        _commit(staged)
    finally:
        for item in staged:
            item.temporary.unlink(missing_ok=True)


@dataclass
class _Staged:
    target: Path
    temporary: Path
    backup: Path | None = None
    moved: bool = False


def _refuse_twice(targets: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for target in targets:
        key = os.path.normcase(os.path.join(os.path.realpath(target.parent), target.name))
        if key in seen:
            raise JourneyMapError(
                f"the outputs {seen[key]} and {target} are the same file; a run names the "
                "same file twice"
            )
        seen[key] = target


def _naming(exc: OSError, target: Path) -> OSError:
    """The same error about ``target`` (not about a temporary name the user never gave)."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(target))


def _new_temporary(target: Path) -> tuple[Path, int]:
    """Create a new empty ``.NAME.PID.N.tmp`` beside ``target``; return it and its fd."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for attempt in itertools.count():
        candidate = target.with_name(f".{target.name}.{os.getpid()}.{attempt}.tmp")
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _stage(target: Path, payload: bytes) -> _Staged:
    """Write ``payload`` to a temporary file beside ``target`` with the target's mode."""
    try:
        existing: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        existing = None
    temporary, fd = _new_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if existing is not None and stat.S_ISREG(existing.st_mode):
                _copy_mode(handle.fileno(), temporary, existing)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return _Staged(target, temporary)


def _copy_mode(fd: int, temporary: Path, existing: os.stat_result) -> None:
    # The group first: changing it may clear set-id bits, which the mode then restores.
    if hasattr(os, "fchown"):
        with contextlib.suppress(OSError):  # only a member of that group may set it
            os.fchown(fd, -1, existing.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    else:  # pragma: no cover - Windows
        os.chmod(temporary, stat.S_IMODE(existing.st_mode))


def _commit(staged: list[_Staged]) -> None:
    """Rename every temporary file over its target, or put every target back."""
    done: list[_Staged] = []
    try:
        for item in staged:
            try:
                _keep(item)
                os.replace(item.temporary, item.target)
            except OSError as exc:
                _undo(item, replaced=False)
                raise _naming(exc, item.target) from exc
            except BaseException:
                _undo(item, replaced=False)
                raise
            done.append(item)
    except BaseException:
        for item in reversed(done):
            _undo(item, replaced=True)
        raise
    for item in done:
        if item.backup is not None:
            item.backup.unlink(missing_ok=True)


def _keep(item: _Staged) -> None:
    """Keep the current target under a second name, if there is one."""
    if not os.path.lexists(item.target):
        return
    with contextlib.suppress(OSError, NotImplementedError):  # no hard links: move it aside
        item.backup = _unused(item.target, lambda name: os.link(item.target, name, **_NO_FOLLOW))
        return
    item.backup = _unused(item.target, lambda name: os.rename(item.target, name))
    item.moved = True


# Link a symbolic link itself, not the file it points to, where the system can.
_NO_FOLLOW = {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}


def _unused(target: Path, create: Callable[[Path], None]) -> Path:
    """Run ``create`` on the first ``.NAME.PID.N.bak`` name that is free."""
    for attempt in itertools.count():
        name = target.with_name(f".{target.name}.{os.getpid()}.{attempt}.bak")
        if os.path.lexists(name):
            continue
        create(name)
        return name
    raise AssertionError("unreachable")  # pragma: no cover


def _undo(item: _Staged, *, replaced: bool) -> None:
    """Put ``item.target`` back as it was (best effort: a kept file is never deleted)."""
    try:
        if item.backup is None:
            if replaced:
                os.unlink(item.target)
        elif replaced or item.moved:
            os.replace(item.backup, item.target)
        else:  # the rename failed: the target is untouched and the link is not needed
            os.unlink(item.backup)
    except OSError:
        pass  # a .bak file left behind keeps the old content; the original error is raised
