"""Programs over the functions of ``functions_misc`` reading and writing formats: Spark's
random numbers, number formats, AES, ``map_zip_with``, ``json_tuple``, ``histogram_numeric``,
``array_sort`` with a comparator, CSV, XML, ``uuid``, ``call_function`` and ``collation``
(``cases_functions_rest`` gathers them; recorded with its group)."""

from __future__ import annotations

# --- random numbers, number formats, AES, maps and JSON ----------------------------------------
def c_rand_seeded(spark, F):
    return spark.range(0, 10, 1, 2).select("id", F.rand(42), F.randn(7), F.rand(42).alias("again"))


def c_uniform_randstr(spark, F):
    return spark.range(0, 6, 1, 2).select(F.uniform(5, 105, 3), F.uniform(0.5, 1.5, 9),
                                          F.randstr(8, 3), F.randstr(F.lit(4), F.lit(0)))


def c_rand_filter(spark, F):
    return spark.range(0, 100, 1, 2).filter(F.rand(11) < 0.3)


def c_to_number(spark, F):
    df = spark.createDataFrame([("$78.12",), ("$1.5",), ("77",), (None,)], ["e"])
    return df.select("e", F.try_to_number("e", F.lit("$99.99")),
                     F.to_number(F.lit("12,454.8-"), F.lit("99,999.9S")),
                     F.to_number(F.lit("<5>"), F.lit("999PR")))


def c_to_number_mismatch(spark, F):
    return spark.range(1).select(F.to_number(F.lit("77"), F.lit("$99.99")))


def c_to_number_bad_format(spark, F):
    return spark.range(1).select(F.to_number(F.lit("1"), F.lit("9.9.9")))


def c_to_char(spark, F):
    df = spark.createDataFrame([(78.12, 454), (-5.5, 5), (0.25, 12454)], "x DOUBLE, n INT")
    return df.select(F.to_char("x", F.lit("$99.99")), F.to_char("x", F.lit("S99.999")),
                     F.to_char("n", F.lit("99G999")), F.to_char("n", F.lit("000000")),
                     F.to_char("n", F.lit("999MI")), F.to_varchar("n", F.lit("99")),
                     F.to_char(F.lit(None).cast("int"), F.lit("99")))


def c_aes_round_trip(spark, F):
    df = spark.createDataFrame([("Spark SQL", "0000111122223333", "abcdefghijklmnop12345678ABCDEFGH")],
                               ["input", "k16", "k32"])
    return df.select(
        F.aes_decrypt(F.aes_encrypt("input", "k16", F.lit("ECB")), "k16", F.lit("ECB"))
        .cast("STRING"),
        F.aes_decrypt(F.aes_encrypt("input", "k32", F.lit("CBC")), "k32", F.lit("CBC"))
        .cast("STRING"),
        F.aes_decrypt(F.aes_encrypt("input", "k32"), "k32").cast("STRING"),
        F.base64(F.aes_encrypt("input", "k32", F.lit("GCM"), F.lit("DEFAULT"),
                               F.unhex(F.lit("000000000000000000000000")), F.lit("aad"))),
        F.try_aes_decrypt(F.unbase64(F.lit("AAAA")), "k16"))


def c_aes_bad_key(spark, F):
    return spark.range(1).select(F.aes_encrypt(F.lit("x"), F.lit("short")))


def c_aes_decrypt_wrong_key(spark, F):
    df = spark.createDataFrame([("Spark", "0000111122223333", "1111111122223333")],
                               ["s", "k1", "k2"])
    return df.select(F.aes_decrypt(F.aes_encrypt("s", "k1"), "k2"))


def c_map_zip_with(spark, F):
    df = spark.createDataFrame([(1, {"A": 1, "B": 2}, {"B": 3, "C": 4}), (2, None, {"X": 1})],
                               "id INT, m1 MAP<STRING, INT>, m2 MAP<STRING, INT>")
    return df.select("id", F.map_zip_with("m1", "m2", lambda k, v1, v2: F.coalesce(v1, F.lit(0))
                                          + F.coalesce(v2, F.lit(0))).alias("m"))


def c_json_tuple(spark, F):
    df = spark.createDataFrame([("1", '{"f1": "value1", "f2": {"a": [1, 2]}}'),
                                ("2", '{"f1": "value12"}'), ("3", "[1]"), ("4", None)],
                               ("key", "j"))
    return df.select("key", F.json_tuple("j", "f1", "f2"))


# --- CSV --------------------------------------------------------------------------------------
def c_from_csv(spark, F):
    df = spark.createDataFrame([("1,2,3",), ("1,x,",), ('4,"5,5",6',), (None,)], ["v"])
    return df.select("v", F.from_csv("v", "a INT, b STRING, c INT"),
                     F.from_csv("v", F.schema_of_csv(F.lit("1,2,3"))))


def c_from_csv_options(spark, F):
    df = spark.createDataFrame([("   abc ;  2",)], ["v"])
    return df.select(F.from_csv("v", "s STRING, n INT", {"sep": ";",
                                                         "ignoreLeadingWhiteSpace": True}))


def c_schema_of_csv(spark, F):
    return spark.range(1).select(F.schema_of_csv(F.lit("1|a|true|2.5|2020-01-01"),
                                                 {"sep": "|"}),
                                 F.schema_of_csv(F.lit('"1",,3000000000')))


def c_to_csv(spark, F):
    df = spark.createDataFrame([(1, (2, "Alice", [1, 2], True)), (2, (None, 'a"b', None, None)),
                                (3, None)],
                               "k INT, v STRUCT<age: INT, name: STRING, s: ARRAY<INT>, b: BOOLEAN>")
    return df.select("k", F.to_csv("v"))


def c_histogram_numeric(spark, F):
    df = spark.range(0, 100, 1, 1).withColumn("d", F.col("id") / 4)
    return df.select(F.histogram_numeric("id", F.lit(5)), F.histogram_numeric("d", F.lit(3)))


def c_histogram_numeric_grouped(spark, F):
    df = spark.createDataFrame([(1, 1), (1, 5), (1, 2), (2, 7), (3, None)], "k INT, v INT")
    return df.groupBy("k").agg(F.histogram_numeric("v", F.lit(2))).orderBy("k")


def c_array_sort_comparator(spark, F):
    df = spark.createDataFrame([(["foo", "foobar", None, "bar"],), (["foo"],), ([],), (None,)],
                               ["data"])
    return df.select(F.array_sort("data", lambda x, y: F.when(x.isNull() | y.isNull(), F.lit(0))
                                  .otherwise(F.length(y) - F.length(x))).alias("r"),
                     F.array_sort(F.array(F.lit(3), F.lit(1), F.lit(2)),
                                  lambda x, y: y - x).alias("desc"))


# --- XML, uuid --------------------------------------------------------------------------------
_DOCS = ['<p><a>1</a><a>2</a><b x="7">t</b></p>', "<p><a>3</a><b>u</b><c>1.5</c></p>",
         "<p><a>x</a></p>", "not xml", None]


def c_from_xml(spark, F):
    df = spark.createDataFrame([(d,) for d in _DOCS], ["v"])
    return df.select(F.from_xml("v", "STRUCT<a: ARRAY<BIGINT>, b: STRING, c: DOUBLE>"),
                     F.from_xml("v", F.schema_of_xml(F.lit(_DOCS[0]))).alias("inferred"))


def c_schema_of_xml(spark, F):
    docs = ["<p><a>1</a></p>", "<p><a>1</a><a>2</a></p>", '<p><a attr="2">1</a></p>',
            "<root><person><name>Alice</name><age>30</age></person></root>",
            "<d><v><x>1</x><x>2.5</x></v><t>true</t></d>"]
    return spark.range(1).select(*[F.schema_of_xml(F.lit(d)).alias(f"s{i}")
                                   for i, d in enumerate(docs)],
                                 F.schema_of_xml(F.lit(docs[2]), {"excludeAttribute": "true"})
                                 .alias("noattr"))


def c_to_xml(spark, F):
    df = spark.createDataFrame([(1, (2, "Alice", [1, 2])), (2, (None, "a<b", None)), (3, None)],
                               "k INT, v STRUCT<age: INT, name: STRING, s: ARRAY<INT>>")
    return df.select("k", F.to_xml("v", {"rowTag": "person"}).alias("x"),
                     F.to_xml("v").alias("y"))


def c_uuid_seeded(spark, F):
    return spark.range(0, 6, 1, 2).select("id", F.uuid(123), F.uuid(F.lit(7)).alias("u7"))


def c_call_function(spark, F):
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], ["id", "name"])
    return df.select(F.call_function("avg", F.col("id")), F.call_function("max", "name"))


def c_collation(spark, F):
    return spark.createDataFrame([("name",)], ["dt"]).select(F.collation("dt"))


def _text_files() -> str:
    """Two small text files at a fixed place (the same paths for PySpark and here)."""
    import os
    base = "/tmp/spark-lambda-cases/input-file"
    os.makedirs(base, exist_ok=True)
    for name, text in (("a.txt", "x\ny\n"), ("b.txt", "zz\n")):
        with open(os.path.join(base, name), "w") as f:
            f.write(text)
    return base


def c_input_file_name(spark, F):
    df = spark.read.text(_text_files())
    return df.select("value", F.input_file_name(), F.input_file_block_start(),
                     F.input_file_block_length()).orderBy("value")


def c_input_file_name_after_shuffle(spark, F):
    df = spark.read.text(_text_files()).groupBy("value").count()
    return df.select("value", F.input_file_name(), F.input_file_block_start()).orderBy("value")
