"""Retries against a real HTTP endpoint on 127.0.0.1 that throttles (503 SlowDown) and fails (500).

moto never throttles, so this endpoint answers with S3's own error documents for the
first requests, then serves the object; boto3's retry policy must carry the store through.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from spark_lambda.errors import StoreError
from spark_lambda.storage.s3 import S3Store

ERROR = "<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{msg}</Message></Error>"


class _Flaky(BaseHTTPRequestHandler):
    failures: list = []   # (status, code) answered before succeeding, consumed in order
    seen: list = []

    def _answer(self, body: bytes = b"") -> None:
        self.seen.append(self.command)
        if self.failures:
            status, code = self.failures.pop(0)
            doc = ERROR.format(code=code, msg="try again").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(doc)))
            self.end_headers()
            self.wfile.write(doc)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"0"')
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer(b"payload")

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Flaky.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_slowdown_and_server_errors_are_retried(flaky):
    store = S3Store("bucket", "", {"endpoint": flaky})
    _Flaky.failures = [(503, "SlowDown"), (500, "InternalError")]
    assert store.get("k") == b"payload"
    assert _Flaky.seen == ["GET", "GET", "GET"]
    _Flaky.failures = [(503, "SlowDown")]
    store.put("k", b"data")
    assert _Flaky.seen[3:] == ["PUT", "PUT"]


def test_retries_give_up_with_a_clear_error(flaky):
    store = S3Store("bucket", "area", {"endpoint": flaky, "max_attempts": "2"})
    _Flaky.failures = [(503, "SlowDown")] * 2
    with pytest.raises(StoreError, match=r"S3 failed to read s3://bucket/area/k .*SlowDown.*retried") as e:
        store.get("k")
    assert e.value.__suppress_context__
    assert _Flaky.seen == ["GET", "GET"]
