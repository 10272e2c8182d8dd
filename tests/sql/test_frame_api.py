"""DataFrame, Column, types and reader API (``cases_frame_api.py``) against PySpark's recorded
outputs. Re-record with ``python -m tests.sql.record_pyspark --cases frame_api``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cases_frame_api import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_frame_api.json").read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, wh, name):
    assert_matches(CASES[name], spark, RECORDED[name])
