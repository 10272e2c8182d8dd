"""RDD programs on lambda:// against the emulator, with the shuffle on moto's S3.

The function was created by ``spark-lambda deploy`` (the ``deployed_function``
fixture), so the executors run the code inside the deployed zip. Results are
compared with plain Python.
"""

import os
import sys
from collections import Counter, defaultdict
from operator import add

import boto3
import cloudpickle
import pytest

from spark_lambda import SparkContext
from spark_lambda.errors import ConfigurationError

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")

cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = "the quick brown fox jumps over the lazy dog and the dog sleeps while the fox runs".split()


@pytest.fixture(scope="module")
def lsc(lambda_conf, deployed_function):
    bucket = deployed_function["bucket"]
    s3 = boto3.client("s3")
    for name in ("README.md", "examples/data/links.txt"):
        s3.upload_file(os.path.join(ROOT, name), bucket, "input/" + name)
    context = SparkContext(conf=lambda_conf.copy().setAppName("lambda-programs"))
    yield context
    context.stop()


def _lines(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read().splitlines()


def test_word_count_from_s3(lsc, deployed_function):
    rdd = lsc.textFile(f"s3://{deployed_function['bucket']}/input/README.md", 3)
    counts = rdd.flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(add).collect()
    assert dict(counts) == Counter(w for line in _lines("README.md") for w in line.split())


def test_reduce_group_join_sort(lsc):
    pairs = [(w, i) for i, w in enumerate(WORDS)]
    rdd = lsc.parallelize(pairs, 4)
    expected_sum = defaultdict(int)
    expected_groups = defaultdict(list)
    for w, i in pairs:
        expected_sum[w] += i
        expected_groups[w].append(i)
    assert dict(rdd.reduceByKey(add, 3).collect()) == expected_sum
    assert {k: sorted(v) for k, v in rdd.groupByKey(2).collect()} == \
        {k: sorted(v) for k, v in expected_groups.items()}
    lengths = lsc.parallelize([(w, len(w)) for w in set(WORDS)], 2)
    joined = rdd.join(lengths, 3).collect()
    assert sorted(joined) == sorted((w, (i, len(w))) for w, i in pairs)
    assert rdd.sortByKey(numPartitions=3).keys().collect() == sorted(w for w, _ in pairs)


def test_pagerank_with_cache(lsc, deployed_function):
    edges = [tuple(line.split()[:2]) for line in _lines("examples/data/links.txt") if line.strip()]
    links = (lsc.textFile(f"s3://{deployed_function['bucket']}/input/examples/data/links.txt", 2)
             .map(lambda line: tuple(line.split()[:2])).distinct().groupByKey().cache())
    ranks = links.map(lambda kv: (kv[0], 1.0))
    for _ in range(3):
        contribs = links.join(ranks).flatMap(
            lambda kv: [(dst, kv[1][1] / len(list(kv[1][0]))) for dst in kv[1][0]])
        ranks = contribs.reduceByKey(add).mapValues(lambda r: 0.15 + 0.85 * r)
    got = dict(ranks.collect())
    # the same iterations in plain Python
    out = defaultdict(set)
    for src, dst in set(edges):
        out[src].add(dst)
    ref = {src: 1.0 for src in out}
    for _ in range(3):
        acc = defaultdict(float)
        for src, rank in ref.items():
            for dst in out[src]:
                acc[dst] += rank / len(out[src])
        ref = {k: 0.15 + 0.85 * v for k, v in acc.items()}
    assert got.keys() == ref.keys()
    assert all(abs(got[k] - ref[k]) < 1e-9 for k in ref)


def test_payloads_over_six_megabytes_go_through_the_store(lsc):
    big = [os.urandom(1000).hex() for _ in range(8000)]          # 16 MB of random text
    rdd = lsc.parallelize(big, 2)
    assert rdd.map(len).sum() == 16_000_000
    assert rdd.collect() == big                                  # 8 MB results per task


def test_executors_run_the_deployed_package(lsc):
    def where(_):
        import spark_lambda
        return os.environ["LAMBDA_TASK_ROOT"], spark_lambda.__file__, sys.path[:2]
    root, module_file, path = lsc.parallelize([0], 1).map(where).collect()[0]
    assert module_file == os.path.join(root, "spark_lambda", "__init__.py")
    assert os.path.isfile(os.path.join(root, "spark_lambda", "_package.json"))
    assert path[0] == root


def test_local_input_path_is_rejected_at_once(lsc):
    with pytest.raises(ConfigurationError, match="s3://"):
        lsc.textFile(os.path.join(ROOT, "README.md"))
    with pytest.raises(ConfigurationError, match="output path"):
        lsc.parallelize([1]).saveAsTextFile("/tmp/out-lambda-test")
