"""DataFrame programs (``cases.py``) against PySpark's recorded outputs: names, types, rows and
the text of ``show``. Re-record with ``python -m tests.sql.record_pyspark``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases import CASES
from .record_pyspark import OUT, describe

RECORDED = json.loads(Path(OUT).read_text())["cases"]


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
    assert got["rows"] == want["rows"]
    assert got["show"] == want["show"]
    assert got["schema"] == want["schema"]
