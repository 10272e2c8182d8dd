"""A read-only, seekable file over an ObjectStore object: every ``read`` is one ranged GET.

pyarrow's Parquet reader takes it as a Python file: it reads the footer, then only the column
chunks of the row groups asked for, so a scan of one column of a large file on S3 moves only
that column's bytes. pyarrow reads the chunks one after another, each a GET's latency on S3:
``prefetch`` first GETs the byte ranges a read will need, ranges less than ``GAP`` apart
as one, ``THREADS`` at a time, and reads inside them are then served from memory. The file counts its GETs and their bytes (``reads``, ``nbytes``; pyarrow
reads column chunks on threads of its own); ``count_read`` adds them to the running task's
metrics: the bytes in ``bytes_read`` (the scan's input, as Spark's "Input Size") and the
requests in ``scan_gets`` (``spark-lambda plan`` grows a scan by them).
"""

from __future__ import annotations

import io
import threading

GAP = 1 << 20       # ranges closer than this are fetched as one GET (the bytes between are cheaper)
THREADS = 16        # GETs a prefetch has in flight


class StoreFile(io.RawIOBase):
    """Bytes of ``key`` in ``store`` (``size`` known from the listing)."""

    def __init__(self, store, key: str, size: int):
        super().__init__()
        self.store, self.key, self.size, self.pos = store, key, size, 0
        self.reads = self.nbytes = 0
        self._lock = threading.Lock()
        self.fetched: list = []     # (start, bytes) of prefetched ranges

    def prefetch(self, ranges: list) -> None:
        """GET the byte ranges ``[(start, end)]`` now (merged, at once: module docstring), for
        the reads that follow; ``release`` drops them."""
        merged: list = []
        for start, end in sorted(r for r in ranges if r[1] > r[0]):
            if merged and start - merged[-1][1] < GAP:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, min(end, self.size)])
        if not merged:
            return

        def get(r):
            return r[0], self._get(r[0], r[1])
        if len(merged) == 1:
            self.fetched = [get(merged[0])]
            return
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(min(THREADS, len(merged)), thread_name_prefix="parquet-get") as pool:
            self.fetched = list(pool.map(get, merged))

    def release(self) -> None:
        """Drops the prefetched ranges."""
        self.fetched = []

    def _get(self, start: int, end: int) -> bytes:
        data = self.store.get(self.key, start, end)
        with self._lock:
            self.reads += 1
            self.nbytes += len(data)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def read(self, n: int = -1) -> bytes:
        end = self.size if n is None or n < 0 else min(self.size, self.pos + n)
        if end <= self.pos:
            return b""
        for start, data in self.fetched:
            if start <= self.pos and end <= start + len(data):
                out = data[self.pos - start:end - start]
                self.pos = end
                return out
        data = self._get(self.pos, end)
        self.pos += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)


def count_read(nbytes: int, gets: int, footer_gets: int = 0) -> None:
    """Adds a scan's reads to the running task's metrics (nothing outside a task)."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is None or tc.task is None:
        return
    m = tc.metrics
    m["bytes_read"] = m.get("bytes_read", 0) + nbytes
    m["scan_gets"] = m.get("scan_gets", 0) + gets
    if footer_gets:
        m["scan_footer_gets"] = m.get("scan_footer_gets", 0) + footer_gets


def open_store_file(url: str, size: int) -> StoreFile:
    """A ``StoreFile`` over the object at ``url`` (``size`` bytes), read by ranged requests."""
    from ..execution.engine_bridge import open_url
    store, key = open_url(url)
    return StoreFile(store, key, size)
