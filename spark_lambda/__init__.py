"""spark-lambda: Apache Spark's RDD programming model in Python, with executors
that run as AWS Lambda invocations and a shuffle that goes through S3.

Swap ``from pyspark import SparkContext, SparkConf`` for
``from spark_lambda import SparkContext, SparkConf`` and run the program with
``spark-lambda submit`` (``--master local[*]`` by default, or
``--master lambda://FUNCTION``).
"""

__version__ = "0.1.0"

from .accumulators import Accumulator, AccumulatorParam  # noqa: E402
from .broadcast import Broadcast  # noqa: E402
from .conf import SparkConf  # noqa: E402
from .context import SparkContext  # noqa: E402
from .errors import (  # noqa: E402
    ClosurePicklingError, ConfigurationError, InputError, JobFailedError, OutputExistsError,
    SparkLambdaError,
)
from .partitioner import HashPartitioner, RangePartitioner, portable_hash  # noqa: E402
from .pairs import ResultIterable  # noqa: E402
from .rdd import RDD, StorageLevel  # noqa: E402
from .files import SparkFiles  # noqa: E402
from .stats import StatCounter  # noqa: E402
from .taskcontext import TaskContext  # noqa: E402

__all__ = [
    "SparkConf", "SparkContext", "RDD", "StorageLevel", "TaskContext", "ResultIterable",
    "HashPartitioner", "RangePartitioner", "portable_hash",
    "Broadcast", "Accumulator", "AccumulatorParam", "SparkFiles", "StatCounter",
    "SparkLambdaError", "ConfigurationError", "InputError", "OutputExistsError",
    "ClosurePicklingError", "JobFailedError",
]
