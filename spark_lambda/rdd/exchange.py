"""The dependency a shuffle's reading RDD holds: direct, or through combiner tasks.

``shuffle_dependency`` is called by the lineage types that read a shuffle
(``ShuffledRDD``, ``CoGroupedRDD``). It chooses the exchange
(``shuffle.exchange.choose_exchange``) from ``spark.shuffle.s3.kind``, the
number of map tasks and of reduce partitions. For ``direct`` it is the
``ShuffleDependency`` of the map side; otherwise a ``CombineRDD`` reads that
shuffle, one partition per combiner, and the reader's dependency is the
shuffle the combiners write. The scheduler then runs three stages where it
ran two, with nothing special: a combiner's task names only the blocks of
its map group (``shuffle_reads`` gives the map range), a lost map output
re-runs its map task and a lost combined object its combiner, as any
fetch failure does.
"""

from __future__ import annotations

from ..shuffle import ShuffleDependency
from ..shuffle.combine import read_group
from ..shuffle.exchange import choose_exchange
from .core import RDDCore, RDDId


class CombineRDD(RDDCore):
    """The combiners of an exchange: partition ``c`` is the merged blocks of combiner ``c``.

    Internal to a shuffle, it takes no RDD id (PySpark's numbering is unchanged)."""

    python_pipeline = True

    def __init__(self, source: ShuffleDependency, exchange):
        super().__init__(source.rdd.ctx, exchange.combiners, shuffle_deps=[source])
        self.source = source
        self.exchange = exchange
        self._rdd_id = RDDId(-1)

    def __repr__(self):
        ex = self.exchange
        return (f"CombineRDD[shuffle {self.source.shuffle_id}, {ex.kind}: {ex.combiners} combiners "
                f"of {ex.maps_per_combiner} maps x {ex.reducers_per_combiner} reducers]")

    def shuffle_reads(self, split):
        maps, reducers = self.exchange.groups_of(split)
        return [(self.source.shuffle_id, r, (maps.start, maps.stop)) for r in reducers]

    def compute(self, split, tc):
        return read_group(tc, self.source.shuffle_id, self.exchange.groups_of(split)[1])


def read_through_combiners(reader, exchange) -> None:
    """Reroute ``reader`` (a ``ShuffledRDD`` reading its map side directly, none of its tasks
    run yet) through ``exchange``'s combiners: its next job runs them (the map stage, already
    computed, is not run again) and its tasks read the shuffle they write. The SQL planner
    does this once an exchange's map stage has run and its blocks are known to be many and
    small (``shuffle.exchange.combine_small_blocks``)."""
    source = reader.dep
    dep = ShuffleDependency(CombineRDD(source, exchange), reader.ctx.new_shuffle_id(), source.partitioner,
                            source.block_kind, source=source, exchange=exchange)
    reader.dep = dep
    reader.shuffle_deps = [dep]


def shuffle_dependency(parent, partitioner, block_kind: str = "records") -> ShuffleDependency:
    """The dependency through which a new reading RDD gets ``parent``'s records routed by
    ``partitioner``: the map side's own, or the combiners' (see the module doc)."""
    ctx = parent.ctx
    dep = ShuffleDependency(parent, ctx.new_shuffle_id(), partitioner, block_kind)
    conf = ctx.conf
    exchange = choose_exchange(
        conf.typed("spark.shuffle.s3.kind"), parent.getNumPartitions(), partitioner.num_partitions,
        min_blocks=conf.typed("spark.shuffle.s3.combine.minBlocks"),
        maps_per_combiner=conf.typed("spark.shuffle.s3.combine.maps"),
        reducers_per_combiner=conf.typed("spark.shuffle.s3.combine.reducers"))
    if exchange.kind == "direct":
        return dep
    return ShuffleDependency(CombineRDD(dep, exchange), ctx.new_shuffle_id(), partitioner, block_kind,
                             source=dep, exchange=exchange)
