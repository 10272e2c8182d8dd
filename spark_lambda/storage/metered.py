"""A store wrapper that counts requests and bytes by kind (PUT, GET, LIST, DELETE, HEAD, COPY).

Executors wrap their stores in it so every task reports its store traffic in
its metrics (the driver sums them per stage: ``stage_metrics.py``). One call
is one request, except that a multipart upload (``put``/``put_file`` of a
large object) is counted as one PUT, and ``list`` as one LIST however many
pages it reads. ``RETRY`` counts the requests the store had to send again
(throttled or failed ones, retried with backoff). A store of the user's data (a task's
``open``) is made with ``data=True`` and also counts its bytes as ``data_KIND_bytes``, so a
task's reads of tables are told apart from its shuffle, broadcast and code reads.
"""

from __future__ import annotations

import threading
from typing import Iterable, Iterator

from .base import ObjectInfo, ObjectStore


class MeteredStore(ObjectStore):
    def __init__(self, inner: ObjectStore, counts: dict, data: bool = False):
        self.inner = inner
        self.counts = counts
        self.data = data
        self.url = inner.url
        self._lock = threading.Lock()  # shuffle fetches count from several threads

    def _count(self, kind: str, nbytes: int = 0) -> None:
        c = self.counts
        retries = self.inner.take_retries()
        with self._lock:
            c[kind] = c.get(kind, 0) + 1
            if nbytes:
                c[kind + "_bytes"] = c.get(kind + "_bytes", 0) + nbytes
                if self.data:
                    c["data_" + kind + "_bytes"] = c.get("data_" + kind + "_bytes", 0) + nbytes
            if retries:
                c["RETRY"] = c.get("RETRY", 0) + retries

    def put(self, key: str, data: bytes) -> None:
        self.inner.put(key, data)
        self._count("PUT", len(data))

    def put_file(self, key: str, path: str) -> None:
        import os
        size = os.path.getsize(path)
        self.inner.put_file(key, path)
        self._count("PUT", size)

    def put_chunks(self, key: str, chunks) -> None:
        size = 0

        def counted():
            nonlocal size
            for chunk in chunks:
                size += len(chunk)
                yield chunk
        self.inner.put_chunks(key, counted())
        self._count("PUT", size)

    def get(self, key: str, start: int | None = None, end: int | None = None) -> bytes:
        data = self.inner.get(key, start, end)
        self._count("GET", len(data))
        return data

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        self._count("LIST")
        return self.inner.list(prefix)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            self.inner.delete(keys)
            self._count("DELETE")

    def move(self, src: str, dst: str) -> None:
        self._count("COPY")
        self._count("DELETE")
        self.inner.move(src, dst)

    def exists(self, key: str) -> bool:
        found = self.inner.exists(key)
        self._count("HEAD")
        return found

    def delete_prefix(self, prefix: str) -> int:
        """The inner store's own delete_prefix (it may tidy up more), counted as a
        LIST and one DELETE per 1,000 keys (S3's batch size)."""
        count = self.inner.delete_prefix(prefix)
        self._count("LIST")
        for _ in range(0, count, 1000):
            self._count("DELETE")
        return count
