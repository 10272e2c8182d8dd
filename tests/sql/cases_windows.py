"""Window and UDF programs run by PySpark (``record_pyspark_windows.py`` records them) and by
spark-lambda (``test_windows_udfs.py`` compares), as ``cases.py``. Orderings are total within
each window so that every row's value is determined."""

from __future__ import annotations

import importlib


def _sql(F):
    """The ``sql`` package ``F`` belongs to (``pyspark.sql`` or ``spark_lambda.sql``)."""
    return importlib.import_module(F.__name__.rsplit(".", 1)[0])


def sales(spark):
    return spark.createDataFrame(
        [("east", 1, 10, 1.5), ("east", 2, 20, None), ("east", 3, None, 2.5), ("east", 4, 40, 4.0),
         ("west", 1, 5, 1.0), ("west", 2, 5, 3.0), ("west", 3, 7, None), (None, 1, 1, 9.0)],
        "region STRING, day INT, amount INT, price DOUBLE")


def w_ranking(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy("day")
    wa = Window.partitionBy("region").orderBy(F.col("amount").desc())
    return sales(spark).select(
        "region", "day", F.row_number().over(w).alias("rn"), F.rank().over(wa).alias("rk"),
        F.dense_rank().over(wa).alias("dr"), F.percent_rank().over(w).alias("pr"),
        F.ntile(2).over(w).alias("nt"), F.cume_dist().over(w).alias("cd")
    ).orderBy("region", "day")


def w_lag_lead(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy("day")
    return sales(spark).select(
        "region", "day", F.lag("amount").over(w).alias("prev"),
        F.lead("amount", 1, -1).over(w).alias("next"), F.lag("price", 2, 0.0).over(w).alias("p2")
    ).orderBy("region", "day")


def w_running_aggregates(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy("day")
    return sales(spark).select(
        "region", "day", F.sum("amount").over(w).alias("running"),
        F.avg("price").over(w).alias("avg_so_far"), F.count("amount").over(w).alias("n"),
        F.max("amount").over(w).alias("mx"), F.min("price").over(w).alias("mn")
    ).orderBy("region", "day")


def w_whole_partition(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region")
    return sales(spark).select(
        "region", "day", F.sum("amount").over(w).alias("total"),
        F.count("*").over(w).alias("n"), (F.col("amount") / F.sum("amount").over(w)).alias("share")
    ).orderBy("region", "day")


def w_frames(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy("day")
    return sales(spark).select(
        "region", "day",
        F.avg("amount").over(w.rowsBetween(-1, 1)).alias("moving"),
        F.sum("amount").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("cum"),
        F.sum("amount").over(w.rowsBetween(Window.currentRow, Window.unboundedFollowing)).alias("rest"),
        F.sum("amount").over(w.rangeBetween(-1, 0)).alias("range1"),
        F.first("price", True).over(w.rowsBetween(-1, 1)).alias("f"),
        F.last("price").over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)).alias("l"),
        F.last("price", True).over(w).alias("lnn")
    ).orderBy("region", "day")


def w_no_partition(spark, F):
    Window = _sql(F).Window
    w = Window.orderBy(F.col("region").asc_nulls_last(), "day")
    return sales(spark).select("region", "day", F.row_number().over(w).alias("rn"),
                               F.sum("amount").over(w).alias("s")).orderBy("rn")


def w_names_and_types(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy("day")
    return sales(spark).select("region", "day", F.row_number().over(w),
                               F.sum("amount").over(w)).orderBy("region", "day")


def w_sql(spark, F):
    sales(spark).createOrReplaceTempView("sales")
    return spark.sql("""
        SELECT region, day,
               sum(amount) OVER (PARTITION BY region ORDER BY day
                                 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s2,
               row_number() OVER w AS rn,
               lag(amount, 1, 0) OVER w AS prev,
               avg(price) OVER (PARTITION BY region) AS avg_price,
               dense_rank() OVER (ORDER BY amount DESC) AS amount_rank
        FROM sales WINDOW w AS (PARTITION BY region ORDER BY day)
        ORDER BY region, day""")


def w_filter_on_window(spark, F):
    Window = _sql(F).Window
    w = Window.partitionBy("region").orderBy(F.col("day").desc())
    return (sales(spark).withColumn("rn", F.row_number().over(w)).filter("rn = 1")
            .select("region", "day").orderBy("region"))


def w_requires_order(spark, F):
    Window = _sql(F).Window
    return sales(spark).select(F.row_number().over(Window.partitionBy("region")))


def u_udf_forms(spark, F):
    IntegerType = _sql(F).types.IntegerType

    @F.udf(returnType=IntegerType())
    def plus1(v):
        return None if v is None else v + 1

    @F.udf
    def shout(s):
        return None if s is None else s.upper() + "!"

    twice = F.udf(lambda x: None if x is None else x * 2, "double")
    return sales(spark).select("day", plus1("amount"), shout("region").alias("r"),
                               twice("price").alias("p2")).orderBy("region", "day")


def u_udf_wrong_type_is_null(spark, F):
    as_int = F.udf(lambda x: "text", "int")
    as_double = F.udf(lambda x: 1, "double")
    as_str = F.udf(lambda x: x, "string")
    return sales(spark).select("day", as_int("day").alias("i"), as_double("day").alias("d"),
                               as_str("day").alias("s")).orderBy("region", "day")


def u_udf_complex_return(spark, F):
    pair = F.udf(lambda a, b: [a, b], "array<int>")
    return sales(spark).select("day", pair("day", "amount").alias("pair")).orderBy("region", "day")


def u_register_sql(spark, F):
    spark.udf.register("add_tax", lambda p: None if p is None else p * 1.5, "double")
    spark.udf.register("label", lambda r, d: f"{r}-{d}")
    sales(spark).createOrReplaceTempView("sales")
    return spark.sql("SELECT label(region, day) AS l, add_tax(price) AS t FROM sales "
                     "WHERE day <= 2 ORDER BY region, day")


def u_udf_raises(spark, F):
    def boom(x):
        raise ValueError("no " + str(x))
    return sales(spark).select(F.udf(boom)("day"))


def u_arrow_udf_wrong_type(spark, F):
    return sales(spark).select(F.udf(lambda x: "text", "int", useArrow=True)("day"))


def u_pandas_scalar(spark, F):
    import pandas as pd

    @F.pandas_udf("double")
    def scaled(a: pd.Series, b: pd.Series) -> pd.Series:
        return a * 10 + b

    return sales(spark).select("day", scaled("day", "price").alias("s")).orderBy("region", "day")


def u_map_in_pandas(spark, F):
    def keep_big(it):
        for pdf in it:
            yield pdf[pdf.amount > 5][["region", "amount"]]
    return sales(spark).mapInPandas(keep_big, "region string, amount int").orderBy("region",
                                                                                   "amount")


def u_map_in_arrow(spark, F):
    import pyarrow.compute as pc

    def doubled(it):
        for batch in it:
            yield batch.set_column(2, "amount", pc.multiply(batch.column(2), 2))
    return sales(spark).mapInArrow(doubled, sales(spark).schema).orderBy("region", "day")


def u_apply_in_pandas(spark, F):
    def centre(pdf):
        return pdf.assign(amount=pdf.amount - pdf.amount.mean())[["region", "day", "amount"]]
    return (sales(spark).groupBy("region")
            .applyInPandas(centre, "region string, day int, amount double")
            .orderBy("region", "day"))


def u_cogroup(spark, F):
    import pandas as pd
    targets = spark.createDataFrame([("east", 50), ("north", 1)], "region STRING, target INT")

    def merge(left, right):
        region = left.region.iloc[0] if len(left) else right.region.iloc[0]
        return pd.DataFrame({"region": [region], "total": [int(left.amount.sum())],
                             "target": [int(right.target.sum())]})
    return (sales(spark).groupBy("region").cogroup(targets.groupBy("region"))
            .applyInPandas(merge, "region string, total long, target long")
            .orderBy("region"))


CASES = {name: fn for name, fn in dict(globals()).items() if name.startswith(("w_", "u_"))}


def u_pandas_grouped_agg(spark, F):
    import pandas as pd

    @F.pandas_udf("double")
    def spread(v: pd.Series) -> float:
        return float(v.max() - v.min())

    return sales(spark).groupBy("region").agg(spread("price").alias("spread")).orderBy("region")


CASES = {name: fn for name, fn in dict(globals()).items() if name.startswith(("w_", "u_"))}
