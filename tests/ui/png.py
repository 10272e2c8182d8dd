"""Reading a PNG screenshot's pixels without an imaging library (tests only).

``pixels(data)`` decodes an 8-bit, non-interlaced RGB or RGBA PNG (what headless
Chromium writes): the IDAT chunks are one zlib stream of rows, each row a filter
byte (0 none, 1 sub, 2 up, 3 average, 4 Paeth) and the filtered bytes, undone
here row by row against the row above.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(data: bytes):
    i = len(SIGNATURE)
    while i < len(data):
        length, kind = struct.unpack_from(">I4s", data, i)
        yield kind, data[i + 8:i + 8 + length]
        i += 12 + length


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _unfilter(kind: int, row: bytearray, prev: bytes, bpp: int) -> bytearray:
    if kind == 0:
        return row
    if kind == 2:
        return bytearray((x + y) & 255 for x, y in zip(row, prev))
    n = len(row)
    for i in range(n):
        left = row[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 255
        elif kind == 3:
            row[i] = (row[i] + ((left + prev[i]) >> 1)) & 255
        else:
            upleft = prev[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + _paeth(left, prev[i], upleft)) & 255
    return row


def pixels(data: bytes) -> tuple[int, int, Counter]:
    """(width, height, Counter of (r, g, b) over every pixel) of a PNG."""
    if data[:8] != SIGNATURE:
        raise ValueError("not a PNG")
    header, idat = None, []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, color type {color}, interlace {interlace}")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    counts: Counter = Counter()
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), prev, bpp)
        counts.update(zip(row[0::bpp], row[1::bpp], row[2::bpp]))
        prev = bytes(row)
    return width, height, counts
