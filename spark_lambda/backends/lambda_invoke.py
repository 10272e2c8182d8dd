"""Lambda's Invoke operation on a keep-alive HTTP connection per calling thread.

Used by ``aws_lambda.LambdaBackend`` for every invocation (tasks, pings). A
driver with a thousand invocations in flight spends its CPU per invocation
mostly in the client: boto3's ``invoke`` costs about 0.8 ms of CPU per call
(its event hooks, parameter validation, the generic HTTP layer), this
module about 0.3 ms (measured against the emulator; ``bench/README.md``,
"A thousand invocations in flight"). It sends exactly the request boto3
sends: ``POST /2015-03-31/functions/NAME/invocations`` with
``X-Amz-Invocation-Type`` and ``X-Amz-Log-Type`` headers, signed with
Signature Version 4 by botocore's own signer, to the endpoint boto3 resolved
(``AWS_ENDPOINT_URL_LAMBDA``, or the region's), with the credentials of the
default chain (refreshed when they expire).

Each thread keeps one connection (``http.client``): no pool to lock, no
connection limit to tune; a thread's connection is dropped after any error
and made again on the next call. Answers are dicts with boto3's field names
(``StatusCode``, ``FunctionError``, ``LogResult``, ``Payload`` as bytes); an
error answer raises ``InvokeError`` with Lambda's error code and HTTP status.
Network failures raise ``OSError`` or ``http.client.HTTPException``.
"""

from __future__ import annotations

import http.client
import json
import ssl
import threading
from urllib.parse import quote, urlsplit


class InvokeError(Exception):
    """An error answer of the Invoke API: its code (``TooManyRequestsException``…) and status."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{code} ({status}): {message}")
        self.status, self.code, self.message = status, code, message


def _error(status: int, headers, body: bytes) -> InvokeError:
    code = (headers.get("x-amzn-ErrorType") or "").split(":")[0]
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    code = code or doc.get("__type") or doc.get("code") or f"HTTP{status}"
    message = doc.get("message") or doc.get("Message") or body[:200].decode("utf-8", "replace")
    return InvokeError(status, code, message)


class Invoker:
    """Invoke one function synchronously, signed, on per-thread keep-alive connections."""

    def __init__(self, endpoint_url: str, region: str, credentials, function: str, timeout_s: float,
                 connect_timeout_s: float = 10.0):
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        self._sigv4, self._request = SigV4Auth, AWSRequest
        parts = urlsplit(endpoint_url)
        self.secure = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port or (443 if self.secure else 80)
        self.base = endpoint_url.rstrip("/")
        self.path = f"{parts.path.rstrip('/')}/2015-03-31/functions/{quote(function, safe='')}/invocations"
        self.region, self.credentials = region, credentials
        self.timeout_s, self.connect_timeout_s = timeout_s, connect_timeout_s
        self._context = ssl.create_default_context() if self.secure else None
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.secure:
                conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.connect_timeout_s,
                                                   context=self._context)
            else:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=self.connect_timeout_s)
            conn.connect()
            conn.sock.settimeout(self.timeout_s)   # the invocation's answer may take the function's timeout
            self._local.conn = conn
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def invoke(self, payload: bytes, log_tail: bool = True) -> dict:
        """One RequestResponse invocation; its answer (module docstring)."""
        headers = {"X-Amz-Invocation-Type": "RequestResponse", "X-Amz-Log-Type": "Tail" if log_tail else "None",
                   "Content-Type": "application/octet-stream"}
        request = self._request(method="POST", url=self.base + self.path, data=payload, headers=headers)
        self._sigv4(self.credentials.get_frozen_credentials(), "lambda", self.region).add_auth(request)
        try:
            conn = self._connection()
            conn.request("POST", self.path, payload, dict(request.headers.items()))
            response = conn.getresponse()
            body = response.read()
        except BaseException:
            self._drop()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self._drop()
        if response.status >= 300:
            raise _error(response.status, response.headers, body)
        return {"StatusCode": response.status, "FunctionError": response.getheader("X-Amz-Function-Error"),
                "LogResult": response.getheader("X-Amz-Log-Result"), "Payload": body,
                "ExecutedVersion": response.getheader("X-Amz-Executed-Version")}

    def close(self) -> None:
        """Close the calling thread's connection (others close when their threads end)."""
        self._drop()
