"""Aggregating and sorting past the memory budget: results stay right and
spills actually happen (the ``spills`` metric of task_end events, and the
mergers' own counters)."""

from __future__ import annotations

import random
from collections import defaultdict
from operator import add

import pytest

from spark_lambda.shuffle.external_sort import ExternalSorter
from spark_lambda.shuffle.spill import Aggregator, ExternalMerger, combine_locally

N = 60_000
rng = random.Random(5)
WORDS = [f"w{rng.randrange(20_000):05d}-{'x' * rng.randrange(10, 40)}" for _ in range(N)]


@pytest.fixture(scope="module")
def small_sc(tmp_path_factory):
    from spark_lambda import SparkConf, SparkContext
    conf = (SparkConf(loadDefaults=False).set("spark.python.worker.memory", "1m")
            .set("spark.local.dir", str(tmp_path_factory.mktemp("local"))))
    sc = SparkContext("local[2]", "spill", conf=conf)
    yield sc
    sc.stop()


@pytest.fixture
def spills(small_sc):
    seen: list = []

    def listener(name, f):
        if name == "task_end":
            seen.append(f["metrics"].get("spills", 0))
    small_sc.add_listener(listener)
    yield seen
    small_sc.remove_listener(listener)


def test_budget_reaches_executors(small_sc):
    assert small_sc.executor_conf["memory"] == 1 << 20


def test_reduce_by_key_spills(small_sc, spills):
    pairs = [(w, len(w)) for w in WORDS]
    expected = defaultdict(int)
    for k, v in pairs:
        expected[k] += v
    got = small_sc.parallelize(pairs, 2).reduceByKey(add, 2).collect()
    assert len(got) == len(expected) and dict(got) == expected
    assert sum(spills) > 0


def test_group_by_key_spills(small_sc, spills):
    pairs = [(w[:6], w) for w in WORDS]
    expected = defaultdict(list)
    for k, v in pairs:
        expected[k].append(v)
    got = small_sc.parallelize(pairs, 2).groupByKey(2).mapValues(sorted).collect()
    assert dict(got) == {k: sorted(v) for k, v in expected.items()}
    assert sum(spills) > 0


def test_group_by_key_with_one_key_larger_than_budget(small_sc, spills):
    pairs = [(i % 3, "v" * 30 + str(i)) for i in range(N)]
    got = small_sc.parallelize(pairs, 2).groupByKey(1).mapValues(len).collect()
    assert dict(got) == {0: N // 3, 1: N // 3, 2: N // 3}
    assert sum(spills) > 0


def test_sort_by_key_spills(small_sc, spills):
    pairs = [(w, i) for i, w in enumerate(WORDS)]
    got = small_sc.parallelize(pairs, 2).sortByKey(numPartitions=2).collect()
    assert [k for k, _ in got] == sorted(WORDS) and sorted(got) == sorted(pairs)
    assert sum(spills) > 0
    spills.clear()
    got = small_sc.parallelize(pairs, 2).sortByKey(False, 1).keys().collect()
    assert got == sorted(WORDS, reverse=True)
    assert sum(spills) > 0


# --- the mergers alone -----------------------------------------------------------------------

SUM = Aggregator(lambda v: v, add, add)


def test_external_merger_spills_and_merges(tmp_path):
    metrics: dict = {}
    merger = ExternalMerger(SUM, 256 << 10, str(tmp_path), metrics)
    records = [(w, 1) for w in WORDS]
    merger.merge_values(records)
    assert merger.spills > 0 and metrics["spills"] == merger.spills and metrics["spill_bytes"] > 0
    got = dict(merger.items())
    expected = defaultdict(int)
    for w in WORDS:
        expected[w] += 1
    assert got == expected
    assert list(tmp_path.iterdir()) == []  # spill files removed


def test_external_merger_without_spill_keeps_everything_in_memory(tmp_path):
    merger = ExternalMerger(SUM, 512 << 20, str(tmp_path))
    merger.merge_combiners([("a", 1), ("b", 2), ("a", 3)])
    assert dict(merger.items()) == {"a": 4, "b": 2} and merger.spills == 0


def test_external_sorter_spills_runs_and_merges(tmp_path):
    metrics: dict = {}
    sorter = ExternalSorter(64 << 10, str(tmp_path), metrics)
    records = [(w, i) for i, w in enumerate(WORDS)]
    got = list(sorter.sorted(iter(records), key=lambda kv: kv[0]))
    assert metrics["spills"] > 1
    assert [k for k, _ in got] == sorted(WORDS)
    got = list(ExternalSorter(64 << 10, str(tmp_path), metrics).sorted(
        iter(records), key=lambda kv: kv[0], reverse=True))
    assert [k for k, _ in got] == sorted(WORDS, reverse=True)
    assert list(tmp_path.iterdir()) == []


def test_combine_locally_flushes_partial_combiners():
    records = [(w, 1) for w in WORDS]
    out = list(combine_locally(SUM, records, 64 << 10))
    distinct = len(set(WORDS))
    assert len(out) > distinct  # flushed more than once
    merged = defaultdict(int)
    for k, v in out:
        merged[k] += v
    assert sum(merged.values()) == N and len(merged) == distinct


def _merged(pairs, create, merge):
    out: dict = {}
    for k, v in pairs:
        out[k] = merge(out[k], v) if k in out else create(v)
    return out


def test_combine_locally_passes_distinct_keys_through(monkeypatch):
    """Mostly distinct keys: after the sample, records pass through as combiners."""
    from spark_lambda.shuffle import spill
    monkeypatch.setattr(spill, "SAMPLE_RECORDS", 1000)
    records = [(i, i % 7) for i in range(5000)] + [(3, 100)]
    out = list(combine_locally(Aggregator(spill.identity, add, add), records, 64 << 20))
    assert len(out) == 5001  # key 3 again after the sample: passed through, not merged
    assert _merged(out, lambda c: c, add) == _merged(records, lambda v: v, add)
    group = Aggregator(lambda v: [v], lambda c, v: c + [v], lambda a, b: a + b)
    out = list(combine_locally(group, records, 64 << 20))
    assert out[-1] == (3, [100])
    assert _merged(out, lambda c: c, lambda a, b: a + b) == _merged(records, lambda v: [v], lambda c, v: c + [v])


def test_combine_locally_keeps_combining_repeated_keys(monkeypatch):
    from spark_lambda.shuffle import spill
    monkeypatch.setattr(spill, "SAMPLE_RECORDS", 1000)
    records = [(i % 50, 1) for i in range(5000)]
    out = list(combine_locally(SUM, records, 64 << 20))
    assert sorted(out) == [(k, 100) for k in range(50)]


def test_combine_locally_names_a_record_that_is_not_a_pair_after_the_sample(monkeypatch):
    from spark_lambda.shuffle import spill
    monkeypatch.setattr(spill, "SAMPLE_RECORDS", 10)
    group = Aggregator(lambda v: [v], lambda c, v: c + [v], lambda a, b: a + b)
    with pytest.raises(TypeError, match="key, value"):
        list(combine_locally(group, [(i, i) for i in range(20)] + [(1, 2, 3)], 64 << 20))


def test_external_merger_measures_a_few_large_combiners(tmp_path):
    """A reducer merging a few big combiners (map-side groups) still keeps to its budget."""
    group = Aggregator(lambda v: [v], lambda c, v: c + [v], lambda a, b: a + b)
    merger = ExternalMerger(group, 256 << 10, str(tmp_path))
    combiners = [(k % 10, [f"value-{k}-{i}" for i in range(2000)]) for k in range(20)]
    merger.merge_combiners(combiners)
    assert merger.spills > 0
    assert {k: len(v) for k, v in merger.items()} == {k: 4000 for k in range(10)}


def test_map_side_writer_spills_past_budget(small_sc):
    """A map task whose partitioned output outgrows the budget spills buckets to disk."""
    events: list = []

    def listener(name, f):
        events.append((name, f))
    small_sc.add_listener(listener)
    try:
        rows = small_sc.parallelize(range(20_000), 2).map(lambda i: (i, random.Random(i).randbytes(120)))
        got = rows.partitionBy(3).glom().collect()
    finally:
        small_sc.remove_listener(listener)
    assert [sorted(k for k, _ in part) for part in got] == [list(range(p, 20_000, 3)) for p in range(3)]
    assert all(v == random.Random(k).randbytes(120) for part in got for k, v in part)
    map_stages = {f["stage"] for n, f in events if n == "stage_submitted" and f["kind"] == "map"}
    map_spills = [f["metrics"]["spills"] for n, f in events if n == "task_end" and f["stage"] in map_stages]
    assert len(map_spills) == 2 and all(s > 0 for s in map_spills)


def _skewed(n):
    for i in range(n):
        r = (i * 2654435761) % 1000
        yield (r % 10 if r < 600 else r), i


def test_grouped_dict_size_counts_every_value_under_skew():
    import tracemalloc
    from spark_lambda.shuffle.spill import dict_size
    tracemalloc.start()
    try:
        groups: dict = {}
        for k, v in _skewed(300_000):
            groups.setdefault(k, []).append(v)
        actual = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert 0.8 * actual <= dict_size(groups, grouped=True) <= 1.5 * actual


def test_merging_past_the_budget_holds_one_dict_at_a_time(tmp_path):
    """A full dict is released when it spills, before the next one fills (peak near the
    budget, not twice it)."""
    import tracemalloc
    from spark_lambda.shuffle.spill import append_value, extend_combiners, singleton
    budget = 4 << 20
    merger = ExternalMerger(Aggregator(singleton, append_value, extend_combiners), budget, str(tmp_path))
    tracemalloc.start()
    try:
        merger.merge_values(_skewed(400_000))   # about 14 MB of values as objects
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert merger.spills >= 2
    assert peak < 1.5 * budget
    sizes = {k: len(v) for k, v in merger.items()}
    assert sum(sizes.values()) == 400_000 and sizes[0] == sum(1 for k, _ in _skewed(400_000) if k == 0)


def test_groups_are_sized_by_their_values_count(tmp_path):
    """A grouping reducer (groupByKey, each side of a join) counts every key's values, so
    one hot key that an even sample of entries misses still makes it spill."""
    from spark_lambda.shuffle.spill import GROUP as _GROUP
    records = [(0, 0), (1, 1)] + [(k, k) for k in range(2, 5000)]
    records += [(1, -i) for i in range(150_000)]  # key 1: second in the dict, never sampled
    merger = ExternalMerger(_GROUP, 4 << 20, str(tmp_path))
    merger.merge_values(records)
    assert merger.spills > 0
    got = dict(merger.items())
    assert len(got[1]) == 150_001 and got[1][:2] == [1, 0] and len(got) == 5000
