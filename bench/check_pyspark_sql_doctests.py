"""Run PySpark's own ``pyspark.sql`` docstring examples against spark_lambda.sql.

A development check, not a test: pyspark is needed only to read its docstrings. Each example
is rewritten to import from ``spark_lambda`` and run with ``doctest`` against a ``local[2]``
session, with the globals and option flags PySpark's own ``_test()`` gives that module (its
names resolved in spark_lambda). Examples that need the JVM, Spark Connect, streaming or the
pandas-on-Spark API are skipped with the reason; those using pandas run when pandas is
installed. Prints every skip with its reason, then pass / applicable per module.

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
         ("_jsparkSession", "calls into the JVM"), ("pandas_api", "the pandas-on-Spark API"),
         ("pyspark.sql.connect", "Spark Connect"),
         ("writeStream", "streaming"), ("readStream", "streaming"),
         ("observe(", "JVM metrics"),
         ("inputFiles", "JVM file index"), ("executionInfo", "Spark Connect")]
try:
    import pandas  # noqa: F401
except ImportError:
    SKIPS.append(("pandas", "needs pandas, which is not installed"))
# PySpark's _test() option flags per module (catalog also ignores exception details).
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
EXTRA_FLAGS = {"catalog": doctest.IGNORE_EXCEPTION_DETAIL}
# Where a name PySpark's module imports is found in spark_lambda, first match wins.
HOMES = ["spark_lambda.sql.{mod}", "spark_lambda.sql", "spark_lambda.sql.types",
         "spark_lambda.sql.window", "spark_lambda.sql.functions", "spark_lambda"]


def rewrite(src: str) -> str:
    return re.sub(r"\bpyspark\.sql\b", "spark_lambda.sql", src).replace(
        "from pyspark import", "from spark_lambda import")


def module_globals(module_name: str) -> dict:
    """PySpark's module namespace (what its _test() runs the examples in), with every
    pyspark name replaced by spark_lambda's of the same name; names spark_lambda lacks are left
    out, so an example using one fails with a NameError that says so."""
    import importlib
    import types as pytypes
    out = {}
    homes = []
    for home in HOMES:
        try:
            homes.append(importlib.import_module(home.format(mod=module_name.split(".")[0])))
        except ImportError:
            continue
    for name, value in vars(importlib.import_module(f"pyspark.sql.{module_name}")).items():
        if name.startswith("__"):
            continue
        if isinstance(value, pytypes.ModuleType):
            if value.__name__.startswith("pyspark"):
                try:
                    out[name] = importlib.import_module(rewrite(value.__name__))
                except ImportError:
                    pass
            else:
                out[name] = value
            continue
        if not str(getattr(value, "__module__", "") or "").startswith("pyspark"):
            out[name] = value
            continue
        for home in homes:
            found = getattr(home, name, None)
            if found is not None and not isinstance(found, pytypes.ModuleType):
                out[name] = found
                break
    return out


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
    settings = {"spark.sql.shuffle.partitions": "2",
                "spark.sql.warehouse.dir": os.path.join(tmp, "wh")}
    os.chdir(tmp)
    totals, skipped, failed = {}, [], []
    for mod in MODULES:
        runner = doctest.DocTestRunner(checker=Checker(), verbose=False,
                                       optionflags=FLAGS | EXTRA_FLAGS.get(mod, 0))
        base_globs = module_globals(mod)
        spark = SparkSession(sc, settings)   # a session per module, as PySpark's _test()
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
            test.globs = dict(base, **base_globs, spark=spark, sc=sc, sf=F, F=F)
            out: list = []
            result = runner.run(test, out=out.append, clear_globs=True)
            ok = result.failed == 0
            passed, n = totals.get(mod, (0, 0))
            totals[mod] = (passed + ok, n + 1)
            if not ok:
                failed.append((name, "".join(out)))
    sc.stop()
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
