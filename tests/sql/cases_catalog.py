"""``spark.catalog`` and the SQL statements behind it (databases, persistent views, table
properties, truncate, analyze, partitions, external tables, functions, global temp views) run
by PySpark (``record_pyspark.py --cases catalog`` records them) and by spark-lambda
(``test_catalog_cases.py`` compares). Every case drops what it creates."""

from __future__ import annotations

import tempfile

from .case_helpers import caught


def _drop(spark, *statements):
    for s in statements:
        spark.sql(s)


def c_databases(spark, F):
    c = spark.catalog
    c.dropDatabase("cat_db1", ifExists=True, cascade=True)
    out = [c.databaseExists("cat_db1")]
    c.createDatabase("cat_db1")
    out += [c.databaseExists("cat_db1"), c.databaseExists("spark_catalog.cat_db1"),
            caught(lambda: c.createDatabase("cat_db1")), c.createDatabase("cat_db1", True),
            [d.name for d in c.listDatabases("cat_db*")], c.getDatabase("cat_db1").name,
            c.getDatabase("spark_catalog.default").name]
    spark.sql("CREATE TABLE cat_db1.t (a INT) USING parquet")
    out.append(caught(lambda: c.dropDatabase("cat_db1")))
    c.dropDatabase("cat_db1", cascade=True)
    out += [c.databaseExists("cat_db1"), caught(lambda: c.dropDatabase("cat_db1")),
            c.dropDatabase("cat_db1", ifExists=True)]
    out += [c.listCatalogs("spark*"), c.listCatalogs("hive*")]
    return out


def c_persistent_view(spark, F):
    c = spark.catalog
    _drop(spark, "DROP VIEW IF EXISTS cat_v1")
    spark.sql("CREATE VIEW cat_v1 AS SELECT 1 AS a, 'x' AS b")
    out = [c.tableExists("cat_v1"), c.tableExists("default.cat_v1"),
           c.tableExists("spark_catalog.default.cat_v1"), c.tableExists("cat_v1", "default"),
           c.getTable("cat_v1").tableType, "cat_v1" in [v.name for v in c.listViews()],
           [v.name for v in c.listViews(pattern="cat_v*")],
           [tuple(r) for r in spark.table("cat_v1").collect()],
           caught(lambda: spark.sql("CREATE VIEW cat_v1 AS SELECT 2 AS a"))]
    spark.sql("CREATE OR REPLACE VIEW cat_v1 AS SELECT 2 AS a")
    out.append([tuple(r) for r in spark.sql("SELECT a + 1 FROM cat_v1").collect()])
    c.dropView("cat_v1")
    out += [c.tableExists("cat_v1"), caught(lambda: c.dropView("cat_v1")),
            c.dropView("cat_v1", ifExists=True)]
    return out


def c_table_properties_truncate_analyze(spark, F):
    c = spark.catalog
    _drop(spark, "DROP TABLE IF EXISTS cat_t1")
    spark.sql("CREATE TABLE cat_t1 (id INT, s STRING) USING parquet "
              "TBLPROPERTIES ('k1' = 'v1', 'k2' = 'v2')")
    spark.sql("INSERT INTO cat_t1 VALUES (1, 'a'), (2, 'b')")
    props = c.getTableProperties("cat_t1")
    out = [props.get("k1"), props.get("k2"), "CREATE" in c.getCreateTableString("cat_t1"),
           spark.table("cat_t1").count(), c.analyzeTable("cat_t1"),
           c.analyzeTable("cat_t1", noScan=True), c.truncateTable("cat_t1"),
           spark.table("cat_t1").count(), caught(lambda: c.truncateTable("cat_nope")),
           caught(lambda: c.getTableProperties("cat_nope"))]
    spark.sql("INSERT INTO cat_t1 VALUES (3, 'c')")
    spark.sql("TRUNCATE TABLE cat_t1")
    spark.sql("ANALYZE TABLE cat_t1 COMPUTE STATISTICS")
    out.append(spark.table("cat_t1").count())
    c.dropTable("cat_t1")
    out += [c.tableExists("cat_t1"), caught(lambda: c.dropTable("cat_t1")),
            c.dropTable("cat_t1", ifExists=True)]
    return out


def c_list_partitions(spark, F):
    _drop(spark, "DROP TABLE IF EXISTS cat_p1")
    spark.sql("CREATE TABLE cat_p1 (id INT, p INT, q STRING) USING parquet "
              "PARTITIONED BY (p, q)")
    spark.sql("INSERT INTO cat_p1 PARTITION (p = 1, q = 'x') SELECT 10")
    spark.sql("INSERT INTO cat_p1 PARTITION (p = 2, q = 'y') VALUES (20), (21)")
    out = [sorted(x.partition for x in spark.catalog.listPartitions("cat_p1")),
           sorted(tuple(r) for r in spark.table("cat_p1").collect())]
    spark.sql("CREATE TABLE cat_np (id INT) USING parquet")
    out.append(caught(lambda: spark.catalog.listPartitions("cat_np")))
    _drop(spark, "DROP TABLE cat_p1", "DROP TABLE cat_np")
    return out


def c_external_table_refresh_recover(spark, F):
    c = spark.catalog
    out = []
    with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as e:
        _drop(spark, "DROP TABLE IF EXISTS cat_ext", "DROP TABLE IF EXISTS cat_extp")
        spark.sql(f"CREATE TABLE cat_ext (col STRING) USING text LOCATION '{d}'")
        spark.sql("INSERT INTO cat_ext SELECT 'abc'")
        spark.sql("INSERT INTO cat_ext SELECT 'def'")
        out += [sorted(r.col for r in spark.table("cat_ext").collect()),
                c.getTable("cat_ext").tableType]
        c.cacheTable("cat_ext")
        out.append(spark.table("cat_ext").count())
        spark.range(2).selectExpr("id AS key", "id * 10 AS value").write.partitionBy("key") \
            .mode("overwrite").format("csv").save(e)
        spark.sql(f"CREATE TABLE cat_extp (key LONG, value LONG) USING csv "
                  f"OPTIONS (header false, path '{e}') PARTITIONED BY (key)")
        out.append(spark.table("cat_extp").collect())
        c.recoverPartitions("cat_extp")
        out.append(sorted(tuple(r) for r in spark.table("cat_extp").collect()))
        out.append(spark.table("cat_extp").columns)
    out.append(spark.table("cat_ext").count())
    c.refreshTable("cat_ext")
    out.append(spark.table("cat_ext").count())
    _drop(spark, "DROP TABLE cat_ext", "DROP TABLE cat_extp")
    return out


def c_functions(spark, F):
    c = spark.catalog
    _drop(spark, "DROP FUNCTION IF EXISTS cat_fn1")
    spark.udf.register("cat_udf1", lambda x: x, "int")
    spark.sql("CREATE FUNCTION cat_fn1 AS 'com.example.Fn'")
    f = c.getFunction("cat_fn1")
    out = [c.functionExists("count"), c.functionExists("COUNT"), c.functionExists("cat_udf1"),
           c.functionExists("default.cat_nope"), c.functionExists("cat_fn1"),
           c.functionExists("cat_fn1", "default"),
           (f.name, f.catalog, f.namespace, f.className, f.isTemporary),
           c.getFunction("spark_catalog.default.cat_fn1").name,
           caught(lambda: c.getFunction("cat_nope")),
           {"to_date", "to_timestamp"} <= {x.name for x in c.listFunctions(pattern="to_*")},
           c.listFunctions(pattern="*cat_nope*"),
           all(x.name.startswith("to_") for x in c.listFunctions(pattern="to_*")),
           [x.isTemporary for x in c.listFunctions(pattern="cat_fn1")],
           caught(lambda: spark.sql("CREATE FUNCTION cat_fn1 AS 'com.example.Fn'"))]
    spark.sql("DROP FUNCTION cat_fn1")
    out.append(c.functionExists("cat_fn1"))
    return out


def c_global_temp_views(spark, F):
    c = spark.catalog
    c.dropGlobalTempView("cat_g1")
    df = spark.createDataFrame([(1, "a")], "id INT, s STRING")
    df.createGlobalTempView("cat_g1")
    out = [caught(lambda: df.createGlobalTempView("cat_g1")),
           [tuple(r) for r in spark.table("global_temp.cat_g1").collect()],
           [tuple(r) for r in spark.sql("SELECT s FROM global_temp.cat_g1").collect()]]
    df.select("s").createOrReplaceGlobalTempView("cat_g1")
    out.append(spark.table("global_temp.cat_g1").columns)
    out += [c.dropGlobalTempView("cat_g1"), c.dropGlobalTempView("cat_g1"),
            caught(lambda: spark.table("global_temp.cat_g1"))]
    df.createTempView("cat_t1v")
    out.append(caught(lambda: df.createTempView("cat_t1v")))
    c.dropTempView("cat_t1v")
    return out


CASES = {name: fn for name, fn in dict(globals()).items() if name.startswith("c_")}
