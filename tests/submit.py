"""Run ``python -m spark_lambda.cli submit ...`` as a real process, for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_submit(*args, env: dict | None = None, cwd=None, check: bool = True) -> subprocess.CompletedProcess:
    """``spark-lambda submit ARGS`` from this checkout; returns the finished process."""
    full_env = dict(os.environ)
    full_env.pop("SPARK_CONF_DIR", None)
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT), full_env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "spark_lambda.cli", "submit", *map(str, args)],
                          cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"submit {args} exited {proc.returncode}:\n{proc.stderr}")
    return proc
