"""Builds the function's code package: this package plus its runtime dependencies.

Called by ``spark-lambda deploy``. The zip holds ``spark_lambda/`` (as
installed on the driver, without bytecode) and the wheels of its runtime
dependencies, pinned to the versions the driver has (the driver and the
executors must pickle closures with the same cloudpickle), downloaded for
Lambda's platform and the driver's Python version with ``pip download
--only-binary=:all: --platform ... --python-version ...`` and unzipped at
the root (``x86_64`` takes ``manylinux_2_28_x86_64`` or ``manylinux2014_x86_64``
wheels, ``arm64`` the ``aarch64`` ones: Lambda's Python runtimes have glibc 2.34, and
duckdb 2 and current pyarrow publish only ``manylinux_2_28`` wheels, so with the
2014 tag alone pip would silently pick years-old versions). With the SQL stack
(``spark-lambda deploy --with sql``) the package also holds DuckDB and pyarrow, pinned
to the driver's versions, pyarrow trimmed of what no task loads (``trim.py``). boto3 and its dependencies are left out: the
Lambda runtime provides them. A record ``spark_lambda/_package.json``
(version, Python, platform, requirements) lets the handler answer the
driver's version check. The zip is checked against Lambda's size limits
(250 MB unzipped; 50 MB zipped for a direct upload), naming the biggest
parts when it is over. ``context/dependencies.py`` reuses the wheel download and zip
writing for an application's own pip packages.

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

PLATFORMS = {"x86_64": ["manylinux_2_28_x86_64", "manylinux2014_x86_64"],
             "arm64": ["manylinux_2_28_aarch64", "manylinux2014_aarch64"]}
SQL_DISTRIBUTIONS = ("duckdb", "pyarrow", "numpy", "fsspec")   # executors' part of the sql extra
# (sqlglot: driver only; numpy: DuckDB's Python UDFs; fsspec: DuckDB reading files on stores)
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "dateutil", "six", "urllib3"}
_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIPPED_MAX = 50 * 1024 * 1024        # Lambda's limit for a zip uploaded directly
UNZIPPED_MAX = 262_144_000           # Lambda's limit for the unzipped function and its layers


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spark-lambda", "wheels")


def runtime_requirements(extras: tuple = ()) -> list[str]:
    """spark-lambda's runtime dependencies, pinned to the driver's installed versions, with the
    requirements of the named ``extras`` (``deploy --with pandas``)."""
    try:
        declared = importlib.metadata.requires("spark-lambda") or []
    except importlib.metadata.PackageNotFoundError:
        raise ConfigurationError("spark-lambda is not installed as a distribution, so its dependencies are "
                                 "unknown; install it with `pip install .` (or -e .) first.") from None
    known = set(re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", " ".join(declared)))
    unknown = sorted(set(extras) - known)
    if unknown:
        raise ConfigurationError(f"Unknown extra {', '.join(unknown)} for --with; spark-lambda's "
                                 f"extras are {', '.join(sorted(known))}.")
    pinned = []
    for req in declared:
        if ";" in req:  # an extra's requirement: only the extras asked for go to executors
            marker = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", req)
            if not marker or marker.group(1) not in extras:
                continue
            req = req.split(";", 1)[0].strip()
        name = re.match(r"[A-Za-z0-9_.\-]+", req).group(0)
        try:
            pinned.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pinned.append(req)
    return pinned


def sql_requirements() -> list[str]:
    """The SQL stack's executor distributions, pinned to the driver's installed versions."""
    pinned = []
    for name in SQL_DISTRIBUTIONS:
        try:
            pinned.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            raise ConfigurationError(f"--with sql needs {name} on the driver (pip install "
                                     "'spark-lambda[sql]'), so that executors get the same version.") \
                from None
    return pinned


def _pip_download(requirements: list[str], dest: str, python_version: str | None, platform,
                  cache: str, offline: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet",
           "--only-binary=:all:", "--dest", dest, "--find-links", cache]
    if platform is not None:   # None: wheels for this machine's own interpreter
        for tag in [platform] if isinstance(platform, str) else platform:
            cmd += ["--platform", tag]
        cmd += ["--python-version", python_version, "--implementation", "cp"]
    if offline:
        cmd.append("--no-index")
    return subprocess.run(cmd + requirements, capture_output=True, text=True)


def _missing(stderr: str) -> list[str]:
    """The requirements pip found no distribution for, from its error output."""
    return sorted(set(re.findall(r"No matching distribution found for ([^\s]+)", stderr)))


def download_wheels(requirements: list[str], python_version: str | None, platform, dest: str,
                    cache: str | None = None) -> list[str]:
    """Wheel files for ``requirements`` (and their dependencies) for the target platform, in ``dest``
    (``platform``: a platform tag or a list of them; None: for this machine's interpreter)."""
    cache = cache or default_cache_dir()
    os.makedirs(cache, exist_ok=True)
    done = _pip_download(requirements, dest, python_version, platform, cache, offline=True)
    if done.returncode != 0:
        done = _pip_download(requirements, dest, python_version, platform, cache, offline=False)
    tags = platform if platform is None or isinstance(platform, str) else " or ".join(platform)
    target = f"{tags}, Python {python_version}" if platform else "this machine's Python"
    if done.returncode != 0 and _missing(done.stderr):
        raise ConfigurationError(
            f"No wheel of {', '.join(_missing(done.stderr))} exists for {target} (Lambda installs "
            "nothing itself, so every package needs a binary wheel for its platform). Pick a version that "
            "publishes one, or build it for that platform (`pip wheel`) and put the .whl in " + cache + ".")
    if done.returncode != 0:
        raise ConfigurationError(
            f"pip could not download wheels of {', '.join(requirements)} for {target}:\n"
            f"{done.stderr.strip()}\nCheck the network access to the package index "
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
                  architecture: str = "x86_64", cache: str | None = None,
                  extras: tuple = ()) -> dict:
    """Write the code package zip to ``out_path``; returns its build record. ``extras``:
    optional extras whose requirements go in too: ``sql`` adds DuckDB and a trimmed pyarrow,
    so that DataFrames and SQL run on the function; ``pandas`` adds pandas."""
    if architecture not in PLATFORMS:
        raise ConfigurationError(f"Unknown architecture {architecture!r}; use x86_64 or arm64.")
    python_version = python_version or f"{sys.version_info.major}.{sys.version_info.minor}"
    with_sql = "sql" in extras
    requirements = runtime_requirements(tuple(e for e in extras if e != "sql")) + \
        (sql_requirements() if with_sql else [])
    with tempfile.TemporaryDirectory(prefix="spark-lambda-wheels-") as dest:
        wheels = download_wheels(requirements, python_version, PLATFORMS[architecture], dest, cache)
        return _write_package(out_path, version, python_version, architecture, requirements, wheels,
                              with_sql)


def wheel_files(wheels: list[str], skip: set = RUNTIME_PROVIDED) -> dict[str, bytes]:
    """The files of ``wheels`` as installed (unzipped at the root), leaving out the
    distributions in ``skip`` and the wheels' ``.data`` directories."""
    files: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as wz:
            for info in wz.infolist():
                top = info.filename.split("/", 1)[0]
                dist = re.sub(r"-.*", "", top).lower()
                if info.is_dir() or dist in skip or ".data" in top:
                    continue
                files.setdefault(info.filename, wz.read(info))
    return files


def write_zip(out_path: str, files: dict[str, bytes]) -> None:
    """A deterministic zip of ``files`` (sorted entries, fixed timestamps), written atomically."""
    tmp = out_path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(files):
            _write(zf, name, files[name])
    os.replace(tmp, out_path)


def _sizes_by_top(names_sizes) -> str:
    totals: dict[str, int] = {}
    for name, size in names_sizes:
        top = name.split("/", 1)[0]
        totals[top] = totals.get(top, 0) + size
    biggest = sorted(totals.items(), key=lambda kv: -kv[1])[:5]
    return ", ".join(f"{top} {size / 1e6:.1f} MB" for top, size in biggest)


def check_size(zip_path: str, direct_upload: bool = False, zipped_max: int = ZIPPED_MAX,
               unzipped_max: int = UNZIPPED_MAX) -> None:
    """ConfigurationError when the package is over Lambda's limits, naming the biggest parts."""
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
    zipped = os.path.getsize(zip_path)
    unzipped = sum(i.file_size for i in infos)
    if unzipped > unzipped_max:
        raise ConfigurationError(
            f"The code package {os.path.basename(zip_path)} is {unzipped / 1e6:.1f} MB unzipped, over "
            f"Lambda's limit of {unzipped_max / 1e6:.1f} MB. Biggest parts: "
            f"{_sizes_by_top((i.filename, i.file_size) for i in infos)}. Leave large libraries out of "
            "the package and ship them with the application (spark.lambda.pip.packages).")
    if direct_upload and zipped > zipped_max:
        raise ConfigurationError(
            f"The code package {os.path.basename(zip_path)} is {zipped / 1e6:.1f} MB zipped, over "
            f"Lambda's limit of {zipped_max / 1e6:.1f} MB for a direct upload. Biggest parts (compressed): "
            f"{_sizes_by_top((i.filename, i.compress_size) for i in infos)}. Upload it through S3 "
            "(spark-lambda deploy --bucket does) or make it smaller.")


def _write_package(out_path: str, version: str, python_version: str, architecture: str,
                   requirements: list[str], wheels: list[str], with_sql: bool = False) -> dict:
    from ..version import __version__
    from .trim import trim
    record = {"version": version, "spark_lambda": __version__, "python": python_version,
              "architecture": architecture, "requirements": requirements,
              "wheels": [os.path.basename(w) for w in wheels], "sql": with_sql}
    files = _package_files()
    files["spark_lambda/_package.json"] = json.dumps(record, indent=1, sort_keys=True).encode()
    for name, data in trim(wheel_files(wheels)).items():
        files.setdefault(name, data)
    write_zip(out_path, files)
    check_size(out_path)
    return record


def package_sizes(zip_path: str) -> tuple[int, int]:
    """(unzipped, zipped) bytes of a code package."""
    with zipfile.ZipFile(zip_path) as zf:
        return sum(i.file_size for i in zf.infolist()), os.path.getsize(zip_path)
