"""The render step of a batch: one map's source and options in, its outputs out.

:func:`render_job` is a pure function of a :class:`Job`: it reads the map (from its file,
or from the text the job carries), applies survey answers, renders every chosen format
and returns a :class:`JobResult` holding the documents, the warnings and the problems.
It writes nothing, prints nothing of its own and keeps no state between calls, and both
classes are frozen dataclasses that pickle: the step runs the same in this process, in
a ``concurrent.futures`` worker, or on any engine that ships functions and their
arguments to other machines (Dask, Ray; see ``docs/batch.md``).

A bad map is not an exception but a result with ``problems``, located as the command
line prints them (``file:line:column: ...``). A ``.py`` map is trusted code run by its
path (see :mod:`journeymap.cli`); whatever it prints goes to standard error.

Example:
    >>> import pickle
    >>> job = Job("tiny.yaml", (Render("markdown"),), text="title: Tiny\\n")
    >>> result = render_job(pickle.loads(pickle.dumps(job)))
    >>> result.ok, result.outputs[0].data.splitlines()[0]
    (True, '# Tiny')
    >>> render_job(Job("bad.yaml", (Render("markdown"),), text="title: [\\n")).problems[0].source
    'bad.yaml'
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from journeymap.errors import JourneyMapError, Problem

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

__all__ = ["Job", "JobResult", "Output", "Render", "render_job", "survey_files"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Render:
    """One output of a job: a format, its options, and an image to export instead of text.

    Attributes:
        format: A renderer name (``svg``, ``markdown``, a plugin's name...).
        options: The renderer's options, best checked once for the whole batch with
            :func:`journeymap.renderers.checked_options`.
        image: An image format the renderer exports (``png``, ``pdf``...), or ``None``
            for its text.
        image_options: The image options of :func:`journeymap.renderers.render_image`
            given for the image (``scale``, ``dpi``, ``width``, ``paper``,
            ``orientation``); only those given.
    """

    format: str
    options: Mapping[str, Any] = field(default_factory=dict)
    image: str | None = None
    image_options: Mapping[str, float | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """A map to render: where it comes from and what to make of it.

    Attributes:
        source: The map's file, or the name messages give a map passed as ``text``.
        renders: The outputs to make, in order.
        text: The map's text; ``None`` to read ``source``.
        text_format: The format of ``text``: ``yaml``, ``json`` or ``mermaid``.
        surveys: Survey answer files applied to the map, pooled with those it names.
        strict: Whether a warning is an error (no outputs then).
    """

    source: str
    renders: tuple[Render, ...]
    text: str | None = None
    text_format: Literal["yaml", "json", "mermaid"] = "yaml"
    surveys: tuple[str, ...] = ()
    strict: bool = False


@dataclass(frozen=True)
class Output:
    """One rendered document: ``str`` for text, ``bytes`` for an image."""

    format: str
    image: str | None
    data: str | bytes


@dataclass(frozen=True)
class JobResult:
    """What a job made.

    Attributes:
        source: The job's source.
        outputs: One per :attr:`Job.renders`, in order; empty when the map failed.
        problems: Why the map failed (located); empty when it rendered.
        warnings: Warnings raised while reading and rendering, located.
        reads: Other files the map made the job read (the survey files it names).
    """

    source: str
    outputs: tuple[Output, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    reads: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the map rendered."""
        return not self.problems


def render_job(job: Job) -> JobResult:
    """Render one map as the job says; never raises for a bad map.

    Args:
        job: The map and its outputs.

    Returns:
        The outputs, or the problems that stopped them, with the warnings.
    """
    from journeymap.cli import _located
    from journeymap.io import files_read

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        reads: tuple[str, ...] = ()
        try:
            with files_read() as loaded:  # a .py map may load other maps
                model = _read(job)
            itself = os.path.abspath(job.source)
            reads = tuple(path for path in loaded if os.path.abspath(path) != itself)
            if job.text is None:
                reads += survey_files(model, job.source)
            outputs = tuple(_render(model, render, job.source) for render in job.renders)
        except JourneyMapError as exc:
            failed: tuple[Problem, ...] = exc.problems
        except OSError as exc:
            failed = (Problem("", str(exc)),)
        else:
            failed = ()
        found = tuple(_located(w, job.source) for w in caught)
    if failed:
        return JobResult(job.source, problems=failed, warnings=found, reads=reads)
    if job.strict and found:
        strict = tuple(
            replace(p, message=f"{p.message} (a warning, an error with --strict)") for p in found
        )
        return JobResult(job.source, problems=strict, reads=reads)
    return JobResult(job.source, outputs=outputs, warnings=found, reads=reads)


def survey_files(model: JourneyMap, source: str | Path) -> tuple[str, ...]:
    """The survey answer files a map names, as paths from its file's folder.

    These are files the map reads: no output may replace them.

    Example:
        >>> from journeymap import JourneyMap
        >>> model = JourneyMap.model_validate({"title": "T", "surveys": ["answers.csv"]})
        >>> survey_files(model, "maps/t.yaml") == (str(Path("maps/answers.csv")),)
        True
    """
    folder = Path(source).parent
    return tuple(str(folder / path) for path in model.surveys)


def _read(job: Job) -> JourneyMap:
    from journeymap.cli import _with_surveys, load_any

    if job.text is None:
        model = load_any(job.source)
    else:
        from journeymap.io import loads

        model = loads(job.text, job.text_format, source=job.source)
    if job.text is not None and model.surveys:
        raise JourneyMapError(
            [
                Problem(
                    "surveys",
                    "a map read from standard input cannot name survey files (there is no "
                    "folder to find them in); pass them with --survey",
                    source=job.source,
                )
            ]
        )
    return _with_surveys(model, job.source, job.surveys)


def _render(model: JourneyMap, render: Render, source: str) -> Output:
    from journeymap import renderers

    try:
        if render.image is None:
            data: str | bytes = renderers.render(model, render.format, **render.options)
        else:
            # Only the sizes given; one the renderer has as its own option replaces it.
            options = {**render.options, **render.image_options}
            data = renderers.render_image(model, render.format, render.image, **options)
    except JourneyMapError as exc:
        raise exc.with_source(source) from None
    return Output(render.format, render.image, data)
