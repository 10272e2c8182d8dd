"""An S3 proxy on 127.0.0.1 in front of an S3 endpoint, with injected S3 faults.

Started by ``server.Emulator`` when ``spark-lambda emulator --s3-upstream
URL --s3-port PORT`` is given; the emulator's instances use it as their
``AWS_ENDPOINT_URL_S3`` and a driver can use it too. Standard library only.

Each request is forwarded byte for byte: method, path and query, every
header (``Host`` included) and the body. A client signs its request (SigV4)
for the host it connects to, the proxy's; since the upstream receives the
very same ``Host`` header, signed headers and payload hash, the signature
still verifies there. Only hop-by-hop headers are not forwarded (``Expect``,
which SigV4 never signs, is answered here with 100 Continue). The answer
comes back the same way.

Faults (``faults.py``): ``slowdown`` answers 503 SlowDown, as S3 does when a
prefix is overloaded, without forwarding; ``lost`` deletes a shuffle object
(a key under ``shuffle-N/`` ending in ``.data``) upstream right after its
PUT succeeded, with a request signed by the proxy's own credentials.

With an ``s3model.S3Model`` (``--s3-model``), every request also meets AWS's
latency, its instance's network bandwidth and the per-prefix request rate.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .faults import FaultPlan

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "expect", "proxy-connection"}
SHUFFLE_KEY = re.compile(r"(^|/)shuffle-\d+/[^/]+\.data$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_SLOWDOWN = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
             '<Message>Please reduce your request rate.</Message><RequestId>{id}</RequestId>'
             '<HostId>{id}</HostId></Error>')


def bucket_and_key(path: str) -> tuple[str, str]:
    """(bucket, key) of a path-style request path."""
    parts = urlsplit(path).path.lstrip("/").split("/", 1)
    return unquote(parts[0]), unquote(parts[1]) if len(parts) > 1 else ""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    proxy: "S3Proxy"

    def log_message(self, format, *args):
        pass

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, headers: list, body: bytes, head: bool = False) -> None:
        self.send_response_only(status)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _forward(self) -> None:
        body = self._body()
        plan, model = self.proxy.faults, self.proxy.model
        if model is not None:
            bucket, key = bucket_and_key(self.path)
            if model.over_rate(self.command, bucket, key):
                plan.record("slowdown", f"{self.command} {urlsplit(self.path).path} (request rate)")
                data = _SLOWDOWN.format(id=uuid.uuid4().hex[:16].upper()).encode()
                self._reply(503, [("Content-Type", "application/xml"), ("Content-Length", str(len(data)))], data)
                return
            time.sleep(model.latency_s(self.command))
        if plan.draw("slowdown"):
            plan.record("slowdown", f"{self.command} {urlsplit(self.path).path}")
            data = _SLOWDOWN.format(id=uuid.uuid4().hex[:16].upper()).encode()
            self._reply(503, [("Content-Type", "application/xml"), ("Content-Length", str(len(data)))], data)
            return
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            headers.append(("Content-Length", str(len(body))))
        status, reason, out_headers, data = self.proxy.send_upstream(self.command, self.path, headers, body)
        head = self.command == "HEAD"
        reply = [(k, v) for k, v in out_headers if k.lower() not in HOP_BY_HOP and
                 (head or k.lower() != "content-length")]
        if not head:
            reply.append(("Content-Length", str(len(data))))
        if model is not None:
            time.sleep(model.transfer_s(model.instance_of(self.headers.get("User-Agent")), len(body) + len(data)))
        self._reply(status, reply, data, head)
        if 200 <= status < 300 and self._writes_shuffle_object():
            bucket, key = bucket_and_key(self.path)
            if plan.draw("lost"):
                self.proxy.delete_upstream(bucket, key)
                plan.record("lost", f"s3://{bucket}/{key}")

    def _writes_shuffle_object(self) -> bool:
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        whole_put = self.command == "PUT" and "partNumber" not in query and \
            "x-amz-copy-source" not in {k.lower() for k in self.headers}
        completed = self.command == "POST" and "uploadId" in query
        return (whole_put or completed) and bool(SHUFFLE_KEY.search(bucket_and_key(self.path)[1]))

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


class S3Proxy:
    """``S3Proxy(upstream, port=0, faults=plan).start()``; ``.url``; ``.stop()``."""

    def __init__(self, upstream: str, host: str = "127.0.0.1", port: int = 0, faults: FaultPlan | None = None,
                 model=None):
        if host not in LOOPBACK:
            raise ValueError(f"The S3 proxy binds to the loopback interface only, not {host!r}.")
        up = urlsplit(upstream if "://" in upstream else "http://" + upstream)
        if up.scheme not in ("http", "https") or not up.hostname:
            raise ValueError(f"--s3-upstream {upstream!r} is not an http(s) URL like http://127.0.0.1:5000.")
        self.upstream = f"{up.scheme}://{up.netloc}"
        self._up = (up.scheme, up.hostname, up.port or (443 if up.scheme == "https" else 80))
        self.faults = faults or FaultPlan()
        self.model = model   # an s3model.S3Model, or None
        self._local = threading.local()
        self._s3 = None
        handler = type("Handler", (_Handler,), {"proxy": self})
        self.httpd = _Server((host, port), handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def _connection(self, fresh: bool = False) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None or fresh:
            scheme, host, port = self._up
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = self._local.conn = cls(host, port, timeout=120)
        return conn

    def send_upstream(self, method: str, path: str, headers: list, body: bytes) -> tuple:
        """(status, reason, headers, body) of the same request sent upstream (one retry on a
        connection the upstream closed while it was idle)."""
        for fresh in (False, True):
            conn = self._connection(fresh)
            try:
                conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers:
                    conn.putheader(k, v)
                conn.endheaders(body or None)
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, resp.reason, resp.getheaders(), data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                if fresh:
                    raise
        raise AssertionError("unreachable")

    def delete_upstream(self, bucket: str, key: str) -> None:
        if self._s3 is None:
            import boto3
            self._s3 = boto3.client("s3", endpoint_url=self.upstream)
        self._s3.delete_object(Bucket=bucket, Key=key)

    def start(self) -> "S3Proxy":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="s3-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread = None
        self.httpd.server_close()
