"""Pair operations: aggregations, joins, cogroups, partitioning and sorting,
compared with plain Python; partition counts, kept partitioners and map-side
combining as PySpark has them."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from operator import add
from pathlib import Path

import pytest

from spark_lambda import HashPartitioner, RangePartitioner, portable_hash

REF = json.loads((Path(__file__).parent.parent / "data" / "pyspark_reference.json").read_text())

rng = random.Random(3)
PAIRS = [(rng.choice(["a", "b", "c", "d", 1, 2, None, (1, "x")]), rng.randrange(100)) for _ in range(400)]
LEFT = [(k, f"l{k}{i}") for i, k in enumerate([1, 2, 2, 3, 5, 5, 8])]
RIGHT = [(k, f"r{k}{i}") for i, k in enumerate([2, 3, 3, 4, 5, 9, 9])]


def grouped(pairs) -> dict:
    out = defaultdict(list)
    for k, v in pairs:
        out[k].append(v)
    return dict(out)


def norm(pairs):
    """Pairs in a canonical order (keys of mixed types)."""
    return sorted(pairs, key=repr)


def shuffles_in(rdd) -> int:
    seen, stack, n = set(), [rdd], 0
    while stack:
        r = stack.pop()
        if r.id in seen:
            continue
        seen.add(r.id)
        n += len(r.shuffle_deps)
        stack.extend(r.parents)
        stack.extend(d.rdd for d in r.shuffle_deps)
    return n


def stages_run(events) -> int:
    return sum(1 for name, _ in events if name == "stage_submitted")


# --- aggregations ------------------------------------------------------------------------

def test_group_by_key(sc):
    got = sc.parallelize(PAIRS, 3).groupByKey().mapValues(list).collect()
    assert {k: sorted(v) for k, v in got} == {k: sorted(v) for k, v in grouped(PAIRS).items()}
    assert len(got) == len(grouped(PAIRS))
    g = sc.parallelize([("k", 1), ("k", 2)], 2).groupByKey().collect()[0][1]
    assert len(g) == 2 and sorted(g) == [1, 2]


def test_reduce_fold_aggregate_combine_by_key(sc):
    rdd = sc.parallelize(PAIRS, 4)
    sums = {k: sum(v) for k, v in grouped(PAIRS).items()}
    assert dict(rdd.reduceByKey(add).collect()) == sums
    assert dict(rdd.foldByKey(0, add).collect()) == sums
    # a mutable zero value is copied per key, as PySpark deep-copies it
    assert dict(rdd.foldByKey([], lambda a, b: a + [b] if not isinstance(b, list) else a + b)
                .mapValues(sorted).collect()) == {k: sorted(v) for k, v in grouped(PAIRS).items()}
    agg = rdd.aggregateByKey((0, 0), lambda acc, v: (acc[0] + v, acc[1] + 1),
                             lambda a, b: (a[0] + b[0], a[1] + b[1]))
    assert dict(agg.collect()) == {k: (sum(v), len(v)) for k, v in grouped(PAIRS).items()}
    cbk = rdd.combineByKey(lambda v: {v}, lambda s, v: s | {v}, lambda a, b: a | b)
    assert dict(cbk.collect()) == {k: set(v) for k, v in grouped(PAIRS).items()}
    # PySpark's documented example
    x = sc.parallelize([("a", 1), ("b", 1), ("a", 1)])
    assert sorted(x.reduceByKey(add).collect()) == [("a", 2), ("b", 1)]


def test_default_partitions_follow_parent(sc):
    rdd = sc.parallelize([(i % 7, i) for i in range(50)], 3)
    assert rdd.reduceByKey(add).getNumPartitions() == REF["reduceByKey_partitions_of_3"]
    for op in (lambda r: r.groupByKey(), lambda r: r.foldByKey(0, add), lambda r: r.distinct(),
               lambda r: r.sortByKey(), lambda r: r.partitionBy()):
        assert op(rdd).getNumPartitions() == 3
    assert rdd.reduceByKey(add, 5).getNumPartitions() == 5
    assert rdd.join(sc.parallelize([(1, 2)], 4)).getNumPartitions() == REF["join_partitions_of_3_and_4"]
    assert rdd.cogroup(sc.parallelize([(1, 2)], 4)).getNumPartitions() == 7



def test_map_side_combine_writes_fewer_records(sc, events):
    data = [(i % 5, 1) for i in range(2000)]
    for op in (lambda r: r.reduceByKey(add), lambda r: r.foldByKey(0, add),
               lambda r: r.aggregateByKey(0, add, add), lambda r: r.combineByKey(int, add, add)):
        events.clear()
        assert dict(op(sc.parallelize(data, 2)).collect()) == {k: 400 for k in range(5)}
        written = sum(f["metrics"].get("records_written", 0) for n, f in events if n == "task_end")
        assert 0 < written <= 10 < len(data)


# --- partitioning -------------------------------------------------------------------------

def test_partition_by_places_keys_as_pyspark(sc):
    data = [(i, i) for i in range(12)] + [(None, 4), (2.5, 5)]
    glom = sc.parallelize(data, 2).partitionBy(3).glom().collect()
    assert [sorted(map(tuple, p), key=repr) for p in REF["partitionBy_3_glom"]] == \
        [sorted(p, key=repr) for p in glom]


def test_partition_by_uses_portable_hash_and_custom_function(sc):
    data = [(k, 1) for k in ["x", "yy", b"z", (1, "a"), 7, -3, 2.0]]
    glom = sc.parallelize(data, 2).partitionBy(4).glom().collect()
    for i, part in enumerate(glom):
        assert all(portable_hash(k) % 4 == i for k, _ in part)
    glom = sc.parallelize([(i, i) for i in range(10)], 2).partitionBy(2, lambda k: 0).glom().collect()
    assert [len(p) for p in glom] == [10, 0]


def test_partitioner_is_kept_and_no_second_shuffle(sc, events):
    part = sc.parallelize(PAIRS, 3).partitionBy(4).cache()
    assert part.partitioner == HashPartitioner(4)
    assert part.partitionBy(4) is part
    for derived in (part.mapValues(str), part.filter(bool), part.flatMapValues(lambda v: [v])):
        assert derived.partitioner == part.partitioner
    assert part.map(lambda kv: kv).partitioner is None
    reduced = part.reduceByKey(add)
    assert reduced.partitioner == part.partitioner and shuffles_in(reduced) == 1
    events.clear()
    assert dict(reduced.collect()) == {k: sum(v) for k, v in grouped(PAIRS).items()}
    assert stages_run(events) == 2  # the partitionBy's map stage and the result stage
    events.clear()
    assert dict(reduced.collect()) == {k: sum(v) for k, v in grouped(PAIRS).items()}
    assert stages_run(events) == 1  # shuffle output reused by the next job
    joined = part.join(part.mapValues(str))
    assert shuffles_in(joined) == 1 and joined.getNumPartitions() == 4
    assert shuffles_in(part.groupByKey()) == 1 and shuffles_in(part.cogroup(part)) == 1
    assert shuffles_in(part.reduceByKey(add, 5)) == 2
    assert shuffles_in(sc.parallelize(PAIRS, 2).reduceByKey(add).reduceByKey(add)) == 1


def test_lookup(sc):
    rdd = sc.parallelize(PAIRS, 3)
    for key in ("a", 1, None, (1, "x"), "missing"):
        expected = sorted(grouped(PAIRS).get(key, []))
        assert sorted(rdd.lookup(key)) == expected
        assert sorted(rdd.partitionBy(4).lookup(key)) == expected


# --- joins and cogroups -------------------------------------------------------------------------

def plain_join(left, right, keep_left=False, keep_right=False):
    lg, rg = grouped(left), grouped(right)
    out = []
    for k in set(lg) | set(rg):
        ls = lg.get(k) or ([None] if keep_right else [])
        rs = rg.get(k) or ([None] if keep_left else [])
        out.extend((k, (a, b)) for a in ls for b in rs)
    return norm(out)


def test_joins(sc):
    left, right = sc.parallelize(LEFT, 2), sc.parallelize(RIGHT, 3)
    assert norm(left.join(right).collect()) == plain_join(LEFT, RIGHT)
    assert norm(left.leftOuterJoin(right).collect()) == plain_join(LEFT, RIGHT, keep_left=True)
    assert norm(left.rightOuterJoin(right).collect()) == plain_join(LEFT, RIGHT, keep_right=True)
    assert norm(left.fullOuterJoin(right).collect()) == plain_join(LEFT, RIGHT, True, True)
    assert left.join(right, 2).getNumPartitions() == 2
    assert sc.parallelize([], 2).join(right).collect() == []


def test_join_of_mostly_distinct_keys_with_list_values(sc):
    """Past the map-side sample of distinct keys, tagged values ship as they are; values
    that are lists or tuples themselves still join right (outer joins too)."""
    n = 120_000
    left = [(i % 100_000, [i]) for i in range(n)]
    right = [(i, (i, "r")) for i in range(0, n, 3)]
    got = sc.parallelize(left, 2).leftOuterJoin(sc.parallelize(right, 2)).collect()
    assert norm(got) == plain_join(left, right, keep_left=True)


def test_join_shuffles_only_the_side_not_partitioned_alike(sc):
    a = sc.parallelize(LEFT * 50, 2).partitionBy(3).cache()
    assert a.count() == len(LEFT) * 50
    b = sc.parallelize(RIGHT, 2)
    written = []
    listener = (lambda ev, f: ev == "task_end" and written.append(f["metrics"]["records_written"]))
    sc.add_listener(listener)
    try:
        got = a.join(b, 3).collect()
    finally:
        sc.remove_listener(listener)
    assert norm(got) == plain_join(LEFT * 50, RIGHT)
    assert sum(written) == len(RIGHT)  # the cached, partitioned side is read where it is
    assert shuffles_in(a.join(b, 3)) == 2 and shuffles_in(a.join(b.partitionBy(3))) == 2


def test_join_yields_pyspark_order_within_a_partition(sc):
    # keys in the order the left side first had them, each key's pairs in arrival order
    x = sc.parallelize([(1, "a"), (2, "b"), (1, "c"), (3, "d")], 1)
    y = sc.parallelize([(1, "x"), (4, "w"), (1, "y"), (2, "z")], 1)
    assert x.join(y, 1).collect() == [(1, ("a", "x")), (1, ("a", "y")), (1, ("c", "x")),
                                      (1, ("c", "y")), (2, ("b", "z"))]
    assert x.fullOuterJoin(y, 1).collect()[-2:] == [(3, ("d", None)), (4, (None, "w"))]


def test_cogroup_and_group_with(sc):
    a, b, c = sc.parallelize(LEFT, 2), sc.parallelize(RIGHT, 2), sc.parallelize([(5, "c")], 1)
    ga, gb, gc = grouped(LEFT), grouped(RIGHT), {5: ["c"]}
    got = {k: tuple(sorted(x) for x in vs) for k, vs in a.cogroup(b).collect()}
    assert got == {k: (sorted(ga.get(k, [])), sorted(gb.get(k, []))) for k in set(ga) | set(gb)}
    got = {k: tuple(sorted(x) for x in vs) for k, vs in a.groupWith(b, c).collect()}
    keys = set(ga) | set(gb) | set(gc)
    assert got == {k: tuple(sorted(g.get(k, [])) for g in (ga, gb, gc)) for k in keys}
    # PySpark's documented example
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2)])
    assert [(k, tuple(map(list, v))) for k, v in sorted(x.cogroup(y).collect())] == \
        [("a", ([1], [2])), ("b", ([4], []))]


# --- sorting -------------------------------------------------------------------------------------

SORT_DATA = [(rng.randrange(1000), i) for i in range(600)]


@pytest.mark.parametrize("ascending", [True, False])
@pytest.mark.parametrize("parts", [None, 1, 3, 7])
def test_sort_by_key(sc, ascending, parts):
    rdd = sc.parallelize(SORT_DATA, 4).sortByKey(ascending, parts)
    glom = rdd.glom().collect()
    assert len(glom) == (parts or 4)
    flat = [kv for p in glom for kv in p]
    assert [k for k, _ in flat] == sorted((k for k, _ in SORT_DATA), reverse=not ascending)
    assert sorted(flat) == sorted(SORT_DATA)
    if parts and parts > 1:
        assert sum(1 for p in glom if p) > 1  # range partitioning actually spread the keys
        assert rdd.partitioner == RangePartitioner(rdd.partitioner.bounds, ascending, None, parts)
        assert all(rdd.partitioner(k) == i for i, p in enumerate(glom) for k, _ in p)


def test_sort_by_key_keyfunc_and_sort_by(sc):
    words = ["banana", "Apple", "cherry", "apple", "Date", "elder"] * 10
    rdd = sc.parallelize([(w, i) for i, w in enumerate(words)], 3)
    assert [k for k, _ in rdd.sortByKey(keyfunc=str.lower).collect()] == sorted(words, key=str.lower)
    assert sc.parallelize(words, 3).sortBy(lambda w: (len(w), w)).collect() == \
        sorted(words, key=lambda w: (len(w), w))
    assert sc.parallelize(words, 3).sortBy(len, ascending=False).map(len).collect() == \
        sorted(map(len, words), reverse=True)
    assert sc.parallelize([], 2).sortByKey().collect() == []
    # PySpark's documented example
    tmp = [("a", 1), ("b", 2), ("1", 3), ("d", 4), ("2", 5)]
    assert sc.parallelize(tmp).sortByKey(True, 1).collect() == sorted(tmp)
    assert sc.parallelize(tmp).sortBy(lambda x: x[1]).collect() == tmp


def test_non_pair_records_give_a_clear_type_error(sc):
    with pytest.raises(TypeError, match=r"\(key, value\) pairs.*keyBy"):
        sc.parallelize([1, 2, 3], 1).reduceByKey(add).collect()
    with pytest.raises(TypeError, match=r"\(key, value\) pairs"):
        sc.parallelize(["abc"], 1).partitionBy(2).collect()
    assert sc.parallelize([(1, 2)]).count() == 1  # the context is still usable
