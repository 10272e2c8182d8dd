"""TPC-H queries written with the DataFrame API (the ones that read naturally so).

Each function takes a session whose temporary views are the TPC-H tables and returns the
query's DataFrame, with the same rows and column names as ``tests/sql/tpch/qNN.sql``. The
code is PySpark's API; only ``functions`` comes from spark-lambda.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from spark_lambda.sql import functions as F

D = datetime.date


def _disc_price():
    return F.col("l_extendedprice") * (1 - F.col("l_discount"))


def q01(spark):
    li = spark.table("lineitem").filter(F.col("l_shipdate") <= F.lit(D(1998, 9, 2)))
    return (li.groupBy("l_returnflag", "l_linestatus")
            .agg(F.sum("l_quantity").alias("sum_qty"),
                 F.sum("l_extendedprice").alias("sum_base_price"),
                 F.sum(_disc_price()).alias("sum_disc_price"),
                 F.sum(_disc_price() * (1 + F.col("l_tax"))).alias("sum_charge"),
                 F.avg("l_quantity").alias("avg_qty"),
                 F.avg("l_extendedprice").alias("avg_price"),
                 F.avg("l_discount").alias("avg_disc"),
                 F.count("*").alias("count_order"))
            .orderBy("l_returnflag", "l_linestatus"))


def q03(spark):
    day = F.lit(D(1995, 3, 15))
    c = spark.table("customer").filter(F.col("c_mktsegment") == "BUILDING")
    o = spark.table("orders").filter(F.col("o_orderdate") < day)
    li = spark.table("lineitem").filter(F.col("l_shipdate") > day)
    return (c.join(o, F.col("c_custkey") == F.col("o_custkey"))
            .join(li, F.col("l_orderkey") == F.col("o_orderkey"))
            .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
            .agg(F.sum(_disc_price()).alias("revenue"))
            .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
            .orderBy(F.col("revenue").desc(), "o_orderdate")
            .limit(10))


def q06(spark):
    li = spark.table("lineitem").filter(
        (F.col("l_shipdate") >= F.lit(D(1994, 1, 1))) & (F.col("l_shipdate") < F.lit(D(1995, 1, 1)))
        & F.col("l_discount").between(Decimal("0.05"), Decimal("0.07"))
        & (F.col("l_quantity") < 24))
    return li.agg(F.sum(F.col("l_extendedprice") * F.col("l_discount")).alias("revenue"))


def q12(spark):
    high = F.col("o_orderpriority").isin("1-URGENT", "2-HIGH")
    li = spark.table("lineitem").filter(
        F.col("l_shipmode").isin("MAIL", "SHIP") & (F.col("l_commitdate") < F.col("l_receiptdate"))
        & (F.col("l_shipdate") < F.col("l_commitdate"))
        & (F.col("l_receiptdate") >= F.lit(D(1994, 1, 1)))
        & (F.col("l_receiptdate") < F.lit(D(1995, 1, 1))))
    return (spark.table("orders").join(li, F.col("o_orderkey") == F.col("l_orderkey"))
            .groupBy("l_shipmode")
            .agg(F.sum(F.when(high, 1).otherwise(0)).alias("high_line_count"),
                 F.sum(F.when(~high, 1).otherwise(0)).alias("low_line_count"))
            .orderBy("l_shipmode"))


def q14(spark):
    li = spark.table("lineitem").filter((F.col("l_shipdate") >= F.lit(D(1995, 9, 1)))
                                        & (F.col("l_shipdate") < F.lit(D(1995, 10, 1))))
    promo = F.when(F.col("p_type").like("PROMO%"), _disc_price()).otherwise(0)
    return (li.join(spark.table("part"), F.col("l_partkey") == F.col("p_partkey"))
            .agg((100.00 * F.sum(promo) / F.sum(_disc_price())).alias("promo_revenue")))


QUERIES = {f.__name__: f for f in (q01, q03, q06, q12, q14)}
