"""Global orderBy by range partitioning: the rows of a many-partition sort equal a single
partition's sort and DuckDB's ORDER BY with Spark's null placement, and the sort's reduce stage
really runs more than one task."""

from __future__ import annotations

import datetime
import decimal
import functools
import math
import random

import pytest

from .test_exchange import _record

SCHEMA = "id int, i int, x double, s string, d date, m decimal(10,2)"


def _rows(n=1200, seed=7):
    rnd = random.Random(seed)
    day = datetime.date(2020, 1, 1)
    pick = rnd.choice
    return [(k,
             pick([None, 1, 2, 3, -5, rnd.randint(-1000, 1000)]),
             pick([None, float("nan"), -0.0, 0.0, 1.5, -3.0, float("inf"), float("-inf"),
                   rnd.uniform(-10, 10)]),
             pick([None, "", "a", "ab", "b", "é", "Z", "a\u00e9" + str(rnd.randint(0, 50))]),
             pick([None, day, day + datetime.timedelta(days=rnd.randint(-400, 400))]),
             pick([None, decimal.Decimal("0.00"), decimal.Decimal(rnd.randint(-9999, 9999)).scaleb(-2)]))
            for k in range(n)]


def _session(new_context, partitions: str, adaptive: bool = False):
    from spark_lambda.sql import SparkSession
    sc = new_context(spark_task_maxFailures="1")
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": partitions,
                              "spark.sql.adaptive.enabled": str(adaptive).lower()})
    events, _kinds = _record(sc)
    return spark, events


def _last_stage_tasks(events):
    last = max(f["stage"] for n, f in events if n == "task_end")
    return [f for n, f in events if n == "task_end" and f["stage"] == last]


def _spark_key(value, ascending, nulls_first):
    """A sort key in Spark's order: nulls placed as asked, NaN above every number, -0.0 = 0.0."""
    if value is None:
        return (0,) if nulls_first else (2,)
    if isinstance(value, float):
        value = (1, 0.0) if math.isnan(value) else (0, value + 0.0)
    return (1, value if ascending else _Desc(value))


@functools.total_ordering
class _Desc:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v

    def __lt__(self, other):
        return other.v < self.v


def _expected(rows, spec):
    """``rows`` sorted by ``spec``: (column index, ascending, nulls first)."""
    return sorted(rows, key=lambda r: tuple(_spark_key(r[c], a, nf) for c, a, nf in spec))


def _keys(rows, spec):
    return [tuple(_norm(r[c]) for c, _, _ in spec) for r in rows]


def _norm(v):
    if isinstance(v, float):
        return "nan" if math.isnan(v) else v + 0.0
    return v


SPECS = {
    "i asc, x desc": [(1, True, True), (2, False, False)],
    "x asc nulls last": [(2, True, False)],
    "s desc nulls first, d asc": [(3, False, True), (4, True, True)],
    "m desc, s asc nulls last, i": [(5, False, False), (3, True, False), (1, True, True)],
    "d desc nulls first": [(4, False, True)],
}


def _order_cols(spec):
    from spark_lambda.sql import functions as F
    names = SCHEMA.replace(",", "").split()[::2]
    out = []
    for c, asc, nf in spec:
        col = F.col(names[c])
        out.append(getattr(col, f"{'asc' if asc else 'desc'}_nulls_{'first' if nf else 'last'}")()
                   if (asc != nf) else (col.asc() if asc else col.desc()))
    return out


@pytest.mark.parametrize("name", sorted(SPECS))
def test_range_sort_equals_spark_order_and_uses_many_partitions(new_context, name):
    spec = SPECS[name]
    rows = _rows()
    spark, events = _session(new_context, "8")
    df = spark.createDataFrame(rows, SCHEMA).repartition(6)
    got = [tuple(r) for r in df.orderBy(*_order_cols(spec)).collect()]
    reducers = _last_stage_tasks(events)
    assert len(reducers) > 1
    assert sum(1 for f in reducers if f["metrics"]["records_read"] > 0) > 1
    want = _expected(rows, spec)
    assert _keys(got, spec) == _keys(want, spec)
    assert sorted(map(repr, got)) == sorted(map(repr, rows))

    spark.conf.set("spark.sql.shuffle.partitions", "1")
    single = [tuple(r) for r in df.orderBy(*_order_cols(spec)).collect()]
    assert len(_last_stage_tasks(events)) == 1
    assert _keys(single, spec) == _keys(got, spec)


def test_range_sort_equals_duckdb_order_by(new_context):
    import duckdb
    import pyarrow as pa
    rows = _rows(800, seed=3)
    spark, events = _session(new_context, "5")
    df = spark.createDataFrame(rows, SCHEMA).repartition(4)
    got = [tuple(r) for r in df.orderBy(df.s.desc(), df.x, df.id.desc()).collect()]
    assert len(_last_stage_tasks(events)) > 1
    table = df.toArrow() if hasattr(df, "toArrow") else pa.Table.from_pylist(
        [r.asDict() for r in df.collect()])
    con = duckdb.connect()
    con.register("t", table)
    want = con.sql("SELECT * FROM t ORDER BY s DESC NULLS LAST, x ASC NULLS FIRST, "
                   "id DESC NULLS LAST").fetchall()
    assert [_norm_row(r) for r in got] == [_norm_row(r) for r in want]


def _norm_row(r):
    return tuple(_norm(v) for v in r)


def test_ties_and_a_single_key_value(new_context):
    spark, events = _session(new_context, "6")
    rows = [(k % 3, k) for k in range(600)]
    df = spark.createDataFrame(rows, "k int, v int").repartition(5)
    got = [tuple(r) for r in df.orderBy("k").collect()]
    assert [k for k, _ in got] == sorted(k for k, _ in rows)
    # every key in one range: a key's rows are never split between partitions
    ranges = [f["metrics"]["records_read"] for f in _last_stage_tasks(events)]
    assert sorted(r for r in ranges if r) == [200, 200, 200]
    same = spark.createDataFrame([(1, k) for k in range(50)], "k int, v int").repartition(3)
    assert sorted(tuple(r) for r in same.orderBy("k").collect()) == [(1, k) for k in range(50)]


def test_empty_and_all_null_inputs(new_context):
    spark, _ = _session(new_context, "4")
    df = spark.createDataFrame([(k, None) for k in range(30)], "k int, n string")
    assert [r.k for r in df.orderBy("n", "k").collect()] == list(range(30))
    assert df.filter("k < 0").orderBy("k").collect() == []
    assert df.filter("k < 0").orderBy("k").columns == ["k", "n"]


def test_adaptive_coalescing_keeps_the_order(new_context):
    spark, _ = _session(new_context, "50", adaptive=True)
    rows = _rows(500, seed=11)
    df = spark.createDataFrame(rows, SCHEMA).repartition(4)
    spec = SPECS["i asc, x desc"]
    got = [tuple(r) for r in df.orderBy(*_order_cols(spec)).collect()]
    assert _keys(got, spec) == _keys(_expected(rows, spec), spec)


def test_sort_then_limit_and_more_operators(new_context):
    from spark_lambda.sql import functions as F
    spark, _ = _session(new_context, "4")
    df = spark.createDataFrame([(k % 37, k) for k in range(400)], "k int, v int").repartition(3)
    assert [tuple(r) for r in df.orderBy(F.desc("k"), "v").limit(5).collect()] == \
        [(36, v) for v in range(36, 400, 37)][:5]
    sel = df.orderBy("v").select((F.col("v") * 2).alias("w")).collect()
    assert [r.w for r in sel] == [2 * v for v in range(400)]
    assert spark.createDataFrame(df.orderBy(F.desc("v")).toPandas()).count() == 400
    assert [r.v for r in df.orderBy(F.desc("v")).toPandas().itertuples()] == \
        list(range(399, -1, -1))


def test_a_sort_or_limit_of_one_partition_runs_no_exchange(new_context):
    from spark_lambda.sql import functions as F
    spark, events = _session(new_context, "8")
    df = spark.createDataFrame([(k % 37, k) for k in range(400)], "k int, v int").coalesce(1)
    got = [tuple(r) for r in df.orderBy(F.desc("k"), "v").collect()]
    assert got == sorted(((k % 37, k) for k in range(400)), key=lambda r: (-r[0], r[1]))
    assert [tuple(r) for r in df.orderBy("v").limit(3).collect()] == [(0, 0), (1, 1), (2, 2)]
    assert df.limit(5).count() == 5
    assert not [f for n, f in events if n == "stage_submitted" and f["kind"] != "result"]


def test_bounds_weigh_samples_by_partition_size():
    from spark_lambda.sql.execution.range_sort import determine_bounds
    assert determine_bounds([], 4) == []
    assert determine_bounds([(b"a", 1.0)], 1) == []
    # "b" comes from a partition ten times larger: it takes most of the weight
    cands = [(b"a", 1.0), (b"c", 1.0), (b"b", 10.0), (b"b", 10.0), (b"d", 1.0)]
    assert determine_bounds(cands, 2) == [b"b"]
    assert determine_bounds([(bytes([k]), 1.0) for k in range(100)], 4) == \
        [bytes([24]), bytes([49]), bytes([74])]
    assert determine_bounds([(b"x", 1.0)] * 10, 5) == [b"x"]
