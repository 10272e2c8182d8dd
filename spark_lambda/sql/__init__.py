"""DataFrames and SQL on spark-lambda: ``pyspark.sql`` with only the import changed.

``from spark_lambda.sql import SparkSession, functions as F``. Plans are built and analyzed on
the driver; stages run as RDD tasks on the engine, each task one DuckDB query over Arrow data.
Importing this package attaches ``RDD.toDF`` (as PySpark does); the SQL stack (duckdb, pyarrow,
sqlglot) is imported only when it is first needed.
"""

from __future__ import annotations

from . import functions, types  # noqa: F401
from .column import Column
from .dataframe import DataFrame
from .errors import AnalysisException, ParseException  # noqa: F401
from .group import GroupedData
from .row import Row
from .session import RuntimeConfig, SparkSession
from .window import Window, WindowSpec


def _rdd_to_df(self, schema=None, sampleRatio=None):
    """The RDD of rows as a DataFrame (needs an active SparkSession)."""
    session = SparkSession._active or SparkSession(self.ctx)
    return session.createDataFrame(self, schema)


def _attach_to_df() -> None:
    from .execution.engine_bridge import RDD
    if not hasattr(RDD, "toDF"):
        RDD.toDF = _rdd_to_df


_attach_to_df()

__all__ = ["SparkSession", "DataFrame", "Column", "Row", "GroupedData", "RuntimeConfig",
           "functions", "types", "AnalysisException", "ParseException", "Window", "WindowSpec"]
