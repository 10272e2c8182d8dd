"""Actions, compared with plain Python over the same data, with PySpark's
edge cases (empty RDDs, zero values applied once per partition)."""

from __future__ import annotations

import random
from collections import Counter
from operator import add

import pytest

from spark_lambda import OutputExistsError

rng = random.Random(11)
NUMS = [rng.randrange(-500, 500) for _ in range(300)]
WORDS = [rng.choice(["spark", "lambda", "s3", "rdd", "shuffle"]) for _ in range(200)]


@pytest.fixture(scope="module")
def nums(sc):
    return sc.parallelize(NUMS, 4)


def test_collect_count_sum(sc, nums):
    assert nums.collect() == NUMS
    assert nums.count() == len(NUMS)
    assert nums.sum() == sum(NUMS)
    assert sc.parallelize([], 3).count() == 0 and sc.parallelize([], 3).sum() == 0
    assert sc.parallelize([0.5, 1.5], 2).sum() == 2.0


def test_take_and_first(sc, nums):
    for n in (0, 1, 5, 74, 75, 76, 299, 300, 1000):
        assert nums.take(n) == NUMS[:n]
    assert nums.first() == NUMS[0]
    sparse = sc.parallelize([7], 1).union(sc.parallelize([], 6)).union(sc.parallelize([8, 9], 2))
    assert sparse.take(3) == [7, 8, 9]
    assert sc.parallelize([], 5).union(sc.parallelize([1, 2], 1)).take(1) == [1]
    with pytest.raises(ValueError, match="RDD is empty"):
        sc.parallelize([], 2).first()
    assert sc.parallelize([], 2).isEmpty() and not nums.isEmpty()


def test_take_ordered_and_top(nums):
    assert nums.takeOrdered(7) == sorted(NUMS)[:7]
    assert nums.takeOrdered(7, key=lambda x: -x) == sorted(NUMS, reverse=True)[:7]
    assert nums.top(5) == sorted(NUMS, reverse=True)[:5]
    assert nums.top(5, key=abs) == sorted(NUMS, key=abs, reverse=True)[:5]
    assert nums.takeOrdered(1000) == sorted(NUMS)


def test_reduce(sc, nums):
    assert nums.reduce(add) == sum(NUMS)
    assert nums.reduce(max) == max(NUMS)
    assert nums.max() == max(NUMS) and nums.min() == min(NUMS)
    assert sc.parallelize([None, 1], 2).map(lambda x: x or 0).reduce(add) == 1
    assert sc.parallelize([3], 4).reduce(add) == 3  # empty partitions are skipped
    with pytest.raises(ValueError, match="empty"):
        sc.parallelize([], 2).reduce(add)


def test_fold_and_aggregate_apply_zero_per_partition(sc):
    rdd = sc.parallelize([1, 2, 3, 4, 5], 3)
    assert rdd.fold(0, add) == 15
    # the zero value is used once per partition and once on the driver, as in PySpark
    assert rdd.fold(1, add) == 15 + 3 + 1
    assert sc.parallelize([], 2).fold(10, add) == 30
    seq = (lambda acc, x: (acc[0] + x, acc[1] + 1))
    comb = (lambda a, b: (a[0] + b[0], a[1] + b[1]))
    assert rdd.aggregate((0, 0), seq, comb) == (15, 5)
    assert sc.parallelize([], 2).aggregate((0, 0), seq, comb) == (0, 0)
    assert rdd.aggregate([], lambda acc, x: acc + [x], add) == [1, 2, 3, 4, 5]


def test_count_by_key_and_value(sc):
    words = sc.parallelize(WORDS, 3)
    assert dict(words.countByValue()) == dict(Counter(WORDS))
    pairs = words.map(lambda w: (w, len(w)))
    assert dict(pairs.countByKey()) == dict(Counter(WORDS))
    assert sc.parallelize([], 2).countByValue() == {}


def test_collect_as_map_and_lookup(sc):
    pairs = [(i % 10, i) for i in range(50)]
    rdd = sc.parallelize(pairs, 3)
    assert rdd.collectAsMap() == dict(pairs)
    assert sorted(rdd.lookup(3)) == [v for k, v in pairs if k == 3]
    assert rdd.lookup(99) == []


def test_foreach_and_foreach_partition(sc, tmp_path):
    out = tmp_path / "each"
    out.mkdir()

    def record(x):
        (out / f"x{x}").write_text(str(x))
    sc.parallelize(range(20), 3).foreach(record)
    assert sorted(int(p.read_text()) for p in out.iterdir()) == list(range(20))

    def per_partition(it):
        from spark_lambda import TaskContext
        items = list(it)
        (out / f"p{TaskContext.get().partitionId()}").write_text(",".join(map(str, items)))
    sc.parallelize(range(20), 3).foreachPartition(per_partition)
    parts = sorted(p for p in out.iterdir() if p.name.startswith("p"))
    assert [p.name for p in parts] == ["p0", "p1", "p2"]
    assert sorted(int(x) for p in parts for x in p.read_text().split(",")) == list(range(20))


def test_save_as_text_file(sc, tmp_path):
    data = ["alpha", 1, (2, "b"), None, "ünïcode"]
    out = tmp_path / "out"
    sc.parallelize(data, 3).saveAsTextFile(str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    lines = [line for p in sorted(out.glob("part-*")) for line in p.read_text("utf-8").splitlines()]
    assert lines == [str(x) for x in data]
    assert sorted(sc.textFile(str(out)).collect()) == sorted(str(x) for x in data)
    with pytest.raises(OutputExistsError, match="already exists"):
        sc.parallelize([1]).saveAsTextFile(str(out))
    with pytest.raises(FileExistsError):
        sc.parallelize([1]).saveAsTextFile(f"file://{out}")
    # an empty partition is an empty part file
    empty = tmp_path / "empty"
    sc.parallelize([1], 2).saveAsTextFile(str(empty))
    assert [p.stat().st_size for p in sorted(empty.glob("part-*"))] == [0, 2]


def test_save_as_text_file_writes_what_pyspark_writes(sc, tmp_path):
    out = tmp_path / "kinds"
    sc.parallelize([b"raw\xffbytes", "str", 1, None, ("t", 1), [1, 2], 1.5], 2).saveAsTextFile(str(out))
    written = b"".join(p.read_bytes() for p in sorted(out.glob("part-*")))
    # recorded from PySpark 4.3.0
    assert written == b"raw\xef\xbf\xbdbytes\nstr\n1\nNone\n('t', 1)\n[1, 2]\n1.5\n"


def test_save_as_text_file_gzip(sc, tmp_path):
    out = tmp_path / "gz"
    sc.parallelize(["a", "b", "c"], 2).saveAsTextFile(
        str(out), "org.apache.hadoop.io.compress.GzipCodec")
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.gz", "part-00001.gz"]
    assert sorted(sc.textFile(str(out)).collect()) == ["a", "b", "c"]


def test_save_success_is_written_last(sc, tmp_path):
    out = tmp_path / "order"
    sc.parallelize(range(100), 4).saveAsTextFile(str(out))
    success = (out / "_SUCCESS").stat().st_mtime_ns
    assert all(p.stat().st_mtime_ns <= success for p in out.glob("part-*"))
    assert not (out / "_temporary").exists()


def test_failed_save_leaves_no_success_and_no_part(sc, tmp_path):
    out = tmp_path / "failed"

    def explode(x):
        if x == 77:
            raise RuntimeError("bad record 77")
        return x
    with pytest.raises(RuntimeError, match="bad record 77"):
        sc.parallelize(range(100), 4).map(explode).saveAsTextFile(str(out))
    left = [p.name for p in out.rglob("*")] if out.exists() else []
    assert "_SUCCESS" not in left and not [n for n in left if n.startswith("part-")]


def test_save_to_relative_path_after_chdir(sc, tmp_path, monkeypatch):
    """A relative output path means the driver's working directory, not the workers'."""
    import os
    workers_cwd = os.getcwd()
    monkeypatch.chdir(tmp_path)
    name = f"relative-out-{os.getpid()}"
    sc.parallelize(["a", "b"], 2).saveAsTextFile(name)
    assert sorted(p.name for p in (tmp_path / name).iterdir()) == ["_SUCCESS", "part-00000", "part-00001"]
    assert not os.path.exists(os.path.join(workers_cwd, name))
    assert sorted(sc.textFile(name).collect()) == ["a", "b"]
