"""HyperLogLog: counting distinct elements in a fixed, small amount of memory.

Called by ``RDD.countApproxDistinct``: every partition fills a sketch on the
executor, the driver merges them and reads the estimate.

The algorithm (Flajolet et al., 2007). Each element is hashed to 64 bits
that look uniformly random (a process-independent hash, then a 64-bit
finaliser that spreads every input bit over every output bit). The top ``p``
bits choose one of ``m = 2**p`` registers; the register keeps the largest
*rank* seen there, the position of the first 1-bit in the remaining
``64 - p`` bits. With ``n`` distinct elements a register's rank behaves like
``log2(n / m)``, so the normalised harmonic mean of ``2**rank`` over the
registers estimates ``n``: ``E = alpha_m * m**2 / sum(2**-rank_j)``.
Duplicates hash alike and change nothing, and merging two sketches is the
register-wise maximum. For small counts (``E <= 2.5 m`` with empty registers
left) linear counting, ``m * ln(m / empty)``, is more accurate and is used
instead; a 64-bit hash needs no large-range correction.

The relative standard error is about ``1.04 / sqrt(m)``; as in Spark,
``relativeSD`` chooses ``p = ceil(2 * log2(1.054 / relativeSD))`` (at least 4).
Registers are kept sparsely, in a dict holding only non-empty ones, so
memory grows with the number of distinct elements seen and never exceeds
``m`` entries, whatever the precision asked for.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import struct

from ..shuffle.partitioner import portable_hash

MIN_RELATIVE_SD = 0.000017
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


class HyperLogLog:
    """A mergeable HyperLogLog sketch with ``2**p`` (sparsely stored) registers."""

    def __init__(self, p: int):
        if not 4 <= p <= 40:
            raise ValueError(f"HyperLogLog precision must be between 4 and 40, got {p}")
        self.p = p
        self.registers: dict[int, int] = {}

    def add(self, x) -> None:
        self.add_hash(hash64(x))

    def add_hash(self, h: int) -> None:
        p = self.p
        index = h >> (64 - p)
        rest = h & ((1 << (64 - p)) - 1)
        rank = (64 - p) - rest.bit_length() + 1
        if self.registers.get(index, 0) < rank:
            self.registers[index] = rank

    def update(self, items) -> "HyperLogLog":
        for x in items:
            self.add(x)
        return self

    def merge(self, other: "HyperLogLog") -> "HyperLogLog":
        if other.p != self.p:
            raise ValueError(f"cannot merge sketches of precision {self.p} and {other.p}")
        regs = self.registers
        for i, r in other.registers.items():
            if regs.get(i, 0) < r:
                regs[i] = r
        return self

    def estimate(self) -> float:
        m = 1 << self.p
        empty = m - len(self.registers)
        harmonic = empty + sum(2.0 ** -r for r in self.registers.values())
        alpha = {16: 0.673, 32: 0.697, 64: 0.709}.get(m, 0.7213 / (1 + 1.079 / m))
        e = alpha * m * m / harmonic
        if e <= 2.5 * m and empty > 0:
            return m * math.log(m / empty)
        return e

    def cardinality(self) -> int:
        return int(round(self.estimate()))
