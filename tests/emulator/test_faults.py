"""Fault injection in the emulator: Lambda faults at Invoke, S3 faults through the proxy."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from spark_lambda.emulator import Emulator
from spark_lambda.emulator.faults import FaultPlan, parse_faults
from spark_lambda.emulator.s3proxy import S3Proxy

from .test_emulator import _create, _invoke


def _emulator(**faults):
    out = io.StringIO()
    emu = Emulator(port=0, concurrency=2, output=out, faults=faults, seed=7).start()
    emu.out = out
    client = boto3.client("lambda", endpoint_url=emu.url, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing", config=Config(retries={"total_max_attempts": 1}))
    return emu, client


def _fault_lines(text: str, kind: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"FAULT {kind} ")]


# --- the plan ------------------------------------------------------------------------------

def test_fault_spec_is_parsed_and_checked():
    assert parse_faults("crash=0.08, timeout=0.03,throttle=0.2,slowdown=0.05,lost=0.05") == \
        {"crash": 0.08, "timeout": 0.03, "throttle": 0.2, "slowdown": 0.05, "lost": 0.05}
    assert parse_faults("") == {}
    for bad, words in (("crash", "KIND=P"), ("explode=0.1", "crash, timeout"), ("crash=2", "from 0 to 1"),
                       ("lost=lots", "from 0 to 1")):
        with pytest.raises(ValueError, match=words):
            parse_faults(bad)


def test_decisions_are_seeded_and_reproducible():
    def decisions(seed):
        plan = FaultPlan({"crash": 0.3, "lost": 0.5}, seed)
        return [(plan.draw("crash"), plan.draw("lost"), plan.draw("throttle")) for _ in range(200)]
    first = decisions(1)
    assert first == decisions(1) and first != decisions(2)
    assert not any(t for _, _, t in first)                  # a kind without a rate never strikes
    assert 30 <= sum(c for c, _, _ in first) <= 90          # about 30 % of 200
    lines = []
    plan = FaultPlan({"crash": 1.0}, 0, lines.append)
    plan.record("crash", "Invoke fn")
    assert lines == ["FAULT crash Invoke fn\n"] and plan.counts["crash"] == 1


# --- Lambda faults ------------------------------------------------------------------------------

def test_throttle_answers_429_before_running_anything():
    emu, client = _emulator(throttle=1.0)
    try:
        _create(client)
        with pytest.raises(client.exceptions.TooManyRequestsException):
            _invoke(client, {})
        out = emu.out.getvalue()
        assert _fault_lines(out, "throttle") == ["FAULT throttle Invoke fn"]
        assert "START RequestId" not in out                       # nothing ran
    finally:
        emu.stop()


def test_crash_kills_the_instance_during_the_invocation():
    emu, client = _emulator(crash=1.0)
    try:
        _create(client)
        r, body, log = _invoke(client, {"sleep": 5})
        assert r["FunctionError"] == "Unhandled" and body["errorType"] == "Runtime.ExitError"
        assert body["errorMessage"].endswith("signal: terminated")
        assert len(_fault_lines(emu.out.getvalue(), "crash")) == 1
    finally:
        emu.stop()


def test_timeout_hangs_the_instance_past_the_function_timeout():
    emu, client = _emulator(timeout=1.0)
    try:
        _create(client, Timeout=1)
        r, body, log = _invoke(client, {})
        assert body["errorType"] == "Sandbox.Timedout" and "Task timed out after 1.00 seconds" in body["errorMessage"]
        assert "Status: timeout" in log and len(_fault_lines(emu.out.getvalue(), "timeout")) == 1
    finally:
        emu.stop()


# --- the S3 proxy -------------------------------------------------------------------------------

class _Recorder(BaseHTTPRequestHandler):
    """An upstream that records what reaches it and answers 200."""
    protocol_version = "HTTP/1.1"
    seen: list = []

    def log_message(self, *args):
        pass

    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.command, self.path, list(self.headers.items()), body))
        self.send_response(200)
        self.send_header("ETag", '"x"')
        self.send_header("Content-Length", "0")
        self.end_headers()


def _verifies(method, path, headers, body) -> bool:
    """Check a request's SigV4 signature as S3 would, from what the upstream received."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    h = {k.lower(): v for k, v in headers}
    auth_header = h["authorization"]
    signed = auth_header.split("SignedHeaders=")[1].split(",")[0].split(";")
    signature = auth_header.split("Signature=")[1]
    request = AWSRequest(method=method, url=f"http://{h['host']}{path}", data=body,
                         headers={k: v for k, v in headers if k.lower() in signed})
    request.context["timestamp"] = h["x-amz-date"]
    payload_hash = h.get("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
    if payload_hash != "UNSIGNED-PAYLOAD" and payload_hash != hashlib.sha256(body).hexdigest():
        return False
    auth = S3SigV4Auth(Credentials("testing", "testing"), "s3", "us-east-1")
    string_to_sign = auth.string_to_sign(request, auth.canonical_request(request))
    return auth.signature(string_to_sign, request) == signature


def test_proxy_forwards_signed_requests_unchanged():
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    proxy = S3Proxy(f"http://127.0.0.1:{upstream.server_address[1]}").start()
    try:
        s3 = boto3.client("s3", endpoint_url=proxy.url, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing", config=Config(s3={"addressing_style": "path"}))
        s3.put_object(Bucket="b", Key="dir/a key.txt", Body=b"payload bytes")
        method, path, headers, body = _Recorder.seen[-1]
        assert method == "PUT" and path == "/b/dir/a%20key.txt" and body == b"payload bytes"
        assert dict((k.lower(), v) for k, v in headers)["host"] == proxy.url.split("://")[1]
        assert _verifies(method, path, headers, body)
        upstream_host = f"127.0.0.1:{upstream.server_address[1]}"
        rehosted = [(k, upstream_host if k.lower() == "host" else v) for k, v in headers]
        assert not _verifies(method, path, rehosted, body)   # rewriting Host would break SigV4
    finally:
        proxy.stop()
        upstream.shutdown()
        upstream.server_close()


@pytest.fixture
def s3_through(moto_server):
    made = []

    def make(**faults):
        plan = FaultPlan(faults, seed=3, write=lambda line: lines.append(line.strip()))
        proxy = S3Proxy(moto_server.url, faults=plan).start()
        made.append(proxy)
        client = boto3.client("s3", endpoint_url=proxy.url, config=Config(retries={"total_max_attempts": 1}))
        return client, lines
    lines: list = []
    yield make
    for p in made:
        p.stop()


def test_proxy_serves_a_real_s3_endpoint(s3_through):
    s3, lines = s3_through()
    s3.create_bucket(Bucket="proxied")
    s3.put_object(Bucket="proxied", Key="k", Body=b"0123456789")
    assert s3.get_object(Bucket="proxied", Key="k", Range="bytes=2-5")["Body"].read() == b"2345"
    assert s3.head_object(Bucket="proxied", Key="k")["ContentLength"] == 10
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="proxied")["Contents"]] == ["k"]
    s3.delete_object(Bucket="proxied", Key="k")
    assert s3.list_objects_v2(Bucket="proxied").get("KeyCount") == 0 and lines == []


def test_slowdown_is_a_503_that_boto3_retries(s3_through, moto_server):
    s3, lines = s3_through(slowdown=1.0)
    with pytest.raises(ClientError) as info:
        s3.list_buckets()
    assert info.value.response["Error"]["Code"] == "SlowDown"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert lines == ["FAULT slowdown GET /"]


def test_lost_deletes_shuffle_objects_right_after_they_are_written(s3_through, moto_server):
    direct = boto3.client("s3", endpoint_url=moto_server.url)
    direct.create_bucket(Bucket="lossy")
    s3, lines = s3_through(lost=1.0)
    shuffle_key = "a/app-1/shuffle-0/map-3-0-0.data"
    s3.put_object(Bucket="lossy", Key=shuffle_key, Body=b"blocks")
    s3.put_object(Bucket="lossy", Key="app-1/code/abc", Body=b"code")
    keys = [o["Key"] for o in direct.list_objects_v2(Bucket="lossy").get("Contents", [])]
    assert keys == ["app-1/code/abc"]
    assert lines == [f"FAULT lost s3://lossy/{shuffle_key}"]


def test_proxy_binds_to_loopback_only():
    with pytest.raises(ValueError, match="loopback"):
        S3Proxy("http://127.0.0.1:1", host="0.0.0.0")
