"""DataFrame programs run both by PySpark (``record_pyspark.py`` records their outputs) and by
spark-lambda (``test_pyspark_cases.py`` compares). Each case takes ``(spark, F)`` and returns a
DataFrame (compared: column names, types, rows, schema and ``show`` text) or a plain value
(compared by ``repr``); an error is compared by its class and Spark error class. More cases live
in ``cases_session``, ``cases_dataframe``, ``cases_columns``, ``cases_semantics``,
``cases_using_joins`` and ``cases_io``.
"""

from __future__ import annotations

import datetime
import decimal


def people(spark):
    return spark.createDataFrame(
        [(1, "alice", 34, 2.5, "NY"), (2, "bob", None, 1.0, "SF"), (3, "carol", 29, None, "NY"),
         (4, "dan", 41, 3.25, None), (5, "eve", 29, 0.5, "SF")],
        "id INT, name STRING, age INT, score DOUBLE, city STRING")


def c_select_arith(spark, F):
    df = people(spark)
    return df.select("id", (F.col("age") + 1).alias("next"), df.score * 2, F.col("id") / 2,
                     (F.col("age") % 7), -F.col("id"))


def c_filter_string(spark, F):
    return people(spark).filter("age > 30 OR city = 'SF'").select("name")


def c_group_agg(spark, F):
    return people(spark).groupBy("city").agg(F.count("*"), F.sum("age"), F.avg("score"),
                                             F.min("name"), F.max("age")).orderBy("city")


def c_sum_int_is_bigint(spark, F):
    return people(spark).agg(F.sum("age").alias("s"), F.countDistinct("age").alias("d"))


def c_order_nulls(spark, F):
    return people(spark).orderBy(F.col("age").desc(), "id").select("id", "age")


def c_order_nulls_asc(spark, F):
    return people(spark).orderBy("city", "id").select("city", "id")


def c_when_otherwise(spark, F):
    return people(spark).select(
        "id", F.when(F.col("age") > 30, "old").when(F.col("age").isNull(), "?")
        .otherwise("young").alias("band"))


def c_string_functions(spark, F):
    return people(spark).select(F.upper("name"), F.substring("name", 0, 2),
                                F.substring("name", 2, 3), F.concat("name", F.lit("-"), "city"),
                                F.length("name"), F.col("name").startswith("a"),
                                F.col("name").like("%o%"), F.col("name").rlike("^[a-c]"))


def c_casts(spark, F):
    df = spark.createDataFrame([(1.9, "12", -2.7)], ["a", "b", "c"])
    return df.select(F.col("a").cast("int"), F.col("b").cast("bigint"), F.col("c").cast("int"),
                     F.col("a").cast("string"))


def c_decimals(spark, F):
    df = spark.createDataFrame([(decimal.Decimal("1.25"), decimal.Decimal("3.10"))],
                               "a DECIMAL(15,2), b DECIMAL(15,2)")
    return df.select((F.col("a") * F.col("b")).alias("m"), (F.col("a") + F.col("b")).alias("p"),
                     (F.col("a") / F.col("b")).alias("d"), F.round(F.col("a"), 1).alias("r"))


def c_dates(spark, F):
    df = spark.createDataFrame([(datetime.date(2020, 2, 28), "2021-03-04")], ["d", "s"])
    return df.select(F.date_add("d", 2), F.datediff(F.to_date("s"), "d"), F.year("d"),
                     F.month("d"), F.dayofmonth("d"), F.to_date("s", "yyyy-MM-dd"))


def c_join_inner(spark, F):
    a = people(spark)
    b = spark.createDataFrame([("NY", "east"), ("SF", "west"), ("LA", "west")], ["city", "side"])
    return a.join(b, "city").orderBy("id").select("id", "city", "side")


def c_join_left_cond(spark, F):
    a = people(spark)
    b = spark.createDataFrame([("NY", "east"), ("LA", "west")], ["town", "side"])
    return a.join(b, a.city == b.town, "left").orderBy("id").select("id", "town", "side")


def c_join_full(spark, F):
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["k", "a"])
    b = spark.createDataFrame([(2, "p"), (3, "q")], ["k", "b"])
    return a.join(b, "k", "full").orderBy("k")


def c_join_semi_anti(spark, F):
    a = people(spark)
    b = spark.createDataFrame([("NY",)], ["city"])
    return a.join(b, "city", "left_semi").union(a.join(b, "city", "left_anti")).orderBy("id")


def c_distinct_union(spark, F):
    df = people(spark).select("city")
    return df.union(df).distinct().orderBy("city")


def c_with_column_drop(spark, F):
    return people(spark).withColumn("x", F.lit(1)).withColumnRenamed("name", "n") \
        .drop("score", "city").orderBy("id")


def c_collect_stats(spark, F):
    return people(spark).groupBy("city").agg(
        F.count("id"),
        F.stddev("age"), F.variance("age")).orderBy("city")


def c_range(spark, F):
    return spark.range(10).filter(F.col("id") % 3 == 0).select("id", (F.col("id") * 10).alias("t"))


def c_sql_view(spark, F):
    people(spark).createOrReplaceTempView("people")
    return spark.sql("SELECT city, count(*) AS n, sum(age) FROM people WHERE age IS NOT NULL "
                     "GROUP BY city HAVING count(*) >= 1 ORDER BY n DESC, city")


def c_isin_between(spark, F):
    df = people(spark)
    return df.filter(F.col("id").isin(1, 3, 5) & F.col("age").between(20, 30)).select("id")


def _cases(namespace) -> dict:
    return {name: fn for name, fn in namespace.items() if name.startswith("c_")}


def _all_cases() -> dict:
    from . import (cases_columns, cases_dataframe, cases_io, cases_semantics, cases_session,
                   cases_using_joins)
    out = _cases(globals())
    for module in (cases_session, cases_dataframe, cases_columns, cases_semantics,
                   cases_using_joins, cases_io):
        out.update(_cases(vars(module)))
    return out


CASES = _all_cases()
