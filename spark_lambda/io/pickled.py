"""Pickle files: ``RDD.saveAsPickleFile`` and ``SparkContext.pickleFile``.

A part file is a 6-byte magic (``SLPKL1``) followed by frames of pickled
record batches (``serializers.encode_frames``; ``batchSize`` records per
frame). Written through the output commit protocol of ``output.py``; read one
partition per part file. Like PySpark's, these files are unpickled when read:
load only files you trust.
"""

from __future__ import annotations

from ..errors import ConfigurationError, InputError
from ..serializers import decode_frames, encode_frames
from .output import save_partitions

MAGIC = b"SLPKL1"


def save_pickled(rdd, path: str, batch_size: int = 10) -> None:
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigurationError(f"batchSize must be a positive integer, got {batch_size!r}")
    codec = rdd.ctx.codec

    def encode(it) -> bytes:
        return MAGIC + b"".join(encode_frames(it, codec, batch_size))
    save_partitions(rdd, path, encode)


def read_pickled(tc, url: str):
    """The records of one pickle file (called on executors by ``PickleFileRDD``)."""
    store, key = tc.open(url)
    data = store.get(key)
    tc.metrics["bytes_read"] += len(data)
    if not data.startswith(MAGIC):
        raise InputError(f"{url} is not a file written by saveAsPickleFile; read it with the "
                         "method that wrote it.")
    return decode_frames(memoryview(data)[len(MAGIC):])
