"""Every configuration key the original Spark-on-Lambda README asks for is registered, with
how it maps here, and its example spark-submit settings are accepted unchanged."""

from spark_lambda import SparkConf
from spark_lambda.keys import REGISTRY

# the --conf lines of the original README's example, as written there
SEED_EXAMPLE = {
    "spark.dynamicAllocation.enabled": "true",
    "spark.dynamicAllocation.minExecutors": "2",
    "spark.shuffle.s3.enabled": "true",
    "spark.lambda.concurrent.requests.max": "100",
    "spark.hadoop.fs.s3n.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "spark.hadoop.fs.AbstractFileSystem.s3.impl": "org.apache.hadoop.fs.s3a.S3A",
    "spark.hadoop.fs.AbstractFileSystem.s3n.impl": "org.apache.hadoop.fs.s3a.S3A",
    "spark.hadoop.fs.AbstractFileSystem.s3a.impl": "org.apache.hadoop.fs.s3a.S3A",
    "spark.hadoop.qubole.aws.use.v4.signature": "true",
    "spark.hadoop.fs.s3a.fast.upload": "true",
    "spark.lambda.function.name": "spark-lambda",
    "spark.lambda.spark.software.version": "149",
    "spark.lambda.s3.bucket": "s3://bucket",
    "spark.shuffle.s3.bucket": "s3://bucket/shuffle",
    "spark.hadoop.fs.s3a.endpoint": "s3.us-east-1.amazonaws.com",
    "spark.hadoop.fs.s3n.awsAccessKeyId": "AKIDEXAMPLE",
    "spark.hadoop.fs.s3n.awsSecretAccessKey": "wJalrXUtnFEMI/K7MDENG",
}


def test_every_seed_key_is_registered_with_its_mapping():
    for name in SEED_EXAMPLE:
        assert name in REGISTRY, name
        assert REGISTRY[name].seed, f"{name} does not say how it maps to the original"


def test_the_seed_example_settings_are_accepted():
    conf = SparkConf(loadDefaults=False).setAll(SEED_EXAMPLE.items())
    assert conf.typed("spark.hadoop.fs.s3a.fast.upload") is True
    assert "wJalrXUtnFEMI" not in conf.toDebugString()


def test_ignored_keys_say_so():
    ignored = [k for k in REGISTRY.values() if k.seed.startswith("accepted and ignored")]
    assert {k.name for k in ignored} >= {"spark.hadoop.fs.s3.impl", "spark.hadoop.qubole.aws.use.v4.signature",
                                         "spark.hadoop.fs.s3a.fast.upload"}
