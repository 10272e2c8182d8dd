"""HyperLogLog: counting distinct elements in a fixed, small amount of memory.

Called by ``RDD.countApproxDistinct``: every partition fills a sketch on the
executor, the driver merges them and reads the estimate.

The algorithm (Flajolet et al., 2007). Each element is hashed to 64 bits
that look uniformly random (a process-independent hash, then a 64-bit
finaliser that spreads every input bit over every output bit). The top ``p``
bits choose one of ``m = 2**p`` registers; the register keeps the largest
*rank* seen there, the position of the first 1-bit in the remaining
``64 - p`` bits. With ``n`` distinct elements a register's rank behaves like
``log2(n / m)``. Duplicates hash alike and change nothing, and merging two
sketches is the register-wise maximum.

Small counts (HyperLogLog++'s sparse mode, Heule et al., 2013). While fewer
registers are set than the ``m`` a full sketch has, they are kept at the much
finer precision ``SPARSE_P`` (25 index bits, unless ``p`` is finer still):
with 2**25 registers almost no two elements share one, so small counts come
out exact or nearly. Past ``m`` set registers the sketch folds to precision
``p`` (a fine register's index keeps its top ``p`` bits; its rank grows by the
index bits dropped when they are all zero, else comes from them), which is
the same sketch as one filled at ``p`` from the start.

The estimate (Ertl, "New cardinality estimation algorithms for HyperLogLog
sketches", 2017) reads the histogram ``C[k]`` of register values
(``C[0]`` empty registers, ``C[q + 1]`` saturated ones, ``q = 64 - p``):
``z = m * tau(1 - C[q+1]/m)``, then ``z = (z + C[k]) / 2`` for ``k = q .. 1``,
``z += m * sigma(C[0]/m)``, and ``n ~= m**2 / (2 ln 2 * z)``, where
``sigma(x) = x + sum_k x**(2**k) * 2**(k-1)`` and
``tau(x) = (1 - x - sum_k (1 - x**(2**-k))**2 * 2**-k) / 3``. It is nearly
unbiased from the smallest counts to the largest, so it needs neither
linear counting below a threshold nor empirical bias tables.

The relative standard error is about ``1.04 / sqrt(m)``; as in Spark,
``relativeSD`` chooses ``p = ceil(2 * log2(1.054 / relativeSD))`` (at least 4).
Registers are kept in a dict holding only non-empty ones, so memory grows with
the number of distinct elements seen and never exceeds about ``m`` entries.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import struct

from ..shuffle.partitioner import portable_hash

MIN_RELATIVE_SD = 0.000017
SPARSE_P = 25       # index bits of the registers while the count is small
_M64 = (1 << 64) - 1


def precision_for(relative_sd: float) -> int:
    """The number of index bits ``p`` that gives standard error ``relative_sd``."""
    if relative_sd < MIN_RELATIVE_SD:
        raise ValueError(f"relativeSD should be greater than 0.000017, got {relative_sd}")
    return max(4, math.ceil(2 * math.log2(1.054 / relative_sd)))


def _mix64(z: int) -> int:
    """A 64-bit finaliser (splitmix64's): each input bit flips about half the output bits."""
    z = (z + 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def hash64(x) -> int:
    """A 64-bit hash of ``x`` that is the same in every process."""
    t = type(x)
    if t is int:
        return _mix64(x & _M64 ^ (x >> 64) & _M64)
    if t is str:
        x = x.encode("utf-8", "surrogatepass")
        t = bytes
    if t is bytes:
        return struct.unpack("<Q", hashlib.blake2b(x, digest_size=8).digest())[0]
    if t is float:
        return _mix64(int(x)) if x.is_integer() else _mix64(struct.unpack("<Q", struct.pack("<d", x))[0])
    if t is bool or x is None or t is tuple:
        return _mix64(portable_hash(x) & _M64)
    return struct.unpack("<Q", hashlib.blake2b(pickle.dumps(x, protocol=4), digest_size=8).digest())[0]


def _sigma(x: float) -> float:
    """``x + sum_{k>=1} x**(2**k) * 2**(k-1)`` (infinite when every register is empty)."""
    if x == 1.0:
        return math.inf
    y, z = 1.0, x
    while True:
        x *= x
        before = z
        z += x * y
        y += y
        if z == before:
            return z


def _tau(x: float) -> float:
    """``(1 - x - sum_{k>=1} (1 - x**(2**-k))**2 * 2**-k) / 3``."""
    if x == 0.0 or x == 1.0:
        return 0.0
    y, z = 1.0, 1.0 - x
    while True:
        x = math.sqrt(x)
        before = z
        y *= 0.5
        z -= (1.0 - x) ** 2 * y
        if z == before:
            return z / 3.0


def estimate_from(registers: dict, p: int) -> float:
    """Ertl's improved estimate of the count behind ``registers`` (index -> rank) at precision ``p``."""
    m, q = 1 << p, 64 - p
    counts = [0] * (q + 2)
    for rank in registers.values():
        counts[rank] += 1
    counts[0] = m - len(registers)
    z = m * _tau(1.0 - counts[q + 1] / m)
    for k in range(q, 0, -1):
        z = 0.5 * (z + counts[k])
    z += m * _sigma(counts[0] / m)
    return m * m / (2.0 * math.log(2.0) * z)


class HyperLogLog:
    """A mergeable HyperLogLog sketch of precision ``p``, exact-ish while its count is small."""

    def __init__(self, p: int):
        if not 4 <= p <= 40:
            raise ValueError(f"HyperLogLog precision must be between 4 and 40, got {p}")
        self.p = p
        self.precision = max(p, SPARSE_P)   # of the registers held now: SPARSE_P until folded
        self.registers: dict[int, int] = {}

    @property
    def sparse(self) -> bool:
        """Whether the registers are still held at the fine precision."""
        return self.precision > self.p

    def add(self, x) -> None:
        self.add_hash(hash64(x))

    def add_hash(self, h: int) -> None:
        bits = self.precision
        index = h >> (64 - bits)
        rank = (64 - bits) - (h & ((1 << (64 - bits)) - 1)).bit_length() + 1
        regs = self.registers
        if regs.get(index, 0) < rank:
            regs[index] = rank
            if self.sparse and len(regs) > 1 << self.p:
                self._fold()

    def update(self, items) -> "HyperLogLog":
        for x in items:
            self.add(x)
        return self

    def _fold(self) -> None:
        """Turn fine registers into the ``2**p`` registers of precision ``p``."""
        dropped = self.precision - self.p
        folded: dict[int, int] = {}
        for index, rank in self.registers.items():
            low = index & ((1 << dropped) - 1)
            rank = dropped - low.bit_length() + 1 if low else dropped + rank
            index >>= dropped
            if folded.get(index, 0) < rank:
                folded[index] = rank
        self.registers = folded
        self.precision = self.p

    def merge(self, other: "HyperLogLog") -> "HyperLogLog":
        if other.p != self.p:
            raise ValueError(f"cannot merge sketches of precision {self.p} and {other.p}")
        if self.sparse and not other.sparse:
            self._fold()
        if other.sparse and not self.sparse:
            other = other.copy()
            other._fold()
        regs = self.registers
        for i, r in other.registers.items():
            if regs.get(i, 0) < r:
                regs[i] = r
        if self.sparse and len(regs) > 1 << self.p:
            self._fold()
        return self

    def copy(self) -> "HyperLogLog":
        new = HyperLogLog(self.p)
        new.precision, new.registers = self.precision, dict(self.registers)
        return new

    def estimate(self) -> float:
        return estimate_from(self.registers, self.precision) if self.registers else 0.0

    def cardinality(self) -> int:
        return int(round(self.estimate()))
