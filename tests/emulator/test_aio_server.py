"""The threads mode's event-loop HTTP server, byte by byte over a real socket: keep-alive,
``Connection: close``, ``Expect: 100-continue``, errors, and the same answers as the
thread-per-connection server."""

import io
import json
import socket

import pytest

from spark_lambda.emulator import Emulator
from spark_lambda.emulator.aio_server import parse_head


def _read_response(f) -> tuple[int, dict, bytes]:
    status = int(f.readline().split(b" ", 2)[1])
    headers = {}
    while (line := f.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, f.read(int(headers.get("content-length", 0)))


@pytest.fixture(params=["threads", "processes"])
def emu(request):
    e = Emulator(port=0, concurrency=2, output=io.StringIO(), instances=request.param).start()
    yield e
    e.stop()


def test_keep_alive_close_continue_and_errors(emu):
    host, port = emu.url.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port))) as s, s.makefile("rb") as f:
        s.sendall(b"GET /2016-08-19/account-settings HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = _read_response(f)
        assert status == 200 and json.loads(body)["AccountLimit"]["ConcurrentExecutions"] == 2
        assert headers["content-type"] == "application/json"
        # the same connection again: an unknown function, Lambda's error document and type
        s.sendall(b"GET /2015-03-31/functions/nope HTTP/1.1\r\nAmz-Sdk-Invocation-Id: abc\r\n\r\n")
        status, headers, body = _read_response(f)
        assert status == 404 and headers["x-amzn-errortype"] == "ResourceNotFoundException"
        assert headers["x-amzn-requestid"] == "abc" and "nope" in json.loads(body)["message"]
        payload = b'{"FunctionName": 3'
        s.sendall(b"POST /2015-03-31/functions HTTP/1.1\r\nExpect: 100-continue\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(payload))
        assert f.readline() == b"HTTP/1.1 100 Continue\r\n" and f.readline() == b"\r\n"
        s.sendall(payload)
        status, headers, body = _read_response(f)
        assert status == 400 and headers["x-amzn-errortype"] == "InvalidRequestContentException"
        assert f.read() == b""          # closed after the answer, as asked


def test_parse_head_takes_header_names_in_any_case():
    method, target, headers = parse_head(b"POST /a?b=1 HTTP/1.1\r\nX-Amz-Log-Type:  Tail \r\n\r\n")
    assert (method, target, headers.get("x-amz-log-type"), headers.get("X-AMZ-LOG-TYPE")) == \
        ("POST", "/a?b=1", "Tail", "Tail")
