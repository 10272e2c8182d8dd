"""The Lambda HTTP API on one event loop: the server of ``--instances threads``.

Called by ``server.Emulator`` in threads mode in place of the thread-per-
connection ``http.server`` (``server.py``), which costs a thread, a header
parse by ``email`` and several writes per request: with a thousand keep-alive
connections from one driver, that server spent more CPU per invocation than
the driver it was measuring. Here every connection is a coroutine; a request's
head is read with one ``readuntil`` and split by hand (request line, then
``name: value`` lines; header names are case-insensitive), the body by its
``Content-Length``, and the answer (``api.answer``) is computed on a pool of
threads (``workers``, one per invocation in flight at most: each runs an
instance's handler, which blocks for the task's duration) and written in one
``write``. Keep-alive is HTTP/1.1's default; ``Connection: close`` ends a
connection after its answer; ``Expect: 100-continue`` is answered before the
body is read. Chunked request bodies are refused with 411 (no AWS SDK sends
them to Lambda).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from .api import answer
from .service import Service

_PHRASES = {s.value: s.phrase for s in HTTPStatus}


class Headers(dict):
    """A request's headers by lower-cased name; ``get`` takes any case, as ``http.server``'s do."""

    def get(self, name: str, default=None):
        return dict.get(self, name.lower(), default)


def parse_head(head: bytes) -> tuple[str, str, Headers]:
    """(method, target, headers) of a request head (up to and including its blank line)."""
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = Headers()
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return method, target, headers


def render(status: int, headers: dict, body: bytes, request_id: str) -> bytes:
    """The bytes of one HTTP/1.1 response."""
    lines = [f"HTTP/1.1 {status} {_PHRASES.get(status, '')}"]
    lines.extend(f"{k}: {v}" for k, v in headers.items())
    lines.append(f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                 f"x-amzn-RequestId: {request_id}\r\n\r\n")
    return "\r\n".join(lines).encode("latin-1") + body


class AioServer:
    """The API served on ``(host, port)`` by one event loop thread; ``serve_forever``/``shutdown``."""

    def __init__(self, service: Service, address: tuple[str, int], workers: int):
        self.service = service
        self.pool = ThreadPoolExecutor(max(workers, 4), thread_name_prefix="lambda-instance")
        self._sock = socket.create_server(address, backlog=2048)
        self.server_address = self._sock.getsockname()
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._stopped = threading.Event()
        self._open: set[asyncio.Task] = set()

    def serve_forever(self) -> None:
        """Serve until ``shutdown`` (from another thread)."""
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._stopped.set()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, sock=self._sock, backlog=2048)
        async with server:
            await self._stop.wait()
        for task in self._open:   # connections kept alive by clients end with the server
            task.cancel()
        await asyncio.gather(*self._open, return_exceptions=True)

    def shutdown(self) -> None:
        """Stop serving and wait until ``serve_forever`` returns."""
        self._loop.call_soon_threadsafe(lambda: self._stop is not None and self._stop.set())
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Release the socket, the loop and the pool (tasks still running are not waited for)."""
        self._sock.close()
        if not self._loop.is_running():
            self._loop.close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        me = asyncio.current_task()
        self._open.add(me)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                try:
                    method, target, headers = parse_head(head)
                    length = int(headers.get("content-length") or 0)
                except ValueError:
                    writer.write(render(400, {"Connection": "close"}, b'{"message": "Malformed request"}', "-"))
                    return
                if headers.get("transfer-encoding"):
                    writer.write(render(411, {"Connection": "close"},
                                        b'{"message": "Send the body with a Content-Length"}', "-"))
                    return
                if headers.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = await reader.readexactly(length) if length else b""
                status, extra, out = await loop.run_in_executor(
                    self.pool, answer, self.service, method, target, headers, body)
                writer.write(render(status, extra, out, headers.get("amz-sdk-invocation-id") or "-"))
                if headers.get("connection", "").lower() == "close":
                    return
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            return
        finally:
            self._open.discard(me)
            writer.close()
