"""Partitioners and the portable hash they use.

``portable_hash`` gives the same value for the same key in every process,
without ``PYTHONHASHSEED``: numbers hash as Python hashes them (so ``1``,
``1.0`` and ``True`` agree, and integer keys land where PySpark puts them),
``None`` is 0, tuples combine their items as PySpark's ``portable_hash`` does,
and strings and bytes use CRC-32 of their bytes instead of the salted built-in
``hash()``.

``HashPartitioner`` sends a key to ``portable_hash(key) % n``.
``RangePartitioner`` holds sorted boundaries sampled from the data (see
``RDD.sortByKey``) and sends a key to the range it falls in; ``route_by_range``
routes a whole batch of pairs at once, for the shuffle writer.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from operator import itemgetter
from zlib import crc32

from ..errors import ConfigurationError

_MASK = sys.maxsize


def portable_hash(x) -> int:
    """A hash of ``x`` that does not depend on the process."""
    t = type(x)
    if t is str:
        return crc32(x.encode("utf-8", "surrogatepass"))
    if t is int or t is float or t is bool:
        return hash(x)
    if x is None:
        return 0
    if t is tuple:
        h = 0x345678
        for item in x:
            h ^= portable_hash(item)
            h *= 1000003
            h &= _MASK
        h ^= len(x)
        return -2 if h == -1 else h
    if t is bytes or t is bytearray:
        return crc32(x)
    if isinstance(x, str):
        return crc32(str(x).encode("utf-8", "surrogatepass"))
    return hash(x)


class Partitioner:
    """Maps a key to a partition number in ``range(num_partitions)``."""

    num_partitions: int

    def __call__(self, key) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash((type(self).__name__, self.num_partitions))


class HashPartitioner(Partitioner):
    """``partition_func(key) % num_partitions``; the default for every ``*ByKey``."""

    def __init__(self, num_partitions: int, partition_func=portable_hash):
        self.num_partitions = num_partitions
        self.partition_func = partition_func

    def __call__(self, key) -> int:
        return self.partition_func(key) % self.num_partitions

    def __repr__(self):
        return f"HashPartitioner({self.num_partitions})"


class RangePartitioner(Partitioner):
    """Sends keys to ``len(bounds) + 1`` ordered ranges; descending when not ``ascending``."""

    def __init__(self, bounds: list, ascending: bool = True, key_func=None, num_partitions=None):
        self.bounds = bounds
        self.ascending = ascending
        self.key_func = key_func
        # more than the ranges when the keys had too few distinct values: the rest stay empty
        self.num_partitions = num_partitions or len(bounds) + 1

    def __call__(self, key) -> int:
        k = self.key_func(key) if self.key_func is not None else key
        p = bisect_left(self.bounds, k)
        return p if self.ascending else self.num_partitions - 1 - p

    def __repr__(self):
        return f"RangePartitioner({self.num_partitions})"


_first = itemgetter(0)
_ORDERED = (str, int, bytes)   # key types whose sort order and bisect order are one total order


def route_by_range(chunk: list, bounds: list, lists: list) -> bool:
    """Append each ``(key, value)`` record of ``chunk`` to ``lists[bisect_left(bounds, key)]``
    by sorting the chunk by key and cutting it at the boundaries: a sort in C and one bisect per
    boundary inside the chunk's keys, instead of a bisect per record. A partition gets its
    records in key order (equal keys in their order in the chunk): a reducer that sorts them
    stably gets what it would have got. Does nothing and returns False unless every record
    is a pair and the keys are all ``str``, all ``int`` or all ``bytes`` (``chunk`` is then
    left as it was)."""
    if set(map(type, chunk)) != {tuple} or set(map(len, chunk)) != {2}:
        return False
    kinds = set(map(type, map(_first, chunk)))
    if len(kinds) != 1 or kinds.pop() not in _ORDERED:
        return False
    chunk.sort(key=_first)
    lo, end = 0, len(chunk)
    p, last = bisect_left(bounds, chunk[0][0]), bisect_left(bounds, chunk[-1][0])
    while p < last:
        cut = bisect_right(chunk, bounds[p], lo, end, key=_first)
        if cut > lo:
            lists[p].extend(chunk[lo:cut])
            lo = cut
        p += 1
    lists[last].extend(chunk[lo:])
    return True


def check_partitions(n) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        raise ConfigurationError(f"The number of partitions must be a positive integer, got {n!r}.")
