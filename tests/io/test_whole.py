"""Grouping whole files into partitions and cutting fixed-length records into splits."""

from __future__ import annotations

from spark_lambda.io.whole import display_url, group_files, record_splits


def test_group_files_balances_sizes_and_keeps_every_file():
    files = [(f"/d/{i}", size) for i, size in enumerate([100, 90, 10, 10, 5, 80, 1])]
    groups = group_files(files, 3)
    assert len(groups) == 3
    assert sorted(u for g in groups for u in g) == sorted(u for u, _ in files)
    sizes = dict(files)
    totals = sorted(sum(sizes[u] for u in g) for g in groups)
    assert totals[-1] - totals[0] <= 100
    assert group_files(files[:2], 10) == [["/d/0"], ["/d/1"]]


def test_record_splits_hold_whole_records():
    size = 100 * 2 ** 20 + 3 * 7
    splits = record_splits([("s3://b/k", size - size % 3)], 3)
    assert len(splits) > 1 and splits[0][1] == 0 and splits[-1][2] == size - size % 3
    for (_, start, end), (_, nxt, _) in zip(splits, splits[1:]):
        assert end == nxt and (end - start) % 3 == 0


def test_display_url():
    assert display_url("/tmp/a.txt") == "file:/tmp/a.txt"
    assert display_url("s3://b/a.txt") == "s3://b/a.txt"
