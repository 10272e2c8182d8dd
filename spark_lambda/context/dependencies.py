"""An application's own dependencies: ``--py-files`` and pip packages, shipped per application.

Called by ``SparkContext`` once its backend is up. Executors (Lambda
instances above all) run only the deployed code package, so what a program
adds travels through the work store, without redeploying the function:

* each ``spark.submit.pyFiles`` entry (a ``.py``, ``.zip`` or ``.egg``) is
  added as ``addPyFile`` adds it (``files.py``): uploaded sealed, fetched by
  an executor before its first task of the application, put on ``sys.path``;
* the packages of ``spark.lambda.pip.packages`` (a comma list of
  requirements) and ``spark.lambda.pip.requirements`` (a requirements file)
  are downloaded once, as wheels only, for the executors' platform and
  Python (the backend's ``pip_target``: the function's architecture and
  Python on Lambda, this machine's interpreter on a local master), with the
  same pip logic and wheel cache as the code package (``deploy/package.py``),
  unpacked into one deterministic zip named by its digest and uploaded
  sealed. An executor unpacks it once into ``spark-lambda-site/<digest>``
  under its local directory and appends that to ``sys.path`` (after the code
  package, as Lambda puts layers after the function's code), so a warm
  instance reuses it for every later application with the same packages.

A package with no wheel for the target platform is a ConfigurationError
naming it, raised at context start, before any task runs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

from ..errors import ConfigurationError


def pip_requirements(conf) -> list[str]:
    """The requirements of ``spark.lambda.pip.packages`` and ``spark.lambda.pip.requirements``."""
    reqs = [p.strip() for p in (conf.get("spark.lambda.pip.packages") or "").split(",") if p.strip()]
    path = conf.get("spark.lambda.pip.requirements")
    if path:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            raise ConfigurationError(f"Cannot read spark.lambda.pip.requirements file {path}: {e.strerror}.") \
                from None
        for number, raw in enumerate(lines, 1):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("-"):
                raise ConfigurationError(
                    f"{path}:{number}: {line!r} is a pip option; spark.lambda.pip.requirements takes "
                    "package requirements only (one per line, like toolz==0.12.1).")
            reqs.append(line)
    return reqs


def build_site_bundle(requirements: list[str], python: str | None, platform: str | None,
                      out_dir: str) -> str:
    """Download wheels for ``requirements`` and unpack them into one zip; returns its path,
    named ``pip-<digest>.zip`` after its content."""
    from ..deploy.package import download_wheels, wheel_files, write_zip
    with tempfile.TemporaryDirectory(prefix="spark-lambda-pip-") as dest:
        files = wheel_files(download_wheels(requirements, python, platform, dest))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    path = os.path.join(out_dir, f"pip-{digest.hexdigest()[:24]}.zip")
    write_zip(path, files)
    return path


def ship(sc) -> None:
    """Add the application's py-files and pip packages for its executors."""
    for entry in (p.strip() for p in sc.conf.get("spark.submit.pyFiles", "").split(",")):
        if entry and not os.path.isdir(entry):   # a directory stays a local-only path entry
            sc.files.add_py_file(entry)
    requirements = pip_requirements(sc.conf)
    if not requirements:
        return
    python, platform = getattr(sc.backend, "pip_target", (None, None))
    with tempfile.TemporaryDirectory(prefix="spark-lambda-site-") as tmp:
        sc.files.add_site_bundle(build_site_bundle(requirements, python, platform, tmp))
