import pytest
"""`spark-lambda deploy` against the emulator and moto: create (fixture), then update in place."""

import boto3

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")


def test_redeploy_updates_the_existing_function(deployed_function, capsys):
    from spark_lambda.cli import main
    client = boto3.client("lambda")
    before = client.get_function_configuration(FunctionName=deployed_function["function"])
    assert before["Handler"] == "spark_lambda.executor.handler.handler"
    assert main(["deploy", "--bucket", "s3://" + deployed_function["bucket"], "--function-name",
                 deployed_function["function"], "--memory", "512", "--timeout", "60",
                 "--version", deployed_function["version"]]) == 0
    out = capsys.readouterr()
    assert "updating function" in out.err
    assert f"--conf spark.lambda.spark.software.version={deployed_function['version']}" in out.out
    after = client.get_function(FunctionName=deployed_function["function"])["Configuration"]
    assert after["RevisionId"] != before["RevisionId"]
    assert (after["State"], after["LastUpdateStatus"], after["MemorySize"]) == ("Active", "Successful", 512)
    key = f"lambda/spark-lambda-{deployed_function['version']}.zip"
    head = boto3.client("s3").head_object(Bucket=deployed_function["bucket"], Key=key)
    assert head["ContentLength"] == after["CodeSize"]
    r = client.invoke(FunctionName=deployed_function["function"], Payload=b'{"ping": {}}')
    assert "FunctionError" not in r
