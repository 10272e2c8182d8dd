"""RDD: a partitioned collection computed lazily from its lineage.

An RDD is five things: a number of partitions, a way to compute one
partition (``compute(split, tc)`` on the executor), its dependencies
(narrow ``parents`` and ``shuffle_deps``), an optional ``partitioner``, and
(unused here) preferred locations. Everything else is built on them:

* every narrow transformation lowers to ``mapPartitionsWithIndex(f)`` with
  ``f(split, iterator)``, and a chain of them fuses into one function by
  composition (``MapPartitionsRDD``), so a stage runs one Python function;
* every shuffle goes through ``partitionBy`` (``pairs.py``); aggregations
  are map-side combine, partition, merge;
* actions (``actions.py``) run a function over each partition on the
  executors through ``SparkContext.run_job``.

RDD objects are cloudpickled into a stage's code without their context.
"""

from __future__ import annotations

import itertools

from .actions import ActionsMixin
from .checkpoint import CheckpointMixin
from .combining import CombiningMixin
from .extras import ExtrasMixin
from .numeric import NumericMixin
from .pairs import PairsMixin
from .sampling import SamplingMixin


class StorageLevel:
    """Where persisted partitions live; PySpark's names, all kept in the object store here."""

    def __init__(self, useDisk, useMemory, useOffHeap, deserialized, replication=1):
        self.useDisk, self.useMemory, self.useOffHeap = useDisk, useMemory, useOffHeap
        self.deserialized, self.replication = deserialized, replication

    def __eq__(self, other):
        return isinstance(other, StorageLevel) and vars(self) == vars(other)

    def __hash__(self):
        return hash(tuple(vars(self).values()))

    def __repr__(self):
        return (f"StorageLevel({self.useDisk}, {self.useMemory}, {self.useOffHeap}, "
                f"{self.deserialized}, {self.replication})")

    def __str__(self):
        parts = [("Disk", self.useDisk), ("Memory", self.useMemory), ("OffHeap", self.useOffHeap)]
        kinds = "".join(n + " " for n, on in parts if on)
        ser = "Deserialized" if self.deserialized else "Serialized"
        return f"{kinds}{ser} {self.replication}x Replicated"


for _name, _args in {
    "DISK_ONLY": (True, False, False, False), "DISK_ONLY_2": (True, False, False, False, 2),
    "DISK_ONLY_3": (True, False, False, False, 3), "MEMORY_ONLY": (False, True, False, False),
    "MEMORY_ONLY_2": (False, True, False, False, 2), "MEMORY_AND_DISK": (True, True, False, False),
    "MEMORY_AND_DISK_2": (True, True, False, False, 2), "OFF_HEAP": (True, True, True, False, 1),
    "MEMORY_AND_DISK_DESER": (True, True, False, True),
}.items():
    setattr(StorageLevel, _name, StorageLevel(*_args))


class RDDId(int):
    """An RDD's id: an int that can also be called, as PySpark's ``rdd.id()`` is."""

    def __call__(self) -> int:
        return int(self)


class RDD(ActionsMixin, PairsMixin, NumericMixin, CombiningMixin, SamplingMixin, ExtrasMixin,
          CheckpointMixin):
    """A Resilient Distributed Dataset, with PySpark's API."""

    def __init__(self, ctx, num_partitions: int, parents=(), shuffle_deps=(), partitioner=None):
        self.ctx = ctx
        self.id = RDDId(ctx.new_rdd_id())
        self._num_partitions = num_partitions
        self.parents = list(parents)
        self.shuffle_deps = list(shuffle_deps)
        self.partitioner = partitioner
        self.storage_level: StorageLevel | None = None
        self._name: str | None = None
        self.checkpoint_data = None   # a checkpoint.CheckpointData once checkpoint() is called

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
        from .persist import read_or_compute
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

    def narrow_inputs(self, split: int) -> list[tuple["RDD", int]]:
        """The parent partitions ``split`` is computed from (one-to-one by default)."""
        return [(p, split) for p in self.parents]

    # --- naming and persistence ----------------------------------------------------
    def name(self):
        return self._name

    def setName(self, name: str) -> "RDD":
        self._name = name
        return self

    def persist(self, storageLevel: StorageLevel = StorageLevel.MEMORY_ONLY) -> "RDD":
        """Keep computed partitions (in the object store) for later jobs."""
        if self.storage_level is not None and self.storage_level != storageLevel:
            from .errors import ConfigurationError
            raise ConfigurationError(
                f"Cannot change the storage level of RDD {self.id} from {self.storage_level} to "
                f"{storageLevel}; call unpersist() first.")
        self.storage_level = storageLevel
        return self

    def cache(self) -> "RDD":
        return self.persist(StorageLevel.MEMORY_ONLY)

    @property
    def is_cached(self) -> bool:
        return self.storage_level is not None

    def getStorageLevel(self) -> StorageLevel:
        return self.storage_level or StorageLevel(False, False, False, False, 1)

    def unpersist(self, blocking: bool = False) -> "RDD":
        if self.storage_level is not None:
            self.ctx.drop_cached(self.id)
        self.storage_level = None
        return self

    def __repr__(self):
        return f"{type(self).__name__}[{self.id}]" + (f" {self._name}" if self._name else "")

    def __add__(self, other: "RDD") -> "RDD":
        if not isinstance(other, RDD):
            raise TypeError(f"can only add an RDD to an RDD, not {type(other).__name__}")
        return self.union(other)

    # --- narrow transformations -----------------------------------------------------
    def mapPartitionsWithIndex(self, f, preservesPartitioning: bool = False) -> "RDD":
        """Apply ``f(split_index, iterator)`` to each partition; the primitive of every narrow op."""
        return MapPartitionsRDD(self, f, preservesPartitioning)

    def mapPartitions(self, f, preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: f(it), preservesPartitioning)

    def map(self, f, preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: map(f, it), preservesPartitioning)

    def flatMap(self, f, preservesPartitioning: bool = False) -> "RDD":
        chain = itertools.chain.from_iterable
        return self.mapPartitionsWithIndex(lambda _, it: chain(map(f, it)), preservesPartitioning)

    def filter(self, f) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: filter(f, it), True)

    def glom(self) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: [list(it)])

    def sample(self, withReplacement: bool, fraction: float, seed: int | None = None) -> "RDD":
        """A seeded random sample: Bernoulli without replacement, Poisson with it."""
        from .sampling import sampler
        import random as _random
        seed = _random.randrange(1 << 31) if seed is None else seed
        return self.mapPartitionsWithIndex(sampler(withReplacement, fraction, seed), True)

    def keyBy(self, f) -> "RDD":
        return self.map(lambda x: (f(x), x))

    def union(self, other: "RDD") -> "RDD":
        return self.ctx.union([self, other])

    def coalesce(self, numPartitions: int, shuffle: bool = False) -> "RDD":
        """Fewer partitions without a shuffle (or any number with ``shuffle=True``)."""
        from .pairs import check_partitions
        check_partitions(numPartitions)
        if shuffle:
            return self.repartition(numPartitions)
        n = self.getNumPartitions()
        target = min(numPartitions, n) if n else numPartitions
        groups = [list(range(i * n // target, (i + 1) * n // target)) for i in range(target)] if n else []
        return CoalescedRDD(self, groups)

    def repartition(self, numPartitions: int) -> "RDD":
        """Exactly ``numPartitions`` partitions, through a shuffle."""
        from .pairs import check_partitions
        check_partitions(numPartitions)

        def add_keys(split, it):
            for i, x in enumerate(it, split * 7919):
                yield i, x
        keyed = self.mapPartitionsWithIndex(add_keys)
        from .partitioner import HashPartitioner
        return keyed.partitionBy(numPartitions, HashPartitioner(numPartitions, _identity_int).partition_func) \
            .values()

    def distinct(self, numPartitions: int | None = None) -> "RDD":
        return self.map(lambda x: (x, None)).reduceByKey(lambda x, _: x, numPartitions).keys()


def _identity_int(i: int) -> int:
    return i


from .lineage import CoalescedRDD, MapPartitionsRDD  # noqa: E402  (they subclass RDD)
