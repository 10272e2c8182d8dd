"""A store spread over several roots passes the ObjectStore contract, over local directories
and over S3 buckets (moto's server), and places every key on the root its hash names."""

from __future__ import annotations

import uuid
from zlib import crc32

import boto3
import pytest

from spark_lambda import storage
from spark_lambda.storage.local import LocalStore
from spark_lambda.storage.spread import SpreadStore

from .contract import StoreContract


class TestSpreadOverDirectories(StoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        return SpreadStore([LocalStore(str(tmp_path / f"root{i}")) for i in range(3)])


class TestSpreadOverBuckets(StoreContract):
    @pytest.fixture
    def store(self, moto_server):
        urls = []
        for _ in range(2):
            name = f"b-{uuid.uuid4().hex[:12]}"
            boto3.client("s3").create_bucket(Bucket=name)
            urls.append(f"s3://{name}/area")
        return storage.open_root(",".join(urls))


def test_keys_are_placed_by_hash_and_moved_across_roots(tmp_path):
    roots = [LocalStore(str(tmp_path / f"r{i}")) for i in range(4)]
    spread = SpreadStore(roots)
    keys = [f"{i:x}/app/shuffle-0/map-{i}-0-0.data" for i in range(40)]
    for k in keys:
        spread.put(k, k.encode())
    for k in keys:
        home = crc32(k.encode()) % 4
        assert [r.exists(k) for r in roots] == [i == home for i in range(4)]
    assert [i.key for i in spread.list("")] == sorted(keys)        # merged in key order
    src = next(k for k in keys if spread.place(k) is not spread.place(k + ".moved"))
    spread.move(src, src + ".moved")
    assert spread.get(src + ".moved") == src.encode() and not spread.exists(src)
    assert spread.delete_prefix("") == len(keys)
    assert not any(r.exists(k) for r in roots for k in keys)
