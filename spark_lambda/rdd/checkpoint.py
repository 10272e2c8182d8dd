"""Checkpointing: saving an RDD's partitions and cutting its lineage.

Mixed into ``RDD`` (the public methods) and called by
``SparkContext.run_job`` after every job (``materialize``).

``checkpoint()`` only marks the RDD, as in Spark; once a job that computed
it has finished, the driver runs one more job that writes every partition,
sealed, to ``CHECKPOINT_DIR/rdd-ID/part-NNNNN`` (persisting the RDD first
avoids computing it twice). Then the lineage is cut: the RDD forgets its
parents and shuffle dependencies, and ``RDD.iterator`` reads the saved
partitions instead of computing them. ``localCheckpoint()`` does the same with
the persisted copies in the application's work area (deleted when the context
stops) instead of the checkpoint directory. Only the marked RDDs nearest to a
job's final RDD are checkpointed, as in Spark.
"""

from __future__ import annotations

from .. import storage
from ..errors import ConfigurationError, ObjectNotFoundError
from ..serializers import decode_frames, encode_frames, seal, unseal
from ..taskcontext import TaskContext
from .storagelevel import StorageLevel


class CheckpointData:
    """What is known of an RDD's checkpoint: local or reliable, where, and whether written."""

    def __init__(self, local: bool, directory: str | None = None):
        self.local = local
        self.directory = directory
        self.done = False

    def read(self, rdd, split: int, tc):
        if self.local:
            key, store = tc.task.cache_inputs.get(f"{rdd.id}:{split}", f"rdd-{rdd.id}/part-{split}"), tc.work
        else:
            store, key = tc.open(f"{self.directory}/part-{split:05d}")
        try:
            blob = store.get(key)
        except ObjectNotFoundError:
            raise ObjectNotFoundError(
                f"Partition {split} of checkpointed RDD {rdd.id} is gone ({key}); the RDD's lineage "
                "was cut when it was checkpointed, so it cannot be recomputed.") from None
        return decode_frames(unseal(tc.secret, blob, f"checkpoint of RDD {rdd.id} partition {split}"))


class CheckpointMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def checkpoint(self) -> None:
        """Save this RDD to the checkpoint directory after the next job that computes it,
        and cut its lineage. Call it before any job has run on the RDD."""
        directory = self.ctx.checkpoint_dir
        if directory is None:
            raise ConfigurationError("Checkpoint directory has not been set in the SparkContext; "
                                     "call sc.setCheckpointDir(path) first.")
        if self.checkpoint_data is None:
            self.checkpoint_data = CheckpointData(False, f"{directory}/rdd-{self.id}")

    def localCheckpoint(self) -> None:
        """Checkpoint into the application's work area (faster, but not kept after the context stops)."""
        if self.storage_level is None:
            self.persist(StorageLevel.MEMORY_AND_DISK)
        if self.checkpoint_data is None:
            self.checkpoint_data = CheckpointData(True)

    @property
    def is_checkpointed(self) -> bool:
        """True once ``checkpoint()`` or ``localCheckpoint()`` has been called."""
        return self.checkpoint_data is not None

    def isCheckpointed(self) -> bool:
        """True once the RDD has been checkpointed (saved and its lineage cut)."""
        return self.checkpoint_data is not None and self.checkpoint_data.done

    def isLocallyCheckpointed(self) -> bool:
        return self.checkpoint_data is not None and self.checkpoint_data.local

    def getCheckpointFile(self) -> str | None:
        """The directory the RDD was checkpointed to, as a URI (``file:/...``, ``s3://...``),
        or None when it is not (yet) reliably checkpointed."""
        self.id()  # PySpark asks the JVM's RDD, drawing its id
        data = self.checkpoint_data
        done = data is not None and data.done and not data.local
        return storage.uri(data.directory) if done else None


def marked(rdd) -> list:
    """The RDDs marked for checkpointing that are nearest to ``rdd`` in its lineage."""
    found, seen, stack = [], set(), [rdd]
    while stack:
        r = stack.pop()
        if id(r) in seen:   # by identity: walking the lineage must not draw RDD ids
            continue
        seen.add(id(r))
        data = r.checkpoint_data
        if data is not None:
            if not data.done:
                found.append(r)
            continue
        stack.extend(r.parents)
        stack.extend(d.rdd for d in r.shuffle_deps)
    return found


def _writer(directory: str):
    """Each attempt writes its own temporary key; the driver moves the counted one."""
    def write(it):
        tc = TaskContext.get()
        t = tc.task
        store, key = tc.open(f"{directory}/_temporary/part-{t.partition:05d}-{t.stage_id}-"
                             f"{t.stage_attempt}-{t.attempt}")
        store.put(key, seal(tc.secret, b"".join(encode_frames(it, tc.codec))))
        return key
    return write


def _commit(ctx, directory: str, written: list) -> None:
    store, base = storage.resolve(directory, ctx.store_options)
    base = base.rstrip("/")
    for i, key in enumerate(written):
        store.move(key, f"{base}/part-{i:05d}")
    store.delete_prefix(f"{base}/_temporary/")


def materialize(ctx, rdd) -> None:
    """Write the marked RDDs the job on ``rdd`` computed, then cut their lineage."""
    for r in marked(rdd):
        data = r.checkpoint_data
        if data.local:
            missing = [p for p in range(r.getNumPartitions()) if p not in ctx.cached_partitions(r.id)]
            if missing:
                ctx.run_job(r, _drain, missing)
        else:
            _commit(ctx, data.directory, ctx.run_job(r, _writer(data.directory)))
        data.done = True
        r.parents = []
        r.shuffle_deps = []


def _drain(it) -> None:
    for _ in it:
        pass
