"""``spark-lambda report EVENTLOG``: one self-contained HTML page about a run.

Called by the command line (``cli/main.py``) with an event log's URL. Reads the
events (``eventlog.read_event_log``), rebuilds the run (``analysis.build``),
prices it (``cost.cost_of_events``) and writes one HTML file with inline CSS
and SVG (no scripts, nothing fetched), section by section:

1. the application: name, id, master, wall time, whether the log is complete;
2. cost: Lambda compute (GB-seconds), Lambda requests, S3 requests by kind,
   each row with its quantity, unit price and amount (also as ``data-``
   attributes), and the prices used with the keys that change them;
3. jobs, the SQL queries (each one's physical plan with the rows and bytes measured per
   operator, ``sql_report``), then in-flight task attempts over time;
4. every stage attempt: its numbers and a timeline with one mark per task
   attempt (failures red, stragglers outlined);
5. shuffle volume per stage, failures and stragglers.

The output goes through the object store like any other output, so it is
written whole or not at all.
"""

from __future__ import annotations

import datetime
from html import escape

from .. import storage
from . import analysis, svg
from .cost import Cost, cost_of_events, usd
from .eventlog import read_event_log
from .sql_report import sql_section

CSS = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:18px 0 6px} .muted{color:#666} .warn{color:#a40}
table{border-collapse:collapse;margin:6px 0}
td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
td:first-child,th:first-child{text-align:left} th{background:#f6f6f6}
tr.total td{font-weight:600;border-top:2px solid #999} tr.failed td{color:#b00}
.task-attempt.ok{fill:#4a90d9} .task-attempt.failed{fill:#d0021b}
.task-attempt.straggler{stroke:#f5a623;stroke-width:2}
.axis,.tick{stroke:#999} .tick-label,.row-label{font-size:10px;fill:#666}
.inflight{fill:none;stroke:#4a90d9;stroke-width:1.5} .limit{stroke:#d0021b;stroke-dasharray:4 3}
.bar{display:inline-block;height:10px;background:#7ab;vertical-align:middle}
code{background:#f3f3f3;padding:0 3px}
"""


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _memory_mb(metrics: dict) -> float:
    """The most memory a task attempt's executor used: Lambda's Max Memory Used when
    reported, else the worker process's peak resident size."""
    report = metrics.get("lambda") or {}
    if report.get("max_memory_used_mb") is not None:
        return float(report["max_memory_used_mb"])
    return float(metrics.get("peak_memory_kb") or 0) / 1024


def _when(t: float | None) -> str:
    if not t:
        return ""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _table(head: list[str], rows: list[str]) -> str:
    header = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" if head else ""
    return "<table>" + header + "".join(rows) + "</table>"


def _cells(values) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def _cost_section(cost: Cost) -> str:
    p = cost.prices
    rows = [
        ("lambda-compute", "Lambda compute", f"{cost.gb_seconds:.3f} GB-s", cost.gb_seconds,
         f"{p.gb_second:g} / GB-s", cost.compute_usd),
        ("lambda-requests", "Lambda requests", f"{cost.invocations} invocations"
         + (f" ({cost.side_invocations} outside tasks)" if cost.side_invocations else ""), cost.invocations,
         f"{p.requests_per_million:g} / million", cost.requests_usd),
    ]
    for kind in sorted(cost.s3_requests):
        n = cost.s3_requests[kind]
        rows.append((f"s3-{kind.lower()}", f"S3 {kind} requests", f"{n}", n,
                     f"{p.per_request(kind) * 1000:g} / 1,000", cost.s3_usd(kind)))
    body = [f'<tr data-cost-item="{item}" data-quantity="{q!r}" data-usd="{amount!r}">'
            + _cells([escape(label), shown, escape(price), usd(amount)]) + "</tr>"
            for item, label, shown, q, price, amount in rows]
    body.append(f'<tr class="total" data-cost-item="total" data-usd="{cost.total_usd!r}">'
                + _cells(["Total", "", "", usd(cost.total_usd)]) + "</tr>")
    if cost.estimated:
        how = (f'<p class="warn">Estimated: {cost.invocations - cost.reported} of {cost.invocations} task '
               f"attempts carried no Lambda REPORT line (a local run), so they are priced as if they "
               f"had run on Lambda for their measured duration, rounded up to the millisecond, at "
               f"{cost.memory_mb} MB (<code>spark.executor.memory</code>).</p>")
    else:
        how = "<p>Measured: billed durations and memory sizes from the invocations' REPORT lines.</p>"
    prices = _table(["price key", "value", "unit"],
                    [f"<tr>{_cells([f'<code>{k}</code>', f'{v:g}', escape(u)])}</tr>"
                     for k, v, u in p.table()])
    return (f'<h2 id="cost">Cost</h2>{how}'
            + _table(["item", "quantity", "unit price (USD)", "cost"], body)
            + f"<p>{cost.cold_starts} cold start(s), {cost.billed_ms:.0f} billed ms in all.</p>"
            + "<h3>Prices used</h3><p class=\"muted\">Change them with <code>--conf KEY=VALUE</code> "
              "on <code>spark-lambda report</code> (or in the application's configuration).</p>"
            + prices)


def _jobs_section(run: analysis.Run) -> str:
    rows = []
    for job in run.jobs:
        tasks = sum(len(s.tasks) for s in job.stages)
        status = "running" if job.ok is None else ("succeeded" if job.ok else "failed")
        took = f"{(job.end - job.start):.3f} s" if job.end and job.start else ""
        rows.append(f'<tr class="{"failed" if job.ok is False else ""}" data-job="{job.id}">'
                    + _cells([job.id, escape(job.name), len(job.stages), tasks, took, status]) + "</tr>")
    return '<h2 id="jobs">Jobs</h2>' + _table(["job", "name", "stage attempts", "task attempts",
                                               "duration", "status"], rows)


def _stage_section(sa: analysis.StageAttempt) -> str:
    ok = [t for t in sa.tasks if t.status == "success"]
    durations = sorted(t.duration_ms for t in ok)
    median = durations[len(durations) // 2] if durations else 0
    took = f"{sa.completed - sa.submitted:.3f} s" if sa.completed and sa.submitted else "did not finish"
    facts = [("job", sa.job), ("kind", sa.kind), ("tasks", sa.num_tasks), ("task attempts", len(sa.tasks)),
             ("failed attempts", len(sa.failed)), ("duration", took),
             ("median / max task", f"{median:.1f} / {durations[-1] if durations else 0:.1f} ms"),
             ("records in / out", f"{sa.total('records_read')} / {sa.total('records_written')}"),
             ("bytes in / out", f"{_size(sa.total('bytes_read'))} / {_size(sa.total('bytes_written'))}"),
             ("spills", f"{sa.total('spills')} ({_size(sa.total('spill_bytes'))})"),
             ("peak memory", f"{max([_memory_mb(t.metrics) for t in sa.tasks] + [0]):.0f} MB"),
             ("cold starts", sum(1 for t in sa.tasks
                                 if (t.metrics.get("lambda") or {}).get("init_duration_ms") is not None))]
    note = f'<p class="warn">Replaced by a new attempt: {escape(sa.resubmitted)}</p>' if sa.resubmitted else ""
    return (f'<section class="stage" data-stage="{sa.stage}" data-stage-attempt="{sa.attempt}">'
            f"<h3>Stage {sa.stage} (attempt {sa.attempt}): {escape(sa.name)}</h3>{note}"
            + _table([k for k, _ in facts], [f"<tr>{_cells([escape(str(v)) for _, v in facts])}</tr>"])
            + svg.timeline(sa.tasks) + "</section>")


def _shuffle_section(run: analysis.Run) -> str:
    rows, top = [], max([s.total("bytes_written") for s in run.stages if s.kind == "map"] + [1])
    for sa in run.stages:
        if sa.kind != "map":
            continue
        written = sa.total("bytes_written")
        rows.append(f'<tr data-stage="{sa.stage}" data-shuffle-bytes="{written}">'
                    + _cells([f"stage {sa.stage} (attempt {sa.attempt})", sa.total("records_written"),
                              _size(written),
                              f'<span class="bar" style="width:{300 * written / top:.0f}px"></span>'])
                    + "</tr>")
    if not rows:
        return '<h2 id="shuffle">Shuffle</h2><p class="muted">No shuffle in this run.</p>'
    return '<h2 id="shuffle">Shuffle</h2>' + _table(["map stage", "records written", "bytes written", ""], rows)


def _problems_section(run: analysis.Run) -> str:
    failed = [t for t in run.attempts if t.status not in ("success", "running")]
    slow = [t for t in run.attempts if t.straggler]
    out = ['<h2 id="problems">Failures and stragglers</h2>']
    if not failed and not slow:
        return out[0] + '<p class="muted">No failed attempts and no stragglers.</p>'
    if failed:
        out.append("<h3>Failed task attempts</h3>")
        out.append(_table(["stage", "partition", "attempt", "status", "error"], [
            f'<tr class="failed" data-failed-task="{t.task_id}">'
            + _cells([t.stage, t.partition, t.attempt, escape(t.status),
                      escape(f"{(t.error or {}).get('type', '')}: {(t.error or {}).get('message', '')}"[:500])])
            + "</tr>" for t in failed]))
    if slow:
        out.append(f"<h3>Stragglers</h3><p class=\"muted\">Successful attempts that took at least "
                   f"{analysis.STRAGGLER_FACTOR:g} times their stage's median, and "
                   f"{analysis.STRAGGLER_MIN_MS:g} ms more.</p>")
        out.append(_table(["stage", "partition", "attempt", "duration"], [
            f'<tr data-straggler="{t.task_id}">' + _cells([t.stage, t.partition, t.attempt,
                                                          f"{t.duration_ms:.1f} ms"]) + "</tr>"
            for t in slow]))
    return "".join(out)


def _scaling_note(scaling: dict | None) -> str:
    """One paragraph on the platform's scaling (``backend_scaling`` of ``app_end``), or ""."""
    if not scaling or not scaling.get("invocations"):
        return ""
    return (f'<p data-scaling-ramp="{scaling["ramp_s"]!r}">Scaling: at most {scaling["peak_in_flight"]} '
            f"invocations ran at once, reached {scaling['ramp_s']:.2f} s after the stage's first invocation; "
            f"{scaling['throttles']} throttled attempt(s) were retried (never failures), after "
            f"{scaling['throttle_wait_s']:.2f} s of back-off in all.</p>")


def render(events: list[dict], *settings: dict) -> str:
    """The report's HTML for the run in ``events`` (``settings`` override its prices)."""
    run = analysis.build(events)
    cost = cost_of_events(events, *settings)
    app = run.app
    title = f"{app.get('app_name', 'application')} ({app.get('app_id', 'unknown id')})"
    state = ("complete" if run.complete else
             '<span class="warn">incomplete: the log has no application end</span>')
    header = (f"<h1>{escape(title)}</h1><p class=\"muted\">master <code>{escape(str(app.get('master', '')))}"
              f"</code> · started {_when(app.get('time'))} · wall time {run.wall_seconds:.2f} s · "
              f"{len(run.jobs)} jobs · {len(run.attempts)} task attempts · log {state}</p>")
    inflight = ('<h2 id="concurrency">Task attempts in flight</h2>'
                + svg.concurrency(analysis.concurrency(run.attempts), run.first, run.last,
                                  app.get("max_concurrency"))
                + _scaling_note((run.end or {}).get("backend_scaling")))
    stages = '<h2 id="stages">Stages</h2>' + "".join(_stage_section(s) for s in run.stages)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + header + _cost_section(cost) + _jobs_section(run) + sql_section(events)
            + inflight + stages
            + _shuffle_section(run) + _problems_section(run) + "</body></html>")


def write_report(log: str, output: str, settings: dict | None = None) -> str:
    """Read the event log at ``log``, write its report to ``output``; returns ``output``."""
    html = render(read_event_log(log), settings or {})
    store, key = storage.resolve(output)
    store.put(key, html.encode("utf-8"))
    return output
