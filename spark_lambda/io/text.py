"""Text input: splitting files by byte ranges and reading lines from a range.

Splits follow Hadoop's FileInputFormat: the goal size is the total size over
the requested number of splits, a split is ``max(1, min(goal, block))``
bytes, and a file's tail is kept in the last split while it is under 1.1
times the split size. Compressed files (``.gz``, ``.bz2``) are one split each.
Empty files make no split (Spark's ``spark.hadoopRDD.ignoreEmptySplits``).

Lines follow Hadoop's LineRecordReader rule, so that a line crossing a split
boundary is read exactly once: a split ``[start, end)`` reads every line that
*starts* at a position ``p`` with ``start < p <= end`` (``0 <= p`` for the
first split), reading past ``end`` to finish the last one. Lines end at
``\\n``, ``\\r\\n`` or ``\\r``; the terminator is not part of the line. Bytes
that are not UTF-8 decode to U+FFFD, as Hadoop's ``Text`` decodes them.

``sample_lines`` reads a sample of a split's lines in a few windows spread over it
(sortByKey's sampling job, ``rdd/range_bounds.py``).
"""

from __future__ import annotations

import bz2
import codecs
import gzip
from itertools import chain

from ..storage.prefetch import in_order

BLOCK_SIZE = 32 << 20   # Hadoop's local and S3A block size
SPLIT_SLOP = 1.1
READ_CHUNK = 1 << 20     # lines are decoded this many bytes at a time
READ_SIZE = 8 << 20      # bytes one ranged GET asks for (spark.lambda.io.readSize)
READ_AHEAD = 2           # GETs in flight beyond the one being parsed (spark.lambda.io.readAhead)
COMPRESSED = (".gz", ".bz2")


def text_splits(files: list[tuple[str, int]], min_partitions: int) -> list[tuple[str, int, int]]:
    """(url, start, end) byte ranges covering ``files``."""
    total = sum(size for _, size in files)
    goal = total // max(min_partitions, 1)
    split_size = max(1, min(goal, BLOCK_SIZE))
    splits = []
    for url, size in files:
        if url.endswith(COMPRESSED):
            splits.append((url, 0, size))
            continue
        remaining = size
        while remaining / split_size > SPLIT_SLOP:
            splits.append((url, size - remaining, size - remaining + split_size))
            remaining -= split_size
        if remaining > 0:
            splits.append((url, size - remaining, size))
    return splits


def _decompressed(url: str, data: bytes) -> bytes:
    if url.endswith(".gz"):
        return gzip.decompress(data)
    return bz2.decompress(data)


def read_lines(store, key: str, url: str, start: int, end: int, encoding: str | None = "utf-8"):
    """Lines of the split ``[start, end)`` of ``key``; bytes when ``encoding`` is None."""
    if url.endswith(COMPRESSED):
        chunks = iter([_decompressed(url, store.get(key))])
    else:
        chunks = _owned_bytes(store, key, start, end)
    return chain.from_iterable(line_lists(chunks, encoding))


def split_lines(chunks):
    """Lines (without terminators) from an iterable of byte chunks."""
    return chain.from_iterable(line_lists(chunks, None))


def line_lists(chunks, encoding: str | None = None):
    """The lines of each chunk (without terminators) as one list, a line that
    continues into the next chunk carried over.

    A run of whole lines without ``\r`` is decoded in one call and split on
    ``\n`` (for UTF-8 the same lines as decoding each line: a line feed is never
    part of a multi-byte sequence, so an invalid one ends before it); other runs
    are split by ``bytes.splitlines`` (``\n``, ``\r\n``, ``\r``) and decoded
    line by line."""
    whole = encoding is not None and codecs.lookup(encoding).name == "utf-8"
    pending = b""
    skip_lf = False
    for chunk in chunks:
        if skip_lf and chunk[:1] == b"\n":
            chunk = chunk[1:]
        skip_lf = False
        if not chunk:
            continue
        data = pending + chunk if pending else chunk
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        pending = data[cut:]
        if not cut:
            continue
        if cut < len(data):
            run = data[:cut]
        else:  # a chunk ending in \r: a \n starting the next one ends no further line
            run = data
            skip_lf = data[-1:] == b"\r"
        if whole and b"\r" not in run:
            lines = run.decode(encoding, "replace").split("\n")
            lines.pop()  # after the last line feed
        else:
            lines = run.splitlines()
            if encoding is not None:
                lines = [line.decode(encoding, "replace") for line in lines]
        yield lines
    if pending:
        yield [pending.decode(encoding, "replace") if encoding is not None else pending]


def _first_eol(data: bytes, start: int = 0) -> int:
    n = data.find(b"\n", start)
    r = data.find(b"\r", start, n if n >= 0 else len(data))
    return r if r >= 0 else n


def _read_settings():
    """The running task's ``spark.lambda.io.readSize`` and ``spark.lambda.io.readAhead`` and its
    metrics (``READ_SIZE``, ``READ_AHEAD`` and None outside a task)."""
    from ..taskcontext import TaskContext
    tc = TaskContext.get()
    conf = tc.task.conf if tc is not None and tc.task is not None else {}
    ahead = conf.get("read_ahead")
    return (max(int(conf.get("read_size") or READ_SIZE), 1 << 16),
            max(int(READ_AHEAD if ahead is None else ahead), 0), tc.metrics if tc is not None else None)


def _pieces(chunk: bytes):
    """``chunk`` in pieces of ``READ_CHUNK`` bytes (a GET may be larger than a decode)."""
    if len(chunk) <= READ_CHUNK:
        yield chunk
        return
    for i in range(0, len(chunk), READ_CHUNK):
        yield chunk[i:i + READ_CHUNK]


def _ranges(store, key: str, pos: int, end: int, read_size: int, ahead: int, metrics):
    """The bytes ``[pos, end)`` of ``key`` in GETs of ``read_size``, ``ahead`` of them in flight
    beyond the one being parsed (``storage/prefetch.py``); stops at the end of the object."""
    spans = [(a, min(a + read_size, end)) for a in range(pos, end, read_size)]
    for (a, b), chunk in zip(spans, in_order(lambda span: store.get(key, *span), spans, ahead + 1,
                                             metrics=metrics)):
        yield chunk
        if len(chunk) < b - a:
            return


def _owned_bytes(store, key: str, start: int, end: int):
    """The bytes of the lines starting in ``(start, end]`` (``[0, end]`` for the first split),
    fetched in ranged GETs of the read size: on S3 each GET is a request paid for and a
    first-byte latency waited for, so fewer and larger ones (8 MiB by default, not the
    1 MiB that lines are decoded in) cut a scan's requests eightfold. The next ranges are
    read ahead while the current one is parsed (``spark.lambda.io.readAhead`` GETs), so a
    task's transfers pass behind its CPU; memory holds the read-ahead GETs and the one
    being parsed. Finding the first line and reading past ``end`` for the last are GETs
    of 64 KiB, one after another."""
    read_size, ahead, metrics = _read_settings()
    pos = start
    if start > 0:
        while True:  # skip through the first end of line at or after ``start``
            chunk = store.get(key, pos, pos + (1 << 16))
            if not chunk:
                return
            i = _first_eol(chunk)
            if i >= 0:
                pos += i + 1
                if chunk[i:i + 1] == b"\r":
                    nxt = chunk[i + 1:i + 2] if i + 1 < len(chunk) else store.get(key, pos, pos + 1)
                    pos += nxt == b"\n"
                break
            pos += len(chunk)
        if pos > end:
            return
    for chunk in _ranges(store, key, pos, end, read_size, ahead, metrics):
        yield from _pieces(chunk)
        pos += len(chunk)
    if pos < end:   # the object ended before the split did
        return
    while True:   # past ``end``: stop after the first end of line there
        chunk = store.get(key, pos, pos + (1 << 16))
        if not chunk:
            return
        j = _first_eol(chunk)
        if j >= 0:
            if chunk[j:j + 1] == b"\r" and j + 1 == len(chunk):
                chunk += store.get(key, pos + len(chunk), pos + len(chunk) + 1)[:1]
            stop = j + 1 + (chunk[j:j + 2] == b"\r\n")
            yield from _pieces(chunk[:stop])
            return
        yield from _pieces(chunk)
        pos += len(chunk)


SAMPLE_WINDOWS = 32     # windows a split's sample is read in, one per equal stratum
SAMPLE_MIN_SPLIT = 4    # a split is sampled from this many times the sample's bytes up


def sample_lines(store, key: str, start: int, end: int, sample_bytes: int, rng, encoding: str = "utf-8"):
    """A sample of the lines of the split ``[start, end)`` read in ``SAMPLE_WINDOWS`` ranged
    GETs of ``sample_bytes / SAMPLE_WINDOWS`` bytes, one at a random place in each equal
    stratum of the split: ``(lines, span, fetched)``, the whole lines inside the windows, the
    bytes they span (so the split holds about ``len(lines) * (end - start) / span`` lines) and
    the bytes fetched.

    A window keeps the lines between its first and its last end of line (a line longer than
    a window is never in one); every line is as likely to be kept as any other, whatever its
    length or place, and a sorted file is sampled over its whole range."""
    width = max(sample_bytes // SAMPLE_WINDOWS, 1)
    stratum = (end - start) / SAMPLE_WINDOWS
    places = [start + int(i * stratum + rng.random() * max(stratum - width, 0)) for i in range(SAMPLE_WINDOWS)]
    lines, span, fetched = [], 0, 0
    # the windows' GETs all in flight at once (their latencies overlap), answered in order
    for pos, data in zip(places, in_order(lambda p: store.get(key, p, p + width), places, SAMPLE_WINDOWS)):
        fetched += len(data)
        first = 0 if pos == 0 else _first_eol(data)
        if first < 0:
            continue
        if pos:   # past the end of line the window opened in (``\r\n`` is one)
            first += 1 + (data[first:first + 2] == b"\r\n")
        last = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        if last > first:
            for chunk in line_lists([data[first:last]], encoding):
                lines.extend(chunk)
            span += last - first
    return lines, span, fetched
