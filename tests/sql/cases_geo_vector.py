"""The vector functions (``vector_*`` over ``ARRAY<FLOAT>``) and the spatial ones (``st_*``
over GEOGRAPHY/GEOMETRY) run by PySpark (``record_pyspark.py --cases geo_vector`` records
them) and by spark-lambda (``test_geo_vector_cases.py`` compares): results to the float,
WKB bytes, names, types, NULLs and the errors of mismatched dimensions, unsupported degrees,
malformed WKB, unsupported SRIDs and endiannesses, and wrong types."""

from __future__ import annotations

import struct

from .case_helpers import caught, printed, sql_types

_PAIR = "a array<float>, b array<float>"


def _pairs(spark):
    return spark.createDataFrame(
        [([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]), ([0.1, 0.2, 0.3], [0.7, 0.11, 0.9]),
         ([0.0, 0.0], [1.0, 2.0]), ([], []), ([1.0, None], [1.0, 2.0]), (None, [1.0]),
         ([1e30, 1e30], [-1e30, 1e30]), ([1e-30, 1e-30], [1e-30, 2e-30]),
         ([float(i) / 7 for i in range(19)], [float(19 - i) / 3 for i in range(19)])],
        _PAIR).coalesce(1)


def c_vector_pairs(spark, F):
    return _pairs(spark).select(F.vector_cosine_similarity("a", "b"),
                                F.vector_inner_product("a", "b"),
                                F.vector_l2_distance(F.col("a"), F.col("b")))


def c_vector_norms(spark, F):
    deg = [F.lit(d).cast("float") for d in (1.0, 2.0, float("inf"))]
    df = _pairs(spark)
    return df.select(F.vector_norm("b"), *(F.vector_norm("b", d) for d in deg),
                     F.vector_normalize("b"), *(F.vector_normalize("a", d) for d in deg))


def c_vector_norm_sql(spark, F):
    return spark.sql("SELECT vector_norm(v, float('inf')) AS inf, vector_normalize(v, 1.0F) "
                     "AS l1, vector_normalize(array(0.0F, 0.0F)) AS zero, vector_norm(v) "
                     "AS l2 FROM VALUES (array(3.0F, -4.0F)), (NULL) AS t(v)")


def c_vector_aggregates(spark, F):
    df = spark.createDataFrame(
        [(1, [0.1, 0.2]), (1, [0.7, 0.3]), (1, None), (1, [0.3, 0.9]), (2, [1.0, None]),
         (2, [3.0, 4.0]), (3, None)], "k int, v array<float>").coalesce(1)
    return df.groupBy("k").agg(F.vector_sum("v"), F.vector_avg("v")).orderBy("k")


def c_vector_aggregate_global(spark, F):
    df = spark.createDataFrame([([1.0, 2.0],), ([3.0, 4.0],)], "v array<float>")
    return df.select(F.vector_sum("v"), F.vector_avg("v"))


def c_vector_errors(spark, F):
    df = spark.createDataFrame([([1.0, 2.0], [1.0], 3.0)], "a array<float>, b array<float>, "
                               "d float")
    dbl = spark.createDataFrame([([1.0, 2.0],)], "v array<double>")
    ragged = spark.createDataFrame([([1.0, 2.0],), ([3.0],)], "v array<float>").coalesce(1)
    return [caught(lambda: df.select(F.vector_inner_product("a", "b")).collect()),
            caught(lambda: df.select(F.vector_l2_distance("a", "b")).collect()),
            caught(lambda: df.select(F.vector_cosine_similarity("a", "b")).collect()),
            caught(lambda: df.select(F.vector_norm("a", "d")).collect()),
            caught(lambda: df.select(F.vector_normalize("a", F.lit(0.0).cast("float")))
                   .collect()),
            caught(lambda: df.select(F.vector_norm("a", F.lit(2.0))).collect()),
            caught(lambda: dbl.select(F.vector_norm("v")).collect()),
            caught(lambda: dbl.select(F.vector_inner_product("v", "v")).collect()),
            caught(lambda: ragged.select(F.vector_sum("v")).collect()),
            caught(lambda: ragged.select(F.vector_avg("v")).collect())]


_POINT = "0101000000000000000000F03F0000000000000040"
_POINT_XDR = "00000000013FF00000000000004000000000000000"
_POINT_Z = "01E9030000000000000000F03F00000000000000400000000000000840"
_LINE = struct.pack("<BII4d", 1, 2, 2, 0.0, 0.0, 1.0, 1.0).hex()
_POLYGON = struct.pack(">BIII8d", 0, 3, 1, 4, 0, 0, 1, 0, 1, 1, 0, 0).hex()
_COLLECTION = "0107000000020000000101000000000000000000F03F0000000000000040" + _LINE


def _wkbs(spark):
    rows = [(bytes.fromhex(h), s) for h, s in ((_POINT, 4326), (_POINT_XDR, 3857),
                                               (_POINT_Z, 0), (_LINE, 4326), (_POLYGON, 0),
                                               (_COLLECTION, 3857))]
    return spark.createDataFrame(rows + [(None, 0)], "wkb binary, srid int").coalesce(1)


def c_st_round_trip(spark, F):
    df = _wkbs(spark)
    return df.select(F.hex(F.st_asbinary(F.st_geogfromwkb("wkb"))),
                     F.hex(F.st_asbinary(F.st_geomfromwkb("wkb"), "XDR")),
                     F.hex(F.st_asbinary(F.st_geomfromwkb("wkb", 3857), F.lit("ndr"))),
                     F.st_srid(F.st_geogfromwkb("wkb")), F.st_srid(F.st_geomfromwkb("wkb", 4326)))


def c_st_setsrid(spark, F):
    df = _wkbs(spark)
    return df.select(F.st_srid(F.st_setsrid(F.st_geomfromwkb("wkb"), "srid")),
                     F.st_srid(F.st_setsrid(F.st_geomfromwkb("wkb"), 3857)),
                     F.st_srid(F.st_setsrid(F.st_geogfromwkb("wkb"), 4326)))


def c_st_values(spark, F):
    df = _wkbs(spark)
    out = df.select(F.st_geogfromwkb("wkb").alias("g"), F.st_geomfromwkb("wkb", 3857)
                    .alias("m"), F.st_setsrid(F.st_geomfromwkb("wkb"), "srid").alias("a"))
    return [out.schema.simpleString(), repr(out.schema), out.collect(),
            [f.dataType.json() for f in out.schema], printed(out.printSchema)]


def c_st_errors(spark, F):
    df = spark.createDataFrame([(bytes.fromhex("0102"), bytes.fromhex(_POINT), 12345, "x")],
                               "bad binary, wkb binary, srid int, s string")
    return [caught(lambda: df.select(F.st_geomfromwkb("bad")).collect()),
            caught(lambda: df.select(F.st_geogfromwkb(F.lit(bytes.fromhex("02")))).collect()),
            caught(lambda: df.select(F.st_geomfromwkb("wkb", 12345)).collect()),
            caught(lambda: df.select(F.st_setsrid(F.st_geogfromwkb("wkb"), 0)).collect()),
            caught(lambda: df.select(F.st_setsrid(F.st_geomfromwkb("wkb"), "srid")).collect()),
            caught(lambda: df.select(F.st_asbinary(F.st_geomfromwkb("wkb"), "abc")).collect()),
            caught(lambda: df.select(F.st_srid("wkb")).collect()),
            caught(lambda: df.select(F.st_geomfromwkb("s")).collect()),
            caught(lambda: df.select(F.st_geomfromwkb("wkb", "srid")).collect())]


def c_st_types_in_ddl(spark, F):
    DataType = sql_types(F).DataType
    texts = ["geometry(4326)", "GEOGRAPHY(4326)", "geometry(any)", "geography(any)",
             "geometry(3857)", "a GEOMETRY(0), b int", "array<geometry(0)>"]
    out = [(repr(DataType.fromDDL(t)), DataType.fromDDL(t).json()) for t in texts]
    schema = spark.createDataFrame([], "g GEOGRAPHY(4326), m GEOMETRY(ANY)").schema
    return [out, repr(schema), caught(lambda: DataType.fromDDL("geography(3857)"))]


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
