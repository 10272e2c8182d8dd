"""A day one on an account, against the emulator and moto's S3/IAM/STS server: deploy with a
created role, doctor all green, a job on S3 data using a --py-files module and a pip package
that is not in the code package, then destroy, which leaves nothing behind."""

from __future__ import annotations

import json
import textwrap

import boto3
import pytest

from spark_lambda.cli import main
from tests.submit import run_submit

BUCKET = "spark-lambda-life"
FUNCTION = "spark-lambda-life"
VERSION = "0.1.0-life"


def _conf_args():
    return ["--master", f"lambda://{FUNCTION}", "--conf", f"spark.lambda.s3.bucket=s3://{BUCKET}",
            "--conf", f"spark.lambda.spark.software.version={VERSION}",
            "--conf", "spark.shuffle.s3.enabled=true", "--conf", f"spark.shuffle.s3.bucket=s3://{BUCKET}/shuffle",
            "--conf", "spark.lambda.concurrent.requests.max=4"]


@pytest.fixture(scope="module")
def life(lambda_emulator):
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    yield
    from spark_lambda.deploy.destroy import destroy
    destroy(FUNCTION, "s3://" + BUCKET)   # in case a test stopped half way


def test_deploy_doctor_job_destroy(life, tmp_path, capsys):
    s3, lam, iam = boto3.client("s3"), boto3.client("lambda"), boto3.client("iam")
    # 1. deploy with a created role
    assert main(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", FUNCTION, "--memory", "512",
                 "--timeout", "60", "--version", VERSION, "--create-role"]) == 0
    out = capsys.readouterr()
    assert "using execution role arn:aws:iam::" in out.err
    role_arn = lam.get_function_configuration(FunctionName=FUNCTION)["Role"]
    role_name = role_arn.rsplit("/", 1)[1]
    assert role_name == f"{FUNCTION}-executor"
    document = iam.get_role_policy(RoleName=role_name, PolicyName="spark-lambda-executor")["PolicyDocument"]
    resources = json.dumps(document)
    assert f"arn:aws:s3:::{BUCKET}/shuffle/*" in resources and f"/aws/lambda/{FUNCTION}" in resources
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"lambda/functions/{FUNCTION}.json")["Body"].read())
    assert manifest["role_created"] is True and manifest["package_key"] == f"lambda/spark-lambda-{VERSION}.zip"
    assert lam.get_function(FunctionName=FUNCTION)["Tags"]["spark-lambda:manifest"] == \
        f"s3://{BUCKET}/lambda/functions/{FUNCTION}.json"

    # 2. doctor: every check green
    assert main(["doctor", *_conf_args()]) == 0
    report = capsys.readouterr().out
    lines = [line for line in report.splitlines() if line.startswith("  ") and not line.startswith("        ")]
    assert len(lines) == 7, report
    assert all(line.split()[0] == "ok" for line in lines), report
    assert "round trip" in report and report.rstrip().endswith("all checks passed")

    # 3. a job on S3 data with a --py-files module and a pip package the code package lacks
    s3.put_object(Bucket=BUCKET, Key="data/words.txt", Body=b"a b c a b a\nd e a\n")
    module = tmp_path / "life_words.py"
    module.write_text("def shout(word):\n    return word.upper()\n")
    app = tmp_path / "life_job.py"
    app.write_text(textwrap.dedent(f"""
        import sys
        from spark_lambda import SparkContext

        def count(words):
            import toolz            # shipped with spark.lambda.pip.packages
            import life_words      # shipped with --py-files
            return list(toolz.frequencies(life_words.shout(w) for w in words).items())

        sc = SparkContext()
        words = sc.textFile(sys.argv[1], 2).flatMap(str.split)
        totals = words.mapPartitions(count).reduceByKey(lambda a, b: a + b)
        print(sorted(totals.collect()))
        sc.stop()
    """))
    done = run_submit(*_conf_args(), "--py-files", module, "--conf", "spark.lambda.pip.packages=toolz",
                      app, f"s3://{BUCKET}/data/words.txt")
    assert done.stdout.strip().splitlines()[-1] == "[('A', 4), ('B', 2), ('C', 1), ('D', 1), ('E', 1)]"
    with pytest.raises(ImportError):   # not in the code package, so only the application's bundle had it
        __import__("toolz")
    s3.delete_object(Bucket=BUCKET, Key="data/words.txt")

    # 4. destroy: nothing left of function, role, package or manifest
    assert main(["destroy", "--function-name", FUNCTION]) == 0     # the bucket comes from the tag
    removed = capsys.readouterr().out
    assert f"deleted role {role_name}" in removed
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function(FunctionName=FUNCTION)
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName=role_name)
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_a_role_given_with_role_is_kept(life, capsys):
    iam = boto3.client("iam")
    from spark_lambda.deploy.iam import TRUST
    arn = iam.create_role(RoleName="users-own-role", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    name = FUNCTION + "-own"
    assert main(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", name, "--memory", "256",
                 "--version", VERSION + "-own", "--role", arn]) == 0
    assert boto3.client("lambda").get_function_configuration(FunctionName=name)["Role"] == arn
    assert main(["destroy", "--function-name", name, "--bucket", f"s3://{BUCKET}"]) == 0
    assert "kept role " + arn in capsys.readouterr().out
    assert iam.get_role(RoleName="users-own-role")["Role"]["Arn"] == arn
    iam.delete_role(RoleName="users-own-role")


def test_a_new_function_needs_a_role_choice(life, capsys):
    assert main(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", FUNCTION + "-none"]) == 1
    assert "pass --create-role" in capsys.readouterr().err


def test_template_uploads_the_package_and_creates_nothing(life, capsys):
    name = FUNCTION + "-tpl"
    assert main(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", name, "--version", VERSION + "-tpl",
                 "--arch", "arm64", "--template"]) == 0
    doc = json.loads(capsys.readouterr().out)
    props = doc["Resources"]["Function"]["Properties"]
    assert props["Architectures"] == ["arm64"] and props["FunctionName"] == name
    assert props["Code"] == {"S3Bucket": BUCKET, "S3Key": f"lambda/spark-lambda-{VERSION}-tpl.zip"}
    s3 = boto3.client("s3")
    s3.head_object(Bucket=BUCKET, Key=props["Code"]["S3Key"])
    with pytest.raises(boto3.client("lambda").exceptions.ResourceNotFoundException):
        boto3.client("lambda").get_function(FunctionName=name)
    s3.delete_object(Bucket=BUCKET, Key=props["Code"]["S3Key"])


def test_a_missing_code_bucket_is_a_clear_error(life, capsys):
    assert main(["deploy", "--bucket", "s3://no-such-code-bucket", "--function-name", FUNCTION + "-nb",
                 "--version", VERSION, "--create-role"]) == 1
    err = capsys.readouterr().err
    assert "Cannot upload the code package to s3://no-such-code-bucket/lambda/" in err
    assert "aws s3 mb s3://no-such-code-bucket" in err


def test_an_existing_role_of_that_name_is_not_destroyed(life, capsys):
    from spark_lambda.deploy.iam import TRUST
    iam = boto3.client("iam")
    name = FUNCTION + "-pre"
    iam.create_role(RoleName=f"{name}-executor", AssumeRolePolicyDocument=json.dumps(TRUST))
    assert main(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", name, "--memory", "256",
                 "--version", VERSION + "-pre", "--create-role"]) == 0
    assert "(it existed; its policy was replaced)" in capsys.readouterr().err
    assert main(["destroy", "--function-name", name]) == 0
    assert "kept role" in capsys.readouterr().out
    assert iam.get_role(RoleName=f"{name}-executor")["Role"]["RoleName"] == f"{name}-executor"
    iam.delete_role_policy(RoleName=f"{name}-executor", PolicyName="spark-lambda-executor")
    iam.delete_role(RoleName=f"{name}-executor")
