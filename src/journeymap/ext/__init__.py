"""journeymap inside documentation tools: Markdown fences, a Sphinx directive.

* :mod:`journeymap.ext.embed`: the part every integration shares; it reads a fence's
  options and map, renders the map as HTML for a page (inline SVG or tables) and keeps
  renders in a cache on disk.
* :mod:`journeymap.ext.markdown`: ```` ```journeymap ```` fences for Python-Markdown,
  MkDocs and pymdown-extensions' SuperFences.
* :mod:`journeymap.ext.sphinx`: the ``journeymap`` directive for Sphinx and MyST.

Nothing here is imported by ``import journeymap``; each module needs its tool's extra
(``pip install journeymap[mkdocs]`` or ``journeymap[sphinx]``).

Example:
    >>> from journeymap.ext.embed import VIEWS
    >>> VIEWS
    ('map', 'flow', 'table')
"""

from __future__ import annotations

__all__: list[str] = []
