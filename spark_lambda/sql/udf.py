"""User-defined functions: ``F.udf``, ``pandas_udf`` and ``spark.udf.register``.

``udf(f, returnType)`` (or ``@udf(returnType=...)``) wraps a Python function; calling the
wrapper on columns gives a ``Column`` holding a ``PythonUDF`` expression (see
``catalyst/udf_expr.py``), evaluated in the tasks over Arrow batches
(``execution/python_udf.py``). ``returnType`` is a ``DataType`` or a DDL string; the default is
``StringType``. A UDF may be called with keyword arguments (``f(b=col, a=col2)``, named
``f(b => col, a => col2)``); ``udf`` on a function whose hints are all ``pd.Series`` (or
``pa.Array``) makes a scalar pandas (Arrow) UDF, as PySpark 4 does. ``pandas_udf`` makes scalar (Series → Series) and grouped-aggregate
(Series → scalar) pandas UDFs, told apart by the function's type hints as PySpark does or by
``functionType``. ``spark.udf.register(name, f, returnType)`` makes a function callable by name
in SQL text and ``F.expr``.
"""

from __future__ import annotations

import functools

from .catalyst.udf_expr import FunctionRef, PandasAggCall, PythonUDF
from .column import Column, col_expr
from .types import DataType, StringType


class PythonEvalType:
    """PySpark's evaluation type numbers (``UserDefinedFunction.evalType``)."""

    SQL_BATCHED_UDF = 100
    SQL_ARROW_BATCHED_UDF = 101
    SQL_SCALAR_PANDAS_UDF = 200
    SQL_GROUPED_MAP_PANDAS_UDF = 201
    SQL_GROUPED_AGG_PANDAS_UDF = 202
    SQL_SCALAR_ARROW_UDF = 250

    KINDS = {100: "batched", 101: "arrow", 200: "scalar_pandas", 202: "grouped_agg_pandas",
             250: "scalar_arrow"}


def _type(t) -> DataType:
    if t is None:
        return StringType()
    if isinstance(t, str):
        return DataType.fromDDL(t)
    if isinstance(t, DataType):
        return t
    from .errors import PySparkTypeError
    raise PySparkTypeError(f"[NOT_DATATYPE_OR_STR] Argument `returnType` should be a DataType "
                           f"or str, got {type(t).__name__}.", "NOT_DATATYPE_OR_STR")


class UserDefinedFunction:
    """A Python function callable on Columns (what ``udf`` and ``pandas_udf`` return)."""

    def __init__(self, func, returnType=None, name: str | None = None,
                 evalType: int = PythonEvalType.SQL_BATCHED_UDF, deterministic: bool = True):
        if not callable(func):
            from .errors import PySparkTypeError
            raise PySparkTypeError(f"[NOT_CALLABLE] Argument `func` should be a callable, got "
                                   f"{type(func).__name__}.", "NOT_CALLABLE")
        self.func = func
        self.returnType = _type(returnType)
        self.evalType = evalType
        self.deterministic = deterministic
        self._name = name or getattr(func, "__name__", type(func).__name__)
        self._ref = FunctionRef(func, self._name)

    def __call__(self, *cols, **named) -> Column:
        args = tuple(col_expr(c) for c in (*cols, *named.values()))
        if not named:
            return Column(self._expr(args))
        kind = PythonEvalType.KINDS[self.evalType]
        if kind == "grouped_agg_pandas":
            from .errors import PySparkNotImplementedError
            raise PySparkNotImplementedError(
                "[NOT_IMPLEMENTED] Keyword arguments of a grouped-aggregate pandas UDF are not "
                "supported; pass the columns positionally.", "NOT_IMPLEMENTED")
        ref = FunctionRef(KeywordCall(self.func, len(cols), tuple(named)), self._name)
        names = (None,) * len(cols) + tuple(named)
        return Column(PythonUDF(self._name, ref, args, self.returnType, kind, names))

    def _expr(self, args: tuple):
        kind = PythonEvalType.KINDS[self.evalType]
        if kind == "grouped_agg_pandas":
            return PandasAggCall(self._name, args, False, self.returnType, True, self._ref,
                                 self._name)
        return PythonUDF(self._name, self._ref, args, self.returnType, kind)

    def asNondeterministic(self) -> "UserDefinedFunction":
        """The same function, marked as giving different results for the same input."""
        self.deterministic = False
        return self

    def _wrapped(self):
        @functools.wraps(self.func)
        def wrapper(*cols, **named):
            return self(*cols, **named)
        wrapper.func = self.func
        wrapper.returnType = self.returnType
        wrapper.evalType = self.evalType
        wrapper.deterministic = self.deterministic
        wrapper.asNondeterministic = lambda: self.asNondeterministic()._wrapped()
        wrapper._unwrapped = self
        return wrapper


class KeywordCall:
    """A function called with its first ``positional`` values by position and the rest by
    the keyword ``names`` (a UDF called as ``f(col, b=col2)``)."""

    def __init__(self, func, positional: int, names: tuple):
        self.func, self.positional, self.names = func, positional, names

    def __call__(self, *values):
        n = self.positional
        return self.func(*values[:n], **dict(zip(self.names, values[n:])))


def udf(f=None, returnType=None, *, useArrow: bool | None = None):
    """A Python function as a UDF: ``udf(f, "int")``, ``@udf``, ``@udf("int")`` or
    ``@udf(returnType=IntegerType())``; the default return type is ``StringType``.
    ``useArrow=True`` converts results strictly with Arrow (PySpark's Arrow-optimised UDF)."""
    if f is None or isinstance(f, (str, DataType)):
        rt = f if returnType is None else returnType
        return functools.partial(_make_udf, returnType=rt, useArrow=useArrow)
    return _make_udf(f, returnType, useArrow)


def _make_udf(f, returnType=None, useArrow=None):
    # PySpark 4.3 optimises UDFs with Arrow by default (strict result types); useArrow=False
    # gives the pickled UDF's behaviour (a result of the wrong type becomes NULL)
    kind = PythonEvalType.SQL_BATCHED_UDF if useArrow is False \
        else PythonEvalType.SQL_ARROW_BATCHED_UDF
    if useArrow is None:
        kind = _vectorized_kind(f) or kind
    return UserDefinedFunction(f, returnType, evalType=kind)._wrapped()


def _vectorized_kind(f) -> int | None:
    """The vectorized kind a plain ``udf``'s type hints ask for (PySpark 4.x): every
    parameter and the result ``pd.Series`` → scalar pandas UDF, ``pa.Array`` → scalar Arrow
    UDF; None for anything else (a row-at-a-time UDF)."""
    import inspect
    try:
        sig = inspect.signature(f)
    except (TypeError, ValueError):
        return None
    hints = [p.annotation for p in sig.parameters.values()] + [sig.return_annotation]
    if len(hints) < 2:
        return None
    names = {h if isinstance(h, str) else
             f"{getattr(h, '__module__', '')}.{getattr(h, '__name__', '')}" for h in hints}
    if all(n.endswith("Series") and "pandas" in n or n in ("pd.Series", "Series")
           for n in names):
        return PythonEvalType.SQL_SCALAR_PANDAS_UDF
    if all(n.endswith("Array") and ("pyarrow" in n or n.startswith("pa.")) for n in names):
        return PythonEvalType.SQL_SCALAR_ARROW_UDF
    return None


class ArrowUDFType:
    """PySpark's ``functionType`` constants of Arrow UDFs."""

    SCALAR = PythonEvalType.SQL_SCALAR_ARROW_UDF


class PandasUDFType:
    """PySpark's legacy ``functionType`` constants of ``pandas_udf``."""

    SCALAR = PythonEvalType.SQL_SCALAR_PANDAS_UDF
    GROUPED_MAP = PythonEvalType.SQL_GROUPED_MAP_PANDAS_UDF
    GROUPED_AGG = PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF


def _infer_pandas_kind(f) -> int:
    import inspect
    try:
        hints = inspect.signature(f)
    except (TypeError, ValueError):
        return PythonEvalType.SQL_SCALAR_PANDAS_UDF
    ret = hints.return_annotation
    text = ret if isinstance(ret, str) else getattr(ret, "__name__", str(ret))
    if ret is inspect.Signature.empty or "Series" in str(text) or "DataFrame" in str(text):
        return PythonEvalType.SQL_SCALAR_PANDAS_UDF
    return PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF


def pandas_udf(f=None, returnType=None, functionType=None):
    """A pandas UDF: scalar (``pd.Series`` → ``pd.Series`` per batch) or grouped aggregate
    (``pd.Series`` → a scalar per group, for ``groupBy().agg``), told apart by the return type
    hint as PySpark does (or ``functionType``). Needs the ``pandas`` extra."""
    from .pandas_ops import require_pandas
    require_pandas()
    if f is None or isinstance(f, (str, DataType)):
        rt = f if returnType is None else returnType
        if isinstance(returnType, int) and functionType is None:
            functionType, rt = returnType, f
        return functools.partial(_make_pandas, returnType=rt, functionType=functionType)
    if isinstance(returnType, int) and functionType is None:
        functionType, returnType = returnType, None
    return _make_pandas(f, returnType, functionType)


def _make_pandas(f, returnType=None, functionType=None):
    kind = functionType or _infer_pandas_kind(f)
    return UserDefinedFunction(f, returnType, evalType=kind)._wrapped()


class UDFRegistration:
    """``spark.udf``: functions registered for SQL text."""

    def __init__(self, session):
        self._session = session

    def register(self, name: str, f, returnType=None):
        """Make ``f`` (a function or a UDF) callable as ``name`` in SQL; returns the UDF."""
        inner = getattr(f, "_unwrapped", None)
        if isinstance(f, UserDefinedFunction):
            inner = f
        if inner is not None:
            u = UserDefinedFunction(inner.func, returnType or inner.returnType, name,
                                    inner.evalType)
        else:
            u = UserDefinedFunction(f, returnType, name)
        registry = self._session._analyzer.__dict__.setdefault("udfs", {})
        registry[name.lower()] = u
        return u._wrapped()

    def registerJavaFunction(self, *args, **kwargs):
        """Not available: there is no JVM."""
        from .errors import UnsupportedOperationException
        raise UnsupportedOperationException("Java UDFs need a JVM; spark-lambda has none.")
