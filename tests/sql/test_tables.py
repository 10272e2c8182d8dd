"""Catalog, views, SQL statements and persistent tables in a warehouse shared by sessions,
including two processes writing one table at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from spark_lambda.sql import functions as F


def rows(df):
    return sorted(tuple(r) for r in df.collect())


def test_views_cache_and_statements(spark, wh):
    spark.createDataFrame([(1, "a"), (2, "b")], "id INT, s STRING").createOrReplaceTempView("v")
    spark.sql("CREATE OR REPLACE TEMP VIEW w AS SELECT id * 2 AS d FROM v")
    assert rows(spark.table("w")) == [(2,), (4,)]
    spark.sql("CREATE GLOBAL TEMP VIEW g AS SELECT * FROM v")
    assert rows(spark.sql("SELECT s FROM global_temp.g")) == [("a",), ("b",)]
    assert spark.catalog.dropGlobalTempView("g")
    spark.sql("CACHE TABLE v")
    assert spark.catalog.isCached("v") and rows(spark.table("v")) == [(1, "a"), (2, "b")]
    spark.sql("UNCACHE TABLE v")
    assert not spark.catalog.isCached("v")
    assert rows(spark.sql("DESCRIBE TABLE v")) == [("id", "int", None), ("s", "string", None)]
    shown = rows(spark.sql("SHOW TABLES"))
    assert ("", "v", True) in shown and ("", "w", True) in shown
    assert rows(spark.sql("SHOW DATABASES")) == [("default",)]
    assert "Physical Plan" in spark.sql("EXPLAIN SELECT * FROM v").collect()[0][0]
    assert spark.catalog.dropTempView("w") and not spark.catalog.tableExists("w")
    assert spark.sql("CREATE TEMP VIEW tmpx AS SELECT id FROM v").columns == []


def test_a_query_is_told_from_a_statement_by_its_first_word(spark, monkeypatch):
    import re
    from spark_lambda.sql.parser import statements
    spark.createDataFrame([(1, "a")], "id INT, s STRING").createOrReplaceTempView("v")
    assert rows(spark.sql("\n  describe\tv ;")) == [("id", "int", None), ("s", "string", None)]
    assert rows(spark.sql("desc v")) == [("id", "int", None), ("s", "string", None)]

    def no_pattern(*args):
        raise AssertionError("a query tried the statements' patterns")
    monkeypatch.setattr(re, "match", no_pattern)
    for query in ("SELECT 1", "WITH t AS (SELECT 1) SELECT * FROM t", "(SELECT 1)", "", "describer"):
        assert statements.run_statement(spark, query) is None


def test_tables_and_databases(spark, wh):
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id INT, s STRING")
    df.write.saveAsTable("t1")
    with pytest.raises(Exception, match="TABLE_OR_VIEW_ALREADY_EXISTS"):
        df.write.saveAsTable("t1")
    df.write.mode("ignore").saveAsTable("t1")
    df.write.mode("append").saveAsTable("t1")
    assert spark.table("t1").count() == 4
    df.write.mode("overwrite").saveAsTable("t1")
    assert rows(spark.table("t1")) == [(1, "a"), (2, "b")]
    spark.sql("CREATE TABLE p (a INT, b STRING, c INT) USING parquet PARTITIONED BY (c)")
    spark.sql("INSERT INTO p VALUES (1, 'x', 10), (2, 'y', 20)")
    spark.sql("INSERT INTO TABLE p SELECT id, s, 30 FROM t1")
    assert rows(spark.table("p").where("c >= 20")) == [(1, "a", 30), (2, "b", 30),
                                                       (2, "y", 20)]
    assert [c.name for c in spark.catalog.listColumns("p") if c.isPartition] == ["c"]
    spark.sql("INSERT OVERWRITE TABLE p SELECT id + 8, s, 99 FROM t1")
    assert rows(spark.sql("SELECT * FROM p")) == [(9, "a", 99), (10, "b", 99)]
    spark.sql("CREATE TABLE c2 USING parquet AS SELECT id, upper(s) AS u FROM t1")
    assert rows(spark.table("c2")) == [(1, "A"), (2, "B")]
    spark.sql("CREATE DATABASE IF NOT EXISTS d1")
    df.write.saveAsTable("d1.x")
    df.write.insertInto("d1.x")
    assert spark.table("d1.x").count() == 4
    assert [d.name for d in spark.catalog.listDatabases()] == ["d1", "default"]
    spark.sql("USE d1")
    assert spark.catalog.currentDatabase() == "d1" and spark.table("x").count() == 4
    assert [t.name for t in spark.catalog.listTables() if not t.isTemporary] == ["x"]
    spark.catalog.setCurrentDatabase("default")
    assert {t.name for t in spark.catalog.listTables() if not t.isTemporary} == \
        {"c2", "p", "t1"}
    spark.catalog.cacheTable("t1")
    assert spark.catalog.isCached("t1")
    spark.catalog.clearCache()
    assert not spark.catalog.isCached("t1")
    spark.sql("DROP TABLE t1")
    assert not spark.catalog.tableExists("t1") and not os.path.exists(os.path.join(wh, "t1"))
    spark.sql("DROP TABLE IF EXISTS t1")
    with pytest.raises(Exception, match="SCHEMA_NOT_EMPTY"):
        spark.sql("DROP DATABASE d1")
    spark.sql("DROP DATABASE d1 CASCADE")
    assert [d.name for d in spark.catalog.listDatabases()] == ["default"]
    df.write.saveAsTable("t1")  # created again after the drop
    assert spark.table("t1").count() == 2


WRITER = textwrap.dedent("""
    import sys
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    wh, who, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", wh + "-local" + str(who))
    sc = SparkContext("local[1]", "writer", conf=conf)
    spark = SparkSession(sc, {"spark.sql.warehouse.dir": wh, "spark.sql.shuffle.partitions": "1"})
    spark.sql("CREATE TABLE IF NOT EXISTS shared (who INT, i INT) USING parquet")
    for i in range(n):
        spark.createDataFrame([(who, i)] * 10, "who INT, i INT").write.insertInto("shared")
    spark.stop()
""")


def test_two_processes_insert_into_one_table(spark, wh):
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    n = 4
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, wh, str(w), str(n)], env=env,
                              stderr=subprocess.PIPE) for w in (1, 2)]
    seen = []
    while any(p.poll() is None for p in procs):
        if spark.catalog.tableExists("shared"):
            seen.append(spark.table("shared").count())
    for p in procs:
        assert p.wait() == 0, p.stderr.read().decode()[-2000:]
    assert all(c % 10 == 0 for c in seen)  # never a half-written insert
    got = spark.table("shared").groupBy("who").agg(F.count("*").alias("n"),
                                                    F.countDistinct("i").alias("d"))
    assert rows(got) == [(1, 10 * n, n), (2, 10 * n, n)]
