"""Renderers: the registry, :func:`render` and :func:`save`.

A renderer is any object with a ``name``, a file ``suffix``, a ``media_type`` and a
``render(model, **options) -> str`` method (see :class:`Renderer`). Built-in renderers
are registered here by name and imported only when first used; other packages add
theirs through the entry-point group ``journeymap.renderers``, or at run time with
:func:`register`.

Example:
    >>> from journeymap import Journey
    >>> names()
    ['dot', 'json', 'markdown', 'mermaid', 'svg', 'yaml']
    >>> j = Journey("Tiny").phase("Only").touchpoint("Step", emotion=1)
    >>> render(j, "markdown").splitlines()[0]
    '# Tiny'
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from journeymap.errors import JourneyMapError

if TYPE_CHECKING:
    from importlib import metadata

    from journeymap.builder import Journey
    from journeymap.model import JourneyMap

__all__ = [
    "ENTRY_POINT_GROUP",
    "Renderer",
    "builtin_names",
    "check_options",
    "for_path",
    "get",
    "names",
    "register",
    "render",
    "save",
    "unregister",
    "write_atomically",
]

#: The entry-point group third-party renderers register under.
ENTRY_POINT_GROUP = "journeymap.renderers"


@runtime_checkable
class Renderer(Protocol):
    """What a renderer provides.

    Attributes:
        name: The format name passed to :func:`render`, e.g. ``"markdown"``.
        suffix: The file suffix :func:`save` picks it by, e.g. ``".md"``.
        media_type: The output's media type, e.g. ``"text/markdown"``.
    """

    name: str
    suffix: str
    media_type: str

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model`` as text; raise :class:`JourneyMapError` for bad options."""
        ...


# Built-ins: name -> (suffixes, "module:attribute"). Imported on first use.
_BUILTINS: dict[str, tuple[tuple[str, ...], str]] = {
    "markdown": ((".md", ".markdown"), "journeymap.renderers.markdown:RENDERER"),
    "json": ((".json",), "journeymap.renderers.data:JSON_RENDERER"),
    "yaml": ((".yaml", ".yml"), "journeymap.renderers.data:YAML_RENDERER"),
    "svg": ((".svg",), "journeymap.renderers.svg.renderer:RENDERER"),
    "dot": ((".gv", ".dot"), "journeymap.renderers.dot:RENDERER"),
    "mermaid": ((".mmd", ".mermaid"), "journeymap.interop.mermaid:RENDERER"),
}

_loaded: dict[str, Renderer] = {}
_registered: dict[str, Renderer] = {}
_entry_points: dict[str, metadata.EntryPoint] | None = None


def _plugins() -> dict[str, metadata.EntryPoint]:
    """Installed plugins by name; installed packages are scanned once, when first asked."""
    global _entry_points
    if _entry_points is None:
        from importlib import metadata

        found = metadata.entry_points(group=ENTRY_POINT_GROUP)
        _entry_points = {ep.name: ep for ep in sorted(found, key=lambda ep: ep.name)}
    return _entry_points


def register(renderer: Renderer, *, replace: bool = False) -> None:
    """Register a renderer under its ``name`` for this process.

    Args:
        renderer: The renderer.
        replace: Allow replacing a renderer of the same name.

    Raises:
        JourneyMapError: If the object is not a renderer, or the name is taken and
            ``replace`` is false.
    """
    _check_renderer(renderer, "register()")
    if not replace and renderer.name in names():
        raise JourneyMapError(
            f"a renderer named {renderer.name!r} exists already; pass replace=True to replace it"
        )
    _registered[renderer.name] = renderer
    _loaded.pop(renderer.name, None)


def unregister(name: str) -> None:
    """Remove a renderer added with :func:`register`.

    Raises:
        JourneyMapError: If no renderer of that name was registered at run time.
    """
    if name not in _registered:
        raise JourneyMapError(
            f"no renderer named {name!r} was registered at run time; "
            f"registered: {', '.join(sorted(_registered)) or 'none'}"
        )
    del _registered[name]
    _loaded.pop(name, None)


def builtin_names() -> list[str]:
    """The names of the renderers that come with journeymap, sorted."""
    return sorted(_BUILTINS)


def names() -> list[str]:
    """The names of every available renderer, sorted."""
    return sorted({*_BUILTINS, *_plugins(), *_registered})


def get(name: str) -> Renderer:
    """The renderer called ``name``.

    Raises:
        JourneyMapError: If there is none; the message lists the known names.
    """
    if name in _registered:
        return _registered[name]
    if name in _loaded:
        return _loaded[name]
    if name in _BUILTINS:
        module_name, _, attribute = _BUILTINS[name][1].partition(":")
        renderer: Renderer = getattr(importlib.import_module(module_name), attribute)
    elif name in _plugins():
        renderer = _load_plugin(_plugins()[name])
    else:
        raise JourneyMapError(f"unknown format {name!r}; allowed: {', '.join(names())}")
    _loaded[name] = renderer
    return renderer


def for_path(path: str | os.PathLike[str]) -> Renderer:
    """The renderer whose suffix matches ``path``.

    Raises:
        JourneyMapError: If no renderer writes that suffix.
    """
    suffix = Path(path).suffix.lower()
    for name, (suffixes, _) in sorted(_BUILTINS.items()):
        if suffix in suffixes and name not in _registered:
            return get(name)
    candidates = [*_registered, *_plugins()]
    for name in sorted(candidates):
        if get(name).suffix.lower() == suffix:
            return get(name)
    known = sorted(
        {s for suffixes, _ in _BUILTINS.values() for s in suffixes}
        | {get(n).suffix for n in candidates}
    )
    raise JourneyMapError(
        f"no renderer writes {suffix or 'files without a suffix'!r} files ({Path(path).name}); "
        f"allowed suffixes: {', '.join(known)}, or pass format="
    )


def render(journey: JourneyMap | Journey, format: str, **options: Any) -> str:
    """Render a journey map as text.

    Args:
        journey: A :class:`~journeymap.model.JourneyMap`, or a builder (built first).
        format: A renderer name; see :func:`names`.
        **options: Options of that renderer (e.g. ``locale="es"`` for Markdown).

    Returns:
        The rendered text.

    Raises:
        JourneyMapError: For an unknown format, a bad option or an invalid journey.
    """
    return get(format).render(_as_map(journey), **options)


def save(
    journey: JourneyMap | Journey,
    path: str | os.PathLike[str],
    format: str | None = None,
    **options: Any,
) -> Path:
    """Render a journey map and write it to ``path`` atomically.

    The format comes from the file suffix (``.svg``, ``.md``, ``.gv``, ``.yaml``,
    ``.json``…) unless ``format`` is given. A renderer with a ``write(model, path,
    **options)`` method writes the file itself: the ``dot`` renderer exports ``.svg``,
    ``.png`` and ``.pdf`` through Graphviz that way.

    The map is rendered completely before the file is touched, then written as
    :func:`journeymap.outputs.write_all` writes: to a temporary file in the same folder,
    renamed over ``path``, so a failure never leaves a half-written file and an existing
    file stays as it was. An existing file keeps its permission bits (and its group where
    the system allows). If ``path`` is a symbolic link, the link itself is replaced by a
    regular file and the file it pointed to is left untouched: ``save`` never writes
    through a link. ``save`` cannot know which file a map was read from: protecting input
    files is up to the caller (``journeymap render`` and ``convert`` refuse an output
    that is one of their inputs).

    Args:
        journey: A map or a builder.
        path: Where to write.
        format: A renderer name, overriding the suffix.
        **options: Options of the renderer.

    Returns:
        The path written.

    Raises:
        JourneyMapError: For an unknown format or suffix, a bad option, an invalid
            journey, or a folder in the way of ``path``.
        OSError: If the file cannot be written.
    """
    target = Path(path)
    renderer = get(format) if format is not None else for_path(target)
    model = _as_map(journey)
    write = getattr(renderer, "write", None)
    if callable(write):  # a renderer that writes files itself (e.g. images through a program)
        written: Path = write(model, target, **options)
        return written
    write_atomically(target, renderer.render(model, **options))
    return target


def write_atomically(target: Path, data: str | bytes) -> None:
    r"""Write ``data`` to ``target`` through a temporary file in the same folder.

    Text is written as UTF-8 with ``\n`` line ends. The temporary file is renamed over
    the target only once it is complete, so a failure never leaves a half-written file;
    an existing target keeps its mode, and a symbolic link at ``target`` is replaced,
    not followed. This is :func:`journeymap.outputs.write_all` for one file.

    Raises:
        JourneyMapError: If a folder is in the way of ``target``.
        OSError: If the file cannot be written; ``target`` is then as it was.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "note.txt"
        >>> write_atomically(target, "hello\n")
        >>> target.read_text()
        'hello\n'
        >>> import shutil; shutil.rmtree(target.parent)
    """
    from journeymap.outputs import write_all

    write_all({Path(target): data})


def check_options(renderer: str, options: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse options a renderer does not know, naming the ones it does.

    Raises:
        JourneyMapError: If ``options`` has a key not in ``allowed``.

    Example:
        >>> check_options("markdown", {"locale": "es"}, ("locale",))
    """
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise JourneyMapError(
            f"the {renderer} renderer has no option {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed) or 'none'}"
        )


def _as_map(journey: Any) -> JourneyMap:
    from journeymap.builder import Journey
    from journeymap.model import JourneyMap

    if isinstance(journey, JourneyMap):
        return journey
    if isinstance(journey, Journey):
        return journey.build()
    raise JourneyMapError(
        f"expected a JourneyMap or a Journey builder; got {type(journey).__name__}"
    )


def _load_plugin(entry_point: metadata.EntryPoint) -> Renderer:
    where = f"entry point {entry_point.name!r} ({entry_point.value})"
    try:
        obj = entry_point.load()
    except Exception as exc:  # a broken plugin must not look like a journeymap bug
        raise JourneyMapError(f"{where} could not be loaded: {exc}") from exc
    if isinstance(obj, type):
        obj = obj()
    _check_renderer(obj, where)
    renderer: Renderer = obj
    return renderer


def _check_renderer(obj: object, where: str) -> None:
    missing = [
        attribute
        for attribute in ("name", "suffix", "media_type")
        if not isinstance(getattr(obj, attribute, None), str)
    ]
    if not callable(getattr(obj, "render", None)):
        missing.append("render()")
    if missing:
        raise JourneyMapError(
            f"{where} is not a renderer: it lacks {', '.join(missing)} "
            "(a renderer has name, suffix and media_type strings and a render() method)"
        )
