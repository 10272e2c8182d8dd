"""The Lambda HTTP API on 127.0.0.1, routed to ``service.Service``.

Serves the REST paths boto3's lambda client calls (the service model's
``requestUri``\\s), so unmodified boto3 with ``AWS_ENDPOINT_URL_LAMBDA``
pointed here works. Requests are not authenticated (a local service);
errors are JSON bodies with ``x-amzn-ErrorType``, as Lambda sends them
(``api.py``). With ``instances="threads"`` the same API is served by one
event loop (``aio_server.py``) instead of a thread per connection.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .aio_server import AioServer
from .api import answer
from .faults import FaultPlan
from .s3model import S3Model
from .s3proxy import LOOPBACK, S3Proxy
from .service import Service


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body are separate writes; don't wait for ACKs
    service: Service

    def log_message(self, format, *args):  # the invocation log is the output, not access lines
        pass

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, out = answer(self.service, method, self.path, self.headers, body)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.send_header("x-amzn-RequestId", self.headers.get("amz-sdk-invocation-id", "") or "-")
        self.end_headers()
        self.wfile.write(out)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 2048   # a driver opens a connection per invocation in flight


class Emulator:
    """A running emulator: ``Emulator(port=0).start()``, ``.url``, ``.stop()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 9001, concurrency: int = 10, output=None,
                 faults: dict | None = None, seed: int = 0, s3_upstream: str | None = None, s3_port: int = 0,
                 s3_model: dict | None = None, scale_rate: tuple[int, float] | None = None,
                 instances: str = "processes"):
        if host not in LOOPBACK:
            raise ValueError(f"The emulator binds to the loopback interface only, not {host!r}.")
        if instances == "threads" and any((faults or {}).get(k) for k in ("crash", "timeout")):
            raise ValueError("crash and timeout faults need instance processes: drop --instances threads "
                             "or those faults.")
        self.proxy = None
        self.service = Service(concurrency=concurrency, output=output, scale_rate=scale_rate,
                               instances=instances)
        self.faults = self.service.faults = FaultPlan(faults, seed, self.service._write)
        if s3_upstream:
            model = S3Model(s3_model, seed) if s3_model else None
            self.proxy = S3Proxy(s3_upstream, host, s3_port, self.faults, model)
            self.service.s3_endpoint = self.proxy.url
        if instances == "threads":   # a thousand keep-alive connections: one event loop, not a thread each
            self.httpd = AioServer(self.service, (host, port), workers=concurrency + 4)
        else:
            self.httpd = _Server((host, port), type("Handler", (_Handler,), {"service": self.service}))
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> "Emulator":
        if self.proxy is not None:
            self.proxy.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="lambda-emulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        if self.proxy is not None:
            self.proxy.start()
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread = None
        self.httpd.server_close()
        if self.proxy is not None:
            self.proxy.stop()
        self.service.close()
