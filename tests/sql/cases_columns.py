"""Cases: Column operators and the everyday functions, with ANSI errors."""

from __future__ import annotations

import datetime
import decimal

from .case_helpers import people


def _one(spark):
    return spark.range(1)


def c_int_overflow_add(spark, F):
    return _one(spark).select(F.lit(2147483647) + F.lit(1))


def c_long_overflow_mul(spark, F):
    return _one(spark).select(F.lit(9223372036854775807) * 2)


def c_int_column_overflow(spark, F):
    df = spark.createDataFrame([(2147483647,)], "x INT")
    return df.select(F.col("x") + 1)


def c_divide_by_zero_int(spark, F):
    return _one(spark).select(F.lit(1) / 0)


def c_divide_by_zero_double(spark, F):
    return _one(spark).select(F.lit(1.0) / 0.0)


def c_mod_by_zero(spark, F):
    return _one(spark).select(F.lit(5) % 0)


def c_arith_types(spark, F):
    df = spark.createDataFrame([(7, 2, 7.5, decimal.Decimal("2.50"))],
                               "i INT, j BIGINT, d DOUBLE, m DECIMAL(4,2)")
    return df.select(df.i + df.j, df.i / df.j, df.i % df.j, df.i * df.d, df.i - df.m,
                     df.m * df.m, df.m / 3, -df.i, df.i ** 2, df.j + 1.5, F.lit(1) + df.i)


def c_comparisons_logic(spark, F):
    df = spark.createDataFrame([(1, True), (None, False), (3, None)], "x INT, b BOOLEAN")
    return df.select(df.x == 1, df.x != 1, df.x < 2, df.x <= 1, df.x > 1, df.x >= 3,
                     (df.x > 0) & df.b, (df.x > 0) | df.b, ~df.b, df.x.eqNullSafe(None),
                     df.x.isNull(), df.x.isNotNull())


def c_string_predicates(spark, F):
    df = people(spark)
    return df.select("name", df.name.startswith("a"), df.name.endswith("e"),
                     df.name.contains("ar"), df.name.like("_o%"), df.name.rlike("l{2}|ve"),
                     df.city.isin("NY", "LA"), df.id.isin([1, 2]), df.age.between(29, 34)) \
        .orderBy("name")


def c_casts_more(spark, F):
    df = spark.createDataFrame([("42", " 7 ", "1.5", "true", "2024-02-29", 3.99, -3.99, 1)],
                               "a STRING, b STRING, c STRING, d STRING, e STRING, f DOUBLE, "
                               "g DOUBLE, h INT")
    return df.select(df.a.cast("int"), df.b.cast("int"), df.c.cast("double"),
                     df.d.cast("boolean"), df.e.cast("date"), df.f.cast("int"),
                     df.g.cast("bigint"), df.h.cast("string"), df.h.cast("boolean"),
                     df.f.cast("decimal(5,1)"), df.c.cast("decimal(4,2)"),
                     df.e.cast("timestamp"), df.f.cast("string"))


def c_cast_invalid_string(spark, F):
    return spark.createDataFrame([("abc",)], ["s"]).select(F.col("s").cast("int"))


def c_cast_decimal_string_to_int(spark, F):
    return spark.createDataFrame([("1.5",)], ["s"]).select(F.col("s").cast("int"))


def c_cast_overflow(spark, F):
    return spark.createDataFrame([(3.0e10,)], ["d"]).select(F.col("d").cast("int"))


def c_cast_invalid_date(spark, F):
    return spark.createDataFrame([("2024-13-45",)], ["s"]).select(F.col("s").cast("date"))


def c_try_cast(spark, F):
    return spark.createDataFrame([("abc",), ("12",)], ["s"]).select(F.col("s").try_cast("int"))


def c_literals(spark, F):
    return _one(spark).select(F.lit(1), F.lit(2 ** 40), F.lit(1.5), F.lit("x"), F.lit(True),
                              F.lit(None), F.lit(decimal.Decimal("12.345")),
                              F.lit(datetime.date(2020, 1, 2)), F.lit(-7).alias("neg"))


def c_when_chain(spark, F):
    df = people(spark)
    return df.select("id", F.when(df.age.isNull(), 0).when(df.age > 30, df.age)
                     .alias("w"), F.when(df.score > 1, "hi").otherwise(F.lit(None)).alias("v"),
                     F.when(df.age > 30, 1.5).otherwise(df.id).alias("mix"))


def c_coalesce_expr(spark, F):
    df = people(spark)
    return df.select(F.coalesce(df.age, df.id * 10).alias("c"), F.coalesce(df.city, F.lit("?")),
                     F.expr("coalesce(score, 0)"), F.expr("id + age"))


def c_string_functions_more(spark, F):
    df = spark.createDataFrame([("  Hello World  ", None)], "s STRING, n STRING")
    return df.select(F.upper("s"), F.lower("s"), F.trim("s"), F.ltrim("s"), F.rtrim("s"),
                     F.substring("s", -5, 3), F.substring("s", 3, 100), F.concat("s", "n"),
                     F.concat(F.lit("a"), F.lit(1)), F.col("s").substr(3, 5),
                     F.concat_ws("-", "s", "n", F.lit("z")), F.length("s"))


def c_date_functions(spark, F):
    df = spark.createDataFrame([(datetime.date(2024, 2, 29), "15/03/2024", "2024-03-01")],
                               "d DATE, s STRING, t STRING")
    return df.select(F.year("d"), F.month("d"), F.dayofmonth("d"), F.date_add("d", -30),
                     F.date_add("d", 1), F.date_sub("d", 1), F.datediff("d", F.to_date("t")),
                     F.to_date("s", "dd/MM/yyyy"), F.to_date("t"), F.year(F.to_date("t")))


def c_to_date_invalid(spark, F):
    return spark.createDataFrame([("nope",)], ["s"]).select(F.to_date("s"))


def c_round_half_up(spark, F):
    df = spark.createDataFrame([(2.5, -2.5, 0.125, 1.005, 15, decimal.Decimal("2.345"))],
                               "a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE, i INT, m DECIMAL(5,3)")
    return df.select(F.round("a"), F.round("b"), F.round("c", 2), F.round("d", 2),
                     F.round("i", -1), F.round("m", 2), F.round("m"), F.abs("b"),
                     F.abs(F.col("i") - 20), F.bround("a"))


def c_aggregates(spark, F):
    df = people(spark)
    return df.agg(F.count("age"), F.count("*"), F.countDistinct("age"),
                  F.countDistinct("age", "city"), F.sum("score"), F.avg("age"), F.min("city"),
                  F.max("score"), F.stddev("age"), F.variance("age"), F.stddev_pop("age"),
                  F.var_pop("age"), F.mean("id"), F.sum_distinct("age"))


def c_collect_list_set(spark, F):
    df = people(spark)
    return df.groupBy("city").agg(F.sort_array(F.collect_list("age")).alias("l"),
                                  F.sort_array(F.collect_set("age")).alias("s"),
                                  F.size(F.collect_list("age")).alias("n"),
                                  F.first("name").alias("f")).filter("city = 'NY'")


def c_first_ignorenulls(spark, F):
    df = spark.createDataFrame([(1, None), (1, 5)], "k INT, v INT").coalesce(1)
    return df.groupBy("k").agg(F.first("v", ignorenulls=True), F.max("v"))


def c_stddev_single_and_empty(spark, F):
    df = spark.createDataFrame([(1, 2.0)], "k INT, v DOUBLE")
    return df.groupBy("k").agg(F.stddev("v"), F.variance("v")).union(
        df.filter("k > 5").agg(F.lit(0), F.stddev("v"), F.variance("v")))


def c_empty_aggregates(spark, F):
    df = people(spark).filter("id > 100")
    return df.agg(F.count("*"), F.sum("age"), F.avg("age"), F.max("name"),
                  F.collect_list("age"))


def c_sum_long_overflow(spark, F):
    df = spark.createDataFrame([(9223372036854775807,), (1,)], "x BIGINT")
    return df.agg(F.sum("x"))
