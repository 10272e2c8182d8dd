"""addFile / SparkFiles.get / addPyFile: files reach tasks through the work store."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile

import pytest

from spark_lambda import SparkFiles
from spark_lambda.errors import InputError


def test_add_file_read_in_tasks_and_on_driver(new_context, tmp_path):
    sc = new_context()
    src = tmp_path / "mult.txt"
    src.write_text("100")
    sc.addFile(str(src))
    sc.addFile(str(src))   # the same path again is ignored
    assert sc.listFiles == ["file:" + str(src)]

    def func(it):
        with open(SparkFiles.get("mult.txt")) as f:
            m = int(f.read())
        return [x * m for x in it]
    assert sc.parallelize([1, 2, 3, 4], 2).mapPartitions(func).collect() == [100, 200, 300, 400]
    with open(SparkFiles.get("mult.txt")) as f:
        assert f.read() == "100"
    root = SparkFiles.getRootDirectory()
    sc.stop()
    assert not os.path.exists(root)


def test_same_name_from_another_path_is_refused(new_context, tmp_path):
    sc = new_context()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("a")
    (tmp_path / "b" / "x.txt").write_text("b")
    sc.addFile(str(tmp_path / "a" / "x.txt"))
    with pytest.raises(ValueError, match="already added"):
        sc.addFile(str(tmp_path / "b" / "x.txt"))


def test_directory_needs_recursive(new_context, tmp_path):
    sc = new_context()
    d = tmp_path / "conf"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("A")
    (d / "sub" / "b.txt").write_text("B")
    with pytest.raises(InputError, match="recursive=True"):
        sc.addFile(str(d))
    sc.addFile(str(d), recursive=True)

    def read(_):
        root = SparkFiles.get("conf")
        with open(os.path.join(root, "a.txt")) as f1, open(os.path.join(root, "sub", "b.txt")) as f2:
            return [f1.read() + f2.read()]
    assert sc.parallelize([0], 1).mapPartitions(read).collect() == ["AB"]
    with pytest.raises(InputError, match="does not exist"):
        sc.addFile(str(tmp_path / "missing"))


def test_add_py_file_module_and_zip(new_context, tmp_path):
    sc = new_context()
    mod = tmp_path / "addedmod_x1.py"
    mod.write_text("def triple(x):\n    return 3 * x\n")
    sc.addPyFile(str(mod))
    zpath = tmp_path / "zipped_pkg_x1.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("zpkg_x1/__init__.py", "OFFSET = 7\n")
    sc.addPyFile(str(zpath))

    def use(x):
        import addedmod_x1
        import zpkg_x1
        return addedmod_x1.triple(x) + zpkg_x1.OFFSET
    assert sc.parallelize([1, 2, 3], 3).map(use).collect() == [10, 13, 16]
    import addedmod_x1  # the driver can import it too
    assert addedmod_x1.triple(2) == 6


def _zip(path, members: dict) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return str(path)


def _tar(path, members: dict, mode: str) -> str:
    with tarfile.open(path, mode) as t:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return str(path)


def test_add_archive_unpacked_for_tasks_as_pyspark_documents(new_context, tmp_path):
    # PySpark's addArchive example: two zips holding test.txt = "100"
    sc = new_context()
    zip1 = _zip(tmp_path / "test1.zip", {"test.txt": "100"})
    zip2 = _zip(tmp_path / "test2.zip", {"test.txt": "100"})
    sc.addArchive(zip1)
    assert sorted(sc.listArchives) == [f"file:{zip1}"]
    sc.addArchive(zip2)
    sc.addArchive(zip2)                      # the same path again is ignored
    assert sorted(sc.listArchives) == [f"file:{zip1}", f"file:{zip2}"]
    assert sc.listFiles == []

    def func(iterator):
        with open("%s/test.txt" % SparkFiles.get("test1.zip")) as f:
            mul = int(f.readline())
            return [x * mul for x in iterator]
    assert sc.parallelize([1, 2, 3, 4]).mapPartitions(func).collect() == [100, 200, 300, 400]
    assert os.path.isdir(SparkFiles.get("test2.zip"))     # unpacked on the driver too


def test_tar_archives_and_renaming(new_context, tmp_path):
    sc = new_context()
    members = {"inner/a.txt": "A", "inner/deeper/b.txt": "B", "top.txt": "T"}
    paths = [_tar(tmp_path / "data.tar.gz", members, "w:gz"), _tar(tmp_path / "data2.tgz", members, "w:gz"),
             _tar(tmp_path / "plain.tar", members, "w")]
    for p in paths:
        sc.addArchive(p)
    renamed = _zip(tmp_path / "env.zip", {"bin/run": "R"})
    sc.addArchive(renamed + "#environment")
    assert sorted(sc.listArchives) == sorted([f"file:{p}" for p in paths] + [f"file:{renamed}#environment"])

    def look(_):
        root = SparkFiles.getRootDirectory()
        out = {}
        for name in ("data.tar.gz", "data2.tgz", "plain.tar"):
            d = SparkFiles.get(name)
            with open(os.path.join(d, "inner", "deeper", "b.txt")) as f:
                out[name] = (os.path.dirname(d) == root, sorted(os.listdir(d)), f.read())
        with open(os.path.join(root, "environment", "bin", "run")) as f:   # unpacked before the task ran
            out["environment"] = f.read()
        out["env.zip"] = os.path.exists(os.path.join(root, "env.zip"))
        return [out]
    want = {n: (True, ["inner", "top.txt"], "B") for n in ("data.tar.gz", "data2.tgz", "plain.tar")}
    want.update({"environment": "R", "env.zip": False})
    assert sc.parallelize([0], 1).mapPartitions(look).collect() == [want]
    assert sc.parallelize(range(4), 4).map(lambda _: open(
        os.path.join(SparkFiles.get("environment"), "bin", "run")).read()).collect() == ["R"] * 4


def test_bad_archives_are_refused(new_context, tmp_path):
    sc = new_context()
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="not an archive"):
        sc.addArchive(str(tmp_path / "notes.txt"))
    with pytest.raises(InputError, match="does not exist"):
        sc.addArchive(str(tmp_path / "missing.zip"))
    (tmp_path / "broken.zip").write_text("not a zip")
    with pytest.raises(InputError, match="cannot unpack"):
        sc.addArchive(str(tmp_path / "broken.zip"))
    evil = _tar(tmp_path / "evil.tar", {"../escaped.txt": "E"}, "w")
    with pytest.raises(InputError, match="cannot unpack"):
        sc.addArchive(evil)
    assert not (tmp_path / "escaped.txt").exists()
    assert sc.listArchives == []
    sc.addArchive(_zip(tmp_path / "a.zip", {"x": "1"}))
    other = tmp_path / "elsewhere"
    other.mkdir()
    with pytest.raises(ValueError, match="already added"):
        sc.addArchive(_zip(other / "a.zip", {"x": "2"}))
