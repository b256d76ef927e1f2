"""Where the package's data files are: the Jinja2 templates.

In a wheel the templates ship inside the package (``journeymap/templates``). In a source
checkout or an editable install they are the repository's top-level ``templates/``
folder, which is used when the packaged copy is absent.

Example:
    >>> (templates_dir() / "journey.md.j2").is_file()
    True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["templates_dir"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    """The folder holding the built-in templates.

    Raises:
        FileNotFoundError: If neither the packaged nor the repository copy exists.
    """
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent.parent / "templates"):
        if (candidate / "journey.md.j2").is_file():
            return candidate
    raise FileNotFoundError(
        f"journeymap's templates are missing: looked in {_PACKAGE / 'templates'} and "
        f"{_PACKAGE.parent.parent / 'templates'}; reinstall the package"
    )
