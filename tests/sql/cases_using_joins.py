"""Cases: joins on column names (DataFrame ``a.join(b, "k")``, SQL ``JOIN … USING`` and
``NATURAL JOIN``): the merged key in the output, each side's key reachable by its qualifier or
by its DataFrame's column."""

from __future__ import annotations


def _using_sides(spark, text: str):
    """``text`` run over two small views ``ju_l (k, x)`` and ``ju_r (k, y)``."""
    spark.createDataFrame([(1, "a"), (2, "b")], "k INT, x STRING").createOrReplaceTempView("ju_l")
    spark.createDataFrame([(2, "c"), (3, "d")], "k INT, y STRING").createOrReplaceTempView("ju_r")
    return spark.sql(text)


# SQL over the two views, by case name
_SQL = {
    "c_sql_join_using_full":
        "SELECT * FROM ju_l FULL JOIN ju_r USING (k) ORDER BY k",
    "c_sql_join_using_right":
        "SELECT * FROM ju_l RIGHT JOIN ju_r USING (K) ORDER BY k",
    "c_sql_join_using_missing_error":
        "SELECT * FROM ju_l JOIN ju_r USING (x)",
    "c_sql_natural_join":
        "SELECT * FROM ju_l NATURAL JOIN ju_r",
    "c_sql_natural_left_join":
        "SELECT * FROM ju_l NATURAL LEFT JOIN ju_r ORDER BY k",
    "c_sql_using_keys_qualified_inner":
        "SELECT r.k, l.k, k FROM ju_l l JOIN ju_r r USING (k)",
    "c_sql_using_keys_qualified_left":
        "SELECT k, l.k, r.k, x, y FROM ju_l l LEFT JOIN ju_r r "
        "USING (k) ORDER BY k",
    "c_sql_using_keys_qualified_right":
        "SELECT k, l.k, r.k, x, y FROM ju_l l RIGHT JOIN ju_r r "
        "USING (k) ORDER BY k",
    "c_sql_using_keys_qualified_full":
        "SELECT k, ju_l.k, ju_r.k, x, y FROM ju_l FULL JOIN ju_r "
        "USING (k) ORDER BY k",
    "c_sql_using_keys_star_and_side_star":
        "SELECT *, r.k, l.*, r.* FROM ju_l l FULL JOIN ju_r r "
        "USING (k) ORDER BY k",
    "c_sql_using_keys_where_group_order":
        "SELECT r.k, count(*) AS n FROM ju_l l FULL JOIN ju_r r "
        "USING (k) WHERE l.k IS NULL OR r.k IS NULL GROUP BY r.k "
        "ORDER BY r.k NULLS FIRST",
    "c_sql_using_keys_order_by_hidden":
        "SELECT k, x FROM ju_l l FULL JOIN ju_r r USING (k) "
        "ORDER BY r.k NULLS FIRST, l.k",
    "c_sql_using_keys_next_join":
        "SELECT l.k, r.k, r2.y FROM ju_l l FULL JOIN ju_r r "
        "USING (k) LEFT JOIN ju_r r2 ON r.k = r2.k ORDER BY l.k",
    "c_sql_using_keys_natural_qualified":
        "SELECT k, l.k, r.k FROM ju_l l NATURAL RIGHT JOIN ju_r r "
        "ORDER BY k",
    "c_sql_using_keys_not_through_alias_error":
        "SELECT t.k, r.k FROM (SELECT * FROM ju_l l JOIN ju_r r "
        "USING (k)) t",
    "c_sql_using_keys_missing_qualifier_error":
        "SELECT z.k FROM ju_l l JOIN ju_r r USING (k)",
    "c_sql_using_keys_ambiguous_error":
        "SELECT k FROM ju_l l JOIN ju_r r USING (k) "
        "JOIN ju_r r2 ON true",
    "c_sql_using_keys_side_key_by_name_above":
        "SELECT k FROM (SELECT r.k FROM ju_l l FULL JOIN ju_r r "
        "USING (k)) t ORDER BY k",
    "c_sql_using_keys_side_key_order_by_name":
        "SELECT r.k FROM ju_l l FULL JOIN ju_r r USING (k) "
        "ORDER BY k",
    "c_sql_using_keys_two_using_joins":
        "SELECT k, l.k, r.k, r2.k FROM ju_l l FULL JOIN ju_r r USING (k) "
        "FULL JOIN ju_r r2 USING (k) ORDER BY k",
}


def _sql_case(text: str):
    def case(spark, F):
        return _using_sides(spark, text)
    return case


globals().update({name: _sql_case(text) for name, text in _SQL.items()})


def _frames(spark):
    a = spark.createDataFrame([(1, "a", 10), (2, "b", 20)], "k INT, x STRING, v INT")
    b = spark.createDataFrame([(2, "c", 30), (3, "d", 40)], "k INT, y STRING, v INT")
    return a, b


def _sides_by_how(how: str):
    def case(spark, F):
        a, b = _frames(spark)
        return a.join(b, "k", how).orderBy("k").select(a.k, b.k, "k", "x", "y")
    return case


globals().update({f"c_df_using_keys_{how}": _sides_by_how(how)
                  for how in ("inner", "left", "right", "full")})


def c_df_using_keys_full_list(spark, F):
    a, b = _frames(spark)
    return a.join(b, ["k"], "full").orderBy("k").select(b["k"], a["k"], F.col("k"))


def c_df_using_keys_star(spark, F):
    a, b = _frames(spark)
    return a.drop("v").join(b.drop("v"), "k", "full").orderBy("k").select("*")


def c_df_using_keys_side_star(spark, F):
    a, b = _frames(spark)
    j = a.join(b, "k", "full").orderBy("k")
    return j.select(a["*"]).union(j.select(b["*"]))


def c_df_using_keys_filter_hidden(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").where(b.k.isNull()).select("k", a.k, b.k)


def c_df_using_keys_with_column(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "left").withColumn("bk", b.k).orderBy("k")


def c_df_using_keys_ambiguous_error(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").select("v")


def c_df_using_keys_missing_error(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").select("z")


def c_df_using_keys_other_frame_error(spark, F):
    a, b = _frames(spark)
    c = spark.createDataFrame([(5, 6)], "k INT, w INT")
    return a.join(b, "k", "full").select(c.w)


def c_df_using_keys_side_key_by_name_above(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").select(b.k).where("k > 2").select("k")


def c_df_using_keys_semi_hides_nothing_error(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "left_semi").select(b.k)


def c_df_using_keys_drop_side_key(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").drop(b.k).orderBy("k")


def c_df_using_keys_two_using_joins(spark, F):
    a, b = _frames(spark)
    c = spark.createDataFrame([(3, True), (4, False)], "k INT, z BOOLEAN")
    return (a.join(b, "k", "full").join(c, "k", "full").orderBy("k")
            .select("k", a.k, b.k, c.k, "z"))


def c_df_using_keys_group_by_side_key(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "full").groupBy(b.k).count().orderBy(b.k)


def c_df_using_keys_order_by_side_key(spark, F):
    a, b = _frames(spark)
    return a.join(b, "k", "right").orderBy(a.k.asc_nulls_first(), "k").select("k", "y")


def c_df_using_keys_self_join(spark, F):
    a, _ = _frames(spark)
    return a.join(a, "k", "left").select("k", a.k).orderBy("k")
