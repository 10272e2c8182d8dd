"""The files of the ``frames_rest`` cases (``cases_frames_rest.py`` gathers them): bucketed
tables (``bucketBy``/``sortBy`` with ``saveAsTable``) and the XML reader and writer."""

from __future__ import annotations

# --- bucketBy / sortBy with saveAsTable ------------------------------------------------------
def _bucketed(spark, F, name, *modes):
    from .case_helpers import caught
    spark.sql(f"DROP TABLE IF EXISTS {name}")
    df = spark.createDataFrame([(100, "Hyukjin Kwon"), (120, "Hyukjin Kwon"),
                                (140, "Haejoon Lee"), (7, "x"), (None, "y")], ["age", "name"])
    df.write.bucketBy(3, "name").sortBy("age").saveAsTable(name)
    try:
        out = [[tuple(c) for c in spark.catalog.listColumns(name)]]
        out += [caught(lambda m=m: m(df, name)) for m in modes]
        out.append([tuple(r) for r in spark.table(name).orderBy("age", "name").collect()])
        return out
    finally:
        spark.sql(f"DROP TABLE IF EXISTS {name}")


def c_bucketed_table(spark, F):
    return _bucketed(spark, F, "frames_bucketed")


def c_bucketed_append(spark, F):
    return _bucketed(
        spark, F, "frames_bucketed_append",
        lambda df, n: df.write.bucketBy(3, "name").sortBy("age").mode("append").saveAsTable(n),
        lambda df, n: df.write.mode("append").saveAsTable(n),
        lambda df, n: df.write.bucketBy(2, "name").mode("append").saveAsTable(n),
        lambda df, n: df.select("age", "name").write.insertInto(n))


def c_bucket_errors(spark, F):
    from .case_helpers import caught
    df = spark.createDataFrame([(1, "a")], ["age", "name"])
    return [caught(lambda: df.write.bucketBy(2, "name").save("frames_bucket_path")),
            caught(lambda: df.write.bucketBy(2, "name").insertInto("frames_bucket_none")),
            caught(lambda: df.write.sortBy("age").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(0, "name").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(2, "nope").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(2, "name").sortBy("nope")
                   .saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy("2", "name"))]


# --- XML --------------------------------------------------------------------------------------
_XML = """<?xml version="1.0"?>
<root>
  <item id="7" kind="x">
    <name>Alice</name>
    <age>25</age>
    <score>1.5</score>
    <ok>true</ok>
    <tag>a</tag><tag>b</tag>
    <addr><city>Paris</city><zip>75001</zip></addr>
    <note lang="en">hello</note>
    <empty/>
    <when>2024-01-02T03:04:05</when>
    <day>2024-01-02</day>
  </item>
  <item id="8">
    <name>Bob</name>
    <age>x30</age>
    <tag>c</tag>
    <empty></empty>
  </item>
</root>"""


def _xml_file(spark, F, read):
    import os
    import tempfile
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        with open(os.path.join(d, "in.xml"), "w") as f:
            f.write(_XML)
        df = read(spark.read, d)
        return df.sparkSession.createDataFrame(df.collect(), df.schema)


def c_xml_read_inferred(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item").xml(d))


def c_xml_read_prefixes(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("attributePrefix", "@").option("valueTag", "v").xml(d))


def c_xml_read_strings(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("inferSchema", "false").xml(d))


def c_xml_read_schema(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .schema("name STRING, age INT, tag ARRAY<STRING>").xml(d))


def c_xml_read_dropmalformed(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("mode", "DROPMALFORMED").schema("name STRING, age INT").xml(d))


def c_xml_read_no_row_tag_error(spark, F):
    return _xml_file(spark, F, lambda r, d: r.xml(d))


def c_xml_read_dataset(spark, F):
    df = spark.createDataFrame(
        [("<person><name>Alice</name><age>25</age></person>",),
         ("<person><name>Bob</name><age>30.5</age><pet>cat</pet></person>",)], "value STRING")
    return spark.read.option("rowTag", "person").xml(df).orderBy("name")


def _xml_written(spark, F, df, **options):
    import glob
    import os
    import tempfile
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        df.coalesce(1).write.options(**options).xml(os.path.join(d, "out"))
        files = sorted(glob.glob(os.path.join(d, "out", "part-*")))
        return [os.path.basename(p)[-8:] for p in files] + [open(p).read() for p in files]


def c_xml_write(spark, F):
    df = spark.createDataFrame(
        [(1, "a<b&c", [1, 2], (3.5, "x"), None, True), (2, None, [], None, "q", False)],
        "id INT, s STRING, arr ARRAY<INT>, st STRUCT<f: DOUBLE, _attr: STRING>, n STRING, "
        "b BOOLEAN")
    return _xml_written(spark, F, df, rowTag="rec")


def c_xml_write_root_tag(spark, F):
    df = spark.createDataFrame([(1, 2.5)], "a BIGINT, b DOUBLE")
    return _xml_written(spark, F, df, rowTag="r", rootTag="data")


def c_xml_write_nested(spark, F):
    import datetime
    df = spark.createDataFrame(
        [(1, [(1, "a"), (2, None)], (("deep", 2),), datetime.date(2024, 1, 2),
          datetime.datetime(2024, 1, 2, 3, 4, 5, 120000), 1e20, "  padded  ")],
        "id INT, items ARRAY<STRUCT<n: INT, s: STRING>>, outer STRUCT<inner: STRUCT<x: STRING, "
        "y: INT>>, d DATE, ts TIMESTAMP, big DOUBLE, txt STRING")
    return _xml_written(spark, F, df, rowTag="row")


def c_xml_round_trip_nested(spark, F):
    import os
    import tempfile
    df = spark.createDataFrame(
        [(1, [(1, "a"), (2, None)], ("x", 3)), (2, [(3, "c")], None)],
        "id INT, items ARRAY<STRUCT<n: INT, s: STRING>>, st STRUCT<_k: STRING, v: INT>")
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        df.write.option("rowTag", "row").xml(os.path.join(d, "o"))
        back = spark.read.option("rowTag", "row").xml(os.path.join(d, "o"))
        return spark.createDataFrame(back.orderBy("id").collect(), back.schema)


def c_xml_write_no_row_tag_error(spark, F):
    return _xml_written(spark, F, spark.range(1))

CASES = {name[2:]: fn for name, fn in dict(globals()).items()
         if name.startswith("c_") and callable(fn)}
