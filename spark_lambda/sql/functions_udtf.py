"""Functions to call user-defined functions: ``udtf`` and ``arrow_udtf`` (Python table
functions), ``call_udf`` and ``call_function`` (a function by name: registered UDFs and
built-ins)."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column, col_expr
from .udtf import AnalyzeArgument, AnalyzeResult, arrow_udtf, udtf  # noqa: F401

__all__ = ["udtf", "arrow_udtf", "call_udf", "call_function", "AnalyzeArgument", "AnalyzeResult"]


def call_function(funcName: str, *cols) -> Column:
    """The function named ``funcName`` (a built-in or one ``spark.udf.register`` made) on
    ``cols`` (Columns or column names)."""
    return Column(ex.UnresolvedFunc(funcName, tuple(col_expr(c) for c in cols)))


def call_udf(udfName: str, *cols) -> Column:
    """The UDF registered as ``udfName`` (``spark.udf.register``) on ``cols``."""
    return call_function(udfName, *cols)
