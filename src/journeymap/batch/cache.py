"""The batch cache: which outputs are up to date, kept in a manifest in the output folder.

A map is **unchanged**, and not rendered again, when all of these hold:

* its key is the one recorded: a SHA-256 of the map file's bytes and of everything else
  the run's outputs depend on (:func:`run_digest`: journeymap's version, the formats,
  their checked options, the image format and options, ``--strict``, and the bytes of
  the ``--survey`` files, theme files and every file of a template folder);
* the survey files the map names itself hash as recorded;
* each of its outputs was recorded as made from it, and still holds the bytes that
  were written (an output deleted or edited by hand is made again).

The manifest is ``.journeymap-cache.json`` in the output folder, one entry per output
(so runs of other formats into the same folder keep theirs), written atomically at the
end of a run. Its paths are relative to that folder (POSIX separators), so a folder
committed with its manifest is up to date on another machine, which is what
``render --check`` in CI relies on. A manifest of another version, or one that is
damaged, counts as empty. A file at that path that journeymap did not write (not JSON,
or without the manifest's ``format`` and ``outputs``) is never replaced: the run is
refused (see :meth:`Manifest.refusal`).

Tracked as well as the map's own file: its survey files and the maps a ``.py`` map
loads with :func:`journeymap.load`. Not tracked: what a ``.py`` map imports or opens by
other means, and a plugin renderer's code. Use ``--force`` after changing those.

Example:
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> source = out / "map.yaml"; _ = source.write_text("title: T\\n")
    >>> manifest = Manifest.load(out)
    >>> key = source_key(digest(source.read_bytes()), "run")
    >>> manifest.stale(str(source), key, [out / "map.md"])
    'never rendered here'
    >>> _ = (out / "map.md").write_text("# T\\n")
    >>> manifest.record(str(source), key, {}, {out / "map.md": b"# T\\n"})
    >>> manifest.stale(str(source), key, [out / "map.md"]) is None
    True
    >>> import shutil; shutil.rmtree(out)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from journeymap.errors import JourneyMapError

__all__ = [
    "MANIFEST_NAME",
    "Manifest",
    "digest",
    "file_digest",
    "folder_digest",
    "foreign_reason",
    "run_digest",
    "source_key",
]

#: The manifest's file name in the output folder.
MANIFEST_NAME = ".journeymap-cache.json"
_FORMAT = 1  # the manifest's own version: another one is ignored
_DELETED = "deleted"
_EDITED = "edited since it was written"
_OWN = (_DELETED, _EDITED)


def digest(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The digest of a file's bytes, or ``None`` when it cannot be read."""
    total = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                total.update(chunk)
    except OSError:
        return None
    return total.hexdigest()


def folder_digest(path: str | os.PathLike[str]) -> str:
    """One digest of every file below a folder: their relative names and bytes."""
    total = hashlib.sha256()
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        for name in sorted(names):
            file = os.path.join(folder, name)
            total.update(os.path.relpath(file, path).encode("utf-8", "surrogateescape"))
            total.update(b"\0" + (file_digest(file) or "unreadable").encode() + b"\0")
    return total.hexdigest()


def run_digest(
    renders: Iterable[Any], files: Sequence[str], folders: Sequence[str], strict: bool
) -> str:
    """The digest of what every output of a run depends on, besides the map itself.

    Args:
        renders: The run's :class:`~journeymap.batch.jobs.Render` entries (their
            ``repr`` is hashed: checked options print their values, a theme every field).
        files: Files every map depends on (``--survey`` answers, theme files).
        folders: Folders every map depends on (template folders).
        strict: Whether warnings are errors.
    """
    from journeymap import __version__

    parts: dict[str, Any] = {
        "journeymap": __version__,
        "renders": [_ordered(render) for render in renders],
        "files": {name: file_digest(name) for name in files},
        "folders": {name: folder_digest(name) for name in folders},
        "strict": strict,
    }
    return digest(json.dumps(parts, sort_keys=True).encode("utf-8"))


def _ordered(render: Any) -> str:
    options = sorted(getattr(render, "options", {}).items())
    image_options = sorted(getattr(render, "image_options", {}).items())
    return repr((render.format, options, render.image, image_options))


def source_key(source_digest: str, run: str) -> str:
    """The key of one map: its bytes' digest with the run's."""
    return digest(f"{source_digest}\0{run}".encode())


@dataclass
class _Entry:
    source: str
    key: str
    reads: dict[str, str]
    digest: str
    warnings: tuple[str, ...] = ()


@dataclass
class Manifest:
    """The cache of one output folder.

    Attributes:
        folder: The output folder.
        entries: By output (relative to the folder): the map it was made from, that
            map's key, the other files it read with their digests, and its own digest.
            Runs with other formats into the same folder keep their own entries.
        changed: Whether :meth:`save` has anything to write.
        foreign: Why the file at the manifest's path is not a manifest (then it is
            never replaced), or ``None``.
    """

    folder: Path
    entries: dict[str, _Entry] = field(default_factory=dict)
    changed: bool = False
    foreign: str | None = None
    # The working folder and this folder as an absolute path, found once: abspath asks
    # the system for the working folder on every call, a large share of a run that
    # renders nothing.
    _cwd: str = field(default="", repr=False, compare=False)
    _root: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        self._cwd = os.getcwd()
        self._root = self._absolute(self.folder)

    @property
    def path(self) -> Path:
        """The manifest file."""
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of ``folder``: empty when there is none, or it is of another version.

        A file at the manifest's path that is not a manifest (see :func:`foreign_reason`)
        gives an empty manifest whose :attr:`foreign` says why; :meth:`save` never
        replaces it.
        """
        manifest = cls(folder)
        path = folder / MANIFEST_NAME
        if not os.path.lexists(path):
            return manifest
        try:
            data = json.loads(path.read_bytes())
        except IsADirectoryError:
            manifest.foreign = "a folder"
            return manifest
        except FileNotFoundError:
            manifest.foreign = "a link to a missing file"
            return manifest
        except OSError as exc:
            manifest.foreign = f"it cannot be read: {exc.strerror or exc}"
            return manifest
        except ValueError:
            manifest.foreign = "not JSON"
            return manifest
        manifest.foreign = foreign_reason(data)
        if manifest.foreign is not None or data["format"] != _FORMAT:
            return manifest
        try:
            for name, entry in data["outputs"].items():
                manifest.entries[name] = _Entry(
                    str(entry["map"]),
                    str(entry["key"]),
                    dict(entry["reads"]),
                    str(entry["sha256"]),
                    tuple(str(line) for line in entry.get("warnings", ())),
                )
        except (ValueError, KeyError, TypeError, AttributeError):  # ours, but damaged
            manifest.entries.clear()
        return manifest

    def _absolute(self, path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        if not os.path.isabs(text):
            text = os.path.join(self._cwd, text)
        return os.path.normpath(text)

    def _name(self, path: str | os.PathLike[str]) -> str:
        relative = os.path.relpath(self._absolute(path), self._root)
        return relative if os.sep == "/" else PurePosixPath(Path(relative)).as_posix()

    def _path(self, name: str) -> str:
        return os.path.join(self._root, *name.split("/"))

    def outputs(self) -> set[str]:
        """Every output recorded, as absolute normalised paths."""
        return {os.path.normpath(self._path(output)) for output in self.entries}

    def stale(self, source: str, key: str, targets: Sequence[Path]) -> str | None:
        """Why ``source``'s outputs must be made again, or ``None`` when they are current."""
        found = self.stale_outputs(source, key, targets)
        if not found:
            return None
        target, reason = found[0]
        return f"{target} {reason}" if reason in _OWN else reason

    def stale_outputs(
        self, source: str, key: str, targets: Sequence[Path]
    ) -> list[tuple[Path, str]]:
        """The outputs of ``source`` that are not current, each with the reason.

        A reason that concerns the map (it changed, the options did, a file it reads
        did, it was never rendered here) makes every output stale; otherwise only the
        outputs deleted or edited since they were written are.
        """
        name = self._name(source)
        read: dict[str, str | None] = {}
        entries = []
        for target in targets:
            entry = self.entries.get(self._name(target))
            if entry is None or entry.source != name:
                return [(t, "never rendered here") for t in targets]
            if entry.key != key:
                return [(t, "the map or the options changed") for t in targets]
            for other, recorded in entry.reads.items():
                if other not in read:
                    read[other] = file_digest(self._path(other))
                if read[other] != recorded:
                    shown = os.path.relpath(self._path(other), self._cwd)
                    return [(t, f"{shown} changed") for t in targets]
            entries.append(entry)
        stale = []
        for target, entry in zip(targets, entries, strict=True):
            found = file_digest(target)
            if found is None:
                stale.append((target, _DELETED))
            elif found != entry.digest:
                stale.append((target, _EDITED))
        return stale

    def reads_of(self, targets: Sequence[Path]) -> list[str]:
        """The files recorded as read to make ``targets`` (absolute paths)."""
        names = {
            name
            for target in targets
            if (entry := self.entries.get(self._name(target))) is not None
            for name in entry.reads
        }
        return sorted(os.path.normpath(self._path(name)) for name in names)

    def warnings_of(self, targets: Sequence[Path]) -> list[str]:
        """The warnings said when ``targets`` were made, each once, in order."""
        found: dict[str, None] = {}
        for target in targets:
            entry = self.entries.get(self._name(target))
            if entry is not None:
                found.update(dict.fromkeys(entry.warnings))
        return list(found)

    def record(
        self,
        source: str,
        key: str,
        reads: Iterable[str],
        outputs: Mapping[Path, bytes],
        warnings: Sequence[str] = (),
    ) -> None:
        """Remember that ``source`` with ``key`` wrote ``outputs`` after reading ``reads``.

        ``warnings`` are the lines said while making them: said again by a run that
        finds the outputs current, so a warning is never lost to the cache.
        """
        name = self._name(source)
        read = {self._name(other): file_digest(other) or "" for other in reads}
        for target, data in outputs.items():
            self.entries[self._name(target)] = _Entry(
                name, key, read, digest(data), tuple(warnings)
            )
        self.changed = True

    def text(self) -> str:
        """The manifest as written: sorted JSON, one output per line."""
        lines = [
            f"  {json.dumps(name)}: "
            + json.dumps(
                {"map": e.source, "key": e.key, "reads": e.reads, "sha256": e.digest}
                | ({"warnings": list(e.warnings)} if e.warnings else {}),
                sort_keys=True,
            )
            for name, e in sorted(self.entries.items())
        ]
        body = ",\n".join(lines)
        return f'{{"format": {_FORMAT}, "outputs": {{\n{body}\n}}}}\n'

    def save(self) -> None:
        """Write the manifest atomically, if anything changed.

        Raises:
            JourneyMapError: If the file at its path is not a manifest (:attr:`foreign`).
        """
        if not self.changed:
            return
        if self.foreign is not None:
            raise JourneyMapError(self.refusal())
        from journeymap.outputs import write_all

        self.folder.mkdir(parents=True, exist_ok=True)
        write_all({self.path: self.text()})
        self.changed = False

    def refusal(self) -> str:
        """What to do about a file at the manifest's path that is not a manifest."""
        return (
            f"{self.path} is not a journeymap cache manifest ({self.foreign}); journeymap "
            "keeps its cache in that file and never replaces a file it did not write: move "
            "or rename it, or render into another folder (-o DIR)"
        )


def foreign_reason(data: object) -> str | None:
    """Why parsed JSON is not a journeymap manifest, or ``None`` when it is one.

    A manifest is a JSON object whose ``format`` is an integer (its version) and whose
    ``outputs`` is an object; anything else was not written by journeymap.

    Example:
        >>> foreign_reason({"format": 1, "outputs": {}}) is None
        True
        >>> foreign_reason({"my": "notes"})
        "a JSON object without the manifest's format marker"
    """
    if not isinstance(data, dict):
        return "a JSON value that is not an object"
    version, outputs = data.get("format"), data.get("outputs")
    if isinstance(version, bool) or not isinstance(version, int) or not isinstance(outputs, dict):
        return "a JSON object without the manifest's format marker"
    return None
