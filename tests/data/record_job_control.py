"""Records PySpark's job-control behaviour into pyspark_job_control.json (run by hand with
PySpark installed: ``python tests/data/record_job_control.py``); the tests only read the JSON."""

import json
import threading
import time
from pathlib import Path

from pyspark import InheritableThread, SparkContext

out = {}
sc = SparkContext("local[2]", "record")
out["version"] = sc.version

# job groups and the status tracker
sc.setJobGroup("g1", "first group")
sc.parallelize(range(10), 2).map(lambda x: (x % 3, x)).reduceByKey(lambda a, b: a + b).collect()
out["props_after_setJobGroup"] = {k: sc.getLocalProperty(k) for k in
                                  ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")}
sc._jsc.clearJobGroup()
out["props_after_clearJobGroup"] = {k: sc.getLocalProperty(k) for k in
                                    ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")}
sc.parallelize(range(4), 2).count()
st = sc.statusTracker()
out["ids_g1"] = st.getJobIdsForGroup("g1")
out["ids_none"] = st.getJobIdsForGroup()
out["ids_missing"] = st.getJobIdsForGroup("nope")
info = st.getJobInfo(out["ids_g1"][0])
out["job_info_g1"] = [info.jobId, list(info.stageIds), info.status]
stages = {}
for sid in info.stageIds:
    s = st.getStageInfo(sid)
    stages[str(sid)] = None if s is None else list(s)
out["stage_infos_g1"] = stages
out["job_info_missing"] = st.getJobInfo(999)
out["stage_info_missing"] = st.getStageInfo(999)
out["active_jobs_idle"] = st.getActiveJobsIds()
out["active_stages_idle"] = st.getActiveStageIds()

# a failed job's status
try:
    sc.parallelize([1], 1).map(lambda x: 1 / 0).collect()
except Exception:
    pass
last = max(st.getJobIdsForGroup())
out["failed_job_status"] = st.getJobInfo(last).status

# setInterruptOnCancel / setJobDescription
sc.setInterruptOnCancel(True)
sc.setJobDescription("described")
out["props_interrupt_description"] = {k: sc.getLocalProperty(k) for k in
                                      ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")}
sc.setJobDescription(None)
out["description_after_none"] = sc.getLocalProperty("spark.job.description")
sc.setLocalProperty("spark.job.interruptOnCancel", None)

# local properties and threads
sc.setLocalProperty("k", "v")
seen = {}
def look(name):
    seen[name] = sc.getLocalProperty("k")
t = InheritableThread(target=look, args=("inheritable",)); t.start(); t.join()
t = threading.Thread(target=look, args=("plain",)); t.start(); t.join()
out["thread_inheritance"] = seen
sc.setLocalProperty("k", None)
out["after_remove"] = sc.getLocalProperty("k")
try:
    sc.setLocalProperty("n", 5)
    out["set_int"] = ["ok", sc.getLocalProperty("n")]
except Exception as e:
    out["set_int"] = ["error", type(e).__name__]

# job tags
sc.addJobTag("t1"); sc.addJobTag("t2")
out["tags"] = sorted(sc.getJobTags())
out["tags_type"] = type(sc.getJobTags()).__name__
out["tags_prop"] = sc.getLocalProperty("spark.job.tags")
sc.parallelize(range(4), 2).count()
sc.removeJobTag("t1")
out["tags_after_remove"] = sorted(sc.getJobTags())
for bad in ("", "a,b"):
    try:
        sc.addJobTag(bad)
        out["addJobTag_" + repr(bad)] = "ok"
    except Exception as e:
        out["addJobTag_" + repr(bad)] = [type(e).__name__, str(e).splitlines()[0][:300]]
sc.clearJobTags()
out["tags_after_clear"] = sorted(sc.getJobTags())


def slow(x):
    time.sleep(3)
    return x


def cancelled_message(start_cancel):
    box = {}
    def run():
        try:
            sc.parallelize(range(8), 8).map(slow).collect()
            box["r"] = "finished"
        except Exception as e:
            box["r"] = [type(e).__name__, str(e)]
    def job():
        start_cancel[0]()
        run()
    t = InheritableThread(target=job); t.start()
    time.sleep(2)
    start_cancel[1]()
    t.join()
    return box["r"]


def lines_with(r, word):
    return r if isinstance(r, str) else [r[0], [l for l in r[1].splitlines() if word in l][:2]]


r = cancelled_message([lambda: sc.setJobGroup("gc", "to cancel"), lambda: sc.cancelJobGroup("gc")])
out["cancel_group"] = lines_with(r, "cancelled")
r = cancelled_message([lambda: None, lambda: sc.cancelAllJobs()])
out["cancel_all"] = lines_with(r, "cancelled")
r = cancelled_message([lambda: sc.addJobTag("tc"), lambda: sc.cancelJobsWithTag("tc")])
out["cancel_tag"] = lines_with(r, "cancelled")

# collectWithJobGroup leaves the group set?
sc._jsc.clearJobGroup()
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    out["collectWithJobGroup"] = sc.parallelize([1, 2], 2).collectWithJobGroup("cg", "d")
    out["collectWithJobGroup_warnings"] = [type(x.message).__name__ for x in w]
out["group_after_collectWithJobGroup"] = sc.getLocalProperty("spark.jobGroup.id")
out["ids_cg"] = st.getJobIdsForGroup("cg")
sc.stop()
Path(__file__).with_name("pyspark_job_control.json").write_text(json.dumps(out, indent=1, default=str) + "\n")
print(json.dumps(out, indent=1, default=str))
