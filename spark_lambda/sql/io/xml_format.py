"""XML files (``spark.read.xml``, ``df.write.xml``), as Spark reads and writes them.

Reading: every element named by the ``rowTag`` option (required) is a row; its attributes
are fields named with ``attributePrefix`` (``_id``; none with ``excludeAttribute``), its
child elements fields (repeated ones an array, ones with children or attributes a struct,
the text beside them ``valueTag``, ``_VALUE``). Inference (``inferSchema``, on by default) types each text as
``bigint``, ``double``, ``boolean``, ``date`` (``2024-01-02``), ``timestamp``
(``2024-01-02T03:04:05``, the session's zone unless it says one) or ``string``; fields are
sorted by name. A value that does not fit its column is NULL (``PERMISSIVE``), drops the
row (``DROPMALFORMED``) or fails the read (``FAILFAST``). A file is one split.

Writing: each file is ``<rootTag>`` (``ROWS``) holding one ``<rowTag>`` element per row,
indented by four spaces; NULL fields are left out, an array is its element repeated, a
struct a nested element whose ``attributePrefix`` fields are its attributes.
"""

from __future__ import annotations

import datetime
import re

from .csv_options import flag, parse_mode

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


class XmlOptions:
    """The reader's and writer's options."""

    def __init__(self, options: dict):
        from ..errors import AnalysisException
        self.row_tag = options.get("rowtag")
        if not self.row_tag:
            raise AnalysisException("`rowTag` option is required for reading/writing files in "
                                    "XML format.", "XML_ROW_TAG_MISSING", {}, "42KDF")
        self.root_tag = str(options.get("roottag", "ROWS"))
        self.prefix = str(options.get("attributeprefix", "_"))
        self.value_tag = str(options.get("valuetag", "_VALUE"))
        self.infer = flag(options, "inferschema", True)
        self.mode = parse_mode(options)
        self.null_value = options.get("nullvalue")
        self.exclude_attributes = flag(options, "excludeattribute", False)


# --- reading --------------------------------------------------------------------------------
def parse_rows(text: str, opts: XmlOptions, where: str) -> list:
    """The rows (dicts of text, lists and dicts) of the ``rowTag`` elements in ``text``."""
    import xml.etree.ElementTree as ET
    if not text.strip():
        return []
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise _malformed(f"Malformed XML in {where}: {e}.", "MALFORMED_RECORD_IN_PARSING") \
            from None
    return [_element(el, opts, True) for el in root.iter(opts.row_tag)]


def _element(el, opts: XmlOptions, row: bool = False):
    attrs = {} if opts.exclude_attributes else \
        {opts.prefix + k: v for k, v in el.attrib.items()}
    children = list(el)
    text = (el.text or "").strip()
    if not children and not attrs and not row:
        return None if opts.null_value is not None and text == opts.null_value else text
    out: dict = dict(attrs)
    for c in children:
        v = _element(c, opts)
        if c.tag not in out:
            out[c.tag] = v
        elif isinstance(out[c.tag], _Repeated):
            out[c.tag].append(v)
        else:
            out[c.tag] = _Repeated([out[c.tag], v])
    if text and (children or attrs):
        out[opts.value_tag] = text
    return out


class _Repeated(list):
    """The values of an element repeated in its parent (an array field)."""


def rows_type(rows, opts: XmlOptions):
    """The type of ``rows`` merged (a partial schema, merged further by ``merge_types``)."""
    t = None
    for r in rows:
        t = _merge(t, _type(r, opts))
    return t


def schema_of(t, opts: XmlOptions):
    """The schema of a merged rows' type: its fields sorted by name."""
    from ..types import StructType
    return _spark(t, opts) if isinstance(t, tuple) and t[0] == "struct" else StructType([])


def infer_schema(rows: list, opts: XmlOptions):
    """The schema of ``rows``: each field's type merged over every row, sorted by name."""
    return schema_of(rows_type(rows, opts), opts)


def _type(v, opts: XmlOptions):
    if isinstance(v, _Repeated):
        elem = None
        for x in v:
            elem = _merge(elem, _type(x, opts))
        return ("array", elem)
    if isinstance(v, dict):
        return ("struct", {k: _type(x, opts) for k, x in v.items()})
    if v is None or v == "":
        return None if v is None else "empty"
    if not opts.infer:
        return "string"
    if _INT.fullmatch(v) and -2**63 <= int(v) < 2**63:
        return "long"
    if _FLOAT.fullmatch(v):
        return "double"
    if v.lower() in ("true", "false"):
        return "boolean"
    if _DATE.fullmatch(v):
        return "date"
    if _TS.fullmatch(v):
        return "timestamp"
    return "string"


def merge_types(a, b):
    """Two partial types (``rows_type``) merged."""
    return _merge(a, b)


_WIDER = {frozenset(("long", "double")): "double", frozenset(("date", "timestamp")): "timestamp"}


def _merge(a, b):
    if a is None or a == b:
        return b if a is None else a
    if b is None:
        return a
    if a == "empty" or b == "empty":   # an empty element types nothing (NULL if not text)
        return b if a == "empty" else a
    if isinstance(a, tuple) and a[0] == "array" or isinstance(b, tuple) and b[0] == "array":
        ea = a[1] if isinstance(a, tuple) and a[0] == "array" else a
        eb = b[1] if isinstance(b, tuple) and b[0] == "array" else b
        return ("array", _merge(ea, eb))
    if isinstance(a, tuple) or isinstance(b, tuple):
        sa = a[1] if isinstance(a, tuple) else {"\0value": a}
        sb = b[1] if isinstance(b, tuple) else {"\0value": b}
        return ("struct", {k: _merge(sa.get(k), sb.get(k)) for k in {**sa, **sb}})
    return _WIDER.get(frozenset((a, b)), "string")


def _spark(t, opts: XmlOptions):
    from ..types import (ArrayType, BooleanType, DateType, DoubleType, LongType, StringType,
                         StructField, StructType, TimestampType)
    if isinstance(t, tuple) and t[0] == "array":
        return ArrayType(_spark(t[1], opts), True)
    if isinstance(t, tuple):
        fields = {opts.value_tag if k == "\0value" else k: v for k, v in t[1].items()}
        return StructType([StructField(k, _spark(fields[k], opts), True)
                           for k in sorted(fields)])
    return {"long": LongType(), "double": DoubleType(), "boolean": BooleanType(),
            "date": DateType(), "timestamp": TimestampType()}.get(t, StringType())


class _Malformed(Exception):
    """A value that does not fit its column: ``(field, why)``."""


def _malformed(message: str, condition: str):
    from ..errors import SparkRuntimeException
    return SparkRuntimeException(message, condition, {}, "22023")


def read_rows(rows: list, fields: list, opts: XmlOptions, tz, where: str) -> tuple:
    """``(arrays of fields, row count)`` of ``rows`` read into ``fields``' types."""
    import pyarrow as pa
    from ..execution.arrow_io import arrow_type
    columns = [[] for _ in fields]
    for r in rows:
        try:
            values = []
            for f in fields:
                try:
                    values.append(_value(r.get(f.name), f.dataType, opts, tz))
                except _Malformed as e:
                    raise _Malformed(f.name, *e.args) from None
        except _Malformed as e:
            if opts.mode == "FAILFAST":
                raise _malformed(
                    f"Malformed records are detected in record parsing of {where}: {e.args[1]}. "
                    f"Parse Mode: FAILFAST. To process malformed records as null result, try "
                    f"setting the option 'mode' as 'PERMISSIVE'.",
                    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from None
            if opts.mode == "DROPMALFORMED":
                continue
            # PERMISSIVE: as Spark, the fields read before the bad one keep their values, the
            # ones after it in the document are NULL
            order = list(r)
            bad = order.index(e.args[0])
            values = [None if f.name in r and order.index(f.name) > bad else
                      _value(r.get(f.name), f.dataType, opts, tz, lenient=True) for f in fields]
        for c, v in zip(columns, values):
            c.append(v)
    arrays = [pa.array(c, arrow_type(f.dataType)) for c, f in zip(columns, fields)]
    return arrays, len(columns[0]) if columns else len(rows)


def _value(v, t, opts: XmlOptions, tz, lenient: bool = False):
    from ..types import ArrayType, StringType, StructType
    if v is None:
        return None
    if isinstance(t, ArrayType):
        items = v if isinstance(v, list) else [v]
        return [_value(x, t.elementType, opts, tz, lenient) for x in items]
    if isinstance(t, StructType):
        d = v if isinstance(v, dict) else {opts.value_tag: v}
        return {f.name: _value(d.get(f.name), f.dataType, opts, tz, lenient) for f in t.fields}
    if isinstance(v, dict):
        v = v.get(opts.value_tag)
        if v is None:
            return None
    if isinstance(v, list):
        v = v[0]
    if isinstance(t, StringType):
        return v
    if v == "":
        return None
    try:
        return _atomic(v, t.typeName(), tz)
    except (ValueError, OverflowError):
        if lenient:
            return None
        raise _Malformed(f"'{v}' is not a {t.simpleString()}") from None


def _atomic(v: str, name: str, tz):
    if name in ("long", "integer", "short", "byte"):
        if not _INT.fullmatch(v):
            raise ValueError(v)
        return int(v)
    if name in ("double", "float"):
        return float(v)
    if name == "boolean":
        if v.lower() not in ("true", "false"):
            raise ValueError(v)
        return v.lower() == "true"
    if name == "date":
        return datetime.date.fromisoformat(v)
    if name == "timestamp":
        ts = datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=tz)
        return ts.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if name == "decimal":
        from decimal import Decimal
        return Decimal(v)
    raise ValueError(f"XML values of type {name} are not supported")


# --- writing --------------------------------------------------------------------------------
def encode_xml(rows: list, options: dict, text_of) -> bytes:
    """The file of ``rows`` (dicts, as Arrow gives them) in Spark's XML layout."""
    from xml.sax.saxutils import escape
    opts = XmlOptions(options)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', f"<{opts.root_tag}>"]

    def element(name: str, v, depth: int) -> None:
        pad = "    " * depth
        if v is None:
            return
        if isinstance(v, list) and not (v and isinstance(v[0], tuple)):
            for x in v:
                element(name, x, depth)
            return
        if isinstance(v, list):   # a map: an element per key
            v = {str(k): x for k, x in v}
        if isinstance(v, dict):
            attrs = "".join(f' {k[len(opts.prefix):]}="{escape(text_of(x), {chr(34): "&quot;"})}"'
                            for k, x in v.items() if k.startswith(opts.prefix) and
                            k != opts.value_tag and x is not None)
            kids = {k: x for k, x in v.items() if not k.startswith(opts.prefix) and
                    k != opts.value_tag and x is not None}
            value = v.get(opts.value_tag)
            if not kids:
                body = "" if value is None else escape(text_of(value))
                out.append(f"{pad}<{name}{attrs}>{body}</{name}>")
                return
            out.append(f"{pad}<{name}{attrs}>")
            for k, x in kids.items():
                element(k, x, depth + 1)
            out.append(f"{pad}</{name}>")
            return
        out.append(f"{pad}<{name}>{escape(text_of(v))}</{name}>")

    for r in rows:
        element(opts.row_tag, r, 1)
    out.append(f"</{opts.root_tag}>")
    return "\n".join(out).encode("utf-8")
