"""SparkConf's API, the key registry's checks, and settings that change how a
context behaves (default master, parallelism, task retries)."""

from __future__ import annotations

import os
from operator import add

import pytest

from spark_lambda import ConfigurationError, JobFailedError, SparkConf, SparkContext, keys
from spark_lambda import conf as conf_module


@pytest.fixture
def launch(monkeypatch, tmp_path):
    """Isolate the launch layers: no defaults file, no recorded submit settings."""
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path / "no-conf"))
    monkeypatch.setattr(conf_module, "_launch", {})
    return tmp_path


def test_sparkconf_api():
    conf = SparkConf(loadDefaults=False).setMaster("local[3]").setAppName("demo")
    assert conf.get("spark.master") == "local[3]" and conf.get("spark.app.name") == "demo"
    assert conf.set("spark.executor.memory", "2g") is conf
    conf.setIfMissing("spark.executor.memory", "4g").setIfMissing("spark.task.maxFailures", 7)
    assert conf.get("spark.executor.memory") == "2g" and conf.get("spark.task.maxFailures") == "7"
    assert conf.get("spark.nothing") is None and conf.get("spark.nothing", "dflt") == "dflt"
    assert conf.contains("spark.master") and not conf.contains("spark.nothing")
    conf.setAll([("spark.a", 1), ("spark.b", True)])
    assert conf.get("spark.a") == "1" and conf.get("spark.b") == "true"
    conf.setExecutorEnv("HOME_DIR", "/x").setExecutorEnv(pairs=[("A", "1")])
    assert conf.get("spark.executorEnv.HOME_DIR") == "/x" and conf.get("spark.executorEnv.A") == "1"
    assert ("spark.master", "local[3]") in conf.getAll()
    copy = conf.copy().set("spark.master", "local[1]")
    assert conf.get("spark.master") == "local[3]" and copy.get("spark.master") == "local[1]"
    assert conf.typed("spark.task.maxFailures") == 7
    assert conf.typed("spark.python.worker.memory") == 512 << 20  # registry default
    conf.set("spark.hadoop.fs.s3n.awsSecretAccessKey", "hunter2")
    debug = conf.toDebugString()
    assert "spark.master=local[3]" in debug and "hunter2" not in debug and "redacted" in debug


@pytest.mark.parametrize("wrong,right", [
    ("spark.lambda.functon.name", "spark.lambda.function.name"),
    ("spark.lambda.concurrent.request.max", "spark.lambda.concurrent.requests.max"),
    ("spark.shuffle.s3.bucke", "spark.shuffle.s3.bucket"),
])
def test_unknown_strict_key_suggests_closest(wrong, right):
    with pytest.raises(ConfigurationError, match=f"Unknown configuration key {wrong}. Did you mean {right}"):
        SparkConf(loadDefaults=False).set(wrong, "x")


def test_other_spark_keys_are_kept():
    assert SparkConf(loadDefaults=False).set("spark.sql.shuffle.partitions", "8") \
        .get("spark.sql.shuffle.partitions") == "8"


@pytest.mark.parametrize("key,value", [
    ("spark.task.maxFailures", "four"), ("spark.python.worker.memory", "lots"),
    ("spark.speculation", "maybe"), ("spark.speculation.multiplier", "fast"),
    ("spark.default.parallelism", "2.5"),
])
def test_wrong_types_are_errors(key, value):
    with pytest.raises(ConfigurationError, match=f"{key}=.*not a valid"):
        SparkConf(loadDefaults=False).set(key, value)


def test_sizes():
    assert keys.parse_size("512m") == 512 << 20 and keys.parse_size("1g") == 1 << 30
    assert keys.parse_size("1048576") == 1 << 20 and keys.parse_size("64k") == 64 << 10


def test_layers_defaults_file_then_launch_then_program(launch, monkeypatch):
    conf_dir = launch / "conf"
    conf_dir.mkdir()
    (conf_dir / "spark-defaults.conf").write_text(
        "# comment\nspark.test.a  defaults\nspark.test.b=defaults\n\nspark.test.c defaults\n")
    monkeypatch.setenv("SPARK_CONF_DIR", str(conf_dir))
    conf_module.set_launch_properties({"spark.test.b": "launch", "spark.test.c": "launch"})
    c = SparkConf().set("spark.test.c", "program")
    assert [c.get(f"spark.test.{x}") for x in "abc"] == ["defaults", "launch", "program"]
    assert SparkConf(loadDefaults=False).get("spark.test.a") is None
    with pytest.raises(ConfigurationError, match="Did you mean"):
        conf_module.set_launch_properties({"spark.lambda.functionname": "x"})


def test_bad_properties_file(launch):
    bad = launch / "bad.conf"
    bad.write_text("spark.ok 1\nnot-a-setting\n")
    with pytest.raises(ConfigurationError, match="bad.conf:2"):
        conf_module.read_properties_file(bad)
    with pytest.raises(ConfigurationError, match="Cannot read properties file"):
        conf_module.read_properties_file(launch / "missing.conf")


# --- settings that change a context -------------------------------------------------------------

def test_default_master_is_local_star(launch, tmp_path):
    sc = SparkContext(conf=SparkConf().set("spark.local.dir", str(tmp_path)))
    try:
        assert sc.master == "local[*]" and sc.defaultParallelism == os.cpu_count()
        assert sc.parallelize(range(10)).getNumPartitions() == os.cpu_count()
        with pytest.raises(ValueError, match="multiple SparkContexts"):
            SparkContext("local[1]")
        assert SparkContext.getOrCreate() is sc
    finally:
        sc.stop()
    with pytest.raises(ConfigurationError, match="stopped"):
        sc.parallelize([1]).count()


def test_default_parallelism_setting(new_context):
    ctx = new_context("local[1]", spark_default_parallelism="6")
    assert ctx.defaultParallelism == 6 and ctx.defaultMinPartitions == 2
    r = ctx.parallelize([(1, 1), (2, 2)], 2)
    assert ctx.parallelize([1]).getNumPartitions() == 6
    assert r.reduceByKey(add).getNumPartitions() == 6
    assert r.join(r).getNumPartitions() == 6
    assert dict(r.reduceByKey(add).collect()) == {1: 1, 2: 2}


def test_max_failures_setting_and_master_form(new_context):
    from spark_lambda import TaskContext

    def fail_first(x):
        if TaskContext.get().attemptNumber() == 0:
            raise ValueError("first attempt")
        return x
    ctx = new_context("local[2]", spark_task_maxFailures="1")
    with pytest.raises(ValueError, match="failed 1 times"):
        ctx.parallelize([1, 2], 1).map(fail_first).collect()
    ctx.stop()
    ctx = new_context("local[2,2]")  # local[N,F]: F attempts per task
    assert ctx.parallelize([1, 2], 1).map(fail_first).collect() == [1, 2]
    ctx.stop()
    ctx = new_context("local[2]", spark_task_maxFailures="2")
    assert ctx.parallelize([1, 2], 1).map(fail_first).collect() == [1, 2]


def test_unknown_master_in_program(launch):
    with pytest.raises(ConfigurationError, match="Unknown master URL 'yarn'"):
        SparkContext("yarn", "x", conf=SparkConf(loadDefaults=False))
    assert SparkContext._active is None


def test_job_failed_error_is_a_spark_lambda_error():
    from spark_lambda.errors import SparkLambdaError, job_failed
    err = job_failed("m", "KeyError", remote_message="k")
    assert isinstance(err, KeyError) and isinstance(err, JobFailedError) and isinstance(err, SparkLambdaError)
    assert type(job_failed("m", "NotABuiltin")) is JobFailedError


@pytest.mark.parametrize("codec", ["zlib", "none", "org.apache.spark.io.LZ4CompressionCodec"])
def test_codecs_and_large_results_through_the_store(new_context, codec):
    ctx = new_context("local[2]", spark_io_compression_codec=codec,
                      spark_lambda_payload_inline_max="1k")
    events: list = []
    ctx.add_listener(lambda name, fields: events.append((name, fields)))
    data = [(i % 50, "v%d" % i) for i in range(5000)]
    got = ctx.parallelize(data, 3).groupByKey().mapValues(sorted).collect()
    result_stages = {f["stage"] for n, f in events if n == "stage_submitted" and f["kind"] == "result"}
    puts = [f["metrics"]["requests"].get("PUT", 0) for n, f in events
            if n == "task_end" and f["stage"] in result_stages]
    assert len(puts) == 3 and all(p == 1 for p in puts)  # each result went through the store
    assert dict(got) == {k: sorted(v for kk, v in data if kk == k) for k in range(50)}
    results = ctx.work_url[len("file://"):]
    import glob
    assert not glob.glob(f"{results}/{ctx.app_id}/results/*/*")  # large results read and deleted


def test_unknown_codec_is_a_clear_error(new_context):
    with pytest.raises(ConfigurationError, match="lz4, zlib or none"):
        new_context("local[1]", spark_io_compression_codec="snappy")
