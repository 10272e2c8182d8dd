"""What a SQL task runs on an executor: one DuckDB query over its named Arrow inputs.

Called (as the function of ``mapPartitions``) by the engine's executor for every partition of
a stage. A record is ``(name, ipc)`` or, read from an exchange or a scan, ``(name, table)``;
tables with the same name are concatenated and registered under that name (an input with no
table gets an empty one of the schema the map statuses reported), broadcast tables too; local
Parquet splits become a view DuckDB reads in place. Exchange tables beyond the task's share of
memory for Arrow data move into DuckDB temporary tables as they arrive (``task_memory``). The
result goes out as ``("out", ipc)``, or, when the stage ends at an exchange, as ``(p, batch)``
records by ``p = hash(keys) % n`` (or a range's number), only for partitions with rows, which
the shuffle writes as Arrow blocks. The query's rows are read from DuckDB as a stream of record
batches, sorted by ``p`` (DuckDB sorts within its memory limit, spilling), so a map task holds
one batch of its output at a time and the shuffle writes each block as its rows come.
DuckDB's threads, memory limit and spill directory come from ``resources`` (its limit less
what the process holds beyond its baseline as the task starts, counted before the task's own
data arrives); the connection is a cursor on the worker's kept database (``connection``).

DuckDB errors become the Spark errors users catch (``ArithmeticException`` for a division by
zero or an overflow, ``NumberFormatException`` for a malformed cast).
"""

from __future__ import annotations

from ...executor.memory import baseline, held_since_baseline
from .arrow_io import as_table, from_ipc, to_ipc
from .task_memory import arrow_share, count_moved, hold_inputs, keep_memory_returnable, \
    return_freed_memory, store_tables

# the DuckDB variable holding the task's partition index (``spark_partition_id()``)
PARTITION_ID = "spark_partition_id"
# the DuckDB variables holding the file a scan task reads (``input_file_name()``...)
INPUT_FILE = "spark_input_"
# the DuckDB variable naming this run of the task (Spark's seeded random numbers start over)
RUN_ID = "spark_task_run"


class FragmentTask:
    """Runs ``sql`` over the partition's inputs; optionally partitions the result."""

    def __init__(self, sql: str, names: list, broadcasts: dict, exchange=None,
                 threads: int | None = None, empty: dict | None = None, udfs: dict | None = None):
        self.sql = sql
        self.names = names
        self.broadcasts = broadcasts
        self.exchange = exchange          # None, (key SQL list or None, n), or with a
        #                                   route: SQL → SQL adding ``__pid`` (range_sort)
        self.threads = threads
        self.empty = empty or {}          # input name → IPC of an empty table of its schema
        self.udfs = udfs or {}            # Python UDFs the SQL calls (python_udf.py)

    def __call__(self, index, records):
        from .connection import open_database
        keep_memory_returnable()
        open_database()   # a process's first: its resident memory now is its baseline
        resident = held_since_baseline()   # before this task's own data
        groups: dict = {n: [] for n in self.names}
        inputs: dict = {}   # name → the SQL of a view over scan splits, or a table
        try:
            yield from self._run(index, records, groups, inputs, resident)
        finally:
            for items in groups.values():   # GETs DuckDB made of files on stores, counted
                for d in items:
                    if hasattr(d, "finish"):
                        d.finish()
            groups.clear()   # the task's tables go before the allocator is asked to give back
            inputs.clear()
            return_freed_memory()

    def _run(self, index, records, groups: dict, inputs: dict, resident: int):
        import pyarrow as pa
        from .connection import task_connection
        inputs.update((name, from_ipc(b.value)) for name, b in self.broadcasts.items())
        held = sum(t.nbytes for t in inputs.values())
        with task_connection(_config(self.threads, held, resident), self.sql, self.udfs) as con:
            stored = self._gather(con, records, groups)
            kept = 0   # bytes of input tables held as Arrow, outside DuckDB
            if PARTITION_ID in self.sql:   # ``spark_partition_id()`` reads it
                con.execute(f"SET VARIABLE {PARTITION_ID} = {int(index)}")
            if INPUT_FILE in self.sql:
                _set_input_file(con, [d for items in groups.values() for d in items])
            if RUN_ID in self.sql:
                import uuid
                con.execute(f"SET VARIABLE {RUN_ID} = '{uuid.uuid4().hex}'")
            for name, items in groups.items():
                views = [getattr(d, "view_sql", None) for d in items]
                if items and all(views):   # scan splits DuckDB reads in place
                    if any(getattr(d, "source", None) is not None for d in items):
                        from ..io.store_fs import prepare
                        prepare(con)   # files on a store, from the bytes fetched for them
                    con.execute(f'CREATE TEMP VIEW "{name}" AS ' +
                                " UNION ALL ".join(v() for v in views))
                    continue
                tables = [as_table(d) for d in items]
                if name in stored:
                    store_tables(con, name, tables, True)
                    items.clear()   # in DuckDB now: the Arrow copies go
                    continue
                if not tables and name in self.empty:
                    tables = [from_ipc(self.empty[name])]
                if tables:
                    kept += sum(t.nbytes for t in tables)
                    con.register(name, pa.concat_tables(tables) if len(tables) > 1 else tables[0])
            for name, table in inputs.items():
                con.register(name, table)
            hold_inputs(kept)
            if self.exchange is None:
                yield ("out", to_ipc(_stream(con, self.sql)))
                return
            keys, n = self.exchange[:2]
            route = self.exchange[2] if len(self.exchange) > 2 else None
            if n == 1:
                yield from split_by_partition(_stream(con, self.sql))
                return
            if keys:
                pid = f"CAST(hash({', '.join(keys)}) % {n} AS INTEGER)"
            else:
                pid = f"CAST((row_number() OVER () + {index}) % {n} AS INTEGER)"
            routed = route(self.sql) if route else \
                f"SELECT *, {pid} AS __pid FROM ({self.sql}) AS q"
            ordered = f"SELECT * FROM ({routed}) AS r ORDER BY {PID}"
            yield from split_by_partition(_stream(con, ordered))

    def _gather(self, con, records, groups: dict) -> set:
        """Group the input records by name; tables read from exchanges beyond the task's
        share of memory for Arrow data (a quarter of its budget) move into DuckDB temporary
        tables, which DuckDB's memory limit bounds and spills, and leave the worker's memory.
        The names of the inputs moved (not when the query reads input files' names: the
        first table's metadata says which)."""
        import pyarrow as pa
        share = arrow_share()
        pending = 0
        stored: set = set()
        for name, data in records:
            groups.setdefault(name, []).append(data)
            if not isinstance(data, pa.Table) or INPUT_FILE in self.sql:
                continue
            pending += data.nbytes
            if pending > share:
                for n, items in groups.items():
                    if store_tables(con, n, items, n in stored):
                        stored.add(n)
                count_moved(pending)
                pending = 0
        return stored


def _set_input_file(con, items: list) -> None:
    """The variables ``input_file_*`` read, from the first input a file scan gave (none are
    set when the task reads no file: Spark's empty name and -1)."""
    for d in items:
        meta = d.input_file() if hasattr(d, "input_file") else {
            k.decode(): v.decode() for k, v in
            ((getattr(getattr(d, "schema", None), "metadata", None) or {}).items())}
        if "spark.input_file" in meta:
            uri = meta["spark.input_file"].replace("'", "''")
            con.execute(f"SET VARIABLE {INPUT_FILE}file = '{uri}'")
            con.execute(f"SET VARIABLE {INPUT_FILE}start = {int(meta['spark.input_start'])}")
            con.execute(f"SET VARIABLE {INPUT_FILE}length = {int(meta['spark.input_length'])}")
            return


def _config(threads: int | None, held: int = 0, resident: int = 0) -> dict:
    """The running task's DuckDB settings (``resources.duckdb_config``); its metrics record
    what was counted against DuckDB's share: the process's baseline (``memory_baseline_kb``),
    what it held beyond it at the task's start (``memory_counted_kb``) and the limit given
    (``duckdb_limit_kb``)."""
    from ...taskcontext import TaskContext
    from .resources import duckdb_config, limit_bytes
    tc = TaskContext.get()
    if tc is None:
        return duckdb_config(threads, 512 << 20, None)
    config = duckdb_config(threads, tc.memory_budget, tc.spill_dir(), held=held,
                           resident=resident)
    tc.metrics.update(memory_baseline_kb=baseline() >> 10, memory_counted_kb=resident >> 10,
                      duckdb_limit_kb=limit_bytes(config) >> 10)
    return config


def split_by_partition(reader):
    """``(p, rows of partition p)`` for every run of rows with the same ``__pid`` in the
    record batches of ``reader``, sorted by that column (without it: every row in partition 0),
    as zero-copy slices, batch by batch; the first partition, empty, when there are no rows
    (the schema travels)."""
    import numpy as np
    schema = reader.schema
    at = schema.get_field_index(PID)
    body_schema = schema.remove(at) if at >= 0 else schema
    seen = False
    for batch in reader:
        if not batch.num_rows:
            continue
        seen = True
        if at < 0:
            yield (0, batch)
            continue
        pids = batch.column(at).to_numpy()
        body = batch.remove_column(at)
        cuts = (np.flatnonzero(pids[1:] != pids[:-1]) + 1).tolist()
        for start, end in zip([0] + cuts, cuts + [len(pids)]):
            yield (int(pids[start]), body.slice(start, end - start))
    if not seen:
        yield (0, body_schema.empty_table())


# rows per record batch read from DuckDB: a map task holds one batch of its output at a time
BATCH_ROWS = 1 << 16
# the column of a routed query that holds each row's target partition
PID = "__pid"


def _stream(con, sql: str):
    """The rows of ``sql`` as a ``RecordBatchReader``, read as DuckDB produces them; DuckDB's
    errors (when the query starts or while its rows are read) become Spark's."""
    import duckdb
    import pyarrow as pa
    try:
        reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    except duckdb.Error as e:
        raise _spark_error(e) from None

    def batches():
        try:
            yield from reader
        except (duckdb.Error, OSError) as e:   # a stream's errors reach Python as OSError
            raise _spark_error(e) from None
    return pa.RecordBatchReader.from_batches(reader.schema, batches())


def _spark_error(e: Exception) -> Exception:
    from .python_udf import take_failure
    from .runtime_errors import translate_error
    return take_failure() or translate_error(e)
