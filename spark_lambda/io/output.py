"""Saving RDDs to files, with an output commit protocol that S3 can honour.

Called on the driver by ``saveAsTextFile`` and ``df.write``; the task side runs on executors.

1. The output path must not exist (Spark's FileAlreadyExistsException).
2. Every task attempt writes its files under its own temporary prefix,
   ``PATH/_temporary/JOB/attempt-T/`` (T the task attempt's id, unique in the
   application): attempts never overwrite each other, and nothing under a final name
   exists yet.
3. When every partition has succeeded, the driver commits: the files of the
   attempt the scheduler counted for each partition are moved to their final
   names (``PATH/part-NNNNN`` for ``saveAsTextFile``),
   the temporary prefix is deleted, and ``_SUCCESS`` is written last.
4. If the job or the commit fails, the temporary objects and any committed
   parts are deleted, so a failed job leaves no ``_SUCCESS`` and no part.
5. An attempt still running when the job ends (a speculative copy that
   lost) may write its temporary file late; the temporary prefix is deleted
   again once it has finished.
"""

from __future__ import annotations

import bz2
import gzip
import uuid

from .. import storage
from ..errors import ConfigurationError, OutputExistsError
from ..taskcontext import TaskContext

CODECS = {
    "org.apache.hadoop.io.compress.GzipCodec": (".gz", gzip.compress),
    "org.apache.hadoop.io.compress.BZip2Codec": (".bz2", bz2.compress),
}


def _codec(name: str | None):
    if name is None:
        return "", None
    if name not in CODECS:
        raise ConfigurationError(f"Unsupported compression codec class {name!r}; use one of "
                                 + ", ".join(sorted(CODECS)) + ".")
    return CODECS[name]


def check_output(path: str, options: dict) -> tuple:
    store, key = storage.resolve(path, options)
    base = key.rstrip("/")
    if store.exists(base) or next(iter(store.list(base + "/")), None) is not None:
        raise OutputExistsError(f"Output directory {path} already exists. Choose a new path, "
                                "or delete the old output first.")
    return store, base


def save_partitions(rdd, path: str, encode, compression: str | None = None) -> None:
    """Run a job writing ``encode(iterator) -> bytes`` per partition, then commit."""
    ext, compress = _codec(compression)

    def write(partition: int, it):
        data = encode(it)
        if compress is not None:
            data = compress(data)
        return [(f"part-{partition:05d}{ext}", data)]
    save_files(rdd, path, write)


def save_files(rdd, path: str, write, mode: str = "error") -> None:
    """Run a job where ``write(partition, iterator)`` gives ``(relative name, bytes)`` pairs
    (any number per partition: Hive-style ``key=value/`` names included), then commit them
    under ``path`` as the module docstring says.

    ``mode``: ``error`` (the path must not exist), ``append`` (existing files stay) or
    ``overwrite`` (existing files are deleted when the job has succeeded, just before the
    new ones are moved in)."""
    rdd.ctx.check_reachable(path, "output path")
    scheme, _, absolute = storage.split_url(path)
    if scheme == "file":
        path = absolute  # executors may run in another working directory
    if mode == "error":
        store, base = check_output(path, rdd.ctx.store_options)
    else:
        store, key = storage.resolve(path, rdd.ctx.store_options)
        base = key.rstrip("/")
    job = uuid.uuid4().hex[:12]
    temp = f"{path.rstrip('/')}/_temporary/{job}"

    def task(it):
        tc = TaskContext.get()
        task_store, prefix = tc.open(f"{temp}/attempt-{tc.taskAttemptId()}")
        out = []
        for name, data in write(tc.partitionId(), it):
            task_store.put(f"{prefix}/{name}", data)
            out.append((f"{prefix}/{name}", name))
        return out

    committed: list[str] = []
    try:
        written = rdd.run_job(task)
        if mode == "overwrite":
            store.delete([i.key for i in store.list(base + "/")
                          if not i.key.startswith(f"{base}/_temporary/")])
        for files in written:
            for temp_key, name in files:
                store.move(temp_key, f"{base}/{name}")
                committed.append(f"{base}/{name}")
        store.delete_prefix(f"{base}/_temporary/")
        store.put(f"{base}/_SUCCESS", b"")
    except BaseException:
        store.delete_prefix(f"{base}/_temporary/")
        store.delete(committed)
        raise
    finally:  # a speculative copy still running may write its attempt's file later
        rdd.ctx.scheduler.after_tasks(lambda: store.delete_prefix(f"{base}/_temporary/"))


def encode_text(it) -> bytes:
    """Each element's ``str`` as a UTF-8 line; bytes are decoded first, with U+FFFD
    for what is not UTF-8, as PySpark's saveAsTextFile writes them."""
    chunks = []
    for x in it:
        if isinstance(x, (bytes, bytearray)):
            x = bytes(x).decode("utf-8", "replace")
        chunks.append(x if isinstance(x, str) else str(x))
    if not chunks:
        return b""
    return ("\n".join(chunks) + "\n").encode("utf-8")


def save_text(rdd, path: str, compression: str | None = None) -> None:
    save_partitions(rdd, path, encode_text, compression)
