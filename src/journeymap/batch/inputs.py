"""The maps a batch reads: files, folders walked recursively, globs, and standard input.

:func:`find_sources` turns the command line's arguments into :class:`Source` entries, in
a stable order:

* ``-`` is standard input (read by the caller).
* A file is taken as it is, whatever its suffix (the loader says if it cannot read it).
* A folder is walked recursively, in name order, for the suffixes maps are read from
  (:data:`MAP_SUFFIXES`); hidden files and folders (a name starting with ``.``) are
  skipped, and so are the files named in ``skip`` (the outputs journeymap wrote) and
  anything inside the ``skip_folder`` (the output folder, when it lies inside).
  The outputs mirror its sub-folders.
* An argument that is not a file but holds ``*``, ``?`` or ``[`` is a glob, expanded
  here too (for a shell that does not, or a quoted ``"maps/**/*.yaml"``, where ``**``
  spans folders); the outputs mirror the folders below its fixed part. A glob that
  matches no map is an error.

``exclude`` patterns (shell globs, ``*`` spanning ``/`` too) are matched against each
map's path relative to its folder or glob base, and against every leading part of that
path, so ``drafts`` leaves out a whole sub-folder; for a named file, against the path as
given and its name. A map found twice is read once.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("a.yaml", "sub/b.mmd", "sub/notes.txt", "drafts/c.yaml"):
    ...     (root / name).parent.mkdir(exist_ok=True)
    ...     _ = (root / name).write_text("title: T\\n")
    >>> [(s.folder, Path(s.path).name) for s in find_sources([str(root)], exclude=["drafts"])]
    [('', 'a.yaml'), ('sub', 'b.mmd')]
    >>> import shutil; shutil.rmtree(root)
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from journeymap.errors import JourneyMapError

__all__ = ["MAP_SUFFIXES", "STDIN", "Source", "find_sources"]

#: The suffixes a folder or a glob is searched for (lower case; matched in any case).
MAP_SUFFIXES = (".yaml", ".yml", ".json", ".mmd", ".mermaid", ".py")

#: The argument that names standard input.
STDIN = "-"

_MAGIC = ("*", "?", "[")


@dataclass(frozen=True)
class Source:
    """One map of a batch.

    Attributes:
        path: The file as found (``-`` for standard input).
        folder: The sub-folder its outputs go to, below the output folder (POSIX
            separators; empty for none).
    """

    path: str
    folder: str = ""

    @property
    def stem(self) -> str:
        """The name its outputs start with (``stdin`` for standard input)."""
        return "stdin" if self.path == STDIN else Path(self.path).stem


def find_sources(
    arguments: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    skip: Collection[str] = (),
    skip_folder: str | None = None,
) -> list[Source]:
    """The maps named by ``arguments``; see the module's description.

    Args:
        arguments: Files, folders, globs and ``-``.
        exclude: Glob patterns of maps to leave out.
        skip: Absolute, normalised paths (:func:`os.path.abspath`) of files that are
            never maps of a folder or a glob (the outputs of earlier runs).
        skip_folder: A folder never walked into (the output folder).

    Raises:
        JourneyMapError: For a glob that matches no map, or standard input named twice.
    """
    found: dict[str, Source] = {}
    cwd = os.getcwd()  # once: os.path.abspath asks the system on every call

    def absolute(path: str) -> str:
        return os.path.normpath(os.path.join(cwd, path))

    blocked = absolute(skip_folder) if skip_folder is not None else None

    def add(source: Source) -> None:
        key = source.path if source.path == STDIN else absolute(source.path)
        found.setdefault(key, source)

    if sum(argument == STDIN for argument in arguments) > 1:
        raise JourneyMapError("- (standard input) is named twice; name it once")
    for argument in arguments:
        if argument == STDIN:
            add(Source(STDIN))
        elif os.path.isdir(argument):
            for path, folder in _walk(argument, blocked, absolute):
                relative = str(PurePosixPath(folder, Path(path).name))
                if absolute(path) not in skip and not _excluded(relative, exclude):
                    add(Source(path, folder))
        elif not os.path.lexists(argument) and any(mark in argument for mark in _MAGIC):
            matched = _expand(argument)
            kept = [
                (path, folder)
                for path, folder in matched
                if absolute(path) not in skip
                and not _excluded(str(PurePosixPath(folder, Path(path).name)), exclude)
            ]
            if not matched:
                raise JourneyMapError(
                    f"{argument}: no map matches this pattern (maps end in "
                    f"{', '.join(MAP_SUFFIXES)})"
                )
            for path, folder in kept:
                add(Source(path, folder))
        elif not (_excluded(argument, exclude) or _excluded(Path(argument).name, exclude)):
            add(Source(argument))
    return list(found.values())


def _is_map(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(MAP_SUFFIXES)


def _walk(
    root: str, blocked: str | None, absolute: Callable[[str], str]
) -> Iterable[tuple[str, str]]:
    """The maps below ``root`` with their folders relative to it, in name order."""
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".") and absolute(os.path.join(folder, name)) != blocked
        )
        relative = os.path.relpath(folder, root)
        posix = "" if relative == "." else PurePosixPath(Path(relative)).as_posix()
        for name in sorted(names):
            path = os.path.join(folder, name)
            if _is_map(name) and os.path.isfile(path):
                yield path, posix


def _expand(pattern: str) -> list[tuple[str, str]]:
    """The maps a glob matches, with their folders relative to its fixed part."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(mark in part for mark in _MAGIC):
            break
        fixed.append(part)
    base = str(Path(*fixed)) if fixed else "."
    matches = []
    for path in sorted(glob.glob(pattern, recursive=True)):
        if _is_map(Path(path).name) and os.path.isfile(path):
            relative = os.path.relpath(os.path.dirname(path) or ".", base)
            folder = "" if relative == "." else PurePosixPath(Path(relative)).as_posix()
            matches.append((path, folder))
    return matches


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    """Whether ``relative`` (POSIX) or one of its leading parts matches a pattern."""
    if not patterns:
        return False
    parts = PurePosixPath(relative.replace(os.sep, "/")).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(fnmatch.fnmatchcase(p, pattern) for pattern in patterns for p in prefixes)
