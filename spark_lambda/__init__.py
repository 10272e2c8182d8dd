"""spark-lambda: Apache Spark in Python (RDDs, DataFrames and SQL), with executors
that run as AWS Lambda invocations and a shuffle that goes through S3.

Swap ``from pyspark import SparkContext, SparkConf`` for
``from spark_lambda import SparkContext, SparkConf`` (and ``pyspark.sql`` for
``spark_lambda.sql``) and run the program with
``spark-lambda submit`` (``--master local[*]`` by default, or
``--master lambda://FUNCTION``).

The package, as a job flows through it (``ARCHITECTURE.md`` has the rules of
who may import whom, which ``tests/test_architecture.py`` checks):

* ``conf``, ``context/``, ``rdd/``, ``sql/`` — the user's API on the driver:
  settings, SparkContext, RDDs and their lineage, DataFrames and SQL;
* ``broadcast``, ``accumulators``, ``files``, ``taskcontext``, ``status``,
  ``profiler`` — what the driver shares with tasks, what a task sees of itself,
  what a program sees of its jobs (PySpark's module names);
* ``scheduler/``, ``backends/`` — the driver side: stages and task sets, and
  where tasks run (local workers, Lambda);
* ``wire/`` — the task and result format, the only thing both sides share;
* ``executor/`` — the executor side: ``run_task``, the Lambda handler;
* ``shuffle/``, ``io/``, ``storage/`` — beneath both: shuffle files, data
  files, object stores;
* ``ui/``, ``planning/``, ``deploy/``, ``emulator/``, ``cli/`` — the tools around
  the engine;
* ``errors``, ``keys``, ``serializers``, ``version`` — the foundation.
"""

import importlib

from .version import __version__

# public name -> the module that defines it. Imported on first use (PEP 562), so that an
# executor, which imports ``spark_lambda.executor``, never loads the driver's modules (the
# context, the scheduler, the backends): a worker starts faster.
_PUBLIC = {
    "SparkConf": "conf", "SparkContext": "context", "InheritableThread": "context",
    "RDD": "rdd", "StorageLevel": "rdd", "ResultIterable": "rdd", "StatCounter": "rdd",
    "TaskContext": "taskcontext", "Broadcast": "broadcast", "Accumulator": "accumulators",
    "AccumulatorParam": "accumulators", "SparkFiles": "files",
    "HashPartitioner": "shuffle.partitioner", "RangePartitioner": "shuffle.partitioner",
    "portable_hash": "shuffle.partitioner",
    "StatusTracker": "status", "SparkJobInfo": "status", "SparkStageInfo": "status",
    "Profiler": "profiler", "BasicProfiler": "profiler",
    "SparkLambdaError": "errors", "ConfigurationError": "errors", "InputError": "errors",
    "OutputExistsError": "errors", "ClosurePicklingError": "errors", "JobFailedError": "errors",
    "JobCancelledError": "errors",
}

__all__ = [
    "SparkConf", "SparkContext", "RDD", "StorageLevel", "TaskContext", "ResultIterable",
    "HashPartitioner", "RangePartitioner", "portable_hash",
    "Broadcast", "Accumulator", "AccumulatorParam", "SparkFiles", "StatCounter", "Profiler", "BasicProfiler",
    "SparkLambdaError", "ConfigurationError", "InputError", "OutputExistsError",
    "ClosurePicklingError", "JobFailedError", "JobCancelledError",
    "InheritableThread", "StatusTracker", "SparkJobInfo", "SparkStageInfo",
]


def __getattr__(name: str):
    """The public name ``name``, imported from its module on first use."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'spark_lambda' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))
