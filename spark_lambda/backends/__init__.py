"""Backends by master URL: where tasks run.

A backend is ``submit(task_dict) -> Future[result_dict]``, ``max_concurrency``,
``prewarm(n)`` and ``close()``; every backend passes the shared contract suite
in ``tests/backends``. ``create_backend(master, conf)`` parses the master URL
and imports the backend's module on first use; a missing optional dependency
is an ImportError that says what to install.
"""

from __future__ import annotations

import importlib
import os
import re

from ..errors import ConfigurationError
from .base import Backend

__all__ = ["Backend", "create_backend", "parse_master"]

BACKENDS = {
    "local": ("spark_lambda.backends.local:LocalBackend", ""),
    "lambda": ("spark_lambda.backends.aws_lambda:LambdaBackend", "pip install 'spark-lambda[aws]'"),
}

_LOCAL = re.compile(r"local(?:\[(\*|\d+)(?:\s*,\s*(\d+))?\])?")


def parse_master(master: str, default_function: str = "spark-lambda") -> tuple[str, dict]:
    """(backend name, options) for a master URL; ConfigurationError for anything else."""
    master = (master or "").strip()
    m = _LOCAL.fullmatch(master)
    if m:
        count = m.group(1)
        n = 1 if count is None else (os.cpu_count() or 1) if count == "*" else int(count)
        if n <= 0:
            raise ConfigurationError(f"Master URL {master!r} asks for {n} workers; use local[N] with N >= 1.")
        opts = {"workers": n}
        if m.group(2):
            opts["max_failures"] = int(m.group(2))
        return "local", opts
    if master.startswith("lambda://"):
        name = master[len("lambda://"):].strip("/") or default_function
        if not re.fullmatch(r"[A-Za-z0-9_:.\-]{1,170}", name):
            raise ConfigurationError(f"{name!r} in master URL {master!r} is not a valid Lambda function name.")
        return "lambda", {"function": name}
    raise ConfigurationError(
        f"Unknown master URL {master!r}. Use local, local[N], local[*] to run on this machine, "
        "or lambda://FUNCTION to run executors on AWS Lambda.")


def create_backend(master: str, conf, env: dict | None = None) -> Backend:
    name, options = parse_master(master, conf.typed("spark.lambda.function.name"))
    target, hint = BACKENDS[name]
    module, _, cls_name = target.partition(":")
    try:
        cls = getattr(importlib.import_module(module), cls_name)
    except ImportError as e:
        raise ImportError(f"The {name} backend needs a package that is not installed ({e.name}): {hint}") from e
    return cls(conf=conf, env=env or {}, **options)
