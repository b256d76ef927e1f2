"""The rows of a service blueprint, defined once as data over the map's lanes.

A blueprint reads top to bottom: the physical evidence the customer sees, the customer's
actions, the **line of interaction**, the frontstage actions, the **line of
visibility**, the backstage actions, the **line of internal interaction**, and the
support processes and systems. Every content row is a lane of :mod:`journeymap.lanes`
(its fields, card style and header words come from there); the three lines are rows
of their own. The visibility line is the map's ``visibility`` lane.

Each actor role has its row: a touchpoint's actor of that role speaks from it, which
decides the direction of the arrows (:data:`ROLE_ROWS`).

Example:
    >>> [row.key for row in ROWS]
    ['evidence', 'actions', 'interaction', 'frontstage', 'visibility', 'backstage', \
'internal', 'support']
    >>> [row.key for row in ROWS if row.actor]
    ['actions', 'frontstage', 'backstage', 'support']
    >>> ROLE_ROWS["system"]
    'support'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from journeymap.i18n import Words
from journeymap.lanes import Lane, get_lane
from journeymap.model import ActorRole

__all__ = ["ROLE_ORDER", "ROLE_ROWS", "ROWS", "Row", "actor_rows"]


@dataclass(frozen=True)
class Row:
    """One row of the blueprint.

    Attributes:
        key: A lane key of :mod:`journeymap.lanes` (a content row, or the visibility
            line) or the key of a line that only blueprints draw.
        line: Whether the row is a labelled line rather than a row of cards.
        actor: Whether someone acts in the row: arrows join its cards to the cards of
            the next such row in a touchpoint's column.
        always: Whether the row is drawn when no touchpoint has anything in it.
        dash: A line's dash pattern (``None``: solid).
    """

    key: str
    line: bool = False
    actor: bool = False
    always: bool = True
    dash: str | None = None

    @property
    def lane(self) -> Lane | None:
        """The row's lane, for a content row or the visibility line; ``None`` otherwise."""
        if self.key in _OWN_LINES:
            return None
        return get_lane(self.key)

    def label(self, words: Words) -> str:
        """The row's header in the language of ``words``."""
        own = f"blueprint.{self.key}"
        if own in words:
            return words[own]
        return words.lane(self.key)


#: The lines only a blueprint draws (the visibility line is a lane of the map).
_OWN_LINES = frozenset({"interaction", "internal"})

#: The rows, top to bottom.
ROWS: tuple[Row, ...] = (
    Row("evidence", always=False),
    Row("actions", actor=True),
    Row("interaction", line=True),
    Row("frontstage", actor=True),
    Row("visibility", line=True, dash="8 4"),
    Row("backstage", actor=True),
    Row("internal", line=True, dash="2 3"),
    Row("support", actor=True),
)

#: The row each actor role acts from.
ROLE_ROWS: Mapping[ActorRole, str] = MappingProxyType(
    {
        "customer": "actions",
        "frontstage": "frontstage",
        "backstage": "backstage",
        "support": "support",
        "system": "support",
        "partner": "support",
    }
)

#: The order of the roles of the actor rows (``actors=True``).
ROLE_ORDER: tuple[ActorRole, ...] = tuple(ROLE_ROWS)


def actor_rows() -> tuple[str, ...]:
    """The keys of the rows someone acts in, top to bottom."""
    return tuple(row.key for row in ROWS if row.actor)
