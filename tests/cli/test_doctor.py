"""``spark-lambda doctor``: what it prints for each failure it can detect, and that it never
prints a secret. The all-green run is in tests/deploy/test_lifecycle.py."""

from __future__ import annotations

import pytest

from spark_lambda.cli import main


def _args(deployed, **overrides):
    settings = {"spark.lambda.s3.bucket": f"s3://{deployed['bucket']}",
                "spark.lambda.spark.software.version": deployed["version"],
                "spark.shuffle.s3.enabled": "true",
                "spark.shuffle.s3.bucket": f"s3://{deployed['bucket']}/shuffle",
                "spark.lambda.concurrent.requests.max": "4"}
    settings.update(overrides)
    args = ["doctor", "--master", f"lambda://{deployed['function']}"]
    for k, v in settings.items():
        args += ["--conf", f"{k}={v}"]
    return args


def _run(capsys, args):
    code = main(args)
    out = capsys.readouterr().out
    rows = {}
    for line in out.splitlines():
        if line.startswith("  ") and not line.startswith("        "):
            status, rest = line.split(None, 1)
            rows[rest.split(":", 1)[0]] = (status, rest)
    return code, out, rows


def test_no_credentials(deployed_function, monkeypatch, tmp_path, capsys):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, out, rows = _run(capsys, _args(deployed_function))
    assert code == 1
    assert rows["credentials and region"][0] == "FAIL"
    assert "no AWS credentials were found" in out and "fix: run `aws configure`" in out
    assert [s for s, _ in rows.values()].count("skip") == 5


def test_no_region(deployed_function, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    code, out, rows = _run(capsys, _args(deployed_function))
    assert code == 1 and "no AWS region is set" in out and "fix: set AWS_REGION" in out


def test_missing_function(deployed_function, capsys):
    args = _args(deployed_function)
    args[2] = "lambda://no-such-function"
    code, out, rows = _run(capsys, args)
    assert code == 1
    assert rows["credentials and region"][0] == "ok" and "account 123456789012" in out
    assert rows["function no-such-function exists and is Active"][0] == "FAIL"
    assert "fix: deploy it: spark-lambda deploy --bucket s3://BUCKET --function-name no-such-function" in out
    assert rows["versions"][0] == "skip" and rows["round trip"][0] == "skip"


def test_version_mismatch(deployed_function, capsys):
    code, out, rows = _run(capsys, _args(deployed_function, **{"spark.lambda.spark.software.version": "9.9"}))
    assert code == 1
    assert rows[f"function {deployed_function['function']} exists and is Active"][0] == "ok"
    status, text = rows["runtime and code package match the driver"]
    assert status == "FAIL"
    assert "code package is version 0.1.0-test but spark.lambda.spark.software.version is 9.9" in text
    assert "fix: Redeploy from this driver's installation: spark-lambda deploy" in out
    assert "lambda/spark-lambda-9.9.zip is missing" in out


def test_unreachable_bucket(deployed_function, capsys):
    code, out, rows = _run(capsys, _args(deployed_function,
                                         **{"spark.shuffle.s3.bucket": "s3://no-such-bucket-here/shuffle"}))
    assert code == 1
    status, text = rows["work area takes write, read and delete"]
    assert status == "FAIL" and "StoreError: Bucket s3://no-such-bucket-here" in text
    assert "fix: create the bucket (aws s3 mb s3://BUCKET)" in out
    assert rows["round trip"][0] == "skip"


def test_shuffle_not_on_s3(deployed_function, capsys):
    code, out, rows = _run(capsys, _args(deployed_function, **{"spark.shuffle.s3.enabled": "false"}))
    assert code == 1 and "fix: set spark.shuffle.s3.enabled=true" in out


def test_concurrency_above_the_account_is_a_warning_and_no_secret_is_printed(deployed_function, capsys):
    secret = "doctor-secret-value-0451"
    code, out, rows = _run(capsys, _args(deployed_function, **{
        "spark.lambda.concurrent.requests.max": "100",
        "spark.hadoop.fs.s3n.awsAccessKeyId": "testing",
        "spark.hadoop.fs.s3n.awsSecretAccessKey": secret}))
    assert code == 0, out
    status, text = rows["account concurrency covers the in-flight cap"]
    assert status == "warn" and "100 invocations in flight, but the account allows 4" in text
    assert "lower spark.lambda.concurrent.requests.max to 4" in out
    assert rows["round trip"][0] == "ok"
    assert out.rstrip().endswith("all checks passed (1 warning)")
    assert secret not in out


def test_a_local_master_is_refused(capsys):
    assert main(["doctor", "--master", "local[2]"]) == 1
    assert "Give --master lambda://FUNCTION" in capsys.readouterr().err


pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
