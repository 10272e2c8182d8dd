"""The RDD types that transformations build: narrow ones and the shuffle read.

``MapPartitionsRDD`` fuses with a parent of its own kind by composing the two
partition functions (unless the parent is persisted, whose output must be
kept), so a chain of narrow operations is one function call per partition.
``ShuffledRDD`` reads one shuffle; ``CoGroupedRDD`` reads several sides at once,
each from its own shuffle (or directly, when already partitioned alike). A
shuffle read starts a new stage.
"""

from __future__ import annotations

from .rdd import RDD
from .shuffle import ShuffleDependency
from .shuffle.reader import read_blocks


class MapPartitionsRDD(RDD):
    """``f(split, iterator)`` over the parent's partition."""

    def __init__(self, parent: RDD, f, preserves_partitioning: bool = False):
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


class UnionRDD(RDD):
    """The partitions of several RDDs, one after another."""

    def __init__(self, ctx, rdds: list[RDD]):
        super().__init__(ctx, sum(r.getNumPartitions() for r in rdds), rdds)
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
        super().__init__(ctx, rdds[0].getNumPartitions(), rdds, partitioner=rdds[0].partitioner)

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

    def __init__(self, parent: RDD, partitioner):
        dep = ShuffleDependency(parent, parent.ctx.new_shuffle_id(), partitioner)
        super().__init__(parent.ctx, partitioner.num_partitions, shuffle_deps=[dep],
                         partitioner=partitioner)
        self.dep = dep

    def shuffle_reads(self, split):
        return [] if self.stored(split) else [(self.dep.shuffle_id, split)]

    def compute(self, split, tc):
        return read_blocks(tc, self.dep.shuffle_id, split)


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
                deps.append(ShuffleDependency(r, ctx.new_shuffle_id(), partitioner))
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
