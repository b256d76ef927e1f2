"""Deterministic ids derived from names.

Ids come from the content of the model, never from counters, clocks or random numbers,
so the same journey always gets the same ids and the same output bytes.

Example:
    >>> slugify("Facturación y cobro")
    'facturacion-y-cobro'
    >>> unique_id("blog", {"blog", "blog-2"})
    'blog-3'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = ["slugify", "unique_id"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


def slugify(text: str, fallback: str = "item") -> str:
    """Turn a name into an id: lower-case ASCII letters and digits joined by ``-``.

    Accents are dropped (``é`` becomes ``e``); text with no Latin letters or digits
    (for example CJK or emoji only) gives ``fallback``.

    Args:
        text: The name to turn into an id.
        fallback: The id to use when nothing of ``text`` survives.

    Returns:
        An id that matches :data:`journeymap.fields.ID_PATTERN`.

    Example:
        >>> slugify("  Sees an ad!  "), slugify("購入", fallback="touchpoint")
        ('sees-an-ad', 'touchpoint')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    slug = slug[:_MAX_SLUG].rstrip("-")
    return slug or fallback


def unique_id(base: str, taken: Container[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… whichever is not taken yet.

    Args:
        base: The preferred id.
        taken: Ids already in use.

    Returns:
        The first free id.

    Example:
        >>> unique_id("web", set())
        'web'
    """
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
