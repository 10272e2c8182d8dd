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

from .sketch_theta import SketchError, unique

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

    def update_many(self, hashes) -> None:
        """Count items by their 64-bit hashes (a numpy ``uint64`` array)."""
        import numpy as np
        if self.registers is None:
            hashes = unique(hashes)
            if len(self.hashes) + len(hashes) <= self.list_size():
                self.hashes.update(hashes.tolist())
                return
            self._to_registers()
        lg = self.lg
        idx = (hashes >> np.uint64(64 - lg)).astype(np.int64)
        rest = hashes & np.uint64((1 << (64 - lg)) - 1)
        rank = (64 - lg) - _bit_length(rest) + 1
        registers = np.frombuffer(self.registers, dtype=np.uint8).copy()
        np.maximum.at(registers, idx, rank.astype(np.uint8))
        self.registers = bytearray(registers.tobytes())

    def update(self, h: int) -> None:
        """Count an item by its 64-bit hash."""
        import numpy as np
        self.update_many(np.array([h], dtype=np.uint64))

    def _to_registers(self) -> None:
        import numpy as np
        hashes = np.array(sorted(self.hashes), dtype=np.uint64)
        self.registers, self.hashes = bytearray(1 << self.lg), None
        self.update_many(hashes)

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


def _bit_length(x):
    """The bit length of each value of a numpy ``uint64`` array (exact: by 32-bit halves)."""
    import numpy as np
    hi = (x >> np.uint64(32)).astype(np.float64)
    lo = (x & np.uint64(0xFFFFFFFF)).astype(np.float64)
    return np.where(hi > 0, 32 + np.frexp(hi)[1], np.frexp(lo)[1]).astype(np.int64)


def union(sketches: list, lg: int | None = None) -> Hll:
    """The union of ``sketches`` at ``lg`` (default: the smallest of theirs)."""
    lg = min((s.lg for s in sketches), default=12) if lg is None else lg
    out = Hll(lg)
    for s in sketches:
        out.merge(s.folded(lg))
    return out
