"""The bad-input catalogue: every wrong thing a user can hand spark-lambda, in one table.

Each case names the bad input, the error type it must raise, and fragments
of the message: what is wrong and what to do about it. After the error,
nothing half-done may look complete: no context left active after a bad
start, and for cases that save output, no ``_SUCCESS`` and no part file.
The README's "When things go wrong" section lists the same errors.
"""

from __future__ import annotations

import glob
import os
import sys
import threading
from dataclasses import dataclass
from operator import add
from typing import Callable

import cloudpickle
import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.errors import (ClosurePicklingError, ConfigurationError, InputError, JobFailedError,
                                 OutputExistsError, StoreError)

cloudpickle.register_pickle_by_value(sys.modules[__name__])


class CommandFailed(Exception):
    """`spark-lambda ...` exited non-zero; the message is what it printed on stderr."""


@dataclass
class Case:
    name: str                         # the bad input
    run: Callable                     # run(env): does the bad thing
    error: type                       # the error it must raise
    says: tuple                       # fragments of the message: the problem, then what to do
    needs: tuple = ()                 # fixtures the case uses (beyond sc, tmp_path)
    writes: bool = False              # it saves to env.out: nothing there may look complete


class Env:
    def __init__(self, request, tmp_path, capsys):
        self.request, self.tmp_path, self.capsys = request, tmp_path, capsys
        self.out = str(tmp_path / "out")
        self.made: list = []   # contexts the case started and may leave running

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)

    @property
    def sc(self) -> SparkContext:
        if "_sc" not in vars(self):
            self._sc = self.context("local[2]")
        return self._sc

    def conf(self, **settings) -> SparkConf:
        conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(self.tmp_path / "local"))
        for k, v in settings.items():
            conf.set(k, v)
        return conf

    def context(self, master="local[1]", **settings) -> SparkContext:
        sc = self.new_context(master, **{k.replace(".", "_"): v for k, v in settings.items()})
        self.made.append(sc)
        return sc

    def cli(self, *args) -> None:
        from spark_lambda import conf
        from spark_lambda.cli import main
        try:
            code = main(list(args))
        finally:
            conf.set_launch_properties({})
        if code != 0:
            raise CommandFailed(self.capsys.readouterr().err)

    def lambda_conf_with(self, **settings) -> SparkConf:
        conf = self.lambda_conf.copy()
        for k, v in settings.items():
            conf.set(k, v)
        return conf


# --- what the cases run ---------------------------------------------------------------------

def _divide(x):
    return 10 // (x - 5)


def _uses_context(sc):
    sc.parallelize([1]).map(lambda x: sc.parallelize([x])).collect()


def _unpicklable(env):
    lock = threading.Lock()

    def uses_lock(x):
        with lock:
            return x
    env.sc.parallelize(range(4), 2).map(uses_lock).saveAsTextFile(env.out)


def _existing_output(env):
    os.makedirs(env.out)
    with open(os.path.join(env.out, "keep.txt"), "w") as f:
        f.write("old")
    try:
        env.sc.parallelize([1]).saveAsTextFile(env.out)
    finally:
        with open(os.path.join(env.out, "keep.txt")) as f:
            assert f.read() == "old"      # the old output is untouched
        os.remove(os.path.join(env.out, "keep.txt"))


def _corrupt_every_map_output(env):
    sc = env.context()
    work = sc.work_url[len("file://"):]
    kinds, damaged = {}, set()

    def corrupt(name, fields):
        if name == "stage_submitted":
            kinds[fields["stage"]] = fields["kind"]
        if name == "stage_completed" and kinds.get(fields["stage"]) == "map":
            for path in set(glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data"))) - damaged:
                with open(path, "r+b") as f:
                    f.seek(os.path.getsize(path) // 2)
                    f.write(b"\xff\x00\xff")
                damaged.add(path)
    sc.add_listener(corrupt)
    sc.parallelize([(i % 5, i) for i in range(100)], 2).reduceByKey(add).saveAsTextFile(env.out)


def _no_credentials(env):
    env.moto_server
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.monkeypatch.delenv(name, raising=False)
    env.monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(env.tmp_path / "none"))
    env.monkeypatch.setenv("AWS_CONFIG_FILE", str(env.tmp_path / "none"))
    env.monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    env.context(**{"spark.shuffle.s3.enabled": "true", "spark.shuffle.s3.bucket": "s3://any-bucket/x"})


def _lambda_context(env, **settings):
    SparkContext(conf=env.lambda_conf_with(**settings)).stop()


def _on_lambda(env, action):
    with SparkContext(conf=env.lambda_conf_with()) as sc:
        action(sc)


CASES = [
    # --- the command line and the master URL
    Case("wrong master URL", lambda env: SparkContext("yarn://cluster", conf=env.conf()), ConfigurationError,
         ("Unknown master URL 'yarn://cluster'", "lambda://FUNCTION")),
    Case("local master with no workers", lambda env: SparkContext("local[0]", conf=env.conf()),
         ConfigurationError, ("asks for 0 workers", "local[N] with N >= 1")),
    Case("missing application file", lambda env: env.cli("submit", str(env.tmp_path / "nope.py")), CommandFailed,
         ("nope.py does not exist", "path of the program's .py file")),
    Case("--conf without '='", lambda env: env.cli("submit", "--conf", "spark.default.parallelism", __file__),
         CommandFailed, ("is not KEY=VALUE", "--conf spark.default.parallelism=8")),
    Case("mistyped configuration key on the command line",
         lambda env: env.cli("submit", "--conf", "spark.lambda.functon.name=x", __file__), CommandFailed,
         ("Unknown configuration key spark.lambda.functon.name", "Did you mean spark.lambda.function.name")),
    # --- configuration
    Case("mistyped configuration key", lambda env: env.conf(**{"spark.lambda.concurent.requests.max": "4"}),
         ConfigurationError, ("Unknown configuration key", "Did you mean spark.lambda.concurrent.requests.max")),
    Case("wrong type (int)", lambda env: env.conf(**{"spark.task.maxFailures": "four"}), ConfigurationError,
         ("spark.task.maxFailures='four' is not a valid int", "Attempts of one task")),
    Case("wrong type (bool)", lambda env: env.conf(**{"spark.shuffle.s3.enabled": "maybe"}), ConfigurationError,
         ("spark.shuffle.s3.enabled='maybe' is not a valid bool", "true or false")),
    Case("wrong type (size)", lambda env: env.conf(**{"spark.python.worker.memory": "lots"}), ConfigurationError,
         ("is not a valid size", "512m, 2g")),
    Case("unknown shuffle compression codec", lambda env: env.context(**{"spark.io.compression.codec": "snappy"}),
         ConfigurationError, ("Unknown compression codec 'snappy'", "lz4, zlib or none")),
    Case("S3 shuffle without a bucket", lambda env: env.context(**{"spark.shuffle.s3.enabled": "true"}),
         ConfigurationError, ("no bucket is set", "spark.shuffle.s3.bucket")),
    # --- the program
    Case("user function raising", lambda env: env.sc.parallelize(range(10), 2).map(_divide).saveAsTextFile(env.out),
         ZeroDivisionError, ("failed 4 times", "spark.task.maxFailures=4", "Remote traceback", "_divide"),
         writes=True),
    Case("unpicklable closure", _unpicklable, ClosurePicklingError,
         ("Could not serialize", "lock", "create locks, sockets, files and clients inside the function"),
         writes=True),
    Case("non-pair RDD to reduceByKey", lambda env: env.sc.parallelize([1, 2, 3], 1).reduceByKey(add).collect(),
         TypeError, ("needs an RDD of (key, value) pairs", "keyBy(f)")),
    Case("non-pair RDD to sortByKey", lambda env: env.sc.parallelize([3, 1, 2], 2).sortByKey().collect(),
         TypeError, ("needs an RDD of (key, value) pairs", "found the record", "keyBy(f)")),
    Case("non-pair RDD to join",
         lambda env: env.sc.parallelize([1, 2], 1).join(env.sc.parallelize([(1, 2)], 1)).collect(),
         TypeError, ("needs an RDD of (key, value) pairs", "found the record 1", "map(lambda x: (key, value))")),
    Case("zero partitions", lambda env: env.sc.parallelize(range(3), 0), ConfigurationError,
         ("number of partitions must be a positive integer, got 0",)),
    Case("negative partitions", lambda env: env.sc.parallelize([(1, 1)]).reduceByKey(add, -2), ConfigurationError,
         ("number of partitions must be a positive integer, got -2",)),
    Case("reduce of empty input", lambda env: env.sc.parallelize([], 2).reduce(add), ValueError,
         ("Can not reduce() empty RDD", "fold() with a zero value")),
    Case("first of empty input", lambda env: env.sc.parallelize([], 2).first(), ValueError,
         ("RDD is empty", "isEmpty()")),
    Case("SparkContext used inside a task", lambda env: _uses_context(env.sc), ClosurePicklingError,
         ("SparkContext can only be used on the driver", "not in code that runs on executors")),
    # --- files
    Case("missing input path", lambda env: env.sc.textFile(str(env.tmp_path / "missing.txt")), InputError,
         ("does not exist or matches no file", "Check the path")),
    Case("input glob matching nothing", lambda env: env.sc.textFile(str(env.tmp_path / "none-*.txt")), InputError,
         ("matches no file", "Check the path")),
    Case("existing output path", _existing_output, OutputExistsError,
         ("already exists", "Choose a new path, or delete the old output first")),
    Case("unknown output compression codec",
         lambda env: env.sc.parallelize(["a"]).saveAsTextFile(env.out, "snappy"), ConfigurationError,
         ("Unsupported compression codec class 'snappy'", "GzipCodec"), writes=True),
    Case("corrupted shuffle object", _corrupt_every_map_output, JobFailedError,
         ("kept failing to fetch shuffle", "integrity check", "check the bucket's lifecycle rules"), writes=True),
    # --- AWS
    Case("missing bucket",
         lambda env: env.moto_server and env.context(**{"spark.shuffle.s3.enabled": "true",
                                                      "spark.shuffle.s3.bucket": "s3://no-such-bucket-here/x"}),
         StoreError, ("Bucket s3://no-such-bucket-here does not exist", "spark.shuffle.s3.bucket")),
    Case("missing credentials", _no_credentials, StoreError, ("No AWS credentials", "set AWS_PROFILE"),
         needs=("monkeypatch",)),
    Case("lambda master with the shuffle on local disk",
         lambda env: SparkContext("lambda://fn", conf=env.conf()), ConfigurationError,
         ("on this machine's disk", "spark.shuffle.s3.enabled=true")),
    Case("function that does not exist",
         lambda env: _lambda_context(env, **{"spark.master": "lambda://no-such-function"}), ConfigurationError,
         ("Lambda function no-such-function does not exist", "spark-lambda deploy")),
    Case("code package version mismatch",
         lambda env: _lambda_context(env, **{"spark.lambda.spark.software.version": "9.9"}), ConfigurationError,
         ("code package is version 0.1.0-test but spark.lambda.spark.software.version is 9.9",
          "spark-lambda deploy")),
    Case("payload limit over Lambda's",
         lambda env: _lambda_context(env, **{"spark.lambda.payload.inline.max": "7m"}), ConfigurationError,
         ("over Lambda's invocation payload limit", "6000k or less")),
    Case("local input path on a lambda master",
         lambda env: _on_lambda(env, lambda sc: sc.textFile(str(env.tmp_path / "local.txt"))), ConfigurationError,
         ("on this machine's disk", "use an s3:// path")),
]


def test_the_catalogue_has_at_least_twenty_cases():
    assert len(CASES) >= 20 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, request, tmp_path, capsys):
    env = Env(request, tmp_path, capsys)
    with pytest.raises(case.error) as info:
        case.run(env)
    message = str(info.value)
    for fragment in case.says:
        assert fragment in message, f"{case.name}: {fragment!r} not in {message!r}"
    assert SparkContext._active is None or SparkContext._active in env.made   # no half-started context
    if case.writes:
        left = [os.path.relpath(os.path.join(d, f), env.out) for d, _, files in os.walk(env.out) for f in files]
        assert left == [], f"{case.name} left {left}"


def test_the_readme_lists_every_case():
    readme = open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md"),
                  encoding="utf-8").read()
    section = readme.split("## When things go wrong", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    assert rows[1:] == [c.name.replace("--conf", "`--conf`") for c in CASES]
