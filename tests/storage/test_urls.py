"""URLs and paths: which store they name, and the URI PySpark would print for them."""

from __future__ import annotations

import os

from spark_lambda import storage


def test_uri_is_written_as_hadoop_writes_paths(tmp_path, monkeypatch):
    assert storage.uri("/data/x") == "file:/data/x"
    assert storage.uri("file:///data/x") == "file:/data/x"
    monkeypatch.chdir(tmp_path)
    assert storage.uri("rel/dir") == f"file:{tmp_path}/rel/dir"
    assert storage.uri("~/x") == f"file:{os.path.expanduser('~')}/x"
    assert storage.uri("s3://bucket/ck/abc/rdd-3") == "s3://bucket/ck/abc/rdd-3"
    assert storage.uri("s3a://bucket/k") == "s3a://bucket/k"


def test_remote_is_anything_but_local_disk():
    assert not storage.is_remote("/tmp/x") and not storage.is_remote("file:///tmp/x")
    assert storage.is_remote("s3://b/k")
