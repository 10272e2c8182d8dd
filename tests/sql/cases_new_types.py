"""Programs over the VARIANT and TIME types, run by PySpark (``record_pyspark.py --cases
new_types`` records them) and by spark-lambda (``test_new_types.py`` compares). Variant values
are compared through ``to_json``, casts and ``str``: PySpark's ``VariantVal`` repr shows the
binary encoding."""

from __future__ import annotations

import datetime

DOCS = ['{ "b" : 1, "a" : [1, 2.50, "x", null, true] }', '{"a": {"c": -3}, "d": 1e10}',
        '"text"', '12', 'null', None, '[{"k": 1}, {"k": "two"}]']


def docs(spark):
    return spark.createDataFrame([(i, d) for i, d in enumerate(DOCS)], "id INT, j STRING")


def time_on(spark):
    """PySpark 4.3 has the TIME type behind ``spark.sql.timeType.enabled`` (on in its own
    tests and doctests); spark-lambda always has it."""
    spark.conf.set("spark.sql.timeType.enabled", "true")
    return spark


def times(spark):
    return time_on(spark).createDataFrame(
        [(1, datetime.time(13, 8, 15)), (2, datetime.time(0, 0, 0, 500)),
         (3, datetime.time(23, 59, 59, 999999)), (4, None)], "id INT, t TIME")


# --- VARIANT ---------------------------------------------------------------------------------
def c_variant_to_json(spark, F):
    return docs(spark).select("id", F.to_json(F.parse_json("j"))).orderBy("id")


def c_variant_typeof_schema(spark, F):
    df = docs(spark).select("id", F.parse_json("j").alias("v"))
    return df.select("id", F.typeof("v"), F.schema_of_variant("v")).orderBy("id")


def c_variant_schema_of_variant_agg(spark, F):
    return docs(spark).filter("id < 2").select(F.schema_of_variant_agg(F.parse_json("j")))


def c_variant_parse_error(spark, F):
    return spark.createDataFrame([("{a: 1}",)], "j STRING").select(F.parse_json("j"))


def c_variant_duplicate_key(spark, F):
    return spark.createDataFrame([('{"a": 1, "a": 2}',)], "j STRING").select(F.parse_json("j"))


def c_variant_try_parse(spark, F):
    df = spark.createDataFrame([("{a: 1}",), ('[1,2]',)], "j STRING")
    return df.select(F.to_json(F.try_parse_json("j")).alias("r"))


def c_variant_get_paths(spark, F):
    v = F.parse_json("j")
    return docs(spark).select(
        "id", F.variant_get(v, "$.b", "int").alias("b"),
        F.variant_get(v, "$.a[1]", "decimal(5,2)").alias("a1"),
        F.variant_get(v, "$.a[2]", "string").alias("a2"),
        F.variant_get(v, "$.a.c", "bigint").alias("ac"),
        F.variant_get(v, "$.d", "double").alias("d"),
        F.variant_get(v, "$[0].k", "string").alias("k"),
        F.variant_get(v, "$", "string").alias("whole")).orderBy("id")


def c_variant_get_bad_cast(spark, F):
    return docs(spark).select(F.variant_get(F.parse_json("j"), "$.a[2]", "int")).collect()


def c_variant_try_get(spark, F):
    v = F.parse_json("j")
    return docs(spark).select("id", F.try_variant_get(v, "$.a[2]", "int").alias("x"),
                              F.try_variant_get(v, "$.b", "boolean").alias("y"),
                              F.try_variant_get(v, "$.a", "array<string>").alias("z")) \
        .orderBy("id")


def c_variant_get_variant(spark, F):
    v = F.parse_json("j")
    return docs(spark).select("id", F.to_json(F.variant_get(v, "$.a", "variant")).alias("a")) \
        .orderBy("id")


def c_variant_get_bad_path(spark, F):
    return docs(spark).select(F.variant_get(F.parse_json("j"), "a.b", "int"))


def c_variant_is_null(spark, F):
    v = F.parse_json("j")
    return docs(spark).select("id", F.is_variant_null(v).alias("n"),
                              F.is_variant_null(F.variant_get(v, "$.a[3]", "variant"))
                              .alias("inner")).orderBy("id")


def c_variant_cast(spark, F):
    df = spark.createDataFrame([("12",), ("3.5",), ('"7"',), ("true",)], "j STRING")
    v = F.parse_json("j")
    return df.select(v.cast("string").alias("s"), F.try_variant_get(v, "$", "int").alias("i"),
                     F.try_variant_get(v, "$", "double").alias("d"))


def c_variant_show(spark, F):
    return docs(spark).select("id", F.parse_json("j").alias("v")).orderBy("id").select(
        F.col("v").cast("string").alias("v"))


def c_variant_to_variant_object(spark, F):
    df = spark.createDataFrame([(1, {"x": 2}, [3, 4], ("s", 5))],
                               "id INT, m MAP<STRING,INT>, a ARRAY<INT>, st STRUCT<p:STRING,q:INT>")
    return df.select(F.to_json(F.to_variant_object("m")).alias("m"),
                     F.to_json(F.to_variant_object("a")).alias("a"),
                     F.to_json(F.to_variant_object("st")).alias("st"),
                     F.schema_of_variant(F.to_variant_object("st")).alias("sch"))


def c_variant_to_variant_object_scalar(spark, F):
    return spark.range(1).select(F.to_variant_object(F.col("id")))


def c_variant_sql(spark, F):
    return spark.sql("SELECT to_json(parse_json('[1, {\"z\": 2, \"y\": null}]')) AS j, "
                     "variant_get(parse_json('{\"a\": 5}'), '$.a', 'int') AS a, "
                     "typeof(parse_json('1')) AS t")


def c_variant_edits(spark, F):
    v = F.parse_json("j")
    return docs(spark).filter("id IN (0, 1, 6)").select(
        "id", F.to_json(F.try_variant_set(v, "$.b", F.lit(2.5))).alias("set"),
        F.to_json(F.try_variant_set(v, "$.b", F.lit(2.5), False)).alias("set_no_create"),
        F.to_json(F.try_variant_insert(v, "$.n[1].k", F.lit("z"))).alias("ins"),
        F.to_json(F.try_variant_array_append(v, "$.a", F.lit(True))).alias("app"),
        F.to_json(F.variant_strip_nulls(v)).alias("strip")).orderBy("id")


def c_variant_delete(spark, F):
    v = F.parse_json("j")
    return docs(spark).filter("id IN (0, 1)").select(
        "id", F.to_json(F.variant_delete(v, "$.a[0]", "$.d", F.lit(None))).alias("del"),
        F.to_json(F.variant_delete(v, "$.zz", "$.a.c")).alias("del2")).orderBy("id")


def c_variant_insert_existing_key(spark, F):
    return docs(spark).filter("id = 0").select(
        F.variant_insert(F.parse_json("j"), "$.b", F.lit(1)).alias("r"))


def c_variant_set_type_mismatch(spark, F):
    return docs(spark).filter("id = 0").select(
        F.variant_set(F.parse_json("j"), "$.b.c", F.lit(1)).alias("r"))


def c_variant_compare(spark, F):
    v = F.parse_json("j")
    return docs(spark).select(v == v)


def c_variant_cast_to_variant(spark, F):
    return spark.sql("SELECT to_json(CAST(1 AS VARIANT)) AS i, "
                     "to_json(CAST(1.0D AS VARIANT)) AS d, "
                     "to_json(CAST(2.50 AS VARIANT)) AS dec, to_json(CAST('x' AS VARIANT)) AS s, "
                     "to_json(CAST(DATE'2024-01-02' AS VARIANT)) AS dt, "
                     "to_json(CAST(array(1, 2) AS VARIANT)) AS a, "
                     "schema_of_variant(CAST(1.0D AS VARIANT)) AS sd")


# --- TIME ------------------------------------------------------------------------------------
def c_time_show(spark, F):
    return times(spark).orderBy("id")


def c_time_cast_from_string(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("13:08:15",), ("10:09:16.25",), ("7:5",)], "s STRING")
    return df.select("s", F.col("s").cast("time").alias("t"),
                     F.typeof(F.col("s").cast("time")).alias("ty"))


def c_time_cast_bad_string(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("25:00:00",)], "s STRING")
    return df.select(F.col("s").cast("time"))


def c_time_cast_precision(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("10:09:16.123456",)], "s STRING")
    return df.select(F.col("s").cast("time(3)").alias("t3"), F.col("s").cast("time(0)")
                     .alias("t0"), F.col("s").cast("time(3)").cast("string").alias("s3"))


def c_time_to_string(spark, F):
    return times(spark).select("id", F.col("t").cast("string").alias("s")).orderBy("id")


def c_time_hour_minute_second(spark, F):
    return times(spark).select("id", F.hour("t"), F.minute("t"), F.second("t")).orderBy("id")


def c_make_time(spark, F):
    time_on(spark)
    df = spark.createDataFrame([(6, 30, 45.887), (23, 59, 0.0)], ["hour", "minute", "second"])
    return df.select(F.make_time("hour", "minute", "second").alias("time"))


def c_make_time_invalid(spark, F):
    time_on(spark)
    df = spark.createDataFrame([(25, 30, 1.0)], ["hour", "minute", "second"])
    return df.select(F.make_time("hour", "minute", "second"))


def c_to_time(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("10:30:00", "HH:mm:ss"), ("08-15", "HH-mm")], ["str", "fmt"])
    return df.select(F.to_time(df.str, df.fmt), F.try_to_time(df.str).alias("plain"))


def c_to_time_invalid(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("malformed",)], ["str"])
    return df.select(F.to_time(df.str))


def c_try_to_time(spark, F):
    time_on(spark)
    df = spark.createDataFrame([("malformed",), ("12:00",)], ["str"])
    return df.select(F.try_to_time(df.str).alias("t"))


def c_time_trunc(spark, F):
    return times(spark).select(
        "id", F.time_trunc(F.lit("HOUR"), "t").alias("h"),
        F.time_trunc(F.lit("MINUTE"), "t").alias("m"),
        F.time_trunc(F.lit("SECOND"), "t").alias("s"),
        F.time_trunc(F.lit("MILLISECOND"), "t").alias("ms")).orderBy("id")


def c_time_diff(spark, F):
    df = times(spark).filter("id < 4")
    start = F.lit("10:00:00").cast("time")
    return df.select("id", F.time_diff(F.lit("HOUR"), start, "t").alias("h"),
                     F.time_diff(F.lit("MINUTE"), start, "t").alias("m"),
                     F.time_diff(F.lit("MICROSECOND"), start, "t").alias("us")).orderBy("id")


def c_time_to_from_units(spark, F):
    time_on(spark)
    df = spark.sql("SELECT TIME'14:30:00.5' AS time, 52200500000 AS micros, 52200.5D AS secs")
    return df.select(F.time_to_micros("time"), F.time_to_millis("time"),
                     F.time_to_seconds("time"), F.time_from_micros("micros"),
                     F.time_from_seconds("secs"))


def c_time_literal_sql(spark, F):
    return time_on(spark).sql("SELECT TIME'01:02:03' AS a, TIME'01:02:03.120' AS b, "
                              "typeof(TIME'01:02:03.120') AS tb")


def c_time_from_timestamp(spark, F):
    time_on(spark)
    df = spark.createDataFrame([(datetime.datetime(2024, 1, 1, 10, 30, 15, 123456),)],
                               "ts TIMESTAMP").withColumn("ntz", F.col("ts").cast("timestamp_ntz"))
    return df.select(F.col("ts").cast("time").alias("t"), F.col("ts").cast("time(3)").alias("t3"),
                     F.col("ntz").cast("time(0)").alias("t0"))


def c_time_plus_interval(spark, F):
    return time_on(spark).sql("SELECT TIME'10:00:00' - INTERVAL '1' MINUTE AS a, "
                              "TIME'10:00:00.5' + INTERVAL '2' HOUR AS b")


def c_time_plus_interval_overflow(spark, F):
    return time_on(spark).sql("SELECT TIME'23:00:00' + INTERVAL '2' HOUR AS a")


def c_time_plus_months(spark, F):
    return time_on(spark).sql("SELECT TIME'10:00:00' + INTERVAL '1' MONTH AS a")


def c_time_compare_sort(spark, F):
    df = times(spark)
    return df.filter(F.col("t") > F.lit("01:00").cast("time")).orderBy(F.col("t").desc())


def c_time_group(spark, F):
    df = times(spark).union(times(spark))
    return df.groupBy("t").count().orderBy("t")


def c_current_time_type(spark, F):
    time_on(spark)
    df = spark.range(1).select(F.current_time().alias("a"), F.current_time(3).alias("b"))
    return spark.createDataFrame([(str(df.schema["a"].dataType), str(df.schema["b"].dataType),
                                   df.schema.simpleString())], "a STRING, b STRING, c STRING")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
