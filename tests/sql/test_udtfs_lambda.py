"""Python UDTFs with every task a Lambda invocation (the emulator) and the shuffle through S3
(moto): a table argument partitioned by a key crosses the exchange and each group reaches
its own UDTF instance in a task; SQL ``LATERAL`` and an error with the user's traceback too.
Runs when the deployed code package carries the SQL stack (``deploy --with sql``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.errors import PythonException

from .cases_udtfs import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches
from .test_windows_udfs_lambda import lambda_spark  # noqa: F401 (the Lambda session fixture)

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_udtfs.json").read_text())["cases"]
LAMBDA_CASES = ["as_table_partition_by_terminate", "as_table_single_partition",
                "analyze_partition_by", "sql_lateral", "keyword_arguments",
                "err_generator_raises"]


@pytest.mark.parametrize("name", LAMBDA_CASES)
def test_udtf_case_on_lambda_matches_pyspark(lambda_spark, name):
    if not lambda_spark.has_sql:
        pytest.skip("the deployed code package has no SQL stack (duckdb, pyarrow) yet")
    assert_matches(CASES[name], lambda_spark, RECORDED[name])


def test_udtf_error_on_lambda_carries_the_users_traceback(lambda_spark):
    if not lambda_spark.has_sql:
        pytest.skip("the deployed code package has no SQL stack (duckdb, pyarrow) yet")
    with pytest.raises(PythonException, match="ValueError: no good"):
        CASES["err_generator_raises"](lambda_spark, F).collect()
