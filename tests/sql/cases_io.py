"""Reading and writing files: cases run by PySpark and by spark-lambda (see ``cases.py``);
the inputs are in tests/data/sql/io."""

from __future__ import annotations

import datetime
import os
import tempfile

from .cases import people

# --- reading and writing files (inputs in tests/data/sql/io) -------------------------------

IO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "sql", "io")


def _io(name):
    return os.path.normpath(os.path.join(IO, name))


def c_read_csv_header_infer(spark, F):
    return spark.read.csv(_io("people.csv"), header=True, inferSchema=True)


def c_read_csv_strings(spark, F):
    return spark.read.option("header", "true").csv(_io("people.csv"))


def c_read_csv_no_header(spark, F):
    return spark.read.format("csv").load(_io("malformed.csv"))


def c_read_csv_permissive(spark, F):
    return spark.read.schema("a INT, b INT").option("mode", "PERMISSIVE").csv(
        _io("malformed.csv"), header=True)


def c_read_csv_corrupt_column(spark, F):
    return spark.read.schema("a INT, b INT, bad STRING").options(
        header=True, columnNameOfCorruptRecord="bad").csv(_io("malformed.csv"))


def c_read_csv_dropmalformed(spark, F):
    return spark.read.csv(_io("malformed.csv"), schema="a INT, b INT", header=True,
                          mode="DROPMALFORMED")


def c_read_csv_infer_widening(spark, F):
    return spark.read.csv(_io("malformed.csv"), header=True, inferSchema=True)


def c_read_csv_options(spark, F):
    return spark.read.csv(_io("semi.csv"), sep=";", comment="#", header=True, nullValue="NA",
                          emptyValue="<empty>", quote="'")


def c_read_csv_ddl_types(spark, F):
    return spark.read.schema("id LONG, name STRING, score DOUBLE, born DATE, seen TIMESTAMP, "
                             "active BOOLEAN, big DECIMAL(12,1)").csv(_io("people.csv"),
                                                                      header=True)


def c_read_json_infer(spark, F):
    return spark.read.json(_io("people.json"))


def c_read_json_dropmalformed(spark, F):
    return spark.read.option("mode", "DROPMALFORMED").json(_io("people.json")).select(
        "name", "age", "address")


def c_read_json_schema(spark, F):
    return spark.read.json(_io("people.json"), schema="name STRING, age DOUBLE, extra BOOLEAN")


def c_read_json_multiline(spark, F):
    return spark.read.json(_io("multi.json"), multiLine=True)


def c_read_text(spark, F):
    return spark.read.text(_io("notes.txt"))


def c_read_partitioned(spark, F):
    return spark.read.csv(_io("sales"), schema="id INT, amount DOUBLE").orderBy("id")


def c_read_partition_pruned(spark, F):
    return spark.read.csv(_io("sales"), inferSchema=True).where(
        (F.col("year") == 2021) & F.col("region").isNull())


def c_read_glob_and_list(spark, F):
    a = spark.read.csv(_io("sales/year=202*/region=east"), inferSchema=True)
    b = spark.read.csv([_io("sales/year=2020/region=west"), _io("notes.txt")])
    return a.groupBy().count().crossJoin(b.groupBy().count().withColumnRenamed("count", "n"))


def c_read_missing_path(spark, F):
    return spark.read.csv(_io("no/such/file.csv"))


def c_write_parquet_partitioned(spark, F):
    out = os.path.join(tempfile.mkdtemp(), "out")
    people(spark).write.partitionBy("city").parquet(out)
    return spark.read.parquet(out).orderBy("id")


def c_write_csv_round_trip(spark, F):
    out = os.path.join(tempfile.mkdtemp(), "out")
    df = spark.createDataFrame(
        [(1, "a,b", 1.5, datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5)),
         (2, None, 1e10, None, None), (3, 'q"uote', None, datetime.date(1999, 12, 31), None)],
        "i INT, s STRING, d DOUBLE, day DATE, ts TIMESTAMP")
    df.coalesce(1).write.option("header", True).csv(out)
    return spark.read.csv(out, header=True, inferSchema=True).orderBy("i")


def c_write_json_round_trip(spark, F):
    out = os.path.join(tempfile.mkdtemp(), "out")
    people(spark).write.json(out)
    people(spark).write.mode("append").json(out)
    return spark.read.json(out).orderBy("id")


def c_write_overwrite_text(spark, F):
    out = os.path.join(tempfile.mkdtemp(), "out")
    people(spark).select("name").write.text(out)
    people(spark).select(F.upper("city")).write.mode("overwrite").text(out)
    people(spark).select("name").write.mode("ignore").text(out)
    return spark.read.text(out).orderBy("value")


def c_write_partition_escaping(spark, F):
    out = os.path.join(tempfile.mkdtemp(), "out")
    df = spark.createDataFrame([(1, "a/b"), (2, None), (3, "x=y %"), (4, "#{}")], "i INT, k STRING")
    df.write.partitionBy("k").format("json").save(out)
    return spark.read.json(out).orderBy("i")


def c_write_existing_path(spark, F):
    out = tempfile.mkdtemp()
    people(spark).write.parquet(out)
    return people(spark)
