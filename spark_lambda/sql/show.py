"""The text ``DataFrame.show`` prints, cell for cell as Spark's ``showString``."""

from __future__ import annotations

import datetime
import decimal

from .java_text import java_double, java_float


def in_zone(rows: list, schema, zone: str) -> list:
    """Rows with their TIMESTAMP values (local times of this process, as ``collect`` gives
    them) moved to the wall-clock time of ``zone``, which is how Spark shows them."""
    from zoneinfo import ZoneInfo
    # by name: the types module imports VariantVal, whose JSON text uses ``java_double``
    cols = [i for i, f in enumerate(schema.fields) if f.dataType.typeName() == "timestamp"]
    if not cols:
        return rows
    tz = ZoneInfo(zone)

    def move(v):
        if not isinstance(v, datetime.datetime):
            return v
        return v.astimezone().astimezone(tz).replace(tzinfo=None)
    return [tuple(move(v) if i in cols else v for i, v in enumerate(r)) for r in rows]


class _Float(float):
    """A FLOAT value, shown as Java shows a float."""


def _same(v):
    return v


def mark_floats(rows: list, schema) -> list:
    """Rows with their FLOAT values (at any depth) marked, so ``cell`` shows them as floats
    (``0.1``, not the double ``0.10000000149011612`` the value holds)."""
    def mark(t):   # a function marking a value of type ``t``, or None when nothing is FLOAT
        name = t.typeName()
        if name == "float":
            return lambda v: v if v is None else _Float(v)
        if name == "array":
            f = mark(t.elementType)
            return f and (lambda v: v if v is None else [f(x) for x in v])
        if name == "map":
            fk, fv = mark(t.keyType), mark(t.valueType)
            if not (fk or fv):
                return None
            fk, fv = fk or _same, fv or _same
            return lambda v: v if v is None else {fk(k): fv(x) for k, x in v.items()}
        if name == "struct":
            fs = [mark(f.dataType) for f in t.fields]
            if not any(fs):
                return None
            fs = [f or _same for f in fs]
            return lambda v: v if v is None else tuple(f(x) for f, x in zip(fs, v))
        return None
    marks = [mark(f.dataType) for f in schema.fields]
    if not any(marks):
        return rows
    return [tuple(m(v) if m else v for m, v in zip(marks, r)) for r in rows]


def cell(value) -> str:
    """A value as Spark shows it."""
    if value is None:
        return "NULL"
    if isinstance(value, _Float):
        return java_float(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") + _fraction(value.microsecond)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S") + _fraction(value.microsecond)
    if isinstance(value, (bytes, bytearray)):
        return "[" + " ".join(f"{b:02X}" for b in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cell(k)} -> {cell(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "{" + ", ".join(cell(v) for v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return str(value)


def _fraction(micros: int) -> str:
    return f".{micros:06d}".rstrip("0") if micros else ""


# control characters as Spark's show writes them (``escapeMetaCharacters``)
_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f",
                          "\b": "\\b", "\v": "\\v", "\a": "\\a"})


def _truncate(text: str, width: int) -> str:
    if width <= 0 or len(text) <= width:
        return text
    return text[:width] if width < 4 else text[:width - 3] + "..."


def show_string(names: list, rows: list, n: int, truncate: int, vertical: bool) -> str:
    """The table for the first ``n`` of ``rows`` (``rows`` may hold one more, to say so)."""
    more = len(rows) > n
    rows = rows[:n]
    header = list(names)
    body = [[_truncate(cell(v).translate(_ESCAPES), truncate) for v in r] for r in rows]
    if vertical:
        return _vertical(header, body, n, more)
    widths = [max([3, len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    sep = "+" + "+".join("-" * w for w in widths) + "+"

    def line(cells):
        if truncate > 0:
            return "|" + "|".join(c.rjust(w) for c, w in zip(cells, widths)) + "|"
        return "|" + "|".join(c.ljust(w) for c, w in zip(cells, widths)) + "|"
    out = [sep, line(header), sep] + [line(r) for r in body] + [sep]
    text = "\n".join(out) + "\n"
    if more:
        text += f"only showing top {n} {'row' if n == 1 else 'rows'}"
    return text


def _vertical(header, body, n, more) -> str:
    if not body:
        return "(0 rows)"
    name_w = max([3] + [len(h) for h in header])
    data_w = max([3] + [len(c) for r in body for c in r])
    lines = []
    for i, r in enumerate(body):
        head = f"-RECORD {i}"
        lines.append(head + "-" * max(0, name_w + data_w + 5 - len(head)))
        for h, c in zip(header, r):
            lines.append(f" {h.ljust(name_w)} | {c.ljust(data_w)} ")
    text = "\n".join(lines) + "\n"
    if more:
        text += f"only showing top {n} {'row' if n == 1 else 'rows'}"
    return text
