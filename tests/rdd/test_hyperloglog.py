"""HyperLogLog: accuracy within its error bound, merging, precision from relativeSD."""

from __future__ import annotations

import subprocess
import sys

import pytest

from spark_lambda.rdd.hyperloglog import HyperLogLog, hash64, precision_for


def test_precision_follows_relative_sd():
    assert precision_for(0.05) == 9          # ceil(2 * log2(1.054 / 0.05))
    assert precision_for(0.01) == 14
    assert precision_for(0.5) == 4
    with pytest.raises(ValueError, match="greater than 0.000017"):
        precision_for(0.00001)


@pytest.mark.parametrize("n", [0, 1, 20, 1000, 50_000])
def test_estimates_within_bounds(n):
    sd = 1.04 / (1 << precision_for(0.05)) ** 0.5
    for items in (range(n), (str(i) for i in range(n)), ((i, "x") for i in range(n))):
        est = HyperLogLog(precision_for(0.05)).update(items).cardinality()
        assert abs(est - n) <= max(4 * sd * n, 2), (n, est)


def test_duplicates_change_nothing_and_merge_is_union():
    a = HyperLogLog(12).update(range(0, 6000))
    b = HyperLogLog(12).update(list(range(3000, 9000)) * 3)
    union = HyperLogLog(12).update(range(9000))
    assert a.merge(b).registers == union.registers
    with pytest.raises(ValueError):
        a.merge(HyperLogLog(10))


def test_high_precision_is_sparse():
    h = HyperLogLog(precision_for(0.000017)).update(range(1000))
    assert h.p == 32 and len(h.registers) <= 1000
    assert h.cardinality() == 1000


def test_hash_is_the_same_in_another_process():
    values = [0, 1, -5, 2 ** 70, "abc", b"abc", 1.5, 2.0, (1, "a"), None, True, frozenset({1})]
    here = [hash64(v) for v in values]
    code = ("from spark_lambda.rdd.hyperloglog import hash64; "
            f"print([hash64(v) for v in {values!r}])")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin",
                                "PYTHONPATH": sys.path[0] or "."})
    assert there.stdout.strip() == str(here)
    assert hash64(2.0) == hash64(2)
