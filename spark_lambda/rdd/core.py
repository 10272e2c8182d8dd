"""The core every RDD shares: the five members, persistence and naming.

An RDD is five things: a number of partitions, a way to compute one
partition (``compute(split, tc)`` on the executor), its dependencies
(narrow ``parents`` and ``shuffle_deps``), an optional ``partitioner``, and
(unused here) preferred locations. ``RDDCore`` holds them; the method
families (``narrow.py``, ``pairs.py``, ``actions.py``, ...) are built on them
and on the primitives that build lineage, and the public ``RDD`` class is
assembled from both in ``lineage.py``.

RDD objects are cloudpickled into a stage's code without their context.

Ids are numbered as PySpark numbers them. In PySpark every RDD the JVM holds
has an id from its creation, but a chain of Python narrow steps (``map``,
``filter``, ``mapPartitions``...) is one *pipelined* RDD that gets its JVM id
only when something needs it: ``id()`` itself, an action that runs on it
(``collect``), ``cache``/``persist``/``checkpoint``, or a child that cannot
fuse with it (a union, a zip, a pipeline over a cached RDD). A narrow step
over an unmaterialised pipeline fuses into it and takes nothing. Here a
``MapPartitionsRDD`` (and ``parallelize`` of a ``range``, a pipeline over a
small parallelized list in PySpark) draws its id on first use in the same
way; every other RDD draws one when built, after the ids PySpark's JVM
spends on internal RDDs (``id_cost``). Jobs run through the scheduler never
draw an id, so numbering depends only on what the program does. Once drawn,
an id never changes.
"""

from __future__ import annotations

from ..errors import ConfigurationError
from .persist import read_or_compute
from .storagelevel import StorageLevel


class RDDId(int):
    """An RDD's id: an int that can also be called, as PySpark's ``rdd.id()`` is."""

    def __call__(self) -> int:
        return int(self)


class RDDCore:
    """An RDD's five members, the partition iterator, persistence and naming."""

    #: True for RDDs PySpark builds as a Python pipeline, numbered lazily (see the module doc)
    python_pipeline = False
    #: how PySpark's JVM would hold the records: "pickled" (its default), ("batched", size)
    #: for a parallelized list, "utf8" for text lines; a union of unlike ones re-pickles
    #: the others first, which draws ids
    record_format: object = "pickled"

    def __init__(self, ctx, num_partitions: int, parents=(), shuffle_deps=(), partitioner=None,
                 id_cost: int = 0):
        self.ctx = ctx
        self._rdd_id: RDDId | None = None
        if not self.python_pipeline:
            for parent in parents:
                parent.id()  # a child that does not fuse materialises its parents, as in PySpark
        for _ in range(id_cost):
            ctx.new_rdd_id()
        if not self.python_pipeline:
            self._rdd_id = RDDId(ctx.new_rdd_id())
        self._num_partitions = num_partitions
        self.parents = list(parents)
        self.shuffle_deps = list(shuffle_deps)
        self.partitioner = partitioner
        self.storage_level: StorageLevel | None = None
        self._name: str | None = None
        self.checkpoint_data = None   # a checkpoint.CheckpointData once checkpoint() is called

    @property
    def id(self) -> RDDId:
        """This RDD's id, unique within its SparkContext (call it, ``rdd.id()``, as in PySpark)."""
        if self._rdd_id is None:
            if self.ctx is None:
                raise RuntimeError("This RDD was never given an id on the driver; an id is only "
                                   "known to tasks for RDDs that are persisted or checkpointed.")
            self._rdd_id = RDDId(self.ctx.new_rdd_id())
        return self._rdd_id

    def fuses_ids(self) -> bool:
        """Whether a narrow step built on this RDD joins its pipeline in PySpark's numbering
        (a Python pipeline that is neither persisted nor checkpointed), taking no id."""
        return self.python_pipeline and self.storage_level is None and self.checkpoint_data is None

    def run_job(self, func, partitions=None) -> list:
        """Run ``func(iterator)`` over partitions of this RDD (all by default) as an action.

        PySpark runs such an action on a new pipeline over this RDD, whose JVM id is drawn
        here (this RDD's own id is left alone: ``collect`` asks for it instead)."""
        self.ctx.new_rdd_id()
        return self.ctx.run_job(self, func, partitions)

    # --- pickling into stage code -----------------------------------------------
    def __getstate__(self):
        state = dict(self.__dict__)
        state["ctx"] = None
        return state

    @property
    def context(self):
        """The SparkContext this RDD was created on."""
        return self.ctx

    # --- the executor side -------------------------------------------------------
    def compute(self, split: int, tc):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def iterator(self, split: int, tc):
        """The records of ``split``: from a checkpoint or persisted copy if there is one, else computed."""
        if self.checkpoint_data is not None and self.checkpoint_data.done:
            return self.checkpoint_data.read(self, split, tc)
        if self.storage_level is None:
            return self.compute(split, tc)
        return read_or_compute(self, split, tc)

    # --- the driver side -----------------------------------------------------------
    def getNumPartitions(self) -> int:
        return self._num_partitions

    def shuffle_reads(self, split: int) -> list[tuple[int, int]]:
        """(shuffle_id, reduce_partition) pairs that computing ``split`` reads."""
        if self.stored(split):
            return []
        return [r for parent, s in self.narrow_inputs(split) for r in parent.shuffle_reads(s)]

    def stored(self, split: int) -> bool:
        """Whether ``split`` is read from a checkpoint or persisted copy, not computed."""
        if self.checkpoint_data is not None and self.checkpoint_data.done:
            return True
        return self.storage_level is not None and split in self.ctx.cached_partitions(self.id)

    def narrow_inputs(self, split: int) -> list[tuple["RDDCore", int]]:
        """The parent partitions ``split`` is computed from (one-to-one by default)."""
        return [(p, split) for p in self.parents]

    def narrow_source(self) -> tuple["RDDCore", object]:
        """``(rdd, f)``: this RDD is ``f(split, iterator)`` over ``rdd``'s partitions (``f`` None:
        this RDD itself); a pipeline of narrow functions answers its source and their fusion."""
        return self, None

    # --- naming and persistence ----------------------------------------------------
    def name(self):
        """The name given with ``setName``, or None."""
        self.id()  # PySpark materialises the RDD here, drawing its id
        return self._name

    def setName(self, name: str) -> "RDD":
        """Name this RDD (shown in ``toDebugString`` and the UI)."""
        self.id()  # PySpark materialises the RDD here, drawing its id
        self._name = name
        return self

    def persist(self, storageLevel: StorageLevel = StorageLevel.MEMORY_ONLY) -> "RDD":
        """Keep computed partitions (in the object store) for later jobs."""
        if self.storage_level is not None and self.storage_level != storageLevel:
            raise ConfigurationError(
                f"Cannot change the storage level of RDD {self.id} from {self.storage_level} to "
                f"{storageLevel}; call unpersist() first.")
        self.id()  # PySpark materialises the RDD here, drawing its id
        self.storage_level = storageLevel
        return self

    def cache(self) -> "RDD":
        return self.persist(StorageLevel.MEMORY_ONLY)

    @property
    def is_cached(self) -> bool:
        return self.storage_level is not None

    def getStorageLevel(self) -> StorageLevel:
        """How this RDD is persisted (all flags off when it is not)."""
        self.id()  # PySpark materialises the RDD here, drawing its id
        return self.storage_level or StorageLevel(False, False, False, False, 1)

    def unpersist(self, blocking: bool = False) -> "RDD":
        if self.storage_level is not None:
            self.ctx.drop_cached(self.id)
        self.storage_level = None
        return self

    def __repr__(self):
        return f"{type(self).__name__}[{self.id}]" + (f" {self._name}" if self._name else "")

    def __add__(self, other: "RDD") -> "RDD":
        if not isinstance(other, RDDCore):
            raise TypeError(f"can only add an RDD to an RDD, not {type(other).__name__}")
        return self.union(other)
