"""Arrows of a blueprint: who talks to whom in a column, and steps along a row.

In a touchpoint's column, the cards of the rows someone acts in (customer, frontstage,
backstage, support) are joined top to bottom, each to the next row that has a card.
The arrow points from the initiator to the receiver, CJML style: the touchpoint's first
actor starts the exchange from its role's row (:data:`~.rows.ROLE_ROWS`; the customer
when the touchpoint names no actor), so every arrow points away from that row. Along
a row, each card points to the next card of the row, left to right.

An arrow is a shaft (:class:`~journeymap.renderers.svg.scene.Line`) and a head
(:class:`~journeymap.renderers.svg.scene.Polygon`) whose tip touches the receiving card.

Example:
    >>> from journeymap.themes import get_theme
    >>> shaft, head = arrow((10, 0), (10, 40), "#000000", 1.2)
    >>> (shaft.y1, shaft.y2), head.points[0]
    ((0, 33.0), (10, 40))
"""

from __future__ import annotations

from journeymap.model import JourneyMap, Touchpoint
from journeymap.renderers.blueprint.rows import ROLE_ROWS, actor_rows
from journeymap.renderers.svg.scene import Element, Line, Polygon

__all__ = ["HEAD_LENGTH", "arrow", "initiator_row", "points_down"]

#: The length of an arrow's head, in px; its half-width is :data:`_HEAD_HALF`.
HEAD_LENGTH = 7.0
_HEAD_HALF = 4.0


def arrow(
    start: tuple[float, float], end: tuple[float, float], color: str, width: float
) -> tuple[Element, Element]:
    """A straight arrow from ``start`` to ``end``: its shaft, and its head with the tip at end.

    The arrow is horizontal or vertical (the only ones a blueprint draws).
    """
    (x1, y1), (x2, y2) = start, end
    if x1 == x2:
        sign = 1.0 if y2 > y1 else -1.0
        base = y2 - sign * HEAD_LENGTH
        head = ((x2, y2), (x2 - _HEAD_HALF, base), (x2 + _HEAD_HALF, base))
        return Line(x1, y1, x2, base, color, width), Polygon(head, fill=color)
    sign = 1.0 if x2 > x1 else -1.0
    base_x = x2 - sign * HEAD_LENGTH
    head = ((x2, y2), (base_x, y2 - _HEAD_HALF), (base_x, y2 + _HEAD_HALF))
    return Line(x1, y1, base_x, y2, color, width), Polygon(head, fill=color)


def initiator_row(model: JourneyMap, tp: Touchpoint) -> str:
    """The row the touchpoint's exchange starts from: its first actor's role's row.

    Example:
        >>> from journeymap import Journey
        >>> m = (Journey("T").actor("Agent", role="frontstage").phase("P")
        ...      .touchpoint("Call back", actors=["agent"]).touchpoint("Asks").build())
        >>> initiator_row(m, m.touchpoints[0]), initiator_row(m, m.touchpoints[1])
        ('frontstage', 'actions')
    """
    for actor_id in tp.actors:
        return ROLE_ROWS[model.actor(actor_id).role]
    return "actions"


def points_down(initiator: str, lower: str) -> bool:
    """Whether the arrow between a row and the row ``lower`` below it points down.

    It points away from the initiator's row: down when that row is above ``lower``.

    Example:
        >>> points_down("actions", "frontstage")
        True
        >>> points_down("backstage", "frontstage")
        False
        >>> points_down("backstage", "support")
        True
    """
    order = actor_rows()
    return order.index(initiator) < order.index(lower)
