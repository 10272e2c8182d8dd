"""LambdaBackend against the emulator, on the function ``spark-lambda deploy`` created."""

import os
import time

import pytest

from spark_lambda.backends.aws_lambda import LambdaBackend
from spark_lambda.errors import ConfigurationError
from spark_lambda.wire import TaskResult

from ..servers import another_function
from .contract import BackendContract
from .tasks import TaskMaker

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")


def _where(it):
    import spark_lambda
    return os.environ.get("LAMBDA_TASK_ROOT"), spark_lambda.__file__, os.environ.get("AWS_LAMBDA_FUNCTION_NAME")


def _sleep_long(it):
    time.sleep(60)
    return 0


def _hog(it):
    block = bytearray(700 << 20)
    for i in range(0, len(block), 4096):
        block[i] = 1
    return len(block)


@pytest.fixture(scope="module")
def backend(deployed_function):
    from spark_lambda.conf import SparkConf
    conf = (SparkConf(loadDefaults=False).set("spark.lambda.concurrent.requests.max", "2")
            .set("spark.lambda.spark.software.version", deployed_function["version"]))
    b = LambdaBackend(conf, {}, function=deployed_function["function"])
    yield b
    b.close()


@pytest.fixture(scope="module")
def maker(deployed_function):
    return TaskMaker(f"s3://{deployed_function['bucket']}/contract")

def test_metrics_carry_the_report_line(backend, maker):
    m = backend.submit(maker.task(sum)).result(timeout=60)["metrics"]["lambda"]
    assert m["memory_size_mb"] == 512
    assert m["billed_duration_ms"] >= int(m["duration_ms"])
    assert m["max_memory_used_mb"] > 0

def test_tasks_run_the_code_inside_the_deployed_zip(backend, maker):
    root, module_file, name = maker.value(backend.submit(maker.task(_where)).result(timeout=60))
    import spark_lambda
    assert name == backend.function
    assert module_file == os.path.join(root, "spark_lambda", "__init__.py")
    assert module_file != spark_lambda.__file__
    assert backend.executor_info["package"]["version"] == "0.1.0-test"
    assert backend.executor_info["sys_path"][0] == os.path.dirname(os.path.dirname(
        backend.executor_info["module_file"]))

def test_large_task_goes_by_reference(backend, maker):
    task = maker.task(sum)
    task["shuffle_inputs"] = {"9:0": [["x" * 100, 0, 1, i] for i in range(70_000)]}  # ~8 MB of JSON
    assert maker.value(backend.submit(task).result(timeout=60)) == sum(range(10))


class TestLambdaBackend(BackendContract):
    """The shared contract, on the fixtures above."""

def test_timeout_is_a_clean_failed_result_before_lambda_kills(deployed_function, lambda_emulator):
    from spark_lambda.conf import SparkConf
    with another_function(deployed_function, "-short", timeout=3) as name:
        b = LambdaBackend(SparkConf(loadDefaults=False), {}, function=name)
        maker = TaskMaker(f"s3://{deployed_function['bucket']}/short")
        r = TaskResult.from_dict(b.submit(maker.task(_sleep_long)).result(timeout=60))
        b.close()
    assert r.status == "failed"
    assert r.error["kind"] == "timeout"
    assert "more partitions" in r.error["message"]


def test_out_of_memory_is_recognised_with_advice(deployed_function, lambda_emulator):
    from spark_lambda.conf import SparkConf
    b = LambdaBackend(SparkConf(loadDefaults=False), {}, function=deployed_function["function"])
    maker = TaskMaker(f"s3://{deployed_function['bucket']}/oom")
    r = TaskResult.from_dict(b.submit(maker.task(_hog)).result(timeout=60))
    b.close()
    assert r.status == "failed"
    assert r.error["kind"] == "oom"
    assert "signal: killed" in r.error["message"] and "--memory" in r.error["message"]


def test_version_mismatch_says_how_to_redeploy(deployed_function):
    from spark_lambda.conf import SparkConf
    conf = SparkConf(loadDefaults=False).set("spark.lambda.spark.software.version", "9.9")
    with pytest.raises(ConfigurationError, match="code package is version 0.1.0-test.*spark-lambda deploy"):
        LambdaBackend(conf, {}, function=deployed_function["function"])


def test_missing_function_is_a_clear_error(lambda_emulator):
    from spark_lambda.conf import SparkConf
    with pytest.raises(ConfigurationError, match="does not exist. Deploy it first"):
        LambdaBackend(SparkConf(loadDefaults=False), {}, function="no-such-function")


def test_shuffle_on_local_disk_is_rejected_at_once(lambda_emulator):
    from spark_lambda.conf import SparkConf
    with pytest.raises(ConfigurationError, match="spark.shuffle.s3.enabled"):
        LambdaBackend(SparkConf(loadDefaults=False), {"work_url": "file:///tmp/x"}, function="any")


def _nap(it):
    time.sleep(0.3)
    return os.getpid()


def test_throttling_is_retried_and_never_a_failure(deployed_function, lambda_emulator):
    from spark_lambda.conf import SparkConf
    conf = SparkConf(loadDefaults=False).set("spark.lambda.concurrent.requests.max", "8")  # emulator allows 4
    b = LambdaBackend(conf, {}, function=deployed_function["function"])
    maker = TaskMaker(f"s3://{deployed_function['bucket']}/throttle")
    results = [f.result(timeout=120) for f in [b.submit(maker.task(_nap)) for _ in range(16)]]
    b.close()
    assert all(r["status"] == "success" for r in results)
    assert sum(r["metrics"]["throttled_retries"] for r in results) > 0


def test_min_executors_are_prewarmed_and_max_executors_caps(deployed_function, lambda_emulator):
    from spark_lambda.conf import SparkConf
    with another_function(deployed_function, "-warm", timeout=30) as name:
        conf = (SparkConf(loadDefaults=False).set("spark.dynamicAllocation.minExecutors", "3")
                .set("spark.dynamicAllocation.maxExecutors", "3"))
        b = LambdaBackend(conf, {}, function=name)
        assert b.max_concurrency == 3
        maker = TaskMaker(f"s3://{deployed_function['bucket']}/warm")
        results = [f.result(timeout=60) for f in [b.submit(maker.task(_nap)) for _ in range(3)]]
        b.close()
    assert len({maker.value(r) for r in results}) == 3
    assert not any("init_duration_ms" in r["metrics"]["lambda"] for r in results)   # no cold start


def test_unreachable_lambda_endpoint_is_a_clear_error(monkeypatch):
    from spark_lambda.conf import SparkConf
    from tests.servers import free_port
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with pytest.raises(ConfigurationError, match="Cannot reach the Lambda API.*AWS_ENDPOINT_URL_LAMBDA"):
        LambdaBackend(SparkConf(loadDefaults=False), {}, function="fn")


def test_context_on_lambda_with_the_shuffle_on_local_disk_fails_at_start(tmp_path):
    from spark_lambda import SparkConf, SparkContext
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path))
    with pytest.raises(ConfigurationError, match="spark.shuffle.s3.enabled=true"):
        SparkContext("lambda://spark-lambda", "t", conf=conf)
    assert SparkContext._active is None


def test_a_function_deployed_from_an_older_release_is_named_as_such():
    """A function deployed before the package moved (its handler `spark_lambda.handler.handler`,
    its modules at the old paths) still answers the version check; the driver refuses it and
    says which versions differ, before any task's pickled code could fail to import."""
    import sys
    from spark_lambda import __version__
    from spark_lambda.backends.aws_lambda import version_problems
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    problems = version_problems({"python": python, "spark_lambda": "0.1.0", "package_version": "0.1.0"},
                                None)
    assert problems == [f"it runs spark-lambda 0.1.0 but the driver has {__version__}"]
    assert __version__ != "0.1.0"
