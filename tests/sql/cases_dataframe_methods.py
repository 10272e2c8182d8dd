"""DataFrame methods (pivot, rollup, cube, na, stat, describe/summary, set operations,
unpivot) run by PySpark (``record_pyspark.py --cases dataframe_methods`` records them) and by
spark-lambda (``test_dataframe_methods.py`` compares)."""

from __future__ import annotations

from .cases import people


def sales(spark):
    return spark.createDataFrame(
        [("dotNET", 2012, 10000), ("Java", 2012, 20000), ("dotNET", 2012, 5000),
         ("dotNET", 2013, 48000), ("Java", 2013, 30000), (None, 2013, 1)],
        "course STRING, year INT, earnings INT")


def c_pivot_values(spark, F):
    return sales(spark).groupBy("year").pivot("course", ["dotNET", "Java"]) \
        .sum("earnings").orderBy("year")


def c_pivot_no_values(spark, F):
    return sales(spark).groupBy("year").pivot("course").sum("earnings").orderBy("year")


def c_pivot_count(spark, F):
    return sales(spark).groupBy("course").pivot("year").count().orderBy("course")


def c_rollup(spark, F):
    return sales(spark).rollup("course", "year").agg(F.sum("earnings").alias("s")) \
        .orderBy("course", "year", "s")


def c_cube(spark, F):
    return sales(spark).cube("year").count().orderBy("year", "count")


def c_fillna_number(spark, F):
    return people(spark).fillna(0).orderBy("id")


def c_fillna_string_subset(spark, F):
    return people(spark).na.fill("none", ["city"]).orderBy("id")


def c_fillna_dict(spark, F):
    return people(spark).fillna({"age": 1, "score": 0.5, "city": "?"}).orderBy("id")


def c_dropna_any(spark, F):
    return people(spark).dropna().orderBy("id")


def c_dropna_thresh(spark, F):
    return people(spark).na.drop(thresh=5).orderBy("id")


def c_dropna_subset_all(spark, F):
    return people(spark).dropna("all", subset=["age", "score"]).orderBy("id")


def c_replace_string(spark, F):
    return people(spark).replace("NY", "New York").orderBy("id")


def c_replace_dict_subset(spark, F):
    return people(spark).na.replace({29: 30, 41: 40}, subset=["age"]).orderBy("id")


def c_describe(spark, F):
    return people(spark).describe()


def c_describe_cols(spark, F):
    return people(spark).describe("age", "name")


def c_summary(spark, F):
    return people(spark).summary()


def c_summary_some(spark, F):
    return people(spark).summary("count", "min", "50%", "max")


def c_crosstab(spark, F):
    return people(spark).stat.crosstab("city", "age").orderBy("city_age")


def c_intersect(spark, F):
    df = people(spark)
    return df.select("city").intersect(df.filter("id > 2").select("city")).orderBy("city")


def c_intersect_all(spark, F):
    a = spark.createDataFrame([(1,), (1,), (1,), (2,), (None,)], "x INT")
    b = spark.createDataFrame([(1,), (1,), (3,), (None,)], "x INT")
    return a.intersectAll(b).orderBy("x")


def c_except_all(spark, F):
    a = spark.createDataFrame([(1,), (1,), (1,), (2,), (None,)], "x INT")
    b = spark.createDataFrame([(1,), (3,)], "x INT")
    return a.exceptAll(b).orderBy("x")


def c_subtract(spark, F):
    a = spark.createDataFrame([(1,), (1,), (2,), (None,)], "x INT")
    b = spark.createDataFrame([(2,)], "x INT")
    return a.subtract(b).orderBy("x")


def c_unpivot(spark, F):
    return people(spark).unpivot("id", ["age", "score"], "var", "val").orderBy("id", "var")


def c_melt_all(spark, F):
    df = spark.createDataFrame([(1, 11, 1.1), (2, 12, 1.2)], "id INT, i INT, d DOUBLE")
    return df.melt(["id"], None, "variable", "value").orderBy("id", "variable")


def c_cross_join(spark, F):
    a = spark.createDataFrame([(1,), (2,)], "x INT")
    b = spark.createDataFrame([("a",), ("b",)], "y STRING")
    return a.crossJoin(b).orderBy("x", "y")


def c_with_columns_renamed(spark, F):
    return people(spark).withColumnsRenamed({"id": "key", "age": "years"}).orderBy("key")


def c_sort_within_partitions(spark, F):
    return people(spark).coalesce(1).sortWithinPartitions("age", "id").select("id", "age")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
