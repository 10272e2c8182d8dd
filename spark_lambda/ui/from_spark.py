"""Spark's listener events back into our events, for the report and the cost model.

Called by ``eventlog.read_event_log`` when a log is in Spark's format (its lines
have an ``"Event"`` field). A log we wrote carries our own fields under
``spark_events.EXTRA`` and comes back as the scheduler emitted it; a log Spark
wrote comes back as near as its fields allow: task durations from Executor Run
Time, bytes and records from the input, shuffle and output metrics, stage kind
from the task type.

``from_spark(events)`` takes the Spark events (dicts) and returns ours, in order.
"""

from __future__ import annotations

from .spark_events import EXTRA, SQL_EVENTS, SQL_EXECUTION_ID, SQL_METRICS


def _s(t) -> float | None:
    return None if t is None else float(t) / 1000


def _metrics(e: dict) -> dict:
    """Our task metrics from a Spark TaskEnd's Task Metrics (when it carries none of ours)."""
    m = e.get("Task Metrics") or {}
    info = e.get("Task Info") or {}
    read, write = m.get("Shuffle Read Metrics") or {}, m.get("Shuffle Write Metrics") or {}
    inp, out = m.get("Input Metrics") or {}, m.get("Output Metrics") or {}
    shuffle_read = int(read.get("Remote Bytes Read", 0)) + int(read.get("Local Bytes Read", 0))
    map_task = e.get("Task Type") == "ShuffleMapTask"
    launch, finish = info.get("Launch Time"), info.get("Finish Time")
    return {
        "start": _s(launch), "duration_ms": float(m.get("Executor Run Time",
                                                      (finish or 0) - (launch or 0) if finish else 0)),
        "cpu_ms": int(m.get("Executor CPU Time", 0)) / 1_000_000,
        "bytes_read": int(inp.get("Bytes Read", 0)) + shuffle_read, "shuffle_bytes_read": shuffle_read,
        "records_read": int(inp.get("Records Read", 0)) + int(read.get("Total Records Read", 0)),
        "bytes_written": int(write.get("Shuffle Bytes Written", 0) if map_task else out.get("Bytes Written", 0)),
        "records_written": int(write.get("Shuffle Records Written", 0) if map_task
                               else out.get("Records Written", 0)),
        "spill_bytes": int(m.get("Disk Bytes Spilled", 0)),
        "executor": {"id": info.get("Executor ID"), "host": info.get("Host")},
    }


def _status(reason: dict) -> tuple[str, dict | None]:
    kind = (reason or {}).get("Reason", "Success")
    if kind == "Success":
        return "success", None
    if kind == "FetchFailed":
        return "fetch_failed", {"type": "FetchFailed", "message": reason.get("Message", ""), "kind": "fetch"}
    if kind == "ExecutorLostFailure":
        return "failed", {"type": "ExecutorLostError", "message": reason.get("Loss Reason") or "",
                          "kind": "executor_lost"}
    return "failed", {"type": reason.get("Class Name", kind), "message": reason.get("Description", ""),
                      "traceback": reason.get("Full Stack Trace", ""), "kind": "user"}


def _task(e: dict, info: dict) -> dict:
    return {"stage": e.get("Stage ID"), "stage_attempt": e.get("Stage Attempt ID", 0),
            "partition": info.get("Partition ID", info.get("Index")), "attempt": info.get("Attempt", 0),
            "task_id": info.get("Task ID")}


def from_spark(events: list[dict]) -> list[dict]:
    """Our events for Spark's ``events`` (see the module docstring)."""
    out: list[dict] = []
    job_of: dict[int, int] = {}       # stage id -> the job that listed it
    kind_of: dict[int, str] = {}
    conf: dict = {}
    sql_values: dict = {}             # execution id -> {accumulator id: value}
    for e in events:
        name, extra = e.get("Event"), e.get(EXTRA) or {}
        if name == "SparkListenerEnvironmentUpdate":
            props = e.get("Spark Properties") or {}
            conf = dict(props) if isinstance(props, dict) else {k: v for k, v in props}
        elif name == "SparkListenerApplicationStart":
            out.append({"event": "app_start", "time": _s(e.get("Timestamp")), "app_id": e.get("App ID"),
                        "app_name": e.get("App Name"), "conf": conf,
                        **{"master": conf.get("spark.master", ""), **extra}})
        elif name == "SparkListenerJobStart":
            infos = e.get("Stage Infos") or []
            for i in infos:
                job_of[i["Stage ID"]] = e["Job ID"]
            final = max((i["Stage ID"] for i in infos), default=-1)
            sql = (e.get("Properties") or {}).get(SQL_EXECUTION_ID)
            out.append({"event": "job_start", "time": _s(e.get("Submission Time")), "job": e["Job ID"],
                        "sql_execution": sql,
                        "name": (e.get("Properties") or {}).get("callSite.short")
                        or next((i.get("Stage Name", "") for i in infos if i["Stage ID"] == final), ""),
                        "final_stage": final,
                        "partitions": next((i.get("Number of Tasks", 0) for i in infos
                                            if i["Stage ID"] == final), 0)})
        elif name == "SparkListenerStageSubmitted":
            si = e.get("Stage Info") or {}
            sid = si.get("Stage ID")
            kind_of.setdefault(sid, extra.get("kind", ""))
            out.append({"event": "stage_submitted", "time": _s(si.get("Submission Time")),
                        "job": extra.get("job", job_of.get(sid)), "stage": sid,
                        "attempt": si.get("Stage Attempt ID", 0), "tasks": si.get("Number of Tasks", 0),
                        "kind": extra.get("kind", ""), "name": si.get("Stage Name", ""),
                        "parents": si.get("Parent IDs", [])})
        elif name == "SparkListenerStageCompleted":
            si = e.get("Stage Info") or {}
            reason = si.get("Failure Reason") or ""
            if reason.startswith("resubmitted: "):
                out.append({"event": "stage_resubmitted", "time": _s(si.get("Completion Time")),
                            "job": job_of.get(si.get("Stage ID")), "stage": si.get("Stage ID"),
                            "attempt": si.get("Stage Attempt ID", 0) + 1,
                            "reason": reason[len("resubmitted: "):]})
                continue
            out.append({"event": "stage_completed", "time": _s(si.get("Completion Time")),
                        "job": job_of.get(si.get("Stage ID")), "stage": si.get("Stage ID"),
                        "attempt": si.get("Stage Attempt ID", 0), "tasks": si.get("Number of Tasks", 0)})
        elif name == "SparkListenerTaskStart":
            info = e.get("Task Info") or {}
            out.append({"event": "task_start", "time": _s(info.get("Launch Time")),
                        "job": job_of.get(e.get("Stage ID")), **_task(e, info),
                        "speculative": info.get("Speculative", False)})
        elif name == "SparkListenerTaskEnd":
            info = e.get("Task Info") or {}
            status, error = _status(e.get("Task End Reason"))
            if extra:
                status, error = extra.get("status", status), extra.get("error", error)
            sid = e.get("Stage ID")
            if not kind_of.get(sid):
                kind_of[sid] = "map" if e.get("Task Type") == "ShuffleMapTask" else "result"
            out.append({"event": "task_end", "time": _s(info.get("Finish Time")),
                        "job": extra.get("job", job_of.get(sid)), **_task(e, info), "status": status,
                        "metrics": extra.get("metrics") or _metrics(e), "error": error})
        elif name == "SparkListenerJobEnd":
            result = e.get("Job Result") or {}
            ok = result.get("Result") == "JobSucceeded"
            ev = {"event": "job_end", "time": _s(e.get("Completion Time")), "job": e["Job ID"], "ok": ok}
            if not ok:
                ev["reason"] = (result.get("Exception") or {}).get("Message", "")
            out.append(ev)
        elif name == SQL_EVENTS + "Start":
            out.append({"event": "sql_execution_start", "time": _s(e.get("time")),
                        "execution": e.get("executionId"), "description": e.get("description", ""),
                        "details": e.get("details", ""), "plan": e.get("physicalPlanDescription", ""),
                        "plan_info": e.get("sparkPlanInfo")})
        elif name == SQL_METRICS:
            sql_values.setdefault(e.get("executionId"), {}).update(
                (int(k), v) for k, v in e.get("accumUpdates") or [])
        elif name == SQL_EVENTS + "End":
            out.append({"event": "sql_execution_end", "time": _s(e.get("time")),
                        "execution": e.get("executionId"), "error": e.get("errorMessage") or None,
                        "rows": extra.get("rows"),
                        "metrics": sql_values.pop(e.get("executionId"), {})})
        elif name == "SparkListenerApplicationEnd":
            out.append({"event": "app_end", "time": _s(e.get("Timestamp")), **extra})
    for ev in out:   # a real Spark log names the stage kind only in its tasks
        if ev["event"] == "stage_submitted" and not ev["kind"]:
            ev["kind"] = kind_of.get(ev["stage"], "")
    return out
