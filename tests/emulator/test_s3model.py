"""The emulator's S3 model: per-instance token bucket, request-rate window, latency draws."""

from __future__ import annotations

import statistics

import pytest

from spark_lambda.emulator.s3model import MIB, S3Model
from spark_lambda.planning.aws import load


def model(**over):
    return S3Model({**load().to_dict(), **over}, seed=1)


def test_token_bucket_bursts_then_sustains_and_serialises_one_instance():
    m = model(network_burst_mib=100, network_burst_mib_s=1000, network_sustained_mib_s=10)
    assert m.transfer_s("a", 50 * MIB, now=0.0) == pytest.approx(0.05)
    # starts when the first ends; 50 MiB of burst left, the other 50 MiB at 10 MiB/s
    wait = m.transfer_s("a", 100 * MIB, now=0.0)
    assert wait == pytest.approx(0.05 + 50 / 1000 + 50 / 10)
    assert m.transfer_s("b", 50 * MIB, now=0.0) == pytest.approx(0.05)    # another instance: its own bucket
    assert m.transfer_s(None, 10 ** 9, now=0.0) == 0.0                    # the driver is not limited


def test_request_rate_per_prefix_and_kind():
    m = model(s3_get_per_s_per_prefix=3, s3_put_per_s_per_prefix=1)
    assert [m.over_rate("GET", "b", "1/k", now=0.0) for _ in range(4)] == [False, False, False, True]
    assert not m.over_rate("GET", "b", "2/k", now=0.0)                      # another prefix
    assert not m.over_rate("PUT", "b", "1/k", now=0.0) and m.over_rate("PUT", "b", "1/k", now=0.5)
    assert not m.over_rate("GET", "b", "1/k", now=1.01)                     # the window moved on


def test_latency_draws_follow_the_median_and_instances_are_named():
    m = model()
    draws = [m.latency_s("GET") * 1000 for _ in range(4000)]
    assert statistics.median(draws) == pytest.approx(27, rel=0.06)
    assert sorted(draws)[int(0.95 * len(draws))] == pytest.approx(75, rel=0.12)
    assert S3Model.instance_of("Boto3/1.3 md/Botocore#1 app/instance-abc123 cfg/retry-mode#legacy") == \
        "instance-abc123"
    assert S3Model.instance_of("Boto3/1.3 Python/3.11") is None


def test_an_instance_keeps_the_name_the_s3_model_meters_it_by(tmp_path):
    """The service names each instance in ``AWS_SDK_UA_APP_ID`` (boto3 puts it in the User-Agent);
    the function's environment must pass it on, or every instance's bytes go unmetered."""
    import base64
    import io
    import zipfile

    from spark_lambda.emulator.functions import Function
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("h.py", "def handler(event, context):\n    return event\n")
    fn = Function({"FunctionName": "f", "Handler": "h.handler", "Code": {"ZipFile": base64.b64encode(buf.getvalue())}},
                  "us-east-1", str(tmp_path))
    env = fn.environment({"AWS_SDK_UA_APP_ID": "instance-abc", "HOME": "/root", "AWS_ACCESS_KEY_ID": "x"})
    assert env["AWS_SDK_UA_APP_ID"] == "instance-abc" and "HOME" not in env
    assert "AWS_SDK_UA_APP_ID" not in fn.environment({})
