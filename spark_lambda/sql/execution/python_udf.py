"""Python UDFs in a task: functions registered on the task's DuckDB connection, called by
DuckDB once per batch of rows (vectorised, as Arrow arrays; never a row at a time through a
JVM).

The planner's SQL writer gives each ``PythonUDF`` a name (``udf_call_sql``) and keeps a
``UdfSpec`` for it; the task registers every spec on its connection (``register_udfs``) before
running its query. A spec's ``__call__`` receives the batch's argument arrays and returns an
array of the declared type:

- ``batched`` (``F.udf``): the function per row on Python values; a result that is not of the
  declared type becomes NULL, as PySpark's pickled UDFs do (StringType takes any value's text);
- ``arrow`` (``useArrow=True``): the function per row, results converted by Arrow strictly; a
  wrong type is PySpark's type error naming the type;
- ``scalar_pandas``: the function once per batch on pandas Series.

A function that raises fails the task with ``PythonException`` carrying the user's traceback,
as PySpark's worker reports it. DuckDB wraps what a UDF raises in its own error, so the
exception is also kept here and ``take_failure`` hands it to the task, which raises it.
"""

from __future__ import annotations

import datetime
import decimal
import threading
import traceback

from .expr_sql import duck_type

class _Failure:
    """The first exception a UDF raised in the running query, whichever of DuckDB's threads
    called it (an executor process runs one task at a time)."""

    def __init__(self):
        self._error = None
        self._lock = threading.Lock()

    @property
    def error(self):
        return self._error

    @error.setter
    def error(self, value):
        with self._lock:
            if value is None or self._error is None:
                self._error = value


_failure = _Failure()

_WORKER_HEADER = ("\n  An exception was thrown from the Python worker. Please see the stack "
                  "trace below.\n")


def udf_call_sql(w, e) -> str:
    """``name(args)`` for the task's SQL; records the spec on the writer ``w``."""
    udfs = w.__dict__.setdefault("udfs", {})
    key = f"pyudf_{id(e.ref)}_{e.eval_type}_{'_'.join(duck_type(a.dtype) for a in e.args)}"
    key = "".join(c if c.isalnum() else "_" for c in key)
    if key not in udfs:
        udfs[key] = UdfSpec(e.ref.func, e.name, [a.dtype for a in e.args], e.return_type,
                            e.eval_type)
    args = [w.sql(a) for a in e.args] or ["0"]
    return f"{key}({', '.join(args)})"


def python_exception(exc: BaseException):
    """PySpark's ``PythonException`` for ``exc``: its traceback without this module's frames."""
    from ..errors import PythonException
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    text = ("Traceback (most recent call last):\n"
            + "".join(traceback.format_list(frames))
            + "".join(traceback.format_exception_only(type(exc), exc)))
    return PythonException(_WORKER_HEADER + text, "PYTHON_EXCEPTION")


def take_failure():
    """The exception a UDF raised during the last query, once."""
    err = getattr(_failure, "error", None)
    _failure.error = None
    return err


def register_udfs(con, udfs: dict) -> None:
    """Register each ``name → UdfSpec`` on a DuckDB connection."""
    _failure.error = None
    for name, spec in udfs.items():
        params = [duck_type(t) for t in spec.arg_types] or ["INTEGER"]
        con.create_function(name, _with_arity(spec, len(params)), params,
                            duck_type(spec.return_type), type="arrow",
                            null_handling="special", side_effects=True)


def _with_arity(fn, n: int):
    """``fn`` behind a function of exactly ``n`` parameters (DuckDB counts them)."""
    names = ", ".join(f"a{i}" for i in range(n))
    scope = {"fn": fn}
    exec(f"def call({names}):\n    return fn({names})", scope)  # noqa: S102 (fixed text)
    return scope["call"]


class UdfSpec:
    """One UDF as the task calls it (see the module doc)."""

    def __init__(self, func, name, arg_types, return_type, eval_type):
        self.func, self.name = func, name
        self.arg_types, self.return_type, self.eval_type = arg_types, return_type, eval_type

    def __call__(self, *arrays):
        import pyarrow as pa
        from .arrow_io import arrow_type
        n = len(arrays[0])
        if not self.arg_types:
            arrays = ()
        at = arrow_type(self.return_type)
        try:
            if self.eval_type == "scalar_pandas":
                from ..pandas_ops import require_pandas
                require_pandas()
                out = self.func(*[a.to_pandas() for a in arrays])
                return _from_pandas(out, at, n, self.return_type)
            if self.eval_type == "scalar_arrow":
                return _from_arrow(self.func(*arrays), at, n)
            cols = [a.to_pylist() for a in arrays]
            values = [self.func(*row) for row in zip(*cols)] if cols else \
                [self.func() for _ in range(n)]
        except Exception as exc:
            _failure.error = python_exception(exc)
            raise
        if self.eval_type == "arrow":
            try:
                return pa.array(values, at)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError) as e:
                _failure.error = _type_error(self.return_type, e)
                raise
        return pa.array([coerce(v, self.return_type) for v in values], at)


def _from_arrow(out, at, n: int):
    """A scalar Arrow UDF's result: an Arrow array of the batch's length, cast to ``at``."""
    import pyarrow as pa
    if isinstance(out, pa.ChunkedArray):
        out = out.combine_chunks()
    if not isinstance(out, pa.Array) or len(out) != n:
        from ..errors import PythonException
        raise PythonException(
            f"[RESULT_LENGTH_MISMATCH] The Arrow UDF returned "
            f"{len(out) if isinstance(out, pa.Array) else type(out).__name__} values for a "
            f"batch of {n} rows; it must return a pyarrow.Array of the same length.")
    return out if out.type == at else out.cast(at)


def _type_error(t, e: Exception):
    from ..errors import PythonException
    return PythonException(
        _WORKER_HEADER + f"pyspark.errors.exceptions.base.PySparkRuntimeError: "
        f"[RESULT_TYPE_MISMATCH_FOR_ARROW_UDF] Columns do not match in their data type: "
        f"the UDF declared {t.simpleString()} (arrow: {e}).")


def _from_pandas(out, at, n, t):
    import pyarrow as pa
    try:
        if len(out) != n:
            raise ValueError(f"Result vector from pandas_udf was not the required length: "
                             f"expected {n}, got {len(out)}.")
        return pa.Array.from_pandas(out, type=at)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
        _failure.error = _type_error(t, e)
        raise
    except ValueError as e:
        from ..errors import PythonException
        _failure.error = PythonException(_WORKER_HEADER + f"pyspark.errors.exceptions.base."
                                         f"PySparkRuntimeError: [SCHEMA_MISMATCH_FOR_PANDAS_UDF] "
                                         f"{e}")
        raise


def coerce(v, t):
    """A UDF's result as PySpark's pickled UDFs take it: the value if it fits ``t``, else NULL
    (a StringType result takes any value's text)."""
    from .. import types as T
    if v is None:
        return None
    if isinstance(t, T.StringType):
        if isinstance(v, str):
            return v
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)
    if isinstance(t, T.BooleanType):
        return v if isinstance(v, bool) else None
    if isinstance(t, T.IntegralType):
        if isinstance(v, bool) or not isinstance(v, int):
            return None
        bits = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}[type(t)]
        return v if -(1 << (bits - 1)) <= v < (1 << (bits - 1)) else None
    if isinstance(t, (T.DoubleType, T.FloatType)):
        return v if isinstance(v, float) else None
    if isinstance(t, T.DecimalType):
        return v if isinstance(v, decimal.Decimal) else None
    if isinstance(t, T.DateType):
        return v if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) \
            else None
    if isinstance(t, (T.TimestampType, T.TimestampNTZType)):
        return v if isinstance(v, datetime.datetime) else None
    if isinstance(t, T.BinaryType):
        return bytes(v) if isinstance(v, (bytes, bytearray)) else None
    if isinstance(t, T.ArrayType):
        if not isinstance(v, (list, tuple)):
            return None
        return [coerce(x, t.elementType) for x in v]
    if isinstance(t, T.MapType):
        if not isinstance(v, dict):
            return None
        return [(coerce(k, t.keyType), coerce(x, t.valueType)) for k, x in v.items()]
    if isinstance(t, T.StructType):
        if isinstance(v, dict):
            return {f.name: coerce(v.get(f.name), f.dataType) for f in t}
        if isinstance(v, (list, tuple)):
            return {f.name: coerce(x, f.dataType) for f, x in zip(t, v)}
        return None
    return v
