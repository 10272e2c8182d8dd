"""Spark's binary encoding of a VARIANT value (the Parquet variant encoding): a *value* and a
*metadata* byte string. ``encode`` builds them as Spark's ``VariantBuilder`` does (smallest
integer kind, decimal4/8/16, short strings under 64 bytes, object fields by key, the key
dictionary in the order keys are first met); ``decode`` reads any value Spark writes (dates,
timestamps, floats and binaries become the text ``to_json`` gives them).

Used for ``VariantVal``'s bytes and for VARIANT columns in Parquet files.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import struct

_NULL, _TRUE, _FALSE, _INT8, _INT16, _INT32, _INT64, _DOUBLE = range(8)
_DEC4, _DEC8, _DEC16, _DATE, _TS, _TS_NTZ, _FLOAT, _BINARY, _STRING = range(8, 17)
_TIME, _TS_NANOS, _TS_NTZ_NANOS, _UUID = range(17, 21)
_EPOCH = datetime.datetime(1970, 1, 1)


def _size(n: int) -> int:
    """The fewest bytes (1 to 4) an unsigned ``n`` fits in."""
    return 1 if n <= 0xFF else 2 if n <= 0xFFFF else 3 if n <= 0xFFFFFF else 4


def _le(n: int, width: int) -> bytes:
    return n.to_bytes(width, "little", signed=False)


class _Builder:
    def __init__(self):
        self.keys: dict = {}

    def value(self, v) -> bytes:
        if v is None:
            return bytes([_NULL << 2])
        if v is True or v is False:
            return bytes([(_TRUE if v else _FALSE) << 2])
        if isinstance(v, int):
            for kind, width in ((_INT8, 1), (_INT16, 2), (_INT32, 4), (_INT64, 8)):
                if -(1 << (8 * width - 1)) <= v < (1 << (8 * width - 1)):
                    return bytes([kind << 2]) + v.to_bytes(width, "little", signed=True)
        if isinstance(v, float):
            return bytes([_DOUBLE << 2]) + struct.pack("<d", v)
        if isinstance(v, decimal.Decimal):
            _, digits, exp = v.as_tuple()
            scale = max(-exp, 0)
            unscaled = int(v.scaleb(scale))
            precision = max(len(digits) + max(exp, 0), 1)
            kind, width = (_DEC4, 4) if precision <= 9 else (_DEC8, 8) if precision <= 18 \
                else (_DEC16, 16)
            return bytes([kind << 2, scale]) + unscaled.to_bytes(width, "little", signed=True)
        if isinstance(v, str):
            data = v.encode("utf-8")
            if len(data) < 64:
                return bytes([(len(data) << 2) | 1]) + data
            return bytes([_STRING << 2]) + _le(len(data), 4) + data
        if isinstance(v, list):
            return self._container([self.value(x) for x in v], None)
        if isinstance(v, dict):
            ids, values = [], []
            for k, x in v.items():       # a key enters the dictionary before its value's keys
                ids.append(self.keys.setdefault(k, len(self.keys)))
                values.append(self.value(x))
            return self._container(values, list(zip(v, ids)))
        raise TypeError(f"no VARIANT encoding for {type(v).__name__}")

    @staticmethod
    def _container(values: list, fields) -> bytes:
        offsets, pos = [], 0
        for data in values:
            offsets.append(pos)
            pos += len(data)
        large = len(values) > 0xFF
        width = _size(pos)
        head = _le(len(values), 4 if large else 1)
        if fields is None:
            header = (int(large) << 4) | ((width - 1) << 2) | 3
            return bytes([header]) + head + b"".join(_le(o, width) for o in offsets + [pos]) \
                + b"".join(values)
        order = sorted(range(len(fields)), key=lambda i: fields[i][0].encode("utf-8"))
        id_width = _size(max((i for _, i in fields), default=0))
        header = (int(large) << 6) | ((id_width - 1) << 4) | ((width - 1) << 2) | 2
        return (bytes([header]) + head + b"".join(_le(fields[i][1], id_width) for i in order)
                + b"".join(_le(offsets[i], width) for i in order) + _le(pos, width)
                + b"".join(values))

    def metadata(self) -> bytes:
        names = [k.encode("utf-8") for k in self.keys]
        total = sum(len(n) for n in names)
        width = _size(max(total, len(names)))
        offsets, pos = [], 0
        for n in names:
            offsets.append(pos)
            pos += len(n)
        return (bytes([1 | ((width - 1) << 6)]) + _le(len(names), width)
                + b"".join(_le(o, width) for o in offsets + [pos]) + b"".join(names))


def encode(value) -> tuple[bytes, bytes]:
    """``(value, metadata)`` of a parsed VARIANT value (``variant.parse``)."""
    b = _Builder()
    data = b.value(value)
    return data, b.metadata()


def _int(data, pos: int, width: int) -> int:
    return int.from_bytes(data[pos:pos + width], "little", signed=False)


def _keys(metadata) -> list:
    width = ((metadata[0] >> 6) & 3) + 1
    n = _int(metadata, 1, width)
    offsets = [_int(metadata, 1 + width * (i + 1), width) for i in range(n + 1)]
    start = 1 + width * (n + 2)
    return [bytes(metadata[start + offsets[i]:start + offsets[i + 1]]).decode("utf-8")
            for i in range(n)]


def decode(value, metadata):
    """The Python value (as ``variant.parse`` gives) of Spark's bytes."""
    return _Reader(value, _keys(metadata)).read(0)


class _Reader:
    def __init__(self, data, keys):
        self.data, self.keys = data, keys

    def read(self, pos: int):
        d = self.data
        basic, header = d[pos] & 3, d[pos] >> 2
        if basic == 1:
            return bytes(d[pos + 1:pos + 1 + header]).decode("utf-8")
        if basic in (2, 3):
            return self._container(pos, basic == 2, header)
        return self._primitive(header, pos + 1)

    def _container(self, pos: int, is_object: bool, header: int):
        d = self.data
        width = (header & 3) + 1
        id_width = ((header >> 2) & 3) + 1 if is_object else 0
        large = (header >> (4 if is_object else 2)) & 1
        n = _int(d, pos + 1, 4 if large else 1)
        ids_at = pos + 1 + (4 if large else 1)
        offsets_at = ids_at + n * id_width
        values_at = offsets_at + (n + 1) * width
        offsets = [_int(d, offsets_at + i * width, width) for i in range(n)]
        items = [self.read(values_at + o) for o in offsets]
        if not is_object:
            return items
        names = [self.keys[_int(d, ids_at + i * id_width, id_width)] for i in range(n)]
        return dict(sorted(zip(names, items)))

    def _primitive(self, kind: int, pos: int):
        d = self.data
        if kind <= _FALSE:
            return (None, True, False)[kind]
        if kind <= _INT64:
            width = 1 << (kind - _INT8)
            return int.from_bytes(d[pos:pos + width], "little", signed=True)
        if kind == _DOUBLE:
            return struct.unpack("<d", bytes(d[pos:pos + 8]))[0]
        if kind == _FLOAT:
            return struct.unpack("<f", bytes(d[pos:pos + 4]))[0]
        if kind in (_DEC4, _DEC8, _DEC16):
            width = {_DEC4: 4, _DEC8: 8, _DEC16: 16}[kind]
            unscaled = int.from_bytes(d[pos + 1:pos + 1 + width], "little", signed=True)
            return decimal.Decimal(unscaled).scaleb(-d[pos])
        if kind in (_STRING, _BINARY):
            n = _int(d, pos, 4)
            raw = bytes(d[pos + 4:pos + 4 + n])
            return raw.decode("utf-8") if kind == _STRING else base64.b64encode(raw).decode()
        if kind == _DATE:
            days = int.from_bytes(d[pos:pos + 4], "little", signed=True)
            return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()
        if kind in (_TS, _TS_NTZ, _TS_NANOS, _TS_NTZ_NANOS, _TIME):
            n = int.from_bytes(d[pos:pos + 8], "little", signed=True)
            micros = n // 1000 if kind in (_TS_NANOS, _TS_NTZ_NANOS) else n
            if kind == _TIME:
                return (_EPOCH + datetime.timedelta(microseconds=micros)).time().isoformat()
            text = (_EPOCH + datetime.timedelta(microseconds=micros)).isoformat(sep=" ")
            return text + ("+00:00" if kind in (_TS, _TS_NANOS) else "")
        if kind == _UUID:
            import uuid
            return str(uuid.UUID(bytes=bytes(d[pos:pos + 16])))
        raise ValueError(f"[UNKNOWN_PRIMITIVE_TYPE_IN_VARIANT] Unknown primitive type with id "
                         f"{kind} was found in a variant value.")
