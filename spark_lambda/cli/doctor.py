"""``spark-lambda doctor``: check, in order, that programs can run on a Lambda function.

Called by the command line with the settings a submit would use. Each check
answers ok, FAIL (with how to fix it), warn (works, but not as configured)
or skip (an earlier failure makes it meaningless):

1. credentials and region: STS GetCallerIdentity answers;
2. the function exists and is Active, its last update Successful;
3. its Python, spark-lambda and code package versions match this driver
   (a ``ping`` invocation answered by the handler);
4. the code bucket holds the package, and the work area (shuffle bucket and
   prefix) takes a write, a read and a delete, with the driver's credentials;
5. the account's unreserved concurrency covers the in-flight cap
   (``spark.lambda.concurrent.requests.max``, capped by maxExecutors);
6. a round trip: a small job with a shuffle runs on the function, so the
   function's own role reaches the work area too.

Nothing it prints comes from a secret: it shows the caller's ARN, names of
buckets and keys, and AWS's error codes and messages.
"""

from __future__ import annotations

import operator
import time
import uuid
from dataclasses import dataclass


@dataclass
class Check:
    name: str
    status: str          # "ok" | "FAIL" | "warn" | "skip"
    detail: str
    fix: str = ""


def _aws_error(e: Exception) -> str:
    response = getattr(e, "response", None)
    if response:
        err = response.get("Error", {})
        return f"{err.get('Code', type(e).__name__)}: {err.get('Message', '')}".strip()
    return f"{type(e).__name__}: {e}"


def _square(x):
    return x * x


def _by_three(x):
    return x % 3, x


def check_credentials(session) -> Check:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
    name = "credentials and region"
    region = session.region_name
    if not region:
        return Check(name, "FAIL", "no AWS region is set",
                     "set AWS_REGION (or AWS_DEFAULT_REGION), or a region in your AWS profile")
    try:
        ident = session.client("sts").get_caller_identity()
    except NoCredentialsError:
        return Check(name, "FAIL", "no AWS credentials were found",
                     "run `aws configure`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID and "
                     "AWS_SECRET_ACCESS_KEY (on EC2 or in a container, attach a role)")
    except (ClientError, BotoCoreError) as e:
        return Check(name, "FAIL", f"STS GetCallerIdentity failed: {_aws_error(e)}",
                     "check that the credentials are current (expired session tokens fail here)")
    return Check(name, "ok", f"account {ident['Account']} as {ident['Arn']}, region {region}")


def check_function(client, function: str, region: str) -> tuple[Check, dict | None]:
    name = f"function {function} exists and is Active"
    try:
        config = client.get_function_configuration(FunctionName=function)
    except client.exceptions.ResourceNotFoundException:
        return Check(name, "FAIL", f"no function {function} in {region}",
                     f"deploy it: spark-lambda deploy --bucket s3://BUCKET --function-name {function} "
                     "--create-role (or --master lambda://OTHER if it has another name)"), None
    except Exception as e:  # noqa: BLE001 - any API failure is the check's answer
        return Check(name, "FAIL", f"GetFunctionConfiguration failed: {_aws_error(e)}",
                     "the credentials need lambda:GetFunctionConfiguration on the function"), None
    state, update = config.get("State"), config.get("LastUpdateStatus")
    if state != "Active" or update not in (None, "Successful"):
        reason = config.get("StateReason") or config.get("LastUpdateStatusReason") or ""
        return Check(name, "FAIL", f"state {state}, last update {update} {reason}".strip(),
                     "wait for a pending update to finish, or redeploy with spark-lambda deploy"), None
    arch = (config.get("Architectures") or ["x86_64"])[0]
    return Check(name, "ok", f"{config.get('Runtime')} on {arch}, {config.get('MemorySize')} MB, "
                             f"timeout {config.get('Timeout')} s"), config


def check_versions(client, function: str, conf) -> Check:
    import json
    from ..backends.aws_lambda import _redeploy_hint, version_problems
    name = "runtime and code package match the driver"
    try:
        r = client.invoke(FunctionName=function, Payload=json.dumps({"ping": {}}).encode())
        info = json.loads(r["Payload"].read() or b"null")
    except Exception as e:  # noqa: BLE001
        return Check(name, "FAIL", f"the ping invocation failed: {_aws_error(e)}",
                     "the credentials need lambda:InvokeFunction on the function")
    if r.get("FunctionError") or not isinstance(info, dict):
        detail = info.get("errorMessage") if isinstance(info, dict) else info
        return Check(name, "FAIL", f"the function failed the ping: {detail}", _redeploy_hint(conf, function))
    problems = version_problems(info, conf.typed("spark.lambda.spark.software.version"))
    if problems:
        return Check(name, "FAIL", "; ".join(problems), _redeploy_hint(conf, function))
    return Check(name, "ok", f"Python {info['python']}, spark-lambda {info['spark_lambda']}, "
                             f"code package {info.get('package_version')}")


def check_buckets(conf) -> list[Check]:
    from .. import storage
    from ..context.context import _store_options, _work_url
    from ..deploy import package_key
    out = []
    options = _store_options(conf)
    code = conf.get("spark.lambda.s3.bucket")
    version = conf.typed("spark.lambda.spark.software.version")
    if code:
        name = f"code bucket {code} holds the package"
        key = package_key(version) if version else None
        try:
            base = (code if "://" in code else "s3://" + code).rstrip("/")
            if key:
                store, path = storage.resolve(f"{base}/{key}", options)
                found = store.exists(path)
                detail = f"{key} " + ("found" if found else "is missing")
            else:
                store, path = storage.resolve(f"{base}/lambda/", options)
                found = next(iter(store.list(path)), None) is not None
                detail = "lambda/ " + ("holds a package" if found else "is empty")
            out.append(Check(name, "ok" if found else "FAIL", detail,
                             "" if found else "deploy the package: spark-lambda deploy --bucket " + code))
        except Exception as e:  # noqa: BLE001
            out.append(Check(name, "FAIL", f"cannot read it: {_aws_error(e)}",
                             "check the bucket name and region, and s3:GetObject / s3:ListBucket on it"))
    name = "work area takes write, read and delete"
    if not conf.typed("spark.shuffle.s3.enabled"):
        out.append(Check(name, "FAIL", "spark.shuffle.s3.enabled is false, so the work area is local disk",
                         "set spark.shuffle.s3.enabled=true and spark.shuffle.s3.bucket=s3://BUCKET/shuffle"))
        return out
    try:
        url = _work_url(conf)
        store = storage.open_root(url, options)
        key = f"doctor-{uuid.uuid4().hex[:12]}/probe"
        store.put(key, b"spark-lambda doctor")
        ok = bytes(store.get(key)) == b"spark-lambda doctor"
        store.delete([key])
        gone = not store.exists(key)
        out.append(Check(name + f" ({url})", "ok" if ok and gone else "FAIL",
                         "write, read back and delete: " + ("ok" if ok and gone else "mismatch"),
                         "" if ok and gone else "the bucket did not return what was written"))
    except Exception as e:  # noqa: BLE001
        out.append(Check(name, "FAIL", f"{conf.get('spark.shuffle.s3.bucket') or code}: {_aws_error(e)}",
                         "create the bucket (aws s3 mb s3://BUCKET) or fix spark.shuffle.s3.bucket; the "
                         "credentials need s3:PutObject, s3:GetObject and s3:DeleteObject on it"))
    return out


def check_concurrency(client, conf) -> Check:
    name = "account concurrency covers the in-flight cap"
    cap = conf.typed("spark.lambda.concurrent.requests.max")
    max_executors = conf.typed("spark.dynamicAllocation.maxExecutors")
    if max_executors:
        cap = min(cap, max_executors)
    try:
        limit = client.get_account_settings()["AccountLimit"]
    except Exception as e:  # noqa: BLE001
        return Check(name, "warn", f"GetAccountSettings failed: {_aws_error(e)}",
                     "the credentials need lambda:GetAccountSettings to check this")
    free = limit.get("UnreservedConcurrentExecutions", limit.get("ConcurrentExecutions"))
    if free is not None and cap > free:
        return Check(name, "warn", f"{cap} invocations in flight, but the account allows {free} unreserved",
                     f"throttled invocations are retried, which is slower: lower "
                     f"spark.lambda.concurrent.requests.max to {free} or ask AWS for a higher quota")
    return Check(name, "ok", f"{cap} in flight, account allows {free} unreserved")


def check_round_trip(conf) -> Check:
    from ..context import SparkContext
    name = "round trip: a job with a shuffle on the function"
    c = conf.copy().set("spark.ui.showConsoleProgress", "false").set("spark.lambda.ui.summary", "false")
    started = time.monotonic()
    try:
        with SparkContext(conf=c.setAppName("spark-lambda-doctor")) as sc:
            squares = sc.parallelize(range(8), 2).map(_square).sum()
            groups = sorted(sc.parallelize(range(10), 2).map(_by_three).reduceByKey(operator.add).collect())
    except Exception as e:  # noqa: BLE001
        return Check(name, "FAIL", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                     "the function's role needs s3:GetObject, s3:PutObject and s3:DeleteObject on the "
                     "shuffle prefix; redeploy with --create-role to get such a role")
    if squares != 140 or groups != [(0, 18), (1, 12), (2, 15)]:
        return Check(name, "FAIL", f"wrong answers: {squares}, {groups}", "redeploy with spark-lambda deploy")
    return Check(name, "ok", f"2 stages, 4 tasks in {time.monotonic() - started:.1f} s")


def run(conf, function: str):
    """Yield the checks in order, skipping those an earlier failure makes meaningless."""
    import boto3
    session = boto3.session.Session()   # fresh: credentials as the environment gives them now
    creds = check_credentials(session)
    yield creds
    later = ["function", "versions", "buckets", "concurrency", "round trip"]
    if creds.status != "ok":
        for what in later:
            yield Check(what, "skip", "needs credentials and a region")
        return
    client = session.client("lambda")
    fn, config = check_function(client, function, session.region_name)
    yield fn
    yield check_versions(client, function, conf) if config else Check("versions", "skip", "needs the function")
    buckets = check_buckets(conf)
    yield from buckets
    yield check_concurrency(client, conf)
    if config and all(c.status == "ok" for c in buckets):
        yield check_round_trip(conf)
    else:
        yield Check("round trip", "skip", "needs the function and the buckets")


def report(conf, function: str, out) -> int:
    """Print the checklist to ``out``; 0 when nothing failed, 1 otherwise."""
    out.write(f"spark-lambda doctor: lambda://{function}\n")
    failed = warned = 0
    for check in run(conf, function):
        out.write(f"  {check.status:<5} {check.name}: {check.detail}\n")
        if check.fix and check.status in ("FAIL", "warn"):
            out.write(f"        fix: {check.fix}\n")
        out.flush()
        failed += check.status == "FAIL"
        warned += check.status == "warn"
    note = f" ({warned} warning{'s' if warned > 1 else ''})" if warned else ""
    out.write(f"all checks passed{note}\n" if not failed else f"{failed} check(s) failed{note}\n")
    return 1 if failed else 0
