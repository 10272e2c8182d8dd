"""Theta and tuple sketches (``theta_*``, ``tuple_*``): the k smallest 63-bit hashes of the
distinct items seen (k = 2^lgNomEntries), below a threshold theta; a tuple sketch keeps a
summary value per hash (a double, or a Java int), combined per mode (``sum``, ``min``,
``max``, ``alwaysone``).

While fewer than k distinct items were seen theta is 1.0 and the sketch holds every hash, so
estimates, unions, intersections and differences are exact there, as in Spark. Beyond, the
estimate is retained / theta (the KMV estimator that DataSketches' theta sketch uses).

Bytes (little-endian): ``b"SK"``, family ``T``, version 1, kind (0 theta, 1 tuple of doubles,
2 tuple of ints), lgNomEntries, theta (u64, 2^63 is 1.0), the count n (u32), n sorted hashes
(u64) and, for a tuple sketch, n summaries (f64 or i64). The item hashing is shared with
``sketch_hll``: ``item_hash``.
"""

from __future__ import annotations

import hashlib
import math
import struct

ONE = 1 << 63                  # theta 1.0
_HEADER = struct.Struct("<2sBBBBQI")
THETA, TUPLE_DOUBLE, TUPLE_INT = 0, 1, 2
MODES = ("sum", "min", "max", "alwaysone")
_INT_MAX, _INT_MIN = 2 ** 31 - 1, -2 ** 31


class SketchError(ValueError):
    """Bytes that are not a sketch of the kind asked for (the message names Spark's class)."""


def item_hash(v) -> int | None:
    """The 64-bit hash of an item as the sketches count it: integers of any width alike,
    FLOAT and DOUBLE alike (-0.0 as 0.0), STRING as its UTF-8 bytes (so as the same BINARY),
    arrays of integers by their elements; None (not counted) for NULL and empty strings."""
    if v is None:
        return None
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, int):
        data = b"i" + struct.pack("<q", v)
    elif isinstance(v, float):
        if v == 0.0:
            v = 0.0
        data = b"d" + (b"nan" if math.isnan(v) else struct.pack("<d", v))
    elif isinstance(v, str):
        if not v:
            return None
        data = b"s" + v.encode("utf-8")
    elif isinstance(v, (bytes, bytearray)):
        if not v:
            return None
        data = b"s" + bytes(v)
    elif isinstance(v, (list, tuple)):
        if not v:
            return None
        data = b"a" + struct.pack(f"<{len(v)}q", *v)
    else:
        raise TypeError(f"cannot hash {type(v).__name__}")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def combine(mode: str, kind: int):
    """The function merging two summaries of one hash under ``mode``."""
    if mode == "alwaysone":
        return lambda a, b: 1 if kind == TUPLE_INT else 1.0
    if mode == "min":
        return min
    if mode == "max":
        return max
    if kind == TUPLE_INT:
        return lambda a, b: ((a + b + 2 ** 31) % 2 ** 32) - 2 ** 31   # Java int arithmetic
    return lambda a, b: a + b


def identity(mode: str, kind: int):
    """The summary a hash starts with (and a theta sketch's hashes get in a tuple operation)."""
    if kind == TUPLE_INT:
        return {"sum": 0, "min": _INT_MAX, "max": _INT_MIN, "alwaysone": 1}[mode]
    return {"sum": 0.0, "min": math.inf, "max": -math.inf, "alwaysone": 1.0}[mode]


class Theta:
    """A theta (``kind`` THETA) or tuple sketch: ``entries`` maps each retained hash to its
    summary (None in a theta sketch)."""

    def __init__(self, lg: int, kind: int = THETA, theta: int = ONE, entries=None):
        self.lg, self.kind, self.theta = lg, kind, theta
        self.entries = {} if entries is None else entries

    # --- building ---------------------------------------------------------------------------
    def update(self, h: int, value=None, merge=None) -> None:
        """Count a hashed item (with its summary ``value``, merged by ``merge``)."""
        h >>= 1
        if h >= self.theta:
            return
        old = self.entries.get(h, _MISSING)
        self.entries[h] = value if old is _MISSING or merge is None else merge(old, value)
        if len(self.entries) > 2 << self.lg:
            self.trim()

    def trim(self) -> "Theta":
        """Keep the k smallest hashes (theta becomes the next one)."""
        k = 1 << self.lg
        if len(self.entries) > k:
            keys = sorted(self.entries)
            self.theta = keys[k]
            self.entries = {h: self.entries[h] for h in keys[:k]}
        return self

    # --- reading ----------------------------------------------------------------------------
    def estimate(self) -> float:
        """The estimated number of distinct items."""
        if self.theta == ONE:
            return float(len(self.entries))
        return len(self.entries) / (self.theta / ONE)

    def theta_fraction(self) -> float:
        """Theta as a fraction of the hash space."""
        return self.theta / ONE

    def summary(self, mode: str):
        """The entries' summaries aggregated under ``mode`` (``alwaysone``: their count)."""
        values = list(self.entries.values())
        if mode == "alwaysone":
            return len(values) if self.kind == TUPLE_INT else float(len(values))
        if not values:
            return 0 if self.kind == TUPLE_INT else 0.0
        return {"sum": sum, "min": min, "max": max}[mode](values)

    # --- bytes ------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        keys = sorted(self.entries)
        out = [_HEADER.pack(b"SK", ord("T"), 1, self.kind, self.lg, self.theta, len(keys)),
               struct.pack(f"<{len(keys)}Q", *keys)]
        if self.kind != THETA:
            code = "d" if self.kind == TUPLE_DOUBLE else "q"
            out.append(struct.pack(f"<{len(keys)}{code}", *(self.entries[h] for h in keys)))
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes, kinds: tuple, error: str) -> "Theta":
        """The sketch in ``data``, which must be of one of ``kinds``; else ``error`` raised."""
        try:
            magic, family, version, kind, lg, theta, n = _HEADER.unpack_from(data)
            if magic != b"SK" or family != ord("T") or version != 1 or kind not in kinds:
                raise SketchError(error)
            keys = struct.unpack_from(f"<{n}Q", data, _HEADER.size)
            end = _HEADER.size + 8 * n
            if kind == THETA:
                values = [None] * n
            else:
                values = struct.unpack_from(f"<{n}{'d' if kind == TUPLE_DOUBLE else 'q'}",
                                            data, end)
                end += 8 * n
            if end != len(data):
                raise SketchError(error)
        except struct.error:
            raise SketchError(error) from None
        return cls(lg, kind, theta, dict(zip(keys, values)))


_MISSING = object()


def _with_summaries(s: Theta, kind: int, mode: str) -> dict:
    """``s``'s entries as a tuple sketch of ``kind`` would hold them."""
    if s.kind == THETA and kind != THETA:
        start = identity(mode, kind)
        return {h: start for h in s.entries}
    return s.entries


def union(sketches: list, lg: int, kind: int = THETA, mode: str = "sum") -> Theta:
    """The union of ``sketches`` (theta sketches among tuple ones give the mode's identity)."""
    theta = min((s.theta for s in sketches), default=ONE)
    merge = combine(mode, kind) if kind != THETA else None
    out: dict = {}
    for s in sketches:
        for h, v in _with_summaries(s, kind, mode).items():
            if h < theta:
                out[h] = merge(out[h], v) if merge is not None and h in out else v
    return Theta(lg, kind, theta, out).trim()


def intersection(sketches: list, kind: int = THETA, mode: str = "sum") -> Theta:
    """The hashes every sketch holds (below the smallest theta), summaries merged by mode."""
    lg = max((s.lg for s in sketches), default=12)
    if not sketches:
        return Theta(lg, kind)
    theta = min(s.theta for s in sketches)
    merge = combine(mode, kind) if kind != THETA else None
    tables = [_with_summaries(s, kind, mode) for s in sketches]
    out = {}
    for h, v in tables[0].items():
        if h < theta and all(h in t for t in tables[1:]):
            for t in tables[1:]:
                v = merge(v, t[h]) if merge is not None else v
            out[h] = v
    return Theta(lg, kind, theta, out)


def difference(a: Theta, b: Theta) -> Theta:
    """The hashes of ``a`` that ``b`` lacks (below the smaller theta), with ``a``'s summaries."""
    theta = min(a.theta, b.theta)
    return Theta(a.lg, a.kind, theta,
                 {h: v for h, v in a.entries.items() if h < theta and h not in b.entries})
