"""Combiner tasks of a combining or two-level exchange (``exchange.py``), on executors.

A combiner task's inputs are the blocks of its reducer group from the map
objects of its map group (``[key, start, end, map_index]`` per block, as
the scheduler names every shuffle read). ``read_group`` fetches each map
object's blocks with one ranged GET (they lie back to back), verifies every
block and yields ``(reduce partition, [bodies in map order])``;
``write_combined_output`` writes those as one object in the layout of any
map output (``R + 1`` offsets, the blocks outside the group empty), so
reducers read a combined shuffle exactly as a direct one, in the same
record order. Record blocks are merged without decoding (a block body is
frames back to back); Arrow blocks are decoded and written as one stream.
A block that cannot be read is a ``FetchFailed`` of the map output holding
it, and a lost combined object one of the combiner that wrote it: the
scheduler re-runs what produced the missing object either way.
"""

from __future__ import annotations

from ..serializers import unseal
from . import put_blocks
from .reader import _count_block, fetch_in_order


def read_group(tc, shuffle_id: int, reducers: range):
    """Yield ``(reduce partition, bodies)`` for each of ``reducers``, bodies in map order."""
    by_map: dict = {}   # map index -> [key, lo, hi, map index, [(reducer, start, end)...]]
    for r in reducers:
        for key, start, end, m in tc.shuffle_locations(shuffle_id, r):
            span = by_map.get(m)
            if span is None:
                span = by_map[m] = [key, start, end, m, []]
            span[1], span[2] = min(span[1], start), max(span[2], end)
            span[4].append((r, start, end))
    spans = [by_map[m] for m in sorted(by_map)]

    def split(span, data):
        lo = span[1]
        return [(r, unseal(tc.secret, data[s - lo:e - lo], f"shuffle block {span[0]}[{s}:{e}]"))
                for r, s, e in span[4]]
    bodies: dict = {r: [] for r in reducers}
    for blocks in fetch_in_order(tc, shuffle_id, spans, split):
        for r, body in blocks:
            _count_block(tc.metrics, len(body))
            bodies[r].append(body)
    return iter(bodies.items())


def write_combined_output(tc, dep, groups) -> dict:
    """Write ``(reduce partition, bodies)`` pairs as one sealed map-output object; its status."""
    arrow = dep.block_kind == "arrow"
    if arrow:
        from .arrow_blocks import decode_stream, encode_stream, schema_field
    n = dep.partitioner.num_partitions
    merged: dict = {}
    schema = None
    for r, bodies in groups:
        if not bodies:
            continue
        if arrow:
            tables = [decode_stream(b) for b in bodies]
            schema = schema or tables[0].schema
            merged[r] = encode_stream(tables)
        else:
            merged[r] = b"".join(bodies)
    return put_blocks(tc, dep, [merged.get(r) for r in range(n)],
                      schema_field(schema) if schema is not None else None)


def carry_schema(statuses: list, source_statuses: list) -> list:
    """A combined shuffle's statuses, the first given the source's Arrow schema when no
    combiner saw a table (every block empty), so readers still know the columns."""
    if statuses and not any(s and "schema" in s for s in statuses):
        schema = next((s["schema"] for s in source_statuses if s and "schema" in s), None)
        if schema is not None:
            statuses = [dict(statuses[0], schema=schema)] + statuses[1:]
    return statuses
