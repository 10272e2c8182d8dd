"""toLocalIterator and saveAsPickleFile/pickleFile."""

from __future__ import annotations

import operator
from collections import defaultdict

import pytest

from spark_lambda import portable_hash


def test_to_local_iterator(sc):
    rdd = sc.parallelize(range(10), 3)
    it = rdd.toLocalIterator()
    assert next(it) == 0
    assert list(it) == list(range(1, 10))
    assert list(sc.emptyRDD().toLocalIterator()) == []


def test_pickle_file_round_trip(sc, tmp_path):
    data = [(i, {"v": [i] * 3}) for i in range(25)] + [None, "s", 1.5]
    path = str(tmp_path / "pk")
    sc.parallelize(data, 3).saveAsPickleFile(path, 4)
    assert sorted(p.name for p in (tmp_path / "pk").iterdir()) == \
        ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    assert sc.pickleFile(path).collect() == data
    both = sc.pickleFile(f"{path},{path}", 5).collect()
    assert both == data + data
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x").write_text("text")
    from spark_lambda.errors import JobFailedError
    with pytest.raises(JobFailedError, match="not a file written by saveAsPickleFile"):
        sc.pickleFile(str(tmp_path / "plain")).collect()
    with pytest.raises(ValueError, match="batchSize"):
        sc.parallelize([1]).saveAsPickleFile(str(tmp_path / "pk2"), 0)
