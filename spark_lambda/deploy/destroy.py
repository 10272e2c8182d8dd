"""``spark-lambda destroy``: remove what ``spark-lambda deploy`` created.

Called by the command line. The code bucket is ``--bucket`` or, when absent,
the one named by the function's ``spark-lambda:manifest`` tag. Steps, each
skipped when there is nothing to remove:

1. read the manifest ``lambda/functions/<function>.json`` that deploy wrote;
2. delete the function;
3. delete the execution role and its policies, only if deploy created it
   (a role given with ``--role`` is the user's and stays);
4. delete the code package object, unless another function's manifest in the
   same bucket still uses it; then the manifest itself.

The bucket stays: it holds the user's data and was not made by deploy.
Returns the lines describing what was removed.
"""

from __future__ import annotations

import json

from ..errors import ConfigurationError
from . import MANIFEST_TAG, iam, manifest_key, read_manifest


def _bucket_from_tag(client, function_name: str) -> str | None:
    try:
        tags = client.get_function(FunctionName=function_name).get("Tags") or {}
    except client.exceptions.ResourceNotFoundException:
        return None
    url = tags.get(MANIFEST_TAG)
    return iam.split_s3(url)[0] if url else None


def _package_in_use(s3, bucket: str, key: str, function_name: str) -> bool:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="lambda/functions/")
    for page in pages:
        for obj in page.get("Contents", []):
            if obj["Key"] == manifest_key(function_name):
                continue
            other = json.loads(s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
            if other.get("package_key") == key:
                return True
    return False


def destroy(function_name: str = "spark-lambda", bucket: str | None = None) -> list[str]:
    """Remove the function, the role deploy created and the package; returns what was removed."""
    import boto3
    client = boto3.client("lambda")
    bucket = iam.split_s3(bucket)[0] if bucket else _bucket_from_tag(client, function_name)
    if not bucket:
        raise ConfigurationError(
            f"Function {function_name} does not exist (or carries no {MANIFEST_TAG} tag), so the code "
            "bucket is unknown: give it with --bucket s3://BUCKET.")
    s3 = boto3.client("s3")
    manifest = read_manifest(s3, bucket, function_name) or {}
    done = []
    try:
        client.delete_function(FunctionName=function_name)
        done.append(f"deleted function {function_name}")
    except client.exceptions.ResourceNotFoundException:
        pass
    if manifest.get("role_created") and manifest.get("role_name"):
        if iam.delete_role(boto3.client("iam"), manifest["role_name"]):
            done.append(f"deleted role {manifest['role_name']}")
    elif manifest.get("role"):
        done.append(f"kept role {manifest['role']} (given with --role, not created by deploy)")
    key = manifest.get("package_key")
    if key and not _package_in_use(s3, bucket, key, function_name):
        s3.delete_object(Bucket=bucket, Key=key)
        done.append(f"deleted s3://{bucket}/{key}")
    elif key:
        done.append(f"kept s3://{bucket}/{key} (another function's manifest uses it)")
    if manifest:
        s3.delete_object(Bucket=bucket, Key=manifest_key(function_name))
        done.append(f"deleted s3://{bucket}/{manifest_key(function_name)}")
    return done
