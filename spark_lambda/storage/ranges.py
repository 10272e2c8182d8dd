"""Which byte ranges of one object to GET together: the rule a Parquet scan fetches its column
chunks by (``sql/io/storefile.py``) and ``spark-lambda plan`` counts a scan's GETs by
(``planning/growth.py``); both call ``merge_ranges``, so the plan predicts what the engine does.

Two needed ranges with bytes between them are either two GETs or one GET that also reads the
bytes between. In AWS terms: S3 bills a GET ($0.0004 per 1,000), not the bytes it moves
inside a region; a GET's first byte comes after ~27 ms, but a scan has ``THREADS`` GETs in
flight, so a second GET mostly costs its fee; the bytes between cost transfer time on a
function's ~75 MiB/s, billed as Lambda duration. At 1,769 MB (one vCPU) 1 MiB of it is 13 ms,
$0.00000039: the price of one GET. So reading more than ``CAP`` between two chunks never pays.
Below that, the bytes between are what a scan reads beyond what its columns need, and the
target is to read no more than they need: a merged GET may read at most ``WASTE`` (1/32,
3 %) of the bytes it is for, between its ranges, so a whole scan reads at most 3 % over
its chunks (plus ``FLOOR`` a GET: gaps of a few KiB, a small table's neighbouring columns,
ride along). Adjacent chunks (the columns a query names that are stored side by side, as
most of TPC-H's are) are one GET whatever their size.

The rule is scale-free below ``CAP``: row groups that are all ``k`` times larger merge the
same chunks, until a gap grows past ``CAP``.
"""

from __future__ import annotations

CAP = 1 << 20           # bytes between two ranges above which they are never one GET
WASTE = 1 / 32          # the most a merged GET reads between its ranges, per byte it is for
FLOOR = 4 << 10         # bytes between that a GET may read whatever it is for


def merge_ranges(ranges, size: int | None = None) -> list:
    """The GETs ``[(start, end)]`` that fetch the byte ranges ``ranges`` (``(start, end)``,
    any order, overlapping or empty ones allowed), sorted, clipped to ``size`` when given:
    neighbours joined while the bytes between them stay within the module docstring's rule."""
    merged: list = []       # [start, end, useful bytes, bytes between]
    for start, end in sorted(ranges):
        if size is not None:
            end = min(end, size)
        if end <= start:
            continue
        if merged:
            run = merged[-1]
            if start <= run[1]:                     # overlaps or touches: nothing between
                run[2] += max(end - run[1], 0)
                run[1] = max(run[1], end)
                continue
            gap = start - run[1]
            useful = run[2] + end - start
            if gap <= CAP and run[3] + gap <= max(FLOOR, WASTE * useful):
                run[1], run[2], run[3] = end, useful, run[3] + gap
                continue
        merged.append([start, end, end - start, 0])
    return [(start, end) for start, end, _, _ in merged]

