"""Inline SVG charts for the report: a stage's task timeline, in-flight concurrency.

Called by ``report.py``; returns SVG markup as strings (no scripts, no
external resources). Times are seconds since the epoch; each chart maps its
own time range onto its width.

* ``timeline``: one ``<rect class="task-attempt ...">`` per task attempt,
  placed on a row by ``analysis.lanes`` so that attempts in a row never
  overlap; each carries ``data-task-id``, ``data-stage``, ``data-partition``,
  ``data-attempt``, ``data-status`` and ``data-duration-ms`` (what a test or a
  reader's tooling can count) and a ``<title>`` tooltip.
* ``concurrency``: the step function of attempts in flight, as one path.
"""

from __future__ import annotations

from html import escape

from .analysis import TaskAttempt, lanes

WIDTH = 900
RIGHT = 24      # right margin (room for the last tick's label)
AXIS = 18       # height of the time axis under a chart
ROW = 12        # height of one timeline row
PAD = 40        # left margin (row labels, y axis)


def _ticks(span: float, count: int = 6) -> list[float]:
    """Round tick positions (in seconds) covering ``[0, span]``."""
    if span <= 0:
        return [0.0]
    raw = span / count
    for step in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60,
                 120, 300, 600, 1800, 3600):
        if step >= raw:
            break
    n = int(span / step)
    return [i * step for i in range(n + 1)]


def _axis(t0: float, span: float, scale: float, y: float) -> str:
    parts = [f'<line class="axis" x1="{PAD}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>']
    for tick in _ticks(span):
        x = PAD + tick * scale
        label = f"{tick:g} s"
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}"/>'
                     f'<text class="tick-label" x="{x:.1f}" y="{y + 14}" text-anchor="middle">{label}</text>')
    return "".join(parts)


def _tooltip(t: TaskAttempt) -> str:
    lines = [f"task {t.task_id}: partition {t.partition}, attempt {t.attempt}",
             f"{t.status}, {t.duration_ms:.1f} ms" + (" (straggler)" if t.straggler else "")]
    m = t.metrics
    if m:
        lines.append(f"records in/out {m.get('records_read', 0)}/{m.get('records_written', 0)}, "
                     f"bytes in/out {m.get('bytes_read', 0)}/{m.get('bytes_written', 0)}")
        report = m.get("lambda")
        if isinstance(report, dict):
            lines.append(f"billed {report.get('billed_duration_ms')} ms at {report.get('memory_size_mb')} MB"
                         + (f", cold start {report['init_duration_ms']} ms"
                            if report.get("init_duration_ms") is not None else ""))
    if t.error:
        lines.append(f"{t.error.get('type')}: {t.error.get('message', '')}"[:300])
    return escape("\n".join(lines))


def timeline(attempts: list[TaskAttempt]) -> str:
    """An SVG with one mark per task attempt, rows packed so marks never overlap."""
    if not attempts:
        return '<svg class="timeline" width="0" height="0"></svg>'
    t0 = min(t.start for t in attempts)
    span = max(max(t.end for t in attempts) - t0, 1e-3)
    scale = (WIDTH - PAD - RIGHT) / span
    row_of = lanes(attempts)
    rows = max(row_of.values()) + 1
    height = rows * ROW + AXIS + 4
    marks = []
    for t in sorted(attempts, key=lambda t: t.task_id):
        x = PAD + (t.start - t0) * scale
        w = max((t.end - t.start) * scale, 1.5)
        y = 2 + row_of[t.task_id] * ROW
        cls = "task-attempt " + ("ok" if t.status == "success" else "failed")
        if t.straggler:
            cls += " straggler"
        marks.append(
            f'<rect class="{cls}" x="{x:.2f}" y="{y}" width="{w:.2f}" height="{ROW - 2}" '
            f'data-task-id="{t.task_id}" data-stage="{t.stage}" data-stage-attempt="{t.stage_attempt}" '
            f'data-partition="{t.partition}" data-attempt="{t.attempt}" data-status="{escape(t.status)}" '
            f'data-duration-ms="{t.duration_ms:.3f}"><title>{_tooltip(t)}</title></rect>')
    label = f'<text class="row-label" x="2" y="{ROW}">{rows} row{"s" if rows != 1 else ""}</text>'
    return (f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" data-attempts="{len(attempts)}">{label}{"".join(marks)}'
            f'{_axis(t0, span, scale, rows * ROW + 3)}</svg>')


def concurrency(steps: list[tuple[float, int]], t0: float, t1: float, limit: int | None = None) -> str:
    """An SVG step chart of attempts in flight between ``t0`` and ``t1``."""
    height = 120
    span = max(t1 - t0, 1e-3)
    peak = max([n for _, n in steps] + [limit or 0, 1])
    sx = (WIDTH - PAD - RIGHT) / span
    sy = (height - AXIS - 10) / peak
    base = height - AXIS

    def point(t, n):
        return f"{PAD + (t - t0) * sx:.2f},{base - n * sy:.2f}"

    path, level = [point(t0, 0)], 0
    for t, n in steps:
        path.append(point(t, level))
        path.append(point(t, n))
        level = n
    path.append(point(t1, level))
    parts = [f'<polyline class="inflight" points="{" ".join(path)}"/>',
             f'<text class="row-label" x="2" y="{base - peak * sy + 4:.1f}">{peak}</text>',
             f'<text class="row-label" x="2" y="{base}">0</text>']
    if limit:
        y = base - limit * sy
        parts.append(f'<line class="limit" x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}">'
                     f'<title>in-flight cap: {limit}</title></line>')
    peak_seen = max([n for _, n in steps] + [0])
    return (f'<svg class="concurrency" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" data-peak="{peak_seen}">'
            f'{"".join(parts)}{_axis(t0, span, sx, base)}</svg>')
