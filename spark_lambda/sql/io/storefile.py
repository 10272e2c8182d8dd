"""A read-only, seekable file over an ObjectStore object: every ``read`` is one ranged GET.

pyarrow's Parquet reader takes it as a Python file: it reads the footer, then only the column
chunks of the row groups asked for, so a scan of one column of a large file on S3 moves only
that column's bytes. pyarrow reads the chunks one after another, each a GET's latency on S3:
``prefetch`` first GETs the byte ranges a read will need, ``THREADS`` at a time, near ranges as
one GET by ``storage/ranges.py``'s rule (which bounds the bytes read between them), and reads
inside them are then served from memory. ``keep_tail`` GETs the file's last bytes (a Parquet
footer) and keeps them for the file's life: a prefetch fetches none of them again. The file
counts its GETs and their bytes (``reads``, ``nbytes``; pyarrow reads column chunks on threads
of its own); ``count_read`` adds them to the running task's metrics: the bytes in
``bytes_read`` (the scan's input, as Spark's "Input Size") and the requests in ``scan_gets``
(``spark-lambda plan`` grows a scan by them).
"""

from __future__ import annotations

import io
import threading

from ...storage.ranges import merge_ranges

THREADS = 16        # GETs a prefetch has in flight
MIN_GET = 16 << 10  # the least a read of bytes not held GETs (to the next held byte): a reader
#                     stepping past a chunk's end by a page header at a time makes one GET


class PositionedFile(io.RawIOBase):
    """A read-only, seekable file of ``size`` bytes whose reads are ``_read(start, end)``."""

    def __init__(self, size: int):
        super().__init__()
        self.size, self.pos = size, 0

    def _read(self, start: int, end: int) -> bytes:
        raise NotImplementedError

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
        data = self._read(self.pos, end)
        self.pos += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)


class StoreFile(PositionedFile):
    """Bytes of ``key`` in ``store`` (``size`` known from the listing)."""

    def __init__(self, store, key: str, size: int):
        super().__init__(size)
        self.store, self.key = store, key
        self.reads = self.nbytes = 0
        self.counted = (0, 0)       # (nbytes, reads) in the task's metrics (``count_unreported``)
        self._lock = threading.Lock()
        self.fetched: list = []     # (start, bytes) of prefetched ranges
        self.kept: list = []        # (start, bytes) held for the file's life (its tail)

    def keep_tail(self, n: int) -> bytes:
        """The file's last ``n`` bytes, GET only for what is not kept yet, and kept."""
        start = max(self.size - n, 0)
        have = self.kept[0][0] if self.kept else self.size
        if start < have:
            data = self._get(start, have)
            if len(data) != have - start:
                raise OSError(f"{self.key}: {len(data)} bytes where {have - start} were asked "
                              f"for at {start} (the object is shorter than its listed {self.size})")
            self.kept = [(start, data + (self.kept[0][1] if self.kept else b""))]
        return self.kept[0][1][start - self.kept[0][0]:]

    def prefetch(self, ranges: list, keep: bool = False) -> None:
        """GET the byte ranges ``[(start, end)]`` now (merged, at once: module docstring), for
        the reads that follow, but for their bytes in the kept tail; ``release`` drops them.
        With ``keep``, ranges already held are not fetched again and those held stay (a file
        that DuckDB reads later, for more than one scan of a task: ``store_fs.py``)."""
        tail = self.kept[0][0] if self.kept else self.size
        wanted = [(start, min(end, tail)) for start, end in ranges]
        if keep:
            wanted = [r for r in wanted if self._held(*r) is None]
        merged = merge_ranges(wanted, self.size)
        if not merged:
            return

        def get(r):
            return r[0], self._get(r[0], r[1])
        if len(merged) == 1:
            got = [get(merged[0])]
        else:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(min(THREADS, len(merged)), thread_name_prefix="parquet-get") as pool:
                got = list(pool.map(get, merged))
        self.fetched = (self.fetched if keep else []) + got

    def release(self) -> None:
        """Drops the prefetched ranges (not the kept tail)."""
        self.fetched = []

    def _held(self, start: int, end: int):
        """Bytes ``[start, end)`` from the prefetched ranges and the kept tail, when they hold
        all of them (a chunk may end in the tail); else None."""
        parts, pos = [], start
        for at, data in sorted(self.fetched + self.kept, key=lambda b: b[0]):
            if at <= pos < at + len(data):
                parts.append(data[pos - at:min(end, at + len(data)) - at])
                pos = min(end, at + len(data))
                if pos >= end:
                    return b"".join(parts) if len(parts) > 1 else parts[0]
        return None

    def read_range(self, start: int, end: int) -> bytes:
        """Bytes ``[start, end)`` (clipped to the file), from what is held where it can, with a
        GET for each part that is not (of ``MIN_GET`` at least, and then held): a positional
        read, safe from several threads at once."""
        end = min(end, self.size)
        if end <= start:
            return b""
        whole = self._held(start, end)
        if whole is not None:
            return whole
        held = sorted(self.fetched + self.kept, key=lambda b: b[0])
        parts, pos, got = [], start, []

        def fill(upto: int) -> None:   # a GET from ``pos``: at least MIN_GET, to what is held next
            nonlocal pos
            limit = min([at for at, _ in held if at >= upto] + [self.size])
            data = self._get(pos, min(max(upto, pos + MIN_GET), limit))
            got.append((pos, data))
            parts.append(data[:upto - pos])
            pos = upto
        for at, data in held:
            if at + len(data) <= pos or at >= end:
                continue
            if at > pos:
                fill(at)
            parts.append(data[pos - at:min(end, at + len(data)) - at])
            pos = min(end, at + len(data))
        if pos < end:
            fill(end)
        with self._lock:   # held too: a second read of these bytes is no second GET
            self.fetched = self.fetched + got
        return b"".join(parts)

    def _get(self, start: int, end: int) -> bytes:
        data = self.store.get(self.key, start, end)
        with self._lock:
            self.reads += 1
            self.nbytes += len(data)
        return data

    def _read(self, start: int, end: int) -> bytes:
        out = self._held(start, end)
        return out if out is not None else self._get(start, end)


def count_read(nbytes: int, gets: int, footer_gets: int = 0, layout: dict | None = None) -> None:
    """Adds a scan's reads to the running task's metrics (nothing outside a task), and the
    first ``layout`` of the chunks it read in a row group (``scan_layout``: what ``spark-lambda
    plan`` counts GETs of larger row groups by)."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is None or tc.task is None:
        return
    m = tc.metrics
    m["bytes_read"] = m.get("bytes_read", 0) + nbytes
    m["scan_gets"] = m.get("scan_gets", 0) + gets
    if footer_gets:
        m["scan_footer_gets"] = m.get("scan_footer_gets", 0) + footer_gets
    if layout is not None and "scan_layout" not in m:
        m["scan_layout"] = layout


def count_unreported(source: StoreFile, footer: bool = False, layout: dict | None = None) -> None:
    """``count_read`` of the GETs ``source`` made since it was last counted (``footer``: they
    read its footer; ``layout``: as ``count_read``)."""
    nbytes, reads = source.counted
    source.counted = (source.nbytes, source.reads)
    if source.reads > reads:
        count_read(source.nbytes - nbytes, source.reads - reads,
                   source.reads - reads if footer else 0, layout)


def open_store_file(url: str, size: int) -> StoreFile:
    """A ``StoreFile`` over the object at ``url`` (``size`` bytes), read by ranged requests."""
    from ..execution.engine_bridge import open_url
    store, key = open_url(url)
    return StoreFile(store, key, size)
