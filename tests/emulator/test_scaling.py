"""The emulator's scaling rate (new environments per interval, 429 beyond it) and its
threads mode, through unmodified boto3 over real HTTP."""

import io
import json
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from spark_lambda.emulator import Emulator
from spark_lambda.emulator.scaling import ScalingRate, parse_scale_rate

from .test_emulator import _create


def _client(emu):
    return boto3.client("lambda", endpoint_url=emu.url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        config=Config(retries={"total_max_attempts": 1}, max_pool_connections=50))


@pytest.fixture
def scaled():
    emu = Emulator(port=0, concurrency=4, output=io.StringIO(), scale_rate=(2, 1.0)).start()
    yield emu, _client(emu)
    emu.stop()


def test_scale_rate_is_a_token_bucket_per_function():
    now = [0.0]
    rate = ScalingRate(2, 1.0, clock=lambda: now[0])
    assert [rate.take("f"), rate.take("f"), rate.take("f")] == [True, True, False]
    assert rate.take("g")                    # each function has its own bucket
    now[0] = 0.5
    assert rate.take("f") and not rate.take("f")
    now[0] = 10.0
    assert [rate.take("f") for _ in range(3)] == [True, True, False]   # never more than N saved up
    assert rate.throttled == 3


@pytest.mark.parametrize("spec", ["", "0/1", "2/0", "x/1", "2/y"])
def test_a_bad_scale_rate_says_how_to_write_one(spec):
    with pytest.raises(ValueError, match="N/SECONDS"):
        parse_scale_rate(spec)
    assert parse_scale_rate("1000/10") == (1000, 10.0)


def _burst(client, n: int, sleep: float) -> list:
    answers = [None] * n

    def one(i):
        try:
            r = client.invoke(FunctionName="fn", Payload=json.dumps({"sleep": sleep}).encode())
            answers[i] = ("ok", json.loads(r["Payload"].read())["pid"])
        except ClientError as e:
            answers[i] = (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_cold_starts_beyond_the_scaling_rate_are_throttled_then_allowed(scaled):
    emu, client = scaled
    _create(client, Timeout=10)
    first = []
    busy = threading.Thread(target=lambda: first.extend(_burst(client, 4, 3.0)))
    busy.start()                             # 4 slots free, but only 2 new environments at once
    time.sleep(1.2)                          # the bucket refills 2 per second
    second = _burst(client, 2, 0.1)          # the first two are still busy: two more environments
    busy.join()
    assert sorted(a[0] for a in first) == ["TooManyRequestsException"] * 2 + ["ok"] * 2
    assert all(a[1] == 429 for a in first if a[0] != "ok")
    assert [a[0] for a in second] == ["ok", "ok"]
    assert len({a[1] for a in first + second if a[0] == "ok"}) == 4
    third = _burst(client, 4, 0.1)           # warm environments need no new ones: no throttle
    assert [a[0] for a in third] == ["ok"] * 4


@pytest.fixture
def kept_environ():
    """The process's environment as it was: threads mode sets the function's variables in
    the emulator's own process (here, the test's), which later tests must not inherit."""
    import os
    before = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(before)


def test_threads_mode_runs_the_handler_in_threads_with_real_answers(kept_environ):
    emu = Emulator(port=0, concurrency=40, output=io.StringIO(), instances="threads").start()
    try:
        client = _client(emu)
        _create(client, Timeout=10, MemorySize=256)
        started = time.monotonic()
        answers = _burst(client, 40, 1.0)
        took = time.monotonic() - started
        assert [a[0] for a in answers] == ["ok"] * 40
        assert len({a[1] for a in answers}) == 1          # one process: the emulator's own
        assert took < 20                                   # overlapped, not 40 s one after another
        r = client.invoke(FunctionName="fn", Payload=b'{"raise": 3}', LogType="Tail")
        assert r["FunctionError"] == "Unhandled"
        assert json.loads(r["Payload"].read())["errorMessage"] == "bad input 3"
        r = client.invoke(FunctionName="fn", Payload=b"{}")
        doc = json.loads(r["Payload"].read())
        assert doc["name"] == "fn" and doc["memory"] == "256" and doc["remaining"] > 5000
    finally:
        emu.stop()


def test_threads_mode_refuses_faults_it_cannot_inject():
    with pytest.raises(ValueError, match="instance processes"):
        Emulator(port=0, faults={"crash": 0.1}, instances="threads")
