"""Windows, Python UDFs and some functions with every task a Lambda invocation (the emulator)
and the shuffle through S3 (moto): the same recorded PySpark outputs as on ``local[2]``. Runs when the deployed
code package carries the SQL stack (``deploy --with sql``); the pandas cases need pandas in
the package too, and skip naming why when it is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda import SparkContext
from spark_lambda.sql import SparkSession, functions as F

from .cases_windows import CASES
from .record_pyspark import describe
from .record_pyspark_windows import OUT

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
RECORDED = json.loads(Path(OUT).read_text())["cases"]
LAMBDA_CASES = ["w_ranking", "w_frames", "w_sql", "w_no_partition", "u_udf_forms",
                "u_register_sql", "u_udf_raises", "u_pandas_scalar", "u_apply_in_pandas",
                "u_cogroup", "u_pandas_grouped_agg"]
PANDAS_CASES = {"u_pandas_scalar", "u_apply_in_pandas", "u_cogroup", "u_pandas_grouped_agg"}


def _has_modules(names):
    import importlib.util
    return all(importlib.util.find_spec(n) is not None for n in names)


@pytest.fixture(scope="module")
def lambda_spark(sql_lambda_conf):
    sc = SparkContext(conf=sql_lambda_conf.copy().setAppName("lambda-windows-udfs"))
    session = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
    session.has_sql = sc.parallelize([0], 1).map(
        lambda _: _has_modules(["duckdb", "pyarrow"])).collect()[0]
    session.has_pandas = sc.parallelize([0], 1).map(
        lambda _: _has_modules(["pandas"])).collect()[0]
    yield session
    session.stop()


@pytest.mark.parametrize("name", LAMBDA_CASES)
def test_case_on_lambda_matches_pyspark(lambda_spark, name):
    if not lambda_spark.has_sql:
        pytest.skip("the deployed code package has no SQL stack (duckdb, pyarrow) yet")
    if name in PANDAS_CASES and not lambda_spark.has_pandas:
        pytest.skip("the function deployed --with sql has no pandas: --with sql --with pandas "
                    "is over Lambda's 250 MB unzipped limit")
    want = RECORDED[name]
    if "error" in want:
        with pytest.raises(Exception) as e:
            describe(CASES[name](lambda_spark, F))
        assert type(e.value).__name__ == want["error"]
        assert "An exception was thrown from the Python worker" in str(e.value)
        return
    got = describe(CASES[name](lambda_spark, F))
    assert (got["columns"], got["dtypes"], got["rows"]) == \
        (want["columns"], want["dtypes"], want["rows"])


# functions whose executor side is more than DuckDB's: the task's partition index, Python
# functions registered on the task's connection (``conv``, ``soundex``), the ``try`` forms
FUNCTION_CASES = ["spark_partition_id", "conv_soundex", "try_arithmetic", "listagg_sql"]


@pytest.mark.parametrize("name", FUNCTION_CASES)
def test_function_case_on_lambda_matches_pyspark(lambda_spark, name):
    from .cases_functions import CASES as FUNCTIONS
    from .record_pyspark_functions import OUT as FUNCTIONS_OUT
    _matches_on_lambda(lambda_spark, FUNCTIONS[name],
                       json.loads(Path(FUNCTIONS_OUT).read_text())["cases"][name])


def _matches_on_lambda(lambda_spark, case, want: dict) -> None:
    """``case`` run on Lambda gives PySpark's recorded columns, types and rows."""
    if not lambda_spark.has_sql:
        pytest.skip("the deployed code package has no SQL stack (duckdb, pyarrow) yet")
    got = describe(case(lambda_spark, F))
    assert (got["columns"], got["dtypes"], got["rows"]) == \
        (want["columns"], want["dtypes"], want["rows"])


# UDFs called by keyword (the call's wrapper pickled to the task), ``counter_diff``,
# ``collect_union`` through the shuffle, JSON with unquoted names (a task-side Python function)
LAST_CASES = ["udf_keyword_arguments", "counter_diff_start_time", "collect_union_grouped",
              "from_json_unquoted_field_names"]


@pytest.mark.parametrize("name", LAST_CASES)
def test_last_function_case_on_lambda_matches_pyspark(lambda_spark, name):
    from .cases_functions_last import CASES as LAST
    from .recorded_cases import recorded
    _matches_on_lambda(lambda_spark, LAST[name], recorded("functions_last")[name])
