"""Whole-file inputs: ``wholeTextFiles``, ``binaryFiles`` and ``binaryRecords``.

Called on the driver by ``SparkContext`` to group and split the files, and on
executors by the source RDDs (``rdd/sources.py``) to read them. Whole files are grouped into at most ``minPartitions``
partitions of about equal total size (largest file first, each to the
lightest group). Fixed-length records are cut into splits that hold whole
records only, so no record crosses a split.
"""

from __future__ import annotations

import heapq

from ..errors import ConfigurationError, InputError
from .text import BLOCK_SIZE


def display_url(url: str) -> str:
    """The path as PySpark shows it: ``file:/...`` for local files, the URL otherwise."""
    return "file:" + url if url.startswith("/") else url


def group_files(files: list[tuple[str, int]], partitions: int) -> list[list[str]]:
    """Files in at most ``partitions`` groups of about equal size, each group in path order."""
    n = max(1, min(partitions, len(files)))
    heap = [(0, i) for i in range(n)]
    groups: list[list[str]] = [[] for _ in range(n)]
    for url, size in sorted(files, key=lambda f: (-f[1], f[0])):
        total, i = heapq.heappop(heap)
        groups[i].append(url)
        heapq.heappush(heap, (total + size, i))
    return [sorted(g) for g in groups if g]


def read_whole_files(tc, urls: list[str], encoding: str | None):
    """``(path, contents)`` per file: text when ``encoding`` is set, else bytes."""
    for url in urls:
        store, key = tc.open(url)
        data = store.get(key)
        tc.metrics["bytes_read"] += len(data)
        yield display_url(url), data.decode(encoding) if encoding else data


def record_splits(files: list[tuple[str, int]], length: int) -> list[tuple[str, int, int]]:
    """(url, start, end) ranges of whole records of ``length`` bytes."""
    if not isinstance(length, int) or length <= 0:
        raise ConfigurationError(f"recordLength must be a positive integer, got {length!r}")
    step = max(1, BLOCK_SIZE // length) * length
    splits = []
    for url, size in files:
        if size % length:
            raise InputError(f"{url} is {size} bytes, not a whole number of {length}-byte records.")
        splits.extend((url, start, min(start + step, size)) for start in range(0, size, step))
    return splits


def read_records(tc, split: tuple[str, int, int], length: int):
    """The fixed-length records (bytes) of one ``record_splits`` range."""
    url, start, end = split
    store, key = tc.open(url)
    data = store.get(key, start, end)
    tc.metrics["bytes_read"] += len(data)
    return (data[i:i + length] for i in range(0, len(data), length))
