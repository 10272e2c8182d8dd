"""The public ``RDD`` class, assembled, and the lineage types its primitives build.

``RDD`` is ``RDDCore`` (``core.py``: the five members, persistence, naming)
plus its method families, each a mixin of PySpark's methods built on the
primitives below: ``narrow.py``, ``pairs.py``, ``joins.py``, ``sorting.py``,
``setops.py``, ``actions.py``, ``numeric.py``, ``sampling.py``,
``checkpoint.py``, ``debug_string.py``. The families never import this
module; they reach the lineage types only through the primitives, which
are the only methods that construct them:

* ``mapPartitionsWithIndex`` builds a ``MapPartitionsRDD``, which fuses with a
  parent of its own kind by composing the two partition functions (unless the
  parent is persisted or checkpointed, whose output must be kept), so a chain
  of narrow operations is one function call per partition;
* ``_shuffled`` builds a ``ShuffledRDD``, the reduce side of one shuffle;
* ``_cogrouped`` builds a ``CoGroupedRDD``, which reads several sides at once,
  each from its own shuffle (or directly, when already partitioned alike);
* ``coalesce``, ``zip`` and ``cartesian`` build narrow types of more than one
  input partition or parent.

A shuffle read starts a new stage. ``SparkContext`` builds the union and
empty RDDs, and source RDDs (``sources.py``) subclass ``RDD``.
"""

from __future__ import annotations

from ..shuffle.partitioner import check_partitions
from ..shuffle.reader import read_blocks
from .actions import ActionsMixin
from .checkpoint import CheckpointMixin
from .core import RDDCore
from .debug_string import DebugStringMixin
from .exchange import shuffle_dependency
from .joins import JoinsMixin
from .narrow import NarrowMixin
from .numeric import NumericMixin
from .pairs import PairsMixin
from .sampling import SamplingMixin
from .setops import SetOpsMixin
from .sorting import SortingMixin

_END = object()


class RDD(RDDCore, NarrowMixin, PairsMixin, JoinsMixin, SortingMixin, SetOpsMixin, ActionsMixin,
          NumericMixin, SamplingMixin, CheckpointMixin, DebugStringMixin):
    """A Resilient Distributed Dataset, with PySpark's API."""

    # --- the primitives: the only methods that build lineage types ----------------------
    def mapPartitionsWithIndex(self, f, preservesPartitioning: bool = False) -> "RDD":
        """Apply ``f(split_index, iterator)`` to each partition; the primitive of every narrow op."""
        return MapPartitionsRDD(self, f, preservesPartitioning)

    def _shuffled(self, partitioner, block_kind: str = "records") -> "RDD":
        """The records routed to each partition by ``partitioner`` (a new stage reads them);
        with ``block_kind="arrow"``, ``(partition, table)`` records become a table per block."""
        return ShuffledRDD(self, partitioner, block_kind)

    def _cogrouped(self, rdds: list, partitioner, f) -> "RDD":
        """``f(split, [side iterators])`` over each key partition of ``rdds``."""
        return CoGroupedRDD(rdds, partitioner, f)

    def coalesce(self, numPartitions: int, shuffle: bool = False) -> "RDD":
        """Fewer partitions without a shuffle (or any number with ``shuffle=True``)."""
        check_partitions(numPartitions)
        if shuffle:
            return self.repartition(numPartitions)
        n = self.getNumPartitions()
        target = min(numPartitions, n) if n else numPartitions
        groups = [list(range(i * n // target, (i + 1) * n // target)) for i in range(target)] if n else []
        return CoalescedRDD(self, groups)

    def zip(self, other):
        """Pairs of the i-th elements of both RDDs (same partitions, same lengths)."""
        return ZippedRDD(self, other)

    def cartesian(self, other):
        """Every pair ``(a, b)`` with ``a`` in this RDD and ``b`` in ``other``."""
        return CartesianRDD(self, other)


class MapPartitionsRDD(RDD):
    """``f(split, iterator)`` over the parent's partition."""

    python_pipeline = True

    def __init__(self, parent: RDD, f, preserves_partitioning: bool = False):
        if not parent.fuses_ids():
            parent.id()  # PySpark's pipeline over an RDD it cannot join materialises that RDD
        if type(parent) is MapPartitionsRDD and parent.storage_level is None \
                and parent.checkpoint_data is None:
            inner, outer = parent.f, f
            f = lambda split, it: outer(split, inner(split, it))  # noqa: E731
            preserves_partitioning = preserves_partitioning and parent.preserves_partitioning
            parent = parent.parents[0]
        super().__init__(parent.ctx, parent.getNumPartitions(), [parent],
                         partitioner=parent.partitioner if preserves_partitioning else None)
        self.f = f
        self.preserves_partitioning = preserves_partitioning

    def compute(self, split, tc):
        return self.f(split, self.parents[0].iterator(split, tc))

    def narrow_source(self):
        if self.storage_level is not None or self.checkpoint_data is not None:
            return self, None
        return self.parents[0], self.f


def _union_id_cost(union, rdds: list[RDD]) -> int:
    """The ids PySpark draws before a union's own: when its inputs hold records unlike
    each other, one re-pickling pipeline per input not already pickled."""
    formats = {repr(r.record_format) for r in rdds}
    if len(formats) == 1:
        union.record_format = rdds[0].record_format
        return 0
    return sum(r.record_format != "pickled" for r in rdds)


class UnionRDD(RDD):
    """The partitions of several RDDs, one after another."""

    def __init__(self, ctx, rdds: list[RDD]):
        super().__init__(ctx, sum(r.getNumPartitions() for r in rdds), rdds,
                         id_cost=_union_id_cost(self, rdds))
        self.index = [(i, s) for i, r in enumerate(rdds) for s in range(r.getNumPartitions())]

    def narrow_inputs(self, split):
        i, s = self.index[split]
        return [(self.parents[i], s)]

    def compute(self, split, tc):
        i, s = self.index[split]
        return self.parents[i].iterator(s, tc)


class PartitionerAwareUnionRDD(RDD):
    """Union of RDDs with the same partitioner: partition i joins every parent's partition i."""

    def __init__(self, ctx, rdds: list[RDD]):
        super().__init__(ctx, rdds[0].getNumPartitions(), rdds, partitioner=rdds[0].partitioner,
                         id_cost=_union_id_cost(self, rdds))

    def compute(self, split, tc):
        for parent in self.parents:
            yield from parent.iterator(split, tc)


class CoalescedRDD(RDD):
    """Each partition concatenates a group of the parent's partitions."""

    def __init__(self, parent: RDD, groups: list[list[int]]):
        super().__init__(parent.ctx, len(groups), [parent])
        self.groups = groups

    def narrow_inputs(self, split):
        return [(self.parents[0], s) for s in self.groups[split]]

    def compute(self, split, tc):
        parent = self.parents[0]
        for s in self.groups[split]:
            yield from parent.iterator(s, tc)


class ShuffledRDD(RDD):
    """The records that a shuffle routed to each partition (reduce side of ``partitionBy``)."""

    def __init__(self, parent: RDD, partitioner, block_kind: str = "records"):
        if not parent.fuses_ids():
            parent.id()
        dep = shuffle_dependency(parent, partitioner, block_kind)
        # PySpark's partitionBy builds three JVM RDDs before this one: the keyed pipeline,
        # the pairs and the shuffled pairs
        super().__init__(parent.ctx, partitioner.num_partitions, shuffle_deps=[dep],
                         partitioner=partitioner, id_cost=3)
        self.record_format = parent.record_format
        self.dep = dep

    def shuffle_reads(self, split):
        return [] if self.stored(split) else [(self.dep.shuffle_id, split)]

    def compute(self, split, tc):
        return read_blocks(tc, self.dep.shuffle_id, split, self.dep.block_kind)


class CoGroupedRDD(RDD):
    """Partition i holds every side's records of key partition i, handed to
    ``f(split, [side iterators])`` (Spark's CoGroupedRDD): a side already
    partitioned by ``partitioner`` is read directly, any other through a
    shuffle of its own, so no record carries a tag saying which side it is."""

    def __init__(self, rdds: list[RDD], partitioner, f):
        ctx = rdds[0].ctx
        parents, deps = [], []
        self.sides = []  # per side: (False, index in parents) or (True, index in shuffle_deps)
        for r in rdds:
            if r.partitioner == partitioner:
                self.sides.append((False, len(parents)))
                parents.append(r)
            else:
                self.sides.append((True, len(deps)))
                deps.append(shuffle_dependency(r, partitioner))
        super().__init__(ctx, partitioner.num_partitions, parents=parents, shuffle_deps=deps,
                         partitioner=partitioner)
        self.f = f

    def shuffle_reads(self, split):
        if self.stored(split):
            return []
        return super().shuffle_reads(split) + [(dep.shuffle_id, split) for dep in self.shuffle_deps]

    def compute(self, split, tc):
        return self.f(split, [read_blocks(tc, self.shuffle_deps[i].shuffle_id, split) if shuffled
                              else self.parents[i].iterator(split, tc) for shuffled, i in self.sides])


class EmptyRDD(RDD):
    """No partitions, no elements (``SparkContext.emptyRDD``)."""

    def __init__(self, ctx):
        super().__init__(ctx, 0)

    def compute(self, split, tc):  # pragma: no cover - there are no partitions to compute
        return iter(())


class ZippedRDD(RDD):
    """Partition ``i`` is ``zip(left[i], right[i])``; the partitions must be equally long."""

    def __init__(self, left: RDD, right: RDD):
        if left.getNumPartitions() != right.getNumPartitions():
            raise ValueError("Can only zip with RDD which has the same number of partitions "
                             f"({left.getNumPartitions()} != {right.getNumPartitions()}); "
                             "repartition one side, or zipWithIndex both and join on the index.")
        super().__init__(left.ctx, left.getNumPartitions(), [left, right])

    def compute(self, split, tc):
        left = iter(self.parents[0].iterator(split, tc))
        right = iter(self.parents[1].iterator(split, tc))
        while True:
            a, b = next(left, _END), next(right, _END)
            if a is _END or b is _END:
                if a is not b:
                    raise ValueError("Can only zip RDDs with same number of elements in each partition "
                                     f"(partition {split} differs)")
                return
            yield a, b


class CartesianRDD(RDD):
    """Every pair ``(a, b)`` with ``a`` from the left RDD and ``b`` from the right one."""

    def __init__(self, left: RDD, right: RDD):
        self.n_right = right.getNumPartitions()
        super().__init__(left.ctx, left.getNumPartitions() * self.n_right, [left, right])

    def narrow_inputs(self, split):
        return [(self.parents[0], split // self.n_right), (self.parents[1], split % self.n_right)]

    def compute(self, split, tc):
        right = list(self.parents[1].iterator(split % self.n_right, tc))
        for a in self.parents[0].iterator(split // self.n_right, tc):
            for b in right:
                yield a, b
