"""``spark-lambda deploy --template``: the deployment as a CloudFormation template.

Called by the ``deploy`` command after the code package is uploaded. The
template declares what ``deploy`` would otherwise create through the API: the
function's log group, its execution role with the same least-privilege
policy (``iam.policy``, with the account and region left to CloudFormation's
``AWS::AccountId`` and ``AWS::Region``), and the function itself, reading its
code from the package object in the code bucket. With ``--role ARN`` no role
is declared and the function uses that one. It is plain CloudFormation (JSON),
which ``aws cloudformation deploy`` and ``sam deploy`` both accept.
"""

from __future__ import annotations

from . import HANDLER, MANIFEST_TAG, DeployOptions, iam, manifest_key, package_key, python_version


def _sub(value):
    """Wrap strings that name ${AWS::...} pseudo parameters in Fn::Sub, recursively."""
    if isinstance(value, str) and "${" in value:
        return {"Fn::Sub": value}
    if isinstance(value, list):
        return [_sub(v) for v in value]
    if isinstance(value, dict):
        return {k: _sub(v) for k, v in value.items()}
    return value


def template(opts: DeployOptions, version: str, python: str | None = None) -> dict:
    """The CloudFormation template for the function of ``opts`` running package ``version``
    on Python ``python`` (default: the driver's, which the executors must match)."""
    name = opts.function_name
    resources: dict = {
        "LogGroup": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete",
                     "UpdateReplacePolicy": "Delete",
                     "Properties": {"LogGroupName": f"/aws/lambda/{name}", "RetentionInDays": 30}},
    }
    if opts.role:
        role = opts.role
    else:
        document = iam.policy(name, opts.bucket_name, opts.shuffle_url, "${AWS::Region}", "${AWS::AccountId}",
                              opts.allow_buckets)
        resources["ExecutionRole"] = {"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": iam.role_name(name), "AssumeRolePolicyDocument": iam.TRUST,
            "Description": f"Execution role of the spark-lambda function {name}",
            "Policies": [{"PolicyName": iam.POLICY_NAME, "PolicyDocument": _sub(document)}]}}
        role = {"Fn::GetAtt": ["ExecutionRole", "Arn"]}
    resources["Function"] = {"Type": "AWS::Lambda::Function", "DependsOn": "LogGroup", "Properties": {
        "FunctionName": name, "Description": "spark-lambda executors", "Handler": HANDLER,
        "Runtime": f"python{python or python_version()}", "Architectures": [opts.architecture],
        "MemorySize": opts.memory, "Timeout": opts.timeout, "Role": role,
        "Code": {"S3Bucket": opts.bucket_name, "S3Key": package_key(version)},
        "Tags": [{"Key": MANIFEST_TAG, "Value": f"s3://{opts.bucket_name}/{manifest_key(name)}"}]}}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"spark-lambda {version}: the executors' Lambda function {name}, its role and logs "
                       f"(code package s3://{opts.bucket_name}/{package_key(version)})",
        "Resources": resources,
        "Outputs": {"FunctionArn": {"Description": "The executors' function",
                                    "Value": {"Fn::GetAtt": ["Function", "Arn"]}}},
    }
