"""addFile / SparkFiles.get / addPyFile: files reach tasks through the work store."""

from __future__ import annotations

import os
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
