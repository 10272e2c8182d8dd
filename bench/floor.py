"""The least CPU any engine running these RDD programs must spend, against plain Python.

    python bench/floor.py [--workers 2] [--repeat 5] [--reduceByKey 2] [--join 1]
                          [--groupByKey-skew 2] [--sort 20]

An RDD program states its per-record work: the functions it passes (``map(lambda
...)``), a shuffle that moves every record from one process to another, a merge by
key on the other side, and results sent to the driver. Each step here is done once
per record with the fastest Python at hand, in this one process, with the
collector off (as in tasks) and with nothing else: no scheduler, no files, no
frames' headers or seals, no spilling checks, no routing by a partitioner (records
are split into the workers' shares by position). The steps:

- ``user``: the workload's own functions over its input (the same lambdas);
- ``shuffle``: pickling the records in lists of 4,096 and unpickling them;
- ``merge``: the reduce side's work per record (a dict update, a list append,
  a sort) and the user's functions after the shuffle;
- ``results``: pickling what is collected and unpickling it.

Their sum divided by ``--workers`` is the time of a perfect engine on that many
cores; against plain Python's time (``workloads.py``, measured here too) it
says what ratio no implementation in Python can beat. Prints a table; writes
``results/floor.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import sys
import time
from operator import add, itemgetter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS, _skewed_key, add_size_arguments, chosen_sizes  # noqa: E402


def _round_trip(records: list) -> list:
    out: list = []
    for i in range(0, len(records), 4096):
        out.extend(pickle.loads(pickle.dumps(records[i:i + 4096], protocol=5)))
    return out


def _timed(steps: dict, name: str, f, *args):
    t = time.perf_counter()
    out = f(*args)
    steps[name] = steps.get(name, 0.0) + time.perf_counter() - t
    return out


def _merge_add(records):
    d: dict = {}
    get = d.get
    for k, v in records:
        c = get(k)
        d[k] = v if c is None else add(c, v)
    return list(d.items())


def _group(records):
    d: dict = {}
    get = d.get
    for k, v in records:
        c = get(k)
        if c is None:
            d[k] = [v]
        else:
            c.append(v)
    return d


def floor_reduce_by_key(n, steps):
    m = n // 4
    recs = _timed(steps, "user", lambda: list(map(lambda i: (i * 7919 % m, i), range(n))))
    recs = _timed(steps, "shuffle", _round_trip, recs)
    out = _timed(steps, "merge", _merge_add, recs)
    _timed(steps, "results", _round_trip, out)


def floor_join(n, steps):
    left = _timed(steps, "user", lambda: list(map(lambda i: (i % (n // 2), i), range(n))))
    right = _timed(steps, "user", lambda: list(map(lambda i: (i, -i), range(n // 2))))
    left, right = _timed(steps, "shuffle", lambda: (_round_trip(left), _round_trip(right)))

    def merge():
        groups = _group(right)
        get = groups.get
        pairs = [(k, (v, w)) for k, v in left for w in (get(k) or ())]
        return list(map(lambda kv: (kv[0], kv[1][0] + kv[1][1]), pairs))
    out = _timed(steps, "merge", merge)
    _timed(steps, "results", _round_trip, out)


def floor_skew(n, steps):
    recs = _timed(steps, "user", lambda: list(map(lambda i: (_skewed_key(i), i), range(n))))
    groups = _timed(steps, "merge", _group, recs)  # the map side's combine: few keys
    items = _timed(steps, "shuffle", _round_trip, list(groups.items()))
    out = _timed(steps, "merge", lambda: [(k, (len(vs), sum(vs))) for k, vs in items])
    _timed(steps, "results", _round_trip, out)


def floor_sort(path, steps):
    def read():
        with open(path, encoding="utf-8") as f:
            return list(map(lambda line: (line[:10], line[10:]), f))
    recs = _timed(steps, "user", read)
    recs = _timed(steps, "shuffle", _round_trip, recs)
    keys = _timed(steps, "merge", lambda: list(map(lambda kv: kv[0], sorted(recs, key=itemgetter(0)))))
    _timed(steps, "results", _round_trip, keys)


FLOORS = {"sort": floor_sort, "reduceByKey": floor_reduce_by_key, "join": floor_join,
          "groupByKey-skew": floor_skew}


def measure(name, size, repeat):
    prepare, _rdd, plain, _norm = WORKLOADS[name]
    inp = prepare(size)
    best_plain, best_steps = float("inf"), None
    gc.disable()
    try:
        for _ in range(repeat):
            t = time.perf_counter()
            plain(inp)
            best_plain = min(best_plain, time.perf_counter() - t)
            steps: dict = {}
            FLOORS[name](inp, steps)
            if best_steps is None or sum(steps.values()) < sum(best_steps.values()):
                best_steps = steps
    finally:
        gc.enable()
    return best_plain, best_steps


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    add_size_arguments(p, FLOORS)
    a = p.parse_args()
    sizes = chosen_sizes(a, FLOORS)
    report = {"workers": a.workers, "repeat": a.repeat, "workloads": {}}
    print(f"{'workload':16s} {'size':>6s} {'plain':>7s} {'user':>7s} {'shuffle':>8s} {'merge':>7s} "
          f"{'results':>8s} {'CPU':>7s} {'/workers':>9s} {'floor/plain':>12s}  (seconds, fastest of {a.repeat})")
    for name, size in sizes.items():
        plain, steps = measure(name, size, a.repeat)
        cpu = sum(steps.values())
        wall = cpu / a.workers
        report["workloads"][name] = {"size": size, "plain": plain, "steps": steps, "cpu": cpu,
                                     "floor": wall, "floor_over_plain": wall / plain}
        print(f"{name:16s} {size:6g} {plain:7.3f} {steps.get('user', 0):7.3f} {steps.get('shuffle', 0):8.3f} "
              f"{steps.get('merge', 0):7.3f} {steps.get('results', 0):8.3f} {cpu:7.3f} {wall:9.3f} "
              f"{wall / plain:12.2f}", flush=True)
    os.makedirs(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"), exist_ok=True)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "floor.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
