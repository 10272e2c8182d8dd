import os

import pytest

from spark_lambda.storage.local import LocalStore

from .contract import StoreContract


class TestLocalStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        return LocalStore(str(tmp_path / "root"))


def test_put_is_atomic_rename(tmp_path, monkeypatch):
    """A failed write leaves the previous object intact and no temporary file behind."""
    store = LocalStore(str(tmp_path))
    store.put("k", b"old")

    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.put("k", b"new")
    monkeypatch.undo()
    assert store.get("k") == b"old"
    assert [i.key for i in store.list("")] == ["k"]
