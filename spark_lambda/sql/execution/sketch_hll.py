"""HyperLogLog sketches (``hll_*``) of 2^lgConfigK registers.

A sketch first keeps the distinct items' 64-bit hashes themselves (``item_hash``), so its
estimate is exact while they are few (up to K/8, at least 16: what the list and set modes
of Spark's DataSketches sketches give on such inputs); beyond, it turns into K one-byte
registers (the top lgK bits of a hash pick the register, which keeps the largest rank: one
plus the leading zeros of the remaining bits) estimated as HyperLogLog does, with linear
counting while registers are empty.

Bytes (little-endian): ``b"SK"``, family ``H``, version 1, lgK, mode (0 hashes, 1 registers),
then the count n (u32) and n sorted hashes (u64), or the K registers.
"""

from __future__ import annotations

import math
import struct

from .sketch_theta import SketchError

_HEADER = struct.Struct("<2sBBBB")
MIN_LG_K, MAX_LG_K = 4, 21


class Hll:
    """An HLL sketch: ``hashes`` (a set) until it grows past its list size, then
    ``registers`` (a bytearray of 2^lg)."""

    def __init__(self, lg: int, hashes=None, registers=None):
        self.lg = lg
        self.hashes = set() if hashes is None and registers is None else hashes
        self.registers = registers

    def list_size(self) -> int:
        return max(16, (1 << self.lg) // 8)

    def update(self, h: int) -> None:
        """Count an item by its 64-bit hash."""
        if self.registers is not None:
            self._set(h)
            return
        self.hashes.add(h)
        if len(self.hashes) > self.list_size():
            self._to_registers()

    def _set(self, h: int) -> None:
        lg = self.lg
        idx = h >> (64 - lg)
        rest = h & ((1 << (64 - lg)) - 1)
        rank = (64 - lg) - rest.bit_length() + 1
        if rank > self.registers[idx]:
            self.registers[idx] = rank

    def _to_registers(self) -> None:
        self.registers = bytearray(1 << self.lg)
        for h in self.hashes:
            self._set(h)
        self.hashes = None

    def estimate(self) -> float:
        """The estimated number of distinct items."""
        if self.registers is None:
            return float(len(self.hashes))
        m = len(self.registers)
        alpha = {16: 0.673, 32: 0.697, 64: 0.709}.get(m, 0.7213 / (1 + 1.079 / m))
        raw = alpha * m * m / sum(2.0 ** -r for r in self.registers)
        zeros = self.registers.count(0)
        if raw <= 2.5 * m and zeros:
            return m * math.log(m / zeros)
        return raw

    def folded(self, lg: int) -> "Hll":
        """This sketch with ``lg`` (not above its own) registers' bits."""
        if lg == self.lg:
            return self
        out = Hll(lg)
        if self.registers is None:
            for h in self.hashes:
                out.update(h)
            return out
        out.hashes, out.registers = None, bytearray(1 << lg)
        d = self.lg - lg
        for i, r in enumerate(self.registers):
            if r:
                low = i & ((1 << d) - 1)
                rank = (d - low.bit_length() + 1) if low else d + r
                j = i >> d
                if rank > out.registers[j]:
                    out.registers[j] = rank
        return out

    def merge(self, other: "Hll") -> None:
        """Add ``other`` (of the same lg) into this sketch."""
        if other.registers is None:
            for h in other.hashes:
                self.update(h)
            return
        if self.registers is None:
            self._to_registers()
        self.registers = bytearray(max(a, b) for a, b in zip(self.registers, other.registers))

    def to_bytes(self) -> bytes:
        if self.registers is None:
            keys = sorted(self.hashes)
            return (_HEADER.pack(b"SK", ord("H"), 1, self.lg, 0) + struct.pack("<I", len(keys))
                    + struct.pack(f"<{len(keys)}Q", *keys))
        return _HEADER.pack(b"SK", ord("H"), 1, self.lg, 1) + bytes(self.registers)

    @classmethod
    def from_bytes(cls, data: bytes, error: str) -> "Hll":
        """The sketch in ``data``; ``error`` raised when it is none."""
        try:
            magic, family, version, lg, mode = _HEADER.unpack_from(data)
            if magic != b"SK" or family != ord("H") or version != 1 or \
                    not MIN_LG_K <= lg <= MAX_LG_K:
                raise SketchError(error)
            if mode == 1 and len(data) == _HEADER.size + (1 << lg):
                return cls(lg, registers=bytearray(data[_HEADER.size:]))
            (n,) = struct.unpack_from("<I", data, _HEADER.size)
            if mode != 0 or len(data) != _HEADER.size + 4 + 8 * n:
                raise SketchError(error)
            return cls(lg, hashes=set(struct.unpack_from(f"<{n}Q", data, _HEADER.size + 4)))
        except struct.error:
            raise SketchError(error) from None


def union(sketches: list, lg: int | None = None) -> Hll:
    """The union of ``sketches`` at ``lg`` (default: the smallest of theirs)."""
    lg = min((s.lg for s in sketches), default=12) if lg is None else lg
    out = Hll(lg)
    for s in sketches:
        out.merge(s.folded(lg))
    return out
