"""Cases: the session, its settings, creating DataFrames, ``Row`` and the types module."""

from __future__ import annotations

import datetime
import decimal
import json

from .case_helpers import caught, sql_package, sql_types


def c_builder_returns_active_session(spark, F):
    cls = type(spark)
    again = cls.builder.appName("other").master("local[1]").getOrCreate()
    return again is spark, cls.getActiveSession() is spark


def c_builder_config_sets_sql_conf(spark, F):
    cls = type(spark)
    s = cls.builder.config("spark.sql.caseSensitive", "false").config("my.custom.key", 3) \
        .getOrCreate()
    return s.conf.get("spark.sql.caseSensitive"), s is spark


def c_conf_get_set_unset(spark, F):
    c = spark.conf
    out = [c.get("spark.sql.ansi.enabled"), c.get("spark.sql.session.timeZone")]
    c.set("my.key", "v1")
    out.append(c.get("my.key"))
    c.set("my.flag", True)
    out.append(c.get("my.flag"))
    c.set("my.num", 12)
    out.append(c.get("my.num"))
    c.unset("my.key")
    out.append(c.get("my.key", "gone"))
    out.append(caught(lambda: c.get("my.key")))
    c.set("spark.sql.caseSensitive", "true")
    out.append(c.get("spark.sql.caseSensitive"))
    c.unset("spark.sql.caseSensitive")
    out.append(c.get("spark.sql.caseSensitive"))
    out.append(c.isModifiable("spark.sql.ansi.enabled"))
    return out


def c_create_tuples_inferred(spark, F):
    return spark.createDataFrame([(1, "a", 2.5, True, None), (2, None, None, False, 7)])


def c_create_tuples_names(spark, F):
    return spark.createDataFrame([(1, "a"), (2, None)], ["k", "v"])


def c_create_dicts(spark, F):
    return spark.createDataFrame([{"b": "x", "a": 1}, {"b": None, "a": 2}])


def c_create_rows(spark, F):
    Row = sql_package(F).Row
    return spark.createDataFrame([Row(name="a", age=1), Row(name="b", age=None)])


def c_create_structtype_not_null(spark, F):
    T = sql_types(F)
    schema = T.StructType([T.StructField("id", T.LongType(), False),
                           T.StructField("tags", T.ArrayType(T.StringType()), True),
                           T.StructField("m", T.MapType(T.StringType(), T.IntegerType()), True)])
    return spark.createDataFrame([(1, ["x", "y"], {"k": 1}), (2, None, None)], schema)


def c_create_ddl_types(spark, F):
    return spark.createDataFrame(
        [(1, 2, 3, 4, 1.5, 2.5, decimal.Decimal("1.50"), "s", b"\x01\x02", True,
          datetime.date(2024, 2, 29))],
        "a TINYINT, b SMALLINT, c INT, d BIGINT, e FLOAT, f DOUBLE, g DECIMAL(5,2), h STRING, "
        "i BINARY, j BOOLEAN, k DATE")


def c_create_inferred_kinds(spark, F):
    return spark.createDataFrame(
        [(decimal.Decimal("1.5"), datetime.date(2020, 1, 2), b"ab", [1, 2], {"x": 1.0})],
        ["dec", "d", "b", "arr", "m"])


def c_create_nested_rows(spark, F):
    Row = sql_package(F).Row
    return spark.createDataFrame([Row(id=1, inner=Row(x=1, y="a"))])


def c_create_from_rdd(spark, F):
    rdd = spark.sparkContext.parallelize([(1, "a"), (2, "b")], 2)
    return spark.createDataFrame(rdd, "k INT, v STRING").orderBy("k")


def c_rdd_to_df(spark, F):
    rdd = spark.sparkContext.parallelize([(1, "a"), (2, "b")], 2)
    return rdd.toDF(["k", "v"]).orderBy("k")


def c_rdd_to_df_rows(spark, F):
    Row = sql_package(F).Row
    rdd = spark.sparkContext.parallelize([Row(k=1, v=2.0), Row(k=3, v=None)])
    return rdd.toDF().orderBy("k")


def c_df_rdd(spark, F):
    df = spark.createDataFrame([(1, "a"), (2, "b")], ["k", "v"])
    rows = sorted(df.rdd.collect())
    return rows, sorted(df.rdd.map(lambda r: r.v * r.k).collect())


def c_create_pandas(spark, F):
    import pandas as pd
    pdf = pd.DataFrame({"a": [1, 2], "b": ["x", None], "c": [1.5, None],
                        "d": [True, False]})
    return spark.createDataFrame(pdf)


def c_create_pandas_schema(spark, F):
    import pandas as pd
    pdf = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    return spark.createDataFrame(pdf, "a INT, b STRING")


def c_range_one_arg(spark, F):
    return spark.range(3)


def c_range_args(spark, F):
    return spark.range(2, 12, 3).union(spark.range(10, 0, -4))


def c_range_partitions(spark, F):
    return spark.range(0, 10, 1, 4).rdd.getNumPartitions(), spark.range(5).count()


def c_row_semantics(spark, F):
    Row = sql_package(F).Row
    r = Row(name="a", age=3)
    P = Row("x", "y")
    p = P(1, 2)
    return [repr(r), r.name, r["age"], r[0], r.asDict(), "name" in r, "zzz" in r,
            r == ("a", 3), repr(P), repr(p), p.y, tuple(r), len(r),
            repr(Row(b=1, a=2)), caught(lambda: r.missing),
            repr(Row(a=Row(b=1)).asDict(True))]


def c_types_reprs(spark, F):
    T = sql_types(F)
    ts = [T.IntegerType(), T.LongType(), T.ShortType(), T.ByteType(), T.FloatType(),
          T.DoubleType(), T.StringType(), T.BooleanType(), T.DateType(), T.TimestampType(),
          T.TimestampNTZType(), T.BinaryType(), T.NullType(), T.DecimalType(),
          T.DecimalType(12, 3), T.ArrayType(T.IntegerType(), False),
          T.MapType(T.StringType(), T.DoubleType()),
          T.StructType([T.StructField("a", T.IntegerType()), T.StructField("b", T.StringType(),
                                                                            False)])]
    return [(repr(t), t.simpleString(), json.dumps(t.jsonValue()), t.typeName()) for t in ts]


def c_types_from_ddl(spark, F):
    T = sql_types(F)
    s = T._parse_datatype_string("a INT, b ARRAY<STRING>, c MAP<STRING, DECIMAL(10,2)>, "
                                 "d STRUCT<x: DOUBLE, y: DATE>, e TIMESTAMP_NTZ")
    return [repr(s), s.simpleString(), s.json(), repr(T._parse_datatype_string("bigint")),
            T.StructType.fromJson(json.loads(s.json())) == s, s.fieldNames(),
            repr(s["b"]), repr(T.StructType().add("x", "integer").add("y", T.StringType(), False))]
