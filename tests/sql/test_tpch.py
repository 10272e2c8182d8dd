"""The 22 TPC-H queries through ``spark.sql`` on local[2], against PySpark's recorded answers
(``record_pyspark_tpch.py``: names, types, rows) and against DuckDB on the same files.

Each query runs three ways: as one task (the default for inputs this small: one DuckDB query,
``spark.sql.adaptive.singleTask.maxInputBytes``), and distributed (that threshold at 0) with
the default broadcast threshold (small tables are broadcast) and with broadcasts off (every
join hash-partitions both sides through the shuffle).
"""

from __future__ import annotations

import datetime
import decimal
import json
from pathlib import Path

import pytest

from .record_pyspark_tpch import OUT as PYSPARK_TPCH

QUERIES = sorted((Path(__file__).parent / "tpch").glob("q*.sql"))


def _same(a, b) -> bool:
    if isinstance(b, (float, decimal.Decimal)) and a is not None:
        return abs(float(a) - float(b)) <= 1e-6 + 1e-9 * abs(float(b))
    return a == b


MODES = {"one-task": ("10MB", "256m"), "broadcast": ("10MB", "0"), "shuffle": ("-1", "0")}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_tpch_query_matches_duckdb(tpch, query, mode):
    spark, con = tpch
    broadcast, one_task = MODES[mode]
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", broadcast)
    spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", one_task)
    text = query.read_text()
    try:
        rows = [tuple(r) for r in spark.sql(text).collect()]
    finally:
        spark.conf.unset("spark.sql.adaptive.singleTask.maxInputBytes")
    expected = con.execute(text).fetchall()
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert all(_same(a, b) for a, b in zip(got, want)), (got, want)


def test_tpch_q01_has_sparks_result_types(tpch):
    spark, _ = tpch
    df = spark.sql((Path(__file__).parent / "tpch" / "q01.sql").read_text())
    assert df.dtypes == [
        ("l_returnflag", "string"), ("l_linestatus", "string"),
        ("sum_qty", "decimal(25,2)"), ("sum_base_price", "decimal(25,2)"),
        ("sum_disc_price", "decimal(38,4)"), ("sum_charge", "decimal(38,6)"),
        ("avg_qty", "decimal(19,6)"), ("avg_price", "decimal(19,6)"),
        ("avg_disc", "decimal(19,6)"), ("count_order", "bigint")]
    row = df.collect()[0]
    assert isinstance(row.avg_qty, decimal.Decimal)
    assert row.avg_qty.as_tuple().exponent == -6


def _recorded_rows(texts: list) -> list:
    env = {"Decimal": decimal.Decimal, "datetime": datetime}
    return [eval(t, env) for t in texts]  # noqa: S307 - our own recorded reprs


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_tpch_query_matches_pyspark(tpch, query):
    spark, _ = tpch
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")
    want = json.loads(PYSPARK_TPCH.read_text())["queries"][query.stem]
    df = spark.sql(query.read_text())
    assert df.columns == want["columns"]
    assert [list(t) for t in df.dtypes] == want["dtypes"]
    rows = [tuple(r) for r in df.collect()]
    expected = _recorded_rows(want["rows"])
    assert len(rows) == len(expected)
    for got, exp in zip(rows, expected):
        assert all(a == b if isinstance(b, decimal.Decimal) else _same(a, b)
                   for a, b in zip(got, exp)), (got, exp)
