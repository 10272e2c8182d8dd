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


_M64 = (1 << 64) - 1
_GOLD = 0x9E3779B97F4A7C15
_TAG = 0x243F6A8885A308D3
_NAN_BITS = 0x7FF8000000000000


def _mix(z: int) -> int:
    """SplitMix64's finalizer: a bijection of 64-bit words that spreads every input bit."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _word_hash(u: int) -> int:
    """The hash of 8 bytes read as a little-endian word."""
    return _mix(((u ^ _TAG) * _GOLD) & _M64)


def _double_bits(v: float) -> int:
    if math.isnan(v):
        return _NAN_BITS
    return struct.unpack("<Q", struct.pack("<d", 0.0 if v == 0.0 else v))[0]


def item_hash(v, int_elements: bool = False) -> int | None:
    """The 64-bit hash of an item as the sketches count it: the hash of its bytes, as Spark's
    sketches hash them: an integer of any width as 8 little-endian bytes, FLOAT and DOUBLE as
    the DOUBLE's bits (-0.0 as 0.0, one NaN), STRING as its UTF-8 bytes (so as the same
    BINARY), an array as its elements' bytes (4 each for ARRAY<INT>, ``int_elements``, 8 for
    ARRAY<BIGINT>; a NULL element as 0). Bytes of any content collide alike, as in Spark:
    ``array(1, 2)`` counts as the BIGINT 8589934593. None (not counted) for NULL, empty
    strings and empty arrays. 8 bytes are mixed arithmetically (``hash_array`` does so for a
    whole array of numbers at once), other lengths hashed by BLAKE2b."""
    if v is None:
        return None
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, int):
        return _word_hash(v & _M64)
    if isinstance(v, float):
        return _word_hash(_double_bits(v))
    if isinstance(v, str):
        data = v.encode("utf-8")
    elif isinstance(v, (bytes, bytearray)):
        data = bytes(v)
    elif isinstance(v, (list, tuple)):
        code = "<i" if int_elements else "<q"
        data = b"".join(struct.pack(code, 0 if x is None else x) for x in v)
    else:
        raise TypeError(f"cannot hash {type(v).__name__}")
    if not data:
        return None
    if len(data) == 8:
        return _word_hash(int.from_bytes(data, "little"))
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def hash_array(values, with_mask: bool = False, int_elements: bool = False):
    """The ``item_hash`` of each item, as a numpy ``uint64`` array without the items not
    counted (and, ``with_mask``, the mask of those counted): ``values`` a numpy array of
    integers or floats (hashed at once) or a list (arrays: of INT with ``int_elements``)."""
    import numpy as np
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        hashes = _hash_numbers(values)
        return (hashes, np.ones(len(hashes), dtype=bool)) if with_mask else hashes
    hashes = [item_hash(v, int_elements) for v in values]
    mask = np.array([h is not None for h in hashes], dtype=bool)
    out = np.array([h for h in hashes if h is not None], dtype=np.uint64)
    return (out, mask) if with_mask else out


def _hash_numbers(values):
    import numpy as np
    with np.errstate(over="ignore"):
        if values.dtype.kind == "f":
            x = values.astype(np.float64)
            x[x == 0.0] = 0.0
            bits = x.view(np.uint64).copy()
            bits[np.isnan(x)] = _NAN_BITS
            z = (bits ^ np.uint64(_TAG)) * np.uint64(_GOLD)
        else:
            z = (values.astype(np.int64).view(np.uint64) ^ np.uint64(_TAG)) \
                * np.uint64(_GOLD)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


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


def unique(a, inverse: bool = False):
    """The sorted distinct values of a numpy array (and, ``inverse``, the index of each value
    among them): by a sort, several times faster than ``np.unique`` on 64-bit words."""
    import numpy as np
    order = np.argsort(a, kind="stable") if inverse else None
    s = a[order] if inverse else np.sort(a)
    first = np.ones(len(s), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    if not inverse:
        return s[first]
    index = np.empty(len(a), dtype=np.int64)
    index[order] = np.cumsum(first) - 1
    return s[first], index


def build(hashes, lg: int, kind: int = THETA, values=None, mode: str = "sum") -> Theta:
    """The sketch of the items hashed to ``hashes`` (numpy ``uint64``), for a tuple sketch
    with their summaries ``values`` (a numpy array in the same order) merged per ``mode``."""
    import numpy as np
    if kind == THETA:
        keys = unique(hashes >> np.uint64(1))
        return Theta(lg, kind, ONE, dict.fromkeys(keys[:(1 << lg) + 1].tolist())).trim()
    keys, inverse = unique(hashes >> np.uint64(1), inverse=True)
    if mode == "alwaysone":
        summaries = [identity(mode, kind)] * len(keys)
    else:
        dtype = np.int64 if kind == TUPLE_INT else np.float64
        acc = np.full(len(keys), identity(mode, kind), dtype=dtype)
        ufunc = {"sum": np.add, "min": np.minimum, "max": np.maximum}[mode]
        ufunc.at(acc, inverse, np.asarray(values, dtype=dtype))
        if kind == TUPLE_INT and mode == "sum":     # Java int arithmetic
            acc = ((acc + 2 ** 31) % 2 ** 32) - 2 ** 31
        summaries = acc.tolist()
    return Theta(lg, kind, ONE, dict(zip(keys.tolist(), summaries))).trim()


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
