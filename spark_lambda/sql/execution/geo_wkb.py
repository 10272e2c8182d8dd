"""Well-known binary (OGC WKB, ISO dimensions: type + 1000 for Z, 2000 for M, 3000 for ZM)
read and written again in either byte order: the check ``st_geomfromwkb`` and
``st_geogfromwkb`` make of their input, and ``st_asbinary``'s NDR/XDR output.

A malformed buffer raises ``ValueError("[WKB_PARSE_ERROR] ...")``, which the task turns into
Spark's error."""

from __future__ import annotations

import struct

_POINT, _LINE, _POLYGON, _MULTI_POINT, _MULTI_LINE, _MULTI_POLYGON, _COLLECTION = range(1, 8)


def _error(text: str, pos: int) -> ValueError:
    return ValueError(f"[WKB_PARSE_ERROR] Error parsing WKB: {text} at position {pos}")


class _Rewriter:
    """Reads one WKB buffer and writes it in byte order ``out`` (``<`` or ``>``)."""

    def __init__(self, data: bytes, out: str):
        self.data, self.pos, self.out, self.parts = data, 0, out, []
        self.start = 0   # where the geometry being read starts (what errors name)

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise _error("Unexpected end of WKB buffer", self.start)
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def uint(self, order: str) -> int:
        value = struct.unpack(order + "I", self.take(4))[0]
        self.parts.append(struct.pack(self.out + "I", value))
        return value

    def doubles(self, order: str, n: int) -> None:
        values = struct.unpack(f"{order}{n}d", self.take(8 * n))
        self.parts.append(struct.pack(f"{self.out}{n}d", *values))

    def geometry(self, allowed=None) -> None:
        start = self.start = self.pos
        flag = self.take(1)[0]
        if flag not in (0, 1):
            raise _error(f"Invalid byte order {flag}", start)
        order = "<" if flag == 1 else ">"
        self.parts.append(b"\x01" if self.out == "<" else b"\x00")
        code = self.uint(order)
        kind, dims = code % 1000, code // 1000
        if not 1 <= kind <= 7 or dims > 3 or (allowed is not None and kind != allowed):
            raise _error(f"Invalid or unsupported type {code}", start + 1)
        width = 2 + (dims in (1, 2)) + 2 * (dims == 3)
        if kind == _POINT:
            self.doubles(order, width)
        elif kind == _LINE:
            self.doubles(order, width * self.uint(order))
        elif kind == _POLYGON:
            for _ in range(self.uint(order)):
                self.doubles(order, width * self.uint(order))
        else:
            member = {_MULTI_POINT: _POINT, _MULTI_LINE: _LINE,
                      _MULTI_POLYGON: _POLYGON}.get(kind)
            for _ in range(self.uint(order)):
                self.geometry(member)


def rewrite(wkb: bytes, big_endian: bool = False) -> bytes:
    """``wkb`` checked and written in little-endian (NDR) or big-endian (XDR) byte order."""
    r = _Rewriter(bytes(wkb), ">" if big_endian else "<")
    r.geometry()   # bytes after the geometry are ignored, as Spark does
    return b"".join(r.parts)


def as_binary(wkb, endianness):
    """``st_asbinary``: the stored WKB in the byte order named NDR or XDR (any case)."""
    if wkb is None or endianness is None:
        return None
    name = endianness.upper()
    if name not in ("NDR", "XDR"):
        raise ValueError(f"[ST_INVALID_ENDIANNESS_VALUE] Endianness '{endianness}' must be "
                         f"either 'NDR' (little-endian) or 'XDR' (big-endian).")
    return rewrite(wkb, name == "XDR")


def from_wkb(wkb):
    """``st_geomfromwkb``/``st_geogfromwkb``: the WKB checked, little-endian."""
    return None if wkb is None else rewrite(wkb)
