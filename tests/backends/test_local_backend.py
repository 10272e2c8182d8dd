import time

import pytest

from spark_lambda.backends import parse_master
from spark_lambda.backends.local import LocalBackend
from spark_lambda.conf import SparkConf
from spark_lambda.errors import ConfigurationError

from .contract import BackendContract
from .tasks import TaskMaker


@pytest.fixture(scope="module")
def backend():
    b = LocalBackend(SparkConf(loadDefaults=False), {}, workers=2)
    yield b
    b.close()


@pytest.fixture(scope="module")
def maker(tmp_path_factory):
    return TaskMaker("file://" + str(tmp_path_factory.mktemp("work")))


class TestLocalBackend(BackendContract):
    """The shared contract, on the fixtures above."""

@pytest.mark.parametrize("master,expected", [
    ("local", ("local", {"workers": 1})),
    ("local[3]", ("local", {"workers": 3})),
    ("local[2,5]", ("local", {"workers": 2, "max_failures": 5})),
    ("lambda://my-fn", ("lambda", {"function": "my-fn"})),
    ("lambda://", ("lambda", {"function": "spark-lambda"})),
])
def test_parse_master(master, expected):
    assert parse_master(master) == expected


def test_parse_master_star_uses_cpu_count():
    import os
    assert parse_master("local[*]") == ("local", {"workers": os.cpu_count()})


@pytest.mark.parametrize("master", ["yarn", "spark://host:7077", "local[0]", "local[x]", "lambda://bad name"])
def test_bad_master_is_a_clear_error(master):
    with pytest.raises(ConfigurationError, match="master URL|workers|function name"):
        parse_master(master)


def _pid_span(it):
    import os
    import sys
    import time
    start = time.time()
    time.sleep(0.3)
    return os.getpid(), start, time.time(), "tests.backends.slow_import_probe" in sys.modules


def test_workers_preload_one_at_a_time_while_no_task_runs_and_a_task_goes_to_the_one_that_has(
        maker, tmp_path, monkeypatch):
    log = tmp_path / "preloads.txt"
    monkeypatch.setenv("SPARK_LAMBDA_TEST_PRELOAD_LOG", str(log))
    b = LocalBackend(SparkConf(loadDefaults=False), {}, workers=3)
    try:
        b.preload(["tests.backends.slow_import_probe"])
        pid, start, end, had = maker.value(b.submit(maker.task(_pid_span)).result(timeout=60))
        deadline = time.monotonic() + 60
        while len(_spans(log)) < 3:   # the others import without a task asking
            assert time.monotonic() < deadline, f"not every worker preloaded: {_spans(log)}"
            time.sleep(0.05)
    finally:
        b.close()
    spans = _spans(log)
    assert len({p for p, _, _ in spans}) == 3
    for (_, _, before), (_, after, _) in zip(spans, spans[1:]):
        assert after >= before   # never two importing at once
    # the task ran on the worker that imported first, once it had; the next import waited for it
    assert (pid, had) == (spans[0][0], True) and start >= spans[0][2] and spans[1][1] >= end


def _spans(log):
    if not log.exists():
        return []
    return sorted(((int(p), float(s), float(e))
                   for p, s, e in (line.split() for line in log.read_text().splitlines())),
                  key=lambda span: span[1])


def test_a_spark_lambda_directory_where_the_driver_runs_does_not_shadow_the_package(tmp_path, monkeypatch):
    """Workers take the driver's package first; modules of the working directory still import."""
    from spark_lambda import SparkContext
    (tmp_path / "spark_lambda").mkdir()
    (tmp_path / "spark_lambda" / "__init__.py").write_text("raise ImportError('a stray copy')\n")
    (tmp_path / "helper_of_the_job.py").write_text("VALUE = 41\n")
    monkeypatch.chdir(tmp_path)
    sc = SparkContext("local[1]", "shadow")
    try:
        def plus_value(x):
            import helper_of_the_job
            return x + helper_of_the_job.VALUE
        assert sc.parallelize([1, 2], 2).map(plus_value).collect() == [42, 43]
    finally:
        sc.stop()
