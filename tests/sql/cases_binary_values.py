"""Programs over BINARY values and the function outputs where Spark's rules are particular
(string functions over bytes, cast names and nullability, JSONPath wildcards, formats taken
from a column, regex groups, duplicate map keys), run by PySpark
(``python -m tests.sql.record_pyspark --cases binary_values``) and by spark-lambda
(``test_binary_values.py``)."""

from __future__ import annotations


def _bytes(spark):
    """Two BINARY columns (``a``, ``b``, one NULL) and a STRING one, over two partitions."""
    rows = [(b"abc", b"\xca\xfe", "x"), (b"\x00\xff", b"", "yz"), (None, b"\x01", None)]
    return spark.createDataFrame(rows, "a BINARY, b BINARY, s STRING").repartition(2)


# --- string functions over bytes ---------------------------------------------------------------
def c_concat_binary(spark, F):
    df = _bytes(spark)
    return df.select(F.concat("a", "b"), F.concat("a", "s"), F.concat("b")).orderBy("b")


def c_pad_binary(spark, F):
    df = _bytes(spark)
    return df.select(F.lpad("b", 5, F.lit(b"\x01\x02")), F.rpad("b", 3, F.lit(b"\x09")),
                     F.lpad("a", 2, F.lit(b"z")), F.lpad("s", 4, F.lit(b"uv")),
                     F.expr("rpad(a, 4)")).orderBy("b")


def c_reverse_and_substring_binary(spark, F):
    df = _bytes(spark)
    return df.select(F.hex(F.reverse("b")), F.substring("a", 2, 2), F.substr("b", F.lit(1)),
                     F.reverse("a")).orderBy("b")


def c_lengths_binary(spark, F):
    df = spark.createDataFrame([(b"\xca\xfe\x00", "é"), (None, None)], "a BINARY, s STRING")
    return df.select(F.length("a"), F.octet_length("a"), F.bit_length("a"),
                     F.length("s"), F.octet_length("s"), F.bit_length("s"),
                     F.char_length("a"))


def c_listagg_binary(spark, F):
    df = spark.createDataFrame([(b"\x01",), (None,), (b"\x02",), (b"\x02",)], "v BINARY")
    return df.coalesce(1).select(F.listagg("v", b"B"), F.listagg_distinct("v"),
                     F.string_agg("v", F.lit(b"--")))


def c_listagg_binary_string_delimiter(spark, F):
    df = spark.createDataFrame([(b"\x01",)], "v BINARY")
    return df.select(F.listagg("v", ","))


def c_listagg_string_binary_delimiter(spark, F):
    df = spark.createDataFrame([("p",)], "v STRING")
    return df.select(F.listagg("v", b","))


def c_binary_literal_names(spark, F):
    df = spark.range(1)
    return df.select(F.lit(b"uv"), F.lit(b""), F.lit(b"\x00\xab"))


# --- casts: their names and nullability --------------------------------------------------------
def c_cast_binary_name(spark, F):
    df = spark.createDataFrame([("ab", 1)], "s STRING, i INT")
    return df.select(F.col("s").cast("binary"), F.col("s").cast("BINARY").alias("named"),
                     F.expr("CAST(s AS BINARY)"), F.to_binary("s", F.lit("utf-8")))


def c_cast_int_to_binary(spark, F):
    return spark.createDataFrame([(1,)], "i INT").select(F.col("i").cast("binary"))


def c_cast_nullability(spark, F):
    df = spark.range(3).select(F.col("id"), F.col("id").cast("string").alias("s"),
                               (F.col("id") * 1.5).alias("d"))
    return df.select(F.col("s").cast("bigint"), F.col("s").cast("int"),
                     F.col("s").cast("double"),
                     F.col("s").cast("decimal(10,2)"), F.col("s").cast("binary"),
                     F.col("id").cast("int"), F.col("id").cast("string"),
                     F.col("id").cast("decimal(5,1)"), F.col("d").cast("int"),
                     F.col("d").cast("decimal(20,2)"), F.col("id").cast("double"),
                     F.col("id").cast("timestamp"))


# --- JSONPath wildcards ------------------------------------------------------------------------
def c_get_json_object_wildcard(spark, F):
    data = [("1", '[{"f1": "value1", "f2": "value2"}, {"f1": "value2"}]'),
            ("2", '[{"f1": "value12", "f2": "value13"}]'),
            ("3", '{"a": [{"b": 1}, {"b": [2, 3]}, {"c": 4}], "n": [[1, 2], [3]]}'),
            ("4", None)]
    df = spark.createDataFrame(data, ("key", "j"))
    return df.select("key", F.get_json_object("j", "$[*].f1").alias("f1"),
                     F.get_json_object("j", "$[*].f2").alias("f2"),
                     F.get_json_object("j", "$.a[*].b").alias("ab"),
                     F.get_json_object("j", "$.n[*]").alias("n"),
                     F.get_json_object("j", "$.n[*][0]").alias("n0"),
                     F.get_json_object("j", "$.a[0].b").alias("a0")).orderBy("key")


def c_get_json_object_wildcard_values(spark, F):
    paths = {"a1": ('{"a":[1,2]}', "$.a[*]"), "a2": ('{"a":[]}', "$.a[*]"),
             "a3": ('{"a":[{"b":{"c":1}}]}', "$.a[*].b"), "a4": ("[[1,2],[3]]", "$[*][*]"),
             "a5": ('{"a":["x"]}', "$.a[*]"), "a6": ('{"a":[null, 2]}', "$.a[*]"),
             "a7": ('{"a":[1,2]', "$.a[*]"), "a8": ('{"a":{"b":1}}', "$.a[*]")}
    df = spark.createDataFrame([tuple(j for j, _ in paths.values())], list(paths))
    return df.select(*[F.get_json_object(k, p).alias(k) for k, (_, p) in paths.items()])


# --- formats from a column ---------------------------------------------------------------------
def c_printf_format_column(spark, F):
    df = spark.createDataFrame([("aa%d%s", 123, "cc"), ("%05d-%s", 7, "x")],
                               ["a", "b", "c"])
    return df.select(F.printf("a", "b", "c"), F.format_string("%s|%s", "c", "b"),
                     F.expr("format_string(a, b, c)"))


def c_printf_null_format_and_values(spark, F):
    df = spark.createDataFrame([(None, 1, None), ("%3s|%-5d|%b", None, "x")],
                               "f STRING, i INT, s STRING")
    return df.select(F.printf("f", "s", "i", "s"), F.printf(F.lit("%s-%s"), "s", "i"))


def c_unix_timestamp_format_column(spark, F):
    df = spark.createDataFrame([("2016-04-08", "yyyy-MM-dd"), ("2016-04-09 10", "yyyy-MM-dd HH"),
                                (None, "yyyy-MM-dd")], ["dt", "fmt"])
    return df.select(F.to_unix_timestamp("dt", "fmt"), F.expr("unix_timestamp(dt, fmt)"))


def c_to_timestamp_format_column(spark, F):
    df = spark.createDataFrame([("2016-04-08", "yyyy-MM-dd"), ("2016-04-09 10", "yyyy-MM-dd HH")],
                               ["dt", "fmt"])
    return df.select(F.expr("to_timestamp(dt, fmt)"))


def c_unix_timestamp_format_column_bad_value(spark, F):
    df = spark.createDataFrame([("2016-04-08", "dd/MM/yyyy")], ["dt", "fmt"])
    return df.select(F.to_unix_timestamp("dt", "fmt"))


# --- regular expressions -----------------------------------------------------------------------
def c_regexp_instr_group(spark, F):
    df = spark.createDataFrame([("1a 2b 14m", r"\d+(a|b|m)"), ("xyz", r"(x)(y)")],
                               ["str", "re"])
    return df.select("str", F.regexp_instr("str", F.lit(r"\d+(a|b|m)"), F.lit(1)),
                     F.regexp_instr("str", F.col("re"), F.lit(0)),
                     F.regexp_instr("str", F.lit(r"(x)(y)"), F.lit(2)))


def c_regexp_instr_match_after_its_text(spark, F):
    df = spark.createDataFrame([("bab",), ("x\nyb",), (None,)], ["str"])
    return df.select(F.regexp_instr("str", F.lit("b$")), F.regexp_instr("str", F.lit("y.")),
                     F.regexp_instr("str", F.lit("(?i)A")))


def c_regexp_instr_group_out_of_range(spark, F):
    df = spark.createDataFrame([("1a",)], ["str"])
    return df.select(F.regexp_instr("str", F.lit(r"\d(a)"), F.lit(2)))


def c_regexp_and_cardinality_names(spark, F):
    df = spark.createDataFrame([("1a 2b", [1, 2])], ["str", "arr"])
    df.createOrReplaceTempView("bv_names")
    return df.select(F.regexp("str", F.lit(r"\d")), F.regexp_like("str", F.lit("b$")),
                     F.rlike("str", F.lit("x")), F.cardinality("arr"), F.size("arr")) \
        .crossJoin(spark.sql("SELECT regexp(str, 'a'), regexp_like(str, 'a'), "
                             "cardinality(arr), str RLIKE 'a' FROM bv_names"))


# --- duplicate map keys ------------------------------------------------------------------------
def _dup_maps(spark, F):
    df = spark.createDataFrame([([1, 2, 1], ["a", "b", "c"])], ["k", "v"])
    return df.select(F.map_from_arrays("k", "v").alias("m1"),
                     F.map_concat(F.create_map(F.lit(1), F.lit("x")),
                                  F.create_map(F.lit(1), F.lit("y"))).alias("m2"),
                     F.map_from_entries(F.array(F.struct(F.lit(2), F.lit("p")),
                                                F.struct(F.lit(2), F.lit("q")))).alias("m3"),
                     F.create_map(F.lit("k"), F.lit(1), F.lit("k"), F.lit(2)).alias("m4"),
                     F.str_to_map(F.lit("a:1,b:2,a:3")).alias("m5"))


def c_map_duplicate_keys_last_win(spark, F):
    spark.conf.set("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
    try:
        return spark.createDataFrame(_dup_maps(spark, F).collect())
    finally:
        spark.conf.unset("spark.sql.mapKeyDedupPolicy")


def c_map_duplicate_keys_default(spark, F):
    df = spark.createDataFrame([([1, 2, 1], ["a", "b", "c"])], ["k", "v"])
    return df.select(F.map_from_arrays("k", "v"))


def c_map_duplicate_keys_concat(spark, F):
    return spark.range(1).select(F.map_concat(F.create_map(F.lit(1), F.lit("x")),
                                              F.create_map(F.lit(1), F.lit("y"))))


def c_map_duplicate_keys_str_to_map(spark, F):
    return spark.range(1).select(F.str_to_map(F.lit("a:1,b:2,a:3")))


def c_map_duplicate_keys_bad_policy(spark, F):
    spark.conf.set("spark.sql.mapKeyDedupPolicy", "FIRST_WIN")
    try:
        return spark.range(1).select(F.str_to_map(F.lit("a:1")))
    finally:
        spark.conf.unset("spark.sql.mapKeyDedupPolicy")


# --- Java's StrictMath (fdlibm) digits ---------------------------------------------------------
def c_strictmath_logs_and_exp(spark, F):
    df = spark.range(1, 1201, numPartitions=3).select(
        "id", (F.col("id") * 0.173).alias("p"), (F.col("id") * 0.0613 - 36).alias("q"))
    return df.select("id", F.log("p"), F.log2("p"), F.log10("p"), F.log(3.0, "p"),
                     F.log2("id"), F.log10("id"), F.exp("q"), F.exp("id")).orderBy("id")


def c_strictmath_cosh_and_expm1(spark, F):
    df = spark.range(-600, 601, numPartitions=3).select(
        "id", (F.col("id") * 0.0371).alias("x"), (F.col("id") * 0.0007).alias("s"))
    return df.select("id", F.cosh("x"), F.cosh("s"), F.expm1("x"), F.expm1("s"),
                     F.cosh(F.col("id") * 1.21)).orderBy("id")


def c_strictmath_sinh_and_tanh(spark, F):
    df = spark.range(-600, 601, numPartitions=3).select(
        "id", (F.col("id") * 0.0371).alias("x"), (F.col("id") * 0.0007).alias("s"))
    return df.select("id", F.sinh("x"), F.sinh("s"), F.tanh("x"), F.tanh("s"),
                     F.sinh(F.col("id") * 1.21)).orderBy("id")


def c_strictmath_cbrt(spark, F):
    df = spark.range(-600, 601, numPartitions=3)
    return df.select("id", F.cbrt(F.col("id") * 0.0371), F.cbrt(F.col("id") * 1234.567),
                     F.cbrt("id")).orderBy("id")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
