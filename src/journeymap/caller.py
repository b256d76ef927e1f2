"""Warnings pointed at the user's code: the first caller outside journeymap.

A fixed ``stacklevel`` is right for one path only: ``save()`` reaches the same warning
through more of journeymap's frames than ``render_image()`` does. :func:`warn_at_caller`
walks out of the package instead, so every public entry point names the user's line.

Example:
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_at_caller("look here", UserWarning)
    >>> caught[0].filename.endswith("caller.py")
    False
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["warn_at_caller"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_at_caller(message: str, category: type[Warning]) -> None:
    """Issue ``message`` as ``category``, located at the first frame outside journeymap."""
    level = 2  # the function that called this one
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
