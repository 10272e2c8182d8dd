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
    assert "spark_lambda/executor/handler.py" in names
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


def test_arm64_takes_the_aarch64_wheels(tmp_path):
    path = tmp_path / "arm.zip"
    record = build_package(str(path), "t", architecture="arm64")
    assert record["architecture"] == "arm64"
    lz4 = [w for w in record["wheels"] if w.startswith("lz4-")]
    assert len(lz4) == 1 and "aarch64" in lz4[0] and "x86_64" not in lz4[0]
    names = zipfile.ZipFile(path).namelist()
    assert any(n.startswith("lz4/") and n.endswith(".so") for n in names)


def test_size_limits_name_what_is_too_big(built, tmp_path):
    from spark_lambda.deploy.package import check_size
    from spark_lambda.errors import ConfigurationError
    path, _ = built
    check_size(str(path), direct_upload=True)     # the real package is well within both limits
    with zipfile.ZipFile(path) as z:
        unzipped = sum(i.file_size for i in z.infolist())
    with pytest.raises(ConfigurationError, match=r"MB unzipped, over Lambda's limit.*Biggest parts: \w+ [\d.]+ MB"):
        check_size(str(path), unzipped_max=unzipped - 1)
    with pytest.raises(ConfigurationError, match=r"MB zipped, over Lambda's limit .* for a direct upload"):
        check_size(str(path), direct_upload=True, zipped_max=1000)
    check_size(str(path), direct_upload=False, zipped_max=1000)   # through S3 only the unzipped limit counts


def test_an_oversized_dependency_is_named(tmp_path):
    from spark_lambda.deploy.package import check_size, write_zip
    from spark_lambda.errors import ConfigurationError
    path = tmp_path / "big.zip"
    write_zip(str(path), {"spark_lambda/__init__.py": b"x" * 1000, "hugelib/data.bin": b"\0" * 300_000})
    with pytest.raises(ConfigurationError, match=r"Biggest parts: hugelib 0\.3 MB, spark_lambda 0\.0 MB"):
        check_size(str(path), unzipped_max=200_000)


def test_trimmed_pyarrow_keeps_what_tasks_load():
    from spark_lambda.deploy.trim import dropped
    for name in ("pyarrow/libarrow_flight.so.2600", "pyarrow/_flight.cpython-311-x86_64-linux-gnu.so",
                 "pyarrow/flight.py", "pyarrow/_s3fs.cpython-311-x86_64-linux-gnu.so",
                 "pyarrow/libarrow_s3.so.2600", "pyarrow/include/arrow/api.h",
                 "pyarrow/tests/test_array.py", "pyarrow/_compute.pyx", "pyarrow/lib.pxd",
                 "pyarrow/libarrow.a"):
        assert dropped(name), name
    for name in ("pyarrow/libarrow.so.2600", "pyarrow/libarrow_substrait.so.2600",
                 "pyarrow/libarrow_python.so.2600", "pyarrow/_compute.cpython-311-x86_64-linux-gnu.so",
                 "pyarrow/parquet/core.py", "pyarrow/ipc.py", "duckdb/__init__.py"):
        assert not dropped(name), name
