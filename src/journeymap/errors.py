"""The library's one exception type and the located problems it carries.

Every bad input, whether it comes from the builder, a file or a renderer option, raises
:class:`JourneyMapError`. Its message says *where* the problem is (file and line, phase,
touchpoint, field) and *what is allowed*, so that it can be fixed without reading code.

Example:
    >>> err = JourneyMapError([Problem("phase 'Buy' > touchpoint 'Pay' > emotion",
    ...                                "5 is outside the scale -2..2")])
    >>> str(err)
    "phase 'Buy' > touchpoint 'Pay' > emotion: 5 is outside the scale -2..2"
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = ["JourneyMapError", "Path", "Problem", "with_article"]

#: A location inside a document, as pydantic reports it: keys and list indices.
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is.

    Attributes:
        where: A human-readable location, e.g. ``phase 'Buy' > touchpoint 'Pay' > emotion``.
            Empty when the problem concerns the whole input.
        message: What is wrong and what is allowed.
        path: The machine-readable location (keys and indices) inside the document.
        source: The file the input came from, if any.
        line: The 1-based line in ``source``, if known.
        column: The 1-based column in ``source``, if known.
    """

    where: str
    message: str
    path: Path = ()
    source: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        prefix = ""
        if self.source is not None:
            prefix = self.source
            if self.line is not None:
                prefix += f":{self.line}"
                if self.column is not None:
                    prefix += f":{self.column}"
            prefix += ": "
        where = f"{self.where}: " if self.where else ""
        return f"{prefix}{where}{self.message}"


class JourneyMapError(ValueError):
    """Raised for any invalid journey, file, renderer name or renderer option.

    Args:
        problems: The problems found, or one message for a single problem without a
            location.

    Attributes:
        problems: Every problem found; sorted by line when they come from a file.

    Example:
        >>> try:
        ...     raise JourneyMapError("no such renderer 'pdf'")
        ... except ValueError as exc:
        ...     print(exc)
        no such renderer 'pdf'
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = (Problem("", problems),)
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("JourneyMapError needs at least one problem")
        super().__init__(self._format())

    def _format(self) -> str:
        lines = [str(problem) for problem in self.problems]
        if len(lines) == 1:
            return lines[0]
        head = f"{len(lines)} problems:"
        return "\n".join([head, *(f"  - {line}" for line in lines)])

    @property
    def first_line(self) -> str:
        """The first problem, with a count of the others: one line for a terminal."""
        first = str(self.problems[0])
        rest = len(self.problems) - 1
        return first if rest == 0 else f"{first} (and {rest} more)"

    def with_source(self, source: str) -> JourneyMapError:
        """Return a copy whose problems name ``source`` as the file they came from."""
        return JourneyMapError(
            replace(p, source=source) if p.source is None else p for p in self.problems
        )


def with_article(noun: str) -> str:
    """``noun`` after its indefinite article, for messages: ``an int``, ``a list``.

    Example:
        >>> with_article("octal number"), with_article("list")
        ('an octal number', 'a list')
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
