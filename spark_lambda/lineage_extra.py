"""RDD types with more than one narrow parent, and the empty RDD.

``ZippedRDD`` pairs partition ``i`` of two RDDs element by element;
``CartesianRDD`` has one partition per pair of parent partitions
(``i * n2 + j`` holds ``left[i] x right[j]``). Both read their parents through
narrow dependencies, so they never start a stage of their own.
"""

from __future__ import annotations

from .rdd import RDD

_END = object()


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
