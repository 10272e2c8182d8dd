"""A global ``orderBy`` as Spark plans it: sample → range bounds → range partition → local sort.

Called by the planner for a global sort without a limit. A child of one partition (after
adaptive coalescing) is sorted where it is, with no exchange. Otherwise a small job samples the sort keys of
every partition of the child (with each partition's row count, so that samples of large
partitions weigh more); the driver picks up to ``spark.sql.shuffle.partitions - 1`` bounds at
equal steps of the weighted sample (Spark's ``RangePartitioner.determineBounds``); the child's
map tasks route every row to its range; each reduce task sorts its range. Partition i holds
keys at most bound i and above bound i - 1, so the partitions in order are the global order
(and adjacent ones may be read together by adaptive execution without breaking it).

Keys are compared as DuckDB's ``create_sort_key`` values: one byte string per row (or one
BIGINT, when the key fits in 8 bytes) whose order is the ``ORDER BY`` order, with each key's direction and null placement, NaN above every
number and -0.0 equal to 0.0 — the same order the reduce tasks' ``ORDER BY`` sorts by, whatever
the types (strings, dates, decimals, timestamps) and however many keys.
"""

from __future__ import annotations

from .fragment import Fragment, _select

SAMPLE_PER_PARTITION = 20   # sampled keys per output partition (Spark's default)


def plan_range_sort(planner, f: Fragment, orders: list) -> Fragment:
    """The fragment reading ``f`` range-partitioned by ``orders``, each partition sorted."""
    order = " ORDER BY " + ", ".join(planner.w.sql(o) for o in orders)
    if planner.partitions(f) == 1:   # one task holds every row: it sorts them in place
        return Fragment(_select(["*"], f.sql, order), f.attrs, f.inputs, f.broadcasts)
    n_max = max(1, planner.session.shuffle_partitions)
    key = sort_key_sql(planner.w, orders)
    bounds = sample_bounds(planner, f, key, n_max) if n_max > 1 else []
    g = planner.exchange(f, None, len(bounds) + 1, coalesce=True,
                         route=RangeRoute(key, bounds) if bounds else None)
    return Fragment(_select(["*"], g.sql, order), g.attrs, g.inputs)


def sort_key_sql(w, orders: list) -> str:
    """One value (a BLOB, or a BIGINT for short keys) whose order is the order of
    ``orders`` (directions, null placement)."""
    args = []
    for o in orders:
        nulls = "NULLS FIRST" if o.effective_nulls_first else "NULLS LAST"
        args += [w.sql(o.child), f"'{'ASC' if o.ascending else 'DESC'} {nulls}'"]
    return f"create_sort_key({', '.join(args)})"


def sample_bounds(planner, f: Fragment, key: str, n: int) -> list:
    """Up to ``n - 1`` distinct ascending sort keys splitting a sample of ``f`` evenly."""
    from .arrow_io import from_ipc
    from .engine_bridge import run_partitions
    parts = max(1, planner.partitions(f))
    per_part = max(1, -(-3 * SAMPLE_PER_PARTITION * n // parts))
    inner = f"SELECT {key} AS __sk, count(*) OVER () AS __n FROM ({f.sql}) AS q"
    sql = f"SELECT __sk, __n FROM ({inner}) AS s USING SAMPLE reservoir({per_part} ROWS)"
    sampled = planner._run(Fragment(sql, [], f.inputs, f.broadcasts))
    candidates = []
    for _, ipc in run_partitions(planner.sc, sampled):
        table = from_ipc(ipc)
        if not table.num_rows:
            continue
        keys = table.column("__sk").to_pylist()
        weight = table.column("__n")[0].as_py() / len(keys)
        candidates += [(k, weight) for k in keys]
    return determine_bounds(candidates, n)


def determine_bounds(candidates: list, n: int) -> list:
    """Keys at every ``1/n`` of the total weight of ``(key, weight)`` candidates, ascending
    and distinct (fewer when the sample has fewer distinct keys)."""
    candidates = sorted(candidates, key=lambda c: c[0])
    total = sum(w for _, w in candidates)
    if not candidates or n <= 1:
        return []
    step = total / n
    target, acc, bounds = step, 0.0, []
    for k, w in candidates:
        if len(bounds) >= n - 1:
            break
        acc += w
        if acc >= target and (not bounds or k > bounds[-1]):
            bounds.append(k)
            target += step
    return bounds


class RangeRoute:
    """The map side of a range exchange: the fragment's rows with ``__pid``, the first range
    whose upper bound is not below the row's sort key (a binary search in a nested CASE)."""

    def __init__(self, key: str, bounds: list):
        self.key = key
        self.bounds = bounds

    def __call__(self, sql: str) -> str:
        return (f"SELECT * EXCLUDE (__sk), {self._search(0, len(self.bounds))} AS __pid "
                f"FROM (SELECT *, {self.key} AS __sk FROM ({sql}) AS q) AS r")

    def _search(self, lo: int, hi: int) -> str:
        """The partition among ``lo..hi`` (bounds ``lo..hi-1`` separate them)."""
        if lo == hi:
            return str(lo)
        mid = (lo + hi) // 2
        return (f"CASE WHEN __sk <= {_literal(self.bounds[mid])} "
                f"THEN {self._search(lo, mid)} ELSE {self._search(mid + 1, hi)} END")


def _literal(key) -> str:
    """A sort key as SQL: a BLOB, or a BIGINT (DuckDB's form for keys of up to 8 bytes)."""
    if isinstance(key, int):
        return f"CAST({key} AS BIGINT)"
    return f"from_hex('{key.hex()}')"
