"""The Lambda backend: every task is one synchronous invocation of a Lambda function.

``lambda://FUNCTION`` masters. Created by ``SparkContext`` through the
backend registry; ``submit`` is called by the DAG scheduler's task sets.

* Tasks go out as RequestResponse invocations, at most ``max_concurrency``
  in flight (``spark.lambda.concurrent.requests.max``, capped by
  ``spark.dynamicAllocation.maxExecutors``), each a coroutine on one event
  loop over keep-alive connections (``lambda_invoke.Invoker``: the request
  boto3 would send, signed by botocore, without a thread per invocation), to
  the endpoint and with the credentials boto3 resolves
  (``AWS_ENDPOINT_URL_LAMBDA`` points it at the emulator); a read timeout
  above the function's timeout; only this module decides when to call again.
  Answers are decoded on the loop; one that reads or deletes a stored task or
  result is finished on a small thread pool, off the loop.
* Throttling (429: the account's concurrency, or the function's scaling rate
  of new environments), service errors (5xx) and network errors are retried
  with exponential backoff and full jitter; they never count as task
  failures. Throttles, the peak of invocations in flight and how long the
  ramp to it took are recorded (``lambda_scaling.py``) and reported in the
  event log. A function error becomes a failed result (``lambda_results.py``).
* A task's future is marked running when its invocation is sent (a slot was
  free): it can be cancelled only until then. An invocation cannot be stopped,
  so the scheduler waits for, or keeps as leftovers, the futures it could not
  cancel; none of them writes after its job's clean-up unseen.
* A task larger than ``spark.lambda.payload.inline.max`` is sent by
  reference through the work store; a result too large to return comes back
  the same way (``wire/payloads.py``).
* At start: the function must exist; one ``ping`` invocation (tried again
  if the instance crashed or timed out) compares the
  executor's Python major.minor, spark_lambda version and code package
  version with the driver's; then ``spark.dynamicAllocation.minExecutors``
  instances are warmed with parallel pings.
* The work area (shuffle, stage code) must be somewhere executors reach:
  local disk on the driver is a ConfigurationError at once.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait

from .. import storage
from ..version import __version__
from ..errors import ConfigurationError
from ..wire.payloads import LAMBDA_PAYLOAD_MAX, open_response, task_event
from .base import Backend, lost_result
from .lambda_invoke import NETWORK_ERRORS, InvokeError, Invoker
from .lambda_results import function_failure, parse_report
from .lambda_scaling import ScalingLog

RETRY_CODES = {"TooManyRequestsException", "ServiceException", "ResourceNotReadyException",
               "EC2ThrottledException", "ThrottlingException"}
BACKOFF_BASE_S = 0.05
BACKOFF_CAP_S = 5.0
GIVE_UP_S = 600.0
PREWARM_HOLD_MS = 300
PING_ATTEMPTS = 4
NO_CREDENTIALS = ("No AWS credentials were found for invoking Lambda: configure them as boto3 expects "
                  "(AWS_PROFILE, environment variables, or a role).")


def _redeploy_hint(conf, function: str) -> str:
    bucket = conf.get("spark.lambda.s3.bucket") or "s3://BUCKET"
    version = conf.get("spark.lambda.spark.software.version")
    return (f"Redeploy from this driver's installation: spark-lambda deploy --bucket {bucket} "
            f"--function-name {function}" + (f" --version {version}" if version else ""))


def version_problems(info: dict, expected: str | None) -> list[str]:
    """How a ping's answer differs from this driver (Python, spark-lambda, package version)."""
    driver_python = f"{sys.version_info.major}.{sys.version_info.minor}"
    problems = []
    if info.get("python") != driver_python:
        problems.append(f"it runs Python {info.get('python')} but the driver runs Python {driver_python} "
                        "(pickled closures need the same major.minor)")
    if info.get("spark_lambda") != __version__:
        problems.append(f"it runs spark-lambda {info.get('spark_lambda')} but the driver has {__version__}")
    if expected and info.get("package_version") != expected:
        problems.append(f"its code package is version {info.get('package_version')} but "
                        f"spark.lambda.spark.software.version is {expected}")
    return problems


class LambdaBackend(Backend):
    remote = True

    def __init__(self, conf, env: dict, function: str = "spark-lambda"):
        import boto3
        from botocore.config import Config
        work_url = env.get("work_url")
        if work_url is not None and not storage.is_remote(work_url):
            raise ConfigurationError(
                f"A lambda:// master needs the shuffle and work area where Lambda functions can reach it, "
                f"but it is on this machine's disk ({work_url}). Set spark.shuffle.s3.enabled=true and "
                "spark.shuffle.s3.bucket=s3://BUCKET/prefix.")
        self.function = function
        self.conf = conf
        cap = conf.typed("spark.lambda.concurrent.requests.max")
        max_executors = conf.typed("spark.dynamicAllocation.maxExecutors")
        if max_executors:
            cap = min(cap, max_executors)
        if cap < 1:
            raise ConfigurationError("spark.lambda.concurrent.requests.max must be at least 1.")
        self.max_concurrency = cap
        self.description = f"lambda://{function}"
        self.side_invocations: list = []  # billed invocations that are not tasks (checks, pre-warming)
        self.inline_max = conf.typed("spark.lambda.payload.inline.max")
        if self.inline_max > LAMBDA_PAYLOAD_MAX - (64 << 10):
            raise ConfigurationError(
                f"spark.lambda.payload.inline.max={conf.get('spark.lambda.payload.inline.max')} is over Lambda's "
                f"invocation payload limit ({LAMBDA_PAYLOAD_MAX} bytes, with room for the envelope): set it to "
                "6000k or less; larger tasks and results travel through the object store by themselves.")
        from botocore.exceptions import EndpointConnectionError, NoCredentialsError, NoRegionError
        try:
            session = boto3.session.Session()
            probe = session.client("lambda", config=Config(
                connect_timeout=10, read_timeout=60, retries={"mode": "standard", "total_max_attempts": 3}))
            config = self._function_configuration(probe)
        except NoRegionError:
            raise ConfigurationError("No AWS region is set for the Lambda client: set AWS_DEFAULT_REGION "
                                     "(or a region in the AWS profile).") from None
        except NoCredentialsError:
            raise ConfigurationError(NO_CREDENTIALS) from None
        except EndpointConnectionError as e:
            raise ConfigurationError(f"Cannot reach the Lambda API: {e}. Check the network, and "
                                     "AWS_ENDPOINT_URL_LAMBDA if you use an emulator.") from None
        self.timeout_s = config.get("Timeout")
        self.memory_mb = config.get("MemorySize")
        check_worker_memory(conf.typed("spark.executor.pyspark.memory"), self.memory_mb, self.function)
        self.architecture = (config.get("Architectures") or ["x86_64"])[0]
        credentials = session.get_credentials()
        if credentials is None:
            raise ConfigurationError(NO_CREDENTIALS)
        self.invoker = Invoker(probe.meta.endpoint_url, probe.meta.region_name, credentials, function,
                               timeout_s=(self.timeout_s or 900) + 30)
        self._slots = asyncio.Semaphore(cap)   # invocations in flight (the loop's; made before it runs)
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lambda-results")
        self.scaling = ScalingLog()
        self._closed = False
        try:
            self.executor_info = self.check_versions()
            self.prewarm(conf.typed("spark.dynamicAllocation.minExecutors"))
        except BaseException:
            self.close()
            raise

    def _function_configuration(self, client) -> dict:
        try:
            return client.get_function_configuration(FunctionName=self.function)
        except client.exceptions.ResourceNotFoundException:
            raise ConfigurationError(
                f"Lambda function {self.function} does not exist. Deploy it first: spark-lambda deploy "
                f"--bucket s3://BUCKET --function-name {self.function}") from None
        except client.exceptions.ClientError:
            return {}  # not allowed to read the configuration: invoking may still work

    # --- invoking ---------------------------------------------------------------------------
    async def _invoke(self, payload: bytes, stage=None, future: Future | None = None) -> dict:
        """One invocation, retried through throttling, 5xx and network errors; a task's
        (``stage`` given) attempts, throttles and running time go to ``self.scaling``.
        ``future``, the task's, is marked running when a slot is free, just before the
        first request: from then on it cannot be cancelled (``_Withdrawn`` if it was)."""
        first = None
        delay, retries = BACKOFF_BASE_S, 0
        log = self.scaling if stage is not None else None
        while True:
            async with self._slots:   # waiting here for a free slot is queueing, not invoking
                if first is None and future is not None and not future.set_running_or_notify_cancel():
                    raise _Withdrawn()
                if first is None and self._closed:
                    raise InvokeError(0, "ContextStopped", "the context stopped before the task was sent")
                sent = time.monotonic()
                first = first or sent
                if log is not None:
                    log.attempt(stage, sent)
                try:
                    response = await self.invoker.invoke(payload)
                    response["retries"], response["first_sent"] = retries, first
                    if log is not None:
                        log.accepted(stage, sent, time.monotonic())
                    return response
                except InvokeError as e:
                    if e.code not in RETRY_CODES and e.status < 500:
                        raise
                    last = e
                except NETWORK_ERRORS as e:
                    last = e
            if time.monotonic() - first > GIVE_UP_S:
                raise TimeoutError(f"invocations of {self.function} kept failing for {GIVE_UP_S:.0f} s "
                                   f"(last: {last}); raise the function's concurrency or lower "
                                   "spark.lambda.concurrent.requests.max") from last
            retries += 1
            pause = random.uniform(0, delay)
            if log is not None:
                log.throttled(stage, pause, time.monotonic())
            await asyncio.sleep(pause)
            delay = min(delay * 2, BACKOFF_CAP_S)

    async def _settle(self, future: Future, task: dict, payload: bytes, ref_key: str | None) -> None:
        """Run the task and answer ``future``, unless it was cancelled before it was sent."""
        try:
            result = await self._run(task, payload, ref_key, future)
        except _Withdrawn:
            if ref_key is not None:   # the stored task nobody will read
                await self.invoker.loop.run_in_executor(
                    self._pool, lambda: storage.open_root(task["work_url"], task["store_options"]).delete([ref_key]))
            return
        except BaseException as e:
            if not future.cancelled():
                future.set_exception(e)
            raise
        future.set_result(result)

    async def _run(self, task: dict, payload: bytes, ref_key: str | None, future: Future) -> dict:
        try:
            response = await self._invoke(payload, task.get("stage_id", -1), future)
            body = json.loads(response["Payload"] or b"null")
            if ref_key is not None or (isinstance(body, dict) and "result_ref" in body):
                # the store is read or written: not on the loop, which every invocation shares
                result = await self.invoker.loop.run_in_executor(
                    self._pool, self._finish, task, response, body, ref_key)
            else:
                result = self._finish(task, response, body, None)
        except (InvokeError, TimeoutError, ValueError, OSError) as e:
            return lost_result(task, f"could not be invoked on Lambda function {self.function}: "
                                     f"{type(e).__name__}: {e}")
        metrics = result.setdefault("metrics", {})
        metrics["invoke_ms"] = round((time.monotonic() - response["first_sent"]) * 1000, 3)   # from the first attempt
        metrics["throttled_retries"] = response["retries"]
        return result

    def _finish(self, task: dict, response: dict, body, ref_key: str | None) -> dict:
        """The result dict of an invocation's answer (a failure's, or the task's own)."""
        try:
            report = parse_report(response.get("LogResult"))
            if response.get("FunctionError"):
                result = function_failure(task, body, report, self.function, self.timeout_s, self.memory_mb,
                                          response.get("LogResult"))
            else:
                result = open_response(body, task)
            result.setdefault("metrics", {})["lambda"] = report
            return result
        finally:
            if ref_key is not None:
                storage.open_root(task["work_url"], task["store_options"]).delete([ref_key])

    def scaling_report(self) -> dict:
        """Throttles, peak invocations in flight and how long the ramp took (``lambda_scaling``)."""
        return self.scaling.summary()

    def submit(self, task: dict) -> Future:
        if self._closed:
            return _done(lost_result(task, "was submitted after the context stopped"))
        try:   # a task too large to send inline is put in the work store here, before its invocation
            payload, ref_key = task_event(task, self.inline_max)
        except (ValueError, OSError) as e:
            return _done(lost_result(task, f"could not be sent to Lambda function {self.function}: "
                                           f"{type(e).__name__}: {e}"))
        # The future is the task's own, not the loop's: that one stays pending while the
        # invocation runs, so cancelling it would "succeed" and leave the invocation running
        # unseen (writing its output after the job that dropped it had cleaned up).
        future: Future = Future()
        self.invoker.call(self._settle(future, task, payload, ref_key))
        return future

    # --- start-up ----------------------------------------------------------------------------------
    def _ping(self, hold_ms: int = 0) -> dict:
        for _ in range(PING_ATTEMPTS):   # an instance that crashed or hung is not an answer
            response = self.invoker.call(self._invoke(json.dumps({"ping": {"hold_ms": hold_ms}}).encode())).result()
            self.side_invocations.append({"purpose": "ping", "lambda": parse_report(response.get("LogResult"))})
            body = json.loads(response["Payload"] or b"null")
            if not (response.get("FunctionError") and isinstance(body, dict)
                    and body.get("errorType") in ("Runtime.ExitError", "Sandbox.Timedout")):
                break
        if response.get("FunctionError"):
            raise ConfigurationError(
                f"Lambda function {self.function} failed the version check with "
                f"{body.get('errorType')}: {body.get('errorMessage')}. Is it a spark-lambda function? "
                + _redeploy_hint(self.conf, self.function))
        return body

    def check_versions(self) -> dict:
        """Compare the executor's versions with the driver's; ConfigurationError on a mismatch."""
        info = self._ping()
        problems = version_problems(info, self.conf.typed("spark.lambda.spark.software.version"))
        if problems:
            raise ConfigurationError(f"Lambda function {self.function} does not match this driver: "
                                     + "; ".join(problems) + ". " + _redeploy_hint(self.conf, self.function))
        return info

    @property
    def pip_target(self) -> tuple[str, str]:
        """(Python major.minor, wheel platform) of the function, for user packages."""
        from ..deploy.package import PLATFORMS
        return self.executor_info.get("python"), PLATFORMS.get(self.architecture, PLATFORMS["x86_64"])

    def prewarm(self, n: int) -> None:
        """Warm ``n`` instances with parallel pings that overlap in time."""
        n = min(n or 0, self.max_concurrency)
        if n > 0:
            with ThreadPoolExecutor(max_workers=n, thread_name_prefix="lambda-prewarm") as pool:
                wait([pool.submit(self._ping, PREWARM_HOLD_MS) for _ in range(n)])

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True      # tasks still waiting for a slot are not sent; those running finish
        self.invoker.close(then=lambda: self._pool.shutdown(wait=False))


class _Withdrawn(Exception):
    """A task's future was cancelled before its invocation was sent: nothing runs."""


def _done(result: dict) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


def check_worker_memory(limit: int | None, memory_mb: int | None, function: str) -> None:
    """On Lambda the function's memory bounds the worker: refuse a larger
    ``spark.executor.pyspark.memory`` instead of letting tasks die of it."""
    if limit and memory_mb and limit > memory_mb << 20:
        raise ConfigurationError(
            f"spark.executor.pyspark.memory ({limit >> 20} MB) is larger than the memory of Lambda "
            f"function {function} ({memory_mb} MB), which is the limit of each worker: lower the "
            "setting or redeploy the function with more --memory.")
