"""The execution role's policy names its resources; the CloudFormation template passes cfn-lint."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from spark_lambda.deploy import DeployOptions
from spark_lambda.deploy.iam import policy
from spark_lambda.deploy.template import template


def _statements(doc):
    return doc["Statement"]


def _listed(value):
    return value if isinstance(value, list) else [value]


# an object ARN may end in "/*" after a named bucket (and prefix); a log group ARN in
# ":log-stream:*"; nothing else may hold a wildcard
_NAMED = re.compile(r"arn:aws:(s3:::[a-z0-9.\-]+(/[A-Za-z0-9_.\-/]+)?/\*"
                    r"|logs:[a-z0-9\-]+:\d{12}:log-group:/aws/lambda/[A-Za-z0-9_\-]+:log-stream:\*)")


def test_policy_has_no_wildcard_action_or_resource():
    doc = policy("fn", "code-bucket", "s3://work-bucket/shuffle/app", "eu-west-1", "123456789012",
                 ["data", "s3://logs-bucket/in"])
    actions = [a for s in _statements(doc) for a in _listed(s["Action"])]
    resources = [r for s in _statements(doc) for r in _listed(s["Resource"])]
    assert not any("*" in a for a in actions)
    for r in resources:
        assert "*" not in r or _NAMED.fullmatch(r), r
    assert all(s["Effect"] == "Allow" for s in _statements(doc))
    by_sid = {s["Sid"]: s for s in _statements(doc)}
    assert by_sid["CodePackage"] == {"Sid": "CodePackage", "Effect": "Allow", "Action": ["s3:GetObject"],
                                     "Resource": "arn:aws:s3:::code-bucket/lambda/*"}
    assert by_sid["ShuffleObjects"]["Resource"] == "arn:aws:s3:::work-bucket/shuffle/app/*"
    assert sorted(by_sid["ShuffleObjects"]["Action"]) == ["s3:AbortMultipartUpload", "s3:DeleteObject",
                                                          "s3:GetObject", "s3:PutObject"]
    assert by_sid["ShuffleList"]["Condition"] == {"StringLike": {"s3:prefix": ["shuffle/app/*"]}}
    assert by_sid["OwnLogs"]["Resource"] == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fn"
    assert by_sid["DataObjects1"]["Resource"] == "arn:aws:s3:::data/*"
    assert "Condition" not in by_sid["DataList1"]
    assert by_sid["DataObjects2"]["Resource"] == "arn:aws:s3:::logs-bucket/in/*"
    assert by_sid["DataList2"]["Condition"] == {"StringLike": {"s3:prefix": ["in/*"]}}


def test_policy_without_data_buckets_grants_no_other_bucket():
    doc = policy("fn", "b", "s3://b/shuffle", "us-east-1", "123456789012")
    resources = {r for s in _statements(doc) for r in _listed(s["Resource"]) if r.startswith("arn:aws:s3")}
    assert resources == {"arn:aws:s3:::b/lambda/*", "arn:aws:s3:::b/shuffle/*", "arn:aws:s3:::b"}


def _cfn_lint(path):
    exe = shutil.which("cfn-lint") or None
    cmd = [exe] if exe else [sys.executable, "-m", "cfnlint"]
    return subprocess.run(cmd + [str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("role", [None, "arn:aws:iam::123456789012:role/mine"])
def test_template_passes_cfn_lint(tmp_path, role):
    pytest.importorskip("cfnlint", reason="cfn-lint is in the test extra: pip install -e '.[test]'")
    opts = DeployOptions(bucket="s3://my-code", function_name="spark-lambda", role=role, architecture="arm64",
                         allow_buckets=["my-data"])
    doc = template(opts, "0.1.0", python="3.13")
    path = tmp_path / "template.json"
    path.write_text(json.dumps(doc, indent=2))
    done = _cfn_lint(path)
    assert done.returncode == 0, done.stdout + done.stderr
    fn = doc["Resources"]["Function"]["Properties"]
    assert fn["Code"] == {"S3Bucket": "my-code", "S3Key": "lambda/spark-lambda-0.1.0.zip"}
    assert fn["Architectures"] == ["arm64"]
    assert ("ExecutionRole" in doc["Resources"]) == (role is None)
    assert fn["Role"] == (role or {"Fn::GetAtt": ["ExecutionRole", "Arn"]})


def test_cfn_lint_catches_a_broken_template(tmp_path):
    pytest.importorskip("cfnlint")
    doc = template(DeployOptions(bucket="s3://my-code"), "0.1.0", python="3.13")
    doc["Resources"]["Function"]["Properties"]["MemorySize"] = 64
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    done = _cfn_lint(path)
    assert done.returncode != 0 and "64 is less than the minimum of 128" in done.stdout


def test_template_policy_is_the_deploy_policy_with_pseudo_parameters():
    doc = template(DeployOptions(bucket="s3://b"), "0.1.0")
    statements = doc["Resources"]["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    logs = next(s for s in statements if s["Sid"] == "OwnLogs")
    assert logs["Resource"] == {
        "Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/spark-lambda"}
    plain = policy("spark-lambda", "b", "s3://b/shuffle", "${AWS::Region}", "${AWS::AccountId}")
    assert [s["Sid"] for s in statements] == [s["Sid"] for s in plain["Statement"]]
