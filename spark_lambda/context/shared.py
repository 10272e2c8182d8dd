"""SparkContext's shared state with tasks: broadcasts, accumulators, added files, checkpoints.

Mixed into ``SparkContext``; each method is PySpark's of the same name and
delegates to the module that implements it (``broadcast.py``,
``accumulators.py``, ``files.py``, ``rdd/checkpoint.py``).
"""

from __future__ import annotations

import uuid

from .. import storage
from ..broadcast import Broadcast
from ..errors import ConfigurationError


class SharedMixin:
    """Mixed into SparkContext."""

    # --- shared variables ---------------------------------------------------------------
    def broadcast(self, value):
        """A read-only variable sent once to the executors (see ``broadcast.py``)."""
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

    def addArchive(self, path: str) -> None:
        """Make an archive (.zip, .jar, .tar, .tar.gz, .tgz) available to every task, unpacked
        into the directory ``SparkFiles.get(name)`` (``name`` is the archive's file name, or
        the one given as ``path#name``). Adding the same path again is ignored."""
        self._check_running()
        self.files.add_archive(path)

    @property
    def listFiles(self) -> list[str]:
        """The URIs of the files added with ``addFile`` and ``addPyFile`` (``file:/...``)."""
        internal = set(self.files.site_bundles)
        return [url for name, url in self.files.added.items() if name not in internal]

    @property
    def listArchives(self) -> list[str]:
        """The URIs of the archives added with ``addArchive`` (``file:/...``, with ``#name``
        when renamed)."""
        return list(self.files.archives.values())

    # --- checkpoints ----------------------------------------------------------------------
    def setCheckpointDir(self, dirName: str) -> None:
        """The directory (local, or s3:// for Lambda executors) under which RDDs are checkpointed."""
        if self.master.startswith("lambda") and not storage.is_remote(dirName):
            raise ConfigurationError(
                f"Checkpoint directory {dirName} is on the local disk, which Lambda executors cannot "
                "reach; use an s3:// directory.")
        base = dirName if storage.is_remote(dirName) else storage.split_url(dirName)[2]
        self.checkpoint_dir = f"{base.rstrip('/')}/{uuid.uuid4()}"

    def getCheckpointDir(self) -> str | None:
        """The directory checkpoints go to (a new one under the one given to
        ``setCheckpointDir``) as a URI (``file:/...``, ``s3://...``), or None."""
        return None if self.checkpoint_dir is None else storage.uri(self.checkpoint_dir)
