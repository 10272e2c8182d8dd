"""DataFrames and SQL on spark-lambda: ``pyspark.sql`` with only the import changed.

``from spark_lambda.sql import SparkSession, functions as F``. Plans are built and analyzed on
the driver; stages run as RDD tasks on the engine, each task one DuckDB query over Arrow data.
Importing this package attaches ``RDD.toDF`` (as PySpark does); its names (``SparkSession``,
``DataFrame``, ``functions``...) are imported when first used, so an executor, which imports
only the task modules under ``execution``, never loads the DataFrame API, and the SQL stack
(duckdb, pyarrow, sqlglot) is imported only when it is first needed.
"""

from __future__ import annotations

import importlib

from ..rdd import RDD

_NAMES = {"SparkSession": "session", "RuntimeConfig": "session", "DataFrame": "dataframe",
          "Column": "column", "GroupedData": "group", "Row": "row", "Window": "window",
          "WindowSpec": "window", "AnalysisException": "errors", "ParseException": "errors"}
_MODULES = ("functions", "types")

__all__ = ["SparkSession", "DataFrame", "Column", "Row", "GroupedData", "RuntimeConfig",
           "functions", "types", "AnalysisException", "ParseException", "Window", "WindowSpec"]


def __getattr__(name: str):
    """The package's public names, imported on first use (PEP 562)."""
    if name in _NAMES:
        value = getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))


def _rdd_to_df(self, schema=None, sampleRatio=None):
    """The RDD of rows as a DataFrame (needs an active SparkSession)."""
    from .session import SparkSession
    session = SparkSession._active or SparkSession(self.ctx)
    return session.createDataFrame(self, schema)


if not hasattr(RDD, "toDF"):
    RDD.toDF = _rdd_to_df
