"""Point estimates with confidence intervals: proportions, differences of proportions, means.

Three methods, chosen for survey data on short ordinal scales (see ``docs/evidence.md``):

* a proportion (CSAT's top-2-box share) gets the **Wilson score** interval
  (:func:`proportion`): it stays within 0..1 and keeps close to its nominal coverage for
  small samples and for shares near 0 or 1, where the textbook (Wald) interval collapses
  to a point or leaves the range;
* a difference of two shares of the same respondents (NPS: promoters minus detractors;
  CES's net score) gets a normal interval centred on the observed difference, with the
  multinomial variance ``(p1 + p2 - (p1 - p2)**2) / n`` taken from shares adjusted by
  three quarters of an answer each (``n + 3`` answers; Sauro and Lewis' adjusted Wald), so
  that it does not shrink to zero width when every answer falls in one band
  (:func:`difference`);
* a mean (CSAT, CES) gets **Student's t** interval ``mean ± t(n-1) * s / sqrt(n)``
  (:func:`mean`); with one answer there is no spread to measure, and the interval is the
  whole range of the question.

Every interval is clipped to the range of what it estimates and contains the estimate.

Example:
    >>> proportion(8, 10)
    Estimate(value=0.8, low=0.4901625, high=0.9433178)
    >>> t_quantile(0.975, 9)
    2.2621572
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

__all__ = ["Estimate", "difference", "mean", "proportion", "t_quantile", "z_quantile"]

# Estimates and bounds are rounded to this many decimals: the same bytes on every machine.
_DIGITS = 7
# Beyond this many degrees of freedom, t's quantile comes from its Cornish-Fisher series
# around the normal quantile (error below 1e-9 there) instead of the exact distribution.
_EXACT_T_UP_TO = 1000


@dataclass(frozen=True)
class Estimate:
    """A point estimate and its confidence interval, ``low <= value <= high``.

    Attributes:
        value: The estimate.
        low: The interval's lower bound.
        high: The interval's upper bound.

    Example:
        >>> Estimate(0.5, 0.25, 0.75).scaled(100)
        Estimate(value=50.0, low=25.0, high=75.0)
    """

    value: float
    low: float
    high: float

    def scaled(self, factor: float) -> Estimate:
        """The same estimate multiplied by ``factor`` (e.g. 100 for a percentage)."""
        return Estimate(
            _round(self.value * factor), _round(self.low * factor), _round(self.high * factor)
        )

    def contains(self, number: float) -> bool:
        """Whether ``number`` lies within the interval (bounds included)."""
        return self.low <= number <= self.high


def _round(number: float) -> float:
    rounded = round(number, _DIGITS)
    return rounded + 0.0  # no negative zero


def _estimate(value: float, low: float, high: float, lo: float, hi: float) -> Estimate:
    """An estimate clipped to ``lo..hi``, its interval widened to hold it after rounding."""
    value = min(max(value, lo), hi)
    low = min(max(low, lo), value)
    high = max(min(high, hi), value)
    return Estimate(_round(value), _round(low), _round(high))


def z_quantile(confidence: float) -> float:
    """The standard normal quantile of a two-sided ``confidence`` level.

    Example:
        >>> round(z_quantile(0.95), 6)
        1.959964
    """
    _check_confidence(confidence)
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence!r} is not a level; allowed: between 0 and 1")


def proportion(successes: int, n: int, confidence: float = 0.95) -> Estimate:
    """The share ``successes / n`` with its Wilson score interval.

    Args:
        successes: How many answers fall in the group (0..n).
        n: How many answers there are, at least 1.
        confidence: The interval's level.

    Returns:
        The share (0..1) and its interval.

    Example:
        >>> proportion(0, 5)
        Estimate(value=0.0, low=0.0, high=0.4344825)
    """
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"a proportion needs 0 <= successes <= n and n >= 1; got {successes}/{n}")
    z = z_quantile(confidence)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n)
    return _estimate(p, centre - half, centre + half, 0.0, 1.0)


def difference(first: int, second: int, n: int, confidence: float = 0.95) -> Estimate:
    """The difference of two shares of the same ``n`` answers, ``(first - second) / n``.

    The interval is normal, centred on the observed difference; its variance is the
    multinomial one, computed from shares adjusted by 3/4 of an answer each over
    ``n + 3`` answers, so it never vanishes (NPS: promoters and detractors).

    Args:
        first: Answers in the first band (NPS: promoters).
        second: Answers in the second band (NPS: detractors); ``first + second <= n``.
        n: All answers, at least 1.
        confidence: The interval's level.

    Returns:
        The difference (-1..1) and its interval.

    Example:
        >>> difference(5, 2, 10)
        Estimate(value=0.3, low=-0.1212754, high=0.7212754)
    """
    if n < 1 or first < 0 or second < 0 or first + second > n:
        raise ValueError(f"bands of {first} and {second} do not fit in {n} answers")
    z = z_quantile(confidence)
    adjusted_n = n + 3
    p1 = (first + 0.75) / adjusted_n
    p2 = (second + 0.75) / adjusted_n
    variance = (p1 + p2 - (p1 - p2) ** 2) / adjusted_n
    value = (first - second) / n
    half = z * math.sqrt(variance)
    return _estimate(value, value - half, value + half, -1.0, 1.0)


def mean(values: Sequence[float], lo: float, hi: float, confidence: float = 0.95) -> Estimate:
    """The mean of answers on a ``lo..hi`` scale with Student's t interval.

    Args:
        values: The answers, at least one.
        lo: The lowest possible answer.
        hi: The highest possible answer.
        confidence: The interval's level.

    Returns:
        The mean and its interval, clipped to ``lo..hi``; with one answer the interval is
        the whole scale.

    Example:
        >>> mean([4, 5, 5, 3], 1, 5)
        Estimate(value=4.25, low=2.7265198, high=5.0)
    """
    n = len(values)
    if n < 1:
        raise ValueError("a mean needs at least one value")
    average = math.fsum(values) / n
    if n == 1:
        return _estimate(average, lo, hi, lo, hi)
    spread = math.fsum((v - average) ** 2 for v in values) / (n - 1)
    half = t_quantile(0.5 + confidence / 2, n - 1) * math.sqrt(spread / n)
    return _estimate(average, average - half, average + half, lo, hi)


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile (``0.5 < p < 1``) of Student's t with ``df`` degrees of freedom.

    Exact (by bisection on the distribution, written as a finite sum) up to 1,000 degrees
    of freedom; a Cornish-Fisher series around the normal quantile beyond. Rounded to 7
    decimals.

    Example:
        >>> t_quantile(0.975, 1), t_quantile(0.975, 29), t_quantile(0.975, 5000)
        (12.7062047, 2.0452296, 1.9604386)
    """
    if not 0.5 < p < 1 or df < 1:
        raise ValueError(f"t_quantile needs 0.5 < p < 1 and df >= 1; got p={p!r}, df={df!r}")
    if df > _EXACT_T_UP_TO:
        return round(_cornish_fisher(p, df), _DIGITS)
    target = 2 * p - 1  # P(|T| <= t)
    low, high = 0.0, 1.0
    while _central(high, df) < target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if _central(middle, df) < target:
            low = middle
        else:
            high = middle
    return round(high, _DIGITS)


def _central(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with integer ``df`` (Abramowitz and Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    sine, cosine = math.sin(theta), math.cos(theta)
    c2 = cosine * cosine
    if df % 2 == 1:
        total, term = 0.0, cosine
        for k in range(3, df, 2):  # cos + 2/3 cos^3 + (2*4)/(3*5) cos^5 + ...
            total += term
            term *= c2 * (k - 1) / k
        if df > 1:
            total += term
            return 2 / math.pi * (theta + sine * total)
        return 2 / math.pi * theta
    total, term = 0.0, 1.0
    for k in range(2, df + 1, 2):  # 1 + 1/2 cos^2 + (1*3)/(2*4) cos^4 + ...
        total += term
        term *= c2 * (k - 1) / k
    return sine * total


def _cornish_fisher(p: float, df: int) -> float:
    z = NormalDist().inv_cdf(p)
    z2 = z * z
    v = float(df)
    return (
        z
        + z * (z2 + 1) / (4 * v)
        + z * (5 * z2 * z2 + 16 * z2 + 3) / (96 * v**2)
        + z * (3 * z2**3 + 19 * z2 * z2 + 17 * z2 - 15) / (384 * v**3)
        + z * (79 * z2**4 + 776 * z2**3 + 1482 * z2 * z2 - 1920 * z2 - 945) / (92160 * v**4)
    )
