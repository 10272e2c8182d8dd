"""Programs over nested types: arrays, maps, structs, ``explode``, ``split`` and JSON, run by
PySpark (``record_pyspark_functions.py``) and by spark-lambda (``cases_functions.CASES``
includes them)."""

from __future__ import annotations

from .function_data import nested, words  # noqa: F401


# --- nested types ----------------------------------------------------------------------------
def c_nested_show(spark, F):
    return nested(spark)


def c_nested_size(spark, F):
    return nested(spark).select("id", F.size("arr"), F.size("m"))


def c_nested_array_contains(spark, F):
    return nested(spark).select("id", F.array_contains("arr", 2), F.array_contains("arr", 9))


def c_nested_element_at(spark, F):
    df = nested(spark).filter("id in (1, 4)")
    return df.select("id", F.element_at("arr", 1), F.element_at("arr", -1),
                     F.element_at("m", F.lit("a")))


def c_nested_element_at_oob(spark, F):
    return nested(spark).select(F.element_at("arr", 5))


def c_nested_get_item(spark, F):
    df = nested(spark).filter("id IN (1, 4)")
    return df.select("id", df.arr[0], df.arr.getItem(1), df.m["b"], df.m.getItem("a"),
                     df.s.n, df.s["t"], F.col("s").getField("n"), F.col("s.t"))


def c_nested_array_struct_map(spark, F):
    df = nested(spark)
    return df.select(F.array("id", F.lit(5)).alias("a"), F.struct("id", F.col("s.t")).alias("st"),
                     F.create_map(F.lit("k"), "id").alias("mp"))


def c_nested_struct_field_access_sql(spark, F):
    nested(spark).createOrReplaceTempView("nested_t")
    return spark.sql("SELECT id, s.n, arr[0] AS first, m['a'] AS ma, size(arr) AS sz "
                     "FROM nested_t WHERE id <> 2 ORDER BY id")


def c_explode_array(spark, F):
    return nested(spark).select("id", F.explode("arr"))


def c_explode_map(spark, F):
    return nested(spark).select("id", F.explode("m"))


def c_explode_outer(spark, F):
    return nested(spark).select("id", F.explode_outer("arr").alias("v"))


def c_posexplode(spark, F):
    return nested(spark).select("id", F.posexplode("arr"))


def c_explode_then_group(spark, F):
    return (nested(spark).select(F.explode("arr").alias("v")).groupBy("v").count()
            .orderBy("v"))


def c_explode_sql(spark, F):
    nested(spark).createOrReplaceTempView("nested_t")
    return spark.sql("SELECT id, explode(arr) AS v FROM nested_t")


def c_split(spark, F):
    return words(spark).select("id", F.split("csv", ","), F.split("s", "\\s+"),
                               F.split("csv", ",", 2))


def c_split_explode(spark, F):
    return words(spark).select(F.explode(F.split("s", " ")).alias("w")).orderBy("w")


def c_from_json(spark, F):
    df = spark.createDataFrame([('{"a": 1, "b": "x"}',), ('{"a": 2}',), (None,), ('[1]',)],
                               "j STRING")
    return df.select(F.from_json("j", "a INT, b STRING").alias("p"))


def c_from_json_fields(spark, F):
    df = spark.createDataFrame([('{"a": 1, "b": [1, 2]}',), ('{"a": 3, "b": null}',)], "j STRING")
    p = F.from_json("j", "a INT, b ARRAY<INT>")
    return df.select(p.alias("p")).select("p.a", "p.b")


def c_to_json(spark, F):
    return nested(spark).select("id", F.to_json("s"), F.to_json("m"),
                                F.to_json(F.struct("id", "arr")))


def c_schema_of_json(spark, F):
    return spark.range(1).select(F.schema_of_json(F.lit('{"a": 1, "b": [1.5], "c": "x"}')))


# --- strings ---------------------------------------------------------------------------------


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
