"""Creating a session imports the SQL parser and planner, so the first ``spark.sql`` does not
pay for them."""

from __future__ import annotations

import os
import subprocess
import sys

_PROGRAM = """
import sys
from spark_lambda import SparkContext
from spark_lambda.sql import SparkSession
sc = SparkContext("local[1]", "warm-up")
assert "sqlglot" not in sys.modules
spark = SparkSession(sc)
print("sqlglot" in sys.modules, "spark_lambda.sql.parser.sql_functions" in sys.modules,
      "spark_lambda.sql.execution.planner" in sys.modules)
spark.stop()
"""


def test_a_new_session_has_imported_the_parser_and_planner():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run([sys.executable, "-c", _PROGRAM], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]
