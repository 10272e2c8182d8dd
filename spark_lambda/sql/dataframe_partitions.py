"""``repartitionByRange`` and ``repartitionById``: shuffles whose target partition comes from
the rows' values (a range of sort keys sampled as Spark's ``RangePartitioner`` does, or a
partition number the rows carry) rather than a hash."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column, col_expr
from .errors import PySparkTypeError, PySparkValueError


class DataFramePartitionsMixin:
    """The range and direct repartitioning methods of ``DataFrame``."""

    def repartitionByRange(self, numPartitions, *cols) -> "DataFrame":
        """Rows shuffled into ranges of ``cols`` (bounds picked from a sample of the keys, as
        Spark's ``RangePartitioner``: ascending, nulls first, unless a column says otherwise);
        ``numPartitions`` is an upper bound (fewer when the keys have fewer distinct values).
        Without ``numPartitions``, ``spark.sql.shuffle.partitions`` ranges, which adaptive
        execution may read together. Rows are not sorted within a partition."""
        if isinstance(numPartitions, bool) or not isinstance(numPartitions, (int, str, Column)):
            raise PySparkTypeError(
                f"Argument `numPartitions` should be a Column, int or str, "
                f"got {type(numPartitions).__name__}.", "NOT_EXPECTED_TYPE")
        given = isinstance(numPartitions, int)
        if not given:
            cols = (numPartitions,) + cols
        if not cols:
            raise PySparkValueError("At least one partition-by expression must be specified.",
                                    "CANNOT_BE_EMPTY")
        _check_positive(numPartitions if given else 1)
        orders = tuple(self._sort_expr(c) for c in cols)
        n = numPartitions if given else self.sparkSession.shuffle_partitions
        return self._with_plan(lp.Repartition(n, orders, True, self._plan, coalesce=not given))

    def repartitionById(self, numPartitions: int, partitionIdCol) -> "DataFrame":
        """Every row sent to the partition its INT column ``partitionIdCol`` names, taken
        modulo ``numPartitions`` to ``0 .. numPartitions - 1`` (NULL: partition 0)."""
        if not isinstance(numPartitions, int):
            raise PySparkTypeError(
                f"Argument `numPartitions` should be a int, got "
                f"{type(numPartitions).__name__}.", "NOT_EXPECTED_TYPE")
        _check_positive(numPartitions)
        pid = ex.UnresolvedFunc("direct_shuffle_partition_id", (col_expr(partitionIdCol),))
        return self._with_plan(lp.Repartition(int(numPartitions), (pid,), True, self._plan))


def _check_positive(n: int) -> None:
    if n <= 0:
        raise PySparkValueError(f"Value for `numPartitions` must be "
                                f"positive, got '{n}'.", "VALUE_NOT_POSITIVE")
