"""Compressing event logs as Spark does, so its History Server can read them.

Called by ``eventlog`` when ``spark.eventLog.compress`` is on (writing) and for
any log whose name ends in a codec's short name (reading). Spark names a
compressed log ``<app id>.<codec>`` and picks the codec from that suffix.

* ``lz4``: the block stream of the lz4-java library that Spark uses (not the LZ4
  frame format). Each block is the magic ``LZ4Block``, a token (method: 0x10
  stored, 0x20 LZ4; low bits: log2(block size) - 10), the compressed and the
  original length and a checksum (xxHash32 of the original bytes, seed
  0x9747b28c, cut to 28 bits), all little-endian, then the bytes; a block that
  does not shrink is stored. An empty stored block ends the stream. Blocks are
  32 KiB, Spark's ``spark.io.compression.lz4.blockSize``.
* ``zstd``: one standard Zstandard frame (Spark's zstd-jni stream reads those);
  needs the ``zstandard`` package.
"""

from __future__ import annotations

import struct

import lz4.block

from ..errors import ConfigurationError

MAGIC = b"LZ4Block"
HEADER = struct.Struct("<8sBiii")
BLOCK = 32 * 1024
LEVEL = BLOCK.bit_length() - 1 - 10
STORED, LZ4 = 0x10, 0x20
SEED = 0x9747B28C
CODECS = ("lz4", "zstd")

_P1, _P2, _P3, _P4, _P5 = 2654435761, 2246822519, 3266489917, 668265263, 374761393
_M = 0xFFFFFFFF


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _M


def xxh32(data: bytes, seed: int = 0) -> int:
    """The 32-bit xxHash of ``data`` (the published algorithm, in Python)."""
    n, i = len(data), 0
    if n >= 16:
        v = [(seed + _P1 + _P2) & _M, (seed + _P2) & _M, seed & _M, (seed - _P1) & _M]
        words = struct.unpack_from(f"<{(n // 16) * 4}I", data)
        for j in range(0, len(words), 4):
            for k in range(4):
                v[k] = (_rotl((v[k] + words[j + k] * _P2) & _M, 13) * _P1) & _M
        i = (n // 16) * 16
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & _M
    else:
        h = (seed + _P5) & _M
    h = (h + n) & _M
    while i + 4 <= n:
        h = (_rotl((h + struct.unpack_from("<I", data, i)[0] * _P3) & _M, 17) * _P4) & _M
        i += 4
    while i < n:
        h = (_rotl((h + data[i] * _P5) & _M, 11) * _P1) & _M
        i += 1
    h ^= h >> 15
    h = (h * _P2) & _M
    h ^= h >> 13
    h = (h * _P3) & _M
    return h ^ (h >> 16)


def _checksum(data: bytes) -> int:
    return xxh32(data, SEED) & 0xFFFFFFF


def lz4_compress(data: bytes) -> bytes:
    """``data`` as an lz4-java block stream (see the module docstring)."""
    out = []
    for start in range(0, len(data), BLOCK):
        block = data[start:start + BLOCK]
        packed = lz4.block.compress(block, store_size=False)
        method, body = (LZ4, packed) if len(packed) < len(block) else (STORED, block)
        out.append(HEADER.pack(MAGIC, method | LEVEL, len(body), len(block), _checksum(block)) + body)
    out.append(HEADER.pack(MAGIC, STORED | LEVEL, 0, 0, 0))
    return b"".join(out)


def lz4_decompress(data: bytes) -> bytes:
    """The bytes of an lz4-java block stream (every stream in ``data``, one after another)."""
    out, i = [], 0
    while i + HEADER.size <= len(data):
        magic, token, packed, size, check = HEADER.unpack_from(data, i)
        if magic != MAGIC:
            raise ValueError(f"not an LZ4 block stream at byte {i}")
        i += HEADER.size
        body = data[i:i + packed]
        i += packed
        if size == 0:
            continue
        block = lz4.block.decompress(body, uncompressed_size=size) if token & 0xF0 == LZ4 else body
        if _checksum(block) != check:
            raise ValueError(f"LZ4 block checksum mismatch before byte {i}")
        out.append(block)
    return b"".join(out)


def _zstandard():
    try:
        import zstandard
    except ImportError:
        raise ConfigurationError(
            "spark.eventLog.compression.codec=zstd needs the zstandard package: pip install "
            "zstandard, or set spark.eventLog.compression.codec=lz4.") from None
    return zstandard


def compress(codec: str, data: bytes) -> bytes:
    """``data`` compressed with ``codec`` (one of ``CODECS``) as Spark frames it."""
    if codec == "lz4":
        return lz4_compress(data)
    if codec == "zstd":
        return _zstandard().ZstdCompressor().compress(data)
    raise ConfigurationError(f"spark.eventLog.compression.codec={codec} is not supported; use one of "
                             f"{', '.join(CODECS)}.")


def decompress(codec: str, data: bytes) -> bytes:
    """The bytes of a log compressed with ``codec``."""
    if codec == "lz4":
        return lz4_decompress(data)
    if codec == "zstd":
        return _zstandard().ZstdDecompressor().decompressobj().decompress(data)
    raise ConfigurationError(f"Cannot read an event log compressed with {codec}; readable: {', '.join(CODECS)}.")


def check(codec: str) -> str:
    """``codec`` if this machine can write it, else a ConfigurationError saying what to do."""
    compress(codec, b"")
    return codec
