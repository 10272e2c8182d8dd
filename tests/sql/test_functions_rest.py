"""The functions of ``functions_misc`` (``cases_functions_rest.py``) against PySpark's recorded
outputs, and what PySpark cannot be recorded for: XPath over a malformed document or
expression (a JVM error without a Spark class), the XPath evaluator against the JDK's answers,
and ``try_sum`` over a sum that overflows only in the middle. Re-record with
``TZ=UTC python -m tests.sql.record_pyspark --cases functions_rest``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.errors import SparkRuntimeException
from spark_lambda.sql.execution.spark_xpath import XPathError, to_string
from spark_lambda.sql.execution.spark_xpath_eval import evaluate
from spark_lambda.sql.java_text import java_double

from .cases_functions_rest import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_functions_rest.json")
                      .read_text())["cases"]


@pytest.fixture()
def utc(spark):
    """The recorded session's time zone, put back after the test."""
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", before)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(utc, name):
    assert_matches(CASES[name], utc, RECORDED[name])


@pytest.mark.parametrize("xml, path", [("<a><b>1</b>", "a"), ("<a/>", "a/["),
                                       ("<a/>", "count(a)/b"), ("<a/>", "nosuch(a)")])
def test_xpath_of_malformed_input_names_the_problem(spark, xml, path):
    df = spark.createDataFrame([(xml,)], ["x"])
    with pytest.raises(SparkRuntimeException, match="INVALID_XPATH"):
        df.select(F.xpath_string("x", F.lit(path))).collect()


def test_xpath_of_a_number_is_not_a_node_list(spark):
    df = spark.createDataFrame([("<a><b>1</b></a>",)], ["x"])
    with pytest.raises(SparkRuntimeException, match="node-set"):
        df.select(F.xpath("x", F.lit("count(a/b)"))).collect()


@pytest.mark.parametrize("path, want", [
    ("/a/b[1]/text()", "1"), ("//b[@k='v']", "2"), ("a/b[position() = last()]", "3"),
    ("string(a/b[2]/@k)", "v"), ("sum(//b) div count(//b)", "2"), ("-a/b[1] * 2", "-2"),
    ("a/*[self::b][2]", "2"), ("a/b[2]/preceding::b", "1"), ("a/b[1]/following::*[1]", "2"),
    ("a/b[3]/ancestor-or-self::*[last()]", "123"), ("boolean(a/x) or 1 > 0", "true"),
    ("substring-before('a=b', '=')", "a"), ("ceiling(1.2) + 0.5", "2.5"), ("1 div 0", "Infinity"),
    ("0 div 0", "NaN"), ("'x' = 'x' and 2 != 3", "true"), ("a/b[. = 2]/@k", "v"),
])
def test_xpath_evaluator_gives_the_jdks_answers(path, want):
    assert to_string(evaluate('<a><b>1</b><b k="v">2</b><b>3</b></a>', path)) == want


def test_xpath_refuses_an_unknown_axis():
    with pytest.raises(XPathError):
        evaluate("<a/>", "a/namespace::x")


def test_java_double_text():
    assert [java_double(x) for x in (1.0, 1e10, 1.5e-5, 0.001, -2.5e20, 1e7, 123.25)] == \
        ["1.0", "1.0E10", "1.5E-5", "0.001", "-2.5E20", "1.0E7", "123.25"]


def test_try_sum_of_longs_is_null_only_when_the_total_overflows(spark):
    df = spark.createDataFrame([(9223372036854775807,), (-1,), (1,)], "x BIGINT")
    assert df.select(F.try_sum("x")).collect()[0][0] == 9223372036854775807
    df = spark.createDataFrame([(9223372036854775807,), (1,)], "x BIGINT")
    assert df.select(F.try_sum("x")).collect()[0][0] is None


def test_reflect_of_a_method_that_raises_says_which(spark):
    df = spark.range(1).select(F.reflect(F.lit("java.lang.Integer"), F.lit("parseInt"),
                                         F.lit("x")))
    with pytest.raises(SparkRuntimeException, match="java.lang.Integer.parseInt failed"):
        df.collect()
