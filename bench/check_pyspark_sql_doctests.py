"""Run PySpark's own ``pyspark.sql`` docstring examples against spark_lambda.sql.

A development check, not a test: pyspark is needed only to read its docstrings. Each example
is rewritten to import from ``spark_lambda`` and run with ``doctest`` against a ``local[2]``
session; examples that need the JVM, pandas, Spark Connect or streaming are skipped with the
reason. Prints pass / applicable per module.

    python bench/check_pyspark_sql_doctests.py [-v] [NAME_SUBSTRING ...]
"""

from __future__ import annotations

import doctest
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from check_pyspark_doctests import Checker  # noqa: E402

MODULES = ["dataframe", "column", "functions.builtin", "group", "window", "types",
           "readwriter", "catalog", "udf"]
SKIPS = [("_jvm", "calls into the JVM"), ("_jdf", "calls into the JVM"),
         ("_jsparkSession", "calls into the JVM"), ("toPandas", "needs pandas"),
         ("pandas", "needs pandas"), ("pyspark.sql.connect", "Spark Connect"),
         ("writeStream", "streaming"), ("readStream", "streaming"),
         ("mapInArrow", "needs Arrow UDF execution"), ("observe(", "JVM metrics"),
         ("inputFiles", "JVM file index"), ("executionInfo", "Spark Connect")]


def rewrite(src: str) -> str:
    return re.sub(r"\bpyspark\.sql\b", "spark_lambda.sql", src).replace(
        "from pyspark import", "from spark_lambda import")


def examples(module_name: str):
    import importlib
    module = importlib.import_module(f"pyspark.sql.{module_name}")
    finder = doctest.DocTestFinder()
    for test in finder.find(module, module_name, globs={}):
        if test.examples:
            yield test


def main(argv) -> int:
    verbose = "-v" in argv
    wanted = [a for a in argv if not a.startswith("-")]
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    tmp = tempfile.mkdtemp(prefix="sql-doctests-")
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", os.path.join(tmp, "local"))
    sc = SparkContext("local[2]", "sql-doctests", conf=conf)
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "2",
                              "spark.sql.warehouse.dir": os.path.join(tmp, "wh")})
    os.chdir(tmp)
    runner = doctest.DocTestRunner(checker=Checker(), verbose=False,
                                   optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    totals, skipped, failed = {}, [], []
    for mod in MODULES:
        for test in examples(mod):
            name = test.name
            if wanted and not any(w in name for w in wanted):
                continue
            text = "\n".join(e.source for e in test.examples)
            reason = next((why for word, why in SKIPS if word in text), None)
            if reason:
                skipped.append((name, reason))
                continue
            for e in test.examples:
                e.source = rewrite(e.source)
                e.want = e.want.replace("pyspark.sql", "spark_lambda.sql")
            import spark_lambda.sql.functions as F
            # as PySpark's own runner: the functions module's names are global there
            base = dict(vars(F)) if mod == "functions.builtin" else {}
            test.globs = {**base, "spark": spark, "sc": sc, "sf": F, "F": F}
            out: list = []
            result = runner.run(test, out=out.append, clear_globs=True)
            ok = result.failed == 0
            passed, n = totals.get(mod, (0, 0))
            totals[mod] = (passed + ok, n + 1)
            if not ok:
                failed.append((name, "".join(out)))
    spark.stop()
    if verbose:
        for name, detail in failed:
            print(f"FAIL {name}\n{detail[:1500]}")
    for name, why in skipped:
        print(f"skip {name}: {why}")
    all_p = all_n = 0
    for mod in MODULES:
        p, n = totals.get(mod, (0, 0))
        all_p, all_n = all_p + p, all_n + n
        print(f"{mod:20s} {p:4d} / {n:4d} passed")
    print(f"{'total':20s} {all_p:4d} / {all_n:4d} passed ({len(skipped)} skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
