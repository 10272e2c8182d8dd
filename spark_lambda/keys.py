"""The one registry of configuration keys: name, type, default, one-line doc.

Every key spark-lambda reads is declared here with ``key(...)``. ``conf.py``
validates settings against it, ``typed()`` parses a value by its key's type,
and the README's configuration reference is generated from it
(``python -m spark_lambda.keys``).

Keys under the prefixes in ``STRICT_PREFIXES`` must be registered: a mistyped
``spark.lambda.*`` or ``spark.shuffle.s3.*`` key is an error that suggests the
closest valid key. Other ``spark.*`` keys are accepted and kept, as Spark does,
so that existing ``spark-defaults.conf`` files keep working.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import ConfigurationError

STRICT_PREFIXES = ("spark.lambda.", "spark.shuffle.s3.")

# Spark's spark.redaction.regex default.
SECRET_PATTERN = re.compile(r"(?i)secret|password|token|access[.]?key")


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # "str" | "int" | "bool" | "float" | "size"
    default: object
    doc: str
    seed: str = ""  # how the key relates to the original Spark-on-Lambda, if it does


REGISTRY: dict[str, Key] = {}


def key(name: str, type: str, default: object, doc: str, seed: str = "") -> Key:
    k = Key(name, type, default, doc, seed)
    REGISTRY[name] = k
    return k


# --- application -------------------------------------------------------------
key("spark.master", "str", "local[*]", "Where tasks run: local, local[N], local[*] or lambda://FUNCTION.")
key("spark.app.name", "str", "spark-lambda-app", "The application's name, shown in logs and reports.")
key("spark.default.parallelism", "int", None,
    "Default number of partitions for parallelize and shuffles (default: the backend's cores or in-flight cap).")
key("spark.executor.allowSparkContext", "bool", False,
    "Allow a SparkContext to be created inside a task (refused by default, as in PySpark).")
key("spark.task.cpus", "int", 1, "Cores a task reports through TaskContext.cpus(); workers are not scheduled by it.")
key("spark.task.maxFailures", "int", 4, "Attempts of one task before its job is aborted.")
key("spark.local.dir", "str", None,
    "Local directory for spills and, on a local master, the shuffle (default: the system temp dir).")
key("spark.python.worker.memory", "size", "512m",
    "Memory of a Python worker during aggregation and sorting, the worker process itself included "
    "(as PySpark counts it); beyond it, data spills to local disk. A SQL task gives DuckDB this less "
    "a quarter (the Arrow data around it), less an eighth (what DuckDB allocates beyond its limit), "
    "less the broadcast tables it holds and less what the worker holds beyond its resident memory "
    "with the SQL stack loaded; its map output beyond a thirty-second (or what its inputs leave of the "
    "quarter) goes to a local file, its reduce inputs beyond a quarter into DuckDB.")
key("spark.python.worker.faulthandler.enabled", "bool", False,
    "Dump the Python traceback of a worker that crashes (a segfault in a native library) into the "
    "task's error, as PySpark's faulthandler does.")
key("spark.python.profile", "bool", False,
    "Profile every task with cProfile; the statistics are merged per RDD (sc.show_profiles(), "
    "sc.dump_profiles(path)) and shown when the context stops.")
key("spark.python.profile.dump", "str", None,
    "With spark.python.profile: dump the profiles into this directory when the context stops "
    "instead of showing them.")
key("spark.executor.pyspark.memory", "size", None,
    "Address-space limit of each Python worker (RLIMIT_AS, as PySpark sets it) on a local master; "
    "on Lambda the function's memory is the limit, and a larger value is refused.")
key("spark.lambda.task.pauseGc", "bool", True,
    "Pause Python's cyclic garbage collector while a task runs (reference counting still frees "
    "records; cycles are collected after the task). Turn off if your functions create many reference cycles.")
key("spark.io.compression.codec", "str", "lz4", "Codec for shuffle blocks and stored batches: lz4, zlib or none.")
key("spark.reducer.maxReqsInFlight", "int", 16,
    "Most ranged GETs of shuffle blocks one reduce task has in flight.")
key("spark.reducer.maxSizeInFlight", "size", "48m",
    "Most bytes of shuffle blocks one reduce task fetches at once (one block is always allowed).")
key("spark.executor.memory", "size", "1g", "Memory per executor (on Lambda: the function's memory size).")
key("spark.submit.pyFiles", "str", "", "Comma-separated .py, .zip or .egg files put on executors' sys.path.")
key("spark.speculation", "bool", False, "Re-launch slow tasks speculatively.")
key("spark.speculation.multiplier", "float", 1.5, "How many times slower than the median a task must be to be speculated.")
key("spark.speculation.quantile", "float", 0.75, "Fraction of a stage's tasks that must finish before speculation.")
key("spark.dynamicAllocation.enabled", "bool", False, "Accepted for compatibility; executors are always elastic here.",
    seed="accepted and ignored: every task is its own invocation")
key("spark.dynamicAllocation.minExecutors", "int", 0, "Executor instances to pre-warm at context start.",
    seed="same meaning")
key("spark.dynamicAllocation.maxExecutors", "int", None, "Cap on concurrent executors (tasks in flight).",
    seed="same meaning")
key("spark.hadoop.fs.s3a.endpoint", "str", None, "S3 endpoint URL or host (also AWS_ENDPOINT_URL_S3).",
    seed="same meaning")
key("spark.hadoop.fs.s3n.awsAccessKeyId", "str", None,
    "Accepted and redacted; the default AWS credential chain is preferred.", seed="same meaning")
key("spark.hadoop.fs.s3n.awsSecretAccessKey", "str", None,
    "Accepted and redacted; the default AWS credential chain is preferred.", seed="same meaning")

# Hadoop settings the original needed for its JVM S3 client. Accepted so that its spark-submit
# lines run unchanged, and ignored: s3://, s3a:// and s3n:// URLs all go to the one S3 store.
_HADOOP_CLASS = "accepted and ignored: Hadoop's FileSystem class; s3, s3a and s3n URLs all use boto3 here"
for _scheme in ("s3", "s3a", "s3n"):
    key(f"spark.hadoop.fs.AbstractFileSystem.{_scheme}.impl", "str", None,
        f"Hadoop AbstractFileSystem class for {_scheme}:// (not used).", seed=_HADOOP_CLASS)
for _scheme in ("s3", "s3n"):
    key(f"spark.hadoop.fs.{_scheme}.impl", "str", None, f"Hadoop FileSystem class for {_scheme}:// (not used).",
        seed=_HADOOP_CLASS)
key("spark.hadoop.fs.s3a.fast.upload", "bool", None, "Hadoop's buffered S3 upload switch (not used).",
    seed="accepted and ignored: large objects are always uploaded in parts as they are written")
key("spark.hadoop.qubole.aws.use.v4.signature", "str", None, "The original's S3 signature switch (not used).",
    seed="accepted and ignored: boto3 always signs with Signature Version 4")

# --- DataFrames and SQL --------------------------------------------------------
key("spark.sql.warehouse.dir", "str", "spark-warehouse",
    "Where persistent tables and databases live: a local directory or an s3:// prefix, shared "
    "safely by sessions and concurrent jobs.")

# --- serverless ----------------------------------------------------------------
key("spark.lambda.function.name", "str", "spark-lambda", "Lambda function that runs the executors.",
    seed="same meaning")
key("spark.lambda.concurrent.requests.max", "int", 100, "Most invocations in flight at once.",
    seed="same meaning")
key("spark.lambda.s3.bucket", "str", None, "Bucket holding the code package lambda/spark-lambda-<version>.zip.",
    seed="same meaning")
key("spark.lambda.spark.software.version", "str", None,
    "Code package version the driver expects the function to run.", seed="same meaning")
key("spark.lambda.payload.inline.max", "size", "3m",
    "Largest task or result payload sent inline; larger ones go through the object store.")
key("spark.lambda.pip.packages", "str", None,
    "Comma-separated pip requirements (like toolz==0.12.1,six) installed for this application's "
    "executors from wheels, without redeploying.")
key("spark.lambda.pip.requirements", "str", None,
    "A requirements file (one requirement per line) installed like spark.lambda.pip.packages.")
key("spark.lambda.io.readSize", "size", "8m",
    "Bytes one ranged GET of an input text file asks for (lines are decoded 1 MiB at a time); "
    "larger reads mean fewer S3 requests per scanned byte.")
key("spark.lambda.sql.inDriver", "bool", True,
    "On a local master, a query that runs as one task (spark.sql.adaptive.singleTask.maxInputBytes) "
    "and calls no Python function runs on a thread of the driver process, as Spark's local mode runs "
    "SQL in the driver: no worker has to import the SQL stack first and no rows cross a pipe. The "
    "driver then imports that stack when a session starts and the workers on their first task. "
    "false sends every task to a worker. Lambda masters ignore it.")
key("spark.lambda.sql.parquet.storeInPlace", "bool", True,
    "A Parquet file on an object store is read by the task's DuckDB itself, as a local file is, "
    "from the column chunks (and page indexes) the task fetched with ranged GETs: only the needed "
    "columns decoded, the query's filters in the scan. false decodes the chunks with pyarrow into "
    "Arrow tables first (more CPU and memory).")
key("spark.lambda.sql.footerThreads", "int", 64,
    "Parquet files whose footers the driver reads at once when a DataFrame reads files (each footer "
    "is a ranged GET or two; a large table has thousands of files).")
key("spark.lambda.sql.driverFooters.maxFiles", "int", 64,
    "Most Parquet files of one scan whose footers the driver reads (for row-group splits and exact "
    "sizes); a scan of more files is cut, as Spark cuts every scan, into byte ranges of the files "
    "packed by spark.sql.files.maxPartitionBytes and the open cost, each task reading its file's "
    "footer and keeping the row groups whose middle byte lies in its range, and the driver reads "
    "one footer (the schema's, none when a schema is given) and estimates sizes from the files' "
    "sizes. mergeSchema, which needs every file's schema, reads every footer whatever the count. "
    "The default is what spark.lambda.sql.footerThreads reads in one round of GETs; 0 always "
    "cuts byte ranges.")
key("spark.lambda.io.readAhead", "int", 2,
    "Ranged GETs of an input text split kept in flight beyond the one being parsed, so that reading "
    "passes behind parsing; memory holds this many plus one GETs of spark.lambda.io.readSize "
    "(24 MiB by default). 0 reads one range after another.")
key("spark.lambda.sort.sampleBytes", "size", "2m",
    "Bytes of each text input split that sortByKey's sampling job reads (in 32 windows spread over "
    "the split) to place the range boundaries; a split under four times this, or whose windows hold "
    "fewer records than the sample needs, is read whole. 0 reads every split whole, as Spark does.")
key("spark.shuffle.s3.enabled", "bool", False, "Put the shuffle (and the app's stage code, persisted partitions and payloads) in S3.",
    seed="same meaning")
key("spark.shuffle.s3.bucket", "str", None,
    "Bucket (s3://NAME[/prefix]) for the shuffle; falls back to spark.lambda.s3.bucket. A comma-"
    "separated list spreads the objects over several buckets, each key on one by its hash "
    "(keep the order: it decides where keys are).", seed="same meaning")
key("spark.shuffle.s3.kind", "str", "auto",
    "How shuffle blocks travel: direct (every reducer reads every map object), combining or "
    "two-level (combiner tasks merge map outputs first, one more pass for far fewer GETs); auto "
    "keeps direct below spark.shuffle.s3.combine.minBlocks map x reduce blocks, two-level above.")
key("spark.shuffle.s3.fetch.rangeSize", "size", "8m",
    "A shuffle block (or combiner span) larger than this is fetched as ranged GETs of this size.")
key("spark.shuffle.s3.fetch.parallelism", "int", 4,
    "Ranged GETs of one large block in flight at once (on top of spark.reducer.maxReqsInFlight blocks).")
key("spark.shuffle.s3.hedge.enabled", "bool", True,
    "Send a second GET for a shuffle block that is slower than expected and use whichever answers "
    "first (object-store shuffles only).")
key("spark.shuffle.s3.hedge.multiplier", "float", 4.0,
    "A GET is hedged after this many times its expected time (30 ms plus its bytes at 75 MiB/s).")
key("spark.shuffle.s3.hedge.minDelayMs", "int", 200,
    "Never hedge a GET sooner than this many milliseconds after it was sent.")
key("spark.shuffle.s3.combine.minBlocks", "int", 1_000_000,
    "With spark.shuffle.s3.kind=auto, the fewest map x reduce blocks for which combiners run.")
key("spark.shuffle.s3.combine.smallBlocks", "int", 100_000,
    "With spark.shuffle.s3.kind=auto, a SQL exchange whose map tasks wrote at least this many "
    "non-empty blocks, of at most spark.shuffle.s3.combine.smallBlockBytes on average, is read "
    "through combiners (two-level) even below minBlocks (decided once its map stage has run).")
key("spark.shuffle.s3.combine.smallBlockBytes", "size", "1m",
    "The mean block size at or below which spark.shuffle.s3.combine.smallBlocks applies (a GET "
    "of less waits on latency rather than bytes).")
key("spark.shuffle.s3.combine.maps", "int", 0,
    "Map outputs per combiner (0: about sqrt of the map tasks); a combining shuffle's combiner "
    "holds this many whole map outputs (spark-lambda plan advises a value).")
key("spark.shuffle.s3.combine.reducers", "int", 0,
    "Reduce partitions per combiner (0: chosen; all of them for combining, about sqrt for two-level).")


# --- DataFrames and SQL ---------------------------------------------------------
key("spark.sql.shuffle.partitions", "int", 200,
    "Reduce partitions of a SQL aggregation or join shuffle; with adaptive execution, small "
    "ones are then read together, so a small query does not run this many tasks.")
key("spark.sql.autoBroadcastJoinThreshold", "str", "10485760",
    "Largest estimated size (bytes, or a size like 10m) of a join side that is broadcast "
    "instead of shuffled; -1 never broadcasts.")
key("spark.sql.session.timeZone", "str", "UTC", "Time zone in which TIMESTAMP values are shown and parsed.")
key("spark.sql.ansi.enabled", "bool", True,
    "Spark's ANSI mode: invalid casts, overflows and division by zero raise instead of giving NULL.")
key("spark.sql.mapKeyDedupPolicy", "str", "EXCEPTION",
    "What building a map does with a key given twice: EXCEPTION raises DUPLICATED_MAP_KEY, "
    "LAST_WIN keeps the value given last.")
key("spark.sql.caseSensitive", "bool", False, "Whether column and table names are case-sensitive.")
key("spark.sql.transposeMaxValues", "int", 500,
    "Most distinct index values DataFrame.transpose turns into columns (more is an error).")
key("spark.sql.adaptive.enabled", "bool", True,
    "Adaptive execution: plan a shuffle's reading from its map statuses (coalescing small partitions).")
key("spark.sql.adaptive.coalescePartitions.enabled", "bool", True,
    "Read adjacent small reduce partitions of a SQL shuffle in one task (with adaptive execution).")
key("spark.sql.adaptive.advisoryPartitionSizeInBytes", "size", "64m",
    "Target size of a coalesced reduce partition (compressed shuffle bytes).")
key("spark.sql.adaptive.coalescePartitions.minPartitionSize", "size", "1m",
    "Smallest target size of a coalesced reduce partition, however high the parallelism.")
key("spark.sql.adaptive.singleTask.maxInputBytes", "size", "256m",
    "With adaptive execution, a query (or scalar subquery) whose scans read at most this "
    "much (Parquet read in place, local or on a store: the compressed column chunks it needs, "
    "from the footers; Parquet read into Arrow first (spark.lambda.sql.parquet.storeInPlace "
    "false, or nested columns): their uncompressed bytes; other files: their bytes) runs as one DuckDB query in one task with every core of the worker: "
    "no exchanges, no broadcast or subquery jobs; 0 turns it off.")
key("spark.sql.execution.pythonUDTF.arrow.enabled", "bool", True,
    "Python UDTFs made without useArrow convert their rows strictly with Arrow; false gives "
    "the pickled conversion (a value of the wrong type becomes NULL).")
key("spark.sql.duckdb.threads", "int", None,
    "DuckDB threads per SQL task (default: 1 per local worker; on Lambda the function's vCPUs, "
    "1 per 1,769 MB).")


# --- seeing a job: progress bar, event log, report, cost -------------------------
key("spark.ui.showConsoleProgress", "bool", True,
    "Show the console progress bar on stderr while stages run (only when stderr is a terminal).")
key("spark.eventLog.enabled", "bool", False,
    "Write the application's event log in Spark's format: the Spark History Server shows it, "
    "`spark-lambda report` turns it into a page.")
key("spark.eventLog.dir", "str", "file:///tmp/spark-events",
    "Where event logs go: a local directory, file:// or s3:// URL; one file per application, "
    "named by the application id (`.inprogress` until it ends).")
key("spark.eventLog.compress", "bool", False,
    "Compress the event log with spark.eventLog.compression.codec, as Spark does (the file "
    "name ends in the codec's name).")
key("spark.eventLog.compression.codec", "str", "lz4",
    "Codec of a compressed event log: lz4 (Spark's lz4 block stream) or zstd (Spark's default; "
    "needs the zstandard package).")
key("spark.lambda.ui.summary", "bool", False,
    "Print one summary line (wall time, tasks, and the cost on Lambda, or on a local master "
    "what the tasks would cost there) to stderr when the context stops; `spark-lambda submit` "
    "turns it on.")
key("spark.lambda.price.gbSecond", "float", 0.0000166667,
    "Lambda compute price in USD per GB-second (AWS us-east-1, x86).")
key("spark.lambda.price.requestsPerMillion", "float", 0.20,
    "Lambda request price in USD per million invocations (AWS us-east-1).")
key("spark.lambda.price.s3.putPerThousand", "float", 0.005,
    "S3 Standard price in USD per 1,000 PUT, COPY, POST and LIST requests (AWS us-east-1).")
key("spark.lambda.price.s3.getPerThousand", "float", 0.0004,
    "S3 Standard price in USD per 1,000 GET, HEAD and other requests (AWS us-east-1).")
key("spark.lambda.price.s3.deletePerThousand", "float", 0.0,
    "S3 price in USD per 1,000 DELETE requests (free on S3).")


def driver_reads_footers(files: int, max_files: int) -> bool:
    """Whether the driver reads every footer of a Parquet scan of ``files`` files, given
    ``spark.lambda.sql.driverFooters.maxFiles``: the engine's rule, and the one
    ``spark-lambda plan`` applies at its target."""
    return files <= max_files


_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
               "g": 1 << 30, "gb": 1 << 30, "t": 1 << 40, "tb": 1 << 40}


def parse_size(text: str) -> int:
    """Parse a JVM-style size ("512m", "2g", "1048576") into bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
    if not m or m.group(2).lower() not in _SIZE_UNITS:
        raise ValueError(f"{text!r} is not a size; write it like 512m, 2g or 1048576")
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()])


def _parse(k: Key, value: object) -> object:
    if value is None:
        return None
    text = str(value).strip()
    if k.type == "str":
        return text
    if k.type == "int":
        return int(text)
    if k.type == "float":
        return float(text)
    if k.type == "bool":
        low = text.lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no"):
            return False
        raise ValueError(f"{text!r} is not true or false")
    if k.type == "size":
        return parse_size(text)
    raise AssertionError(k.type)


def typed(name: str, value: object) -> object:
    """Parse ``value`` by the type of key ``name``; a clear error if it does not fit."""
    k = REGISTRY[name]
    try:
        return _parse(k, value)
    except ValueError as e:
        raise ConfigurationError(
            f"Configuration {name}={value!r} is not a valid {k.type}: {e}. {k.doc}") from None


def check(name: str, value: object) -> None:
    """Raise ConfigurationError for an unknown strict key or a value of the wrong type."""
    if name in REGISTRY:
        typed(name, value)
        return
    if name.startswith(STRICT_PREFIXES):
        close = difflib.get_close_matches(name, list(REGISTRY), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise ConfigurationError(
            f"Unknown configuration key {name}.{hint} "
            f"Run `python -m spark_lambda.keys` to list every key.")


def redact(name: str, value: object) -> object:
    """The value to show for ``name``: secrets become '*********(redacted)'."""
    return "*********(redacted)" if SECRET_PATTERN.search(name) else value


def markdown_table() -> str:
    """The configuration reference as a Markdown table (for the README)."""
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for k in sorted(REGISTRY.values(), key=lambda k: k.name):
        default = "" if k.default is None else f"`{k.default}`"
        doc = k.doc + (" (Spark-on-Lambda key, " + k.seed + ")" if k.seed else "")
        rows.append(f"| `{k.name}` | {k.type} | {default} | {doc} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())
