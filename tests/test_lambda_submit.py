"""`spark-lambda submit --master lambda://...` runs an example program on the deployed function."""

import os
from collections import Counter

import boto3
import pytest

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def clean_launch():
    yield
    from spark_lambda import conf
    conf.set_launch_properties({})


def test_submit_runs_an_example_on_lambda(lambda_conf, deployed_function, capsys, clean_launch):
    from spark_lambda.cli import main
    boto3.client("s3").upload_file(os.path.join(ROOT, "README.md"), deployed_function["bucket"], "input/README.md")
    args = ["submit"]
    for k, v in lambda_conf.getAll():
        args += ["--conf", f"{k}={v}"]
    assert main(args + [os.path.join(ROOT, "examples", "wordcount.py"),
                        f"s3://{deployed_function['bucket']}/input/README.md"]) == 0
    printed = [line.split() for line in capsys.readouterr().out.splitlines() if line.strip()]
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        counts = Counter(f.read().split())
    top = sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:10]
    assert [(w, int(c)) for c, w in printed[-10:]] == top
