"""Application dependencies in warm Lambda instances: the pip bundle is kept by digest across
applications; a py-file of the same name from a later application replaces the earlier one."""

from __future__ import annotations

import pytest

from spark_lambda import SparkContext

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")


def _one_instance(lambda_conf, **settings):
    conf = lambda_conf.copy().set("spark.lambda.concurrent.requests.max", "1")
    for k, v in settings.items():
        conf.set(k, v)
    return SparkContext(conf=conf)


def _toolz_and_pid(_):
    import os

    import toolz
    return [(os.getpid(), toolz.__file__)]


def test_the_pip_bundle_stays_unpacked_in_a_warm_instance(lambda_conf):
    with _one_instance(lambda_conf, **{"spark.lambda.pip.packages": "toolz"}) as sc:
        (pid1, file1), = sc.parallelize([0], 1).mapPartitions(_toolz_and_pid).collect()
    with _one_instance(lambda_conf, **{"spark.lambda.pip.packages": "toolz"}) as sc:
        name = sc.executor_conf["site_packages"][0]
        sc.work_store.delete([f"{sc.app_id}/files/{name}"])   # only a kept copy can serve it now
        (pid2, file2), = sc.parallelize([0], 1).mapPartitions(_toolz_and_pid).collect()
    assert pid1 == pid2, "the emulator should have reused its warm instance"
    assert file1 == file2 and f"/spark-lambda-site/{name[:-4]}/" in file1


def _module_value(_):
    import os

    import warm_mod_m3
    return [(os.getpid(), warm_mod_m3.VALUE)]


def test_a_later_application_imports_its_own_py_file(lambda_conf, tmp_path):
    seen = []
    for value in (1, 2):
        path = tmp_path / f"v{value}" / "warm_mod_m3.py"
        path.parent.mkdir()
        path.write_text(f"VALUE = {value}\n")
        with _one_instance(lambda_conf, **{"spark.submit.pyFiles": str(path)}) as sc:
            seen += sc.parallelize([0], 1).mapPartitions(_module_value).collect()
    (pid1, v1), (pid2, v2) = seen
    assert pid1 == pid2, "the emulator should have reused its warm instance"
    assert (v1, v2) == (1, 2)


def _archive_contents(_):
    import os

    from spark_lambda import SparkFiles
    d = SparkFiles.get("assets")
    with open(os.path.join(d, "conf", "value.txt")) as f:
        return [(sorted(os.listdir(d)), f.read())]


def test_an_added_archive_is_unpacked_in_the_lambda_instance(lambda_conf, tmp_path):
    import tarfile
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "value.txt").write_text("42")
    archive = tmp_path / "assets-v1.tar.gz"
    with tarfile.open(archive, "w:gz") as t:
        t.add(tmp_path / "conf", arcname="conf")
    with _one_instance(lambda_conf) as sc:
        sc.addArchive(f"{archive}#assets")
        assert sc.listArchives == [f"file:{archive}#assets"]
        assert sc.parallelize([0], 1).mapPartitions(_archive_contents).collect() == [(["conf"], "42")]
