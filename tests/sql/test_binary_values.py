"""BINARY values and the functions whose Spark outputs are particular
(``cases_binary_values.py``) against PySpark's recorded outputs, errors by class and
condition too; and the bytes the string functions give checked against plain Python.
Re-record with ``python -m tests.sql.record_pyspark --cases binary_values``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_binary_values import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches_with_condition

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_binary_values.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches_with_condition(CASES[name], spark, RECORDED[name])


def _spark_substring(b: bytes, pos: int, length: int) -> bytes:
    """Spark's ``substring`` rule written out in Python: 1-based, 0 as 1, negative from the
    end, the slice cut at both ends."""
    start = pos - 1 if pos > 0 else (len(b) + pos if pos < 0 else 0)
    end = start + max(length, 0)
    return b[max(start, 0):max(end, 0)]


def test_byte_functions_agree_with_python(spark):
    values = [b"", b"\x00", b"\xff\x00\x80", bytes(range(0, 256, 17))]
    df = spark.createDataFrame([(v,) for v in values], "v BINARY")
    cuts = [(1, 2), (0, 3), (-2, 1), (-9, 4), (3, 0), (2, -1), (7, 9)]
    cols = [F.reverse("v"), F.length("v"), F.bit_length("v"),
            F.lpad("v", 5, F.lit(b"\xab\xcd")), F.rpad("v", 2, F.lit(b"\x01"))]
    cols += [F.substring("v", p, n) for p, n in cuts]
    got = {bytes(r[0]): tuple(r[1:]) for r in df.select("v", *cols).collect()}
    for v in values:
        pad = (b"\xab\xcd" * 5)[:max(0, 5 - len(v))]
        want = (v[::-1], len(v), 8 * len(v), (pad + v)[:5], (v + b"\x01" * 2)[:2])
        want += tuple(_spark_substring(v, p, n) for p, n in cuts)
        assert tuple(bytes(x) if isinstance(x, (bytes, bytearray)) else x
                     for x in got[v]) == want


def test_listagg_of_bytes_across_partitions(spark):
    df = spark.createDataFrame([(bytes([i]),) for i in (3, 1, 2, 1)], "v BINARY").repartition(3)
    got = df.select(F.listagg("v", b"|").alias("a"), F.listagg_distinct("v").alias("d")).first()
    assert bytes(got.a) == b"\x01|\x01|\x02|\x03"
    assert bytes(got.d) == b"\x01\x02\x03"
