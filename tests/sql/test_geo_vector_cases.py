"""The vector and spatial functions (``cases_geo_vector.py``) against PySpark's recorded
outputs, the accumulation order the float results depend on, and WKB rewriting. Re-record with
``TZ=UTC python -m tests.sql.record_pyspark --cases geo_vector``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from spark_lambda.sql.execution.function_udfs_vector import _aggregate, _grouped_sum, _pair
from spark_lambda.sql.execution.geo_wkb import rewrite
from spark_lambda.sql.types import Geography, Geometry

from .cases_geo_vector import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_geo_vector.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches(CASES[name], spark, RECORDED[name])


def test_sums_group_eight_terms_before_adding_them():
    terms = [1e16] + [0.0] * 7 + [1.0] * 8
    # the second block's eight ones make 8 before meeting 1e16; one by one each is lost
    assert _grouped_sum(terms) == 1e16 + 8
    assert _grouped_sum(terms[:9]) == 1e16
    assert _grouped_sum([1.0, 2.0]) == 3.0


def test_pair_and_aggregate_edges():
    assert _pair("vector_inner_product", [], []) == 0.0
    assert _pair("vector_cosine_similarity", [], []) is None
    with pytest.raises(ValueError, match="VECTOR_DIMENSION_MISMATCH"):
        _pair("vector_l2_distance", [1.0], [])
    assert _aggregate([None, [1.0, None]], "vector_avg") is None


def test_wkb_rewritten_in_both_byte_orders_and_checked():
    ndr = bytes.fromhex("0104000000020000000101000000000000000000F03F0000000000000040"
                        "0101000000000000000000084000000000000010C0")
    xdr = rewrite(ndr, big_endian=True)
    assert xdr[:5] == bytes.fromhex("0000000004") and rewrite(xdr) == ndr
    with pytest.raises(ValueError, match="WKB_PARSE_ERROR"):
        rewrite(ndr[:-1])
    with pytest.raises(ValueError, match="WKB_PARSE_ERROR"):   # a multipoint of lines
        rewrite(bytes.fromhex("010400000001000000010200000000000000"))


def test_spatial_values_compare_by_bytes_and_srid():
    g = Geography.fromWKB(b"\x01", 4326)
    assert g == Geography(b"\x01", 4326) and g != Geography(b"\x01", 0)
    assert g != Geometry(b"\x01", 4326) and repr(g) == "Geography(b'\\x01', 4326)"


def test_errors_carry_sparks_message_and_sqlstate(spark):
    df = spark.createDataFrame([([1.0, 2.0], [1.0], bytes.fromhex("0102"))],
                               "a array<float>, b array<float>, w binary")
    with pytest.raises(Exception) as e:
        df.select(F.vector_l2_distance("a", "b")).collect()
    assert e.value.getSqlState() == "22000"
    assert "Vectors passed to `vector_l2_distance` must have the same dimension, but got 2 " \
           "and 1." in str(e.value)
    with pytest.raises(Exception) as e:
        df.select(F.st_geomfromwkb("w")).collect()
    assert e.value.getSqlState() == "22023" and "position 0" in str(e.value)
    with pytest.raises(Exception) as e:
        df.select(F.vector_norm("a", F.lit(2.0))).collect()
    assert e.value.getSqlState() == "42K09" and 'The second parameter requires the "FLOAT" ' \
        'type, however "2.0" has the type "DOUBLE".' in str(e.value)
