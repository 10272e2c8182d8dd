"""Spark's rules for a scan of many files (``FilePartition`` in Spark): the bytes a split aims
at, byte-range splits of the files, and splits packed into partitions (one task each).

``split_size``: the files' bytes (with ``open_cost`` added per file where Spark adds it) over
the default parallelism, at least the open cost, at most ``spark.sql.files.maxPartitionBytes``.
``byte_splits``: each file cut into ranges of that size from its start (the last shorter), the
largest first. ``pack``: the splits in that order, a partition closed when the next split would
take it past the split size, each split counting its bytes plus the open cost; so small files
share a task and a large file's ranges each have one.
"""

from __future__ import annotations


def split_size(sizes: list, max_split: int, open_cost: int, parallelism: int,
               per_file_cost: bool = True) -> int:
    """The bytes a split aims at over files of ``sizes`` (module docstring)."""
    total = sum(sizes) + (open_cost * len(sizes) if per_file_cost else 0)
    return max(1, min(max_split, max(open_cost, total // max(1, parallelism))))


def byte_splits(sizes: list, size: int) -> list:
    """``(file index, start, end)``: every file of ``sizes`` in ranges of ``size`` bytes, the
    largest first (an empty file has none)."""
    out = [(i, s, min(s + size, n)) for i, n in enumerate(sizes) for s in range(0, n, size)]
    return sorted(out, key=lambda sp: sp[1] - sp[2])


def pack(splits: list, size: int, open_cost: int) -> list:
    """``splits`` (in order) as partitions, lists of splits (module docstring)."""
    out, current, filled = [], [], 0
    for sp in splits:
        if current and filled + sp[2] - sp[1] > size:
            out.append(current)
            current, filled = [], 0
        current.append(sp)
        filled += sp[2] - sp[1] + open_cost
    return out + ([current] if current else [])


__all__ = ["split_size", "byte_splits", "pack"]
