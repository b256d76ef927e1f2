"""One-line text sparklines of emotion curves.

Example:
    >>> from journeymap.model import EmotionScale
    >>> sparkline([[-2, 0, 2], [None, 1]], EmotionScale())
    '▁▅█│·▆'
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.model import EmotionScale

__all__ = ["BARS", "GAP", "PHASE_SEPARATOR", "sparkline"]

#: Eight bar heights, lowest first.
BARS = "▁▂▃▄▅▆▇█"
#: Shown where a touchpoint has no value.
GAP = "·"
#: Shown between phases.
PHASE_SEPARATOR = "│"


def sparkline(groups: Sequence[Sequence[float | None]], scale: EmotionScale) -> str:
    """Draw values as bars, one character each, grouped by phase.

    Args:
        groups: Per phase, the values of its touchpoints (``None`` for a gap).
        scale: The scale the values are on; its minimum is the lowest bar.

    Returns:
        The sparkline; empty phases are left out.
    """
    parts: list[str] = []
    for values in groups:
        if not values:
            continue
        chars = []
        for value in values:
            if value is None:
                chars.append(GAP)
            else:
                index = round(scale.fraction(value) * (len(BARS) - 1))
                chars.append(BARS[min(max(index, 0), len(BARS) - 1)])
        parts.append("".join(chars))
    return PHASE_SEPARATOR.join(parts)
