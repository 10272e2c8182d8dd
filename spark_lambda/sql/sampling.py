"""Seeded row sampling as Spark does it, so the same seed keeps the same rows on the same
partitioning.

Spark draws one uniform double per row from an XORShift generator seeded with ``seed +
partition index`` (the seed first hashed with Scala's ``MurmurHash3.bytesHash`` over its 8
big-endian bytes, twice: the low and the high 32 bits of the state). ``sample`` without
replacement and ``randomSplit`` keep a row when its draw falls in ``[lo, hi)`` (Spark's
``BernoulliCellSampler``; ``randomSplit`` first sorts each partition by every orderable column,
as Spark does to make the splits deterministic); ``sampleBy`` keeps it when the draw is below
its stratum's fraction (Spark filters on ``rand(seed) < fraction``). Sampling with replacement
repeats each row a Poisson number of times drawn with commons-math's Well19937c generator,
each partition seeded from ``java.util.Random(seed)`` as Spark's ``PartitionwiseSampledRDD``.

Each sampler is a ``map_arrow`` function with ``for_partition(index)``: one generator runs on
through every batch of a partition.
"""

from __future__ import annotations

import math

from .execution.spark_hash import murmur3_bytes

_M64 = 0xFFFFFFFFFFFFFFFF
_ARRAY_SEED = 0x3C074A61          # Scala's MurmurHash3.arraySeed
_DOUBLE_UNIT = 2.0 ** -53


def _hash_seed(seed: int) -> int:
    """Spark's ``XORShiftRandom.hashSeed``: the 64-bit state a seed starts from."""
    data = (seed & _M64).to_bytes(8, "big")
    low = murmur3_bytes(data, _ARRAY_SEED)
    return (murmur3_bytes(data, low) << 32) | low


class XORShiftRandom:
    """Spark's ``XORShiftRandom``: ``next_double`` gives the doubles Spark's gives for the
    same seed (``java.util.Random.nextDouble`` over the XORShift ``next``)."""

    def __init__(self, seed: int):
        self._state = _hash_seed(seed)

    def _next(self, bits: int) -> int:
        x = self._state
        x ^= (x << 21) & _M64
        x ^= x >> 35
        x ^= (x << 4) & _M64
        self._state = x
        return x & ((1 << bits) - 1)

    def next_double(self) -> float:
        """A uniform double in ``[0, 1)``."""
        return ((self._next(26) << 27) + self._next(27)) * _DOUBLE_UNIT

    def doubles(self, n: int):
        """The next ``n`` doubles as a numpy array (``next_double`` inlined: two steps each,
        26 and 27 low bits)."""
        import numpy as np
        out = np.empty(n, dtype="float64")
        x, m = self._state, _M64
        for i in range(n):
            x ^= (x << 21) & m
            x ^= x >> 35
            x ^= (x << 4) & m
            hi = x & 0x3FFFFFF
            x ^= (x << 21) & m
            x ^= x >> 35
            x ^= (x << 4) & m
            out[i] = ((hi << 27) + (x & 0x7FFFFFF)) * _DOUBLE_UNIT
        self._state = x
        return out


class _PerPartition:
    """A ``map_arrow`` function whose state (a generator) lives for one partition."""

    def __call__(self, table, index):
        return self.for_partition(index)(table)

    def for_partition(self, index: int):
        """The function mapping each of partition ``index``'s tables, in order."""
        raise NotImplementedError


class CellSampler(_PerPartition):
    """Keeps rows whose draw falls in ``[lo, hi)`` (Spark's ``BernoulliCellSampler``); with
    ``sort_first`` each table is first sorted by its orderable columns (``randomSplit``)."""

    def __init__(self, lo: float, hi: float, seed: int, sort_first: bool = False):
        self.lo, self.hi, self.seed, self.sort_first = lo, hi, seed, sort_first

    def for_partition(self, index: int):
        rng = XORShiftRandom(self.seed + index)

        def keep(table):
            if self.hi - self.lo <= 0.0:
                return table.slice(0, 0)
            if self.sort_first:
                table = _sorted_by_all(table)
            u = rng.doubles(table.num_rows)
            return table.filter((u >= self.lo) & (u < self.hi))
        return keep


class JavaRandom48:
    """``java.util.Random``: the 48-bit linear congruential generator and its draws."""

    def __init__(self, seed: int):
        self._state = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits: int) -> int:
        """The next ``bits`` bits as Java's signed int."""
        self._state = (self._state * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        v = self._state >> (48 - bits)
        return v - (1 << 32) if bits == 32 and v >= 1 << 31 else v

    def next_long(self) -> int:
        return ((self.next(32) << 32) + self.next(32)) & _M64

    def next_double(self) -> float:
        return ((self.next(26) << 27) + self.next(27)) * _DOUBLE_UNIT


def java_random_longs(seed: int, n: int) -> list:
    """The first ``n`` values of ``java.util.Random(seed).nextLong()``."""
    rng = JavaRandom48(seed)
    return [rng.next_long() for _ in range(n)]


class Well19937c:
    """commons-math's ``Well19937c`` generator seeded with a long (``setSeed(long)``), and
    ``nextDouble`` as its ``BitsStreamGenerator`` gives it."""

    _R, _M1, _M2, _M3 = 624, 70, 179, 449

    def __init__(self, seed: int):
        seed &= _M64
        v = [seed >> 32, seed & 0xFFFFFFFF] + [0] * (self._R - 2)
        for i in range(2, self._R):
            low = v[i - 2] - (1 << 32) if v[i - 2] >= 1 << 31 else v[i - 2]
            v[i] = (1812433253 * (low ^ (low >> 30)) + i) & 0xFFFFFFFF
        self._v, self._index = v, 0

    def _next(self, bits: int) -> int:
        v, i, r = self._v, self._index, self._R
        rm1, rm2 = (i + r - 1) % r, (i + r - 2) % r
        v0, vm1 = v[i], v[(i + self._M1) % r]
        vm2, vm3 = v[(i + self._M2) % r], v[(i + self._M3) % r]
        z0 = (0x80000000 & v[rm1]) ^ (0x7FFFFFFF & v[rm2])
        z1 = (v0 ^ ((v0 << 25) & 0xFFFFFFFF)) ^ (vm1 ^ (vm1 >> 27))
        z2 = (vm2 >> 9) ^ (vm3 ^ (vm3 >> 1))
        z3 = z1 ^ z2
        z4 = (z0 ^ (z1 ^ ((z1 << 9) & 0xFFFFFFFF)) ^ (z2 ^ ((z2 << 21) & 0xFFFFFFFF))
              ^ (z3 ^ (z3 >> 21)))
        v[i], v[rm1] = z3, z4
        v[rm2] &= 0x80000000
        self._index = rm1
        z4 ^= (z4 << 7) & 0xE46E1700
        z4 ^= (z4 << 15) & 0x9B868000
        return (z4 & 0xFFFFFFFF) >> (32 - bits)

    def next_double(self) -> float:
        """A uniform double in ``[0, 1)`` (52 random bits)."""
        return ((self._next(26) << 26) | self._next(26)) * 2.0 ** -52

    def poisson(self, mean: float) -> int:
        """commons-math's ``PoissonDistribution.sample()`` for a mean under 40 (products of
        uniforms until they fall below ``exp(-mean)``)."""
        p, n, r = math.exp(-mean), 0, 1.0
        while n < 1000 * mean:
            r *= self.next_double()
            if r < p:
                return n
            n += 1
        return n


class PoissonSampler(_PerPartition):
    """Repeats each row a Poisson(``fraction``) number of times, as Spark's ``PoissonSampler``
    in a ``PartitionwiseSampledRDD``: partition ``i``'s generator is seeded with the ``i``-th
    ``nextLong`` of ``java.util.Random(seed)``. A fraction of 40 or more uses numpy's Poisson
    draws (Spark's rows only below 40)."""

    def __init__(self, fraction: float, seed: int):
        self.fraction, self.seed = fraction, seed

    def for_partition(self, index: int):
        import numpy as np
        part_seed = java_random_longs(self.seed, index + 1)[index]
        if self.fraction >= 40:
            rng = np.random.default_rng([part_seed & 0xFFFFFFFF, part_seed >> 32])
            draw = lambda n: rng.poisson(self.fraction, n)  # noqa: E731
        else:
            well = Well19937c(part_seed)
            draw = lambda n: np.fromiter(  # noqa: E731
                (well.poisson(self.fraction) for _ in range(n)), dtype="int64", count=n)

        def repeat(table):
            if self.fraction <= 0.0:
                return table.slice(0, 0)
            counts = draw(table.num_rows)
            return table.take(np.repeat(np.arange(table.num_rows), counts))
        return repeat


class StratifiedSampler(_PerPartition):
    """Keeps a row when its draw is below the fraction its stratum (column ``index``) has."""

    def __init__(self, index: int, fractions: dict, seed: int):
        self.index, self.fractions, self.seed = index, fractions, seed

    def for_partition(self, index: int):
        import numpy as np
        import pyarrow as pa
        rng = XORShiftRandom(self.seed + index)

        def keep(table):
            keys = table.column(self.index).to_pylist()
            p = np.array([self.fractions.get(k, 0.0) for k in keys], dtype="float64")
            return table.filter(pa.array(rng.doubles(table.num_rows) < p))
        return keep


def _sorted_by_all(table):
    """``table`` sorted ascending by every column Arrow can order (nulls first, NaN last)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    by = [(f"c{i}", "ascending", "at_start") for i, field in enumerate(table.schema)
          if not pa.types.is_nested(field.type)]
    if not by or table.num_rows < 2:
        return table
    renamed = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    return table.take(pc.sort_indices(renamed, sort_keys=by))
