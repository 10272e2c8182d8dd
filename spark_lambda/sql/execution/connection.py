"""A task's DuckDB connection: a cursor on one database kept for the executor process.

Opening a DuckDB database costs tens of milliseconds (its catalog, buffer manager and thread
pool); a cursor on an open one about a millisecond. A worker process (or a warm Lambda
instance) runs one task at a time, so it keeps one database and gives every task a fresh
cursor on it; a local worker opens it while idle, before its first task (``open_database``,
called by the preload of ``engine_bridge.TASK_MODULES``). What a task sets up stays with its
cursor and goes when the cursor closes: the views of its inputs (``register`` is
connection-local). What the database holds for every cursor is set from each task's settings
before the task runs: threads, memory limit and spill directory (changed in place when they
differ; a new database when the spill directory differs from one DuckDB has used, which it
keeps), and the engine's own functions (Spark's hashes, the same code for every task,
registered once). A task calling Python UDFs gets a database of its own, closed after it: the
UDFs are the user's, named per plan, and must not outlive the task. The process's resident
memory once its first database is open is its baseline (``executor.memory.record_baseline``):
what tasks later find beyond it counts against their DuckDB's share (``resources``).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from ...executor.memory import record_baseline

_lock = threading.Lock()
_kept: dict = {}   # "db" → the database; "config" → its settings; "functions" → names


@contextmanager
def task_connection(config: dict, sql: str, udfs: dict):
    """A connection for one task's ``sql`` with ``config`` (``resources.duckdb_config``),
    with the functions ``sql`` calls registered; closed (its views dropped) on exit."""
    import duckdb
    from .function_udfs import register_functions
    if udfs:
        con = duckdb.connect(config=config)
        try:
            from .python_udf import register_udfs
            register_functions(con, sql)
            register_udfs(con, udfs)
            yield con
        finally:
            con.close()
        return
    with _lock:
        db = _database(config)
        register_functions(db, sql, _kept["functions"])
        con = db.cursor()
    try:
        yield con
    finally:
        con.close()


def open_database() -> None:
    """Open the kept database now, with DuckDB's defaults, so that the first task finds it
    (a worker calls this while idle, ahead of its first task: opening costs tens of
    milliseconds of that task's time otherwise); the task's settings replace the defaults."""
    with _lock:
        if "db" not in _kept:
            _database({})


def _database(config: dict):
    import duckdb
    db = _kept.get("db")
    if db is None:
        db = duckdb.connect(config=config)
        record_baseline()
        _kept.update(db=db, config=dict(config), functions=set())
        return db
    kept = _kept["config"]
    for key in ("threads", "memory_limit", "temp_directory"):
        if key in config and kept.get(key) != config[key]:
            try:
                db.execute(f"SET {key} = '{config[key]}'")
            except duckdb.Error:   # DuckDB keeps the spill directory it has used: a new one
                db.close()
                _kept.clear()
                return _database(config)
            kept[key] = config[key]
    return db
