"""DataFrame shapes whose ``explain()`` is compared with Spark's (``record_pyspark_explain``).

Each shape is built by the same code on both engines: ``build(spark, F, Window, data)`` gets a
session, the functions module and ``Window`` of either engine and the TPC-H directory.
"""

from __future__ import annotations


def _t(spark, data, name):
    return spark.read.parquet(str(data / f"{name}.parquet"))


def shapes(spark, F, Window, data) -> dict:
    """Shape name → DataFrame."""
    orders = _t(spark, data, "orders")
    customer = _t(spark, data, "customer")
    nation = _t(spark, data, "nation")
    items = spark.createDataFrame([(1, [1, 2]), (2, [3])], "k INT, xs ARRAY<INT>")
    w = Window.partitionBy("o_custkey").orderBy(F.col("o_totalprice").desc())
    return {
        "filter_project": orders.filter(F.col("o_totalprice") > 1000)
                                .select("o_orderkey", (F.col("o_totalprice") * 2).alias("p2")),
        "group_agg": orders.groupBy("o_orderstatus")
                           .agg(F.sum("o_totalprice").alias("s"), F.count("*").alias("n")),
        "global_agg": orders.agg(F.max("o_totalprice").alias("m")),
        "distinct": orders.select("o_orderpriority").distinct(),
        "order_by": orders.select("o_orderkey", "o_totalprice").orderBy("o_totalprice"),
        "order_limit": orders.select("o_orderkey", "o_totalprice")
                             .orderBy(F.col("o_totalprice").desc()).limit(10),
        "window": orders.select("o_custkey", "o_totalprice",
                                F.row_number().over(w).alias("rn")),
        "explode": items.select("k", F.explode("xs").alias("x")),
        "union": spark.range(5).union(spark.range(3)),
        "broadcast_join": orders.join(F.broadcast(customer),
                                      orders.o_custkey == customer.c_custkey)
                                .select("o_orderkey", "c_name"),
        "shuffled_join": customer.join(nation, customer.c_nationkey == nation.n_nationkey,
                                       "left").select("c_name", "n_name"),
    }
