"""What a run cost on AWS, or would cost there: Lambda compute, Lambda requests, S3 requests.

Called by the report and the summary line with the ``task_end`` events of one
application and the driver's own store requests (from ``app_end``).

The model, item by item (prices from the ``spark.lambda.price.*`` keys,
defaults AWS's public us-east-1 prices for x86 functions and S3 Standard):

* Lambda compute: every task attempt is one invocation, and so is each of the
  backend's invocations outside tasks (a version check, pre-warming; listed
  in ``app_end`` as ``backend_invocations``). Its GB-seconds are
  billed duration (ms) / 1000 x memory size (MB) / 1024. When the attempt's
  metrics carry the invocation's parsed REPORT line (``metrics["lambda"]``:
  ``billed_duration_ms``, ``memory_size_mb``, ``init_duration_ms`` on a cold
  start) those numbers are used as they are. Otherwise (a local run) the
  attempt is priced as if it had run on Lambda: its measured ``duration_ms``
  rounded up to the millisecond (Lambda's billing granularity) at the
  estimate's memory size (``spark.executor.memory``, the function's memory).
* Lambda requests: the number of invocations x the price per million.
* S3 requests: the requests every task and the driver made to the object
  store, by kind, x the price of their class: PUT and LIST (and COPY, POST)
  at the PUT price, GET, HEAD and any other kind at the GET price, DELETE at
  the DELETE price (free on S3).

Data transfer inside a region and storage (objects live minutes) are not billed
items here. The total is labelled an estimate unless every invocation
carried a REPORT line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import keys

# price key -> (attribute, unit shown in reports)
PRICE_KEYS = {
    "spark.lambda.price.gbSecond": ("gb_second", "USD per GB-second"),
    "spark.lambda.price.requestsPerMillion": ("requests_per_million", "USD per million invocations"),
    "spark.lambda.price.s3.putPerThousand": ("s3_put_per_thousand", "USD per 1,000 PUT/COPY/POST/LIST"),
    "spark.lambda.price.s3.getPerThousand": ("s3_get_per_thousand", "USD per 1,000 GET/HEAD/other"),
    "spark.lambda.price.s3.deletePerThousand": ("s3_delete_per_thousand", "USD per 1,000 DELETE"),
}

# request kind -> price class
S3_CLASS = {"PUT": "put", "COPY": "put", "POST": "put", "LIST": "put", "GET": "get", "HEAD": "get",
            "DELETE": "delete"}


@dataclass(frozen=True)
class Prices:
    """Unit prices in USD (see ``PRICE_KEYS`` for the keys that set them)."""
    gb_second: float
    requests_per_million: float
    s3_put_per_thousand: float
    s3_get_per_thousand: float
    s3_delete_per_thousand: float

    @classmethod
    def from_settings(cls, *layers: dict) -> "Prices":
        """Prices from the registry's defaults overlaid with each layer of settings in turn."""
        values = {}
        for name, (attr, _) in PRICE_KEYS.items():
            raw = keys.REGISTRY[name].default
            for layer in layers:
                raw = layer.get(name, raw) if layer else raw
            values[attr] = keys.typed(name, raw)
        return cls(**values)

    def per_request(self, kind: str) -> float:
        """The price of one S3 request of ``kind``."""
        cls = S3_CLASS.get(kind.upper(), "get")
        return getattr(self, f"s3_{cls}_per_thousand") / 1000

    def table(self) -> list[tuple[str, float, str]]:
        """(key, value, unit) for every price, as reports show them."""
        return [(name, getattr(self, attr), unit) for name, (attr, unit) in PRICE_KEYS.items()]


@dataclass
class Cost:
    """A run's billable quantities; the amounts in USD are properties of them and ``prices``."""
    prices: Prices
    memory_mb: int                       # memory size used for estimated invocations
    invocations: int = 0                 # task attempts and side invocations
    side_invocations: int = 0            # version checks, pre-warming: billed, not tasks
    reported: int = 0                    # invocations priced from their REPORT line
    cold_starts: int = 0
    billed_ms: float = 0.0
    gb_seconds: float = 0.0
    s3_requests: dict = field(default_factory=dict)   # kind -> count

    @property
    def estimated(self) -> bool:
        return self.reported < self.invocations

    @property
    def compute_usd(self) -> float:
        return self.gb_seconds * self.prices.gb_second

    @property
    def requests_usd(self) -> float:
        return self.invocations * self.prices.requests_per_million / 1e6

    def s3_usd(self, kind: str) -> float:
        return self.s3_requests.get(kind, 0) * self.prices.per_request(kind)

    @property
    def s3_total_usd(self) -> float:
        return sum(self.s3_usd(k) for k in self.s3_requests)

    @property
    def total_usd(self) -> float:
        return self.compute_usd + self.requests_usd + self.s3_total_usd


def billing(metrics: dict, memory_mb: int) -> tuple[float, int, bool, bool]:
    """(billed ms, memory MB, from a REPORT line?, cold start?) of one task attempt."""
    report = metrics.get("lambda") if isinstance(metrics, dict) else None
    if isinstance(report, dict) and "billed_duration_ms" in report:
        return (float(report["billed_duration_ms"]), int(report.get("memory_size_mb") or memory_mb),
                True, report.get("init_duration_ms") is not None)
    duration = float((metrics or {}).get("duration_ms", 0) or 0)
    return float(math.ceil(duration)), memory_mb, False, False


def add_requests(into: dict, requests: dict | None) -> None:
    """Add a requests-by-kind dict (PUT, GET, ..., and KIND_bytes) into ``into``, counts only."""
    for kind, n in (requests or {}).items():
        if not kind.endswith("_bytes"):
            into[kind] = into.get(kind, 0) + int(n)


def compute_cost(task_ends, prices: Prices, memory_mb: int, driver_requests: dict | None = None,
                 side_invocations=()) -> Cost:
    """The cost of the task attempts whose ``task_end`` fields are ``task_ends``, and of the
    backend's invocations outside tasks (``side_invocations``: metrics dicts)."""
    cost = Cost(prices, memory_mb)
    for metrics in side_invocations or ():
        cost.side_invocations += 1
        _bill(cost, metrics or {})
    for fields in task_ends:
        metrics = fields.get("metrics") or {}
        _bill(cost, metrics)
        add_requests(cost.s3_requests, metrics.get("requests"))
    add_requests(cost.s3_requests, driver_requests)
    return cost


def _bill(cost: Cost, metrics: dict) -> None:
    billed, mem, reported, cold = billing(metrics, cost.memory_mb)
    cost.invocations += 1
    cost.reported += reported
    cost.cold_starts += cold
    cost.billed_ms += billed
    cost.gb_seconds += billed / 1000 * mem / 1024


def cost_of_events(events: list[dict], *settings: dict) -> Cost:
    """The cost of the run in ``events`` with prices from its own settings, then ``settings``."""
    app = next((e for e in events if e.get("event") == "app_start"), {})
    end = next((e for e in events if e.get("event") == "app_end"), {})
    layers = [app.get("conf") or {}, *settings]
    prices = Prices.from_settings(*layers)
    memory_mb = app.get("memory_mb") or keys.typed(
        "spark.executor.memory", keys.REGISTRY["spark.executor.memory"].default) >> 20
    for layer in settings:
        if layer and layer.get("spark.executor.memory"):
            memory_mb = keys.typed("spark.executor.memory", layer["spark.executor.memory"]) >> 20
    return compute_cost([e for e in events if e.get("event") == "task_end"], prices, int(memory_mb),
                        end.get("driver_requests"), end.get("backend_invocations"))


def usd(amount: float) -> str:
    """A dollar amount readable at any size: $25.00, $0.0123, $0.00000420 (cents from a
    dollar up, three significant digits below)."""
    if amount == 0:
        return "$0"
    if abs(amount) >= 1:
        return f"${amount:,.2f}"
    decimals = -math.floor(math.log10(abs(amount))) + 2
    return f"${amount:.{decimals}f}"
