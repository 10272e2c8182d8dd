"""The VARIANT and TIME types (``cases_new_types.py``) against PySpark's recorded outputs, and
what the recordings cannot show: the type classes' names and JSON, ``VariantVal``, Parquet
round trips, errors PySpark reports only as a JVM error. Re-record with
``TZ=UTC python -m tests.sql.record_pyspark --cases new_types``."""

from __future__ import annotations

import datetime
import decimal
import json
from pathlib import Path

import duckdb
import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.types import (ArrayType, DataType, StructType, TimeType, VariantType,
                                    VariantVal, _parse_datatype_json_string)

from .cases_new_types import CASES, docs
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_new_types.json")
                      .read_text())["cases"]
# PySpark raises these as a bare JVM error (Py4JJavaError): the class is in the message
JVM_ERRORS = {"variant_parse_error": "MALFORMED_RECORD_IN_PARSING",
              "variant_duplicate_key": "MALFORMED_RECORD_IN_PARSING"}


@pytest.mark.parametrize("name", sorted(set(CASES) - set(JVM_ERRORS)))
def test_case_matches_pyspark(spark, name):
    assert_matches(CASES[name], spark, RECORDED[name])


@pytest.mark.parametrize("name", sorted(JVM_ERRORS))
def test_malformed_json_is_spark_s_error(spark, name):
    assert RECORDED[name]["error"] == "Py4JJavaError"
    with pytest.raises(Exception, match=JVM_ERRORS[name]):
        CASES[name](spark, F).collect()


def test_type_classes_as_pyspark_names_them():
    assert TimeType().simpleString() == "time(6)" and repr(TimeType(3)) == "TimeType(3)"
    assert TimeType(3).json() == '"time(3)"'
    assert _parse_datatype_json_string('"time(2)"') == TimeType(2)
    assert DataType.fromDDL("t TIME, v VARIANT") == StructType().add("t", TimeType(6)) \
        .add("v", VariantType())
    assert DataType.fromDDL("array<time(0)>") == ArrayType(TimeType(0))
    assert VariantType().simpleString() == "variant" and repr(VariantType()) == "VariantType()"
    assert _parse_datatype_json_string(VariantType().json()) == VariantType()
    assert StructType().add("t", "time(4)")["t"].dataType == TimeType(4)


def test_schema_tree_names_time_with_its_precision(spark):
    df = spark.createDataFrame([], "t TIME(3), v VARIANT")
    assert df.schema.treeString() == ("root\n |-- t: time(3) (nullable = true)\n"
                                      " |-- v: variant (nullable = true)\n")


def test_variant_values_collect_as_variant_val(spark):
    df = docs(spark).filter("id = 0").select(F.parse_json("j").alias("v"))
    v = df.head().v
    assert isinstance(v, VariantVal)
    assert v.toJson() == str(v) == '{"a":[1,2.5,"x",null,true],"b":1}'
    assert v.toPython() == {"a": [1, decimal.Decimal("2.5"), "x", None, True], "b": 1}
    assert VariantVal.parseJson('{"b": 1e2, "a": 0.10}').toJson() == '{"a":0.1,"b":100.0}'
    # Spark's own bytes (PySpark 4.3's repr of the same value)
    assert repr(v) == (r"VariantVal(bytearray(b'\x02\x02\x00\x01\x00\x14\x16\x03\x05\x00\x02\x08"
                       r"\n\x0b\x0c\x0c\x01 \x01\x19\x00\x00\x00\x05x\x00\x04\x0c\x01'), "
                       r"bytearray(b'\x01\x02\x00\x01\x02ab'))")
    assert df.schema["v"].dataType == VariantType()
    # a VARIANT column built from collected values keeps them
    again = spark.createDataFrame([(v,)], "v VARIANT").select(F.to_json("v").alias("j"))
    assert again.head().j == v.toJson()


def test_variant_in_nested_results(spark):
    row = docs(spark).filter("id = 6").select(
        F.variant_get(F.parse_json("j"), "$", "array<variant>").alias("a")).head()
    assert [x.toPython() for x in row.a] == [{"k": 1}, {"k": "two"}]


def test_time_values_round_trip_parquet(spark, tmp_path):
    out = str(tmp_path / "t")
    df = spark.createDataFrame([(1, datetime.time(1, 2, 3, 4)), (2, None)], "id INT, t TIME")
    df.write.parquet(out)
    back = spark.read.parquet(out).orderBy("id")
    assert back.schema["t"].dataType == TimeType(6)
    assert [r.t for r in back.collect()] == [datetime.time(1, 2, 3, 4), None]
    # the file holds a Parquet TIME a reader of its own reads as such
    got = duckdb.sql(f"SELECT t FROM read_parquet('{out}/*.parquet') ORDER BY id").fetchall()
    assert got == [(datetime.time(1, 2, 3, 4),), (None,)]


def test_time_literals_and_python_values(spark):
    row = spark.range(1).select(F.lit(datetime.time(23, 0, 1, 5)).alias("t")).head()
    assert row.t == datetime.time(23, 0, 1, 5)
    inferred = spark.createDataFrame([(datetime.time(8, 0),)], ["t"])
    assert inferred.schema["t"].dataType == TimeType(6)


def test_sql_cast_is_ansi_and_try_cast_is_not(spark):
    assert spark.sql("SELECT TRY_CAST('25:00' AS TIME) AS t").head().t is None
    with pytest.raises(Exception, match="CAST_INVALID_INPUT"):
        spark.sql("SELECT CAST('25:00' AS TIME) AS t").collect()
    with pytest.raises(Exception, match="CAST_INVALID_INPUT"):
        spark.sql("SELECT CAST('abc' AS INT) AS i").collect()


def test_variant_get_errors_name_the_problem(spark):
    df = docs(spark).filter("id = 0")
    with pytest.raises(Exception, match="INVALID_VARIANT_CAST.*`\"x\"`.*INT"):
        df.select(F.variant_get(F.parse_json("j"), "$.a[2]", "int")).collect()
    with pytest.raises(Exception, match="INVALID_VARIANT_GET_PATH"):
        df.select(F.variant_get(F.parse_json("j"), "a.b", "int")).collect()
    with pytest.raises(Exception, match="INVALID_VARIANT_CAST"):
        df.select(F.variant_get(F.parse_json(F.lit('{"a": 300}')), "$.a", "tinyint")).collect()


def test_variant_parquet_written_by_spark_reads_as_variant(spark):
    """``record_pyspark_variant_parquet.py`` wrote the file with PySpark 4.3."""
    path = str(Path(OUT).parent / "spark_variant.parquet")
    df = spark.read.parquet(path)
    assert df.schema["v"].dataType == VariantType()
    got = df.orderBy("id").select("id", F.to_json("v"))
    want = RECORDED["variant_to_json"]["rows"] + ["(7, '{\"y\":[2.5,0.001],\"z\":1}')"]
    assert [repr(tuple(r)) for r in got.collect()] == want


def test_variant_parquet_round_trip_in_spark_s_layout(spark, tmp_path):
    import pyarrow.parquet as pq
    out = str(tmp_path / "v")
    df = docs(spark).select("id", F.parse_json("j").alias("v"))
    df.write.parquet(out)
    back = spark.read.parquet(out)
    assert back.schema == df.schema.toNullable()
    assert sorted((r.id, r.v) for r in back.collect()) == sorted(
        (r.id, r.v) for r in df.collect())
    f = next(Path(out).glob("*.parquet"))
    arrow = pq.ParquetFile(f).schema_arrow
    assert sorted(x.name for x in arrow.field("v").type) == ["metadata", "value"]
    assert json.loads(arrow.metadata[b"org.apache.spark.sql.parquet.row.metadata"]) == \
        {"type": "struct", "fields": [f.jsonValue() for f in df.schema.fields]}


def test_variant_in_json_lines_is_json(spark, tmp_path):
    """The lines PySpark 4.3 writes for the same rows (a JSON null kept, a NULL left out)."""
    out = str(tmp_path / "j")
    docs(spark).filter("id IN (0, 2, 4, 5)").select("id", F.parse_json("j").alias("v")) \
        .write.json(out)
    lines = sorted(line for f in Path(out).glob("*.json") for line in f.read_text().split("\n")
                   if line)
    assert lines == ['{"id":0,"v":{"a":[1,2.5,"x",null,true],"b":1}}', '{"id":2,"v":"text"}',
                     '{"id":4,"v":null}', '{"id":5}']


def test_time_as_timestamp_is_today_at_that_time(spark):
    df = spark.createDataFrame([(datetime.time(10, 0, 1),)], "t TIME")
    row = df.select(F.col("t").cast("timestamp_ntz").alias("n"),
                    F.current_date().alias("d")).head()
    assert row.n == datetime.datetime.combine(row.d, datetime.time(10, 0, 1))
