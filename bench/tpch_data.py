"""TPC-H inputs of the benchmark: the Parquet tables (tpchgen-cli, cached) and the 22 queries.

The queries are the test suite's (``tests/sql/tpch/qNN.sql``): one text, run unchanged by
every system. Tables are generated once per scale into
``$SPARK_LAMBDA_TPCH_CACHE/sf<scale>/<table>.parquet`` (default ``~/.cache/spark-lambda/tpch``,
the directory the tests use too).
"""

from __future__ import annotations

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
    """The directory of the tables at ``scale``, generated on first use (by the tests' own
    generator, so both read the same files from the same cache)."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.sql.conftest import tpch_dir
    s = scale_text(scale)
    return tpch_dir(s)


def table_paths(scale) -> dict:
    """Table name → Parquet file path."""
    d = tables_dir(scale)
    return {t: str(d / f"{t}.parquet") for t in TABLES}
