"""What tasks do with VARIANT values (JSON text in Spark's form, see ``sql/variant.py``):
``variant_get``'s paths and casts with Spark's ANSI rules, ``schema_of_variant`` and its
aggregate's merge, ``parse_json``'s check. Each ``spark_variant_*`` function runs over Arrow
arrays as a DuckDB function (``new_type_udfs`` registers them where a task's SQL calls them).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import re

from .. import types as T
from ..variant import VariantError, dump, kind, parse

_SEGMENT = re.compile(r"\.([^.\[]+)|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[(\d+)\]")
_BAD_PATH = ("[INVALID_VARIANT_GET_PATH] The path `{path}` is not a valid variant extraction "
             "path in `{fn}`. A valid path should start with `$` and is followed by zero or "
             "more segments like `[123]`, `.name`, `['name']`, or `[\"name\"]`.")
_BAD_CAST = ("[INVALID_VARIANT_CAST] The variant value `{value}` cannot be cast into `{to}`. "
             "Please use `try_variant_get` instead.")
_INT_RANGE = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


class _CastFailed(Exception):
    pass


@functools.lru_cache(maxsize=256)
def _segments(path: str, fn: str, bad: str) -> tuple:
    return tuple(_path_segments(path, fn, bad))


def path_segments(path: str, fn: str = "variant_get", bad: str = _BAD_PATH) -> list:
    """``$.a[0]['b']`` as ``["a", 0, "b"]`` (raises ``bad``, formatted, for a path Spark
    rejects); paths met before are not parsed again."""
    return list(_segments(path, fn, bad))


@functools.lru_cache(maxsize=64)
def _target(type_json: str) -> T.DataType:
    return T._parse_datatype_json_string(type_json)


def _path_segments(path: str, fn: str, bad: str) -> list:
    """``$.a[0]['b']`` as ``["a", 0, "b"]`` (raises ``bad``, formatted, for a path Spark
    rejects)."""
    if not path.startswith("$"):
        raise ValueError(bad.format(path=path, fn=fn))
    out, pos = [], 1
    while pos < len(path):
        m = _SEGMENT.match(path, pos)
        if not m:
            raise ValueError(bad.format(path=path, fn=fn))
        key = next(g for g in m.groups() if g is not None)
        out.append(int(key) if m.group(4) is not None else key)
        pos = m.end()
    return out


_MISSING = object()


def lookup(value, segments: list):
    """The value at the path, or ``_MISSING``."""
    for s in segments:
        if isinstance(s, int) and isinstance(value, list) and s < len(value):
            value = value[s]
        elif isinstance(s, str) and isinstance(value, dict) and s in value:
            value = value[s]
        else:
            return _MISSING
    return value


def cast(value, to: T.DataType):
    """``value`` (parsed) as a Python value of Spark type ``to``; raises ``_CastFailed``."""
    if value is None or isinstance(to, T.VariantType):
        return value
    if isinstance(to, T.StringType):
        return value if isinstance(value, str) else dump(value)
    if isinstance(to, T.ArrayType):
        if not isinstance(value, list):
            raise _CastFailed
        return [cast(v, to.elementType) for v in value]
    if isinstance(to, T.MapType):
        if not isinstance(value, dict) or not isinstance(to.keyType, T.StringType):
            raise _CastFailed
        return {k: cast(v, to.valueType) for k, v in value.items()}
    if isinstance(to, T.StructType):
        if not isinstance(value, dict):
            raise _CastFailed
        return {f.name: cast(value.get(f.name), f.dataType) for f in to.fields}
    if isinstance(value, (dict, list)):
        raise _CastFailed
    return _scalar(value, to)


def _scalar(value, to):
    if isinstance(to, T.BooleanType):
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("true", "t", "yes", "y", "1"):
                return True
            if low in ("false", "f", "no", "n", "0"):
                return False
            raise _CastFailed
        return bool(value)
    if isinstance(value, bool):
        value = int(value)
        if not isinstance(to, (T.NumericType,)):
            raise _CastFailed
    if type(to) in _INT_RANGE:
        number = _exact(value)
        n = int(number)      # truncates, as CAST does
        bits = _INT_RANGE[type(to)]
        if not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
            raise _CastFailed
        return n
    if isinstance(to, (T.FloatType, T.DoubleType)):
        try:
            return float(value.strip() if isinstance(value, str) else value)
        except ValueError:
            raise _CastFailed from None
    if isinstance(to, T.DecimalType):
        number = _exact(value)
        q = number.quantize(decimal.Decimal(1).scaleb(-to.scale), decimal.ROUND_HALF_UP)
        if len(q.as_tuple().digits) - max(0, -q.as_tuple().exponent) > to.precision - to.scale \
                and q != 0:
            raise _CastFailed
        return q
    if isinstance(to, T.DateType) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise _CastFailed from None
    if isinstance(to, (T.TimestampType, T.TimestampNTZType)) and isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise _CastFailed from None
    if isinstance(to, T.BinaryType) and isinstance(value, str):
        return value
    raise _CastFailed


def _exact(value) -> decimal.Decimal:
    if isinstance(value, str):
        try:
            value = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            raise _CastFailed from None
        if not value.is_finite():
            raise _CastFailed
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _CastFailed
        return decimal.Decimal(repr(value))
    return decimal.Decimal(value)


def _sql_text(value, to) -> str | None:
    """A cast value as the text the SQL around the function reads back (JSON for nested)."""
    if value is None:
        return None
    if isinstance(to, (T.ArrayType, T.MapType, T.StructType)):
        return json.dumps(_json_ready(value))
    if isinstance(to, T.VariantType):
        return dump(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) \
            else value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_ready(value):
    if isinstance(value, decimal.Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def variant_get(text, path, type_json, try_, raw=False):
    """One row of ``variant_get``/``try_variant_get``; ``raw``: ``text`` is the JSON given to
    ``parse_json`` (read once, not written out and read again)."""
    if text is None or path is None:
        return None
    to = _target(type_json)
    found = lookup(parse(text, stored=not raw),
                   path_segments(path, "try_variant_get" if try_ else "variant_get"))
    if found is _MISSING:
        return None
    if isinstance(to, T.VariantType):
        return dump(found)          # a JSON null stays a VARIANT null
    try:
        return _sql_text(cast(found, to), to)
    except (_CastFailed, decimal.InvalidOperation, OverflowError):
        if try_:
            return None
        raise ValueError(_BAD_CAST.format(value=dump(found), to=to.simpleString().upper())) \
            from None


PARSE_JSON, TRY_PARSE_JSON, STORED = 0, 1, 2


def parse_json(text, mode):
    """One row of ``parse_json`` (``mode`` PARSE_JSON), ``try_parse_json`` (NULL for text that
    is not JSON) or of a value's own JSON text (STORED: a double's ``1.0`` stays a double)."""
    if text is None:
        return None
    try:
        return dump(parse(text, stored=mode == STORED))
    except VariantError:
        if mode == TRY_PARSE_JSON:
            return None
        raise


def schema_tree(value):
    """The schema of a value: a scalar kind, ``("ARRAY", element)`` or ``("OBJECT", {...})``."""
    if isinstance(value, dict):
        return ("OBJECT", {k: schema_tree(v) for k, v in value.items()})
    if isinstance(value, list):
        element = "VOID"
        for v in value:
            element = merge(element, schema_tree(v))
        return ("ARRAY", element)
    return kind(value)


def _decimal_of(t: str):
    if t == "BIGINT":
        return 20, 0
    if t.startswith("DECIMAL("):
        p, s = t[8:-1].split(",")
        return int(p), int(s)
    return None


def merge(a, b):
    """Two schemas as one, as ``schema_of_variant_agg`` and arrays' elements merge them."""
    if a == "VOID":
        return b
    if b == "VOID" or a == b:
        return a
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0]:
        if a[0] == "ARRAY":
            return ("ARRAY", merge(a[1], b[1]))
        fields = dict(a[1])
        for k, v in b[1].items():
            fields[k] = merge(fields[k], v) if k in fields else v
        return ("OBJECT", fields)
    if isinstance(a, str) and isinstance(b, str):
        da, db = _decimal_of(a), _decimal_of(b)
        if da and db:
            scale = max(da[1], db[1])
            whole = max(da[0] - da[1], db[0] - db[1])
            return f"DECIMAL({min(38, whole + scale)},{min(scale, 38 - min(whole, 38))})"
        if (da or a == "DOUBLE") and (db or b == "DOUBLE"):
            return "DOUBLE"
    return "VARIANT"


def schema_text(tree) -> str:
    """A schema as ``schema_of_variant`` prints it."""
    if isinstance(tree, str):
        return tree
    if tree[0] == "ARRAY":
        return f"ARRAY<{schema_text(tree[1])}>"
    return "OBJECT<" + ", ".join(f"{k}: {schema_text(tree[1][k])}"
                                 for k in sorted(tree[1])) + ">"


def schema_of_variant(text, raw=False):
    """One row of ``schema_of_variant`` (``raw`` as for ``variant_get``)."""
    return None if text is None else schema_text(schema_tree(parse(text, stored=not raw)))


def schema_of_variant_agg(texts) -> str | None:
    """The merged schema of a group's values (NULLs skipped)."""
    tree = None
    for t in texts or ():
        if t is not None:
            s = schema_tree(parse(t))
            tree = s if tree is None else merge(tree, s)
    return None if tree is None else schema_text(tree)
