"""Monotone cubic interpolation for the emotion curve, as cubic Bézier segments.

A Catmull-Rom or natural cubic spline overshoots past the data, and past the ends of the
emotion scale, which misreports how the customer felt. This module uses Steffen's
method (M. Steffen, "A simple method for monotonic interpolation in one dimension",
*Astronomy and Astrophysics* 239, 443–450, 1990), which never does.

With ``h[i] = x[i+1] - x[i]`` and the secant slopes ``s[i] = (y[i+1] - y[i]) / h[i]``,
the tangent at an interior point is::

    p[i] = (s[i-1] * h[i] + s[i] * h[i-1]) / (h[i-1] + h[i])     # parabola through 3 points
    m[i] = (sign(s[i-1]) + sign(s[i])) * min(|s[i-1]|, |s[i]|, |p[i]| / 2)

so it is 0 at every local extremum and flat stretch, and ``|m[i]| <= 2 |s|`` on both
sides. At an end, the parabola through the first (last) three points gives ``p``;
the tangent is ``p``, but 0 if ``p`` and the end segment's slope differ in sign and
``2 s`` if ``|p| > 2 |s|``. Two points give a straight segment.

Each segment is the cubic Hermite piece written as a Bézier curve: the control points sit
a third of the way along ``x``, ``(x[i] + h/3, y[i] + m[i] h/3)`` and
``(x[i+1] - h/3, y[i+1] - m[i+1] h/3)``. Because every tangent is at most twice the
segment's slope, with the same sign, both control points lie between the endpoints'
``y`` values; a Bézier curve stays inside the hull of its control points, so no segment
ever leaves the range of its two data points. ``x(t)`` is linear in ``t``, so the
segments form the graph of a function ``y(x)`` that is C1: both segments meeting at a
point have the tangent ``m[i]`` there.

Example:
    >>> for cubic in monotone_cubics([(0, 0), (3, 3), (6, 15)]):
    ...     print(cubic.start, cubic.control1, cubic.control2, cubic.end)
    (0.0, 0.0) (1.0, 0.0) (2.0, 1.0) (3.0, 3.0)
    (3.0, 3.0) (4.0, 5.0) (5.0, 9.5) (6.0, 15.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Cubic", "Point", "monotone_cubics"]

#: A point ``(x, y)``.
Point = tuple[float, float]


@dataclass(frozen=True)
class Cubic:
    """One cubic Bézier segment: SVG ``M start C control1 control2 end``.

    Attributes:
        start: Where the segment starts (a data point).
        control1: The first control point.
        control2: The second control point.
        end: Where the segment ends (the next data point).

    Example:
        >>> Cubic((0, 0), (1, 0), (2, 1), (3, 1)).end
        (3, 1)
    """

    start: Point
    control1: Point
    control2: Point
    end: Point


def monotone_cubics(points: Sequence[Point]) -> list[Cubic]:
    """The monotone cubic curve through ``points``, one Bézier segment per gap.

    The curve passes through every point, never overshoots (each segment's ``y`` stays
    between its endpoints' ``y`` values), is flat wherever two neighbouring points have
    the same ``y``, rises (falls) wherever the data rise (fall), and has a matching
    tangent ``dy/dx`` at every interior point.

    Args:
        points: The points ``(x, y)``, with strictly increasing ``x``.

    Returns:
        ``len(points) - 1`` segments, in order; an empty list for fewer than two points.

    Raises:
        ValueError: If a coordinate is not finite, ``x`` is not strictly increasing, or
            two points are so close that the slope between them overflows.

    Example:
        >>> monotone_cubics([(0, 0), (3, 6)])
        [Cubic(start=(0.0, 0.0), control1=(1.0, 2.0), control2=(2.0, 4.0), end=(3.0, 6.0))]
        >>> monotone_cubics([(0, 1), (0, 2)])
        Traceback (most recent call last):
        ...
        ValueError: x must increase strictly: point 1 (0, 2) does not come after (0, 1)
    """
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"point {index} {tuple(points[index])!r} is not finite")
    for index in range(1, len(xs)):
        if not xs[index] > xs[index - 1]:
            raise ValueError(
                f"x must increase strictly: point {index} {tuple(points[index])!r} "
                f"does not come after {tuple(points[index - 1])!r}"
            )
    if len(xs) < 2:
        return []
    widths = [xs[i + 1] - xs[i] for i in range(len(xs) - 1)]
    slopes = [(ys[i + 1] - ys[i]) / widths[i] for i in range(len(widths))]
    for index, slope in enumerate(slopes):
        if not math.isfinite(slope):
            raise ValueError(
                f"points {index} and {index + 1} are too close together in x for the "
                "difference in y between them"
            )
    tangents = _tangents(widths, slopes)
    cubics = []
    for i, width in enumerate(widths):
        third = width / 3
        cubics.append(
            Cubic(
                start=(xs[i], ys[i]),
                control1=(xs[i] + third, ys[i] + tangents[i] * third),
                control2=(xs[i + 1] - third, ys[i + 1] - tangents[i + 1] * third),
                end=(xs[i + 1], ys[i + 1]),
            )
        )
    return cubics


def _same_sign(a: float, b: float) -> bool:
    """Whether ``a`` and ``b`` are both positive or both negative (not zero)."""
    return (a > 0 and b > 0) or (a < 0 and b < 0)


def _tangents(widths: Sequence[float], slopes: Sequence[float]) -> list[float]:
    """Steffen's tangent ``dy/dx`` at every point, from the gaps' widths and slopes."""
    if len(slopes) == 1:
        return [slopes[0], slopes[0]]
    tangents = [0.0] * (len(slopes) + 1)
    for i in range(1, len(slopes)):
        before, after = slopes[i - 1], slopes[i]
        if _same_sign(before, after):
            parabola = (before * widths[i] + after * widths[i - 1]) / (widths[i - 1] + widths[i])
            size = min(2 * abs(before), 2 * abs(after), abs(parabola))
            tangents[i] = math.copysign(size, after)
    tangents[0] = _end_tangent(slopes[0], slopes[1], widths[0], widths[1])
    tangents[-1] = _end_tangent(slopes[-1], slopes[-2], widths[-1], widths[-2])
    return tangents


def _end_tangent(slope: float, next_slope: float, width: float, next_width: float) -> float:
    """The tangent at an end, from its segment and the one beside it.

    ``parabola`` is the slope at the end of the parabola through the three end points.
    """
    weight = width / (width + next_width)
    parabola = slope * (1 + weight) - next_slope * weight
    if not _same_sign(parabola, slope):
        return 0.0
    if abs(parabola) > 2 * abs(slope):
        return 2 * slope
    return parabola
