"""The Lambda HTTP API on 127.0.0.1, routed to ``service.Service``.

Serves the REST paths boto3's lambda client calls (the service model's
``requestUri``\\s), so unmodified boto3 with ``AWS_ENDPOINT_URL_LAMBDA``
pointed here works. Requests are not authenticated (a local service);
errors are JSON bodies with ``x-amzn-ErrorType``, as Lambda sends them.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

from .functions import ApiError
from .faults import FaultPlan
from .s3model import S3Model
from .s3proxy import LOOPBACK, S3Proxy
from .service import Service

_FN = r"/2015-03-31/functions/(?P<name>[^/]+)"
ROUTES = [
    ("POST", re.compile(r"/2015-03-31/functions/?"), "create"),
    ("POST", re.compile(_FN + r"/invocations/?"), "invoke"),
    ("PUT", re.compile(_FN + r"/code/?"), "update_code"),
    ("PUT", re.compile(_FN + r"/configuration/?"), "update_configuration"),
    ("GET", re.compile(_FN + r"/configuration/?"), "get_configuration"),
    ("GET", re.compile(_FN + r"/?"), "get"),
    ("DELETE", re.compile(_FN + r"/?"), "delete"),
    ("GET", re.compile(r"/2016-08-19/account-settings/?"), "account_settings"),
]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body are separate writes; don't wait for ACKs
    service: Service

    def log_message(self, format, *args):  # the invocation log is the output, not access lines
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", self.headers.get("amz-sdk-invocation-id", "") or "-")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, doc: dict) -> None:
        self._send(status, json.dumps(doc).encode())

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            for verb, pattern, action in ROUTES:
                m = pattern.fullmatch(url.path)
                if verb == method and m:
                    name = unquote(m.groupdict().get("name") or "")
                    getattr(self, "_" + action)(name, body, parse_qs(url.query))
                    return
            raise ApiError(404, "UnknownOperationException", f"Unknown operation {method} {url.path}")
        except ApiError as e:
            doc = {"Type": "User", "message": e.message, **e.extra}
            self._send(e.status, json.dumps(doc).encode(), {"x-amzn-ErrorType": e.code})
        except Exception as e:  # noqa: BLE001 - a bug here is a 500, never a hung client
            self._send(500, json.dumps({"Type": "Service", "message": f"{type(e).__name__}: {e}"}).encode(),
                       {"x-amzn-ErrorType": "ServiceException"})

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    # --- operations ---------------------------------------------------------------------------
    @staticmethod
    def _doc(body: bytes) -> dict:
        try:
            return json.loads(body or b"{}")
        except ValueError:
            raise ApiError(400, "InvalidRequestContentException", "Could not parse request body into json") \
                from None

    def _create(self, name, body, query):
        self._json(201, self.service.create_function(self._doc(body)))

    def _invoke(self, name, body, query):
        h = self.headers
        status, headers, out = self.service.invoke(
            name, body, h.get("X-Amz-Invocation-Type", "RequestResponse"), h.get("X-Amz-Log-Type", "None"),
            h.get("X-Amz-Client-Context"))
        self._send(status, out, headers)

    def _update_code(self, name, body, query):
        self._json(200, self.service.update_code(name, self._doc(body)))

    def _update_configuration(self, name, body, query):
        self._json(200, self.service.update_configuration(name, self._doc(body)))

    def _get_configuration(self, name, body, query):
        self._json(200, dict(self.service.function(name).config))

    def _get(self, name, body, query):
        self._json(200, self.service.function(name).get())

    def _delete(self, name, body, query):
        self.service.delete_function(name)
        self._send(204)

    def _account_settings(self, name, body, query):
        self._json(200, self.service.account_settings())


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
        handler = type("Handler", (_Handler,), {"service": self.service})
        self.httpd = _Server((host, port), handler)
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
