"""What a SQL task runs on an executor: one DuckDB query over its named Arrow inputs.

Called (as the function of ``mapPartitions``) by the engine's executor for every partition of
a stage. A record is ``(name, ipc)`` or, after a shuffle, ``(partition, (name, ipc))``; tables
with the same name are concatenated and registered under that name, broadcast tables too.
The result goes out as ``("out", ipc)``, or, when the stage ends at an exchange, cut into one
block per reduce partition by ``hash(keys) % n`` (every partition gets a block, empty ones
included, so the reducer always knows the schema).

DuckDB errors become the Spark errors users catch (``ArithmeticException`` for a division by
zero or an overflow, ``NumberFormatException`` for a malformed cast).
"""

from __future__ import annotations

from .arrow_io import from_ipc, to_ipc


class FragmentTask:
    """Runs ``sql`` over the partition's inputs; optionally partitions the result."""

    def __init__(self, sql: str, names: list, broadcasts: dict, exchange=None, threads: int = 1):
        self.sql = sql
        self.names = names
        self.broadcasts = broadcasts
        self.exchange = exchange          # None, or (key SQL list or None, n, tag)
        self.threads = threads

    def __call__(self, index, records):
        import duckdb
        import pyarrow as pa
        groups: dict = {n: [] for n in self.names}
        for rec in records:
            if isinstance(rec[0], int):
                rec = rec[1]
            groups.setdefault(rec[0], []).append(from_ipc(rec[1]))
        con = duckdb.connect(config={"threads": self.threads})
        register_functions(con, self.sql)
        try:
            for name, tables in groups.items():
                if tables:
                    con.register(name, pa.concat_tables(tables) if len(tables) > 1 else tables[0])
            for name, b in self.broadcasts.items():
                con.register(name, from_ipc(b.value))
            if self.exchange is None:
                yield ("out", to_ipc(_run(con, self.sql)))
                return
            keys, n, tag = self.exchange
            if n == 1:
                yield (0, (tag, to_ipc(_run(con, self.sql))))
                return
            if keys:
                pid = f"CAST(hash({', '.join(keys)}) % {n} AS INTEGER)"
            else:
                pid = f"CAST((row_number() OVER () + {index}) % {n} AS INTEGER)"
            table = _run(con, f"SELECT *, {pid} AS __pid FROM ({self.sql}) AS q")
            yield from split_by_partition(table, n, tag)
        finally:
            con.close()


def split_by_partition(table, n: int, tag: str):
    """``(p, (tag, ipc))`` for every p in range(n), from a table with a ``__pid`` column."""
    import pyarrow.compute as pc
    pids = table.column("__pid")
    body = table.drop_columns(["__pid"])
    for p in range(n):
        yield (p, (tag, to_ipc(body.filter(pc.equal(pids, p)))))


def register_functions(con, sql: str) -> None:
    """The Python functions ``sql`` calls (Spark's hashes), registered on ``con``."""
    from .function_udfs import register_functions as register
    register(con, sql)


def _run(con, sql: str):
    import duckdb
    try:
        return con.sql(sql).to_arrow_table()
    except duckdb.Error as e:
        raise translate_error(e) from None


def translate_error(e: Exception) -> Exception:
    """The Spark error for a DuckDB error raised while a query ran."""
    from ..errors import ArithmeticException, NumberFormatException, SparkRuntimeException
    text = str(e)
    if "Division by zero" in text or "DIVIDE_BY_ZERO" in text:
        return ArithmeticException("Division by zero. Use `try_divide` to tolerate divisor "
                                   "being 0 and return NULL instead.", "DIVIDE_BY_ZERO")
    if "CAST_INVALID_INPUT" in text or "Could not convert string" in text:
        return NumberFormatException(f"The value cannot be cast because it is malformed: "
                                     f"{text}", "CAST_INVALID_INPUT")
    from .function_errors import function_error
    if function_error(text) is not None:
        return function_error(text)
    if "out of range" in text.lower() or "overflow" in text.lower():
        return ArithmeticException(f"Overflow: {text}", "ARITHMETIC_OVERFLOW")
    return SparkRuntimeException(text, "INTERNAL_ERROR")
