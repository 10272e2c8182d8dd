"""Seeded row sampling as Spark does it, so the same seed keeps the same rows on the same
partitioning.

Spark draws one uniform double per row from an XORShift generator seeded with ``seed +
partition index`` (the seed first hashed with Scala's ``MurmurHash3.bytesHash`` over its 8
big-endian bytes, twice: the low and the high 32 bits of the state). ``sample`` without
replacement and ``randomSplit`` keep a row when its draw falls in ``[lo, hi)`` (Spark's
``BernoulliCellSampler``; ``randomSplit`` first sorts each partition by every orderable column,
as Spark does to make the splits deterministic); ``sampleBy`` keeps it when the draw is below
its stratum's fraction (Spark filters on ``rand(seed) < fraction``). Sampling with replacement
repeats each row a Poisson number of times seeded per partition, but not with Spark's
generator (commons-math's Well19937c), so its rows differ from Spark's.

Each sampler is a ``map_arrow`` function with ``for_partition(index)``: one generator runs on
through every batch of a partition.
"""

from __future__ import annotations

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
        """The next ``n`` doubles as a numpy array."""
        import numpy as np
        nxt = self.next_double
        return np.fromiter((nxt() for _ in range(n)), dtype="float64", count=n)


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


class PoissonSampler(_PerPartition):
    """Repeats each row Poisson(``fraction``) times (seeded per partition; not Spark's rows)."""

    def __init__(self, fraction: float, seed: int):
        self.fraction, self.seed = fraction, seed

    def for_partition(self, index: int):
        import numpy as np
        rng = np.random.default_rng([self.seed & 0xFFFFFFFF, index])

        def repeat(table):
            counts = rng.poisson(self.fraction, table.num_rows)
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
