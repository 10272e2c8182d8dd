"""SparkContext's sources: the methods that make RDDs from data and from other RDDs.

Mixed into ``SparkContext``; each method is PySpark's of the same name. A
collection on the driver is sliced (``rdd/sources.py``); files are listed
through the object stores (``io/paths.py``) and cut into splits
(``io/text.py``, ``io/whole.py``) on the driver, and read by executors.
"""

from __future__ import annotations

from ..io.paths import list_files
from ..io.text import text_splits
from ..io.whole import group_files, record_splits
from ..rdd.lineage import EmptyRDD, PartitionerAwareUnionRDD, UnionRDD
from ..rdd.sources import (BinaryRecordsRDD, ParallelCollectionRDD, PickleFileRDD, TextFileRDD,
                           WholeFileRDD)
from ..shuffle.partitioner import check_partitions


class SourcesMixin:
    """Mixed into SparkContext."""

    def parallelize(self, c, numSlices: int | None = None):
        """Distribute a local collection to form an RDD."""
        n = self.defaultParallelism if numSlices is None else numSlices
        check_partitions(n)
        return ParallelCollectionRDD(self, c, n)

    def range(self, start: int, end: int | None = None, step: int = 1, numSlices: int | None = None):
        if end is None:
            start, end = 0, start
        return self.parallelize(range(start, end, step), numSlices)

    def textFile(self, name: str, minPartitions: int | None = None, use_unicode: bool = True):
        """Lines of a text file, directory, glob or comma-separated list of them."""
        n = self.defaultMinPartitions if minPartitions is None else minPartitions
        self.check_reachable(name, "input path")
        files = list_files(name, self.store_options)
        return TextFileRDD(self, text_splits(files, n), use_unicode)

    def emptyRDD(self):
        """An RDD with no partitions and no elements."""
        return EmptyRDD(self)

    def union(self, rdds: list):
        """The union of a list of RDDs (keeping a partitioner they all share)."""
        rdds = list(rdds)
        if not rdds:
            raise ValueError("union() needs at least one RDD")
        first = rdds[0].partitioner
        if first is not None and all(r.partitioner == first for r in rdds):
            return PartitionerAwareUnionRDD(self, rdds)
        return UnionRDD(self, rdds)

    def wholeTextFiles(self, path: str, minPartitions: int | None = None, use_unicode: bool = True):
        """(path, contents) for every file of a directory, glob or list of paths."""
        return WholeFileRDD(self, group_files(self._input_files(path), self._min_parts(minPartitions)),
                            "utf-8" if use_unicode else None)

    def binaryFiles(self, path: str, minPartitions: int | None = None):
        """(path, bytes) for every file of a directory, glob or list of paths."""
        return WholeFileRDD(self, group_files(self._input_files(path), self._min_parts(minPartitions)),
                            None)

    def binaryRecords(self, path: str, recordLength: int):
        """The fixed-length records (bytes) of binary files."""
        return BinaryRecordsRDD(self, record_splits(self._input_files(path), recordLength), recordLength)

    def pickleFile(self, name: str, minPartitions: int | None = None):
        """The elements saved with ``RDD.saveAsPickleFile``."""
        return PickleFileRDD(self, [url for url, _ in self._input_files(name)])

    def _input_files(self, path: str) -> list[tuple[str, int]]:
        self._check_running()
        return list_files(path, self.store_options)

    def _min_parts(self, n: int | None) -> int:
        return self.defaultMinPartitions if n is None else n
