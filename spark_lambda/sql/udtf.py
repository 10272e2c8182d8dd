"""Python user-defined table functions: ``F.udtf`` and ``spark.udtf.register``.

A UDTF is a class with ``eval(self, *args)`` yielding rows (tuples, lists or Rows), and
optionally ``terminate(self)`` (more rows after the last input) and ``cleanup(self)`` (always
called last). Its output columns come from ``returnType`` (a ``StructType`` or a DDL string)
or, per call, from a static ``analyze(*AnalyzeArgument) -> AnalyzeResult``. Calling the
``UserDefinedTableFunction`` with Columns (``lit(1)``) or a table argument (``df.asTable()``)
gives a DataFrame; registered with ``spark.udtf.register`` it is callable in SQL text
(``SELECT * FROM f(1, x => 2)``, ``LATERAL f(t.c)``, ``f(TABLE(t))``). The plan node is
``catalyst/udtf_plans.py``; the tasks run it over Arrow batches (``execution/python_udtf.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .execution.python_udtf import SkipRestOfInputTableException  # noqa: F401
from .types import DataType, StructType


@dataclass(frozen=True)
class AnalyzeArgument:
    """One argument as ``analyze`` sees it: its type, its value when it is a constant, and
    whether it is a table argument."""
    dataType: DataType
    value: Any
    isTable: bool
    isConstantExpression: bool = False


@dataclass(frozen=True)
class PartitioningColumn:
    """A column ``analyze`` asks the input table to be partitioned by."""
    name: str


@dataclass(frozen=True)
class OrderingColumn:
    """A column ``analyze`` asks each partition of the input table to be sorted by."""
    name: str
    ascending: bool = True
    overrideNullsFirst: bool | None = None


@dataclass(frozen=True)
class SelectedColumn:
    """A column of the input table ``analyze`` selects (``alias`` renames it)."""
    name: str
    alias: str = ""


@dataclass
class AnalyzeResult:
    """What ``analyze`` returns: the output ``schema`` and, for a table argument, how its rows
    are to be partitioned and ordered."""
    schema: StructType
    withSinglePartition: bool = False
    partitionBy: list = field(default_factory=list)
    orderBy: list = field(default_factory=list)
    select: list = field(default_factory=list)


_ARROW_KEY = "spark.sql.execution.pythonUDTF.arrow.enabled"


def _error(cls_name: str, cond: str, message: str):
    from . import errors
    return getattr(errors, cls_name, errors.PySparkException)(f"[{cond}] {message}", cond)


class UserDefinedTableFunction:
    """A UDTF class wrapped for calling: ``f(col, ..., name=col)`` gives a DataFrame."""

    def __init__(self, func, returnType=None, name: str | None = None,
                 evalType: int = 300, deterministic: bool = False):
        if not isinstance(func, type):
            raise _error("PySparkTypeError", "INVALID_UDTF_HANDLER_TYPE",
                         f"The UDTF is invalid. The function handler must be a class, but got "
                         f"'{type(func).__name__}'. Please provide a class as the function "
                         "handler.")
        self.func = func
        self._name = name or func.__name__
        if not hasattr(func, "eval"):
            raise _error("PySparkAttributeError", "INVALID_UDTF_NO_EVAL",
                         f"The UDTF '{self._name}' is invalid. It does not implement the "
                         f"required 'eval' method. Please implement the 'eval' method in "
                         f"'{self._name}' and try again.")
        has_analyze = hasattr(func, "analyze")
        if returnType is None and not has_analyze:
            raise _error("PySparkAttributeError", "INVALID_UDTF_RETURN_TYPE",
                         f"The UDTF '{self._name}' is invalid. It does not specify its return "
                         f"type or implement the required 'analyze' static method. Please "
                         f"specify the return type or implement the 'analyze' static method "
                         f"in '{self._name}' and try again.")
        if returnType is not None and has_analyze:
            raise _error("PySparkAttributeError", "INVALID_UDTF_BOTH_RETURN_TYPE_AND_ANALYZE",
                         f"The UDTF '{self._name}' is invalid. It has both its return type and "
                         f"an 'analyze' attribute. Please make it have one of either the "
                         f"return type or the 'analyze' static method in '{self._name}' and "
                         "try again.")
        if isinstance(returnType, str):
            returnType = DataType.fromDDL(returnType)
        self.returnType = returnType
        self.evalType = evalType
        self.deterministic = deterministic

    @property
    def use_arrow(self) -> bool:
        """Whether results are converted strictly by Arrow (``useArrow=True``)."""
        return self.evalType == 301

    def asDeterministic(self) -> "UserDefinedTableFunction":
        """The same function, marked as giving the same rows for the same input."""
        self.deterministic = True
        return self

    def output_schema(self, args: list, kwargs: dict) -> AnalyzeResult:
        """The call's ``AnalyzeResult``: ``returnType``, else what ``analyze`` returns for
        these arguments, each ``(dataType, value, isTable, isConstantExpression)`` (its
        errors reported as PySpark's analyzer does)."""
        if self.returnType is not None and not isinstance(self.returnType, StructType):
            raise _error("PySparkTypeError", "UDTF_RETURN_TYPE_MISMATCH",
                         f"Mismatch in return type for the UDTF '{self._name}'. Expected a "
                         f"'StructType', but got '{self.returnType!r}'. Please ensure the "
                         "return type is a correctly formatted StructType.")
        if self.returnType is not None:
            return AnalyzeResult(self.returnType)
        from .errors import AnalysisException
        args = [AnalyzeArgument(*a) for a in args]
        kwargs = {k: AnalyzeArgument(*a) for k, a in kwargs.items()}
        try:
            result = self.func.analyze(*args, **kwargs)
        except Exception as exc:
            raise AnalysisException(
                f"[TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON] Failed to analyze the "
                f"Python user defined table function: {type(exc).__name__}: {exc}",
                "TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON") from None
        if not isinstance(result, AnalyzeResult) or not isinstance(result.schema, StructType):
            raise AnalysisException(
                "[TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON] Failed to analyze the "
                "Python user defined table function: Output of `analyze` static method of "
                "Python UDTFs expects a pyspark.sql.udtf.AnalyzeResult but got: "
                f"{type(result)}", "TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON")
        return result

    def __call__(self, *args, **kwargs):
        import sys
        from .catalyst import plans as lp
        from .catalyst.udtf_plans import table_func_call
        session = _active_session()
        if session is None:
            raise _error("PySparkRuntimeError", "NO_ACTIVE_SESSION",
                         "No active Spark session found. Please create a new Spark session "
                         "before running the code.")
        plan = table_func_call(self._name, lp.Opaque(self), _args(args), tuple(
            (k, _arg(v)) for k, v in kwargs.items()))
        frame = sys.modules["spark_lambda.sql.dataframe"].DataFrame
        return frame(session._analyze(plan), session, plan)


def _active_session():
    import sys
    # a session exists only once its module is loaded (not imported here: the session's
    # modules import this one through ``functions``)
    module = sys.modules.get("spark_lambda.sql.session")
    return module.SparkSession.getActiveSession() if module is not None else None


def _args(args) -> tuple:
    return tuple(_arg(a) for a in args)


def _arg(a):
    from .column import col_expr
    from .table_arg import TableArg
    if isinstance(a, TableArg):
        return a._spec()
    return col_expr(a)


def udtf(cls=None, *, returnType=None, useArrow: bool | None = None):
    """A UDTF from a class: ``udtf(Cls, returnType="a: int")``, ``@udtf(returnType=...)`` or
    ``@udtf`` (the class then has a static ``analyze``). Rows are converted strictly with
    Arrow (PySpark 4's default), or with ``useArrow=False`` as its pickled UDTFs do (a value
    of the wrong type becomes NULL); without ``useArrow`` the active session's
    ``spark.sql.execution.pythonUDTF.arrow.enabled`` decides."""
    def make(c):
        arrow = useArrow
        if arrow is None:
            session = _active_session()
            value = session.conf.get(_ARROW_KEY, "true") if session is not None else "true"
            arrow = str(value).lower() != "false"
        return UserDefinedTableFunction(c, returnType, evalType=301 if arrow else 300)
    return make if cls is None else make(cls)


def arrow_udtf(cls=None, *, returnType=None):
    """A PyArrow-native UDTF: ``eval`` takes the table argument as a ``pyarrow.RecordBatch``
    and other arguments as ``pyarrow.Array``s, and yields ``pyarrow.Table``s or
    ``RecordBatch``es (cast by position to ``returnType``)."""
    def make(c):
        if hasattr(c, "analyze"):
            raise _error("PySparkAttributeError", "INVALID_ARROW_UDTF_WITH_ANALYZE",
                         f"The arrow UDTF '{c.__name__}' is invalid. Arrow UDTFs do not "
                         f"support the 'analyze' method. Please remove the 'analyze' method "
                         f"from '{c.__name__}' and specify a returnType instead.")
        return UserDefinedTableFunction(c, returnType, evalType=302)
    return make if cls is None else make(cls)


class UDTFRegistration:
    """``spark.udtf``: table functions registered for SQL text."""

    def __init__(self, session):
        self._session = session

    def register(self, name: str, f) -> UserDefinedTableFunction:
        """Make the UDTF ``f`` callable as ``name`` in SQL (``SELECT * FROM name(...)``)."""
        if not isinstance(f, UserDefinedTableFunction):
            raise _error("PySparkTypeError", "CANNOT_REGISTER_UDTF",
                         f"Cannot register the UDTF '{name}': expected a "
                         "'UserDefinedTableFunction'. Please make sure the UDTF is correctly "
                         "defined as a class, and then either wrap it in the `udtf()` function "
                         "or annotate it with `@udtf(...)`.")
        u = UserDefinedTableFunction(f.func, f.returnType, name, f.evalType, f.deterministic)
        self._session._analyzer.__dict__.setdefault("udtfs", {})[name.lower()] = u
        return u
