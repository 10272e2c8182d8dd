"""Our scheduler events as Spark's listener events, the JSON the History Server replays.

Called by ``eventlog.EventLogWriter`` with each event as the scheduler emits it;
``SparkEvents(name, fields)`` returns the Spark events (dicts, one JSON line
each) that stand for it, in the order Spark writes them:

==================  ===============================================================
app_start           SparkListenerLogStart, ResourceProfileAdded, EnvironmentUpdate,
                    ApplicationStart
job_start           SparkListenerJobStart, with a Stage Info for every stage the job
                    may run (those whose outputs exist are skipped, as in Spark)
stage_submitted     SparkListenerStageSubmitted
task_start          nothing yet: Spark names the executor at launch, and we learn it
                    from the result, so the task's start is written with its end
task_end            SparkListenerExecutorAdded (the first time an executor is seen),
                    SparkListenerTaskStart (with the launch time), SparkListenerTaskEnd
                    with Task Info, Task Metrics and its end reason
stage_resubmitted   SparkListenerStageCompleted of the replaced attempt, with its reason
stage_completed     SparkListenerStageCompleted
job_end             SparkListenerStageCompleted (failed) for stage attempts still
                    running, SparkListenerJobEnd
sql_execution_start SparkListenerSQLExecutionStart (the plan's text and node tree)
sql_execution_end   SparkListenerDriverAccumUpdates (the plan's metric values),
                    SparkListenerSQLExecutionEnd
app_end             SparkListenerApplicationEnd
==================  ===============================================================

An executor is where tasks ran: a Lambda instance (its log stream) or a local worker
process, numbered "1", "2", ... in the order they were first seen, one core each.

Our own fields ride along under ``"spark-lambda"`` (``EXTRA``) in the events that
carry them; Spark's JSON reader skips fields it does not know, and ``from_spark``
reads them back, so nothing the report needs is lost.
"""

from __future__ import annotations

import platform

from ..version import __version__

EXTRA = "spark-lambda"
SQL_EVENTS = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecution"   # + Start, End
SQL_METRICS = "org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates"
SQL_EXECUTION_ID = "spark.sql.execution.id"
SPARK_VERSION = "4.0.0"   # the event log format written (what SparkListenerLogStart says)


def ms(t) -> int:
    """Epoch seconds as Spark's epoch milliseconds."""
    return int(round(float(t or 0) * 1000))


def _stage_info(info: dict, attempt: int = 0, submitted=None, completed=None,
                failure: str | None = None) -> dict:
    out = {"Stage ID": info["stage"], "Stage Attempt ID": attempt, "Stage Name": info.get("name", ""),
           "Number of Tasks": info.get("tasks", 0), "RDD Info": [],
           "Parent IDs": list(info.get("parents", [])), "Details": "", "Accumulables": [],
           "Resource Profile Id": 0, "Shuffle Push Enabled": False, "Shuffle Push Mergers Count": 0}
    if submitted is not None:
        out["Submission Time"] = ms(submitted)
    if completed is not None:
        out["Completion Time"] = ms(completed)
    if failure is not None:
        out["Failure Reason"] = failure
    return out


def end_reason(status: str, error: dict | None, executor_id: str) -> dict:
    """Spark's Task End Reason for one of our task results."""
    error = error or {}
    if status == "success":
        return {"Reason": "Success"}
    if status == "fetch_failed":
        return {"Reason": "FetchFailed", "Block Manager Address": None, "Shuffle ID": -1, "Map ID": -1,
                "Map Index": -1, "Reduce ID": -1, "Message": error.get("message", "")}
    if error.get("kind") == "executor_lost":
        return {"Reason": "ExecutorLostFailure", "Executor ID": executor_id, "Exit Caused By App": True,
                "Loss Reason": error.get("message", "")}
    return {"Reason": "ExceptionFailure", "Class Name": error.get("type", "Exception"),
            "Description": error.get("message", ""), "Stack Trace": [],
            "Full Stack Trace": error.get("traceback", ""), "Accumulator Updates": []}


def task_metrics(kind: str, m: dict) -> dict:
    """Spark's Task Metrics from our task metrics (times in ms, CPU and write times in ns)."""
    shuffle_bytes = int(m.get("shuffle_bytes_read", 0) or 0)
    shuffle_records = int(m.get("records_read", 0) or 0) if shuffle_bytes else 0
    written, records_written = int(m.get("bytes_written", 0) or 0), int(m.get("records_written", 0) or 0)
    spilled = int(m.get("spill_bytes", 0) or 0)
    return {
        "Executor Deserialize Time": 0, "Executor Deserialize CPU Time": 0,
        "Executor Run Time": int(round(float(m.get("duration_ms", 0) or 0))),
        "Executor CPU Time": int(float(m.get("cpu_ms", 0) or 0) * 1_000_000),
        "Peak Execution Memory": 0, "Result Size": 0, "JVM GC Time": 0, "Result Serialization Time": 0,
        "Memory Bytes Spilled": spilled, "Disk Bytes Spilled": spilled,
        "Shuffle Read Metrics": {
            "Remote Blocks Fetched": int(m.get("shuffle_blocks_read", 0) or 0), "Local Blocks Fetched": 0,
            "Fetch Wait Time": 0, "Remote Bytes Read": shuffle_bytes, "Remote Bytes Read To Disk": 0,
            "Local Bytes Read": 0, "Total Records Read": shuffle_records, "Remote Requests Duration": 0},
        "Shuffle Write Metrics": {
            "Shuffle Bytes Written": written if kind == "map" else 0, "Shuffle Write Time": 0,
            "Shuffle Records Written": records_written if kind == "map" else 0},
        "Input Metrics": {"Bytes Read": int(m.get("bytes_read", 0) or 0) - shuffle_bytes, "Records Read": 0},
        "Output Metrics": {"Bytes Written": written if kind != "map" else 0,
                           "Records Written": records_written if kind != "map" else 0},
        "Updated Blocks": [],
    }


class SparkEvents:
    """Turns one application's events into Spark's (see the module docstring)."""

    def __init__(self, user: str = ""):
        self.user = user
        self.stages: dict[int, dict] = {}          # stage id -> its info from job_start
        self.kinds: dict[int, str] = {}
        self.running: dict[tuple, tuple] = {}      # (stage, attempt) -> (submission time, job)
        self.launched: dict[int, dict] = {}        # task id -> its task_start fields
        self.executors: dict[str, str] = {}        # our executor identity -> Spark's executor id

    def __call__(self, name: str, f: dict) -> list[dict]:
        handler = getattr(self, "_" + name, None)
        return handler(f) if handler else []

    def _app_start(self, f):
        conf = f.get("conf") or {}
        extra = {k: f.get(k) for k in ("master", "backend", "version", "memory_mb", "max_concurrency")}
        return [
            {"Event": "SparkListenerLogStart", "Spark Version": SPARK_VERSION},
            {"Event": "SparkListenerResourceProfileAdded", "Resource Profile Id": 0,
             "Executor Resource Requests": {
                 "cores": {"Resource Name": "cores", "Amount": 1, "Discovery Script": "", "Vendor": ""},
                 "memory": {"Resource Name": "memory", "Amount": int(f.get("memory_mb") or 0),
                            "Discovery Script": "", "Vendor": ""}},
             "Task Resource Requests": {"cpus": {"Resource Name": "cpus", "Amount": 1.0}}},
            {"Event": "SparkListenerEnvironmentUpdate",
             "JVM Information": {"Java Home": "", "Java Version": "", "Scala Version": "",
                                 "Python Version": platform.python_version(),
                                 "spark-lambda Version": __version__},
             "Spark Properties": {k: str(v) for k, v in sorted(conf.items())},
             "Hadoop Properties": {}, "System Properties": {}, "Metrics Properties": {},
             "Classpath Entries": {}},
            {"Event": "SparkListenerApplicationStart", "App Name": f.get("app_name", ""),
             "App ID": f.get("app_id", ""), "Timestamp": ms(f.get("time")), "User": self.user,
             EXTRA: extra},
        ]

    def _job_start(self, f):
        infos = f.get("stages") or [{"stage": f.get("final_stage", -1), "name": f.get("name", ""),
                                     "tasks": f.get("partitions", 0), "kind": "result", "parents": []}]
        for info in infos:
            self.stages[info["stage"]] = info
        props = {"callSite.short": f.get("name", "")}
        if f.get("sql_execution") is not None:
            props[SQL_EXECUTION_ID] = str(f["sql_execution"])
        return [{"Event": "SparkListenerJobStart", "Job ID": f["job"], "Submission Time": ms(f.get("time")),
                 "Stage Infos": [_stage_info(i) for i in infos], "Stage IDs": [i["stage"] for i in infos],
                 "Properties": props}]

    def _sql_execution_start(self, f):
        eid = f["execution"]
        return [{"Event": SQL_EVENTS + "Start", "executionId": eid, "rootExecutionId": eid,
                 "description": f.get("description", ""), "details": f.get("details", ""),
                 "physicalPlanDescription": f.get("plan", ""), "sparkPlanInfo": f.get("plan_info"),
                 "time": ms(f.get("time")), "modifiedConfigs": {}, "jobTags": [], "jobGroupId": None}]

    def _sql_execution_end(self, f):
        values = sorted((int(k), int(v)) for k, v in (f.get("metrics") or {}).items())
        return [{"Event": SQL_METRICS, "executionId": f["execution"],
                 "accumUpdates": [list(kv) for kv in values]},
                {"Event": SQL_EVENTS + "End", "executionId": f["execution"], "time": ms(f.get("time")),
                 "errorMessage": f.get("error") or "", EXTRA: {"rows": f.get("rows")}}]

    def _stage_submitted(self, f):
        info = dict(self.stages.get(f["stage"], {}), stage=f["stage"], name=f.get("name", ""),
                    tasks=f.get("tasks", 0), parents=f.get("parents", []))
        self.stages[f["stage"]] = info
        self.kinds[f["stage"]] = f.get("kind", "")
        self.running[(f["stage"], f["attempt"])] = (f.get("time"), f.get("job"))
        return [{"Event": "SparkListenerStageSubmitted",
                 "Stage Info": _stage_info(info, f["attempt"], submitted=f.get("time")),
                 "Properties": {}, EXTRA: {"kind": f.get("kind", ""), "job": f.get("job")}}]

    def _stage_done(self, stage: int, attempt: int, when, failure: str | None = None) -> list[dict]:
        submitted, _job = self.running.pop((stage, attempt), (None, None))
        if submitted is None:
            return []
        info = self.stages.get(stage, {"stage": stage})
        return [{"Event": "SparkListenerStageCompleted",
                 "Stage Info": _stage_info(info, attempt, submitted, when, failure)}]

    def _stage_completed(self, f):
        return self._stage_done(f["stage"], f["attempt"], f.get("time"))

    def _stage_resubmitted(self, f):
        return self._stage_done(f["stage"], f["attempt"] - 1, f.get("time"),
                                f"resubmitted: {f.get('reason') or 'fetch failure'}")

    def _task_start(self, f):
        self.launched[f["task_id"]] = f
        return []

    def _executor(self, metrics: dict, when) -> tuple[str, str, list[dict]]:
        where = metrics.get("executor") or {}
        if not where.get("id"):
            return "unknown", "unknown", []
        host = where.get("host", "")
        if where["id"] in self.executors:
            return self.executors[where["id"]], host, []
        self.executors[where["id"]] = eid = str(len(self.executors) + 1)
        attributes = {"instance": where["id"], "kind": where.get("kind", "")}
        if where.get("function"):
            attributes["function"] = where["function"]
        return eid, host, [{"Event": "SparkListenerExecutorAdded", "Timestamp": ms(when),
                            "Executor ID": eid,
                            "Executor Info": {"Host": host, "Total Cores": 1, "Log Urls": {},
                                              "Attributes": attributes, "Resources": {},
                                              "Resource Profile Id": 0}}]

    def _task_end(self, f):
        start = self.launched.pop(f["task_id"], None) or f
        metrics = f.get("metrics") or {}
        eid, host, added = self._executor(metrics, start.get("time"))
        ok = f.get("status") == "success"
        info = {"Task ID": f["task_id"], "Index": f["partition"], "Attempt": f["attempt"],
                "Partition ID": f["partition"], "Launch Time": ms(start.get("time")), "Executor ID": eid,
                "Host": host, "Locality": "PROCESS_LOCAL", "Speculative": bool(start.get("speculative")),
                "Getting Result Time": 0, "Finish Time": 0, "Failed": False, "Killed": False,
                "Accumulables": []}
        stage = {"Stage ID": f["stage"], "Stage Attempt ID": f.get("stage_attempt", 0)}
        kind = self.kinds.get(f["stage"], "")
        ended = dict(info, **{"Finish Time": ms(f.get("time")), "Failed": not ok})
        return added + [
            {"Event": "SparkListenerTaskStart", **stage, "Task Info": info},
            {"Event": "SparkListenerTaskEnd", **stage,
             "Task Type": "ShuffleMapTask" if kind == "map" else "ResultTask",
             "Task End Reason": end_reason(f.get("status", "failed"), f.get("error"), eid),
             "Task Info": ended,
             "Task Executor Metrics": {"ProcessTreePythonRSSMemory":
                                       int(metrics.get("peak_memory_kb", 0) or 0) * 1024},
             "Task Metrics": task_metrics(kind, metrics),
             EXTRA: {"job": f.get("job"), "status": f.get("status"), "metrics": metrics,
                     "error": f.get("error")}},
        ]

    def _job_end(self, f):
        out = []
        if not f.get("ok"):
            for stage, attempt in [k for k, (_, job) in self.running.items() if job == f["job"]]:
                out += self._stage_done(stage, attempt, f.get("time"), f.get("reason") or "job failed")
            result = {"Result": "JobFailed",
                      "Exception": {"Message": f.get("reason", ""), "Stack Trace": []}}
        else:
            result = {"Result": "JobSucceeded"}
        return out + [{"Event": "SparkListenerJobEnd", "Job ID": f["job"], "Completion Time": ms(f.get("time")),
                       "Job Result": result}]

    def _app_end(self, f):
        return [{"Event": "SparkListenerApplicationEnd", "Timestamp": ms(f.get("time")), "ExitCode": 0,
                 EXTRA: {"driver_requests": f.get("driver_requests") or {},
                         "backend_invocations": f.get("backend_invocations") or [],
                         "backend_scaling": f.get("backend_scaling")}}]
