"""Exchange kinds: how a shuffle's blocks travel from M map tasks to R reducers.

A pure model (no store, no job), used by the RDD lineage to choose how a
shuffle runs and by ``spark-lambda plan`` to price each kind.

* ``direct``: every reducer reads its block of every map object: M x R
  GETs (fewer when blocks are empty), M PUTs, one pass over the bytes.
* ``combining`` and ``two-level``: combiner tasks run between the map and
  reduce stages. Combiner ``(g, h)`` reads, from each of the ``p`` map
  objects of map group ``g``, the blocks of the ``f`` reducers of reducer
  group ``h`` (one ranged GET per map object: a map object's blocks for
  consecutive reducers lie back to back) and writes one object holding
  those ``f`` blocks, each the ``p`` blocks merged in map order. A reducer
  then reads one block per map group. Requests: ``M * ceil(R/f)`` GETs and
  ``ceil(M/p) * ceil(R/f)`` PUTs by the combiners, ``R * ceil(M/p)`` GETs by
  the reducers, for one more pass over the bytes.
  ``combining`` is Starling's: ``f = R``, a combiner merges ``p`` whole map
  objects. ``two-level`` is
  Lambada's: ``p ~ sqrt(M)`` and ``f ~ sqrt(R)``, about ``2 P sqrt(P)``
  requests for ``P = M = R``, whatever the block size.

``auto`` keeps ``direct`` while ``M x R`` is under ``min_blocks``
(``spark.shuffle.s3.combine.minBlocks``) and runs ``two-level`` above it.
The engine chooses when it builds the lineage, before any map task has
run, so it knows M and R but not the bytes per block. A SQL exchange's map
stage runs before its reducers are planned (adaptive execution), so there the
bytes per block are known too: ``combine_small_blocks`` also sends through
combiners an exchange of many small blocks (``spark.shuffle.s3.combine.smallBlocks``
non-empty blocks or more, of ``smallBlockBytes`` or less on average: a GET's
latency, about 27 ms, moves some 2 MiB at a function's 75 MiB/s, so a reducer
reading many blocks smaller than that waits on latency, not bytes).
``combining``, whose combiners hold ``p`` whole map outputs, is run only when
asked for, with ``p`` from ``spark.shuffle.s3.combine.maps`` (or ``sqrt(M)``);
``combining_maps`` sizes ``p`` for a byte budget once the bytes per block
are known (``spark-lambda plan`` advises it from a measured run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import ConfigurationError
from ..keys import REGISTRY, typed

KINDS = ("auto", "direct", "combining", "two-level")

MIN_BLOCKS = REGISTRY["spark.shuffle.s3.combine.minBlocks"].default
SMALL_BLOCKS = REGISTRY["spark.shuffle.s3.combine.smallBlocks"].default
SMALL_BLOCK_BYTES = typed("spark.shuffle.s3.combine.smallBlockBytes",
                          REGISTRY["spark.shuffle.s3.combine.smallBlockBytes"].default)


@dataclass(frozen=True)
class Exchange:
    """One shuffle's exchange: its kind and, for combiners, the group sizes ``p`` and ``f``."""
    kind: str
    maps: int
    reducers: int
    maps_per_combiner: int = 0      # p
    reducers_per_combiner: int = 0  # f

    @property
    def map_groups(self) -> int:
        return -(-self.maps // self.maps_per_combiner) if self.maps_per_combiner else 0

    @property
    def reducer_groups(self) -> int:
        return -(-self.reducers // self.reducers_per_combiner) if self.reducers_per_combiner else 0

    @property
    def combiners(self) -> int:
        """How many combiner tasks run (0 for ``direct``)."""
        return self.map_groups * self.reducer_groups

    def groups_of(self, combiner: int) -> tuple[range, range]:
        """The map indices and reduce partitions combiner number ``combiner`` merges."""
        g, h = divmod(combiner, self.reducer_groups)
        p, f = self.maps_per_combiner, self.reducers_per_combiner
        return (range(g * p, min(self.maps, (g + 1) * p)),
                range(h * f, min(self.reducers, (h + 1) * f)))

    def requests(self) -> tuple[int, int]:
        """(GETs, PUTs) of the whole exchange when no block is empty."""
        if self.kind == "direct":
            return self.maps * self.reducers, self.maps
        gets = self.maps * self.reducer_groups + self.reducers * self.map_groups
        return gets, self.maps + self.combiners

    @property
    def passes(self) -> int:
        """How many times the shuffle's bytes are written and read."""
        return 1 if self.kind == "direct" else 2


def _root(n: int) -> int:
    """The smallest integer whose square is at least ``n`` (1 for ``n <= 1``)."""
    return math.isqrt(n - 1) + 1 if n > 1 else 1


def combine_small_blocks(kind: str, maps: int, blocks: float, total_bytes: float,
                         small_blocks: int = SMALL_BLOCKS, small_bytes: int = SMALL_BLOCK_BYTES) -> bool:
    """Whether an ``auto`` exchange whose ``maps`` map tasks wrote ``blocks`` non-empty blocks
    of ``total_bytes`` in all runs through combiners (two-level) once those are known: at
    least ``small_blocks`` blocks of at most ``small_bytes`` on average (module docstring)."""
    return kind == "auto" and maps >= 2 and blocks >= max(small_blocks, 1) and \
        total_bytes <= small_bytes * blocks


def combining_maps(reducers: int, block_bytes: float, budget_bytes: float) -> int:
    """The map outputs per combiner of a combining exchange whose combiner holds at most
    ``budget_bytes`` (each map output being ``reducers`` blocks of ``block_bytes``); at least 2."""
    return max(2, int(budget_bytes // max(reducers * block_bytes, 1)))


def choose_exchange(kind: str, maps: int, reducers: int, min_blocks: int = MIN_BLOCKS,
                    maps_per_combiner: int = 0, reducers_per_combiner: int = 0) -> Exchange:
    """The exchange for a shuffle of ``maps`` x ``reducers`` blocks. ``kind`` is
    ``spark.shuffle.s3.kind``; explicit group sizes (``spark.shuffle.s3.combine.maps`` /
    ``.reducers``, 0 for the kind's own) override the kind's."""
    if kind not in KINDS:
        raise ConfigurationError(f"spark.shuffle.s3.kind is {kind!r}; use one of {', '.join(KINDS)}.")
    if kind == "auto":
        kind = "direct" if maps * reducers < min_blocks or maps < 2 else "two-level"
    if kind == "direct" or maps == 0 or reducers == 0:
        return Exchange("direct", maps, reducers)
    p = maps_per_combiner or _root(maps)
    f = reducers_per_combiner or (reducers if kind == "combining" else _root(reducers))
    return Exchange(kind, maps, reducers, min(maps, p), min(reducers, f))
