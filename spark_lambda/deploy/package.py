"""Builds the function's code package: this package plus its runtime dependencies.

Called by ``spark-lambda deploy``. The zip holds ``spark_lambda/`` (as
installed on the driver, without bytecode) and the wheels of its runtime
dependencies, pinned to the versions the driver has (the driver and the
executors must pickle closures with the same cloudpickle), downloaded for
Lambda's platform and the driver's Python version with ``pip download
--only-binary=:all: --platform ... --python-version ...`` and unzipped at
the root. boto3 and its dependencies are left out: the Lambda runtime
provides them. A record ``spark_lambda/_package.json`` (version, Python,
platform, requirements) lets the handler answer the driver's version check.

Wheels are kept in a cache directory and a build first tries pip offline
against it, so a rebuild does not touch the network. Entries are written in
sorted order with fixed timestamps: the same inputs give the same zip (and
the same CodeSha256).
"""

from __future__ import annotations

import glob
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from ..errors import ConfigurationError

PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "dateutil", "six", "urllib3"}
_EPOCH = (1980, 1, 1, 0, 0, 0)


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spark-lambda", "wheels")


def runtime_requirements() -> list[str]:
    """spark-lambda's runtime dependencies, pinned to the driver's installed versions."""
    try:
        declared = importlib.metadata.requires("spark-lambda") or []
    except importlib.metadata.PackageNotFoundError:
        raise ConfigurationError("spark-lambda is not installed as a distribution, so its dependencies are "
                                 "unknown; install it with `pip install .` (or -e .) first.") from None
    pinned = []
    for req in declared:
        if ";" in req:  # an extra's requirement (aws, test): not needed on executors
            continue
        name = re.match(r"[A-Za-z0-9_.\-]+", req).group(0)
        try:
            pinned.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pinned.append(req)
    return pinned


def _pip_download(requirements: list[str], dest: str, python_version: str, platform: str, cache: str,
                  offline: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet",
           "--only-binary=:all:", "--platform", platform, "--python-version", python_version,
           "--implementation", "cp", "--dest", dest, "--find-links", cache]
    if offline:
        cmd.append("--no-index")
    return subprocess.run(cmd + requirements, capture_output=True, text=True)


def download_wheels(requirements: list[str], python_version: str, platform: str, dest: str,
                    cache: str | None = None) -> list[str]:
    """Wheel files for ``requirements`` (and their dependencies) for the target platform, in ``dest``."""
    cache = cache or default_cache_dir()
    os.makedirs(cache, exist_ok=True)
    done = _pip_download(requirements, dest, python_version, platform, cache, offline=True)
    if done.returncode != 0:
        done = _pip_download(requirements, dest, python_version, platform, cache, offline=False)
    if done.returncode != 0:
        raise ConfigurationError(
            f"pip could not download wheels of {', '.join(requirements)} for {platform}, Python "
            f"{python_version}:\n{done.stderr.strip()}\nCheck the network access to the package index "
            "(or put the wheels in " + cache + ").")
    wheels = sorted(glob.glob(os.path.join(dest, "*.whl")))
    for w in wheels:
        if not os.path.exists(os.path.join(cache, os.path.basename(w))):
            shutil.copy(w, cache)
    return wheels


def _write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _package_files() -> dict[str, bytes]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../spark_lambda
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in filenames:
            if name.endswith((".pyc", ".pyo")) or name == "_package.json":
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, os.path.dirname(root)).replace(os.sep, "/")
            with open(path, "rb") as f:
                files[rel] = f.read()
    return files


def build_package(out_path: str, version: str, python_version: str | None = None,
                  architecture: str = "x86_64", cache: str | None = None) -> dict:
    """Write the code package zip to ``out_path``; returns its build record."""
    if architecture not in PLATFORMS:
        raise ConfigurationError(f"Unknown architecture {architecture!r}; use x86_64 or arm64.")
    python_version = python_version or f"{sys.version_info.major}.{sys.version_info.minor}"
    requirements = runtime_requirements()
    with tempfile.TemporaryDirectory(prefix="spark-lambda-wheels-") as dest:
        wheels = download_wheels(requirements, python_version, PLATFORMS[architecture], dest, cache)
        return _write_package(out_path, version, python_version, architecture, requirements, wheels)


def _write_package(out_path: str, version: str, python_version: str, architecture: str,
                   requirements: list[str], wheels: list[str]) -> dict:
    from .. import __version__
    record = {"version": version, "spark_lambda": __version__, "python": python_version,
              "architecture": architecture, "requirements": requirements,
              "wheels": [os.path.basename(w) for w in wheels]}
    files = _package_files()
    files["spark_lambda/_package.json"] = json.dumps(record, indent=1, sort_keys=True).encode()
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as wz:
            for info in wz.infolist():
                top = info.filename.split("/", 1)[0]
                dist = re.sub(r"-.*", "", top).lower()
                if info.is_dir() or dist in RUNTIME_PROVIDED or ".data" in top:
                    continue
                files.setdefault(info.filename, wz.read(info))
    tmp = out_path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(files):
            _write(zf, name, files[name])
    os.replace(tmp, out_path)
    return record
