"""The Invoke client on its own, against a small HTTP server: signed requests, keep-alive
connections reused, chunked answers, error answers and a connection the server closes."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.credentials import Credentials

from spark_lambda.backends.lambda_invoke import InvokeError, Invoker


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []
    connections: set = set()

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((self.path, dict(self.headers), body))
        type(self).connections.add(self.client_address)
        event = json.loads(body)
        if event.get("throttle"):
            out = json.dumps({"Type": "User", "message": "Rate Exceeded."}).encode()
            self.send_response(429)
            self.send_header("x-amzn-ErrorType", "TooManyRequestsException:http://internal")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)
            return
        out = json.dumps({"echo": event}).encode()
        self.send_response(200)
        self.send_header("X-Amz-Log-Result", base64.b64encode(b"REPORT RequestId: x").decode())
        if event.get("error"):
            self.send_header("X-Amz-Function-Error", "Unhandled")
        if event.get("chunked"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (out[:5], out[5:]):
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(out)))
        if event.get("close"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(out)


@pytest.fixture
def invoker():
    _Handler.seen, _Handler.connections = [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    inv = Invoker(f"http://127.0.0.1:{server.server_address[1]}", "eu-west-1", Credentials("AKID", "SECRET", "TOKEN"),
                  "arn:aws:lambda:eu-west-1:123456789012:function:fn", timeout_s=10)
    yield inv
    inv.close()
    server.shutdown()
    server.server_close()


def _call(inv, event):
    return inv.call(inv.invoke(json.dumps(event).encode())).result(timeout=10)


def test_signed_request_answer_and_connection_reuse(invoker):
    answers = [_call(invoker, {"n": i}) for i in range(5)]
    assert [json.loads(a["Payload"]) for a in answers] == [{"echo": {"n": i}} for i in range(5)]
    assert answers[0]["StatusCode"] == 200 and answers[0]["FunctionError"] is None
    assert base64.b64decode(answers[0]["LogResult"]) == b"REPORT RequestId: x"
    path, headers, _ = _Handler.seen[0]
    assert path == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Afn/invocations"
    assert headers["X-Amz-Invocation-Type"] == "RequestResponse" and headers["X-Amz-Log-Type"] == "Tail"
    assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKID/")
    assert "/eu-west-1/lambda/aws4_request" in headers["Authorization"]
    assert headers["X-Amz-Security-Token"] == "TOKEN"
    assert len(_Handler.connections) == 1            # one keep-alive connection for calls one after another


def test_chunked_function_error_and_closed_connection(invoker):
    assert json.loads(_call(invoker, {"chunked": 1})["Payload"]) == {"echo": {"chunked": 1}}
    assert _call(invoker, {"error": 1})["FunctionError"] == "Unhandled"
    _call(invoker, {"close": 1})
    assert json.loads(_call(invoker, {"after": 1})["Payload"]) == {"echo": {"after": 1}}
    assert len(_Handler.connections) == 2            # a new connection after the server closed one


def test_error_answer_carries_lambda_code_and_status(invoker):
    with pytest.raises(InvokeError) as e:
        _call(invoker, {"throttle": 1})
    assert (e.value.code, e.value.status, e.value.message) == ("TooManyRequestsException", 429, "Rate Exceeded.")


def test_parallel_calls_each_get_their_own_answer(invoker):
    futures = [invoker.call(invoker.invoke(json.dumps({"n": i}).encode())) for i in range(40)]
    assert [json.loads(f.result(timeout=20)["Payload"])["echo"]["n"] for f in futures] == list(range(40))
