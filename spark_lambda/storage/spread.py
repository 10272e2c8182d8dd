"""Several stores seen as one, each key placed on one of them by its hash.

``open_root("s3://a/work,s3://b/work")`` gives a ``SpreadStore`` over both
roots (``spark.shuffle.s3.bucket`` taking a comma-separated list): S3 limits
request rates per bucket prefix partition, so a shuffle of millions of
objects spreads its requests over several buckets as well as over the
hashed key prefixes of ``shuffle.map_output_key``. A key's place is
``crc32(key) % n`` over the roots in the order given: the same in every
process, so a reader finds what any writer put without asking anyone. The
order of the list therefore matters and must not change while an
application runs.
"""

from __future__ import annotations

import heapq
from typing import Iterable, Iterator
from zlib import crc32

from .base import ObjectInfo, ObjectStore


class SpreadStore(ObjectStore):
    """Keys spread over ``stores`` by hash; one store to its callers."""

    def __init__(self, stores: list[ObjectStore]):
        self.stores = list(stores)
        self.url = ",".join(s.url for s in self.stores)

    def __repr__(self) -> str:
        return f"SpreadStore({self.url!r})"

    def place(self, key: str) -> ObjectStore:
        """The store that holds ``key``."""
        return self.stores[crc32(key.encode("utf-8", "surrogatepass")) % len(self.stores)]

    def put(self, key: str, data: bytes) -> None:
        self.place(key).put(key, data)

    def put_file(self, key: str, path: str) -> None:
        self.place(key).put_file(key, path)

    def put_chunks(self, key: str, chunks) -> None:
        self.place(key).put_chunks(key, chunks)

    def get(self, key: str, start: int | None = None, end: int | None = None) -> bytes:
        return self.place(key).get(key, start, end)

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Every store's objects under ``prefix``, merged in key order."""
        return heapq.merge(*(s.list(prefix) for s in self.stores), key=lambda info: info.key)

    def delete(self, keys: Iterable[str]) -> None:
        by_store: dict[int, list[str]] = {}
        for k in keys:
            by_store.setdefault(id(self.place(k)), []).append(k)
        for s in self.stores:
            if id(s) in by_store:
                s.delete(by_store[id(s)])

    def exists(self, key: str) -> bool:
        return self.place(key).exists(key)

    def move(self, src: str, dst: str) -> None:
        source, target = self.place(src), self.place(dst)
        if source is target:
            source.move(src, dst)
        else:
            target.put(dst, source.get(src))
            source.delete([src])

    def delete_prefix(self, prefix: str) -> int:
        return sum(s.delete_prefix(prefix) for s in self.stores)

    def take_retries(self) -> int:
        return sum(s.take_retries() for s in self.stores)

    def close(self) -> None:
        for s in self.stores:
            s.close()
