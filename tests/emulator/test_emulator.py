"""The Lambda emulator through unmodified boto3: API shapes, errors and limits."""

import base64
import io
import json
import os
import re
import threading
import zipfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from spark_lambda.emulator import Emulator

APP = '''
import os, sys, time
def handler(event, context):
    print("event", event)
    if event.get("raise"):
        raise ValueError("bad input " + str(event["raise"]))
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("alloc_mb"):
        block = bytearray(event["alloc_mb"] << 20)
        time.sleep(1)
    if event.get("big"):
        return "x" * event["big"]
    return {"pid": os.getpid(), "path": sys.path, "remaining": context.get_remaining_time_in_millis(),
            "name": context.function_name, "memory": context.memory_limit_in_mb,
            "request_id": context.aws_request_id, "arn": context.invoked_function_arn,
            "env": {k: os.environ.get(k) for k in ("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                                   "AWS_REGION", "LAMBDA_TASK_ROOT", "GREETING")}}
'''


def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


@pytest.fixture
def emulator():
    out = io.StringIO()
    emu = Emulator(port=0, concurrency=2, output=out).start()
    emu.out = out
    yield emu
    emu.stop()


@pytest.fixture
def client(emulator):
    return boto3.client("lambda", endpoint_url=emulator.url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        config=Config(retries={"total_max_attempts": 1}))


def _create(client, name="fn", files=None, **kw):
    settings = dict(Timeout=2, MemorySize=128)
    settings.update(kw)
    return client.create_function(FunctionName=name, Runtime="python3.11", Role="arn:aws:iam::123456789012:role/r",
                                  Handler="app.handler", Code={"ZipFile": _zip(files or {"app.py": APP})},
                                  **settings)


def _invoke(client, event, name="fn"):
    r = client.invoke(FunctionName=name, Payload=json.dumps(event).encode(), LogType="Tail")
    return r, json.loads(r["Payload"].read()), base64.b64decode(r["LogResult"]).decode()


def test_invoke_warm_reuse_context_and_report_lines(client, emulator):
    config = _create(client, Environment={"Variables": {"GREETING": "hi"}})
    assert config["State"] == "Active" and config["LastUpdateStatus"] == "Successful"
    r1, first, log1 = _invoke(client, {"n": 1})
    r2, second, log2 = _invoke(client, {"n": 2})
    assert r1["StatusCode"] == 200 and "FunctionError" not in r1
    assert first["pid"] == second["pid"]                       # the warm instance was reused
    assert first["name"] == "fn" and first["memory"] == "128"
    assert 0 < first["remaining"] <= 2000
    assert first["env"] == {"AWS_LAMBDA_FUNCTION_NAME": "fn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
                            "AWS_REGION": "us-east-1", "LAMBDA_TASK_ROOT": first["path"][0], "GREETING": "hi"}
    assert first["arn"] == config["FunctionArn"]
    assert not any("site-packages" in p for p in first["path"])
    rid = second["request_id"]
    assert log2.startswith(f"START RequestId: {rid} Version: $LATEST\n")
    assert "event {'n': 2}" in log2 and f"END RequestId: {rid}" in log2
    report = re.search(r"REPORT RequestId: (\S+)\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\t"
                       r"Memory Size: 128 MB\tMax Memory Used: \d+ MB\t", log2)
    assert report and report.group(1) == rid
    assert "Init Duration" in log1 and "Init Duration" not in log2
    assert log1 in emulator.out.getvalue() and log2 in emulator.out.getvalue()


def test_handler_exception_is_a_function_error(client):
    _create(client)
    r, body, log = _invoke(client, {"raise": 7})
    assert r["FunctionError"] == "Unhandled"
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "bad input 7"
    assert any("app.py" in frame for frame in body["stackTrace"])
    assert "[ERROR] ValueError: bad input 7" in log


def test_timeout_kills_the_instance(client):
    _create(client, Timeout=1)
    _, warm, _ = _invoke(client, {})
    r, body, log = _invoke(client, {"sleep": 30})
    assert r["FunctionError"] == "Unhandled"
    assert body["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert "Status: timeout" in log
    _, after, log = _invoke(client, {})
    assert after["pid"] != warm["pid"] and "Init Duration" in log


def test_memory_size_is_enforced(client):
    _create(client, MemorySize=128)
    r, body, log = _invoke(client, {"alloc_mb": 300})
    assert r["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ExitError"
    assert body["errorMessage"].endswith("Runtime exited with error: signal: killed")


def test_payload_limits(client):
    _create(client)
    with pytest.raises(ClientError) as e:
        client.invoke(FunctionName="fn", Payload=b'"' + b"x" * 6_291_456 + b'"')
    assert e.value.response["Error"]["Code"] == "RequestEntityTooLargeException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    r, body, _ = _invoke(client, {"big": 6_300_000})
    assert r["FunctionError"] == "Unhandled" and body["errorType"] == "Function.ResponseSizeTooLarge"
    r, body, _ = _invoke(client, {"big": 6_000_000})
    assert "FunctionError" not in r and len(body) == 6_000_000


def test_concurrency_beyond_the_limit_is_throttled(client):
    _create(client)
    codes = []

    def call():
        try:
            codes.append(client.invoke(FunctionName="fn", Payload=b'{"sleep": 1}')["StatusCode"])
        except ClientError as e:
            codes.append(e.response["ResponseMetadata"]["HTTPStatusCode"])
            assert e.response["Error"]["Code"] == "TooManyRequestsException"
            assert e.response["Reason"] == "ConcurrentInvocationLimitExceeded"
    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200, 429]


def test_a_dependency_missing_from_the_package_fails_to_import(client):
    _create(client, files={"app.py": "import cloudpickle\ndef handler(e, c):\n    return 1\n"})
    r, body, _ = _invoke(client, {})
    assert r["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ImportModuleError"
    assert "No module named 'cloudpickle'" in body["errorMessage"]


def test_boto3_is_provided_by_the_runtime(client):
    _create(client, files={"app.py": "import boto3\ndef handler(e, c):\n    return boto3.__name__\n"})
    assert _invoke(client, {})[1] == "boto3"


def test_function_lifecycle(client):
    created = _create(client)
    with pytest.raises(ClientError) as e:
        _create(client)
    assert e.value.response["Error"]["Code"] == "ResourceConflictException"
    assert client.get_function(FunctionName="fn")["Configuration"]["CodeSha256"] == created["CodeSha256"]
    updated = client.update_function_code(FunctionName="fn", ZipFile=_zip(
        {"app.py": "def handler(e, c):\n    return 'v2'\n"}))
    assert updated["CodeSha256"] != created["CodeSha256"]
    client.get_waiter("function_updated_v2").wait(FunctionName="fn")
    assert _invoke(client, {})[1] == "v2"
    conf = client.update_function_configuration(FunctionName="fn", MemorySize=256, Timeout=5)
    assert (conf["MemorySize"], conf["Timeout"]) == (256, 5)
    got = client.get_function_configuration(FunctionName="fn")
    assert (got["MemorySize"], got["State"], got["LastUpdateStatus"]) == (256, "Active", "Successful")
    settings = client.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 2
    assert settings["AccountUsage"]["FunctionCount"] == 1
    client.delete_function(FunctionName="fn")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_function(FunctionName="fn")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.invoke(FunctionName="fn", Payload=b"{}")


def test_bad_settings_are_rejected(client, emulator):
    import urllib.error
    import urllib.request
    body = json.dumps({"FunctionName": "y", "Runtime": "python3.11", "Role": "r", "Handler": "app.handler",
                       "MemorySize": 64, "Code": {"ZipFile": base64.b64encode(_zip({"app.py": APP})).decode()}})
    with pytest.raises(urllib.error.HTTPError) as e:    # botocore itself refuses to send this
        urllib.request.urlopen(urllib.request.Request(emulator.url + "/2015-03-31/functions",
                                                      data=body.encode(), method="POST"))
    assert e.value.code == 400 and e.value.headers["x-amzn-ErrorType"] == "InvalidParameterValueException"
    with pytest.raises(client.exceptions.InvalidParameterValueException):
        client.create_function(FunctionName="z", Runtime="python3.11", Role="r", Handler="app.handler",
                               Code={"ZipFile": b"not a zip"})


def test_binds_to_loopback_only():
    with pytest.raises(ValueError, match="loopback"):
        Emulator(host="0.0.0.0", port=0)


def _oversized_zip() -> bytes:
    """A small zip whose files unzip to one byte more than Lambda's 262,144,000."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("app.py", APP)
        with z.open("blob.bin", "w", force_zip64=True) as f:
            left = 262_144_001 - len(APP)
            chunk = bytes(1 << 22)
            while left:
                f.write(chunk[:min(left, len(chunk))])
                left -= min(left, len(chunk))
    return buf.getvalue()


def test_unzipped_size_over_the_limit_is_refused_as_lambda_does(client):
    big = _oversized_zip()
    assert len(big) < 50 * 1024 * 1024
    with pytest.raises(ClientError) as e:
        client.create_function(FunctionName="huge", Runtime="python3.11", Role="arn:aws:iam::1:role/r",
                               Handler="app.handler", Code={"ZipFile": big})
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "Unzipped size must be smaller than 262144000 bytes" in str(e.value)
    _create(client, "small")
    with pytest.raises(ClientError) as e:
        client.update_function_code(FunctionName="small", ZipFile=big)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "Unzipped size must be smaller than 262144000 bytes" in str(e.value)
