"""Spark's random numbers: ``XORShiftRandom`` (``sampling``'s) behind ``java.util.Random``'s
``nextDouble``, ``nextGaussian`` and ``nextInt``, seeded with ``seed + partition index`` as
``rand``, ``randn``, ``uniform`` and ``randstr`` are; commons-math's ``MersenneTwister`` for
``uuid``.

The values of a partition are one sequence: the generator is kept per (kind, seed, task run)
in the process, each run of a task naming itself (``task.RUN_ID``), and gives the next value
to each row as DuckDB hands the rows over (in the input's order when DuckDB reads it with one
thread, as a task's small input is).
"""

from __future__ import annotations

import math

from ..sampling import XORShiftRandom


class JavaRandom(XORShiftRandom):
    """``XORShiftRandom`` (``sampling``) with ``java.util.Random``'s ``nextInt`` and
    ``nextGaussian`` over its bits."""

    def __init__(self, seed: int):
        super().__init__(seed)
        self._gaussian = None

    def next_int(self) -> int:
        v = self._next(32)
        return v - (1 << 32) if v >= 1 << 31 else v

    def next_gaussian(self) -> float:
        if self._gaussian is not None:
            out, self._gaussian = self._gaussian, None
            return out
        while True:
            v1, v2 = 2 * self.next_double() - 1, 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        m = math.sqrt(-2 * math.log(s) / s)
        self._gaussian = v2 * m
        return v1 * m


_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class MersenneTwister:
    """commons-math's ``MersenneTwister(long)`` (MT19937 seeded by the array ``{high 32
    bits, low 32 bits}``), whose ``nextLong`` Spark's ``uuid`` draws from. Python's own
    MT19937 takes the array from the int's 32-bit words, lowest first."""

    def __init__(self, seed: int):
        import random
        seed &= (1 << 64) - 1
        self._mt = random.Random((seed >> 32) + ((seed & 0xFFFFFFFF) << 32))

    def next_long(self) -> int:
        return (self._mt.getrandbits(32) << 32) | self._mt.getrandbits(32)

    def next_uuid(self) -> str:
        """Spark's ``RandomUUIDGenerator.getNextUUID`` (a version 4 UUID)."""
        import uuid
        high = (self.next_long() & 0xFFFFFFFFFFFF0FFF) | 0x4000
        low = (self.next_long() | (1 << 63)) & 0xBFFFFFFFFFFFFFFF
        return str(uuid.UUID(int=(high << 64) | low))


def _draw(g, kind: int, length: int):
    if kind == 3:
        return g.next_uuid()
    if kind == 0:
        return g.next_double()
    if kind == 1:
        return g.next_gaussian()
    return "".join(_ALNUM[abs(g.next_int()) % 62] for _ in range(length))


_kept: dict = {}   # (kind, seed, run) -> generator


def _generator(kind: int, seed: int, run: str):
    g = _kept.get((kind, seed, run))
    if g is None:
        g = _kept[(kind, seed, run)] = MersenneTwister(seed) if kind == 3 else JavaRandom(seed)
        if len(_kept) > 64:
            _kept.pop(next(iter(_kept)))
    return g


def values(kind: int, seeds: list, runs: list, lengths: list) -> list:
    """The next draws for a batch of rows (0: ``nextDouble``, 1: ``nextGaussian``, 2: a
    ``randstr`` of the row's length, 3: a ``uuid``) from the generator of each row's seed
    (the partition's index already added) in its task run; a row without a seed gets None.
    Rows of one generator in a row take ``nextDouble`` as one array."""
    out: list = []
    i, n = 0, len(seeds)
    while i < n:
        j = i
        while j < n and seeds[j] == seeds[i] and runs[j] == runs[i]:
            j += 1
        if seeds[i] is None:
            out.extend([None] * (j - i))
        else:
            g = _generator(kind, seeds[i], runs[i] or "")
            if kind == 0:
                out.extend(g.doubles(j - i).tolist())
            else:
                out.extend(_draw(g, kind, lengths[k] or 0) for k in range(i, j))
        i = j
    return out
