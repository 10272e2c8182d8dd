"""Creating a session imports the SQL parser in the background, so the first ``spark.sql``
does not pay for it."""

from __future__ import annotations

import os
import subprocess
import sys

_PROGRAM = """
import sys, threading
from spark_lambda import SparkContext
from spark_lambda.sql import SparkSession
sc = SparkContext("local[1]", "warm-up")
assert "sqlglot" not in sys.modules
spark = SparkSession(sc)
(t,) = [t for t in threading.enumerate() if t.name == "sql-parser-warm-up"]
t.join(60)
print("sqlglot" in sys.modules, "spark_lambda.sql.parser.sql_functions" in sys.modules)
spark.stop()
"""


def test_a_new_session_imports_the_parser_in_the_background():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run([sys.executable, "-c", _PROGRAM], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]
