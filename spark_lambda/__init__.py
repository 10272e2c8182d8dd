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
* ``broadcast``, ``accumulators``, ``files``, ``taskcontext`` — what the driver
  shares with tasks and what a task sees of itself (PySpark's module names);
* ``scheduler/``, ``backends/`` — the driver side: stages and task sets, and
  where tasks run (local workers, Lambda);
* ``wire/`` — the task and result format, the only thing both sides share;
* ``executor/`` — the executor side: ``run_task``, the Lambda handler;
* ``shuffle/``, ``io/``, ``storage/`` — beneath both: shuffle files, data
  files, object stores;
* ``ui/``, ``deploy/``, ``emulator/``, ``cli/`` — the tools around the engine;
* ``errors``, ``keys``, ``serializers``, ``version`` — the foundation.
"""

from .version import __version__
from .accumulators import Accumulator, AccumulatorParam
from .broadcast import Broadcast
from .conf import SparkConf
from .context import InheritableThread, SparkContext
from .errors import (
    ClosurePicklingError, ConfigurationError, InputError, JobCancelledError, JobFailedError,
    OutputExistsError, SparkLambdaError,
)
from .files import SparkFiles
from .rdd import RDD, ResultIterable, StatCounter, StorageLevel
from .shuffle.partitioner import HashPartitioner, RangePartitioner, portable_hash
from .status import SparkJobInfo, SparkStageInfo, StatusTracker
from .profiler import BasicProfiler, Profiler
from .taskcontext import TaskContext

__all__ = [
    "SparkConf", "SparkContext", "RDD", "StorageLevel", "TaskContext", "ResultIterable",
    "HashPartitioner", "RangePartitioner", "portable_hash",
    "Broadcast", "Accumulator", "AccumulatorParam", "SparkFiles", "StatCounter", "Profiler", "BasicProfiler",
    "SparkLambdaError", "ConfigurationError", "InputError", "OutputExistsError",
    "ClosurePicklingError", "JobFailedError", "JobCancelledError",
    "InheritableThread", "StatusTracker", "SparkJobInfo", "SparkStageInfo",
]
