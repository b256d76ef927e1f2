"""The monotone emotion curve: exact control points by hand, and properties.

The hand examples follow Steffen (1990) step by step, with h the gaps in x, s the secant
slopes, p the slope of the parabola through three points and m the tangent at a point.
Control points are (x_i + h/3, y_i + m_i h/3) and (x_i+1 - h/3, y_i+1 - m_i+1 h/3).
The properties evaluate the Bézier segments with a Bernstein formula written here.
"""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.renderers.svg.curve import Cubic, Point, monotone_cubics

# -- exact control points ---------------------------------------------------------------


def test_four_points_equal_gaps() -> None:
    # Points (0,0) (3,3) (6,9) (9,6): h = 3, 3, 3; s = 3/3 = 1, 6/3 = 2, -3/3 = -1.
    # m0, an end: w = h0 / (h0 + h1) = 0.5; p = s0 (1 + w) - s1 w = 1.5 - 1 = 0.5,
    #     same sign as s0 and |p| <= 2 |s0| = 2, so m0 = 0.5.
    # m1: s0, s1 > 0; p = (s0 h1 + s1 h0) / (h0 + h1) = (3 + 6) / 6 = 1.5;
    #     m1 = min(2 |s0|, 2 |s1|, |p|) = min(2, 4, 1.5) = 1.5.
    # m2: s1 > 0 > s2, a local maximum, so m2 = 0.
    # m3, an end: w = 0.5; p = s2 (1.5) - s1 (0.5) = -1.5 - 1 = -2.5, same sign as s2,
    #     |p| = 2.5 > 2 |s2| = 2, so m3 = 2 s2 = -2.
    # h / 3 = 1 everywhere:
    #   segment 0: (0+1, 0 + 0.5) = (1, 0.5);  (3-1, 3 - 1.5) = (2, 1.5)
    #   segment 1: (3+1, 3 + 1.5) = (4, 4.5);  (6-1, 9 - 0)   = (5, 9)
    #   segment 2: (6+1, 9 + 0)   = (7, 9);    (9-1, 6 + 2)   = (8, 8)
    assert monotone_cubics([(0, 0), (3, 3), (6, 9), (9, 6)]) == [
        Cubic((0, 0), (1, 0.5), (2, 1.5), (3, 3)),
        Cubic((3, 3), (4, 4.5), (5, 9), (6, 9)),
        Cubic((6, 9), (7, 9), (8, 8), (9, 6)),
    ]


def test_four_points_unequal_gaps() -> None:
    # Points (0,0) (3,6) (9,9) (12,3): h = 3, 6, 3; s = 6/3 = 2, 3/6 = 0.5, -6/3 = -2.
    # m0: w = 3 / 9 = 1/3; p = 2 (4/3) - 0.5 (1/3) = 16/6 - 1/6 = 15/6 = 2.5 <= 4: m0 = 2.5.
    # m1: p = (2 * 6 + 0.5 * 3) / 9 = 13.5 / 9 = 1.5; m1 = min(4, 1, 1.5) = 1.
    # m2: 0.5 > 0 > -2, so m2 = 0.
    # m3: w = h2 / (h2 + h1) = 1/3; p = -2 (4/3) - 0.5 (1/3) = -16/6 - 1/6 = -17/6,
    #     |p| = 2.83 <= 4, so m3 = -17/6.
    # segment 0, h/3 = 1: (1, 0 + 2.5) = (1, 2.5);  (2, 6 - 1) = (2, 5)
    # segment 1, h/3 = 2: (5, 6 + 1 * 2) = (5, 8);  (7, 9 - 0) = (7, 9)
    # segment 2, h/3 = 1: (10, 9 + 0) = (10, 9);    (11, 3 + 17/6) = (11, 35/6)
    expected = [
        ((0, 0), (1, 2.5), (2, 5), (3, 6)),
        ((3, 6), (5, 8), (7, 9), (9, 9)),
        ((9, 9), (10, 9), (11, 35 / 6), (12, 3)),
    ]
    cubics = monotone_cubics([(0, 0), (3, 6), (9, 9), (12, 3)])
    assert len(cubics) == 3
    for cubic, points in zip(cubics, expected, strict=True):
        actual = (cubic.start, cubic.control1, cubic.control2, cubic.end)
        for got, want in zip(actual, points, strict=True):
            assert got == pytest.approx(want, abs=1e-12)


def test_end_tangent_is_zero_when_the_parabola_turns_back() -> None:
    # Points (0,0) (3,3) (6,15): h = 3, 3; s = 1, 4.
    # m0: w = 0.5; p = 1 (1.5) - 4 (0.5) = -0.5, opposite to s0 = 1, so m0 = 0.
    # m1: p = (1 * 3 + 4 * 3) / 6 = 2.5; m1 = min(2, 8, 2.5) = 2.
    # m2: w = 0.5; p = 4 (1.5) - 1 (0.5) = 5.5 <= 2 * 4 = 8, so m2 = 5.5.
    # segment 0: (1, 0 + 0) = (1, 0);  (2, 3 - 2) = (2, 1)
    # segment 1: (4, 3 + 2) = (4, 5);  (5, 15 - 5.5) = (5, 9.5)
    assert monotone_cubics([(0, 0), (3, 3), (6, 15)]) == [
        Cubic((0, 0), (1, 0), (2, 1), (3, 3)),
        Cubic((3, 3), (4, 5), (5, 9.5), (6, 15)),
    ]


def test_two_points_give_a_straight_segment() -> None:
    # One gap: the tangent is the slope 6/3 = 2 at both ends; (0+1, 0+2), (3-1, 6-2).
    assert monotone_cubics([(0, 0), (3, 6)]) == [Cubic((0, 0), (1, 2), (2, 4), (3, 6))]


def test_a_plateau_is_flat() -> None:
    # (1,1)-(2,1) has s = 0: m1 = m2 = 0, so both control points are at y = 1.
    cubics = monotone_cubics([(0, 0), (1, 1), (2, 1), (3, 0)])
    assert cubics[1].control1[1] == 1
    assert cubics[1].control2[1] == 1


def test_output_is_floats() -> None:
    (cubic,) = monotone_cubics([(0, 0), (3, 6)])
    assert all(type(v) is float for point in (cubic.start, cubic.end) for v in point)


@pytest.mark.parametrize("points", [[], [(1.0, 2.0)]])
def test_fewer_than_two_points_give_no_segments(points: list[Point]) -> None:
    assert monotone_cubics(points) == []


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([(0, 0), (0, 1)], "x must increase strictly: point 1 (0, 1) does not come after (0, 0)"),
        ([(0, 0), (2, 1), (1, 2)], "point 2 (1, 2) does not come after (2, 1)"),
        ([(0, 0), (math.nan, 1)], "point 1 (nan, 1) is not finite"),
        ([(0, math.inf), (1, 1)], "point 0 (0, inf) is not finite"),
        ([(0, 0), (1e-320, 1e300)], "points 0 and 1 are too close together"),
    ],
)
def test_bad_points_raise_value_error(points: list[Point], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        monotone_cubics(points)


# -- properties -------------------------------------------------------------------------

TS = [k / 49 for k in range(50)]
TOLERANCE = 1e-9


def bezier(cubic: Cubic, t: float) -> Point:
    """The point at ``t`` by the Bernstein form of a cubic Bézier curve."""
    u = 1 - t
    weights = (u**3, 3 * u**2 * t, 3 * u * t**2, t**3)
    points = (cubic.start, cubic.control1, cubic.control2, cubic.end)
    return (
        sum(w * p[0] for w, p in zip(weights, points, strict=True)),
        sum(w * p[1] for w, p in zip(weights, points, strict=True)),
    )


levels = st.integers(-2, 2).map(float)  # emotion levels: ties, plateaus, extrema
values = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)


@st.composite
def point_sets(draw: st.DrawFn, ys: st.SearchStrategy[float] = levels | values) -> list[Point]:
    """2..12 points with strictly increasing x and uneven gaps."""
    start = draw(st.floats(-100, 100))
    gaps = draw(st.lists(st.floats(0.01, 100), min_size=1, max_size=11))
    xs = [start]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    return [(x, draw(ys)) for x in xs]


def sampled(cubics: list[Cubic]) -> list[Point]:
    return [bezier(cubic, t) for cubic in cubics for t in TS]


@settings(deadline=None)
@given(point_sets())
def test_the_curve_passes_through_every_point(points: list[Point]) -> None:
    cubics = monotone_cubics(points)
    assert len(cubics) == len(points) - 1
    assert [c.start for c in cubics] == points[:-1]
    assert [c.end for c in cubics] == points[1:]


@settings(deadline=None)
@given(point_sets())
def test_no_segment_overshoots_its_endpoints(points: list[Point]) -> None:
    for cubic in monotone_cubics(points):
        low, high = sorted((cubic.start[1], cubic.end[1]))
        left, right = cubic.start[0], cubic.end[0]
        for x, y in (bezier(cubic, t) for t in TS):
            assert low - TOLERANCE <= y <= high + TOLERANCE, (cubic, x, y)
            assert left - TOLERANCE <= x <= right + TOLERANCE, (cubic, x, y)


@settings(deadline=None)
@given(point_sets())
def test_tangents_match_at_interior_points(points: list[Point]) -> None:
    cubics = monotone_cubics(points)
    for before, after in pairwise(cubics):
        (x, y), (x2, y2), (x1, y1) = before.end, before.control2, after.control1
        assert after.start == (x, y)
        slope_in = (y - y2) / (x - x2)
        slope_out = (y1 - y) / (x1 - x)
        assert math.isclose(slope_in, slope_out, rel_tol=1e-7, abs_tol=1e-7), (before, after)


@settings(deadline=None)
@given(point_sets())
def test_equal_neighbours_give_a_flat_segment(points: list[Point]) -> None:
    for cubic in monotone_cubics(points):
        if cubic.start[1] == cubic.end[1]:
            assert cubic.control1[1] == cubic.control2[1] == cubic.start[1]


@settings(deadline=None)
@given(point_sets(ys=st.just(1.5)))
def test_flat_data_gives_a_flat_curve(points: list[Point]) -> None:
    cubics = monotone_cubics(points)
    assert {y for c in cubics for _, y in (c.start, c.control1, c.control2, c.end)} == {1.5}
    # Sampling rounds (the Bernstein weights do not sum to exactly 1), hence the tolerance.
    assert all(abs(y - 1.5) <= TOLERANCE for _, y in sampled(cubics))


@settings(deadline=None)
@given(point_sets(), st.booleans())
def test_monotone_data_give_a_monotone_curve(points: list[Point], rising: bool) -> None:
    ys = sorted((y for _, y in points), reverse=not rising)
    points = [(x, y) for (x, _), y in zip(points, ys, strict=True)]
    curve = sampled(monotone_cubics(points))
    for (xa, ya), (xb, yb) in pairwise(curve):
        assert xb >= xa - TOLERANCE
        if rising:
            assert yb >= ya - TOLERANCE, (xa, ya, xb, yb)
        else:
            assert yb <= ya + TOLERANCE, (xa, ya, xb, yb)


@settings(deadline=None)
@given(point_sets())
def test_the_curve_is_flat_at_every_local_extremum(points: list[Point]) -> None:
    cubics = monotone_cubics(points)
    for before, after in pairwise(cubics):
        y_before, y, y_after = before.start[1], before.end[1], after.end[1]
        rising = y_before < y < y_after
        falling = y_before > y > y_after
        if not (rising or falling):  # a peak, a trough or a plateau edge
            assert before.control2[1] == y
            assert after.control1[1] == y


@settings(deadline=None)
@given(
    point_sets(),
    st.floats(-10, 10),
    st.floats(-100, 100),
)
def test_collinear_points_give_a_straight_line(
    points: list[Point], slope: float, offset: float
) -> None:
    points = [(x, slope * x + offset) for x, _ in points]
    for cubic in monotone_cubics(points):
        for x, y in (cubic.control1, cubic.control2):
            assert math.isclose(y, slope * x + offset, rel_tol=1e-9, abs_tol=1e-9)
