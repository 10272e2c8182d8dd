"""The execution role ``spark-lambda deploy --create-role`` makes, and its policy.

Called by ``deploy`` (to create the role), ``template.py`` (the same policy in
a CloudFormation template) and ``destroy.py`` (to delete it). The policy
grants exactly what the function does, on named resources, and no action or
resource is a wildcard:

* read objects under the code bucket's ``lambda/`` prefix;
* read, write and delete objects under the shuffle prefix (the work area:
  shuffle blocks, stage code, payloads, added files), and list that prefix;
* read, write, delete and list the data locations named with ``--allow-bucket``
  (a bucket, or ``s3://BUCKET/prefix`` for only that prefix);
* create and write its own log group ``/aws/lambda/FUNCTION`` in this region
  and account.

An object ARN ends in ``prefix/*`` because S3 names objects by key; that is
the only ``*`` in the document, always after a named bucket and prefix.
"""

from __future__ import annotations

import json

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
POLICY_NAME = "spark-lambda-executor"
OBJECT_RW = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]


def role_name(function_name: str) -> str:
    return f"{function_name}-executor"[:64]


def split_s3(url: str) -> tuple[str, str]:
    """(bucket, prefix without slashes) of ``s3://BUCKET[/prefix]`` or a bare bucket name."""
    rest = url.split("://", 1)[-1].strip("/")
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix.strip("/")


def _objects(bucket: str, prefix: str) -> str:
    return f"arn:aws:s3:::{bucket}/{prefix}/*" if prefix else f"arn:aws:s3:::{bucket}/*"


def _list(sid: str, bucket: str, prefix: str) -> dict:
    statement = {"Sid": sid, "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": f"arn:aws:s3:::{bucket}"}
    if prefix:
        statement["Condition"] = {"StringLike": {"s3:prefix": [f"{prefix}/*"]}}
    return statement


def policy(function_name: str, code_bucket: str, shuffle: str, region: str, account: str,
           data_buckets: list[str] = ()) -> dict:
    """The role's inline policy; ``shuffle`` is ``s3://BUCKET[/prefix]``."""
    shuffle_bucket, shuffle_prefix = split_s3(shuffle)
    log_group = f"arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{function_name}"
    statements = [
        {"Sid": "OwnLogs", "Effect": "Allow", "Action": ["logs:CreateLogGroup"], "Resource": log_group},
        {"Sid": "OwnLogStreams", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": log_group + ":log-stream:*"},
        {"Sid": "CodePackage", "Effect": "Allow", "Action": ["s3:GetObject"],
         "Resource": _objects(code_bucket, "lambda")},
        {"Sid": "ShuffleObjects", "Effect": "Allow", "Action": OBJECT_RW,
         "Resource": _objects(shuffle_bucket, shuffle_prefix)},
        _list("ShuffleList", shuffle_bucket, shuffle_prefix),
    ]
    for n, (bucket, prefix) in enumerate(sorted({split_s3(b) for b in data_buckets}), 1):
        statements.append({"Sid": f"DataObjects{n}", "Effect": "Allow", "Action": OBJECT_RW,
                           "Resource": _objects(bucket, prefix)})
        statements.append(_list(f"DataList{n}", bucket, prefix))
    return {"Version": "2012-10-17", "Statement": statements}


def create_role(iam, function_name: str, document: dict) -> tuple[str, bool]:
    """Create (or update the policy of) role ``<function>-executor``; returns its ARN and
    whether it was created now (False: it existed, and its policy was replaced)."""
    name = role_name(function_name)
    try:
        arn, created = iam.get_role(RoleName=name)["Role"]["Arn"], False
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST),
                              Description=f"Execution role of the spark-lambda function {function_name}")["Role"]["Arn"]
        created = True
    iam.put_role_policy(RoleName=name, PolicyName=POLICY_NAME, PolicyDocument=json.dumps(document))
    return arn, created


def delete_role(iam, name: str) -> bool:
    """Delete role ``name`` and its inline policies; False when it does not exist."""
    try:
        for policy_name in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            iam.delete_role_policy(RoleName=name, PolicyName=policy_name)
        for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            iam.detach_role_policy(RoleName=name, PolicyArn=attached["PolicyArn"])
        iam.delete_role(RoleName=name)
        return True
    except iam.exceptions.NoSuchEntityException:
        return False
