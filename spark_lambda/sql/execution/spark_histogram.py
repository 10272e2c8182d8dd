"""``histogram_numeric``: Spark's ``NumericHistogram`` (Ben-Haim and Tom-Tov's streaming
histogram). Each value goes into a sorted list of (x, count) bins, a new x as a new bin; past
the bin budget the two closest bins merge into their count-weighted mean, ties between equally
close pairs broken by ``java.util.Random(31183)`` as Spark breaks them."""

from __future__ import annotations

import bisect

from ..sampling import JavaRandom48


def histogram(values, nbins: int):
    """The bins ``[{x, y}, ...]`` of ``values`` (in order; NULLs skipped), or None when there
    are none."""
    if values is None:
        return None
    xs: list = []
    ys: list = []
    rng = JavaRandom48(31183)
    for v in values:
        if v is None:
            continue
        v = float(v)
        i = bisect.bisect_left(xs, v)
        if i < len(xs) and xs[i] == v:
            ys[i] += 1.0
            continue
        xs.insert(i, v)
        ys.insert(i, 1.0)
        while len(xs) > nbins:
            _merge_closest(xs, ys, rng)
    if not xs:
        return None
    return [{"x": x, "y": y} for x, y in zip(xs, ys)]


def _merge_closest(xs: list, ys: list, rng: JavaRandom48) -> None:
    best, at, ties = xs[1] - xs[0], 0, 1
    for i in range(1, len(xs) - 1):
        diff = xs[i + 1] - xs[i]
        if diff < best:
            best, at, ties = diff, i, 1
        elif diff == best:
            ties += 1
            if rng.next_double() <= 1.0 / ties:
                at = i
    total = ys[at] + ys[at + 1]
    xs[at] = xs[at] * (ys[at] / total) + xs[at + 1] / total * ys[at + 1]   # Spark's rounding
    ys[at] = total
    del xs[at + 1], ys[at + 1]
