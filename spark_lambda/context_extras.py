"""More of SparkContext's API: shared variables, added files, checkpoints, whole-file sources.

Mixed into ``SparkContext``; each method is PySpark's of the same name and
delegates to the module that implements it (``broadcast.py``,
``accumulators.py``, ``files.py``, ``checkpoint.py``, ``io/whole.py``,
``io/pickled.py``).
"""

from __future__ import annotations

import os
import uuid

from . import storage
from .errors import ConfigurationError


class ContextExtrasMixin:
    """Mixed into SparkContext."""

    # --- shared variables ---------------------------------------------------------------
    def broadcast(self, value):
        """A read-only variable sent once to the executors (see ``broadcast.py``)."""
        from .broadcast import Broadcast
        self._check_running()
        self._broadcast_count += 1
        return Broadcast(self, value, self._broadcast_count - 1)

    def accumulator(self, value, accum_param=None):
        """A variable tasks add to and the driver reads; ``accum_param`` for non-numeric types."""
        return self.accumulators.create(value, accum_param)

    # --- files ----------------------------------------------------------------------------
    def addFile(self, path: str, recursive: bool = False) -> None:
        """Make a file (or, with ``recursive``, a directory) available to every task through
        ``SparkFiles.get(name)``. Adding the same path again is ignored."""
        self._check_running()
        self.files.add(path, recursive)

    def addPyFile(self, path: str) -> None:
        """Add a .py, .zip or .egg file that tasks (and the driver) can import from."""
        self._check_running()
        self.files.add_py_file(path)

    @property
    def listFiles(self) -> list[str]:
        """The paths of the files added with ``addFile``."""
        return list(self.files.added.values())

    # --- checkpoints ----------------------------------------------------------------------
    def setCheckpointDir(self, dirName: str) -> None:
        """The directory (local, or s3:// for Lambda executors) under which RDDs are checkpointed."""
        if self.master.startswith("lambda") and not storage.is_remote(dirName):
            raise ConfigurationError(
                f"Checkpoint directory {dirName} is on the local disk, which Lambda executors cannot "
                "reach; use an s3:// directory.")
        base = dirName if storage.is_remote(dirName) else os.path.abspath(os.path.expanduser(dirName))
        self.checkpoint_dir = f"{base.rstrip('/')}/{uuid.uuid4()}"

    def getCheckpointDir(self) -> str | None:
        """The directory checkpoints go to (under the one given to ``setCheckpointDir``), or None."""
        return self.checkpoint_dir

    # --- whole-file sources -----------------------------------------------------------------
    def wholeTextFiles(self, path: str, minPartitions: int | None = None, use_unicode: bool = True):
        """(path, contents) for every file of a directory, glob or list of paths."""
        from .io.whole import WholeFileRDD, group_files
        return WholeFileRDD(self, group_files(self._input_files(path), self._min_parts(minPartitions)),
                            "utf-8" if use_unicode else None)

    def binaryFiles(self, path: str, minPartitions: int | None = None):
        """(path, bytes) for every file of a directory, glob or list of paths."""
        from .io.whole import WholeFileRDD, group_files
        return WholeFileRDD(self, group_files(self._input_files(path), self._min_parts(minPartitions)),
                            None)

    def binaryRecords(self, path: str, recordLength: int):
        """The fixed-length records (bytes) of binary files."""
        from .io.whole import BinaryRecordsRDD, record_splits
        return BinaryRecordsRDD(self, record_splits(self._input_files(path), recordLength), recordLength)

    def pickleFile(self, name: str, minPartitions: int | None = None):
        """The elements saved with ``RDD.saveAsPickleFile``."""
        from .io.pickled import PickleFileRDD
        return PickleFileRDD(self, [url for url, _ in self._input_files(name)])

    def _input_files(self, path: str) -> list[tuple[str, int]]:
        from .io.paths import list_files
        self._check_running()
        return list_files(path, self.store_options)

    def _min_parts(self, n: int | None) -> int:
        return self.defaultMinPartitions if n is None else n
