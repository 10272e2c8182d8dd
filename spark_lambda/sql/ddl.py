"""Parse Spark DDL type strings: ``int``, ``decimal(10,2)``, ``geometry(4326)``, ``array<string>``,
``map<string,int>``, ``struct<a:int,b:string>`` and field lists ``a INT, b STRING NOT NULL``
(``a: int`` too, as PySpark accepts); and the JSON form of a type (``parse_json_type``).

A recursive-descent parser over a small tokenizer: a field list is tried first; when the text
is a single type it is returned as that type.
"""

from __future__ import annotations

import re

from .types_atomic import (PARSERS, CalendarIntervalType, DataType, DayTimeIntervalType,
                           YearMonthIntervalType, DecimalType, TimeType, atomic_type_by_name)
from .types_complex import ArrayType, MapType, StructField, StructType
from .geo_types import GeographyType, GeometryType
from .geo_values import CRS

_SRID_OF_CRS = {crs: srid for srid, crs in CRS.items()}   # "OGC:CRS84" -> 4326
_TOKEN = re.compile(r"\s*(`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),:])")


def _tokens(text: str) -> list[str]:
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise _error(text, f"unexpected character at position {pos}")
        out.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _error(text: str, why: str):
    from .errors import ParseException
    return ParseException(f"Syntax error in DDL {text!r}: {why}.", "PARSE_SYNTAX_ERROR")


class _Parser:
    def __init__(self, text: str, keep_char: bool = False):
        self.text = text
        self.keep_char = keep_char
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok.lower() != expected):
            raise _error(self.text, f"expected {expected or 'more'} but found {tok!r}")
        self.i += 1
        return tok

    def data_type(self) -> DataType:
        name = self.take().lower()
        if name == "array":
            self.take("<")
            elem = self.data_type()
            self.take(">")
            return ArrayType(elem, True)
        if name == "map":
            self.take("<")
            key = self.data_type()
            self.take(",")
            value = self.data_type()
            self.take(">")
            return MapType(key, value, True)
        if name == "struct":
            self.take("<")
            fields = []
            while self.peek() != ">":
                fname = self.name()
                if self.peek() == ":":
                    self.take(":")
                fields.append(StructField(fname, self.data_type(), True))
                if self.peek() == ",":
                    self.take(",")
            self.take(">")
            return StructType(fields)
        if name in ("decimal", "dec", "numeric"):
            if self.peek() == "(":
                self.take("(")
                p = int(self.take())
                s = 0
                if self.peek() == ",":
                    self.take(",")
                    s = int(self.take())
                self.take(")")
                return DecimalType(p, s)
            return DecimalType(10, 0)
        if name == "interval":
            words = []
            while (self.peek() or "").lower() in ("year", "month", "day", "hour", "minute",
                                                   "second", "to"):
                words.append(self.take())
            t = interval_type_named(words)
            if t is None:
                raise _error(self.text, f"no interval type {' '.join(['interval'] + words)!r}")
            return t
        if name == "time" and self.peek() == "(":
            self.take("(")
            precision = int(self.take())
            self.take(")")
            return TimeType(precision)
        if name in ("geometry", "geography") and self.peek() == "(":
            self.take("(")
            srid = self.take()
            self.take(")")
            srid = "ANY" if srid.lower() == "any" else int(srid) if srid.isdigit() else srid
            return (GeographyType if name == "geography" else GeometryType)(srid)
        if name in ("varchar", "char") and self.peek() == "(":
            self.take("(")
            length = int(self.take())
            self.take(")")
            if self.keep_char:
                from .types_atomic import CharType, VarcharType
                return (CharType if name == "char" else VarcharType)(length)
        t = atomic_type_by_name(name)
        if t is None:
            raise _error(self.text, f"unsupported data type {name!r}")
        return t

    def name(self) -> str:
        tok = self.take()
        return tok[1:-1] if tok.startswith("`") else tok

    def field_list(self) -> StructType:
        fields = []
        while self.peek() is not None:
            fname = self.name()
            if self.peek() == ":":
                self.take(":")
            dtype = self.data_type()
            nullable = True
            if self.peek() and self.peek().lower() == "not":
                self.take("not")
                self.take("null")
                nullable = False
            fields.append(StructField(fname, dtype, nullable))
            if self.peek() is None:
                break
            self.take(",")
            if self.peek() is None:
                raise _error(self.text, "a field must follow ','")
        return StructType(fields)


def parse_ddl(text: str, keep_char: bool = False) -> DataType:
    """A type, or a StructType for a field list (``CHAR(n)``/``VARCHAR(n)`` as strings, unless
    ``keep_char``)."""
    try:
        p = _Parser(text, keep_char)
        t = p.data_type()
        if p.peek() is None:
            return t
    except Exception:
        pass
    p = _Parser(text, keep_char)
    return p.field_list()


def parse_schema(text: str) -> StructType:
    """A field list as a StructType (a lone type becomes a single field ``value``)."""
    t = parse_ddl(text)
    if isinstance(t, StructType):
        return t
    return StructType([StructField("value", t, True)])


def parse_json_type(value) -> DataType:
    """A type from the value ``DataType.jsonValue()`` gives (``"time(3)"``, a struct's dict)."""
    if isinstance(value, str):
        if value.startswith("decimal"):
            inner = value[value.index("(") + 1:-1] if "(" in value else "10,0"
            p, s = (int(x) for x in inner.split(","))
            return DecimalType(p, s)
        if value.startswith("time("):
            return TimeType(int(value[5:-1]))
        if value.startswith(("geometry(", "geography(")):   # "geometry(EPSG:3857)"
            name, crs = value[:-1].split("(", 1)
            srid = _SRID_OF_CRS.get(crs.split(",")[0].strip())
            return (GeographyType if name == "geography" else GeometryType)(
                "ANY" if srid == -1 else srid)
        if value.startswith("interval"):
            t = interval_type_named(value.split()[1:])
            if t is not None:
                return t
        t = atomic_type_by_name(value)
        if t is None:
            raise ValueError(f"Could not parse datatype: {value}")
        return t
    kind = value["type"]
    if kind == "struct":
        return StructType([StructField(f["name"], parse_json_type(f["type"]), f["nullable"],
                                       f.get("metadata")) for f in value["fields"]])
    if kind == "array":
        return ArrayType(parse_json_type(value["elementType"]), value["containsNull"])
    if kind == "map":
        return MapType(parse_json_type(value["keyType"]), parse_json_type(value["valueType"]),
                       value["valueContainsNull"])
    raise ValueError(f"Could not parse datatype: {value}")


def interval_type_named(words: list):
    """The type of ``interval``, ``interval day``, ``interval year to month``... given the
    words after ``interval``; None when they name no interval type."""
    words = [w.lower() for w in words]
    if not words:
        return CalendarIntervalType()
    start, end = words[0], words[2] if len(words) == 3 and words[1] == "to" else None
    if len(words) not in (1, 3) or (len(words) == 3 and end is None):
        return None
    for cls in (YearMonthIntervalType, DayTimeIntervalType):
        names = {v: k for k, v in cls._fields.items()}
        if start in names and (end or start) in names and names[start] <= names[end or start]:
            return cls(names[start], names[end or start])
    return None


PARSERS.update(ddl=parse_ddl, json=parse_json_type)
