"""The execution role ``spark-lambda deploy`` creates when none is given.

Lambda may assume it; it may write the function's own logs and read, write
and list the named buckets (the code and shuffle bucket, plus any data
buckets given with ``--allow-bucket``), and nothing else.
"""

from __future__ import annotations

import json

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def policy(function_name: str, buckets: list[str]) -> dict:
    """The inline policy of the execution role."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:*:*:log-group:/aws/lambda/{function_name}:*"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
         "Resource": [f"arn:aws:s3:::{b}/*" for b in buckets]},
        {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{b}" for b in buckets]},
    ]}


def ensure_role(iam, function_name: str, buckets: list[str]) -> str:
    """Create (or update the policy of) role ``<function>-executor``; returns its ARN."""
    name = f"{function_name}-executor"[:64]
    try:
        arn = iam.get_role(RoleName=name)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST),
                              Description=f"Execution role of the spark-lambda function {function_name}")["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="spark-lambda-executor",
                        PolicyDocument=json.dumps(policy(function_name, sorted(set(buckets)))))
    return arn
