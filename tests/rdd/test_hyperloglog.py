"""HyperLogLog: accuracy within its error bound, merging, precision from relativeSD."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys

import pytest

from spark_lambda.rdd.hyperloglog import HyperLogLog, estimate_from, hash64, precision_for


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


@pytest.mark.parametrize("relative_sd", [0.05, 0.1, 0.2])
def test_small_counts_are_exact(relative_sd):
    # while fewer than m registers are set, the sketch keeps 2**25 fine registers
    p = precision_for(relative_sd)
    for n in [n for n in (1, 2, 3, 5, 10, 20, 50, 100, 300) if n < 1 << p] + [1 << p]:
        for seed in range(5):
            h = HyperLogLog(p).update(f"{seed}-{i}" for i in range(n))
            assert h.cardinality() == n, (relative_sd, n, seed)


@pytest.mark.parametrize("relative_sd", [0.05, 0.1, 0.2])
def test_error_stays_within_the_promised_standard_error(relative_sd):
    p = precision_for(relative_sd)
    m = 1 << p
    se = 1.04 / math.sqrt(m)
    for n in [m + 1, 2 * m, 3 * m, 5 * m, 8 * m, 20 * m]:
        errors = [HyperLogLog(p).update(f"{seed}:{i}" for i in range(n)).estimate() / n - 1
                  for seed in range(16)]
        assert max(abs(e) for e in errors) <= 5 * se, (n, errors)
        assert statistics.mean(abs(e) for e in errors) <= 1.3 * se, (n, errors)   # ~0.8 se expected
        assert abs(statistics.mean(errors)) <= 4 * se / math.sqrt(len(errors)) + 0.02, (n, errors)


def test_folding_gives_the_sketch_filled_at_precision_p():
    items = [f"x{i}" for i in range(3000)]
    folded = HyperLogLog(9).update(items)
    assert not folded.sparse
    direct = {}
    for x in items:                       # fill 512 registers directly from the 64-bit hashes
        h = hash64(x)
        index, rank = h >> 55, 55 - (h & ((1 << 55) - 1)).bit_length() + 1
        direct[index] = max(direct.get(index, 0), rank)
    assert folded.registers == direct
    assert folded.estimate() == estimate_from(direct, 9)


def test_merging_sparse_and_folded_sketches_is_the_union():
    small = HyperLogLog(9).update(f"s{i}" for i in range(100))
    big = HyperLogLog(9).update(f"b{i}" for i in range(2000))
    both = HyperLogLog(9).update([f"s{i}" for i in range(100)] + [f"b{i}" for i in range(2000)])
    assert small.sparse and not big.sparse
    assert small.copy().merge(big).registers == both.registers
    assert big.copy().merge(small).registers == both.registers
    assert small.sparse                               # merging into a copy leaves it alone
    halves = HyperLogLog(9).update(f"a{i}" for i in range(300)).merge(
        HyperLogLog(9).update(f"a{i}" for i in range(200, 500)))
    assert halves.sparse and halves.cardinality() == 500
    assert halves.registers == HyperLogLog(9).update(f"a{i}" for i in range(500)).registers
