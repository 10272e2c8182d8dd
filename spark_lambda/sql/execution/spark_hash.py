"""Spark's hash functions, bit for bit: ``hash`` (Murmur3 x86_32, seed 42) and ``xxhash64``
(seed 42) over Spark's encoding of each type, chained over the columns with NULLs skipped.

Encodings: integers, dates (days) and booleans (1/0) as a 4-byte int; longs and timestamps
(microseconds) as an 8-byte long; floats by their int bits and doubles by their long bits
(-0.0 as 0.0, NaN canonical); strings and binaries by their bytes. Spark's Murmur3 mixes each
byte past the last 4-byte block on its own (sign-extended), unlike the reference algorithm.
"""

from __future__ import annotations

import struct

from ..types import (BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType,
                     FloatType, IntegerType, LongType, ShortType, TimestampNTZType,
                     TimestampType)

SEED = 42
_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF


def type_code(t) -> str:
    """One letter telling how a value of Spark type ``t`` is hashed."""
    if isinstance(t, (IntegerType, ShortType, ByteType)):
        return "i"
    if isinstance(t, LongType):
        return "l"
    if isinstance(t, BooleanType):
        return "b"
    if isinstance(t, DateType):
        return "d"
    if isinstance(t, (TimestampType, TimestampNTZType)):
        return "t"
    if isinstance(t, FloatType):
        return "f"
    if isinstance(t, DoubleType):
        return "g"
    if isinstance(t, BinaryType):
        return "y"
    if isinstance(t, DecimalType):
        return "v"
    return "s"


# --- Murmur3 x86_32 -------------------------------------------------------------------------
def _rotl32(x, r):
    return ((x << r) | (x >> (32 - r))) & _M32


def _mix_k1(k1):
    k1 = (k1 * 0xCC9E2D51) & _M32
    return (_rotl32(k1, 15) * 0x1B873593) & _M32


def _mix_h1(h1, k1):
    h1 = _rotl32(h1 ^ k1, 13)
    return (h1 * 5 + 0xE6546B64) & _M32


def _fmix32(h1, length):
    h1 ^= length
    h1 ^= h1 >> 16
    h1 = (h1 * 0x85EBCA6B) & _M32
    h1 ^= h1 >> 13
    h1 = (h1 * 0xC2B2AE35) & _M32
    return h1 ^ (h1 >> 16)


def murmur3_int(v: int, seed: int) -> int:
    """Spark's ``hashInt`` (unsigned 32-bit result)."""
    return _fmix32(_mix_h1(seed, _mix_k1(v & _M32)), 4)


def murmur3_long(v: int, seed: int) -> int:
    """Spark's ``hashLong``."""
    v &= _M64
    h1 = _mix_h1(seed, _mix_k1(v & _M32))
    h1 = _mix_h1(h1, _mix_k1(v >> 32))
    return _fmix32(h1, 8)


def murmur3_bytes(b: bytes, seed: int) -> int:
    """Spark's ``hashUnsafeBytes``."""
    n = len(b)
    aligned = n - n % 4
    h1 = seed
    for i in range(0, aligned, 4):
        h1 = _mix_h1(h1, _mix_k1(int.from_bytes(b[i:i + 4], "little")))
    for i in range(aligned, n):
        byte = b[i] - 256 if b[i] > 127 else b[i]
        h1 = _mix_h1(h1, _mix_k1(byte & _M32))
    return _fmix32(h1, n)


# --- xxHash64 -------------------------------------------------------------------------------
_P1, _P2, _P3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
_P4, _P5 = 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5


def _rotl64(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _fmix64(h):
    h ^= h >> 33
    h = (h * _P2) & _M64
    h ^= h >> 29
    h = (h * _P3) & _M64
    return h ^ (h >> 32)


def xxhash64_int(v: int, seed: int) -> int:
    """Spark's XXH64 ``hashInt``."""
    h = (seed + _P5 + 4) & _M64
    h ^= ((v & _M32) * _P1) & _M64
    h = (_rotl64(h, 23) * _P2 + _P3) & _M64
    return _fmix64(h)


def _round_long(h, k):
    h ^= (_rotl64((k * _P2) & _M64, 31) * _P1) & _M64
    return (_rotl64(h, 27) * _P1 + _P4) & _M64


def xxhash64_long(v: int, seed: int) -> int:
    """Spark's XXH64 ``hashLong``."""
    h = (seed + _P5 + 8) & _M64
    return _fmix64(_round_long(h, v & _M64))


def xxhash64_bytes(b: bytes, seed: int) -> int:
    """Spark's XXH64 ``hashUnsafeBytes``."""
    n, off = len(b), 0
    if n >= 32:
        v = [(seed + _P1 + _P2) & _M64, (seed + _P2) & _M64, seed & _M64, (seed - _P1) & _M64]
        while off <= n - 32:
            for j in range(4):
                k = int.from_bytes(b[off + 8 * j:off + 8 * j + 8], "little")
                v[j] = (_rotl64((v[j] + k * _P2) & _M64, 31) * _P1) & _M64
            off += 32
        h = (_rotl64(v[0], 1) + _rotl64(v[1], 7) + _rotl64(v[2], 12) + _rotl64(v[3], 18)) & _M64
        for x in v:
            h ^= (_rotl64((x * _P2) & _M64, 31) * _P1) & _M64
            h = (h * _P1 + _P4) & _M64
    else:
        h = (seed + _P5) & _M64
    h = (h + n) & _M64
    while off <= n - 8:
        h = _round_long(h, int.from_bytes(b[off:off + 8], "little"))
        off += 8
    if off <= n - 4:
        h ^= (int.from_bytes(b[off:off + 4], "little") * _P1) & _M64
        h = (_rotl64(h, 23) * _P2 + _P3) & _M64
        off += 4
    while off < n:
        h ^= (b[off] * _P5) & _M64
        h = (_rotl64(h, 11) * _P1) & _M64
        off += 1
    return _fmix64(h)


# --- values as Spark encodes them ---------------------------------------------------------------
def _double_bits(x: float) -> int:
    if x != x:
        return 0x7FF8000000000000
    if x == 0.0:
        x = 0.0
    return struct.unpack("<q", struct.pack("<d", x))[0]


def _float_bits(x: float) -> int:
    if x != x:
        return 0x7FC00000
    if x == 0.0:
        x = 0.0
    return struct.unpack("<i", struct.pack("<f", x))[0]


def _hash_one(code: str, text: str, seed: int, fns) -> int:
    h_int, h_long, h_bytes = fns
    if code in ("i", "b", "d"):
        return h_int(int(text), seed)
    if code in ("l", "t"):
        return h_long(int(text), seed)
    if code == "g":
        return h_long(_double_bits(float(text)), seed)
    if code == "f":
        return h_int(_float_bits(float(text)), seed)
    if code == "y":
        return h_bytes(bytes.fromhex(text), seed)
    if code == "v":
        import decimal
        d = decimal.Decimal(text)
        unscaled = int(d.scaleb(-d.as_tuple().exponent))
        return h_long(unscaled, seed)
    return h_bytes(text.encode("utf-8"), seed)


def spark_hash(codes: list, values: list, xx: bool = False) -> int:
    """``hash(...)`` (or ``xxhash64(...)``) of one row: ``values`` as text, ``codes`` from
    ``type_code``; the result signed as Spark's INT (or BIGINT)."""
    fns = (xxhash64_int, xxhash64_long, xxhash64_bytes) if xx else \
        (murmur3_int, murmur3_long, murmur3_bytes)
    seed = SEED
    for code, text in zip(codes, values):
        if text is not None:
            seed = _hash_one(code, text, seed, fns)
    if xx:
        return seed - (1 << 64) if seed >= 1 << 63 else seed
    return seed - (1 << 32) if seed >= 1 << 31 else seed
