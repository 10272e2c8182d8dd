"""The DataFrame and Column methods of ``cases_frames_rest.py`` against PySpark's recorded
outputs (errors by class and error condition too), tables in a warehouse of their own.
Re-record (from a scratch directory: PySpark keeps its warehouse in the working directory) with
``TZ=UTC python -m tests.sql.record_pyspark --cases frames_rest``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_frames_rest import CASES
from .record_pyspark import OUT, run_case
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_frames_rest.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, wh, name):
    want = RECORDED[name]
    assert_matches(CASES[name], spark, want)
    if "error" in want:
        assert run_case(CASES[name], spark, F)["error_class"] == want["error_class"]


def test_bucketed_table_files_hold_one_bucket_each_sorted(spark, wh, tmp_path):
    """Each file of a bucketed table is named for its bucket (``..._00002.c000...``), holds
    only rows whose ``pmod(hash(cols), n)`` is that bucket, sorted by the sort columns."""
    import re

    import pyarrow.parquet as pq
    rows = [(i % 7 if i % 5 else None, f"n{i % 11}") for i in range(60)]
    df = spark.createDataFrame(rows, "age INT, name STRING").repartition(3)
    df.write.bucketBy(4, "name").sortBy("age").saveAsTable("frames_bucket_files")
    try:
        files = sorted(Path(wh).rglob("*.parquet"))
        assert files
        buckets = {r.name: r.b for r in spark.createDataFrame(rows, "age INT, name STRING")
                   .select("name", F.pmod(F.hash("name"), F.lit(4)).alias("b")).collect()}
        seen = 0
        for f in files:
            m = re.fullmatch(r"part-\d{5}-[0-9a-f-]{36}_(\d{5})\.c000\.snappy\.parquet", f.name)
            assert m, f.name
            table = pq.read_table(f)
            assert {buckets[n] for n in table.column("name").to_pylist()} == {int(m.group(1))}
            ages = table.column("age").to_pylist()
            assert ages == sorted(ages, key=lambda a: (a is not None, a))
            seen += table.num_rows
        assert seen == len(rows)
        # as PySpark 4.3's SHOW CREATE TABLE ends a bucketed table's statement
        assert spark.catalog.getCreateTableString("frames_bucket_files").endswith(
            "USING parquet\nCLUSTERED BY (name)\nSORTED BY (age)\nINTO 4 BUCKETS\n")
        assert sorted(map(repr, spark.table("frames_bucket_files").collect())) == \
            sorted(map(repr, spark.createDataFrame(rows, "age INT, name STRING").collect()))
    finally:
        spark.sql("DROP TABLE IF EXISTS frames_bucket_files")


def test_xml_failfast_names_the_value(spark, tmp_path):
    """``mode=FAILFAST``: a value that does not fit its column fails the read, naming it (PySpark
    raises the JVM's error there, which no case can record)."""
    from spark_lambda.sql.errors import SparkRuntimeException
    (tmp_path / "in.xml").write_text("<r><p><n>a</n><age>1</age></p><p><age>x</age></p></r>")
    df = spark.read.option("rowTag", "p").option("mode", "FAILFAST") \
        .schema("n STRING, age INT").xml(str(tmp_path))
    with pytest.raises(SparkRuntimeException, match="'x' is not a int") as e:
        df.collect()
    assert e.value.getErrorClass() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"


def test_lateral_join_refuses_outer_columns_it_cannot_decorrelate(spark):
    """An outer column in a join of the lateral side is refused by name, not run wrong
    (PySpark decorrelates that shape; this engine does not yet)."""
    from spark_lambda.sql.errors import AnalysisException
    c = spark.createDataFrame([(1, "a")], ["cid", "n"]).alias("c")
    o = spark.createDataFrame([(1, 5)], ["cid", "x"]).alias("o")
    side = o.join(spark.range(2), F.col("id") == F.col("c.cid").outer())
    with pytest.raises(AnalysisException, match="not in a join"):
        c.lateralJoin(side)
