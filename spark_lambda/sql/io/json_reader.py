"""JSON records (one per line, or whole files with ``multiLine``) to Arrow, as Spark reads them.

Inference (``infer``): numbers without a fraction are ``bigint``, others ``double``; strings
are strings (timestamps are not inferred, as in Spark); objects are structs whose fields are
sorted by name; arrays take the merged type of their elements; a field only ever null is a
string; types that do not widen into each other make a string. A line that is not a JSON
object is a malformed record: ``PERMISSIVE`` gives a row of nulls with the line in
``columnNameOfCorruptRecord`` (which inference adds when it meets one), ``DROPMALFORMED``
drops it, ``FAILFAST`` fails.
"""

from __future__ import annotations

import json

_BAD = object()


def parse_records(lines, multi_line: bool) -> list:
    """``(text, value)`` per record; value ``_BAD`` when the text is not a JSON object."""
    if multi_line:
        text = "\n".join(lines)
        try:
            value = json.loads(text)
        except ValueError:
            return [(text, _BAD)]
        values = value if isinstance(value, list) else [value]
        return [(json.dumps(v), v if isinstance(v, dict) else _BAD) for v in values]
    out = []
    for line in lines:
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            value = _BAD
        out.append((line, value if isinstance(value, dict) else _BAD))
    return out


def _type_of(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long" if -2**63 <= v < 2**63 else "double"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        elem = None
        for x in v:
            elem = _merge(elem, _type_of(x))
        return ("array", elem)
    return ("struct", {k: _type_of(x) for k, x in v.items()})


def _merge(a, b):
    if a is None or a == b:
        return b
    if b is None:
        return a
    if a in ("long", "double") and b in ("long", "double"):
        return "double"
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0]:
        if a[0] == "array":
            return ("array", _merge(a[1], b[1]))
        keys = set(a[1]) | set(b[1])
        return ("struct", {k: _merge(a[1].get(k), b[1].get(k)) for k in keys})
    return "string"


def _spark(t):
    from .. import types as T
    if isinstance(t, tuple):
        if t[0] == "array":
            return T.ArrayType(_spark(t[1]), True)
        return T.StructType([T.StructField(k, _spark(v), True) for k, v in sorted(t[1].items())])
    return {"boolean": T.BooleanType(), "long": T.LongType(),
            "double": T.DoubleType()}.get(t, T.StringType())


def infer(records: list, corrupt_column: str, mode: str, where: str):
    """The StructType of parsed records (fields sorted by name)."""
    return schema_of(partial_type(records, mode, where), corrupt_column, mode)


def partial_type(records: list, mode: str, where: str) -> tuple:
    """``(merged type, whether a record was malformed)`` of some records: what one
    partition contributes to a schema (``merge_partial`` combines them)."""
    merged, malformed = ("struct", {}), False
    for text, value in records:
        if value is _BAD:
            if mode == "FAILFAST":
                malformed_error(where, text)
            malformed = True
            continue
        merged = _merge(merged, _type_of(value))
    return merged, malformed


def merge_partial(a: tuple, b: tuple) -> tuple:
    """Two partitions' ``partial_type`` as one."""
    return _merge(a[0], b[0]), a[1] or b[1]


def schema_of(partial: tuple, corrupt_column: str, mode: str):
    """The StructType of a (merged) ``partial_type``."""
    merged, malformed = partial
    schema = _spark(merged)
    if malformed and mode == "PERMISSIVE":
        from ..types import StringType, StructField, StructType
        schema = StructType(sorted(list(schema.fields) + [StructField(corrupt_column,
                                                                      StringType(), True)],
                                   key=lambda f: f.name))
    return schema


def _convert(value, dtype, tz):
    """``value`` as a Python value of ``dtype``; ValueError when it does not fit."""
    from .. import types as T
    from .values import converter
    if value is None:
        return None
    if isinstance(dtype, T.StringType):
        return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    if isinstance(dtype, T.StructType):
        if not isinstance(value, dict):
            raise ValueError(value)
        lower = {k.lower(): v for k, v in value.items()}
        return {f.name: _convert(lower.get(f.name.lower()), f.dataType, tz) for f in dtype}
    if isinstance(dtype, T.ArrayType):
        if not isinstance(value, list):
            raise ValueError(value)
        return [_convert(x, dtype.elementType, tz) for x in value]
    if isinstance(dtype, T.BooleanType):
        if not isinstance(value, bool):
            raise ValueError(value)
        return value
    if isinstance(dtype, (T.IntegralType, T.DecimalType)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(value)
        return converter(dtype, tz)(str(value))
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
                return float(value.replace("inity", ""))
            raise ValueError(value)
        return float(value)
    if not isinstance(value, str):
        raise ValueError(value)
    return converter(dtype, tz)(value)


def read_records(records: list, fields, corrupt_column: str, mode: str, tz, where: str):
    """``(arrays in ``fields`` order, row count)`` of parsed records."""
    import pyarrow as pa
    from ..execution.arrow_io import arrow_type
    from ..types import StringType
    rows, texts = [], []
    data_fields = [f for f in fields if not (f.name == corrupt_column
                                             and isinstance(f.dataType, StringType))]
    for text, value in records:
        row, bad = {}, value is _BAD
        if not bad:
            lower = {k.lower(): v for k, v in value.items()}
            for f in data_fields:
                try:
                    row[f.name] = _convert(lower.get(f.name.lower()), f.dataType, tz)
                except (ValueError, OverflowError):
                    row[f.name], bad = None, True
        if bad and mode == "FAILFAST":
            malformed_error(where, text)
        if bad and mode == "DROPMALFORMED":
            continue
        rows.append(row)
        texts.append(text if bad else None)
    arrays = []
    for f in fields:
        if f not in data_fields:
            arrays.append(pa.array(texts, pa.string()))
        else:
            arrays.append(pa.array([r.get(f.name) for r in rows], arrow_type(f.dataType)))
    return arrays, len(rows)


def malformed_error(where: str, record: str):
    """FAILFAST's error for a record that is not JSON."""
    from ..errors import SparkRuntimeException
    raise SparkRuntimeException(
        f"Malformed records are detected in record parsing: {record!r} in {where}. "
        "Parse Mode: FAILFAST. To process malformed records as null result, try setting the "
        "option 'mode' as 'PERMISSIVE'.", "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        {"path": where}, "22023")
