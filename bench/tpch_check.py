"""Answers of the TPC-H benchmark checked equal across systems.

Rows come normalised by ``tpch_run_one.py`` (decimals as floats, dates as ISO text). Numbers
are equal within 1e-6 absolute plus 1e-9 relative: Spark rounds ``avg`` of a decimal to six
places, DuckDB and Polars keep a double. Rows are compared in order; when that fails they are
compared again sorted, so ties under ORDER BY may come in any order.
"""

from __future__ import annotations


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-6 + 1e-9 * abs(b)
    return a == b


def _same_rows(got, want) -> bool:
    return len(got) == len(want) and all(
        len(g) == len(w) and all(_same_value(x, y) for x, y in zip(g, w))
        for g, w in zip(got, want))


def _key(row):
    return tuple((0, round(v, 4)) if isinstance(v, float) else (1, str(v)) for v in row)


def difference(got: list, want: list) -> str | None:
    """None if the answers agree, else what differs first."""
    if _same_rows(got, want) or _same_rows(sorted(got, key=_key), sorted(want, key=_key)):
        return None
    if len(got) != len(want):
        return f"{len(got)} rows against {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if not _same_rows([g], [w]):
            return f"row {i}: {g} against {w}"
    return "rows differ"
