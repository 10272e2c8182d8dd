"""portable_hash is the same in every process, whatever PYTHONHASHSEED says;
partitioners route keys as documented."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spark_lambda import HashPartitioner, RangePartitioner, portable_hash

ROOT = Path(__file__).resolve().parent.parent.parent

KEYS = ["", "spark", "ünïcode ✓", b"", b"\x00\xffbytes", 0, 1, -1, 2 ** 70, -(2 ** 63), 1.5, -0.25,
        float("inf"), None, True, (), ("a",), ("a", 1, None), (("nested", (1, 2.5)), b"x"),
        (None, (None,))]

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from spark_lambda import portable_hash
from tests.shuffle.test_partitioner import KEYS
print(json.dumps([portable_hash(k) for k in KEYS]))
"""


def _hashes_in_subprocess(seed: str) -> list[int]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_portable_hash_is_identical_across_processes():
    here = [portable_hash(k) for k in KEYS]
    for seed in ("0", "1", "12345", "random"):
        assert _hashes_in_subprocess(seed) == here, seed
    # the built-in hash of a string does differ between these processes
    probe = "import sys; print(hash('spark'))"
    outs = {subprocess.run([sys.executable, "-c", probe], env=dict(os.environ, PYTHONHASHSEED=s),
                           capture_output=True, text=True).stdout for s in ("1", "2")}
    assert len(outs) == 2


def test_equal_numbers_hash_equal():
    assert portable_hash(1) == portable_hash(1.0) == portable_hash(True)
    assert portable_hash(0) == portable_hash(0.0) == portable_hash(False) == portable_hash(-0.0)
    assert portable_hash((1, 2)) == portable_hash((1.0, 2.0))
    assert portable_hash(None) == 0


def test_hash_distinguishes_and_matches_pyspark_for_numbers():
    assert len({portable_hash(k) for k in KEYS}) >= len(KEYS) - 4  # 0/False, 1/True, () etc.
    # PySpark hashes numbers with Python's hash() and tuples with this formula
    assert portable_hash(12345) == 12345 and portable_hash(2.5) == hash(2.5)
    assert portable_hash((1, 2)) == _pyspark_tuple_hash((1, 2))
    assert portable_hash(("a", (3,))) != portable_hash(("a", 3))


def _pyspark_tuple_hash(x):
    h = 0x345678
    for i in x:
        h ^= portable_hash(i)
        h *= 1000003
        h &= sys.maxsize
    h ^= len(x)
    return -2 if h == -1 else h


def test_hash_partitioner():
    p = HashPartitioner(5)
    assert all(0 <= p(k) < 5 for k in KEYS)
    assert p(7) == 2 and p(-3) == (-3) % 5
    assert HashPartitioner(5) == HashPartitioner(5) and HashPartitioner(5) != HashPartitioner(4)
    assert HashPartitioner(5, lambda k: 0) != HashPartitioner(5)


@pytest.mark.parametrize("ascending", [True, False])
def test_range_partitioner(ascending):
    p = RangePartitioner([10, 20], ascending)
    assert p.num_partitions == 3
    got = [p(k) for k in (0, 10, 11, 20, 21)]
    expected = [0, 0, 1, 1, 2]
    assert got == (expected if ascending else [2 - x for x in expected])


def _by_bisect(chunk, bounds, n):
    import bisect
    lists = [[] for _ in range(n)]
    for k, v in chunk:
        lists[bisect.bisect_left(bounds, k)].append((k, v))
    return lists


@pytest.mark.parametrize("n", [1, 2, 7, 300])
def test_route_by_range_puts_every_record_where_bisect_does_in_key_order(n):
    import random
    from spark_lambda.shuffle.partitioner import route_by_range
    rng = random.Random(n)
    for keys in ([rng.choice("abcdefgh") + str(rng.random()) for _ in range(3000)],
                 [rng.randrange(50) for _ in range(3000)], [b"%d" % rng.randrange(999) for _ in range(3000)]):
        chunk = [(k, i) for i, k in enumerate(keys)]
        bounds = sorted(set(rng.sample(keys, min(n - 1, 40))))[: n - 1]
        want = _by_bisect(chunk, bounds, n)
        lists = [[] for _ in range(n)]
        assert route_by_range(list(chunk), bounds, lists)
        # the same records per partition, sorted by key with equal keys in their first order
        assert lists == [sorted(part, key=lambda kv: kv[0]) for part in want]


def test_route_by_range_leaves_other_chunks_to_the_record_loop():
    from spark_lambda.shuffle.partitioner import route_by_range
    for chunk in ([(1.5, 0), (float("nan"), 1)], [("a", 0), (1, 1)], [("a", 0), ("b", 1, 2)],
                  [("a", 0), ["b", 1]], [(("a", 1), 0)]):
        lists = [[], []]
        before = list(chunk)
        assert not route_by_range(chunk, ["a"], lists)
        assert chunk == before and lists == [[], []]
