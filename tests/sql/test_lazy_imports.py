"""RDD-only programs, and importing the sql package, do not load the SQL stack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_sql_loads_no_duckdb_pyarrow_or_sqlglot():
    code = ("import sys, spark_lambda.sql; "
            "print(sorted(m for m in ('duckdb', 'pyarrow', 'sqlglot') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    assert out.stdout.strip() == "[]"
