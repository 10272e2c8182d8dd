"""Record ``reference.json``: the event log PySpark itself writes for the jobs the ui tests run.

Run by hand (it needs pyspark and Java; the tests only read its output):

    python tests/data/spark_eventlog/record.py

A local[2] application: a reduceByKey over 200 numbers in 4 partitions into 3, then a count
of 10 numbers in 2. Spark's single-file log (rolling off, not compressed), with the machine's
environment (system properties, classpath, Hadoop settings) left out to keep it small.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from operator import add

HERE = os.path.dirname(os.path.abspath(__file__))
DROPPED = ("System Properties", "Classpath Entries", "Hadoop Properties", "Metrics Properties")


def main() -> None:
    from pyspark import SparkConf, SparkContext
    with tempfile.TemporaryDirectory() as tmp:
        conf = (SparkConf().set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", "file://" + tmp)
                .set("spark.eventLog.rolling.enabled", "false").set("spark.eventLog.compress", "false")
                .set("spark.ui.enabled", "false"))
        sc = SparkContext("local[2]", "reference", conf=conf)
        sc.parallelize(range(200), 4).map(lambda x: (x % 7, x)).reduceByKey(add, 3).collect()
        sc.parallelize(range(10), 2).count()
        sc.stop()
        (path,) = glob.glob(os.path.join(tmp, "local-*"))
        with open(path, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
    for e in events:
        if e["Event"] == "SparkListenerEnvironmentUpdate":
            e.update({k: {} for k in DROPPED})
            e["Spark Properties"] = {k: v for k, v in e["Spark Properties"].items()
                                     if k.startswith(("spark.app", "spark.master", "spark.eventLog"))}
        for info in [e.get("Stage Info")] + list(e.get("Stage Infos") or []):
            if info:
                info["Details"] = ""
    text = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events)
    with open(os.path.join(HERE, "reference.json"), "w", encoding="utf-8") as f:
        f.write(text.replace(HERE + os.sep, ""))   # call sites name the script, not this checkout


if __name__ == "__main__":
    main()
