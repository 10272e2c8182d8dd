"""Whole programs through ``spark-lambda submit --master local[2]`` (real
processes), compared with plain Python over the same data and with the output
PySpark gave for the same program with its import swapped back
(tests/data/programs/pyspark_style.pyspark.json, PySpark 4.3.0, local[2])."""

from __future__ import annotations

import ast
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from .submit import ROOT, run_submit

DATA = Path(__file__).parent / "data" / "programs"
LINKS = ROOT / "examples" / "data" / "links.txt"


def plain_pagerank(lines, iterations: int) -> dict:
    """The examples' formula in plain Python: distinct edges, rank = 0.15 + 0.85 * contributions."""
    links: dict = defaultdict(list)
    for edge in dict.fromkeys(tuple(line.split()[:2]) for line in lines):
        links[edge[0]].append(edge[1])
    ranks = {url: 1.0 for url in links}
    for _ in range(iterations):
        contribs: dict = defaultdict(float)
        for url, outs in links.items():
            if url in ranks:
                for dest in outs:
                    contribs[dest] += ranks[url] / len(outs)
        ranks = {url: 0.15 + 0.85 * c for url, c in contribs.items()}
    return ranks


@pytest.fixture(scope="module")
def text_file(tmp_path_factory):
    rng = random.Random(9)
    vocab = ["spark", "lambda", "shuffle", "rdd", "s3", "naïve", "café", "a", "the", "x-y", "1,2"]
    lines = [" ".join(rng.choice(vocab) for _ in range(rng.randrange(0, 12))) + rng.choice(["", " ", "\t"])
             for _ in range(3000)]
    path = tmp_path_factory.mktemp("wc") / "words.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_wordcount_example(text_file, tmp_path):
    out = tmp_path / "counts"
    proc = run_submit("--master", "local[2]", ROOT / "examples" / "wordcount.py", text_file, out)
    expected = Counter(text_file.read_text(encoding="utf-8").split())
    saved = [ast.literal_eval(line) for p in sorted(out.glob("part-*"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    assert dict(saved) == dict(expected) and len(saved) == len(expected)
    assert (out / "_SUCCESS").exists() and len(list(out.glob("part-*"))) == 2
    top = sorted(expected.items(), key=lambda wc: (-wc[1], wc[0]))[:10]
    printed = [line.split() for line in proc.stdout.strip().splitlines()]
    assert printed == [[str(c), w] for w, c in top]


@pytest.mark.parametrize("links", [LINKS, "random"])
def test_pagerank_example(links, tmp_path):
    if links == "random":
        rng = random.Random(4)
        links = tmp_path / "random-links.txt"
        links.write_text("".join(f"n{rng.randrange(25)} n{rng.randrange(25)}\n" for _ in range(150)))
    proc = run_submit("--master", "local[2]", ROOT / "examples" / "pagerank.py", links, 7)
    expected = plain_pagerank(Path(links).read_text().splitlines(), 7)
    printed = [line.split("\t") for line in proc.stdout.strip().splitlines()]
    assert len(printed) == 10
    for url, rank in printed:
        assert float(rank) == pytest.approx(expected[url], abs=2e-6)
    top = sorted(expected.values(), reverse=True)[:10]
    assert [float(r) for _, r in printed] == pytest.approx(top, abs=2e-6)


@pytest.mark.parametrize("partitions", [None, 1, 3])
def test_sort_example(tmp_path, partitions):
    rng = random.Random(partitions or 0)
    keys = rng.sample(range(10 ** 10), 2000)
    lines = [f"{k:010d}payload {rng.random()}" for k in keys]
    src = tmp_path / "unsorted.txt"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "sorted"
    run_submit("--master", "local[2]", ROOT / "examples" / "sort.py", src, out,
               *([partitions] if partitions else []))
    parts = sorted(out.glob("part-*"))
    assert len(parts) == (partitions or 2)
    assert [line for p in parts for line in p.read_text().splitlines()] == sorted(lines)


@pytest.fixture(scope="module")
def pyspark_style_output():
    proc = run_submit("--master", "local[2]", ROOT / "tests" / "programs" / "pyspark_style.py",
                      DATA / "customers.csv", DATA / "orders.csv", LINKS, 5)
    return json.loads(proc.stdout)


def _plain_tables():
    customers = [tuple(line.split(",")) for line in (DATA / "customers.csv").read_text().splitlines()]
    orders = [(f[1], int(f[2])) for f in (line.split(",") for line in
                                          (DATA / "orders.csv").read_text().splitlines())]
    return customers, orders


def _join(left, right, keep_left, keep_right):
    lg, rg = defaultdict(list), defaultdict(list)
    for k, v in left:
        lg[k].append(v)
    for k, v in right:
        rg[k].append(v)
    out = []
    for k in set(lg) | set(rg):
        ls = lg.get(k) or ([None] if keep_right else [])
        rs = rg.get(k) or ([None] if keep_left else [])
        out += [[k, [a, b]] for a in ls for b in rs]
    return sorted(out, key=lambda kv: repr((kv[0], tuple(kv[1]))))


def test_pyspark_style_program_matches_plain_python(pyspark_style_output):
    got = pyspark_style_output
    customers, orders = _plain_tables()
    assert got["join"] == sorted(_join(customers, orders, False, False))
    for name, left, right, kl, kr in [("leftOuterJoin", customers, orders, True, False),
                                      ("rightOuterJoin", orders, customers, False, True),
                                      ("fullOuterJoin", customers, orders, True, True)]:
        assert sorted(map(repr, got[name])) == sorted(map(repr, _join(left, right, kl, kr))), name
    cg = defaultdict(lambda: [[], []])
    for k, v in customers:
        cg[k][0].append(v)
    for k, v in orders:
        cg[k][1].append(v)
    assert got["cogroup"] == sorted([k, [sorted(a), sorted(b)]] for k, (a, b) in cg.items())
    totals = defaultdict(int)
    for k, v in orders:
        totals[k] += v
    assert got["totals"] == [list(kv) for kv in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    assert [k for k, _ in got["by_name_desc"]] == sorted((n for _, n in customers), reverse=True)
    assert sorted(map(tuple, got["by_name_desc"])) == sorted((n, c) for c, n in customers)
    assert got["amounts_sorted"] == sorted(v for _, v in orders)
    assert got["top_orders"] == [list(kv) for kv in sorted(orders, key=lambda kv: (kv[1], kv[0]),
                                                            reverse=True)[:3]]
    assert got["count_by_key"] == sorted([k, n] for k, n in Counter(k for k, _ in orders).items())
    assert got["distinct_customers_with_orders"] == sorted({k for k, _ in orders})
    expected_ranks = plain_pagerank(LINKS.read_text().splitlines(), 5)
    assert {u: r for u, r in got["pagerank"]} == pytest.approx(expected_ranks, abs=1e-9)


def test_pyspark_style_program_matches_recorded_pyspark(pyspark_style_output):
    recorded = json.loads((DATA / "pyspark_style.pyspark.json").read_text())
    assert set(recorded) == set(pyspark_style_output)
    for name, value in recorded.items():
        if name == "pagerank":
            assert [u for u, _ in pyspark_style_output[name]] == [u for u, _ in value]
            assert [r for _, r in pyspark_style_output[name]] == pytest.approx([r for _, r in value], abs=1e-9)
        elif name == "by_name_desc":  # the order of equal keys is not specified
            assert [k for k, _ in pyspark_style_output[name]] == [k for k, _ in value]
            assert sorted(pyspark_style_output[name]) == sorted(value)
        else:
            assert pyspark_style_output[name] == value, name


def test_plain_python_run_gives_the_same_output(pyspark_style_output, tmp_path):
    """``python app.py`` (no submit: the program's own SparkContext, local[*]) works too."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SPARK_CONF_DIR", None)
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "programs" / "pyspark_style.py"),
                           DATA / "customers.csv", DATA / "orders.csv", LINKS, "5"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert dict(got.pop("pagerank")) == pytest.approx(dict(pyspark_style_output["pagerank"]), abs=1e-9)
    assert got == {k: v for k, v in pyspark_style_output.items() if k != "pagerank"}
