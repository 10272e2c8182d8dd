"""``spark-lambda deploy``: build the code package, upload it, create or update the function.

1. build the zip (``package.py``) for the driver's Python and Lambda's platform;
2. upload it to ``s3://BUCKET/lambda/spark-lambda-<version>.zip``;
3. create the function from that object (with ``--role``, or a least-privilege
   role made by ``iam.py``), or update its code and configuration if it exists;
4. wait until it is Active and its last update Successful;
5. return the ``--conf`` lines a program needs to run on it.

Every AWS call goes through boto3, so ``AWS_ENDPOINT_URL_LAMBDA`` /
``AWS_ENDPOINT_URL_S3`` point it at the emulator and a local S3 endpoint.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field

from ..errors import ConfigurationError
from .iam import ensure_role
from .package import build_package

HANDLER = "spark_lambda.handler.handler"
ROLE_PROPAGATION_S = 60


@dataclass
class DeployOptions:
    bucket: str                       # s3://BUCKET (a bare name is accepted)
    function_name: str = "spark-lambda"
    memory: int = 2048
    timeout: int = 300
    role: str | None = None
    version: str | None = None
    architecture: str = "x86_64"
    allow_buckets: list = field(default_factory=list)
    package: str | None = None        # a zip already built by build_package, to reuse

    @property
    def bucket_name(self) -> str:
        name = self.bucket.split("://", 1)[-1].strip("/").split("/", 1)[0]
        if not name:
            raise ConfigurationError(f"--bucket {self.bucket!r} names no bucket; write it as s3://BUCKET.")
        return name


def _create(client, opts: DeployOptions, role: str, key: str, runtime: str) -> None:
    deadline = time.time() + ROLE_PROPAGATION_S
    while True:
        try:
            client.create_function(
                FunctionName=opts.function_name, Runtime=runtime, Role=role, Handler=HANDLER,
                Code={"S3Bucket": opts.bucket_name, "S3Key": key}, Timeout=opts.timeout,
                MemorySize=opts.memory, Architectures=[opts.architecture],
                Description="spark-lambda executors")
            return
        except client.exceptions.InvalidParameterValueException as e:
            # a new role takes a few seconds before Lambda may assume it
            if "cannot be assumed" not in str(e) or time.time() > deadline:
                raise
            time.sleep(2)


def _upload(path: str, bucket: str, key: str, log) -> None:
    import boto3
    log(f"uploading {os.path.getsize(path)} bytes to s3://{bucket}/{key}")
    boto3.client("s3").upload_file(path, bucket, key)


def deploy(opts: DeployOptions, log=print) -> list[str]:
    """Deploy the function; returns the ``--conf`` lines to use it."""
    import boto3
    from .. import __version__
    version = opts.version or __version__
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    key = f"lambda/spark-lambda-{version}.zip"
    if opts.package is not None:
        _upload(opts.package, opts.bucket_name, key, log)
    else:
        with tempfile.TemporaryDirectory(prefix="spark-lambda-deploy-") as tmp:
            path = os.path.join(tmp, os.path.basename(key))
            log(f"building the code package for Python {python} on {opts.architecture}")
            build_package(path, version, python, opts.architecture)
            _upload(path, opts.bucket_name, key, log)
    client = boto3.client("lambda")
    runtime = f"python{python}"
    try:
        client.get_function_configuration(FunctionName=opts.function_name)
        exists = True
    except client.exceptions.ResourceNotFoundException:
        exists = False
    role = opts.role
    if role is None and not exists:
        role = ensure_role(boto3.client("iam"), opts.function_name, [opts.bucket_name, *opts.allow_buckets])
        log(f"using execution role {role}")
    if exists:
        log(f"updating function {opts.function_name}")
        client.update_function_code(FunctionName=opts.function_name, S3Bucket=opts.bucket_name, S3Key=key)
        client.get_waiter("function_updated_v2").wait(FunctionName=opts.function_name)
        settings = dict(Runtime=runtime, Handler=HANDLER, Timeout=opts.timeout, MemorySize=opts.memory)
        if role:
            settings["Role"] = role
        client.update_function_configuration(FunctionName=opts.function_name, **settings)
    else:
        log(f"creating function {opts.function_name}")
        _create(client, opts, role, key, runtime)
    client.get_waiter("function_active_v2").wait(FunctionName=opts.function_name)
    client.get_waiter("function_updated_v2").wait(FunctionName=opts.function_name)
    return conf_lines(opts, version)


def conf_lines(opts: DeployOptions, version: str) -> list[str]:
    """The submit options that run a program on the deployed function."""
    return [f"--master lambda://{opts.function_name}",
            f"--conf spark.lambda.s3.bucket=s3://{opts.bucket_name}",
            f"--conf spark.lambda.spark.software.version={version}",
            "--conf spark.shuffle.s3.enabled=true",
            f"--conf spark.shuffle.s3.bucket=s3://{opts.bucket_name}/shuffle"]
