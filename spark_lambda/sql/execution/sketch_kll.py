"""KLL quantile sketches (``kll_*``) of BIGINT, DOUBLE or FLOAT items.

Level h holds items that each stand for 2^h inputs. Level 0 takes the inputs; when the sketch
holds more than its capacity, the lowest level over its own capacity (k at the top, shrinking
by 2/3 per level below, at least 8) is sorted and every other item (alternately the odd and
the even ones) moves up a level, the rest dropped: the KLL compaction. Until the first
compaction the sketch holds every item, so ranks and quantiles are exact, as Spark's are on
such inputs. Ranks and quantiles are read with the inclusive criterion, as Spark reads them:
rank(x) is the weight of the items <= x over n; quantile(r) the smallest item whose
cumulative weight reaches ceil(r * n). The smallest and largest items are kept apart, so
quantile(0) and quantile(1) are exact.

Bytes (little-endian): ``b"SK"``, family ``K``, version 1, kind (0 BIGINT, 1 DOUBLE, 2 FLOAT),
k (u16), n (u64), the level count L (u8), then min and max (when n > 0), then per level its
item count (u32) and its items (i64, f64 or f32).
"""

from __future__ import annotations

import math
import struct

from .sketch_theta import SketchError

_HEADER = struct.Struct("<2sBBBHQB")
BIGINT, DOUBLE, FLOAT = 0, 1, 2
_CODES = {BIGINT: "q", DOUBLE: "d", FLOAT: "f"}
NAMES = {BIGINT: "Longs", DOUBLE: "Doubles", FLOAT: "Floats"}
MIN_K, MAX_K, DEFAULT_K = 8, 65535, 200


class Kll:
    """A KLL sketch: ``levels[h]`` the items of weight 2^h."""

    def __init__(self, kind: int, k: int = DEFAULT_K):
        self.kind, self.k = kind, k
        self.n = 0
        self.levels: list = [[]]
        self.min = self.max = None
        self._flip = 0

    def _capacity(self, h: int) -> int:
        depth = len(self.levels) - 1 - h
        return max(MIN_K, int(math.ceil(self.k * (2.0 / 3.0) ** depth)))

    def _total_capacity(self) -> int:
        return sum(self._capacity(h) for h in range(len(self.levels)))

    def extend(self, xs) -> None:
        """Count the items ``xs`` (a list or a numpy array)."""
        import numpy as np
        if len(xs) == 0:
            return
        xs = np.asarray(xs)
        self.n += len(xs)
        lo, hi = xs.min().item(), xs.max().item()
        self.min = lo if self.min is None or lo < self.min else self.min
        self.max = hi if self.max is None or hi > self.max else self.max
        self.levels[0] = np.concatenate([np.asarray(self.levels[0], dtype=xs.dtype), xs])
        self._compress()
        if isinstance(self.levels[0], np.ndarray):
            self.levels[0] = self.levels[0].tolist()

    def _compress(self) -> None:
        """Compact the lowest level over its capacity until the sketch is within its own."""
        import numpy as np
        while self.retained() > self._total_capacity():
            h = next(h for h in range(len(self.levels))
                     if len(self.levels[h]) >= self._capacity(h))
            if h + 1 == len(self.levels):
                self.levels.append([])
            items = np.sort(np.array(self.levels[h]))
            odd = len(items) % 2
            self._flip ^= 1
            self.levels[h] = items[len(items) - odd:].tolist()
            self.levels[h + 1].extend(items[self._flip:len(items) - odd:2].tolist())

    def merge(self, other: "Kll") -> None:
        """Add ``other``'s items (at their weights) into this sketch."""
        if other.n == 0:
            return
        self.n += other.n
        self.min = other.min if self.min is None or other.min < self.min else self.min
        self.max = other.max if self.max is None or other.max > self.max else self.max
        while len(self.levels) < len(other.levels):
            self.levels.append([])
        for h, items in enumerate(other.levels):
            self.levels[h].extend(items)
        self._compress()

    def _weighted(self) -> list:
        return sorted((x, 1 << h) for h, lv in enumerate(self.levels) for x in lv)

    def rank(self, x) -> float:
        """The fraction of the inputs at most ``x``."""
        return sum(w for y, w in self._weighted() if y <= x) / self.n

    def quantile(self, r: float):
        """The smallest item whose inclusive rank reaches ``r``."""
        if r <= 0.0:
            return self.min
        if r >= 1.0:
            return self.max
        target = math.ceil(r * self.n)
        total = 0
        for y, w in self._weighted():
            total += w
            if total >= target:
                return y
        return self.max

    def retained(self) -> int:
        return sum(len(lv) for lv in self.levels)

    def describe(self) -> str:
        """A summary of the sketch, as DataSketches' ``toString`` gives one."""
        lines = [f"### Kll{NAMES[self.kind]}Sketch Summary:",
                 f"   K                      : {self.k}",
                 f"   N                      : {self.n}",
                 f"   Empty                  : {str(self.n == 0).lower()}",
                 f"   Estimation Mode        : {str(len(self.levels) > 1).lower()}",
                 f"   Levels                 : {len(self.levels)}",
                 f"   Retained Items         : {self.retained()}"]
        if self.n:
            lines += [f"   Min Item               : {self.min}",
                      f"   Max Item               : {self.max}"]
        return "\n" + "\n".join(lines + ["### End sketch summary", ""])

    def to_bytes(self) -> bytes:
        code = _CODES[self.kind]
        out = [_HEADER.pack(b"SK", ord("K"), 1, self.kind, self.k, self.n, len(self.levels))]
        if self.n:
            out.append(struct.pack(f"<2{code}", self.min, self.max))
        for lv in self.levels:
            out.append(struct.pack(f"<I{len(lv)}{code}", len(lv), *lv))
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes, error: str) -> "Kll":
        """The sketch in ``data``; ``error`` raised when it is none."""
        try:
            magic, family, version, kind, k, n, nlevels = _HEADER.unpack_from(data)
            if magic != b"SK" or family != ord("K") or version != 1 or kind not in _CODES \
                    or nlevels < 1:
                raise SketchError(error)
            code = _CODES[kind]
            size = struct.calcsize(code)
            out = cls(kind, k)
            out.n, at = n, _HEADER.size
            if n:
                out.min, out.max = struct.unpack_from(f"<2{code}", data, at)
                at += 2 * size
            out.levels = []
            for _ in range(nlevels):
                (count,) = struct.unpack_from("<I", data, at)
                out.levels.append(list(struct.unpack_from(f"<{count}{code}", data, at + 4)))
                at += 4 + count * size
            if at != len(data):
                raise SketchError(error)
            return out
        except struct.error:
            raise SketchError(error) from None
