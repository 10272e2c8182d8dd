"""Rows as JSON text the way Spark's ``to_json``/``toJSON`` writes them: compact, null fields
left out, dates and timestamps as ISO strings, decimals as plain numbers."""

from __future__ import annotations

import datetime
import decimal
import json


def _value(v):
    from .row import Row
    if isinstance(v, Row):
        return {k: _value(x) for k, x in zip(v.__fields__, v) if x is not None}
    if isinstance(v, dict):
        return {str(k): _value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if isinstance(v, datetime.datetime):
        return v.isoformat(timespec="milliseconds") + ("Z" if v.tzinfo is None else "")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        import base64
        return base64.b64encode(v).decode()
    return v


def row_json(names, values) -> str:
    """One row as a JSON object string."""
    obj = {n: _value(v) for n, v in zip(names, values) if v is not None}
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False,
                      default=str).replace("NaN", '"NaN"')


class RowsToJson:
    """``mapPartitions`` function: Rows → JSON strings."""

    def __init__(self, names):
        self.names = list(names)

    def __call__(self, rows):
        for r in rows:
            yield row_json(self.names, tuple(r))
