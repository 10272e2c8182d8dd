"""A store wrapper that counts requests and bytes by kind (PUT, GET, LIST, DELETE).

Executors wrap their stores in it so every task reports its store traffic in
its metrics; the counts are what S3 bills.
"""

from __future__ import annotations

import threading
from typing import Iterable, Iterator

from .base import ObjectInfo, ObjectStore


class MeteredStore(ObjectStore):
    def __init__(self, inner: ObjectStore, counts: dict):
        self.inner = inner
        self.counts = counts
        self.url = inner.url
        self._lock = threading.Lock()  # shuffle fetches count from several threads

    def _count(self, kind: str, nbytes: int = 0) -> None:
        c = self.counts
        with self._lock:
            c[kind] = c.get(kind, 0) + 1
            if nbytes:
                c[kind + "_bytes"] = c.get(kind + "_bytes", 0) + nbytes

    def put(self, key: str, data: bytes) -> None:
        self._count("PUT", len(data))
        self.inner.put(key, data)

    def put_file(self, key: str, path: str) -> None:
        import os
        self._count("PUT", os.path.getsize(path))
        self.inner.put_file(key, path)

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
            self._count("DELETE")
            self.inner.delete(keys)

    def move(self, src: str, dst: str) -> None:
        self._count("COPY")
        self._count("DELETE")
        self.inner.move(src, dst)

    def exists(self, key: str) -> bool:
        self._count("HEAD")
        return self.inner.exists(key)
