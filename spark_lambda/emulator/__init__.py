"""A local AWS Lambda service for tests and rehearsals: ``spark-lambda emulator``.

It speaks the part of the Lambda HTTP API that spark-lambda uses (Invoke,
CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration,
GetFunction, GetFunctionConfiguration, DeleteFunction, GetAccountSettings)
on 127.0.0.1, so unmodified boto3 with ``AWS_ENDPOINT_URL_LAMBDA`` pointed at
it works. It runs each function's code package in instance processes that
can import only the package and what a Lambda Python runtime provides, keeps
them warm, and enforces Lambda's limits (concurrency, payload size, timeout,
memory, the scaling rate). Nothing in the engine imports it: it is the cloud.

Modules: ``server`` (the HTTP server, a thread per connection), ``api`` (the
operations' routing and answers), ``aio_server`` (the same API on one event
loop, for ``--instances threads``), ``service`` (functions, instances,
invocations and limits), ``functions`` (configuration and code packages),
``instances`` (instance processes), ``thread_instances`` (instances as
threads, for driver benchmarks), ``runtime`` (the code inside an instance),
``scaling`` (new environments per interval), ``faults`` (seeded fault
injection), ``s3proxy`` (an S3 proxy that injects S3 faults), ``s3model`` (S3's
latency, bandwidth and request rates applied through the proxy).
"""

from .server import Emulator

__all__ = ["Emulator"]
