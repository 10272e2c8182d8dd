"""Sources and narrow transformations, compared with plain Python and with
partition layouts recorded from PySpark (tests/data/pyspark_reference.json)."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from spark_lambda import InputError, StorageLevel
from spark_lambda.io.text import text_splits

REF = json.loads((Path(__file__).parent.parent / "data" / "pyspark_reference.json").read_text())


# --- sources -----------------------------------------------------------------------

def test_parallelize_default_partitions_is_default_parallelism(sc):
    assert sc.defaultParallelism == 2
    assert sc.parallelize([1, 2, 3]).getNumPartitions() == 2
    assert sc.range(10).getNumPartitions() == 2


@pytest.mark.parametrize("case", sorted(REF["parallelize_list_sizes"]))
def test_parallelize_list_partitions_match_pyspark(sc, case):
    n, k = map(int, case.split(","))
    glom = sc.parallelize(list(range(n)), k).glom().collect()
    assert [len(p) for p in glom] == REF["parallelize_list_sizes"][case]
    assert [x for p in glom for x in p] == list(range(n))


@pytest.mark.parametrize("case", sorted(REF["parallelize_range_sizes"]))
def test_parallelize_range_partitions_match_pyspark(sc, case):
    n, k = map(int, case.split(","))
    glom = sc.parallelize(range(n), k).glom().collect()
    assert [len(p) for p in glom] == REF["parallelize_range_sizes"][case]
    assert [x for p in glom for x in p] == list(range(n))


def test_parallelize_documented_examples(sc):
    assert sc.parallelize([0, 2, 3, 4, 6], 5).glom().collect() == [[0], [2], [3], [4], [6]]
    assert sc.parallelize(range(0, 6, 2), 5).glom().collect() == [[], [0], [], [2], [4]]


def test_parallelize_large_collection_goes_through_store(sc):
    rng = random.Random(1)
    data = [(i, rng.randbytes(64)) for i in range(6000)]  # over the inline limit, incompressible
    rdd = sc.parallelize(data, 3)
    assert rdd.slice_keys is not None
    assert rdd.collect() == data


def test_parallelize_generator_and_bad_slices(sc):
    assert sc.parallelize((x * x for x in range(5)), 2).collect() == [0, 1, 4, 9, 16]
    for bad in (0, -1, 1.5):
        with pytest.raises(ValueError):
            sc.parallelize([1], bad)


def test_range(sc):
    assert sc.range(5).collect() == list(range(5))
    assert sc.range(2, 20, 3, numSlices=4).collect() == list(range(2, 20, 3))
    assert sc.range(10, 0, -2).collect() == list(range(10, 0, -2))
    assert sc.emptyRDD().collect() == [] and sc.emptyRDD().getNumPartitions() == 0


# --- textFile ------------------------------------------------------------------------

@pytest.fixture
def text_dir(tmp_path):
    """The files PySpark's recorded textFile results were made from."""
    d = tmp_path / "txt"
    d.mkdir()
    files = {"a.txt": "x\n" * 50, "b.txt": "hello world\r\nsecond\rthird\n" * 7, "e.txt": ""}
    for name, text in files.items():
        (d / name).write_bytes(text.encode())
    (d / "_SUCCESS").write_bytes(b"hidden\n")
    (d / ".crc").write_bytes(b"hidden\n")
    return d


@pytest.mark.parametrize("min_partitions", ["None", "1", "3", "5", "10"])
def test_textfile_directory_splits_match_pyspark(sc, text_dir, min_partitions):
    expected_parts, expected_sizes, expected_lines = REF["textfile"][min_partitions]
    mp = None if min_partitions == "None" else int(min_partitions)
    rdd = sc.textFile(str(text_dir), mp)
    glom = rdd.glom().collect()
    assert rdd.getNumPartitions() == expected_parts
    assert sorted(len(p) for p in glom) == expected_sizes
    assert sorted(x for p in glom for x in p) == expected_lines


def test_textfile_default_min_partitions(sc, tmp_path):
    assert sc.defaultMinPartitions == min(sc.defaultParallelism, 2)
    path = tmp_path / "f.txt"
    path.write_text("".join(f"line {i}\n" for i in range(1000)))
    assert sc.textFile(str(path)).getNumPartitions() == 2


def test_textfile_file_glob_comma_list(sc, tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{name}1\n{name}2\n")
    (tmp_path / "d.log").write_text("d1\n")
    assert sorted(sc.textFile(str(tmp_path / "a.txt")).collect()) == ["a1", "a2"]
    assert sorted(sc.textFile(str(tmp_path / "*.txt")).collect()) == ["a1", "a2", "b1", "b2", "c1", "c2"]
    assert sorted(sc.textFile(str(tmp_path / "[ab].txt")).collect()) == ["a1", "a2", "b1", "b2"]
    assert sorted(sc.textFile(f"{tmp_path}/a.txt,{tmp_path}/d.log").collect()) == ["a1", "a2", "d1"]
    assert sorted(sc.textFile(f"file://{tmp_path}/c.txt").collect()) == ["c1", "c2"]


def test_textfile_brace_glob_is_not_a_comma_list(sc, tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{name}\n")
    assert sorted(sc.textFile(f"{tmp_path}/{{a,c}}.txt").collect()) == ["a", "c"]
    assert sorted(sc.textFile(f"{tmp_path}/{{a,b}}.txt,{tmp_path}/c.txt").collect()) == ["a", "b", "c"]


def test_textfile_gzip_is_one_split(sc, tmp_path):
    lines = [f"row {i}" for i in range(500)]
    path = tmp_path / "z.txt.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    rdd = sc.textFile(str(path), 4)
    assert rdd.getNumPartitions() == 1
    assert rdd.collect() == lines


def test_textfile_missing_path(sc, tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        sc.textFile(str(tmp_path / "nope.txt"))
    with pytest.raises(FileNotFoundError):
        sc.textFile(str(tmp_path / "nope*.txt"))


def test_text_splits_hadoop_sizing():
    # goal = total / minPartitions, split = max(1, min(goal, block)); tail kept while < 1.1 * split
    assert text_splits([("f", 100)], 2) == [("f", 0, 50), ("f", 50, 100)]
    assert text_splits([("f", 105)], 2) == [("f", 0, 52), ("f", 52, 105)]
    assert text_splits([("f", 100)], 3) == [("f", 0, 33), ("f", 33, 66), ("f", 66, 100)]
    assert text_splits([("f", 10), ("g", 30)], 2) == [("f", 0, 10), ("g", 0, 20), ("g", 20, 30)]
    assert text_splits([("f", 3)], 10) == [("f", 0, 1), ("f", 1, 2), ("f", 2, 3)]
    assert text_splits([("e", 0)], 2) == []


def _random_text(rng: random.Random) -> bytes:
    parts = []
    for _ in range(rng.randrange(0, 40)):
        parts.append(b"".join(rng.choice([b"a", b"b", b" ", "\u00e9".encode()])
                              for _ in range(rng.randrange(0, 12))))
        parts.append(rng.choice([b"\n", b"\r\n", b"\r", b"\n\n", b"\r\r\n"]))
    if rng.random() < 0.5 and parts:
        parts.pop()  # no terminator after the last line
    return b"".join(parts)


def test_textfile_line_rule_across_splits_property(sc, tmp_path):
    """Lines crossing a split are read exactly once: every split count gives bytes.splitlines()."""
    rng = random.Random(7)
    for case in range(25):
        data = _random_text(rng)
        path = tmp_path / f"r{case}.txt"
        path.write_bytes(data)
        expected = data.decode().splitlines()  # the data has only \n, \r\n and \r as breaks
        for parts in sorted({1, 2, 3, rng.randrange(1, 40), max(len(data), 1)}):
            got = sc.textFile(str(path), parts).collect()
            assert got == expected, (case, parts, data)


def test_textfile_line_rule_unit(tmp_path):
    """The reader itself, over every split count of a few tricky files (no processes)."""
    from spark_lambda import storage
    from spark_lambda.io.text import read_lines
    samples = [b"a\r\nb", b"\r\n\r\n", b"\n", b"\r", b"abc", b"a\rb\r\nc\n", b"\r\r\n\n\r"]
    for i, data in enumerate(samples):
        path = tmp_path / f"s{i}"
        path.write_bytes(data)
        store, key = storage.resolve(str(path), {})
        for n in range(1, len(data) + 2):
            lines = [line for _, s, e in text_splits([(str(path), len(data))], n)
                     for line in read_lines(store, key, str(path), s, e, None)]
            assert lines == data.splitlines(), (data, n)


# --- narrow transformations ---------------------------------------------------------

DATA = list(range(-20, 60))


def test_map_filter_flatmap(sc):
    rdd = sc.parallelize(DATA, 3)
    assert rdd.map(lambda x: x * 3).collect() == [x * 3 for x in DATA]
    assert rdd.filter(lambda x: x % 3 == 0).collect() == [x for x in DATA if x % 3 == 0]
    assert rdd.flatMap(lambda x: [x] * (x % 3)).collect() == [y for x in DATA for y in [x] * (x % 3)]
    assert rdd.map(str).filter(lambda s: "1" in s).map(int).collect() == [x for x in DATA if "1" in str(x)]


def test_map_partitions_and_with_index(sc):
    rdd = sc.parallelize(DATA, 4)
    assert rdd.mapPartitions(lambda it: [sum(it)]).collect() == [sum(p) for p in rdd.glom().collect()]
    got = rdd.mapPartitionsWithIndex(lambda i, it: ((i, x) for x in it)).collect()
    assert got == [(i, x) for i, p in enumerate(rdd.glom().collect()) for x in p]


def test_pair_narrow_ops(sc):
    pairs = [(x % 5, x) for x in DATA]
    rdd = sc.parallelize(pairs, 3)
    assert rdd.mapValues(lambda v: v * 2).collect() == [(k, v * 2) for k, v in pairs]
    assert rdd.flatMapValues(lambda v: range(v % 3)).collect() == \
        [(k, x) for k, v in pairs for x in range(v % 3)]
    assert rdd.keys().collect() == [k for k, _ in pairs]
    assert rdd.values().collect() == [v for _, v in pairs]
    assert sc.parallelize(DATA, 2).keyBy(lambda x: x % 4).collect() == [(x % 4, x) for x in DATA]


def test_distinct_and_union(sc):
    data = [x % 13 for x in DATA] + [None, "a", "a", (1, 2), (1, 2)]
    rdd = sc.parallelize(data, 3)
    assert rdd.distinct().getNumPartitions() == 3
    assert sorted(map(repr, rdd.distinct().collect())) == sorted(map(repr, set(data)))
    assert rdd.distinct(5).getNumPartitions() == 5
    a, b = sc.parallelize([1, 2, 3], 2), sc.parallelize([3, 4], 3)
    u = a.union(b)
    assert u.collect() == [1, 2, 3, 3, 4] and u.getNumPartitions() == 5
    assert (a + b).collect() == [1, 2, 3, 3, 4]
    assert sc.union([a, b, a]).collect() == [1, 2, 3, 3, 4, 1, 2, 3]


def test_coalesce_matches_pyspark(sc):
    rdd = sc.parallelize(list(range(10)), 5)
    assert rdd.coalesce(2).glom().collect() == REF["coalesce_5_to_2_glom"]
    assert sc.parallelize(list(range(10)), 2).coalesce(5).getNumPartitions() == \
        REF["coalesce_2_to_5_partitions"]
    shuffled = rdd.coalesce(7, shuffle=True)
    assert shuffled.getNumPartitions() == 7 and sorted(shuffled.collect()) == list(range(10))


def test_repartition(sc):
    data = [str(x) for x in range(300)]
    rdd = sc.parallelize(data, 2)
    for n in (1, 3, 8):
        r = rdd.repartition(n)
        glom = r.glom().collect()
        assert len(glom) == n and sorted(x for p in glom for x in p) == sorted(data)
        if n > 1:
            assert max(map(len, glom)) - min(map(len, glom)) < 300 // n


def test_cache_computes_once_and_persists(sc, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()

    def touch(x):
        (marks / f"{x}-{random.random()}").write_text("")
        return x * 2
    rdd = sc.parallelize(range(10), 2).map(touch).cache()
    assert rdd.is_cached and rdd.getStorageLevel() == StorageLevel.MEMORY_ONLY
    assert rdd.collect() == [x * 2 for x in range(10)]
    assert rdd.map(lambda x: x + 1).sum() == sum(x * 2 + 1 for x in range(10))
    assert rdd.count() == 10
    assert len(list(marks.iterdir())) == 10  # each element computed once over three jobs
    rdd.unpersist()
    assert not rdd.is_cached
    assert rdd.count() == 10 and len(list(marks.iterdir())) == 20
    p = sc.parallelize([1, 2], 1).persist(StorageLevel.DISK_ONLY)
    assert p.getStorageLevel() == StorageLevel.DISK_ONLY and p.collect() == [1, 2]


def test_rdd_cannot_be_used_on_executors(sc):
    rdd = sc.parallelize([1, 2])
    with pytest.raises(Exception, match="SparkContext can only be used on the driver"):
        rdd.map(lambda x: sc.parallelize([x])).collect()


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_textfile_line_rule_with_small_read_chunks(tmp_path, monkeypatch, chunk):
    """Reads in tiny chunks so that terminators (``\\r\\n`` too) straddle chunk boundaries."""
    from spark_lambda import storage
    from spark_lambda.io import text
    monkeypatch.setattr(text, "READ_CHUNK", chunk)
    rng = random.Random(chunk)
    for case in range(30):
        data = _random_text(rng)
        path = tmp_path / f"c{case}"
        path.write_bytes(data)
        store, key = storage.resolve(str(path), {})
        for n in {1, 2, rng.randrange(1, 30), max(len(data), 1)}:
            lines = [line for _, s, e in text_splits([(str(path), len(data))], n)
                     for line in text.read_lines(store, key, str(path), s, e, None)]
            assert lines == data.splitlines(), (data, n)


def test_textfile_invalid_utf8_is_replaced_as_pyspark_does(sc, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ab\xffcd\n\xc3(x\n\xe2\x82\n")
    # recorded from PySpark 4.3.0
    assert sc.textFile(str(path)).collect() == ["ab\ufffdcd", "\ufffd(x", "\ufffd"]
    assert sc.textFile(str(path), use_unicode=False).collect() == [b"ab\xffcd", b"\xc3(x", b"\xe2\x82"]
