"""Bad input gets PySpark's error classes before any task runs."""

from __future__ import annotations

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.errors import AnalysisException, ArithmeticException, ParseException


def test_missing_column_names_it_and_lists_the_columns(spark):
    df = spark.createDataFrame([(1, "a")], ["id", "name"])
    with pytest.raises(AnalysisException) as e:
        df.select("nope")
    assert e.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert "`nope`" in str(e.value) and "`id`" in str(e.value) and "`name`" in str(e.value)


def test_malformed_sql_is_a_parse_exception_with_its_line(spark):
    with pytest.raises(ParseException) as e:
        spark.sql("SELECT * FROM t\nWHERE a >")
    assert "line 2" in str(e.value)


def test_unknown_view(spark):
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT * FROM no_such_view")
    assert e.value.getErrorClass() == "TABLE_OR_VIEW_NOT_FOUND"


def test_non_grouped_column_is_missing_aggregation(spark):
    df = spark.createDataFrame([(1, "a")], ["id", "name"])
    with pytest.raises(AnalysisException) as e:
        df.groupBy("id").agg(F.col("name"))
    assert e.value.getErrorClass() == "MISSING_AGGREGATION"


def test_division_by_zero_raises_under_ansi(spark):
    import decimal
    df = spark.createDataFrame([(decimal.Decimal("1.5"), 0)], "a DECIMAL(5,1), b INT")
    with pytest.raises(ArithmeticException):
        df.select(F.col("a") / F.col("b")).collect()


def test_ambiguous_reference(spark):
    a = spark.createDataFrame([(1,)], ["k"])
    b = spark.createDataFrame([(1,)], ["k"])
    with pytest.raises(AnalysisException) as e:
        a.join(b, a.k == b.k).select("k")
    assert e.value.getErrorClass() == "AMBIGUOUS_REFERENCE"
