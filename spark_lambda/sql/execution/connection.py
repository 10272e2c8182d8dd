"""A task's DuckDB connection: a cursor on one database kept for the executor process.

Opening a DuckDB database costs tens of milliseconds (its catalog, buffer manager and thread
pool); a cursor on an open one about a millisecond. A worker process (or a warm Lambda
instance) runs one task at a time, so it keeps one database and gives every task a fresh
cursor on it. What a task sets up stays with its cursor and goes when the cursor closes:
the views of its inputs (``register`` is connection-local). What the database holds for
every cursor is set from each task's settings before the task runs: threads and memory limit
(changed in place when they differ), the spill directory (a new database when it differs,
since DuckDB keeps the first one it used), and the engine's own functions (Spark's hashes,
the same code for every task, registered once). A task calling Python UDFs gets a database
of its own, closed after it: the UDFs are the user's, named per plan, and must not outlive
the task.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

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


def _database(config: dict):
    import duckdb
    db, kept = _kept.get("db"), _kept.get("config")
    if db is not None and kept.get("temp_directory") != config.get("temp_directory"):
        db.close()
        db = None
    if db is None:
        db = duckdb.connect(config=config)
        _kept.update(db=db, config=dict(config), functions=set())
        return db
    for key in ("threads", "memory_limit"):
        if kept.get(key) != config.get(key):
            db.execute(f"SET {key} = '{config[key]}'")
            kept[key] = config[key]
    return db

