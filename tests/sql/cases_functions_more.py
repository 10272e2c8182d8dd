"""More programs over the functions library (the ``try_*`` arithmetic, ``conv``,
``soundex``, ``width_bucket``, ``split`` with column limits, ``concat`` of arrays...), run by
PySpark (``record_pyspark_functions.py``) and by spark-lambda (``cases_functions.CASES``
includes them)."""

from __future__ import annotations

import datetime


def c_try_arithmetic(spark, F):
    df = spark.createDataFrame([(1, 9223372036854775807, 1, 2147483647, 5.5),
                                (2, 10, 0, 3, 0.0), (3, None, 4, -2147483648, -2.5)],
                               "id INT, a BIGINT, b BIGINT, i INT, x DOUBLE")
    return df.select("id", F.try_add("a", "b"), F.try_subtract(F.negative("a"), F.lit(2)),
                     F.try_multiply("i", F.lit(2)), F.try_divide("a", "b"),
                     F.try_mod("a", "b"), F.try_divide("x", "b"),
                     F.try_add(F.lit(1), "x")).orderBy("id")


def c_try_arithmetic_sql(spark, F):
    return spark.sql("SELECT try_add(2147483647, 1) AS a, try_subtract(DATE'2024-03-01', 1) "
                     "AS b, try_divide(1, 0) AS c, try_mod(7, 0) AS d, "
                     "try_multiply(3000000000, 4000000000) AS e, try_add(1.5, 2) AS f")


def c_conv_soundex(spark, F):
    df = spark.createDataFrame([(1, "010101", "Peters"), (2, " 12 ", "Uhrbach"),
                                (3, "-10", "Ashcraft"), (4, "zz", "Tymczak"),
                                (5, "12x3", "1abc"), (6, "", ""), (7, None, None),
                                (8, "ff", "Honeyman")], "id INT, n STRING, s STRING")
    return df.select("id", F.conv("n", 2, 16), F.conv("n", 10, 16), F.conv("n", 36, 10),
                     F.conv("n", 16, -10), F.conv("n", 10, -16), F.conv("n", 10, 1),
                     F.soundex("s")).orderBy("id")


def c_width_bucket_timezone(spark, F):
    df = spark.createDataFrame([(1, 5.3, 0.2, 10.6, 5), (2, -2.1, 1.3, 3.4, 3),
                                (3, 8.1, 0.0, 5.7, 4), (4, -0.9, 5.2, 0.5, 2),
                                (5, 1.0, 1.0, 1.0, 3), (6, 2.0, 0.0, 4.0, 0),
                                (7, None, 0.0, 1.0, 2), (8, 10.0, 0.0, 10.0, 2)],
                               "id INT, v DOUBLE, lo DOUBLE, hi DOUBLE, n INT")
    return df.select("id", F.width_bucket("v", "lo", "hi", "n"),
                     F.current_timezone()).orderBy("id")


def c_split_column_limit(spark, F):
    df = spark.createDataFrame([(1, "oneAtwoBthreeC", "[ABC]", 2), (2, "1A2B3C", "[1-9]+", 1),
                                (3, "aa2bb3cc4", "[1-9]+", -1), (4, "a,b,c", ",", 0),
                                (5, None, ",", 2), (6, "", ",", 3), (7, "x", ",", None)],
                               "id INT, s STRING, p STRING, l INT")
    return df.select("id", F.split("s", F.col("p"), "l"), F.split("s", F.col("p")),
                     F.split("s", "[ABC,]", 2)).orderBy("id")


def c_concat_arrays_pmod_names(spark, F):
    df = spark.createDataFrame([(1, [1, 2], [3, 4], [5], 7.0, -8.0, "foobarbar", 5),
                                (2, [1], None, [], -5.0, -6.0, "bar", 1),
                                (3, [], [], [None], -10.0, 3.0, None, 2)],
                               "id INT, a ARRAY<INT>, b ARRAY<INT>, c ARRAY<INT>, x DOUBLE, "
                               "y DOUBLE, s STRING, k INT")
    return df.select("id", F.concat("a", "b", "c"), F.pmod("x", "y"),
                     F.pmod(F.col("k") - 9, F.lit(-4)),
                     F.position(F.lit("bar"), "s"), F.position(F.lit("bar"), "s", "k"),
                     F.substr("s", "k"), F.try_element_at("a", "k")).orderBy("id")


def c_listagg(spark, F):
    df = spark.range(0, 1, 1, 1).select(F.explode(F.array(
        F.lit("a"), F.lit("b"), F.lit(None), F.lit("c"), F.lit("b"))).alias("s"),
        F.lit(1).alias("k"))
    return df.select(F.listagg("s"), F.listagg("s", ", "), F.listagg_distinct("s"),
                     F.string_agg("s", "-"), F.string_agg_distinct("s"),
                     F.listagg(F.when(F.col("s") == "zz", "s")))


def c_listagg_sql(spark, F):
    return spark.sql("SELECT k, listagg(x, '|') AS a, string_agg(DISTINCT x) AS b FROM VALUES "
                     "(1, 'q'), (1, 'r'), (1, 'q'), (2, NULL) AS t(k, x) GROUP BY k ORDER BY k")


def c_spark_partition_id(spark, F):
    return spark.range(0, 10, 1, 5).select("id", F.spark_partition_id(),
                                           (F.spark_partition_id() * 2).alias("twice"))


def c_string_positions(spark, F):
    df = spark.createDataFrame([(1, "aabcd", "100-200", "%x%/y", "/%x/%//y"),
                                (2, "abab ab", "7 and 12", "~a b*", "~a%"),
                                (3, None, None, None, None)],
                               "id INT, s STRING, n STRING, a STRING, b STRING")
    return df.select("id", F.instr("s", "b", 1, 2), F.instr("s", "a", 2),
                     F.instr("s", "ab", 2, 2), F.regexp_replace("n", r"(\d+)", "<$1>", 3),
                     F.regexp_replace("n", r"(\d+)", "#"), F.regexp_instr("n", F.lit(r"\d+")),
                     F.like("a", "b", F.lit("/")), F.ilike("a", F.upper("b"), F.lit("/")),
                     F.url_encode("a")).orderBy("id")


def c_timestamp_add_diff(spark, F):
    df = spark.createDataFrame(
        [(1, datetime.datetime(2016, 3, 11, 9, 0, 7), datetime.datetime(2024, 4, 2, 9, 0, 7), 2),
         (2, datetime.datetime(2024, 1, 31, 23, 59, 59), datetime.datetime(2024, 2, 29, 0, 0), -1),
         (3, None, datetime.datetime(2020, 1, 1), 1)], "id INT, a TIMESTAMP, b TIMESTAMP, q INT")
    return df.select("id", F.timestamp_add("year", "q", "a"), F.timestamp_add("MONTH", "q", "a"),
                     F.timestamp_add("WEEK", F.lit(5), "a"), F.timestamp_add("hour", "q", "b"),
                     F.timestamp_diff("year", "a", "b"), F.timestamp_diff("WEEK", "a", "b"),
                     F.timestamp_diff("day", "b", "a"), F.timestamp_diff("MINUTE", "a", "b"),
                     F.to_unix_timestamp(F.lit("2015-04-08 12:12:12")),
                     F.to_unix_timestamp(F.lit("2015-04-08"), F.lit("yyyy-MM-dd"))).orderBy("id")


def c_quote_utf8(spark, F):
    df = spark.createDataFrame([(1, "Don't"), (2, "a\\b"), (3, None), (4, "ü ß")],
                               "id INT, s STRING")
    return df.select("id", F.quote("s"), F.is_valid_utf8("s"), F.make_valid_utf8("s"),
                     F.validate_utf8("s"), F.try_validate_utf8("s")).orderBy("id")


def c_timestampadd_sql(spark, F):
    return spark.sql("SELECT timestampadd(MONTH, 1, TIMESTAMP'2024-01-31 10:00:00') AS a, "
                     "timestampdiff(HOUR, TIMESTAMP'2024-03-10 00:00:00', "
                     "TIMESTAMP'2024-03-11 00:30:00') AS b, "
                     "timestampadd(QUARTER, 2, DATE'2024-03-01') AS c, "
                     "timestampdiff(MONTH, DATE'2024-01-31', DATE'2024-02-29') AS d, "
                     "timestampdiff(YEAR, TIMESTAMP'2024-02-29 12:00:00', "
                     "TIMESTAMP'2023-02-28 13:00:00') AS e, "
                     "timestampdiff(QUARTER, TIMESTAMP'2024-05-15 00:00:00', "
                     "TIMESTAMP'2023-11-15 00:00:01') AS f, "
                     "timestampdiff(DAY, TIMESTAMP'2024-01-01 10:00:00', "
                     "TIMESTAMP'2024-01-03 09:59:59') AS g")


def c_mask(spark, F):
    df = spark.createDataFrame([(1, "AbCD123-@$#"), (2, "abcd-EFGH-8765-4321"),
                                (3, "\u00c4\u00df \u00e9\u0663"), (4, None), (5, "")],
                               "id INT, s STRING")
    return df.select("id", F.mask("s"), F.mask("s", F.lit("Y")),
                     F.mask("s", F.lit("Y"), F.lit("y"), F.lit("d"), F.lit("*")),
                     F.mask("s", F.lit(None), F.lit("z"))).orderBy("id")


def c_mask_long_replacement(spark, F):
    return spark.range(1).select(F.mask(F.lit("Ab1"), F.lit("YZ")))


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
