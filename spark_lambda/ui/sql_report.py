"""The report's "SQL queries" section: each DataFrame action's physical plan, one row per
operator, with the rows and bytes the engine measured for it (``sql/sql_metrics.py``).

Called by ``report.render`` with the run's events: a ``sql_execution_start`` gives the plan
(Spark's ``sparkPlanInfo`` tree: operator names and lines, metric ids), the matching
``sql_execution_end`` the measured values by metric id, the jobs their ``sql_execution``.
An operator the engine does not measure shows no numbers rather than guessed ones.
"""

from __future__ import annotations

from html import escape

ROWS = ("number of output rows", "shuffle records written")
BYTES = ("data size", "shuffle bytes written")


def _size(n: int) -> str:
    value, unit = float(n), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"


def _rows(node: dict, values: dict, depth: int, out: list) -> None:
    measured = {m["name"]: values.get(str(m["accumulatorId"])) for m in node.get("metrics", [])}
    rows = next((measured[k] for k in ROWS if measured.get(k) is not None), None)
    size = next((measured[k] for k in BYTES if measured.get(k) is not None), None)
    line = node.get("simpleString", node.get("nodeName", ""))
    short = line if len(line) <= 160 else line[:157] + "..."
    attrs = f' data-node="{escape(node.get("nodeName", ""))}"'
    attrs += f' data-rows="{rows}"' if rows is not None else ""
    attrs += f' data-bytes="{size}"' if size is not None else ""
    out.append(f'<tr class="plan-node"{attrs}><td style="padding-left:{8 + 18 * depth}px" '
               f'title="{escape(line)}"><code>{escape(short)}</code></td>'
               f'<td>{"" if rows is None else f"{rows:,}"}</td>'
               f'<td>{"" if size is None else _size(size)}</td></tr>')
    for child in node.get("children", []):
        _rows(child, values, depth + 1, out)


def sql_section(events: list[dict]) -> str:
    """The section's HTML; empty when the run had no SQL execution."""
    starts = [e for e in events if e["event"] == "sql_execution_start"]
    if not starts:
        return ""
    ends = {e.get("execution"): e for e in events if e["event"] == "sql_execution_end"}
    jobs: dict = {}
    for e in events:
        if e["event"] == "job_start" and e.get("sql_execution") is not None:
            jobs.setdefault(int(e["sql_execution"]), []).append(e["job"])
    out = ['<h2 id="sql">SQL queries</h2>']
    for s in starts:
        eid = s.get("execution")
        end = ends.get(eid) or {}
        values = {str(k): v for k, v in (end.get("metrics") or {}).items()}
        if not end:
            state = '<span class="warn">did not finish in this log</span>'
        elif end.get("error"):
            state = f'<span class="warn">failed: {escape(str(end["error"]))}</span>'
        else:
            state = f"{end.get('rows', 0) or 0:,} rows returned"
        took = f" · {end['time'] - s['time']:.2f} s" if end.get("time") and s.get("time") else ""
        job_ids = ", ".join(str(j) for j in jobs.get(eid, [])) or "none"
        body: list = []
        if s.get("plan_info"):
            _rows(s["plan_info"], values, 0, body)
        out.append(f'<section class="sql-query" data-execution="{eid}"><h3>Query {eid}: '
                   f'{escape(str(s.get("description", "")))}</h3><p class="muted">{state}{took}'
                   f' · jobs {job_ids}</p><table><tr><th>operator</th><th>rows</th>'
                   f'<th>bytes</th></tr>{"".join(body)}</table></section>')
    return "".join(out)
