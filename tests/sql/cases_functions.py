"""Programs over nested types and the functions library, run both by PySpark
(``record_pyspark_functions.py`` records them) and by spark-lambda
(``test_pyspark_function_cases.py`` compares names, types, rows and ``show`` text). Hashes and
aggregates are in ``cases_functions_hash_agg.py``.
"""

from __future__ import annotations

import datetime

from .function_data import nested, nums, times, words


def c_str_regexp(spark, F):
    df = words(spark)
    return df.select("id", F.regexp_extract("s", "(\\w+) (\\w+)", 2),
                     F.regexp_extract("s", "z(\\d)", 1),
                     F.regexp_replace("s", "o", "0"),
                     F.regexp_replace("s", "(\\w+) (\\w+)", "$2 $1"))


def c_str_pad(spark, F):
    df = words(spark)
    return df.select("id", F.lpad("p", 6, "*"), F.rpad("p", 6, "-="), F.lpad("s", 3, "x"),
                     F.repeat("p", 2), F.reverse("s"))


def c_str_misc(spark, F):
    df = words(spark)
    return df.select("id", F.translate("s", "lo", "01"), F.initcap("s"), F.instr("s", "o"),
                     F.locate("o", "s"), F.locate("o", "s", 6), F.length("s"),
                     F.ltrim("p"), F.rtrim("p"), F.trim("p"))


def c_str_concat_ws_format(spark, F):
    df = words(spark)
    return df.select("id", F.concat_ws("-", "s", "csv", "d"),
                     F.format_string("%s has %d", "s", "id"),
                     F.substring_index("csv", ",", 2), F.substring_index("csv", ",", -1))


def c_str_case_and_more(spark, F):
    df = words(spark)
    return df.select("id", F.upper("s"), F.lower("s"), F.ascii("s"), F.base64("s"),
                     F.left("s", F.lit(3)), F.right("s", F.lit(2)), F.btrim("p"))


def c_str_sql(spark, F):
    words(spark).createOrReplaceTempView("words_t")
    return spark.sql("SELECT id, lpad(s, 13, '.') AS l, regexp_extract(s, '([a-z]+)', 1) AS r,"
                     " instr(s, 'l') AS i, split(csv, ',') AS parts, "
                     "concat_ws('|', s, d) AS c FROM words_t ORDER BY id")


def c_str_expr(spark, F):
    return words(spark).selectExpr("id", "translate(s, 'o', '0') AS t",
                                   "substring_index(csv, ',', 1) AS si", "repeat(p, 3) AS rp")


def c_date_format(spark, F):
    df = times(spark)
    return df.select("id", F.date_format("ts", "yyyy-MM-dd HH:mm:ss"),
                     F.date_format("d", "dd/MM/yyyy"), F.date_format("ts", "EEE MMM d, yy"),
                     F.date_format("ts", "hh:mm a"))


def c_to_timestamp(spark, F):
    df = words(spark)
    return df.select("id", F.to_timestamp("d"), F.to_timestamp("d", "yyyy-MM-dd"),
                     F.to_date("d", "yyyy-MM-dd"), F.unix_timestamp("d", "yyyy-MM-dd"))


def c_from_unixtime(spark, F):
    df = spark.createDataFrame([(0,), (1700000000,), (None,)], "t BIGINT")
    return df.select(F.from_unixtime("t"), F.from_unixtime("t", "yyyy/MM/dd"),
                     F.timestamp_seconds("t"))


def c_utc_conversions(spark, F):
    df = times(spark)
    return df.select("id", F.from_utc_timestamp("ts", "America/New_York"),
                     F.to_utc_timestamp("ts", "Asia/Tokyo"))


def c_date_trunc(spark, F):
    df = times(spark)
    return df.select("id", F.date_trunc("hour", "ts"), F.date_trunc("month", "ts"),
                     F.date_trunc("year", "ts"), F.trunc("d", "month"), F.trunc("d", "year"))


def c_date_arith(spark, F):
    df = times(spark)
    return df.select("id", F.add_months("d", 1), F.months_between("d", F.lit("2000-01-01")),
                     F.last_day("d"), F.next_day("d", "Mon"), F.dayofweek("d"),
                     F.weekofyear("d"), F.dayofyear("d"), F.quarter("d"))


def c_time_parts(spark, F):
    df = times(spark)
    return df.select("id", F.year("ts"), F.month("ts"), F.dayofmonth("ts"), F.hour("ts"),
                     F.minute("ts"), F.second("ts"), F.datediff("d", F.lit("2000-01-01")))


def c_time_window(spark, F):
    df = times(spark)
    return (df.filter("ts IS NOT NULL").groupBy(F.window("ts", "1 day")).count()
            .select("window.start", "window.end", "count").orderBy("start"))


def c_dates_sql(spark, F):
    times(spark).createOrReplaceTempView("times_t")
    return spark.sql("SELECT id, date_format(ts, 'yyyyMMdd') AS f, last_day(d) AS l, "
                     "months_between(d, DATE'2020-01-15') AS mb, unix_timestamp(ts) AS u "
                     "FROM times_t ORDER BY id")


def c_math_basic(spark, F):
    df = nums(spark)
    return df.select("id", F.sqrt("i"), F.pow("x", 2), F.exp("j"), F.log("i"), F.log(2.0, "i"),
                     F.log10("i"), F.log2("i"), F.log1p("i"))


def c_math_round(spark, F):
    df = nums(spark)
    return df.select("id", F.floor("x"), F.ceil("x"), F.round("x"), F.bround("x"),
                     F.round("x", 1), F.bround("x", 1), F.signum("x"), F.abs("j"))


def c_math_more(spark, F):
    df = nums(spark)
    return df.select("id", F.cbrt("i"), F.degrees("x"), F.radians("x"), F.sin("x"),
                     F.atan2("x", "j"), F.hypot("x", "j"), F.factorial("j"), F.pmod("j", F.lit(5)))


def c_math_rand_schema(spark, F):
    df = spark.range(3).select(F.rand(42).alias("r"), F.randn(7).alias("n"))
    return df.select((F.col("r") >= 0).alias("ok"), F.col("n").isNotNull().alias("nn"))


def c_null_functions(spark, F):
    df = nums(spark)
    return df.select("id", F.nvl("i", F.lit(-1)), F.nvl2("i", F.lit("y"), F.lit("n")),
                     F.ifnull("x", F.lit(0.0)), F.nullif("i", F.lit(0)),
                     F.greatest("i", "j"), F.least("i", "j", F.lit(1)))


def c_nan_functions(spark, F):
    df = spark.createDataFrame([(1.0, 2.0), (float("nan"), 5.0), (None, 3.0)], "a DOUBLE, b DOUBLE")
    return df.select(F.isnan("a"), F.nanvl("a", "b"), F.isnull("a"))


def c_null_sql(spark, F):
    nums(spark).createOrReplaceTempView("nums_t")
    return spark.sql("SELECT id, nvl(i, 0) AS a, nvl2(i, 1, 2) AS b, nullif(j, 0) AS c, "
                     "greatest(i, j) AS g, ifnull(x, 1.5) AS d FROM nums_t ORDER BY id")


def c_explode_with_column(spark, F):
    return nested(spark).withColumn("v", F.explode("arr")).select("id", "v")


def c_posexplode_map(spark, F):
    return nested(spark).select("id", F.posexplode("m"))


def c_explode_outer_map(spark, F):
    return nested(spark).select("id", F.explode_outer("m"))


def c_posexplode_outer(spark, F):
    return nested(spark).select("id", F.posexplode_outer("arr"))


def c_explode_select_expr(spark, F):
    return nested(spark).selectExpr("id", "explode(arr) AS v").filter("v > 1")


def c_element_at_map_missing(spark, F):
    df = nested(spark)
    return df.select("id", F.element_at("m", F.lit("zz")), F.try_element_at("arr", F.lit(10)))


def c_element_at_zero(spark, F):
    return nested(spark).select(F.element_at("arr", 0))


def c_array_reverse_and_nested_show(spark, F):
    df = nested(spark)
    return df.select("id", F.reverse("arr").alias("r"),
                     F.array(F.struct("id", F.lit("a").alias("c"))).alias("as"),
                     F.create_map(F.lit("k"), F.array("id")).alias("ma"))


def c_to_timestamp_invalid(spark, F):
    return words(spark).select(F.to_timestamp("s", "yyyy-MM-dd"))


def c_window_minutes(spark, F):
    df = spark.createDataFrame(
        [(datetime.datetime(2024, 1, 1, 10, m),) for m in (0, 4, 9, 10, 23, 59)], "ts TIMESTAMP")
    return (df.groupBy(F.window("ts", "10 minutes")).agg(F.count("*").alias("n"))
            .orderBy("window"))


def c_split_limit_regex(spark, F):
    df = spark.createDataFrame([("a1b22c333d",), ("",), ("nodigits",)], "s STRING")
    return df.select(F.split("s", "[0-9]+"), F.split("s", "[0-9]+", 2), F.split("s", "", -1))


def c_format_string_more(spark, F):
    return nums(spark).select(F.format_string("%5.2f|%-4s|%05d", "x", "id", "j"))


def c_date_format_more(spark, F):
    return times(spark).select(F.date_format("ts", "yyyy-MM-dd'T'HH:mm:ss.SSS"),
                               F.date_format("ts", "D EEEE MMMM"))


def c_from_json_nested(spark, F):
    df = spark.createDataFrame([('{"a": {"b": 1}, "c": [{"d": "x"}]}',), ("not json",)],
                               "j STRING")
    return df.select(F.from_json("j", "a STRUCT<b: INT>, c ARRAY<STRUCT<d: STRING>>").alias("p"))


def c_field_access_chain(spark, F):
    df = spark.createDataFrame([((1, (2, "deep")),)], "s STRUCT<a: INT, b: STRUCT<c: INT, d: STRING>>")
    return df.select(F.col("s.b.d"), df.s.b.c, F.col("s")["a"], "s.b.*")


def pairs(spark):
    return spark.createDataFrame(
        [(1, [1, 2, 2, None, 3], [2, 5, None], "a:1,b:2"),
         (2, [], [1], "x"),
         (3, None, None, None),
         (4, [4, 4], [], "k=v;q=w")],
        "id INT, a ARRAY<INT>, b ARRAY<INT>, s STRING")


def c_array_set_ops(spark, F):
    return pairs(spark).select("id", F.array_distinct("a"), F.array_union("a", "b"),
                               F.array_intersect("a", "b"), F.array_except("a", "b"),
                               F.arrays_overlap("a", "b"), F.array_compact("a"))


def c_array_positions(spark, F):
    return pairs(spark).select("id", F.array_remove("a", 2), F.array_position("a", 2),
                               F.array_append("a", 9), F.array_prepend("a", 0),
                               F.array_insert("a", 2, 7), F.array_insert("a", -1, 8),
                               F.get("a", 1), F.slice("a", 2, 2), F.slice("a", -2, 5))


def c_array_reductions(spark, F):
    return pairs(spark).select("id", F.array_max("a"), F.array_min("a"), F.array_size("a"),
                               F.array_sort("a"), F.array_join("a", "/"),
                               F.array_join("a", ",", "?"), F.array_repeat("id", 2),
                               F.flatten(F.array("a", "b")), F.sequence(F.lit(1), "id"))


def c_arrays_zip(spark, F):
    return pairs(spark).filter("id <> 3").select("id", F.arrays_zip("a", "b"))


def c_map_functions(spark, F):
    df = nested(spark).filter("id <> 4")
    return df.select("id", F.map_keys("m"), F.map_values("m"), F.map_entries("m"),
                     F.map_contains_key("m", "a"), F.map_from_arrays("arr", "arr"),
                     F.map_concat("m", F.create_map(F.lit("z"), F.lit(0))))


def c_map_from_entries_str_to_map(spark, F):
    df = pairs(spark).filter("id <> 4")
    return df.select("id", F.str_to_map("s"), F.str_to_map(F.lit("p=1&q=2"), F.lit("&"),
                                                          F.lit("=")),
                     F.map_from_entries(F.array(F.struct(F.lit("k").alias("key"),
                                                         F.col("id").alias("value")))))


def c_higher_order_arrays(spark, F):
    return pairs(spark).select(
        "id", F.transform("a", lambda x: x * 2), F.transform("a", lambda x, i: x + i),
        F.filter("a", lambda x: x > 1), F.filter("a", lambda x, i: i % 2 == 0),
        F.exists("a", lambda x: x > 2), F.forall("a", lambda x: x > 0),
        F.forall("b", lambda x: x.isNotNull()))


def c_higher_order_fold_zip(spark, F):
    return pairs(spark).select(
        "id", F.aggregate("a", F.lit(0), lambda acc, x: acc + F.coalesce(x, F.lit(0))),
        F.aggregate("a", F.lit(1.0), lambda acc, x: acc * F.coalesce(x, F.lit(1)),
                    lambda acc: acc / 2).alias("half_product"),
        F.zip_with("a", "b", lambda x, y: F.coalesce(x, F.lit(0)) + F.coalesce(y, F.lit(0))),
        F.transform("a", lambda x: x + F.col("id")).alias("plus_id"))


def c_higher_order_maps(spark, F):
    return nested(spark).select(
        "id", F.map_filter("m", lambda k, v: v > 1),
        F.transform_keys("m", lambda k, v: F.upper(k)),
        F.transform_values("m", lambda k, v: F.coalesce(v, F.lit(0)) * 10))


def c_math_extra(spark, F):
    return nums(spark).select(
        "id", F.e(), F.pi(), F.acosh(F.abs("x") + 1), F.asinh("x"), F.atanh(F.lit(0.5)),
        F.bin("j"), F.hex("j"), F.hex(F.lit("Spark")), F.shiftleft("j", 2),
        F.shiftright("j", 1), F.shiftrightunsigned("j", 1), F.bit_count("j"),
        F.bitwise_not("j"), F.bit_get(F.abs("j"), F.lit(1)), F.typeof("x"), F.sign("x"),
        F.positive("i"), F.negative("i"), F.equal_null("i", "j"), F.nullifzero("i"),
        F.zeroifnull("j"), F.ceil("x", 1), F.floor("x", 1))


def c_strings_extra(spark, F):
    return words(spark).select(
        "id", F.chr(F.col("id") + 64), F.levenshtein("s", F.lit("hello")),
        F.overlay("s", F.lit("XY"), 2), F.regexp_count("s", F.lit("[lo]")),
        F.regexp_extract_all("s", F.lit("(\\w)(\\w+)"), 2), F.regexp_substr("s", F.lit("o.")),
        F.split_part("csv", F.lit(","), F.lit(2)), F.url_encode("s"), F.ucase("s"),
        F.lcase("s"), F.char_length("s"), F.sha("s"), F.trim("p", F.lit(" p")),
        F.ltrim("p", F.lit(" ")), F.elt(F.lit(2), "s", "csv"),
        F.find_in_set(F.lit("b"), "csv"), F.like("s", F.lit("%o%")),
        F.ilike("s", F.lit("SPARK%")), F.contains("s", F.lit("l")),
        F.startswith("s", F.lit("h")), F.endswith("s", F.lit("s")),
        F.replace("s", F.lit("l")), F.format_number(F.col("id") * 1234.5, 1))


def c_dates_extra(spark, F):
    return times(spark).select(
        "id", F.make_date(F.year("d"), F.lit(2), F.lit(3)), F.unix_date("d"),
        F.unix_seconds("ts"), F.unix_millis("ts"), F.unix_micros("ts"),
        F.timestamp_millis(F.unix_millis("ts")), F.date_from_unix_date(F.unix_date("d")),
        F.date_part(F.lit("YEAR"), "ts"), F.extract(F.lit("month"), "d"),
        F.date_part(F.lit("SECOND"), "ts"), F.dayname("d"), F.monthname("d"), F.weekday("d"))


def c_json_functions(spark, F):
    df = spark.createDataFrame([(1, '{"a": {"b": 2}, "c": [1, 2, 3]}'), (2, "[1, 2]"),
                                (3, "oops")], "id INT, j STRING")
    return df.select("id", F.get_json_object("j", "$.a.b"), F.get_json_object("j", "$.c"),
                     F.json_array_length("j"), F.json_object_keys("j"))


def c_sql_values_range(spark, F):
    return spark.sql("SELECT t.a, t.b, r.id FROM VALUES (1, 'x'), (2, NULL), (3, 'z') "
                     "AS t(a, b) JOIN range(1, 3) AS r ON t.a = r.id ORDER BY a")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}

from .cases_functions_more import CASES as _MORE  # noqa: E402
from .cases_functions_hash_agg import CASES as _HASH_AGG  # noqa: E402
from .cases_nested import CASES as _NESTED  # noqa: E402

CASES.update(_MORE)
CASES.update(_HASH_AGG)
CASES.update(_NESTED)
