"""The code package: contents, determinism, offline rebuilds from the wheel cache; the IAM policy."""

import importlib.metadata
import json
import zipfile

import pytest

from spark_lambda.deploy.package import build_package, runtime_requirements


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("pkg") / "spark-lambda-t.zip"
    record = build_package(str(path), "t")
    return path, record


def test_package_holds_the_package_and_its_runtime_dependencies_not_boto3(built):
    path, record = built
    names = zipfile.ZipFile(path).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {"spark_lambda", "cloudpickle", "lz4"} <= tops
    assert not tops & {"boto3", "botocore", "s3transfer", "urllib3"}
    assert "spark_lambda/handler.py" in names
    assert any(n.startswith("lz4/") and n.endswith(".so") for n in names)     # a manylinux binary wheel
    assert not any(n.endswith(".pyc") or "__pycache__" in n for n in names)
    info = json.loads(zipfile.ZipFile(path).read("spark_lambda/_package.json"))
    assert info == record and info["version"] == "t"


def test_requirements_are_pinned_to_the_drivers_versions():
    pins = dict(r.split("==") for r in runtime_requirements())
    assert pins == {"cloudpickle": importlib.metadata.version("cloudpickle"),
                    "lz4": importlib.metadata.version("lz4")}


def test_rebuild_is_identical_and_works_offline_from_the_cache(built, tmp_path, monkeypatch):
    path, _ = built
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")   # nothing listens there
    again = tmp_path / "again.zip"
    build_package(str(again), "t")
    assert again.read_bytes() == path.read_bytes()
