"""Renderers: the registry, :func:`render` and :func:`save`.

A renderer is any object with a ``name``, a file ``suffix``, a ``media_type`` and a
``render(model, **options) -> str`` method (see :class:`Renderer`); it may declare its
options as a model (``options``) and export images (``image_formats`` and
``render_image``). Built-in renderers are registered here by name and imported only when
first used; other packages add theirs through the entry-point group
``journeymap.renderers``, or at run time with :func:`register`.

:func:`render`, :func:`render_image` and :func:`save` check a call's options against
the renderer's model once, before anything is drawn (:func:`checked_options`), and pass
the checked values on; :func:`option_fields` describes them for the command line and
the docs.

Example:
    >>> from journeymap import Journey
    >>> names()
    ['blueprint', 'dot', 'json', 'markdown', 'mermaid', 'svg', 'yaml']
    >>> j = Journey("Tiny").phase("Only").touchpoint("Step", emotion=1)
    >>> render(j, "markdown").splitlines()[0]
    '# Tiny'
    >>> render(j, "svg", legend="no")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: svg option 'legend': expected a boolean; got 'no'
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from journeymap.errors import JourneyMapError

if TYPE_CHECKING:
    from importlib import metadata

    from pydantic import BaseModel

    from journeymap.builder import Journey
    from journeymap.model import JourneyMap
    from journeymap.renderers.options import OptionField

__all__ = [
    "ENTRY_POINT_GROUP",
    "ImageRenderer",
    "Renderer",
    "builtin_names",
    "check_options",
    "checked_options",
    "for_path",
    "get",
    "image_formats",
    "names",
    "option_fields",
    "options_of",
    "register",
    "render",
    "render_for_path",
    "render_image",
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

    Two capabilities are optional, declared by attributes the registry looks for:

    * ``options``: a pydantic model class (a subclass of
      :class:`~journeymap.renderers.options.RendererOptions`), one field per option with
      its type, default and description. The registry validates a call's options into
      it once, before rendering, and passes the checked values to ``render`` as keyword
      arguments; a bad value or an unknown name is a located :class:`JourneyMapError`
      (``svg option 'legend': expected a boolean; got 'no'``). The command line makes
      its ``-O name=value`` options (and, for built-in renderers, its flags) and the docs
      their tables from the same fields. A renderer without ``options`` receives its
      options unchecked and checks them itself (:func:`check_options` helps).
    * ``image_formats`` and ``render_image(model, image_format, /, **options) -> bytes``:
      the images the renderer can export, each mapped to the file suffix the command
      line names it with (the ``dot`` renderer: ``{"svg": ".flow.svg", "png":
      ".flow.png", "pdf": ".flow.pdf"}``, through the Graphviz program). :func:`save`,
      :func:`render_image` and ``journeymap render --image`` all export through
      ``render_image``; see :class:`ImageRenderer`. A renderer that sets
      ``takes_image_options = True`` receives the image's size as ``image=`` (a
      :class:`journeymap.images.ImageOptions`, from ``scale``, ``dpi`` or ``width``);
      the others are refused those three (unless they are options of its own).
    """

    name: str
    suffix: str
    media_type: str

    def render(self, model: JourneyMap, /, **options: Any) -> str:
        """Render ``model`` as text; raise :class:`JourneyMapError` for bad options."""
        ...


@runtime_checkable
class ImageRenderer(Renderer, Protocol):
    """A renderer that also exports images (PNG, PDF, SVG made by a program...).

    Attributes:
        image_formats: Each image format it exports (``"png"``), mapped to the suffix of
            the file the command line writes it to (``".flow.png"`` after the input's
            stem). :func:`save` picks the image format from the last suffix of a path.
    """

    image_formats: Mapping[str, str]

    def render_image(self, model: JourneyMap, image_format: str, /, **options: Any) -> bytes:
        """The image of ``model`` in ``image_format`` (a key of ``image_formats``)."""
        ...


class _Builtin(NamedTuple):
    """A built-in renderer, known without importing it."""

    suffixes: tuple[str, ...]
    renderer: str  # "module:attribute"
    options: str  # "module:attribute" of its options model
    images: Mapping[str, str] = MappingProxyType({})


_OPTIONS = "journeymap.renderers.options"
_FLOW_IMAGES = MappingProxyType({"svg": ".flow.svg", "png": ".flow.png", "pdf": ".flow.pdf"})
_MAP_IMAGES = MappingProxyType({"png": ".png", "pdf": ".pdf"})
_BLUEPRINT_IMAGES = MappingProxyType({"png": ".blueprint.png", "pdf": ".blueprint.pdf"})

# The built-ins, imported on first use. Their options models live in one light module so
# the command line can make its flags without importing every renderer.
_BUILTINS: dict[str, _Builtin] = {
    "markdown": _Builtin(
        (".md", ".markdown"),
        "journeymap.renderers.markdown:RENDERER",
        f"{_OPTIONS}:MarkdownOptions",
    ),
    "json": _Builtin(
        (".json",), "journeymap.renderers.data:JSON_RENDERER", f"{_OPTIONS}:NoOptions"
    ),
    "yaml": _Builtin(
        (".yaml", ".yml"), "journeymap.renderers.data:YAML_RENDERER", f"{_OPTIONS}:NoOptions"
    ),
    "svg": _Builtin(
        (".svg",), "journeymap.images.svg_map:RENDERER", f"{_OPTIONS}:SvgOptions", _MAP_IMAGES
    ),
    "dot": _Builtin(
        (".gv", ".dot"), "journeymap.renderers.dot:RENDERER", f"{_OPTIONS}:DotOptions", _FLOW_IMAGES
    ),
    "mermaid": _Builtin(
        (".mmd", ".mermaid"), "journeymap.interop.mermaid:RENDERER", f"{_OPTIONS}:NoOptions"
    ),
    "blueprint": _Builtin(
        (".blueprint.svg",),
        "journeymap.renderers.blueprint:RENDERER",
        "journeymap.renderers.blueprint.options:BlueprintOptions",
        _BLUEPRINT_IMAGES,
    ),
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
        renderer: Renderer = _attribute(_BUILTINS[name].renderer)
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
    file_name = Path(path).name.lower()

    def ends(ending: str) -> bool:
        return file_name.endswith(ending.lower()) and len(file_name) > len(ending)

    # The longest suffix the name ends with wins: ".blueprint.svg" before ".svg".
    builtins = [
        (len(ending), name)
        for name, builtin in _BUILTINS.items()
        if name not in _registered
        for ending in builtin.suffixes
        if ends(ending)
    ]
    if builtins:
        return get(max(builtins)[1])
    candidates = [*_registered, *_plugins()]
    for name in sorted(candidates):
        if get(name).suffix.lower() == suffix:
            return get(name)
    known = sorted(
        {s for builtin in _BUILTINS.values() for s in builtin.suffixes}
        | {get(n).suffix for n in candidates}
    )
    raise JourneyMapError(
        f"no renderer writes {suffix or 'files without a suffix'!r} files ({Path(path).name}); "
        f"allowed suffixes: {', '.join(known)}, or pass format="
    )


def render(journey: JourneyMap | Journey, format: str, **options: Any) -> str:
    """Render a journey map as text.

    The options are checked against the renderer's options model before anything is
    rendered (see :func:`checked_options`).

    Args:
        journey: A :class:`~journeymap.model.JourneyMap`, or a builder (built first).
        format: A renderer name; see :func:`names`.
        **options: Options of that renderer (e.g. ``locale="es"`` for Markdown).

    Returns:
        The rendered text.

    Raises:
        JourneyMapError: For an unknown format, a bad option or an invalid journey.
    """
    renderer = get(format)
    checked = checked_options(renderer, options)
    return renderer.render(_as_map(journey), **checked)


def render_image(
    journey: JourneyMap | Journey,
    format: str,
    image_format: str,
    *,
    scale: float | None = None,
    dpi: float | None = None,
    width: int | None = None,
    paper: str | None = None,
    orientation: str | None = None,
    **options: Any,
) -> bytes:
    """Export a journey map as an image through a renderer that declares images.

    ``render_image(m, "svg", "png")`` draws the swimlane map as a PNG, ``"pdf"`` as a PDF
    with selectable text (both need the ``images`` extra); ``render_image(m, "dot",
    "png")`` lays the flow out with Graphviz.

    Args:
        journey: A map or a builder.
        format: A renderer name; the renderer must list ``image_format`` in its
            ``image_formats``.
        image_format: ``svg``, ``png``, ``pdf``… as the renderer declares.
        scale: A factor on the picture's own size (0.1 to 10).
        dpi: PNG pixels per inch of the picture's own size (96 is 1:1; 10 to 960); a
            PDF page keeps its size.
        width: The PNG's width in pixels, or the PDF page's in CSS pixels (16 to 20000).
            At most one of ``scale``, ``dpi`` and ``width``; see
            :class:`journeymap.images.ImageOptions`. A renderer whose own options
            include one of these names receives it as its option instead.
        paper: A PDF on pages of ``a4``, ``a3`` or ``letter`` paper instead of one page
            the picture's size; the map is split by phases into pages that stay legible
            (:mod:`journeymap.paging`).
        orientation: The paper's ``landscape`` (unset) or ``portrait`` orientation.
        **options: Options of the renderer, checked first.

    Returns:
        The image's bytes.

    Raises:
        JourneyMapError: For an unknown format, a renderer that does not export that
            image, a bad option, an invalid journey, a missing ``images`` extra
            (``PNG export needs the images extra: pip install 'journeymap[images]'``),
            or a failure of the exporting program.
    """
    renderer = get(format)
    exported = image_formats(renderer)
    if image_format not in exported:
        raise JourneyMapError(
            f"the {renderer.name} renderer does not export {image_format!r} images; "
            f"allowed: {', '.join(exported) or 'none'}"
        )
    sizes = {
        "scale": scale,
        "dpi": dpi,
        "width": width,
        "paper": paper,
        "orientation": orientation,
    }
    model_class = options_of(renderer)
    own = set(model_class.model_fields) if model_class is not None else set()
    options = {**options, **{k: v for k, v in sizes.items() if k in own and v is not None}}
    sizes = {k: v for k, v in sizes.items() if k not in own}
    checked = checked_options(renderer, options)
    extra: dict[str, Any] = {}
    if getattr(renderer, "takes_image_options", False) is True:
        from journeymap.images.options import check_image_options

        extra["image"] = check_image_options(renderer.name, sizes)
    elif any(value is not None for value in sizes.values()):
        given = ", ".join(name for name, value in sizes.items() if value is not None)
        raise JourneyMapError(
            f"the {renderer.name} renderer sizes its images itself; it takes no {given}"
        )
    model = _as_map(journey)
    data: bytes = renderer.render_image(model, image_format, **checked, **extra)  # type: ignore[attr-defined]
    return data


def save(
    journey: JourneyMap | Journey,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    scale: float | None = None,
    dpi: float | None = None,
    width: int | None = None,
    paper: str | None = None,
    orientation: str | None = None,
    **options: Any,
) -> Path:
    """Render a journey map, or export it as an image, and write it to ``path`` atomically.

    Which renderer writes the file:

    * With ``format``, that renderer. If it exports images (``image_formats``), a
      suffix naming one of them writes that image (``save(m, "flow.png",
      format="dot")``), its own suffixes write its text, and any other suffix is
      refused. A renderer without images writes its text whatever the suffix.
    * Without ``format``, the suffix decides: a text suffix (``.svg``, ``.md``, ``.gv``,
      ``.yaml``, ``.json``…) picks the renderer that writes it; otherwise the renderer
      whose declared image suffix ends the file's name, the longest such suffix winning:
      ``save(m, "map.png")`` and ``"map.pdf"`` draw the swimlane map (``svg``, suffixes
      ``.png``, ``.pdf``), ``save(m, "map.flow.png")`` the Graphviz flow (``dot``,
      ``.flow.png``). When several renderers declare that suffix, or none declares a
      suffix the name ends with but several export that last suffix, pass ``format=``.

    The options are checked before anything is rendered. The map is rendered completely
    before the file is touched, then written as :func:`journeymap.outputs.write_all`
    writes: to a temporary file in the same folder, renamed over ``path``, so a failure
    never leaves a half-written file and an existing file stays as it was. An existing
    file keeps its permission bits (and its group where the system allows). If ``path``
    is a symbolic link, the link itself is replaced by a regular file and the file it
    pointed to is left untouched: ``save`` never writes through a link. ``save`` cannot
    know which file a map was read from: protecting input files is up to the caller
    (``journeymap render`` and ``convert`` refuse an output that is one of their inputs).

    Args:
        journey: A map or a builder.
        path: Where to write.
        format: A renderer name, overriding the suffix.
        scale: An image's size as a factor (see :func:`render_image`). The three sizes
            are refused for a text file, unless the renderer has an option of that name.
        dpi: An image's PNG pixels per inch (see :func:`render_image`).
        width: An image's width in pixels (see :func:`render_image`).
        paper: A PDF on pages of this paper, ``a4``, ``a3`` or ``letter`` (see
            :func:`render_image`).
        orientation: The paper's ``landscape`` (unset) or ``portrait`` orientation.
        **options: Options of the renderer.

    Returns:
        The path written.

    Raises:
        JourneyMapError: For an unknown format or suffix, a bad option, an invalid
            journey, or a folder in the way of ``path``.
        OSError: If the file cannot be written.
    """
    from journeymap.io import file_path

    target = file_path(path, "save()")
    data = render_for_path(
        journey,
        target,
        format,
        scale=scale,
        dpi=dpi,
        width=width,
        paper=paper,
        orientation=orientation,
        **options,
    )
    write_atomically(target, data)
    return target


def render_for_path(
    journey: JourneyMap | Journey,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    scale: float | None = None,
    dpi: float | None = None,
    width: int | None = None,
    paper: str | None = None,
    orientation: str | None = None,
    **options: Any,
) -> str | bytes:
    """What :func:`save` would write to ``path``, without writing it: text or an image.

    The renderer, and whether it exports an image, are chosen as :func:`save` chooses.

    Example:
        >>> from journeymap import Journey
        >>> render_for_path(Journey("Tiny"), "tiny.yaml")
        'title: Tiny\\n'

    Raises:
        JourneyMapError: As :func:`save` does.
    """
    renderer, image_format = _writer(Path(path), format)
    if image_format is not None:
        return render_image(
            journey,
            renderer.name,
            image_format,
            scale=scale,
            dpi=dpi,
            width=width,
            paper=paper,
            orientation=orientation,
            **options,
        )
    sizes: dict[str, Any] = {
        "scale": scale,
        "dpi": dpi,
        "width": width,
        "paper": paper,
        "orientation": orientation,
    }
    model_class = options_of(renderer)
    own = set(model_class.model_fields) if model_class is not None else set()
    for name, value in sizes.items():
        if value is None:
            continue
        if name in own:  # the renderer's own option of that name
            options = {**options, name: value}
        else:
            raise JourneyMapError(
                f"{name} sizes an image; {Path(path).name} is the {renderer.name} renderer's text"
            )
    checked = checked_options(renderer, options)
    return renderer.render(_as_map(journey), **checked)


def _writer(target: Path, format: str | None) -> tuple[Renderer, str | None]:
    """The renderer that writes ``target``, and the image format, if it is an image."""
    suffix = target.suffix.lower()
    if format is not None:
        renderer = get(format)
        images = _images_by_suffix(renderer)
        texts = _text_suffixes(renderer)
        # Its own text suffix, or that suffix's last part (a blueprint as "map.svg").
        if not images or suffix in {Path(f"text{t}").suffix.lower() for t in texts}:
            return renderer, None
        if suffix in images:
            return renderer, images[suffix]
        allowed = ", ".join([*texts, *images])
        raise JourneyMapError(
            f"the {renderer.name} renderer cannot write {target.name!r}; "
            f"allowed suffixes: {allowed}"
        )
    name = target.name.lower()
    text: Renderer | None = None
    text_length = 0
    try:
        text = for_path(target)
        text_length = max(
            (len(e) for e in _text_suffixes(text) if name.endswith(e.lower())), default=0
        )
    except JourneyMapError:
        pass
    exporters = [n for n in names() if suffix and suffix in _images_by_suffix(n)]
    declared = _declared_endings(name, exporters)
    longest = max((len(ending) for ending, _ in declared), default=0)
    # The longest suffix wins, text or image: "map.svg" is the map, "map.flow.svg" the flow.
    if text is not None and text_length >= longest:
        return text, None
    if declared:
        winners = [(ending, n) for ending, n in declared if len(ending) == longest]
        if len(winners) == 1:
            renderer = get(winners[0][1])
            return renderer, _images_by_suffix(renderer)[suffix]
        exporters = [n for _, n in winners]
    if text is not None:
        return text, None
    if len(exporters) == 1:
        renderer = get(exporters[0])
        return renderer, _images_by_suffix(renderer)[suffix]
    if exporters:
        raise JourneyMapError(
            f"several renderers export {suffix!r} images ({', '.join(exporters)}); "
            f"pass format= to choose one for {target.name}"
        )
    text_endings = sorted({e for n in names() for e in _text_suffixes(get(n))})
    image_endings = sorted({e for n in names() for e in image_formats(n).values()})
    raise JourneyMapError(
        f"no renderer writes {suffix or 'files without a suffix'!r} files ({target.name}); "
        f"allowed suffixes: {', '.join(text_endings)}; images: {', '.join(image_endings)}; "
        "or pass format="
    )


def _declared_endings(name: str, exporters: list[str]) -> list[tuple[str, str]]:
    """(declared image suffix, renderer) for each suffix that ends ``name`` (lower case)."""
    return [
        (ending.lower(), exporter)
        for exporter in exporters
        for ending in image_formats(exporter).values()
        if name.endswith(ending.lower()) and len(name) > len(ending)
    ]


def _text_suffixes(renderer: Renderer) -> tuple[str, ...]:
    builtin = _BUILTINS.get(renderer.name)
    if builtin is not None and renderer.name not in _registered:
        return builtin.suffixes
    return (renderer.suffix.lower(),)


def _images_by_suffix(renderer: Renderer | str) -> dict[str, str]:
    """The image formats a renderer exports, by the last suffix of their file names."""
    return {
        Path(f"image{suffix}").suffix.lower(): image_format
        for image_format, suffix in image_formats(renderer).items()
    }


def image_formats(renderer: Renderer | str) -> Mapping[str, str]:
    """The images a renderer exports: format -> file suffix (empty when none).

    A built-in renderer is asked without importing it.

    Example:
        >>> dict(image_formats("dot"))
        {'svg': '.flow.svg', 'png': '.flow.png', 'pdf': '.flow.pdf'}
        >>> dict(image_formats("svg"))
        {'png': '.png', 'pdf': '.pdf'}
        >>> dict(image_formats("markdown"))
        {}
    """
    if isinstance(renderer, str):
        builtin = _BUILTINS.get(renderer)
        if builtin is not None and renderer not in _registered:
            return builtin.images
        renderer = get(renderer)
    declared = getattr(renderer, "image_formats", None)
    if isinstance(declared, Mapping) and callable(getattr(renderer, "render_image", None)):
        return declared
    return MappingProxyType({})


def options_of(renderer: Renderer | str) -> type[BaseModel] | None:
    """A renderer's options model, or ``None`` if it declares none.

    A built-in renderer's model is found without importing the renderer.

    Example:
        >>> options_of("svg").__name__, options_of("json").__name__
        ('SvgOptions', 'NoOptions')
    """
    from pydantic import BaseModel

    if isinstance(renderer, str):
        builtin = _BUILTINS.get(renderer)
        if builtin is not None and renderer not in _registered:
            model: type[BaseModel] = _attribute(builtin.options)
            return model
        renderer = get(renderer)
    declared = getattr(renderer, "options", None)
    if isinstance(declared, type) and issubclass(declared, BaseModel):
        return declared
    if declared is not None:
        raise JourneyMapError(
            f"the {renderer.name} renderer's options attribute is not a pydantic model class; "
            f"got {type(declared).__name__}"
        )
    return None


def option_fields(renderer: Renderer | str) -> tuple[OptionField, ...]:
    """A renderer's options described for the command line and the docs (empty if none).

    Example:
        >>> [f.flag for f in option_fields("markdown")]
        ['--locale', '--lanes', '--table', '--template-dir', '--template']
    """
    from journeymap.renderers.options import describe_options

    model = options_of(renderer)
    if model is None:
        return ()
    name = renderer if isinstance(renderer, str) else renderer.name
    return describe_options(name, model)


def checked_options(renderer: Renderer | str, options: Mapping[str, Any]) -> dict[str, Any]:
    """A call's options checked against the renderer's model, as keyword arguments.

    Every option of the model is returned, the defaults filled in. A renderer that
    declares no model gets its options back unchecked.

    Raises:
        JourneyMapError: One located problem per unknown name or bad value.

    Example:
        >>> checked_options("svg", {"column_width": 240})["column_width"]
        240.0
    """
    from journeymap.renderers.options import validate_options

    model = options_of(renderer)
    if model is None:
        return dict(options)
    name = renderer if isinstance(renderer, str) else renderer.name
    checked = validate_options(name, model, options)
    return {field: getattr(checked, field) for field in type(checked).model_fields}


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


def check_options(renderer: str, options: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse options a renderer does not know, naming the nearest and the ones it knows.

    For a renderer that checks its own options; declaring an ``options`` model (see
    :class:`Renderer`) checks names and values both.

    Raises:
        JourneyMapError: If ``options`` has a key not in ``allowed``.

    Example:
        >>> check_options("markdown", {"locale": "es"}, ("locale",))
    """
    from journeymap.renderers.options import unknown_options

    problems = unknown_options(renderer, options, allowed)
    if problems:
        raise JourneyMapError(problems)


def _attribute(path: str) -> Any:
    """The object at ``module:attribute``."""
    module_name, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _as_map(journey: Any) -> JourneyMap:
    from journeymap.builder import as_map

    return as_map(journey)


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
