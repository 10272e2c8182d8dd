"""The shared ObjectStore contract: every store passes these tests.

A store's test module subclasses ``StoreContract`` and provides a ``store``
fixture that yields an empty store.
"""

from __future__ import annotations

import pytest

from spark_lambda.errors import ObjectNotFoundError


class StoreContract:
    def test_put_get_roundtrip(self, store):
        store.put("a/b.bin", b"hello world")
        assert store.get("a/b.bin") == b"hello world"

    def test_put_overwrites_whole(self, store):
        store.put("k", b"x" * 100)
        store.put("k", b"short")
        assert store.get("k") == b"short"

    def test_ranged_get(self, store):
        store.put("r", bytes(range(256)))
        assert store.get("r", 10, 20) == bytes(range(10, 20))
        assert store.get("r", 250) == bytes(range(250, 256))
        assert store.get("r", 0, 1) == b"\x00"

    def test_ranged_get_past_end_is_short(self, store):
        store.put("r", b"abc")
        assert store.get("r", 1, 100) == b"bc"

    def test_missing_key_raises_not_found(self, store):
        with pytest.raises(ObjectNotFoundError):
            store.get("no/such/key")

    def test_exists(self, store):
        assert not store.exists("e")
        store.put("e", b"")
        assert store.exists("e")
        assert store.get("e") == b""

    def test_list_by_prefix_with_sizes_in_key_order(self, store):
        for key in ["p/2", "p/1", "p/sub/3", "q/4", "pp/5"]:
            store.put(key, key.encode())
        listed = [(i.key, i.size) for i in store.list("p/")]
        assert listed == [("p/1", 3), ("p/2", 3), ("p/sub/3", 7)]
        assert [i.key for i in store.list("p")] == ["p/1", "p/2", "p/sub/3", "pp/5"]

    def test_list_many_keys(self, store):
        for i in range(1205):
            store.put(f"many/{i:05d}", b"")
        keys = [i.key for i in store.list("many/")]
        assert keys == [f"many/{i:05d}" for i in range(1205)]

    def test_delete_many_and_missing(self, store):
        for i in range(10):
            store.put(f"d/{i}", b"x")
        store.delete([f"d/{i}" for i in range(5)] + ["d/missing"])
        assert [i.key for i in store.list("d/")] == [f"d/{i}" for i in range(5, 10)]

    def test_delete_prefix(self, store):
        for i in range(3):
            store.put(f"x/y/{i}", b"x")
        store.put("x/z", b"keep")
        assert store.delete_prefix("x/y/") == 3
        assert [i.key for i in store.list("x/")] == ["x/z"]

    def test_move(self, store):
        store.put("m/src", b"payload")
        store.move("m/src", "m/dst")
        assert store.get("m/dst") == b"payload"
        assert not store.exists("m/src")

    def test_put_chunks_whole_or_not_at_all(self, store):
        """Chunks of any sizes (11 MiB in all: a multipart upload on S3 at the tests' 5 MiB
        threshold) make one object; a producer that fails part way leaves no object."""
        chunks = [bytes([i]) * (1 << 20) for i in range(11)] + [b"", b"end"]
        store.put_chunks("chunks/whole", iter(chunks))
        assert store.get("chunks/whole") == b"".join(chunks)
        store.put_chunks("chunks/small", iter([b"a", b"bc"]))
        assert store.get("chunks/small") == b"abc"

        def failing():
            yield from chunks[:7]
            raise RuntimeError("the producer failed")
        with pytest.raises(RuntimeError, match="producer failed"):
            store.put_chunks("chunks/broken", failing())
        assert not store.exists("chunks/broken")

    def test_put_file(self, store, tmp_path):
        path = tmp_path / "f.bin"
        path.write_bytes(b"0123456789" * 1000)
        store.put_file("f", str(path))
        assert store.get("f", 5, 15) == b"5678901234"
