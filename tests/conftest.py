"""Shared fixtures: a local context per test module, temporary stores."""

from __future__ import annotations

import pytest

from spark_lambda import SparkConf, SparkContext


@pytest.fixture(scope="module")
def sc(tmp_path_factory):
    """A local[2] context shared by the tests of one module."""
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path_factory.mktemp("local")))
    context = SparkContext("local[2]", "tests", conf=conf)
    yield context
    context.stop()


@pytest.fixture
def events(sc):
    """The scheduler events of one test, as (name, fields)."""
    seen: list = []

    def listener(name, fields):
        seen.append((name, fields))
    sc.add_listener(listener)
    yield seen
    sc.remove_listener(listener)


@pytest.fixture
def new_context(tmp_path):
    """Make a context with extra settings; stopped after the test."""
    made = []

    def make(master="local[2]", **settings):
        conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path / "local"))
        for k, v in settings.items():
            conf.set(k.replace("_", "."), v)
        made.append(SparkContext(master, "tests", conf=conf))
        return made[-1]
    yield make
    for c in made:
        c.stop()


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3/IAM/STS server on 127.0.0.1, with boto3's environment pointed at it."""
    from .servers import MotoServer, apply_env, restore_env
    server = MotoServer()
    old = apply_env(server.env())
    yield server
    restore_env(old)
    server.stop()


@pytest.fixture(scope="session")
def lambda_emulator(moto_server, tmp_path_factory):
    """``spark-lambda emulator`` on 127.0.0.1 (instances reach moto's S3), with
    ``AWS_ENDPOINT_URL_LAMBDA`` pointed at it."""
    from .servers import EmulatorServer, apply_env, restore_env
    server = EmulatorServer(str(tmp_path_factory.mktemp("emulator") / "output.log"), concurrency=4)
    old = apply_env({"AWS_ENDPOINT_URL_LAMBDA": server.url})
    yield server
    restore_env(old)
    server.stop()


DEPLOYED = {"bucket": "spark-lambda-test", "function": "spark-lambda-test", "version": "0.1.0-test"}


@pytest.fixture(scope="session")
def deployed_function(lambda_emulator):
    """The function created by ``spark-lambda deploy`` in the emulator, once per session
    (its code package is built once; wheels come from the local cache when present)."""
    import boto3
    from spark_lambda.cli import main
    boto3.client("s3").create_bucket(Bucket=DEPLOYED["bucket"])
    code = main(["deploy", "--bucket", "s3://" + DEPLOYED["bucket"], "--function-name", DEPLOYED["function"],
                 "--memory", "512", "--timeout", "60", "--version", DEPLOYED["version"], "--create-role"])
    assert code == 0
    return dict(DEPLOYED)


@pytest.fixture(scope="session")
def lambda_conf(deployed_function):
    """Settings for a context on the deployed function with the shuffle on moto's S3
    (copy it before changing it)."""
    from spark_lambda import SparkConf
    b = deployed_function["bucket"]
    return (SparkConf(loadDefaults=False).setMaster("lambda://" + deployed_function["function"])
            .set("spark.lambda.s3.bucket", "s3://" + b)
            .set("spark.lambda.spark.software.version", deployed_function["version"])
            .set("spark.shuffle.s3.enabled", "true").set("spark.shuffle.s3.bucket", f"s3://{b}/shuffle")
            .set("spark.lambda.concurrent.requests.max", "4"))


@pytest.fixture(scope="module")
def ship_tests_by_value():
    """Pickle the tests package's functions by value while a module runs tasks on Lambda
    (an instance cannot import ``tests``); by reference otherwise, so local tracebacks
    keep their source lines."""
    import sys

    import cloudpickle
    package = sys.modules[__name__.split(".")[0]]
    cloudpickle.register_pickle_by_value(package)
    yield
    cloudpickle.unregister_pickle_by_value(package)
