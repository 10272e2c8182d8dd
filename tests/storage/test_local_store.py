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


def test_put_file_is_atomic_and_hidden_while_written(tmp_path, monkeypatch):
    store = LocalStore(str(tmp_path / "root"))
    store.put("k", b"old")
    src = tmp_path / "src.bin"
    src.write_bytes(b"new" * 1000)

    def boom(a, b):
        assert [i.key for i in store.list("")] == ["k"]  # the temporary file is not listed
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        store.put_file("k", str(src))
    monkeypatch.undo()
    assert store.get("k") == b"old" and os.listdir(tmp_path / "root") == ["k"]
    store.put_file("k", str(src))
    assert store.get("k") == b"new" * 1000


def test_a_file_deleted_while_listed_is_left_out(tmp_path, monkeypatch):
    # another process removes an object between the directory read and its size: the listing
    # holds the objects still there instead of failing
    store = LocalStore(str(tmp_path / "root"))
    store.put("d/a", b"1")
    store.put("d/b", b"22")
    real = os.path.getsize

    def vanishing(path):
        if path.endswith(os.sep + "a"):
            os.remove(path)
        return real(path)
    monkeypatch.setattr(os.path, "getsize", vanishing)
    assert [(o.key, o.size) for o in store.list("d/")] == [("d/b", 2)]
