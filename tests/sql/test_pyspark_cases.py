"""Programs (``cases.py`` and its sibling modules) against PySpark's recorded outputs: names,
types, rows, schema and the text of ``show``; plain values by repr; errors by class and Spark
error class. Re-record with ``TZ=UTC python -m tests.sql.record_pyspark``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases import CASES
from .record_pyspark import OUT, run_case

RECORDED = json.loads(Path(OUT).read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    want = RECORDED[name]
    got = run_case(CASES[name], spark, F)
    if "error" in want or "error" in got:
        assert got == want
        return
    if "value" in want:
        assert got["value"] == want["value"]
        return
    assert got["columns"] == want["columns"]
    assert got["dtypes"] == want["dtypes"]
    assert got["rows"] == want["rows"]
    assert got["schema"] == want["schema"]
    assert got["show"] == want["show"]
