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
