"""Text to Spark values, as Spark's CSV reader converts and infers them.

``infer_value`` gives the most specific type a string can be (integer, long, double, date,
timestamp, boolean, else string) and ``merge`` widens two column types as Spark's
``CSVInferSchema`` does (integer < long < double; date < timestamp; otherwise string).
``convert_column`` turns a column of strings into an Arrow array of a Spark type, value by
value, reporting the values that do not convert (malformed records).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

_INT = re.compile(r"^[+-]?\d+$")
_DOUBLE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$|^([+-]?Infinity|NaN)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?"
                        r"(Z|[+-]\d{2}:?\d{2})?$")


def infer_value(text: str) -> str:
    """The name of the most specific type of one (non-null) CSV value."""
    if _INT.match(text):
        n = int(text)
        return "int" if -2**31 <= n < 2**31 else "long" if -2**63 <= n < 2**63 else "double"
    if _DOUBLE.match(text):
        return "double"
    if _DATE.match(text) and _date(text) is not None:
        return "date"
    if _TIMESTAMP.match(text) and _timestamp(text, datetime.timezone.utc) is not None:
        return "timestamp"
    if text.lower() in ("true", "false"):
        return "boolean"
    return "string"


_ORDER = {"int": 0, "long": 1, "double": 2}


def merge(a: str | None, b: str | None) -> str | None:
    """The type of a column holding values of types ``a`` and ``b`` (None: no value yet)."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    if a in _ORDER and b in _ORDER:
        return max(a, b, key=_ORDER.get)
    if {a, b} == {"date", "timestamp"}:
        return "timestamp"
    return "string"


def spark_type(name: str | None):
    """The Spark type of an inferred type name (no value at all: string)."""
    from .. import types as T
    return {"int": T.IntegerType(), "long": T.LongType(), "double": T.DoubleType(),
            "date": T.DateType(), "timestamp": T.TimestampType(),
            "boolean": T.BooleanType()}.get(name or "string", T.StringType())


def _date(text: str):
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _timestamp(text: str, tz):
    text = text.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    m = re.match(r"^(.*\.)(\d+)(.*)$", text)
    if m:  # Python takes up to 6 fraction digits
        text = m.group(1) + (m.group(2) + "000000")[:6] + m.group(3)
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _double(text: str):
    t = text.strip()
    if t in ("NaN", "Infinity", "+Infinity", "-Infinity", "Inf", "-Inf"):
        return float(t.replace("Inf", "inf").replace("inity", ""))
    if not _DOUBLE.match(t):
        raise ValueError(text)
    return float(t.rstrip("dDfF"))


def converter(dtype, tz):
    """A function from one string to a Python value of ``dtype`` (ValueError if it does not
    convert)."""
    from .. import types as T

    def integral(lo, hi):
        def f(text):
            if not _INT.match(text.strip()):
                raise ValueError(text)
            n = int(text)
            if not lo <= n < hi:
                raise ValueError(text)
            return n
        return f

    def checked(fn):
        def f(text):
            v = fn(text)
            if v is None:
                raise ValueError(text)
            return v
        return f

    def boolean(text):
        t = text.strip().lower()
        if t not in ("true", "false"):
            raise ValueError(text)
        return t == "true"

    def decimal(text):
        try:
            return Decimal(text.strip())
        except InvalidOperation:
            raise ValueError(text) from None

    bits = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}
    for cls, b in bits.items():
        if isinstance(dtype, cls):
            return integral(-2**(b - 1), 2**(b - 1))
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        return _double
    if isinstance(dtype, T.BooleanType):
        return boolean
    if isinstance(dtype, T.DateType):
        return checked(_date)
    if isinstance(dtype, T.TimestampNTZType):
        return checked(lambda s: _timestamp(s, datetime.timezone.utc))
    if isinstance(dtype, T.TimestampType):
        return checked(lambda s: _timestamp(s, tz))
    if isinstance(dtype, T.DecimalType):
        return decimal
    return str


def convert_column(strings: list, dtype, tz) -> tuple:
    """``(arrow array, indexes of values that do not convert)`` for a list of str/None."""
    import pyarrow as pa
    from ..execution.arrow_io import arrow_type
    at = arrow_type(dtype)
    fn = converter(dtype, tz)
    out, bad = [], []
    for i, s in enumerate(strings):
        if s is None:
            out.append(None)
            continue
        try:
            v = fn(s)
            if isinstance(v, Decimal):
                q = v.quantize(Decimal(1).scaleb(-dtype.scale))
                if len(q.as_tuple().digits) > dtype.precision:
                    raise ValueError(s)
                v = q
            out.append(v)
        except (ValueError, OverflowError, InvalidOperation):
            out.append(None)
            bad.append(i)
    return pa.array(out, at), bad
