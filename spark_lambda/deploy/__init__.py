"""``spark-lambda deploy``: build the code package, upload it, create or update the function.

1. build the zip (``package.py``) for the driver's Python and the function's
   architecture (x86_64 or arm64: the matching manylinux wheels), checked
   against Lambda's size limits;
2. upload it to ``s3://BUCKET/lambda/spark-lambda-<version>.zip``;
3. with ``--template``: print a CloudFormation template for the role, policy,
   log group and function (``template.py``) and stop there;
4. otherwise create the function from that object (with ``--role ARN``, or
   with ``--create-role`` a least-privilege role made by ``iam.py``), or
   update its code and configuration if it exists;
5. record what was deployed, and whether the role was created here, in a
   manifest ``s3://BUCKET/lambda/functions/<function>.json`` that the
   function's tag ``spark-lambda:manifest`` points at (``destroy.py`` reads it);
6. wait until it is Active and its last update Successful;
7. return the ``--conf`` lines a program needs to run on it.

Every AWS call goes through boto3, so ``AWS_ENDPOINT_URL_LAMBDA`` /
``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL_IAM`` point it at the emulator
and local endpoints.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field

from ..errors import ConfigurationError
from . import iam
from .package import build_package, package_sizes

HANDLER = "spark_lambda.executor.handler.handler"
ROLE_PROPAGATION_S = 60
MANIFEST_TAG = "spark-lambda:manifest"


@dataclass
class DeployOptions:
    bucket: str                       # s3://BUCKET (a bare name is accepted)
    function_name: str = "spark-lambda"
    memory: int = 2048
    timeout: int = 300
    role: str | None = None
    create_role: bool = False
    version: str | None = None
    architecture: str = "x86_64"
    shuffle: str | None = None        # s3://BUCKET/prefix of the work area (default s3://BUCKET/shuffle)
    allow_buckets: list = field(default_factory=list)
    package: str | None = None        # a zip already built by build_package, to reuse
    extras: list = field(default_factory=list)   # optional extras packaged too (--with sql, --with pandas)

    @property
    def bucket_name(self) -> str:
        name = iam.split_s3(self.bucket)[0]
        if not name:
            raise ConfigurationError(f"--bucket {self.bucket!r} names no bucket; write it as s3://BUCKET.")
        return name

    @property
    def shuffle_url(self) -> str:
        if self.shuffle:
            bucket, prefix = iam.split_s3(self.shuffle)
            return f"s3://{bucket}/{prefix}".rstrip("/")
        return f"s3://{self.bucket_name}/shuffle"


def package_key(version: str) -> str:
    return f"lambda/spark-lambda-{version}.zip"


def manifest_key(function_name: str) -> str:
    return f"lambda/functions/{function_name}.json"


def python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _create(client, opts: DeployOptions, role: str, key: str, runtime: str) -> None:
    deadline = time.time() + ROLE_PROPAGATION_S
    while True:
        try:
            client.create_function(
                FunctionName=opts.function_name, Runtime=runtime, Role=role, Handler=HANDLER,
                Code={"S3Bucket": opts.bucket_name, "S3Key": key}, Timeout=opts.timeout,
                MemorySize=opts.memory, Architectures=[opts.architecture],
                Description="spark-lambda executors",
                Tags={MANIFEST_TAG: f"s3://{opts.bucket_name}/{manifest_key(opts.function_name)}"})
            return
        except client.exceptions.InvalidParameterValueException as e:
            # a new role takes a few seconds before Lambda may assume it
            if "runtime" in str(e).lower():
                raise ConfigurationError(
                    f"Lambda refused the runtime {runtime}: {e.response['Error'].get('Message')}. The function "
                    "runs the driver's Python (closures are pickled), so run spark-lambda from a Python "
                    "that Lambda offers as a runtime.") from None
            if "cannot be assumed" not in str(e) or time.time() > deadline:
                raise
            time.sleep(2)


def _upload(path: str, bucket: str, key: str, log) -> None:
    import boto3
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import ClientError
    log(f"uploading {os.path.getsize(path)} bytes to s3://{bucket}/{key}")
    try:
        boto3.client("s3").upload_file(path, bucket, key)
    except (S3UploadFailedError, ClientError) as e:
        raise ConfigurationError(
            f"Cannot upload the code package to s3://{bucket}/{key}: {e}. Create the bucket first "
            f"(aws s3 mb s3://{bucket}), or check that the credentials may s3:PutObject there.") from None


def upload_package(opts: DeployOptions, version: str, log) -> str:
    """Steps 1 and 2: build (or reuse) the package and upload it; returns its key."""
    key = package_key(version)
    if opts.package is not None:
        _upload(opts.package, opts.bucket_name, key, log)
        return key
    with tempfile.TemporaryDirectory(prefix="spark-lambda-deploy-") as tmp:
        path = os.path.join(tmp, os.path.basename(key))
        log(f"building the code package for Python {python_version()} on {opts.architecture}")
        build_package(path, version, python_version(), opts.architecture, extras=tuple(opts.extras))
        unzipped, zipped = package_sizes(path)
        log(f"code package: {unzipped / 1e6:.1f} MB unzipped, {zipped / 1e6:.1f} MB zipped")
        _upload(path, opts.bucket_name, key, log)
    return key


def read_manifest(s3, bucket: str, function_name: str) -> dict | None:
    try:
        body = s3.get_object(Bucket=bucket, Key=manifest_key(function_name))["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    return json.loads(body)


def execution_policy(opts: DeployOptions) -> dict:
    """The created role's policy, for this account and region (read from STS and the session)."""
    import boto3
    account = boto3.client("sts").get_caller_identity()["Account"]
    region = boto3.session.Session().region_name
    return iam.policy(opts.function_name, opts.bucket_name, opts.shuffle_url, region, account, opts.allow_buckets)


def deploy(opts: DeployOptions, log=print) -> list[str]:
    """Deploy the function; returns the ``--conf`` lines to use it."""
    import boto3
    from ..version import __version__
    version = opts.version or __version__
    if opts.role and opts.create_role:
        raise ConfigurationError("Give either --role ARN or --create-role, not both.")
    client = boto3.client("lambda")
    try:
        client.get_function_configuration(FunctionName=opts.function_name)
        exists = True
    except client.exceptions.ResourceNotFoundException:
        exists = False
    if not exists and not (opts.role or opts.create_role):
        raise ConfigurationError(
            f"Function {opts.function_name} does not exist yet and needs an execution role: pass "
            "--create-role (a role allowed only its own logs, the code package and the shuffle prefix) "
            "or --role ARN (one you manage).")
    key = upload_package(opts, version, log)
    s3 = boto3.client("s3")
    manifest = read_manifest(s3, opts.bucket_name, opts.function_name) or {}
    role, created = opts.role, False
    if opts.create_role:
        role, created = iam.create_role(boto3.client("iam"), opts.function_name, execution_policy(opts))
        # a role that existed counts as deploy's only if an earlier deploy made it
        created = created or (manifest.get("role") == role and bool(manifest.get("role_created")))
        log(f"using execution role {role}" + ("" if created else " (it existed; its policy was replaced)"))
    if exists:
        log(f"updating function {opts.function_name}")
        client.update_function_code(FunctionName=opts.function_name, S3Bucket=opts.bucket_name, S3Key=key,
                                    Architectures=[opts.architecture])
        client.get_waiter("function_updated_v2").wait(FunctionName=opts.function_name)
        settings = dict(Runtime=f"python{python_version()}", Handler=HANDLER, Timeout=opts.timeout,
                        MemorySize=opts.memory)
        if role:
            settings["Role"] = role
        client.update_function_configuration(FunctionName=opts.function_name, **settings)
    else:
        log(f"creating function {opts.function_name}")
        _create(client, opts, role, key, f"python{python_version()}")
    if role:
        manifest.update(role=role, role_created=created,
                        role_name=iam.role_name(opts.function_name) if created else None)
    manifest.update(function=opts.function_name, bucket=opts.bucket_name, package_key=key, version=version,
                    architecture=opts.architecture, shuffle=opts.shuffle_url,
                    region=boto3.session.Session().region_name)
    s3.put_object(Bucket=opts.bucket_name, Key=manifest_key(opts.function_name),
                  Body=json.dumps(manifest, indent=1, sort_keys=True).encode())
    client.get_waiter("function_active_v2").wait(FunctionName=opts.function_name)
    client.get_waiter("function_updated_v2").wait(FunctionName=opts.function_name)
    return conf_lines(opts, version)


def conf_lines(opts: DeployOptions, version: str) -> list[str]:
    """The submit options that run a program on the deployed function."""
    return [f"--master lambda://{opts.function_name}",
            f"--conf spark.lambda.s3.bucket=s3://{opts.bucket_name}",
            f"--conf spark.lambda.spark.software.version={version}",
            "--conf spark.shuffle.s3.enabled=true",
            f"--conf spark.shuffle.s3.bucket={opts.shuffle_url}"]
