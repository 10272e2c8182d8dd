"""An application's py-files and pip packages reach executors through the work store
(the Lambda run is in tests/deploy/test_lifecycle.py); missing wheels are clear errors."""

from __future__ import annotations

import os
import sys
import zipfile

import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.errors import ConfigurationError
from spark_lambda.context.dependencies import build_site_bundle, pip_requirements


def _uses_toolz(it):
    import toolz
    return [(toolz.__file__, sorted(toolz.frequencies(it).items()))]


def test_pip_package_on_a_local_master_is_unpacked_once_by_digest(new_context, tmp_path):
    sc = new_context(**{"spark_lambda_pip_packages": "toolz"})
    site = sc.executor_conf["site_packages"]
    assert len(site) == 1 and site[0].startswith("pip-") and site[0].endswith(".zip")
    (where, counts), = sc.parallelize("abracadabra", 1).mapPartitions(_uses_toolz).collect()
    assert counts == [("a", 5), ("b", 2), ("c", 1), ("d", 1), ("r", 2)]
    unpacked = os.path.join(str(tmp_path / "local"), "spark-lambda-site", site[0][:-4])
    assert where.startswith(unpacked + os.sep)
    assert "toolz" not in sys.modules or not sys.modules["toolz"].__file__.startswith(unpacked)


def test_py_files_of_the_conf_are_shipped_like_add_py_file(new_context, tmp_path):
    mod = tmp_path / "shipped_mod_q7.py"
    mod.write_text("VALUE = 41\n")
    sc = new_context(**{"spark_submit_pyFiles": str(mod)})
    assert sc.executor_conf["py_files"] == ["shipped_mod_q7.py"]
    assert sc.parallelize([1], 1).map(lambda x: __import__("shipped_mod_q7").VALUE + x).collect() == [42]


def test_requirements_file_and_packages_combine(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("# deps\ntoolz==1.2.0  # pinned\n\nsix\n")
    conf = (SparkConf(loadDefaults=False).set("spark.lambda.pip.packages", "attrs, idna")
            .set("spark.lambda.pip.requirements", str(req)))
    assert pip_requirements(conf) == ["attrs", "idna", "toolz==1.2.0", "six"]


def test_requirements_file_with_pip_options_is_refused(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("--index-url http://example\n")
    conf = SparkConf(loadDefaults=False).set("spark.lambda.pip.requirements", str(req))
    with pytest.raises(ConfigurationError, match="requirements.txt:1: .* is a pip option"):
        pip_requirements(conf)
    conf.set("spark.lambda.pip.requirements", str(tmp_path / "missing.txt"))
    with pytest.raises(ConfigurationError, match="Cannot read spark.lambda.pip.requirements"):
        pip_requirements(conf)


def _wheel(directory, name, tag):
    path = directory / f"{name}-1.0-{tag}.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}/__init__.py", "")
        z.writestr(f"{name}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        z.writestr(f"{name}-1.0.dist-info/WHEEL", f"Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: {tag}\n")
        z.writestr(f"{name}-1.0.dist-info/RECORD", "")
    return path


@pytest.fixture
def offline_cache(tmp_path, monkeypatch):
    """A wheel cache of its own, and no package index (pip fails fast, offline)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "0")
    cache = tmp_path / "cache" / "spark-lambda" / "wheels"
    cache.mkdir(parents=True)
    return cache


def test_a_package_without_a_wheel_for_lambda_is_named(offline_cache, tmp_path):
    _wheel(offline_cache, "winonly_pkg", "cp311-cp311-win_amd64")
    with pytest.raises(ConfigurationError, match=r"No wheel of winonly_pkg exists for manylinux2014_x86_64, "
                                                 r"Python 3\.11.*pip wheel"):
        build_site_bundle(["winonly_pkg"], "3.11", "manylinux2014_x86_64", str(tmp_path))


def test_the_bundle_is_named_by_its_content(offline_cache, tmp_path):
    _wheel(offline_cache, "tiny_pkg", "py3-none-any")
    a = build_site_bundle(["tiny_pkg"], "3.11", "manylinux2014_aarch64", str(tmp_path))
    (tmp_path / "again").mkdir()
    b = build_site_bundle(["tiny_pkg"], "3.11", "manylinux2014_aarch64", str(tmp_path / "again"))
    assert os.path.basename(a) == os.path.basename(b)
    assert open(a, "rb").read() == open(b, "rb").read()
    assert "tiny_pkg/__init__.py" in zipfile.ZipFile(a).namelist()


def test_missing_wheel_stops_the_context_before_any_task(offline_cache, tmp_path):
    _wheel(offline_cache, "winonly_pkg", "cp311-cp311-win_amd64")
    conf = (SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path))
            .set("spark.lambda.pip.packages", "winonly_pkg"))
    with pytest.raises(ConfigurationError, match="No wheel of winonly_pkg"):
        SparkContext("local[1]", "t", conf=conf)
    assert SparkContext._active is None
