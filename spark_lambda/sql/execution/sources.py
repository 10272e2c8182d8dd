"""Scan sources computed by the planner: ``spark.range`` slices.

File scans live in ``sql/io/source.py``.
"""

from __future__ import annotations


def range_slices(p) -> list:
    """``(start, end, step)`` of each slice of a RangeRelation."""
    values = range(p.start, p.end, p.step)
    n = max(1, p.slices)
    size = len(values)
    out = []
    for i in range(n):
        lo, hi = i * size // n, (i + 1) * size // n
        sub = values[lo:hi]
        out.append((sub.start, sub.stop, sub.step) if len(sub) else (0, 0, 1))
    return out
