"""Nested types and the functions library (``cases_functions.py``) against PySpark's recorded
outputs: names, types, rows and the text of ``show``. Re-record with
``python -m tests.sql.record_pyspark_functions``."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_functions import CASES
from .record_pyspark import describe
from .record_pyspark_functions import OUT

RECORDED = json.loads(Path(OUT).read_text())["cases"]
# floating-point results that may differ from the JVM's in the last bits (Spark's online
# moment updates merged across partitions; Java's StrictMath trigonometry): rows compared
# with a relative tolerance, the rest exactly
APPROXIMATE = {"agg_global", "math_more"}


def _close(got: str, want: str) -> bool:
    a, b = ast.literal_eval(got), ast.literal_eval(want)
    return len(a) == len(b) and all(
        x == pytest.approx(y, rel=1e-12) if isinstance(y, float) else x == y
        for x, y in zip(a, b))


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    want = RECORDED[name]
    if "error" in want:  # PySpark raised: the same class must be raised here
        with pytest.raises(Exception) as e:
            describe(CASES[name](spark, F))
        assert type(e.value).__name__ == want["error"]
        return
    got = describe(CASES[name](spark, F))
    assert got["columns"] == want["columns"]
    assert got["dtypes"] == want["dtypes"]
    if name in APPROXIMATE:
        assert len(got["rows"]) == len(want["rows"])
        assert all(_close(g, w) for g, w in zip(got["rows"], want["rows"]))
    else:
        assert got["rows"] == want["rows"]
        assert got["show"] == want["show"]
    assert got["schema"] == want["schema"]
