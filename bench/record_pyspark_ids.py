"""Record the RDD ids PySpark gives the programs of tests/rdd/id_cases.py.

Run with PySpark installed: ``python bench/record_pyspark_ids.py``; writes
tests/data/pyspark_rdd_ids.json, which tests/rdd/test_ids.py compares against.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyspark import SparkConf, SparkContext  # noqa: E402

from tests.rdd.id_cases import CASES  # noqa: E402


def main() -> None:
    conf = SparkConf().setMaster("local[2]").setAppName("ids").set("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "lines.txt")
        Path(path).write_text("a\nb\nc\n")
        out = {"_about": f"RDD ids recorded from PySpark {sc.version} (local[2]) by "
                         "bench/record_pyspark_ids.py, relative to an RDD made first."}
        out.update({name: case(sc, path) for name, case in CASES.items()})
    sc.stop()
    target = ROOT / "tests" / "data" / "pyspark_rdd_ids.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
