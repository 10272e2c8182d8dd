"""Programs over the functions of ``functions_misc``: XPath, ``hmac``, base32, URLs, string
similarity, sentences, timestamps from fields, checks, ``try_sum``/``try_avg``, ``stack``/
``inline``, ``monotonically_increasing_id``, ``grouping`` and ``reflect``, errors included;
with ``cases_functions_formats``' cases. Recorded by
``TZ=UTC python -m tests.sql.record_pyspark --cases functions_rest``."""

from __future__ import annotations

from decimal import Decimal

_XML = ['<a><b id="1">b1</b><b id="2">b2</b><c>3</c><c>4.5</c></a>', "<a><c>x</c></a>", "",
        None]


def _xml(spark):
    return spark.createDataFrame([(i, x) for i, x in enumerate(_XML)], "id INT, x STRING")


# --- xpath ------------------------------------------------------------------------------------
def c_xpath_family(spark, F):
    return _xml(spark).select(
        "id", F.xpath("x", F.lit("a/b/text()")), F.xpath("x", F.lit("a/b")),
        F.xpath("x", F.lit("a/b/@id")), F.xpath_string("x", F.lit("a/c")),
        F.xpath_boolean("x", F.lit("a/b")), F.xpath_int("x", F.lit("sum(a/c)")),
        F.xpath_long("x", F.lit("a/c")), F.xpath_short("x", F.lit("count(//c) * 40000")),
        F.xpath_double("x", F.lit("sum(a/c)")), F.xpath_float("x", F.lit("a/c[2]")),
        F.xpath_number("x", F.lit("a/c")))


def c_xpath_expressions(spark, F):
    df = _xml(spark).filter("id = 0")
    paths = ["a/b[2]", "a/b[@id='1']", "a/b[last()]/@id", "count(//*)", "a/c[. > 4]",
             "concat(a/b[1], '-', a/b[2])", "string-length(a/b)", "a/c[1] + a/c[2] * 2",
             "name(a/*[3])", "a/b[contains(., '2')]", "substring('hello', 2, 3)",
             "a/c[1] = 3 and not(a/d)", "translate('abc', 'ab', 'x')", "10 mod 4 div 2",
             "normalize-space('  x   y ')", "a/b | a/c", "round(2.5) + floor(-1.5)",
             "a/b/following-sibling::c", "//c/ancestor::a/b[1]", "a/b[position() > 1]"]
    return df.select(*[F.xpath_string("x", F.lit(p)).alias(p) for p in paths])


def c_xpath_path_not_constant(spark, F):
    return _xml(spark).select(F.xpath_string("x", F.col("x")))


# --- hmac, base32 -----------------------------------------------------------------------------
def c_hmac(spark, F):
    df = spark.createDataFrame([("key", "message"), ("k2", ""), (None, "m")], ["k", "m"])
    return df.select(F.hex(F.hmac("k", "m")), F.hex(F.hmac("k", "m", F.lit("SHA-1"))),
                     F.hex(F.hmac("k", "m", F.lit("sha-512"))),
                     F.hex(F.hmac("k", "m", F.lit("MD5"))),
                     F.hex(F.hmac("k", "m", F.lit("SHA-224"))))


def c_hmac_empty_key(spark, F):
    return spark.range(1).select(F.hmac(F.lit(""), F.lit("m")))


def c_hmac_bad_algorithm(spark, F):
    return spark.range(1).select(F.hmac(F.lit("k"), F.lit("m"), F.lit("SHA3")))


def c_base32(spark, F):
    df = spark.createDataFrame([(b"foobar", "MZXW6YTBOI======"), (b"\x00\xff", "mzxw6ytboi"),
                                (b"", "!!!"), (None, None)], "b BINARY, s STRING")
    return df.select(F.to_base32("b"), F.from_base32("s"), F.to_base32(F.lit("fo")))


# --- URLs -------------------------------------------------------------------------------------
_URL = "http://user:pw@host:8080/p/a.html?q=1&r=2#frag"


def c_parse_url_parts(spark, F):
    parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO",
             "host", "OTHER"]
    df = spark.createDataFrame([(p,) for p in parts], ["part"])
    return df.select("part", F.parse_url(F.lit(_URL), "part"),
                     F.parse_url(F.lit("/rel/path?x=1"), "part"),
                     F.parse_url(F.lit("mailto:x@y.com"), "part"),
                     F.parse_url(F.lit("http://h"), "part"))


def c_parse_url_keys(spark, F):
    df = spark.createDataFrame([("q",), ("r",), ("s",), (None,)], ["k"])
    return df.select("k", F.parse_url(F.lit(_URL), F.lit("QUERY"), "k"),
                     F.parse_url(F.lit(_URL), F.lit("HOST"), "k"))


def c_parse_url_invalid(spark, F):
    return spark.range(1).select(F.parse_url(F.lit("inva lid://x"), F.lit("HOST")))


def c_try_parse_url(spark, F):
    df = spark.createDataFrame([("inva lid://x",), ("http://a b",), ("http://ok/p",),
                                ("%zz",), (None,)], ["u"])
    return df.select("u", F.try_parse_url("u", F.lit("HOST")),
                     F.try_parse_url("u", F.lit("PATH")))


def c_try_url_decode(spark, F):
    df = spark.createDataFrame([("https%3A%2F%2Fspark.apache.org",), ("a%2",), ("a%zz",),
                                ("a+b%20c",), ("%",), (None,)], ["s"])
    return df.select("s", F.try_url_decode("s"))


def c_url_decode_invalid(spark, F):
    return spark.range(1).select(F.url_decode(F.lit("a%2")))


# --- strings ----------------------------------------------------------------------------------
def c_jaro_winkler(spark, F):
    pairs = [("MARTHA", "MARHTA"), ("DWAYNE", "DUANE"), ("DIXON", "DICKSONX"), ("", ""),
             ("a", ""), ("abc", "xyz"), ("spark", "spark"), (None, "a")]
    return spark.createDataFrame(pairs, "l STRING, r STRING").select(
        "l", "r", F.jaro_winkler_similarity("l", "r"))


def c_sentences(spark, F):
    df = spark.createDataFrame([("Hi there! How are you? I am fine.",),
                                ("This is an example sentence.",), ("",), (None,)], ["s"])
    return df.select(F.sentences("s"), F.sentences("s", F.lit("en"), F.lit("US")))


# --- dates and timestamps ---------------------------------------------------------------------
def c_try_to_date_timestamp(spark, F):
    df = spark.createDataFrame([("1997-02-28 10:30:00",), ("foo",), ("2020-13-01",), (None,)],
                               ["t"])
    return df.select("t", F.try_to_date("t"), F.try_to_date("t", "yyyy-MM-dd HH:mm:ss"),
                     F.try_to_timestamp("t"),
                     F.try_to_timestamp("t", F.lit("yyyy-MM-dd HH:mm:ss")))


def c_format_column(spark, F):
    df = spark.createDataFrame([("2015-04-08", "yyyy-MM-dd"), ("2025+01+09", "yyyy+MM+dd"),
                                ("12:30 2020/02/29", "HH:mm yyyy/MM/dd")], ["dt", "fmt"])
    return df.select("dt", F.to_timestamp_ntz("dt", "fmt"), F.to_timestamp_ltz("dt", "fmt"),
                     F.to_unix_timestamp("dt", "fmt"),
                     F.to_timestamp_ntz(F.lit("2016-12-31 01:02:03")))


def c_format_column_mismatch(spark, F):
    df = spark.createDataFrame([("2015-04-08", "yyyy/MM/dd")], ["dt", "fmt"])
    return df.select(F.to_timestamp_ntz("dt", "fmt"))


def _fields(spark):
    return spark.createDataFrame(
        [(2014, 12, 28, 6, 30, 45.887, "CET"), (2024, 2, 29, 23, 59, 60.0, "UTC"),
         (2014, 12, 31, 23, 59, 60.0, "America/Los_Angeles"), (None, 1, 1, 0, 0, 0.0, "UTC")],
        "y INT, mo INT, d INT, h INT, mi INT, s DOUBLE, tz STRING")


def c_make_timestamp(spark, F):
    return _fields(spark).select(
        F.make_timestamp("y", "mo", "d", "h", "mi", "s", "tz"),
        F.make_timestamp("y", "mo", "d", "h", "mi", "s"),
        F.make_timestamp_ltz("y", "mo", "d", "h", "mi", "s", "tz"),
        F.make_timestamp_ntz("y", "mo", "d", "h", "mi", "s"))


def c_try_make_timestamp(spark, F):
    df = spark.createDataFrame([(2014, 13, 28, 6, 30, 45.887), (2014, 12, 28, 24, 0, 1.0),
                                (2014, 12, 28, 6, 60, 1.0), (2014, 12, 28, 6, 30, -1.0),
                                (2014, 12, 28, 6, 30, 45.887)],
                               "y INT, mo INT, d INT, h INT, mi INT, s DOUBLE")
    return df.select(F.try_make_timestamp("y", "mo", "d", "h", "mi", "s"),
                     F.try_make_timestamp("y", "mo", "d", "h", "mi", "s", F.lit("CET")),
                     F.try_make_timestamp_ltz("y", "mo", "d", "h", "mi", "s"),
                     F.try_make_timestamp_ntz("y", "mo", "d", "h", "mi", "s"))


def c_convert_timezone(spark, F):
    df = spark.createDataFrame([("2015-04-08 15:00:00",), (None,)], ["ts"])
    return df.select(
        "ts", F.convert_timezone(F.lit("Asia/Hong_Kong"), F.lit("America/Los_Angeles"), "ts"),
        F.convert_timezone(None, F.lit("Asia/Hong_Kong"), "ts"))


# --- checks -----------------------------------------------------------------------------------
def c_assert_true(spark, F):
    df = spark.createDataFrame([(0, 1)], ["a", "b"])
    return df.select("*", F.assert_true(df.a < df.b), F.assert_true(df.a < df.b, df.a),
                     F.assert_true(df.a < df.b, "error"))


def c_assert_true_fails(spark, F):
    df = spark.createDataFrame([(0, 1)], ["a", "b"])
    return df.select(F.assert_true(df.a > df.b, "My error msg"))


def c_raise_error(spark, F):
    return spark.range(1).select(F.raise_error("My error message"))


# --- aggregates -------------------------------------------------------------------------------
def c_try_sum_avg(spark, F):
    df = spark.createDataFrame([(1982, None, 9223372036854775807), (1990, 2, 1),
                                (2000, 4, None)], "birth INT, age INT, big BIGINT")
    return df.select(F.try_sum("age"), F.try_avg("age"), F.try_sum(F.col("birth") + F.col("age")),
                     F.try_sum("big"), F.try_sum(F.col("age") * 1.5))


def c_try_sum_decimals(spark, F):
    df = spark.createDataFrame([(Decimal("1" * 38), Decimal("1.25")),
                                (Decimal(0), Decimal("-2.50")),
                                (Decimal("1" * 38), Decimal("0.01"))],
                               "big DECIMAL(38, 0), small DECIMAL(5, 2)")
    return df.select(F.try_sum("big"), F.try_avg("big"), F.try_sum("small"),
                     F.try_avg("small"))


def c_try_sum_grouped(spark, F):
    df = spark.range(10).withColumn("k", F.col("id") % 3)
    return df.groupBy("k").agg(F.try_sum("id"), F.try_avg("id")).orderBy("k")


# --- generators -------------------------------------------------------------------------------
def c_stack(spark, F):
    df = spark.createDataFrame([(1, 2, 3)], ["a", "b", "c"])
    return df.select("*", F.stack(F.lit(2), df.a, df.b, "c"))


def c_stack_alias(spark, F):
    df = spark.createDataFrame([(1, 2, 3)], ["a", "b", "c"])
    return df.select("*", F.stack(F.lit(2), df.a, df.b, "c").alias("x", "y"))


def c_inline(spark, F):
    df = spark.sql('SELECT * FROM VALUES (1, ARRAY(NAMED_STRUCT("a", 1, "b", "x"), NULL, '
                   'NAMED_STRUCT("a", 3, "b", "y"))), (2, ARRAY()), (3, NULL) AS t(i, s)')
    return df.select("i", F.inline("s"))


def c_inline_outer_alias(spark, F):
    df = spark.sql('SELECT * FROM VALUES (1, ARRAY(NAMED_STRUCT("a", 1, "b", "x"))), '
                   '(2, ARRAY()), (3, NULL) AS t(i, s)')
    return df.select("i", F.inline_outer("s").alias("p", "q"))


# --- ids, grouping, reflect -------------------------------------------------------------------
def c_monotonically_increasing_id(spark, F):
    df = spark.range(0, 10, 1, 2).withColumn("m", F.monotonically_increasing_id())
    return df.filter("m > 3").filter("id % 2 = 0")


def c_grouping_cube(spark, F):
    df = spark.createDataFrame([(1, "a", "a"), (3, "a", "a"), (4, "b", "c")], ["c1", "c2", "c3"])
    return df.cube("c2", "c3").agg(F.grouping("c2"), F.grouping_id(), F.sum("c1")) \
        .orderBy("c2", "c3")


def c_reflect(spark, F):
    df = spark.createDataFrame([("a5cf6c42-0c85-418f-af6c-3e4e5b1328f2", 2.0, 10.0, "10")],
                               "u STRING, x DOUBLE, y DOUBLE, n STRING")
    return df.select(F.reflect(F.lit("java.util.UUID"), F.lit("fromString"), "u"),
                     F.java_method(F.lit("java.lang.Math"), F.lit("pow"), "x", "y"),
                     F.reflect(F.lit("java.lang.Integer"), F.lit("parseInt"), "n"),
                     F.reflect(F.lit("java.lang.Math"), F.lit("sqrt"), F.col("y") * 1e9),
                     F.try_reflect(F.lit("scala.Predef"), F.lit("require"), F.lit(False)),
                     F.try_reflect(F.lit("java.lang.Integer"), F.lit("parseInt"), "u"))


def c_reflect_argument_types(spark, F):
    return spark.range(1).select(F.reflect(F.lit("java.lang.Math"), F.lit("pow"), F.lit("2"),
                                           F.lit("3")))


def c_reflect_unknown_method(spark, F):
    return spark.range(1).select(F.reflect(F.lit("java.util.UUID"), F.lit("nothing")))


# --- cases that are one SQL statement ---------------------------------------------------------
_SQL = {
    "make_timestamp_bad_month": "SELECT make_timestamp(2014, 13, 28, 6, 30, 45.887)",
    "make_timestamp_bad_day": "SELECT make_timestamp_ntz(2014, 2, 30, 6, 30, 45.887)",
    "make_timestamp_bad_fraction": "SELECT make_timestamp(2014, 12, 28, 6, 30, 60.5)",
    "stack_sql": "SELECT stack(3, 'a', 1, 'b', 2, 'c', NULL)",
    "stack_diff_types": "SELECT stack(2, 1, 2.5)",
    "stack_zero_rows": "SELECT stack(0, 1)",
    "inline_not_struct": "SELECT inline(array(1, 2))",
    "xpath_numbers_sql": (
        "SELECT xpath_int('<a>3.9</a>', 'a') AS i, xpath_int('<a>-3.9</a>', 'a') AS n, "
        "xpath_long('<a>1e3</a>', 'a') AS e, xpath_double('<a>x</a>', 'a') AS nan, "
        "xpath_double('<a/>', '1 div 0') AS inf, xpath_short('<a>70000</a>', 'a') AS s"),
    "make_timestamp_sql": (
        "SELECT make_timestamp(2014, 12, 28, 6, 30, 1.1234567) AS a, "
        "make_timestamp_ntz(2014, 12, 31, 23, 59, 60) AS b, "
        "try_make_timestamp(2014, 12, 28, 6, 30, 60.5) AS c, "
        "try_make_timestamp_ntz(2014, 2, 30, 0, 0, 0) AS d"),
}
for _name, _text in _SQL.items():
    globals()["c_" + _name] = lambda spark, F, text=_text: spark.sql(text)


from .cases_functions_formats import *  # noqa: E402,F401,F403 (their c_ cases too)

CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
