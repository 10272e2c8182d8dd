"""DuckDB reading a Parquet file on an object store where it lies, from the bytes its task fetched.

A local Parquet split is read by the task's DuckDB itself (``parquet_split.ParquetSplit``): its own
reader decodes only the needed columns of the split's row groups, with the query's filters in
the scan. A file on S3 was read by pyarrow instead, into Arrow arrays that DuckDB then scanned,
which costs far more CPU and memory (pyarrow widens a decimal stored in 8 bytes to 16, into
fresh pages). Here the task fetches the split's column chunks as before (``StoreFile.prefetch``:
merged ranged GETs, at once, each chunk with the bytes DuckDB reads past it) and the footer, and
gives DuckDB the file as ``slscan://<token>/<name>``: a filesystem registered in the task's
database (``prepare``) whose files are those ``StoreFile``s, so DuckDB's reads are served from
the fetched bytes, and a read of anything not fetched is a ranged GET of just that part
(``StoreFile.read_range``): nothing DuckDB reads is ever made up.

A token names one ``StoreFile`` held by a running task (``TaskContext.read_chunks``); the map
keeps it weakly, so the bytes go with the task. Needs ``fsspec`` (DuckDB registers Python
filesystems through it).
"""

from __future__ import annotations

import itertools
import threading
import weakref

from .storefile import PositionedFile

PROTOCOL = "slscan"

_files: "weakref.WeakValueDictionary[str, object]" = weakref.WeakValueDictionary()
_tokens = itertools.count()
_lock = threading.Lock()
_filesystem: list = []
_available: list = []


def available() -> bool:
    """Whether DuckDB can be given a task's files (fsspec is installed: an executor's package
    built before it was a dependency has none, and its scans decode with pyarrow instead)."""
    if not _available:
        import importlib.util
        _available.append(importlib.util.find_spec("fsspec") is not None)
    return _available[0]


def path_for(source, url: str) -> str:
    """The path DuckDB reads the ``StoreFile`` ``source`` (the object at ``url``) by."""
    with _lock:
        token = str(next(_tokens))
        _files[token] = source
    name = url.rstrip("/").rsplit("/", 1)[-1] or "file"
    return f"{PROTOCOL}://{token}/{name}"


def prepare(con) -> None:
    """Make the ``slscan://`` files readable by the task's connection ``con``: the filesystem
    registered in its database (once; with no copy kept of what DuckDB reads, since a task
    reads its files once), and for this connection a Parquet reader that coalesces only
    touching reads (the fetch merged the ranges already, by ``storage/ranges.py``'s rule: a
    read across a gap it left would be a GET in DuckDB's thread)."""
    if PROTOCOL not in con.list_filesystems():
        with _lock:
            if not _filesystem:
                _filesystem.append(_task_files_class()())
        con.register_filesystem(_filesystem[0])
        con.execute("SET GLOBAL enable_external_file_cache = false")
    con.execute("SET disable_parquet_prefetching = true")
    con.execute("SET parquet_use_page_index = false")


def _source(path: str):
    token = path.split("://", 1)[-1].split("/", 1)[0]
    source = _files.get(token)
    if source is None:
        raise FileNotFoundError(f"{path}: no running task holds this file")
    return source


class _Reader(PositionedFile):
    """One open handle on a held file: its own position, positional reads of the file."""

    def __init__(self, source):
        super().__init__(source.size)
        self.source = source

    def _read(self, start: int, end: int) -> bytes:
        return self.source.read_range(start, end)


def _task_files_class():
    """The fsspec filesystem class (defined on first use: fsspec is imported only then)."""
    import datetime

    from fsspec.spec import AbstractFileSystem

    class TaskFiles(AbstractFileSystem):
        """The files running tasks hold, read-only, by ``slscan://`` path."""
        protocol = PROTOCOL

        def _open(self, path, mode="rb", **kwargs):
            if "r" not in mode:
                raise PermissionError(f"{path}: read-only")
            return _Reader(_source(path))

        def info(self, path, **kwargs):
            return {"name": path, "size": _source(path).size, "type": "file"}

        def ls(self, path, detail=True, **kwargs):
            return [self.info(path)] if detail else [path]

        def modified(self, path):
            _source(path)
            return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

    return TaskFiles
