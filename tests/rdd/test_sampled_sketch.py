"""sortByKey over a text file samples its splits' bytes: the sort stays exact, the ranges
stay balanced (sorted input too), and the sampling job reads a fraction of the input."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from spark_lambda.io.text import sample_lines
from spark_lambda.storage.local import LocalStore

SAMPLE = 64 << 10   # spark.lambda.sort.sampleBytes in these tests: splits of 256 KiB and more are sampled


def _write(path, keys, eol="\n"):
    with open(path, "w", newline="") as f:
        for i, k in enumerate(keys):
            f.write(f"{k}{i:010d}{'x' * (i % 37)}{eol}")
    return str(path)


def _sort(new_context, path, parts, sample=SAMPLE, prepare=lambda rdd: rdd):
    sc = new_context(spark_lambda_sort_sampleBytes=str(sample))
    seen = []
    sc.add_listener(lambda name, fields: seen.append((name, fields)))
    rdd = prepare(sc.textFile(path, 4).map(lambda line: (line[:10], line[10:])))
    sizes = rdd.sortByKey(numPartitions=parts).glom().map(len).collect()
    out = rdd.sortByKey(numPartitions=parts).collect()
    read = Counter()
    for name, fields in seen:
        if name == "task_end":
            read[fields["stage"]] += fields["metrics"]["bytes_read"]
    return sizes, out, [read[s] for s in sorted(read)]


@pytest.mark.parametrize("ordered", [False, True], ids=["random", "sorted"])
@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_sampled_sort_is_exact_balanced_and_reads_a_fraction(new_context, tmp_path, ordered, eol):
    rng = random.Random(7)
    keys = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10)) for _ in range(40_000)]
    if ordered:
        keys.sort()
    path = _write(tmp_path / "in.txt", keys, eol)
    sizes, out, read = _sort(new_context, path, 8)
    with open(path, newline="") as f:
        lines = f.read().split(eol)[:-1]
    assert out == sorted(((line[:10], line[10:]) for line in lines), key=lambda kv: kv[0])
    assert sum(sizes) == len(lines) and max(sizes) < 1.25 * len(lines) / 8, sizes
    total = sum(len(line) + len(eol) for line in lines)
    sampling = read[0]   # the first job's first stage: the sketch
    assert sampling <= 4 * SAMPLE * 1.01 and sampling < total / 2, (sampling, total)


def test_a_filter_that_keeps_few_records_reads_the_splits_whole(new_context, tmp_path):
    rng = random.Random(3)
    keys = ["".join(rng.choice("abcdefgh") for _ in range(10)) for _ in range(40_000)]
    for i in (5, 20_000, 39_990):
        keys[i] = f"zz{i:08d}"
    path = _write(tmp_path / "in.txt", keys)
    sizes, out, read = _sort(new_context, path, 4, prepare=lambda rdd: rdd.filter(lambda kv: kv[0] >= "zz"))
    # too few records in the windows: every split read whole, and none taken for empty
    assert [k for k, _ in out] == ["zz00000005", "zz00020000", "zz00039990"] and sum(sizes) == 3
    assert read[0] == sum(len(line) for line in open(path, "rb")) + 4 * SAMPLE   # the windows, then all


def test_without_sampling_every_split_is_read_whole(new_context, tmp_path):
    path = _write(tmp_path / "in.txt", [f"{i * 7919 % 100_000:010d}" for i in range(30_000)])
    sizes, out, read = _sort(new_context, path, 4, sample=0)
    assert read[0] == sum(len(line) for line in open(path, "rb"))
    assert [k for k, _ in out] == sorted(f"{i * 7919 % 100_000:010d}" for i in range(30_000))


def test_sample_lines_are_whole_lines_and_estimate_the_count(tmp_path):
    path = _write(tmp_path / "in.txt", [f"{i:08d}" for i in range(50_000)])
    with open(path) as f:
        lines = f.read().split("\n")[:-1]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    store, whole = LocalStore(str(tmp_path)), set(lines)
    for start, end in [(0, offsets[-1] // 2), (offsets[-1] // 2, offsets[-1])]:
        got, span, fetched = sample_lines(store, "in.txt", start, end, 32 << 10, random.Random(start))
        assert got and all(line in whole for line in got)
        assert fetched == 32 << 10 and span <= fetched
        truth = sum(start <= o < end for o in offsets[:-1])
        assert abs(len(got) * (end - start) / span - truth) < 0.05 * truth
        # one window in each stratum: the sample spans the split's range of keys
        firsts = sorted(int(line[:8]) for line in got)
        assert firsts[-1] - firsts[0] > 0.9 * truth
