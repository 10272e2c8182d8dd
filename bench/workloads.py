"""The benchmark workloads, each written once against the RDD API (run by both
spark-lambda and PySpark, which share it) and once as a plain single-process Python
program computing the same answer.

Each workload is ``(name, prepare(size) -> input, rdd_job(sc, input) -> result,
plain(input) -> result, normalise(result) -> comparable)``.
"""

from __future__ import annotations

import collections
import os
import random
import zlib
from operator import add

import data

HERE = os.path.dirname(os.path.abspath(__file__))


def _path(name: str) -> str:
    return os.path.join(HERE, "data", name)


# --- word count -------------------------------------------------------------------
def wc_prepare(mb):
    return data.text(_path(f"text-{mb:g}mb.txt"), mb)


def wc_rdd(sc, path):
    return sc.textFile(path).flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(add).collect()


def wc_plain(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            counts.update(line.split())
    return counts.items()


# --- sort of 100-byte records with 10-byte keys ---------------------------------------
def sort_prepare(mb):
    return data.sort_records(_path(f"sort-{mb:g}mb.txt"), int(mb * (1 << 20) // 100))


def sort_rdd(sc, path):
    out = (sc.textFile(path).map(lambda line: (line[:10], line[10:])).sortByKey()
           .map(lambda kv: kv[0]).collect())
    return out


def sort_plain(path):
    with open(path, encoding="utf-8") as f:
        pairs = [(line[:10], line[10:-1]) for line in f]
    pairs.sort(key=lambda kv: kv[0])
    return [k for k, _ in pairs]


def _check_sorted(it):
    """One partition's (first key, last key, count, key hash sum, in order): a small
    result that still checks a sort of any size."""
    first = prev = None
    n = total = 0
    ordered = True
    for k, _ in it:
        if prev is not None and k < prev:
            ordered = False
        if first is None:
            first = k
        prev = k
        n += 1
        total += zlib.crc32(k.encode())
    yield first, prev, n, total, ordered


def sort_checked_rdd(sc, path):
    """The over-memory sort: sortByKey, each partition checked where it is (its keys
    in order, counted and hashed) instead of collected."""
    parts = sc.textFile(path).map(lambda line: (line[:10], line[10:])).sortByKey() \
        .mapPartitions(_check_sorted).collect()
    return _sorted_summary([p for p in parts if p[2]])


def _sorted_summary(parts):
    ordered = all(p[4] for p in parts) and all(a[1] <= b[0] for a, b in zip(parts, parts[1:]))
    return [(sum(p[2] for p in parts), sum(p[3] for p in parts), ordered)]


def sort_checked_plain(path):
    with open(path, encoding="utf-8") as f:
        pairs = [(line[:10], line[10:-1]) for line in f]
    pairs.sort(key=lambda kv: kv[0])
    return _sorted_summary(list(_check_sorted(pairs)))


def sort_count_rdd(sc, path):
    """``plan_validation.py``'s sort: sortByKey, then count (no result to move)."""
    return [sc.textFile(path).map(lambda line: (line[:10], line[10:])).sortByKey().count()]


def sort_count_plain(path):
    with open(path, encoding="utf-8") as f:
        return [sum(1 for _ in f)]


# --- reduceByKey with many keys ----------------------------------------------------------
def rbk_prepare(millions):
    return int(millions * 1_000_000)


def rbk_rdd(sc, n):
    return sc.range(0, n, numSlices=8).map(lambda i: (i * 7919 % (n // 4), i)).reduceByKey(add).collect()


def rbk_plain(n):
    out: dict = {}
    for i in range(n):
        k = i * 7919 % (n // 4)
        out[k] = out.get(k, 0) + i
    return out.items()


# --- two-way join ---------------------------------------------------------------------------
def join_prepare(millions):
    return int(millions * 1_000_000)


def join_rdd(sc, n):
    left = sc.range(0, n, numSlices=8).map(lambda i: (i % (n // 2), i))
    right = sc.range(0, n // 2, numSlices=8).map(lambda i: (i, -i))
    return left.join(right).map(lambda kv: (kv[0], kv[1][0] + kv[1][1])).collect()


def join_plain(n):
    right = {i: -i for i in range(n // 2)}
    out = []
    for i in range(n):
        k = i % (n // 2)
        if k in right:
            out.append((k, i + right[k]))
    return out


# --- groupByKey with skew ------------------------------------------------------------------
def _skewed_key(i):
    # Zipf-like: a few keys hold most of the values
    r = (i * 2654435761) % 1000
    return r % 10 if r < 600 else r


def skew_prepare(millions):
    return int(millions * 1_000_000)


def skew_rdd(sc, n):
    return sc.range(0, n, numSlices=8).map(lambda i: (_skewed_key(i), i)).groupByKey() \
        .mapValues(lambda vs: (len(vs), sum(vs))).collect()


def skew_plain(n):
    groups = collections.defaultdict(list)
    for i in range(n):
        groups[_skewed_key(i)].append(i)
    return [(k, (len(v), sum(v))) for k, v in groups.items()]


def as_sorted(result):
    return sorted(result)


def as_list(result):
    return list(result)


WORKLOADS = {
    "wordcount": (wc_prepare, wc_rdd, wc_plain, as_sorted),
    "sort": (sort_prepare, sort_rdd, sort_plain, as_list),
    "reduceByKey": (rbk_prepare, rbk_rdd, rbk_plain, as_sorted),
    "join": (join_prepare, join_rdd, join_plain, as_sorted),
    "groupByKey-skew": (skew_prepare, skew_rdd, skew_plain, as_sorted),
    "sort-checked": (sort_prepare, sort_checked_rdd, sort_checked_plain, as_list),
    "sort-count": (sort_prepare, sort_count_rdd, sort_count_plain, as_list),
}


# default sizes: MB of input for word count and sort, millions of records for the others
SIZES = {"wordcount": 50, "sort": 20, "reduceByKey": 2, "join": 1, "groupByKey-skew": 2}


def add_size_arguments(parser, names) -> None:
    """A ``--NAME SIZE`` option per workload in ``names``."""
    for name in names:
        parser.add_argument(f"--{name}", dest=name, type=float, default=SIZES[name])


def chosen_sizes(args, names) -> dict:
    return {name: vars(args)[name] for name in names}


def size_arguments(sizes: dict) -> list:
    """The command-line options that choose ``sizes``."""
    return [x for name, size in sizes.items() for x in (f"--{name}", str(size))]


def random_keys(n, seed=1):
    rng = random.Random(seed)
    return [rng.random() for _ in range(n)]
