"""TPC-H inputs of the benchmark: the Parquet tables (tpchgen-cli, cached) and the 22 queries.

The queries are the test suite's (``tests/sql/tpch/qNN.sql``): one text, run unchanged by
every system. Tables are generated once per scale into
``$SPARK_LAMBDA_TPCH_CACHE/sf<scale>/<table>.parquet`` (default ``~/.cache/spark-lambda/tpch``,
the directory the tests use too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
QUERY_DIR = Path(__file__).resolve().parent.parent / "tests" / "sql" / "tpch"


def query_names() -> list:
    """``q01`` .. ``q22``."""
    return sorted(p.stem for p in QUERY_DIR.glob("q*.sql"))


def query_text(name: str) -> str:
    """The SQL of query ``name`` (``q01``, or ``1``)."""
    if not name.startswith("q"):
        name = f"q{int(name):02d}"
    return (QUERY_DIR / f"{name}.sql").read_text()


def scale_text(scale) -> str:
    """``1`` for 1.0, ``0.1`` for 0.1: the directory's and tpchgen-cli's spelling."""
    return f"{float(scale):g}"


def tables_dir(scale) -> Path:
    """The directory of the tables at ``scale``, generated on first use."""
    s = scale_text(scale)
    root = Path(os.environ.get("SPARK_LAMBDA_TPCH_CACHE",
                               Path.home() / ".cache" / "spark-lambda" / "tpch"))
    out = root / f"sf{s}"
    if all((out / f"{t}.parquet").exists() for t in TABLES):
        return out
    tmp = root / f"sf{s}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    exe = shutil.which("tpchgen-cli") or str(Path(sys.executable).parent / "tpchgen-cli")
    print(f"generating TPC-H SF {s} into {out} ...", file=sys.stderr, flush=True)
    subprocess.run([exe, "parquet", "-s", s, "--output-dir", str(tmp)], check=True)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def table_paths(scale) -> dict:
    """Table name → Parquet file path."""
    d = tables_dir(scale)
    return {t: str(d / f"{t}.parquet") for t in TABLES}
