"""toLocalIterator and saveAsPickleFile/pickleFile."""

from __future__ import annotations

import operator
import time
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


def _jobs(events, what):
    return sum(1 for name, _ in events if name == what)


def _wait_for(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


def test_to_local_iterator_prefetch_runs_the_next_partitions_job_while_one_is_consumed(sc, events):
    rdd = sc.parallelize(range(12), 4).map(lambda x: x * 3)
    it = rdd.toLocalIterator(prefetchPartitions=True)
    assert next(it) == 0
    # still inside partition 0 (it holds 0, 3, 6): the job of partition 1 runs meanwhile
    assert _wait_for(lambda: _jobs(events, "job_end") == 2)
    assert [next(it), next(it)] == [3, 6]
    assert _jobs(events, "job_start") == 2
    assert list(it) == [x * 3 for x in range(3, 12)]
    assert _jobs(events, "job_start") == 4


def test_to_local_iterator_without_prefetch_runs_one_job_at_a_time(sc, events):
    it = sc.parallelize(range(12), 4).toLocalIterator(prefetchPartitions=False)
    assert [next(it), next(it), next(it)] == [0, 1, 2]
    time.sleep(0.3)
    assert _jobs(events, "job_start") == 1       # nothing is fetched ahead
    assert next(it) == 3 and _jobs(events, "job_start") == 2


@pytest.mark.parametrize("prefetch", [False, True])
def test_to_local_iterator_gives_every_element_in_order(sc, prefetch):
    data = [(i % 5, str(i)) for i in range(40)]
    rdd = sc.parallelize(data, 6).sortByKey()
    assert list(rdd.toLocalIterator(prefetch)) == rdd.collect()
    assert list(sc.parallelize([], 3).toLocalIterator(prefetch)) == []
    assert list(sc.emptyRDD().toLocalIterator(prefetch)) == []
    uneven = sc.parallelize(range(7), 7).filter(lambda x: x % 3 == 0)   # empty partitions between
    assert list(uneven.toLocalIterator(prefetch)) == [0, 3, 6]


def test_to_local_iterator_prefetch_stopped_early_and_failing(sc):
    it = sc.parallelize(range(100), 10).toLocalIterator(True)
    assert next(it) == 0
    it.close()                                    # the pending fetch is left to finish alone
    assert sc.parallelize([1, 2]).count() == 2

    def boom(x):
        if x == 7:
            raise ValueError("seven")
        return x
    bad = sc.parallelize(range(10), 5).map(boom).toLocalIterator(True)
    assert [next(bad) for _ in range(6)] == [0, 1, 2, 3, 4, 5]
    with pytest.raises(Exception, match="seven"):
        list(bad)


def test_prefetched_partitions_run_in_the_callers_job_group(sc):
    groups = []

    def listen(event, fields):
        if event == "job_start":
            groups.append(fields.get("group"))
    sc.add_listener(listen)
    try:
        sc.setJobGroup("prefetch-group", "toLocalIterator with prefetch")
        assert list(sc.parallelize(range(6), 3).toLocalIterator(prefetchPartitions=True)) == list(range(6))
    finally:
        sc.clearJobGroup()
        sc.remove_listener(listen)
    assert groups == ["prefetch-group"] * 3
