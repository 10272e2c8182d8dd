"""Lambda's Invoke operation for thousands of calls in flight: one event loop, keep-alive connections.

Used by ``aws_lambda.LambdaBackend`` for every invocation (tasks, pings). A
driver with a thousand invocations in flight spends its CPU per invocation
mostly in the client: boto3's ``invoke`` costs about 0.8 ms of CPU per call
(event hooks, parameter validation, the generic HTTP layer) and needs a thread
per call in flight, whose contention for the interpreter costs more again.
Here every call in flight is a coroutine on one event loop thread, over
keep-alive HTTP/1.1 connections (one per call in flight at most, reused
afterwards), and sends exactly the request boto3 sends:
``POST /2015-03-31/functions/NAME/invocations`` with ``X-Amz-Invocation-Type``
and ``X-Amz-Log-Type``, signed with Signature Version 4 (``sigv4.py``: the
signature botocore's signer gives), to the endpoint boto3 resolved
(``AWS_ENDPOINT_URL_LAMBDA``, or the region's), with the default chain's
credentials (refreshed when they expire).

``await invoker.invoke(payload)`` (on ``invoker.loop``) answers a dict with
boto3's field names (``StatusCode``, ``FunctionError``, ``LogResult``,
``Payload`` as bytes); an error answer raises ``InvokeError`` with Lambda's
error code and HTTP status; a network failure raises one of ``NETWORK_ERRORS``.
``invoker.call(coro)`` runs a coroutine on the loop from another thread;
``invoker.close()`` lets the calls in flight finish, then stops the loop.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from urllib.parse import quote, urlsplit

from .sigv4 import Signer

NETWORK_ERRORS = (OSError, EOFError, asyncio.LimitOverrunError, ValueError)  # TimeoutError is an OSError


class InvokeError(Exception):
    """An error answer of the Invoke API: its code (``TooManyRequestsException``…) and status."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{code} ({status}): {message}")
        self.status, self.code, self.message = status, code, message


def _error(status: int, headers: dict, body: bytes) -> InvokeError:
    code = headers.get("x-amzn-errortype", "").split(":")[0]
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    code = code or doc.get("__type") or doc.get("code") or f"HTTP{status}"
    message = doc.get("message") or doc.get("Message") or body[:200].decode("utf-8", "replace")
    return InvokeError(status, code, message)


def _head(raw: bytes) -> tuple[int, dict]:
    """(status, lower-cased headers) of an HTTP/1.1 response head."""
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError(f"not an HTTP response: {lines[0][:80]!r}")
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


class Invoker:
    """Invoke one function synchronously from coroutines on a loop of its own (module docstring)."""

    def __init__(self, endpoint_url: str, region: str, credentials, function: str, timeout_s: float,
                 connect_timeout_s: float = 10.0):
        parts = urlsplit(endpoint_url)
        self.secure = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port or (443 if self.secure else 80)
        default_port = parts.port is None or parts.port == (443 if self.secure else 80)
        self.host_header = self.host if default_port else f"{self.host}:{self.port}"  # as SigV4 signs it
        self.base = endpoint_url.rstrip("/")
        self.path = f"{parts.path.rstrip('/')}/2015-03-31/functions/{quote(function, safe='')}/invocations"
        self.region, self.credentials = region, credentials
        self._signer = Signer("lambda", region)
        self.timeout_s, self.connect_timeout_s = timeout_s, connect_timeout_s
        self._context = ssl.create_default_context() if self.secure else None
        self._idle: list = []      # (reader, writer) of keep-alive connections not in use
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="lambda-invoke-loop", daemon=True)
        self._thread.start()

    def call(self, coro):
        """Run ``coro`` on the loop; a ``concurrent.futures.Future`` of its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def _connection(self):
        while self._idle:
            reader, writer = self._idle.pop()
            if not writer.is_closing() and not reader.at_eof():
                return reader, writer
            writer.close()
        return await asyncio.wait_for(asyncio.open_connection(
            self.host, self.port, ssl=self._context, server_hostname=self.host if self.secure else None),
            self.connect_timeout_s)

    def _signed_head(self, payload: bytes, log_tail: bool) -> bytes:
        headers = {"X-Amz-Invocation-Type": "RequestResponse", "X-Amz-Log-Type": "Tail" if log_tail else "None",
                   "Content-Type": "application/octet-stream"}
        signed = self._signer.headers("POST", self.path, self.host_header, headers, payload,
                                      self.credentials.get_frozen_credentials())
        lines = [f"POST {self.path} HTTP/1.1", f"Host: {self.host_header}", f"Content-Length: {len(payload)}"]
        lines += [f"{k}: {v}" for k, v in signed.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _exchange(self, reader, writer, head: bytes, payload: bytes) -> tuple[int, dict, bytes]:
        writer.write(head + payload)
        status, headers = _head(await reader.readuntil(b"\r\n\r\n"))
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while (await reader.readline()) not in (b"\r\n", b""):
                        pass
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            return status, headers, b"".join(chunks)
        return status, headers, await reader.readexactly(int(headers.get("content-length", 0)))

    async def invoke(self, payload: bytes, log_tail: bool = True) -> dict:
        """One RequestResponse invocation; its answer (module docstring)."""
        head = self._signed_head(payload, log_tail)
        reader, writer = await self._connection()
        try:
            status, headers, body = await asyncio.wait_for(self._exchange(reader, writer, head, payload),
                                                           self.timeout_s)
        except BaseException:
            writer.close()
            raise
        if headers.get("connection", "").lower() == "close":
            writer.close()
        else:
            self._idle.append((reader, writer))
        if status >= 300:
            raise _error(status, headers, body)
        return {"StatusCode": status, "FunctionError": headers.get("x-amz-function-error"),
                "LogResult": headers.get("x-amz-log-result"), "Payload": body,
                "ExecutedVersion": headers.get("x-amz-executed-version")}

    def close(self, then=None) -> None:
        """Stop the loop once every call on it has finished (without waiting for that here):
        an invocation already running goes on to its answer, as its task does on Lambda.
        ``then()`` is called after the last one."""
        async def drain():
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if others:
                await asyncio.wait(others)
            for _, writer in self._idle:
                writer.close()
            self._idle.clear()
            if then is not None:
                then()
            self.loop.stop()
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(lambda: self.loop.create_task(drain()))
