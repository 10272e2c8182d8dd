"""Every constant the planner uses, each with its source and the date it was read.

``Constants`` holds the numbers; ``SOURCES`` says where each comes from.
``load(path, overrides)`` starts from the defaults below, applies a JSON file
of ``{"name": value}`` (``spark-lambda plan --constants FILE``) and then the
command line's flags. The same names drive the emulator's S3 model
(``spark-lambda emulator --s3-model``), so a prediction and an emulated run
obey one set of numbers.

Prices are AWS's public us-east-1 list prices. Network and S3 latency numbers
are published measurements, not AWS guarantees; they are the parts to
re-calibrate first when predictions and bills disagree.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace

from ..errors import InputError

MIB = 1 << 20


@dataclass(frozen=True)
class Constants:
    """The numbers of the model (see ``SOURCES`` for each one's origin)."""
    gb_second_x86_64: float = 0.0000166667
    gb_second_arm64: float = 0.0000133334
    requests_per_million: float = 0.20
    s3_get_per_thousand: float = 0.0004
    s3_put_per_thousand: float = 0.005
    mb_per_vcpu: float = 1769.0
    max_memory_mb: int = 10240
    network_sustained_mib_s: float = 75.0
    network_burst_mib_s: float = 1228.8
    network_burst_mib: float = 300.0
    s3_get_median_ms: float = 27.0
    s3_get_p95_ms: float = 75.0
    s3_put_median_ms: float = 40.0
    s3_put_p95_ms: float = 110.0
    s3_get_per_s_per_prefix: float = 5500.0
    s3_put_per_s_per_prefix: float = 3500.0
    shuffle_prefixes: int = 16
    scale_step_environments: int = 1000
    scale_step_seconds: float = 10.0
    account_concurrency: int = 1000
    cold_start_platform_ms: float = 250.0
    invoke_overhead_ms: float = 20.0
    driver_tasks_per_s: float = 2500.0
    host_cpus: float = 0.0
    host_ms_per_request: float = 0.0
    s3_server_ms_per_request: float = 0.0
    client_ms_per_request: float = 2.0

    def gb_second(self, arch: str) -> float:
        """The Lambda compute price per GB-second for ``arch`` (x86_64 or arm64)."""
        return self.gb_second_arm64 if arch == "arm64" else self.gb_second_x86_64

    def vcpus(self, memory_mb: int) -> float:
        """vCPUs a function of ``memory_mb`` gets (Lambda allocates CPU in proportion to memory)."""
        return min(memory_mb / self.mb_per_vcpu, 6.0)

    def network_seconds(self, nbytes: float) -> float:
        """Seconds to move ``nbytes`` through one function's network token bucket, starting full."""
        burst = self.network_burst_mib * MIB
        first = min(nbytes, burst)
        return first / (self.network_burst_mib_s * MIB) + max(nbytes - burst, 0) / (self.network_sustained_mib_s * MIB)

    def latency_ms(self, kind: str, quantile: float = 0.5) -> float:
        """A quantile of one S3 request's latency (``GET`` or ``PUT``), lognormal through the
        median and the p95; ``quantile="mean"`` gives the mean."""
        median, p95 = ((self.s3_get_median_ms, self.s3_get_p95_ms) if kind == "GET"
                       else (self.s3_put_median_ms, self.s3_put_p95_ms))
        sigma = math.log(max(p95, median) / median) / 1.6448536269514722 if median > 0 else 0.0
        if quantile == "mean":
            return median * math.exp(sigma * sigma / 2)
        return median * math.exp(sigma * _z(quantile))

    def to_dict(self) -> dict:
        """The constants as a JSON-ready dict."""
        return asdict(self)


def _z(q: float) -> float:
    """The standard normal quantile (Acklam's rational approximation is overkill here: bisection)."""
    lo, hi = -8.0, 8.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2)) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


SOURCES = {
    "gb_second_x86_64": "AWS Lambda pricing, us-east-1, x86, first 6 billion GB-s/month (aws.amazon.com/lambda/pricing, read 2025-06)",
    "gb_second_arm64": "AWS Lambda pricing, us-east-1, Arm (Graviton2), first tier (aws.amazon.com/lambda/pricing, read 2025-06)",
    "requests_per_million": "AWS Lambda pricing, USD 0.20 per 1M requests (aws.amazon.com/lambda/pricing, read 2025-06)",
    "s3_get_per_thousand": "Amazon S3 Standard pricing, GET/SELECT per 1,000, us-east-1 (aws.amazon.com/s3/pricing, read 2025-06)",
    "s3_put_per_thousand": "Amazon S3 Standard pricing, PUT/COPY/POST/LIST per 1,000, us-east-1 (aws.amazon.com/s3/pricing, read 2025-06)",
    "mb_per_vcpu": "Lambda developer guide, memory and computing power: 1,769 MB = one vCPU (docs.aws.amazon.com/lambda, read 2025-06)",
    "max_memory_mb": "Lambda quotas: memory 128 MB to 10,240 MB, up to 6 vCPUs (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, read 2025-06)",
    "network_sustained_mib_s": "Per-function network to S3, about 75 MiB/s sustained at every memory size (Klimovic et al., Pocket, OSDI 2018; Starling, SIGMOD 2020; Lambada, SIGMOD 2020: 80-90 MB/s)",
    "network_burst_mib_s": "Short bursts to about 1.2 GiB/s (Lambada, SIGMOD 2020, and Skyrise measurements, 2023)",
    "network_burst_mib": "The burst lasts for about the first 300 MiB of a fresh environment (Skyrise, 2023)",
    "s3_get_median_ms": "S3 GET first-byte latency median about 27 ms from Lambda (Starling, SIGMOD 2020; Skyrise 2023)",
    "s3_get_p95_ms": "S3 GET latency p95 about 75 ms (Starling, SIGMOD 2020)",
    "s3_put_median_ms": "S3 PUT latency median about 40 ms (Starling, SIGMOD 2020)",
    "s3_put_p95_ms": "S3 PUT latency p95, assumed 2.75 x the median as for GETs (no published figure used)",
    "s3_get_per_s_per_prefix": "S3 performance guidelines: 5,500 GET/HEAD per second per partitioned prefix (docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html, read 2025-06)",
    "s3_put_per_s_per_prefix": "S3 performance guidelines: 3,500 PUT/COPY/POST/DELETE per second per partitioned prefix (same page, read 2025-06)",
    "shuffle_prefixes": "spark-lambda's shuffle keys start with one of 16 hashed hex digits (shuffle.map_output_key)",
    "scale_step_environments": "Lambda scaling: each function gains up to 1,000 execution environments every 10 s (AWS blog, 2023-11-29; Lambda developer guide, read 2025-06)",
    "scale_step_seconds": "Lambda scaling: the 10-second step of the rate above (same source)",
    "account_concurrency": "Lambda default account concurrency quota per region, 1,000 (raise by request; read 2025-06)",
    "cold_start_platform_ms": "Python 3.x zip function init on Lambda, about 200-300 ms before the package's own imports (AWS Lambda operator guide, read 2025-06); a log's own Init Durations are read (Profile.cold_start_ms) but not used in its place: set this key to use them; the package's imports are added, as measured from each instance's first task in the log (Profile.import_ms)",
    "invoke_overhead_ms": "Round trip of a synchronous Invoke beyond the handler's duration, about 20 ms in-region (assumed; replaced by the log's invoke_ms minus Duration when present)",
    "driver_tasks_per_s": "One spark-lambda driver dispatching invocations: 0.40 ms of driver CPU per invocation, so 2,500/s on a core of its own, and 1,000 in flight 0.22 s into a job (bench/driver_inflight.py against the emulator, 2026-11-30; plain HTTP there, so TLS to AWS is not in it)",
    "host_cpus": "0 on AWS (every function has its own vCPUs); on the emulator the host's cores, which its instances share",
    "host_ms_per_request": "0 on AWS (S3, the Lambda service and the driver do not share the functions' CPUs); on the emulator the host CPU its S3 server, S3 proxy, Lambda service and driver spend per S3 request or invocation, measured around a calibration run (bench/plan_validation.py)",
    "client_ms_per_request": "A task's own CPU per S3 request (boto3 through the engine's store, ranged GETs of 360 B to 1 MiB and PUTs): 1.7-2.5 ms, bench/s3_client_cpu.py against moto on a 2-core x86_64 host (2026-11); the model takes it out of each measured task's CPU per request that task made and adds it per request at the target",
    "s3_server_ms_per_request": "0 on AWS; on the emulator the CPU its S3 server (moto, one Python process, in effect one request at a time) spends per request, measured around a calibration run (bench/plan_validation.py)",
}

assert set(SOURCES) == {f.name for f in fields(Constants)}


def load(path: str | None = None, overrides: dict | None = None) -> Constants:
    """The default constants, then those in the JSON file at ``path``, then ``overrides``."""
    values: dict = {}
    if path:
        try:
            with open(path, encoding="utf-8") as f:
                values.update(json.load(f))
        except (OSError, ValueError) as e:
            raise InputError(f"Cannot read the constants file {path}: {e}") from None
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name: f.type for f in fields(Constants)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError(f"Unknown constants {', '.join(unknown)}; known: {', '.join(sorted(known))}.")
    return replace(Constants(), **{k: (int(v) if known[k] == "int" else float(v)) for k, v in values.items()})
