"""The size of an exported image: ``scale``, ``dpi`` or ``width``, at most one.

The SVG's own size, in CSS pixels (96 to the inch), is the picture's natural size:

* ``scale`` multiplies it: a PNG of ``scale=2`` has twice the SVG's pixels across; a
  PDF page of ``scale=2`` is twice as wide.
* ``dpi`` gives the PNG's pixels per inch of the natural size (``dpi=192`` is
  ``scale=2``). A PDF is vector: its page keeps the natural size and ``dpi`` changes
  nothing in it.
* ``width`` gives the PNG's width in pixels, or the PDF page's width in CSS pixels; the
  height follows the picture's proportions.

A PDF can be laid out on paper instead: ``paper`` (``a4``, ``a3``, ``letter``) and
``orientation`` (``landscape``, the default, or ``portrait``) split the map by phases into
pages that stay legible (see :mod:`journeymap.paging`); no size is given with them.

Example:
    >>> check_image_options("svg", {"scale": 2}).factor(1000.0)
    2.0
    >>> check_image_options("svg", {"scale": 2, "dpi": 300})
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyMapError: svg image option 'dpi': give at most one of scale, \
dpi and width; got scale=2.0 and dpi=300.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic.functional_validators import BeforeValidator

from journeymap.errors import JourneyMapError, Problem
from journeymap.renderers.options import suggest

__all__ = [
    "CSS_DPI",
    "DPI_RANGE",
    "IMAGE_OPTION_NAMES",
    "ORIENTATIONS",
    "PAPER_NAMES",
    "SCALE_RANGE",
    "SIZE_NAMES",
    "WIDTH_RANGE",
    "ImageOptions",
    "check_image_options",
]

#: CSS pixels per inch: the SVG's unit.
CSS_DPI = 96.0
#: The smallest and largest ``scale``.
SCALE_RANGE = (0.1, 10.0)
#: The smallest and largest ``dpi``.
DPI_RANGE = (10.0, 960.0)
#: The smallest and largest ``width``, in pixels.
WIDTH_RANGE = (16, 20000)
#: The sizes of an image, at most one of which is given.
SIZE_NAMES = ("scale", "dpi", "width")
#: The image options' names, in the order messages list them.
IMAGE_OPTION_NAMES = (*SIZE_NAMES, "paper", "orientation")
#: The papers a PDF can be laid out on, and their orientations.
PAPER_NAMES = ("a4", "a3", "letter")
ORIENTATIONS = ("landscape", "portrait")


#: The renderer whose image options :func:`check_image_options` is checking (the
#: options' own ``__init__`` runs the checks, without pydantic's context).
_CHECKING: ContextVar[str | None] = ContextVar("journeymap_checking_image", default=None)


def _renderer(info: ValidationInfo) -> str | None:
    context = info.context if isinstance(info.context, Mapping) else {}
    return context.get("renderer") or _CHECKING.get()


def _where(info: ValidationInfo, name: str | None = None) -> str:
    renderer = _renderer(info)
    option = f"image option {name or info.field_name!r}"
    return f"{renderer} {option}" if renderer else option


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _error(info: ValidationInfo, message: str) -> JourneyMapError:
    return JourneyMapError([Problem(_where(info), message, path=(info.field_name or "",))])


def _number(low: float, high: float) -> Any:
    def check(value: object, info: ValidationInfo) -> float | None:
        if value is None:
            return None
        expected = f"expected a number from {low:g} to {high:g}; got {_shown(value)}"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _error(info, expected)
        if not low <= value <= high:  # compared exactly: a huge int is never made a float
            raise _error(info, expected)  # NaN compares false, so it is refused too
        return float(value)

    return BeforeValidator(check)


def _word(allowed: tuple[str, ...]) -> Any:
    def check(value: object, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            raise _error(info, f"expected one of {', '.join(allowed)}; got {_shown(value)}")
        return value.strip().lower()

    return BeforeValidator(check)


def _whole(low: int, high: int) -> Any:
    def check(value: object, info: ValidationInfo) -> int | None:
        if value is None:
            return None
        expected = f"expected a whole number of pixels from {low} to {high}; got {_shown(value)}"
        if isinstance(value, bool):
            raise _error(info, expected)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or not low <= value <= high:
            raise _error(info, expected)
        return value

    return BeforeValidator(check)


class ImageOptions(BaseModel):
    """How large an exported image is; every field unset means the SVG's own size.

    Attributes:
        scale: A factor on the SVG's size, from 0.1 to 10.
        dpi: PNG pixels per inch of the SVG's size (96 is the SVG's own), from 10 to 960.
        width: The PNG's width in pixels (the PDF page's in CSS pixels), 16 to 20000.
        paper: A PDF on pages of this paper (``a4``, ``a3``, ``letter``), the map split
            by phases so that each page can be read.
        orientation: The paper's orientation: ``landscape`` (unset) or ``portrait``.

    Example:
        >>> ImageOptions(dpi=192).factor(500.0)
        2.0
        >>> ImageOptions(width=250).factor(500.0)
        0.5
    """

    model_config = ConfigDict(frozen=True, extra="forbid", title="image")

    def __init__(self, /, **data: Any) -> None:
        # Made directly (``ImageOptions(dpi=-1)``), the options are checked as
        # check_image_options checks them: located problems, never pydantic's own error.
        renderer = _CHECKING.get()
        problems = _unknown(renderer, data)
        try:
            super().__init__(**{k: v for k, v in data.items() if k in IMAGE_OPTION_NAMES})
        except ValidationError as exc:
            problems += _problems(exc)
        if problems:
            raise JourneyMapError(problems)

    scale: Annotated[float | None, _number(*SCALE_RANGE)] = Field(
        None, description="A factor on the SVG's own size."
    )
    dpi: Annotated[float | None, _number(*DPI_RANGE)] = Field(
        None, description="PNG pixels per inch of the SVG's own size (96 is 1:1)."
    )
    width: Annotated[int | None, _whole(*WIDTH_RANGE)] = Field(
        None, description="The width in pixels; the height keeps the proportions."
    )
    paper: Annotated[str | None, _word(PAPER_NAMES)] = Field(
        None, description="A PDF on pages of this paper, the map split by phases."
    )
    orientation: Annotated[str | None, _word(ORIENTATIONS)] = Field(
        None, description="The paper's orientation (landscape when unset)."
    )

    @model_validator(mode="after")
    def _at_most_one(self, info: ValidationInfo) -> ImageOptions:
        given = [(name, getattr(self, name)) for name in SIZE_NAMES]
        given = [(name, value) for name, value in given if value is not None]
        if self.paper is not None and given:
            name = given[0][0]
            raise JourneyMapError(
                [
                    Problem(
                        _where(info, name),
                        f"paper sizes the pages; give no {name} with paper={self.paper!r}",
                        path=(name,),
                    )
                ]
            )
        if self.orientation is not None and self.paper is None:
            raise JourneyMapError(
                [
                    Problem(
                        _where(info, "orientation"),
                        "turns the paper: give paper too (a4, a3 or letter)",
                        path=("orientation",),
                    )
                ]
            )
        if len(given) > 1:
            shown = " and ".join(f"{name}={value!r}" for name, value in given)
            raise JourneyMapError(
                [
                    Problem(
                        _where(info, given[1][0]),
                        f"give at most one of scale, dpi and width; got {shown}",
                        path=(given[1][0],),
                    )
                ]
            )
        return self

    def factor(self, natural_width: float, image_format: str = "png") -> float:
        """The factor on the SVG's size, for an SVG ``natural_width`` CSS pixels wide.

        ``dpi`` changes a PNG's pixels, not a PDF's page (``image_format="pdf"``).
        """
        if self.scale is not None:
            return self.scale
        if self.dpi is not None:
            return 1.0 if image_format == "pdf" else self.dpi / CSS_DPI
        if self.width is not None:
            return self.width / natural_width
        return 1.0


def check_image_options(renderer: str, options: Mapping[str, Any]) -> ImageOptions:
    """``options`` (``scale``, ``dpi``, ``width``; ``None`` meaning unset) checked.

    Args:
        renderer: The renderer exporting the image, for the messages.
        options: The options as given.

    Returns:
        The checked options.

    Raises:
        JourneyMapError: One located problem per bad value, or two of them given.
    """
    token = _CHECKING.set(renderer)
    try:
        unnamed = [name for name in options if not isinstance(name, str)]
        if unnamed:  # no keyword can carry it: say so as for any unknown name
            raise JourneyMapError(_unknown(renderer, map(repr, unnamed)))
        return ImageOptions(**options)
    finally:
        _CHECKING.reset(token)


def _unknown(renderer: str | None, given: Iterable[str]) -> list[Problem]:
    where = f"{renderer} image option" if renderer else "image option"
    return [
        Problem(
            f"{where} {name!r}",
            f"unknown; {suggest(name, IMAGE_OPTION_NAMES)}allowed: {', '.join(IMAGE_OPTION_NAMES)}",
            path=(name,),
        )
        for name in sorted(set(given) - set(IMAGE_OPTION_NAMES))
    ]


def _problems(exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        inner = (error.get("ctx") or {}).get("error")
        if isinstance(inner, JourneyMapError):
            problems += [p for p in inner.problems if p not in problems]
        else:  # pragma: no cover - every check raises a located error
            problems.append(Problem("image options", error["msg"]))
    return problems
