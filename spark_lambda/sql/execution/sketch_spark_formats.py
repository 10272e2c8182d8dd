"""The sketches whose bytes are Spark's own: bitmaps (``bitmap_*``: 4096 bytes, bit i of the
bitmap in byte i/8 at bit i%8) and count-min sketches (``count_min_sketch``: Spark's
``CountMinSketchImpl``, written as its ``writeTo`` writes it, big-endian: version 1, the total
count, depth, width, the depth hash multipliers drawn by ``java.util.Random(seed)``, then the
depth x width counters)."""

from __future__ import annotations

import math
import struct

from .spark_hash import murmur3_bytes

BITMAP_BITS = 32768
BITMAP_BYTES = BITMAP_BITS // 8
_M32, _M64 = (1 << 32) - 1, (1 << 64) - 1
_PRIME = (1 << 31) - 1


def bitmap_construct(positions) -> bytes:
    """The bitmap with the bits at ``positions`` (a numpy integer array) set, each in
    0..32767, else Spark's error."""
    import numpy as np
    p = np.asarray(positions, dtype=np.int64)
    bad = p[(p < 0) | (p >= BITMAP_BITS)]
    if len(bad):
        raise ValueError(f"[INVALID_BITMAP_POSITION] The 0-indexed bitmap position {bad[0]} "
                         f"is out of bounds. The bitmap has {BITMAP_BITS} bits "
                         f"({BITMAP_BYTES} bytes).")
    out = np.zeros(BITMAP_BYTES, dtype=np.uint8)
    np.bitwise_or.at(out, p >> 3, (1 << (p & 7)).astype(np.uint8))
    return out.tobytes()


def bitmap_combine(bitmaps, op: str) -> bytes:
    """The bitwise OR (from all zeros) or AND (from all ones) of ``bitmaps``, each read over
    its first 4096 bytes (a shorter one as if padded with zeros)."""
    acc = 0 if op == "or" else (1 << BITMAP_BITS) - 1
    for b in bitmaps:
        x = int.from_bytes(b[:BITMAP_BYTES], "little")
        acc = acc | x if op == "or" else acc & x
    return acc.to_bytes(BITMAP_BYTES, "little")


def bitmap_count(b: bytes) -> int:
    """The number of bits set."""
    return int.from_bytes(b, "little").bit_count()


# --- count-min sketch --------------------------------------------------------------------------
def _java_random_ints(seed: int, count: int) -> list:
    """``count`` values of ``new java.util.Random(seed).nextInt(Integer.MAX_VALUE)``."""
    mask = (1 << 48) - 1
    state = (seed ^ 0x5DEECE66D) & mask
    out = []
    bound = _PRIME

    def next31():
        nonlocal state
        state = (state * 0x5DEECE66D + 0xB) & mask
        return state >> 17
    while len(out) < count:
        u = next31()
        r = u % bound
        while u - r + (bound - 1) >= 1 << 31:    # Java's int overflow test: reject and redraw
            u = next31()
            r = u % bound
        out.append(r)
    return out


def _signed(x: int, bits: int) -> int:
    x &= (1 << bits) - 1
    return x - (1 << bits) if x >> (bits - 1) else x


class CountMinSketch:
    """Spark's count-min sketch for ``eps`` and ``confidence`` (checked by the analyzer)."""

    def __init__(self, eps: float, confidence: float, seed: int):
        self.width = int(math.ceil(2 / eps))
        self.depth = int(math.ceil(-math.log(1 - confidence) / math.log(2)))
        self.hash_a = _java_random_ints(_signed(seed, 32), self.depth)
        self.table = [[0] * self.width for _ in range(self.depth)]
        self.total = 0

    def add_all(self, items) -> None:
        """Count the items: a numpy integer array (counted at once) or a list of them,
        or of bytes (a string as its UTF-8 bytes)."""
        import numpy as np
        if isinstance(items, np.ndarray):
            x = items.astype(np.int64)
            self.total += len(x)
            with np.errstate(over="ignore"):
                for i in range(self.depth):
                    h = np.int64(self.hash_a[i]) * x
                    h = (h + (h >> np.int64(32))) & np.int64(_PRIME)
                    counts = np.bincount(h % self.width, minlength=self.width)
                    self.table[i] = [a + int(b) for a, b in zip(self.table[i], counts)]
            return
        for item in items:
            if isinstance(item, int):
                self.add_all(np.array([item], dtype=np.int64))
            else:
                self._add_bytes(item)

    def _add_bytes(self, item) -> None:
        self.total += 1
        b = item.encode("utf-8") if isinstance(item, str) else bytes(item)
        h1 = _signed(murmur3_bytes(b, 0), 32)
        h2 = _signed(murmur3_bytes(b, h1 & _M32), 32)
        for i in range(self.depth):
            combined = _signed(h1 + i * h2, 32)
            self.table[i][abs(int(math.fmod(combined, self.width)))] += 1

    def merge(self, data: bytes) -> None:
        """Add the counts of the sketch in ``data`` (of the same parameters)."""
        _, total, depth, width = struct.unpack_from(">iqii", data)
        self.total += total
        at = 20 + 8 * depth
        counts = struct.unpack_from(f">{depth * width}q", data, at)
        for i in range(depth):
            row = self.table[i]
            for j in range(width):
                row[j] += counts[i * width + j]

    def to_bytes(self) -> bytes:
        return (struct.pack(">iqii", 1, self.total, self.depth, self.width)
                + struct.pack(f">{self.depth}q", *self.hash_a)
                + struct.pack(f">{self.depth * self.width}q",
                              *(c for row in self.table for c in row)))


__all__ = ["bitmap_construct", "bitmap_combine", "bitmap_count", "CountMinSketch"]
