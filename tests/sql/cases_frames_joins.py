"""The joins of the ``frames_rest`` cases (``cases_frames_rest.py`` gathers them):
``lateralJoin`` with ``spark.tvf``, ``_joinAsOf``, ``nearestByJoin``."""

from __future__ import annotations

# --- lateralJoin and spark.tvf ---------------------------------------------------------------
def _customers(spark):
    return spark.createDataFrame([(1, "Alice"), (2, "Bob"), (3, "Charlie"), (4, "Diana")],
                                 "customer_id INT, name STRING")


def _orders(spark):
    return spark.createDataFrame(
        [(101, 1, "2024-01-10", [("laptop", 5), ("mouse", 12)]),
         (102, 1, "2024-02-15", [("phone", 2), ("charger", 15)]),
         (105, 1, "2024-03-20", [("tablet", 4)]),
         (103, 2, "2024-01-12", []), (104, 2, "2024-03-05", None),
         (106, 3, "2024-04-05", [("monitor", 1)])],
        "order_id INT, customer_id INT, order_date STRING, "
        "items ARRAY<STRUCT<product: STRING, quantity: INT>>")


def c_lateral_explode(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.explode(F.col("items").outer())) \
        .select("order_id", "col.product").orderBy("order_id", "product")


def c_lateral_explode_fields(spark, F):
    return _orders(spark).lateralJoin(
        spark.tvf.explode(F.col("items").outer()).select("col.*")) \
        .drop("items").orderBy("order_id", "product")


def c_lateral_explode_left(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.explode(F.col("items").outer()),
                                      how="left").select("order_id", "col") \
        .orderBy("order_id", "col")


def c_lateral_posexplode(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.posexplode(F.col("items").outer())) \
        .select("order_id", "pos", "col.quantity").orderBy("order_id", "pos")


def c_lateral_explode_filtered(spark, F):
    return _orders(spark).lateralJoin(
        spark.tvf.explode(F.col("items").outer()).where(F.col("col.quantity") > 4)) \
        .select("order_id", "col.product").orderBy("order_id", "product")


def c_lateral_correlated(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where(F.col("o.customer_id") == F.col("c.customer_id").outer())
        .select("order_id", "order_date")).orderBy("customer_id", "order_id")


def c_lateral_correlated_left_limit(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where(F.col("o.customer_id") == F.col("c.customer_id").outer())
        .select("order_id", "order_date").orderBy(F.col("order_date").desc()).limit(2),
        how="left").orderBy("customer_id", "order_id")


def c_lateral_correlated_range(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where((F.col("c.customer_id").outer() < F.col("o.customer_id")) &
                (F.col("o.order_id") > 103)).select("order_id")) \
        .orderBy("customer_id", "order_id")


def c_lateral_aggregate(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where(F.col("o.customer_id") == F.col("c.customer_id").outer())
        .select(F.count("*").alias("n"), F.max("order_date").alias("last"),
                F.sum("order_id").alias("s"))).orderBy("customer_id")


def c_lateral_aggregate_selected(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where((F.col("o.customer_id") == F.col("c.customer_id").outer()) &
                (F.col("o.order_id") > 101))
        .select(F.count("order_id").alias("n")).select((F.col("n") * 10).alias("n10"))) \
        .orderBy("customer_id")


def c_lateral_with_condition(spark, F):
    c = _customers(spark)
    return c.lateralJoin(spark.tvf.explode(F.array(F.lit(1), F.lit(2), F.lit(3))),
                         on=F.col("col") < F.col("customer_id")).orderBy("customer_id", "col")


def c_lateral_uncorrelated(spark, F):
    return _customers(spark).lateralJoin(spark.range(2)).orderBy("customer_id", "id")


def c_lateral_uncorrelated_left(spark, F):
    return _customers(spark).lateralJoin(spark.range(0), how="left").orderBy("customer_id")


def c_lateral_bad_how_error(spark, F):
    return _customers(spark).lateralJoin(spark.range(2), how="full")


def c_tvf_explode(spark, F):
    return spark.tvf.explode(F.array(F.lit(1), F.lit(2)))


def c_tvf_posexplode_outer_map(spark, F):
    return spark.tvf.posexplode_outer(F.create_map(F.lit("a"), F.lit(1)))


# --- _joinAsOf -------------------------------------------------------------------------------
def _asof_sides(spark):
    left = spark.createDataFrame([(1, "a", "x"), (5, "b", "x"), (10, "c", "y"), (4, "d", "z")],
                                 ["a", "left_val", "g"])
    right = spark.createDataFrame([(1, 1, "x"), (2, 2, "y"), (3, 3, "x"), (6, 6, "x"),
                                   (7, 7, "y"), (5, 55, "x")], ["a", "right_val", "g"])
    return left, right


def c_asof_backward(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a").select(left.a, "left_val", "right_val").sort("a")


def c_asof_forward_no_exact(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", allowExactMatches=False, direction="forward") \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_tolerance_left(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", how="left", tolerance=F.lit(1)) \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_on_key(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, left.a, right.a, on="g", how="left") \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_on_key_shuffled(spark, F):
    left, right = _asof_sides(spark)
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        return left._joinAsOf(right, "a", "a", on=left.g == right.g, tolerance=F.lit(2)) \
            .select(left.a, "left_val", "right_val").sort("a")
    finally:
        spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10485760")


def c_asof_bad_how_error(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", how="full")


# --- nearestByJoin ---------------------------------------------------------------------------
def _users_products(spark):
    users = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0), (4, None)],
                                  ["user_id", "score"])
    products = spark.createDataFrame([("A", 11.0), ("B", 22.5), ("C", 5.0), ("D", 40.0)],
                                     ["product", "pscore"])
    return users, products


def c_nearest_similarity(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, -F.abs(u.score - p.pscore), 1, "exact", "similarity") \
        .select("user_id", "product").orderBy("user_id")


def c_nearest_distance_two(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 2, "approx", "distance") \
        .orderBy("user_id", "product")


def c_nearest_left_outer(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p.where("pscore > 100"), F.abs(u.score - p.pscore), 1, "exact",
                           "distance", joinType="leftouter").orderBy("user_id")


def c_nearest_zero_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 0, "exact", "distance")


def c_nearest_mode_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "fast", "distance")


def c_nearest_direction_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "exact", "closest")


def c_nearest_join_type_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "exact", "distance",
                           joinType="full")

CASES = {name[2:]: fn for name, fn in dict(globals()).items()
         if name.startswith("c_") and callable(fn)}
