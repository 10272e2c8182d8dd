"""``explain()`` against PySpark's, recorded by ``record_pyspark_explain.py`` (TPC-H at SF 0.1
with broadcast joins off and on, and the DataFrame shapes of ``explain_shapes``).

How the plans are compared (``plan_shapes``): each section's operator tree, by operator names
and nesting, join types and exchange kinds; expression ids, ``plan_id``, paths, partition
counts and ``*(n)`` are not compared. Left out of the shape are the operators whose placement
is an implementation detail of Spark's planner rather than of the query: ``Project`` and
``Filter`` (where columns are dropped and null checks added), ``ColumnarToRow``,
``AdaptiveSparkPlan``, ``SubqueryAlias``/``View``, ``LocalLimit`` and the ``Sort`` Spark puts
under a ``SortMergeJoin`` or a ``Window``. Two renamings are the engine's own: a join of two
hash-partitioned sides is ``ShuffledHashJoin`` (DuckDB builds a hash table; Spark's default
is ``SortMergeJoin``), and a comma join reads as ``Join Cross`` where Spark says ``Join Inner``.

The physical plans are compared with broadcasts off on both sides (Spark's size estimates
and ours pick different tables to broadcast; with them off the plan is the planner's own
choice of exchanges and joins). Where the plans differ for a reason listed below, the test
checks that they still differ, so that the list stays true. With broadcasts on, every
operator we print must be one of Spark's.
"""

from __future__ import annotations

import json

import pytest

from .conftest import TPCH_TABLES
from .explain_shapes import shapes
from .plan_shapes import render, sections, tree, without
from .record_pyspark_explain import OUT, QUERIES

RECORDED = json.loads(OUT.read_text())

_REUSE = "Spark's aggregate reuses the join's hash partitioning; the planner shuffles again"
_SUBQ = "subqueries are rewritten into other joins than Spark's (rewrite_subqueries)"
_CTE = "Spark keeps the WITH clause (WithCTE, CTERelationRef); the analyzer inlines it"
DIFFERS = {
    "Analyzed Logical Plan": {"q15": _CTE},
    "Optimized Logical Plan": {q: _SUBQ for q in ("q02", "q16", "q17", "q18", "q20", "q21",
                                                  "q22")},
    "Physical Plan": {"q02": _SUBQ, "q03": _REUSE, "q13": _REUSE, "q15": _REUSE,
                      "q16": _SUBQ, "q17": _SUBQ, "q18": _SUBQ, "q20": _SUBQ,
                      "q21": _SUBQ},
}
SHAPES_DIFFER = {
    ("window", "Optimized Logical Plan"): "Spark drops the Project that keeps every column",
    ("explode", "Optimized Logical Plan"): "createDataFrame is an RDD scan in PySpark",
    ("explode", "Physical Plan"): "createDataFrame is an RDD scan in PySpark",
    ("broadcast_join", "Optimized Logical Plan"): "Spark folds the hint into the Join",
}
# Spark operators we print that the recorded plans happen not to use
MORE_OF_SPARKS = {"ShuffledHashJoin", "BroadcastNestedLoopJoin", "LocalTableScan",
                  "LocalRelation", "Coalesce", "Repartition", "RepartitionByExpression",
                  "Exchange RoundRobinPartitioning", "MapInPandas", "MapInArrow",
                  "FlatMapGroupsInPandas", "FlatMapCoGroupsInPandas", "AggregateInPandas",
                  "Distinct", "Join Cross", "Join RightOuter", "Join FullOuter"}
_DROP = {"Project", "Filter", "ColumnarToRow", "InputAdapter", "WholeStageCodegen",
         "AdaptiveSparkPlan", "SubqueryAlias", "View", "LocalLimit"}
_SECTIONS = ("Analyzed Logical Plan", "Optimized Logical Plan", "Physical Plan")


def _drop(name: str, parent: str) -> bool:
    return name in _DROP or (name == "Sort" and parent.startswith(("SortMergeJoin", "Window")))


def _body(section: str, text: str) -> str:
    return text.split("\n", 1)[1] if section == "Analyzed Logical Plan" else text


def shape(section: str, text: str) -> str:
    """The comparable shape of one section of an explain output."""
    out = render(without(tree(_body(section, text)), _drop))
    return out.replace("SortMergeJoin", "ShuffledHashJoin").replace("Join Cross", "Join Inner")


def _names(text: str) -> set:
    out = set()

    def walk(n):
        out.add(n[0] if not n[0].split()[0].endswith("Join") or n[0].startswith("Join ")
                else n[0].split()[0])
        for c in n[1]:
            walk(c)
    for name, body in sections(text).items():
        walk(tree(_body(name, body)))
    return out


SPARKS = set().union(*(_names(t) for m in RECORDED["tpch"].values() for t in m.values()),
                     *(_names(t) for t in RECORDED["shapes"].values())) | MORE_OF_SPARKS


@pytest.fixture(scope="module")
def views(distributed, tpch_data):
    """The TPC-H views, planned distributed as Spark plans them (no query of this small
    input run as one task: ``spark.sql.adaptive.singleTask.maxInputBytes`` 0)."""
    spark = distributed
    for t in TPCH_TABLES:
        spark.read.parquet(str(tpch_data / f"{t}.parquet")).createOrReplaceTempView(t)
    yield spark
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")


def _ours(df) -> dict:
    from spark_lambda.sql.explain import explain_string
    return sections(explain_string(df, "extended"))


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_tpch_plans_have_sparks_shape(views, query):
    views.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    ours = _ours(views.sql(query.read_text()))
    theirs = sections(RECORDED["tpch"]["shuffled"][query.stem])
    assert list(ours) == ["Parsed Logical Plan"] + list(_SECTIONS)
    assert ours["Analyzed Logical Plan"].split("\n")[0] == \
        theirs["Analyzed Logical Plan"].split("\n")[0]          # names and Spark types
    for section in _SECTIONS:
        a, b = shape(section, ours[section]), shape(section, theirs[section])
        reason = DIFFERS[section].get(query.stem)
        if reason is None:
            assert a == b, f"{section}\n--- ours\n{a}\n--- Spark's\n{b}"
        else:
            assert a != b, f"{section} now matches Spark's; drop {query.stem} ({reason})"


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_tpch_plans_use_sparks_operators(views, query):
    views.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")
    from spark_lambda.sql.explain import explain_string
    df = views.sql(query.read_text())
    for mode in ("extended", "cost"):
        text = explain_string(df, mode)
        assert _names(text) <= SPARKS, (mode, _names(text) - SPARKS)


def test_dataframe_shapes_match_sparks(views, tpch_data):
    from spark_lambda.sql import Window, functions as F
    for name, df in shapes(views, F, Window, tpch_data).items():
        ours, theirs = _ours(df), sections(RECORDED["shapes"][name])
        assert _names("\n".join(f"== {k} ==\n{v}" for k, v in ours.items())) <= SPARKS
        for section in _SECTIONS[1:]:
            a, b = shape(section, ours[section]), shape(section, theirs[section])
            if (name, section) in SHAPES_DIFFER:
                assert a != b, (name, section)
            else:
                assert a == b, f"{name} {section}\n--- ours\n{a}\n--- Spark's\n{b}"


def test_explain_modes_print_sparks_sections(views, capsys):
    df = views.table("orders").groupBy("o_orderstatus").count()
    df.explain()
    simple = capsys.readouterr().out
    assert simple.startswith("== Physical Plan ==\nAdaptiveSparkPlan isFinalPlan=false\n+- ")
    assert "HashAggregate(keys=[o_orderstatus#" in simple and "functions=[partial_count(1)]" \
        in simple and ", ENSURE_REQUIREMENTS, [plan_id=" in simple
    df.explain(True)
    assert [h for h in capsys.readouterr().out.split("\n") if h.startswith("==")] == \
        ["== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
         "== Optimized Logical Plan ==", "== Physical Plan =="]
    df.explain(mode="cost")
    assert "Statistics(sizeInBytes=" in capsys.readouterr().out
    df.explain("formatted")
    out = capsys.readouterr().out
    assert "+- *(2) HashAggregate (4)" in out
    assert "\n(1) FileScan parquet [codegen id : 1]\nOutput [1]" in out
    df.explain(mode="codegen")
    assert capsys.readouterr().out.startswith("Found 2 WholeStageCodegen subtrees.")


def test_a_join_on_names_is_parsed_as_sparks_using_join(views):
    # Spark 4.3 prints these lines (explain("extended") of the same two programs)
    orders = views.table("orders")
    df = orders.join(orders.groupBy("o_custkey").count(), "o_custkey", "left")
    assert _ours(df)["Parsed Logical Plan"].startswith("'Join UsingJoin(LeftOuter, [o_custkey])")
    df = views.sql("SELECT * FROM nation JOIN (SELECT n_regionkey, count(*) AS c FROM nation "
                   "GROUP BY n_regionkey) USING (n_regionkey)")
    assert _ours(df)["Parsed Logical Plan"].startswith(
        "'Project [*]\n+- 'Join UsingJoin(Inner, [n_regionkey])")
    df = views.sql("SELECT * FROM nation NATURAL LEFT JOIN region")
    assert _ours(df)["Parsed Logical Plan"].startswith(
        "'Project [*]\n+- 'Join NaturalJoin(LeftOuter)")


def test_a_chain_of_dataframe_unions_is_one_union(views):
    # Spark 4.3 prints this parsed plan for the same program (Dataset.union combines unions)
    a, b, c = views.range(3), views.range(4), views.range(5)
    parsed = _ours(a.union(b).union(c))["Parsed Logical Plan"]
    assert [line.split(" (")[0] for line in parsed.splitlines()] == [
        "Union false, false", ":- Range", ":- Range", "+- Range"]


def test_explain_rejects_bad_arguments(views):
    from spark_lambda.sql.errors import IllegalArgumentException, PySparkValueError
    df = views.range(3)
    with pytest.raises(IllegalArgumentException, match="Unknown explain mode: fancy"):
        df.explain(mode="fancy")
    with pytest.raises(PySparkValueError, match="CANNOT_SET_TOGETHER"):
        df.explain(True, "cost")


def test_sql_explain_returns_the_plan_as_a_row(views):
    rows = views.sql("EXPLAIN EXTENDED SELECT o_orderkey FROM orders WHERE o_orderkey < 5"
                     ).collect()
    assert len(rows) == 1 and rows[0].asDict().keys() == {"plan"}
    assert list(sections(rows[0].plan)) == ["Parsed Logical Plan"] + list(_SECTIONS)
    assert "'UnresolvedRelation [orders], [], false" in rows[0].plan
    assert "\n+- *(1) Filter (o_orderkey#" in rows[0].plan     # Spark's spacing
    formatted = views.sql("EXPLAIN FORMATTED SELECT count(*) FROM orders").collect()[0].plan
    assert "(1) FileScan parquet" in formatted
    simple = views.sql("EXPLAIN SELECT 1").collect()[0].plan
    assert list(sections(simple)) == ["Physical Plan"]


def test_an_action_runs_even_when_its_plan_cannot_be_described(views, monkeypatch, caplog):
    from spark_lambda.sql.execution import spark_plan

    def broken(*args, **kwargs):
        raise RuntimeError("no description")
    seen = []
    sc = views.sparkContext
    listener = lambda name, fields: seen.append(name)  # noqa: E731
    sc.add_listener(listener)
    try:
        monkeypatch.setattr(spark_plan, "physical_plan", broken)
        assert views.range(5).count() == 5
        monkeypatch.undo()
        assert views.range(3).count() == 3
    finally:
        sc.remove_listener(listener)
    assert "Could not describe the plan" in caplog.text
    assert seen.count("sql_execution_start") == seen.count("sql_execution_end") == 1


def test_an_action_reports_what_its_operators_did(views):
    views.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")
    seen = []
    sc = views.sparkContext
    listener = lambda name, fields: seen.append((name, fields))  # noqa: E731
    sc.add_listener(listener)
    try:
        nation, region = views.table("nation"), views.table("region")
        rows = nation.join(region, nation.n_regionkey == region.r_regionkey) \
            .groupBy("r_name").count().collect()
    finally:
        sc.remove_listener(listener)
    start = next(f for n, f in seen if n == "sql_execution_start")
    end = next(f for n, f in seen if n == "sql_execution_end")
    values = end["metrics"]

    def nodes(info):
        yield info
        for c in info["children"]:
            yield from nodes(c)
    measured = {}                                 # operator → its nodes' {metric: value}
    for node in nodes(start["plan_info"]):
        if node["metrics"]:
            measured.setdefault(node["nodeName"], []).append(
                {m["name"]: values.get(m["accumulatorId"]) for m in node["metrics"]})
    scans = sorted(m["number of output rows"] for m in measured["FileScan parquet"])
    assert scans == [5, 25]                       # region and nation, read whole
    join = next(n for n in nodes(start["plan_info"]) if n["nodeName"] == "BroadcastHashJoin")
    built = 25 if "BuildLeft" in join["simpleString"] else 5   # nation is the left side
    assert measured["BroadcastExchange"][0]["number of output rows"] == built
    assert all(m["data size"] > 0 for m in measured["FileScan parquet"])
    # The plan is the initial one (isFinalPlan=false): an aggregate whose input turns out to be
    # one partition runs where it is, its Exchange never runs and so has no values.
    shuffle = measured["Exchange"][0]["shuffle records written"]
    assert shuffle is None or 5 <= shuffle <= 5 * sc.defaultParallelism * 2
    assert measured["HashAggregate"][0]["number of output rows"] == len(rows) == 5
    assert end["rows"] == 5 and end["error"] is None
    assert all(f.get("sql_execution") == str(start["execution"]) for n, f in seen
               if n == "job_start")
