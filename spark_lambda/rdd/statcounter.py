"""Summary statistics of numbers (``StatCounter``) and histogram bucketing.

Called by ``RDD.stats``/``mean``/``variance``/``histogram`` (``numeric.py``):
each partition builds its own counter on the executor, the driver merges them.

``StatCounter`` keeps the count ``n``, the mean ``mu`` and ``m2``, the sum
of squared differences from the mean, updated one value at a time with
Welford's recurrence (``delta = x - mu; mu += delta / n; m2 += delta * (x - mu)``)
and merged pairwise with Chan et al.'s formula
(``m2 = m2a + m2b + delta**2 * na * nb / (na + nb)``), which stay accurate
where summing squares would cancel catastrophically.

Histograms count values into buckets ``[b0, b1), [b1, b2), ..., [bn-1, bn]``
(the last one closed). Evenly spaced buckets find a value's bucket by
arithmetic, others by binary search. ``None`` and NaN are never counted.
"""

from __future__ import annotations

import bisect
import math


class StatCounter:
    """Count, mean, variance, min and max of numbers, mergeable across partitions."""

    def __init__(self, values=None):
        self.n = 0
        self.mu = 0.0
        self.m2 = 0.0
        self.maxValue = float("-inf")
        self.minValue = float("inf")
        for v in values or ():
            self.merge(v)

    def merge(self, value) -> "StatCounter":
        """Add one value."""
        self.n += 1
        delta = value - self.mu
        self.mu += delta / self.n
        self.m2 += delta * (value - self.mu)
        self.maxValue = max(self.maxValue, value)
        self.minValue = min(self.minValue, value)
        return self

    def mergeStats(self, other: "StatCounter") -> "StatCounter":
        """Add every value ``other`` has counted."""
        if not isinstance(other, StatCounter):
            raise TypeError(f"Can only merge StatCounter but got {type(other).__name__}")
        if other is self:
            return self.mergeStats(other.copy())
        if other.n == 0:
            return self
        if self.n == 0:
            self.n, self.mu, self.m2 = other.n, other.mu, other.m2
        else:
            delta = other.mu - self.mu
            total = self.n + other.n
            if other.n * 10 < self.n:
                self.mu += delta * other.n / total
            elif self.n * 10 < other.n:
                self.mu = other.mu - delta * self.n / total
            else:
                self.mu = (self.mu * self.n + other.mu * other.n) / total
            self.m2 += other.m2 + delta * delta * self.n * other.n / total
            self.n = total
        self.maxValue = max(self.maxValue, other.maxValue)
        self.minValue = min(self.minValue, other.minValue)
        return self

    def copy(self) -> "StatCounter":
        new = StatCounter()
        new.__dict__.update(self.__dict__)
        return new

    def count(self) -> int:
        return int(self.n)

    def mean(self) -> float:
        return self.mu

    def sum(self) -> float:
        return self.n * self.mu

    def min(self):
        return self.minValue

    def max(self):
        return self.maxValue

    def variance(self) -> float:
        """Population variance (divides by n); NaN when empty."""
        return float("nan") if self.n == 0 else self.m2 / self.n

    def sampleVariance(self) -> float:
        """Sample variance (divides by n - 1); NaN with fewer than two values."""
        return float("nan") if self.n <= 1 else self.m2 / (self.n - 1)

    def stdev(self) -> float:
        return math.sqrt(self.variance())

    def sampleStdev(self) -> float:
        return math.sqrt(self.sampleVariance())

    def asDict(self, sample: bool = False) -> dict:
        """The statistics as a dict. As in PySpark, the flag reads backwards: by default
        ``stdev`` and ``variance`` are the sample ones (divided by n - 1), and
        ``sample=True`` gives the population ones (divided by n)."""
        return {"count": self.count(), "mean": self.mean(), "sum": self.sum(), "min": self.min(),
                "max": self.max(),
                "stdev": self.stdev() if sample else self.sampleStdev(),
                "variance": self.variance() if sample else self.sampleVariance()}

    def __repr__(self) -> str:
        return (f"(count: {self.count()}, mean: {self.mean()}, stdev: {self.stdev()}, "
                f"max: {self.max()}, min: {self.min()})")


def countable(x) -> bool:
    """False for None and NaN, which histograms skip."""
    return x is not None and not (type(x) is float and math.isnan(x))


def check_buckets(buckets) -> tuple[bool, object]:
    """Validate explicit bucket boundaries; (evenly spaced, step) for counting."""
    buckets = list(buckets)
    if len(buckets) < 2:
        raise ValueError("buckets should have more than one value")
    if not all(countable(b) for b in buckets):
        raise ValueError("can not have None or NaN in buckets")
    if sorted(buckets) != buckets:
        raise ValueError("buckets should be sorted")
    if len(set(buckets)) != len(buckets):
        raise ValueError("buckets should not contain duplicated values")
    try:
        steps = [b - a for a, b in zip(buckets, buckets[1:])]
    except TypeError:  # boundaries that cannot be subtracted (strings): binary search
        return False, None
    if max(steps) - min(steps) < 1e-10:
        return True, (buckets[-1] - buckets[0]) / (len(buckets) - 1)
    return False, None


def even_buckets(lo, hi, count: int) -> list:
    """``count`` equal buckets from ``lo`` to ``hi`` (integer steps when they divide evenly)."""
    try:
        step = (hi - lo) / count
    except TypeError:
        raise TypeError("Can not generate buckets with non-number in RDD") from None
    if math.isinf(step):
        raise ValueError("Can not generate buckets with infinite value")
    if int(step) * count == hi - lo:
        step = int(step)
    return [lo + i * step for i in range(count)] + [hi]


def bucket_counter(buckets: list, even: bool, step):
    """A function counting an iterator's values into ``len(buckets) - 1`` buckets."""
    lo, hi = buckets[0], buckets[-1]
    n = len(buckets) - 1

    def count(it) -> list:
        counts = [0] * (n + 1)
        for x in it:
            if not countable(x) or x < lo or x > hi:
                continue
            i = int((x - lo) / step) if even else bisect.bisect_right(buckets, x) - 1
            counts[i] += 1
        counts[n - 1] += counts.pop()  # the maximum belongs to the last, closed bucket
        return counts
    return count
