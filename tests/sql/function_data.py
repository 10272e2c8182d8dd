"""The small DataFrames the function cases run over (``cases_functions``, ``cases_nested``)."""

from __future__ import annotations

import datetime


def nested(spark):
    return spark.createDataFrame(
        [(1, [1, 2, 3], {"a": 1, "b": 2}, (10, "x")),
         (2, [], {}, (20, None)),
         (3, None, None, None),
         (4, [4, None], {"c": None}, (None, "z"))],
        "id INT, arr ARRAY<INT>, m MAP<STRING,INT>, s STRUCT<n:INT,t:STRING>")


def words(spark):
    return spark.createDataFrame(
        [(1, "hello world", "a,b,,c", "2024-01-15", " pad "),
         (2, "Spark SQL rocks", "x", "1999-12-31", "tr"),
         (3, None, None, None, None),
         (4, "ümlaut ß", "1;2;3", "2000-02-29", "")],
        "id INT, s STRING, csv STRING, d STRING, p STRING")


def nums(spark):
    return spark.createDataFrame(
        [(1, 4, 2.5, -3), (2, 9, -1.5, 0), (3, None, None, 7), (4, 0, 0.0, None),
         (5, -7, 10.25, 12)],
        "id INT, i INT, x DOUBLE, j INT")


def times(spark):
    return spark.createDataFrame(
        [(1, datetime.datetime(2024, 1, 15, 10, 30, 45), datetime.date(2024, 1, 31)),
         (2, datetime.datetime(1999, 12, 31, 23, 59, 59), datetime.date(2000, 2, 29)),
         (3, None, None),
         (4, datetime.datetime(2020, 2, 29, 0, 0, 1), datetime.date(2021, 3, 1))],
        "id INT, ts TIMESTAMP, d DATE")
