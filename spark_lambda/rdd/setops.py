"""Indexes and set operations: zipWithIndex, zipWithUniqueId, intersection, subtract.

Mixed into ``RDD`` (``zip`` and ``cartesian`` are primitives in ``lineage.py``);
``intersection``, ``subtract`` and ``subtractByKey`` cogroup both sides by
key, as PySpark does, and keep the keys present on the wanted sides.
``zipWithIndex`` runs one job counting every partition but the last, so each
partition knows the index its first element gets.
"""

from __future__ import annotations


def _count(it) -> int:
    return sum(1 for _ in it)


class SetOpsMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def zipWithIndex(self):
        """Pairs ``(element, index)``, indexes in partition order then element order."""
        n = self.getNumPartitions()
        starts = [0]
        if n > 1:
            for c in self.run_job(_count, list(range(n - 1))):
                starts.append(starts[-1] + c)
        return self.mapPartitionsWithIndex(lambda k, it: ((x, i) for i, x in enumerate(it, starts[k])))

    def zipWithUniqueId(self):
        """Pairs ``(element, id)``: the i-th element of partition k gets ``i * n + k``."""
        n = self.getNumPartitions()
        return self.mapPartitionsWithIndex(lambda k, it: ((x, i * n + k) for i, x in enumerate(it)))

    def intersection(self, other):
        """The distinct elements present in both RDDs."""
        return self.map(lambda v: (v, None)).cogroup(other.map(lambda v: (v, None))) \
            .filter(lambda kv: all(kv[1])).keys()

    def subtract(self, other, numPartitions=None):
        """The elements of this RDD that are not in ``other`` (duplicates kept)."""
        theirs = other.map(lambda x: (x, True))
        return self.map(lambda x: (x, True)).subtractByKey(theirs, numPartitions).keys()

    def subtractByKey(self, other, numPartitions=None):
        """The pairs of this RDD whose key is not in ``other``."""
        def only_here(kv):
            mine, theirs = kv[1]
            return bool(mine) and not theirs
        return self.cogroup(other, numPartitions).filter(only_here).flatMapValues(lambda vs: vs[0])
