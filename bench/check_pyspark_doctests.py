"""Run PySpark's own RDD and SparkContext docstring examples against spark_lambda.

Also the examples of PySpark's accumulators, broadcast and files modules.

A development check, not a test: it needs pyspark installed (only to read its
docstrings at run time; nothing of PySpark runs). Each example's source is
rewritten to import from ``spark_lambda``, run with ``doctest`` against a
``local[4]`` spark_lambda context, and reported as pass, FAIL or skip (examples
tied to Hadoop formats, the JVM, barrier execution, job groups or resources).

    python bench/check_pyspark_doctests.py [-v] [NAME_SUBSTRING ...]
"""

from __future__ import annotations

import doctest
import inspect
import json
import os
import re
import sys
import tempfile
import types

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SKIP_WORDS = ("SequenceFile", "sequenceFile", "_jvm", "_jsc", "_jrdd", "barrier(",
              "JobGroup", "JobTag", "ResourceProfile", "statusTracker", "uiWebUrl",
              "SparkSession", "toDF", "pandas", "newAPIHadoop",
              "hadoopFile", "hadoopRDD", "getSystemProperty", "java.")
# Examples whose output names JVM classes are skipped; an expected JVM exception
# (Py4JJavaError) is matched by any exception from spark_lambda.errors.
JVM_OUTPUT = ("PythonRDD", "PythonRDD.scala")


class Checker(doctest.OutputChecker):
    def check_output(self, want, got, optionflags):
        if "Py4JJavaError" in want:
            return got.startswith("spark_lambda.errors.")
        return super().check_output(want, got, optionflags)
SKIP_METHODS = {"getResourceProfile", "withResources", "barrier", "setJobGroup", "cancelJobGroup",
                "addJobTag", "removeJobTag", "getJobTags", "clearJobTags", "cancelJobsWithTag",
                "hadoopFile", "hadoopRDD", "newAPIHadoopFile", "newAPIHadoopRDD", "sequenceFile",
                "saveAsHadoopFile", "saveAsHadoopDataset", "saveAsNewAPIHadoopFile",
                "saveAsNewAPIHadoopDataset", "saveAsSequenceFile", "mapInPandas", "toDF",
                "uiWebUrl", "statusTracker", "dump_profiles", "show_profiles",
                "getLocalProperty", "setLocalProperty", "setJobDescription", "setInterruptOnCancel",
                "cancelAllJobs", "cleanShuffleDependencies", "collectWithJobGroup",
                "getSystemProperty"}


def rewrite(src: str) -> str:
    return re.sub(r"\bpyspark(\.\w+)*", "spark_lambda", src)


def examples():
    from pyspark.core import context, rdd
    finder = doctest.DocTestFinder(recurse=False)
    for owner in (rdd.RDD, context.SparkContext):
        for name, member in sorted(vars(owner).items()):
            if name.startswith("_") and name not in ("__add__",):
                continue
            obj = member.fget if isinstance(member, property) else member
            obj = getattr(obj, "__func__", obj)
            if not inspect.isfunction(obj) or not obj.__doc__:
                continue
            for test in finder.find(obj, f"{owner.__name__}.{name}", globs={}):
                if test.examples:
                    yield owner.__name__, name, test
    import pyspark.accumulators
    import pyspark.core.broadcast
    import pyspark.core.files
    for module in (pyspark.accumulators, pyspark.core.broadcast, pyspark.core.files):
        short = module.__name__.rsplit(".", 1)[-1]
        for test in doctest.DocTestFinder().find(module, short, globs={}):
            if test.examples:
                yield short, test.name.split(".", 1)[-1], test


def main(argv):
    verbose = "-v" in argv
    wanted = [a for a in argv if not a.startswith("-")]
    import spark_lambda
    from spark_lambda import SparkConf, SparkContext
    tmp = tempfile.mkdtemp(prefix="doctests-")
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", os.path.join(tmp, "local"))
    sc = SparkContext("local[4]", "PythonTest", conf=conf)
    sc.setCheckpointDir(os.path.join(tmp, "checkpoints"))
    rows = []
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(checker=Checker(), optionflags=flags, verbose=False)
    import glob
    import operator
    import shutil
    import time
    base_globs = {name: getattr(spark_lambda, name) for name in spark_lambda.__all__}
    base_globs.update(os=os, sys=sys, tempfile=tempfile, glob=glob, shutil=shutil, time=time,
                      add=operator.add, sc=sc, SparkContext=SparkContext,
                      spark=types.SimpleNamespace(sparkContext=sc))
    for owner, name, test in examples():
        if wanted and not any(w in f"{owner}.{name}" for w in wanted):
            continue
        text = "\n".join(e.source for e in test.examples)
        if name in SKIP_METHODS or any(w in text for w in SKIP_WORDS):
            rows.append((f"{owner}.{name}", "skip", ""))
            continue
        if any(w in e.want for e in test.examples for w in JVM_OUTPUT):
            rows.append((f"{owner}.{name}", "skip", ""))
            continue
        for e in test.examples:
            e.source = rewrite(e.source)
            e.want = e.want.replace("pyspark", "spark_lambda")
        test.globs = dict(base_globs)
        out: list[str] = []
        result = runner.run(test, out=out.append, clear_globs=True)
        status = "pass" if result.failed == 0 else "FAIL"
        detail = f"{result.attempted - result.failed}/{result.attempted} examples"
        rows.append((f"{owner}.{name}", status, detail + "\n" + "".join(out)))
    sc.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows) if rows else 10
    for label, status, detail in rows:
        counts_line, _, failures = detail.partition("\n")
        print(f"{label:<{width}}  {status:<4}  {counts_line}")
        if verbose and status == "FAIL":
            print(failures)
    counts = {s: sum(1 for r in rows if r[1] == s) for s in ("pass", "FAIL", "skip")}
    print(json.dumps(counts))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
