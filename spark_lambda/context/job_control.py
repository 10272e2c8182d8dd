"""SparkContext's job control: local properties, job groups and tags, cancellation, status.

Mixed into ``SparkContext`` (``context.py``). Everything here is per thread,
as in PySpark: a thread's job group, description, ``interruptOnCancel`` and
tags are local properties (``local_properties.py``) that each job started by
the thread takes a copy of. ``cancelJobGroup``, ``cancelJobsWithTag`` and
``cancelAllJobs`` may be called from any thread; the cancelled jobs raise
``JobCancelledError`` in the threads that run them, and other jobs go on
(``scheduler/dag.py`` tells what happens to their tasks).
"""

from __future__ import annotations

from ..status import StatusTracker
from .local_properties import JOB_DESCRIPTION, JOB_GROUP_ID, JOB_INTERRUPT_ON_CANCEL, JOB_TAGS


class JobControlMixin:
    """Local properties, job groups, job tags, cancellation and the status tracker."""

    # --- local properties -----------------------------------------------------------------
    def setLocalProperty(self, key: str, value: str | None) -> None:
        """Set a property of the jobs this thread starts from now on (None removes it).
        Tasks read it with ``TaskContext.getLocalProperty``."""
        if value is not None and not isinstance(value, str):
            raise TypeError(f"Local property values are strings, got {type(value).__name__} for {key!r}: "
                            "pass str(value).")
        self.local_properties.set(key, value)

    def getLocalProperty(self, key: str) -> str | None:
        """A local property of this thread, or None when it is not set."""
        return self.local_properties.get(key)

    # --- job groups -----------------------------------------------------------------------
    def setJobGroup(self, groupId: str, description: str, interruptOnCancel: bool = False) -> None:
        """Put the jobs this thread starts from now on in group ``groupId`` (until it is set to
        another group or cleared), so that ``cancelJobGroup`` can cancel them together. With
        ``interruptOnCancel`` a cancellation stops their running tasks (local worker processes
        are killed and replaced) instead of letting them finish unobserved."""
        self.local_properties.set(JOB_GROUP_ID, groupId)
        self.local_properties.set(JOB_DESCRIPTION, description)
        self.local_properties.set(JOB_INTERRUPT_ON_CANCEL, "true" if interruptOnCancel else "false")

    def clearJobGroup(self) -> None:
        """Take this thread out of its job group (its description and interrupt setting go too)."""
        for key in (JOB_GROUP_ID, JOB_DESCRIPTION, JOB_INTERRUPT_ON_CANCEL):
            self.local_properties.set(key, None)

    def setJobDescription(self, value: str | None) -> None:
        """Describe the jobs this thread starts from now on (None removes the description)."""
        self.local_properties.set(JOB_DESCRIPTION, value)

    def setInterruptOnCancel(self, interruptOnCancel: bool) -> None:
        """Whether cancelling the jobs this thread starts stops their running tasks."""
        self.local_properties.set(JOB_INTERRUPT_ON_CANCEL, "true" if interruptOnCancel else "false")

    def cancelJobGroup(self, groupId: str) -> None:
        """Cancel the running jobs of group ``groupId``; each raises ``JobCancelledError``
        ("Job N cancelled part of cancelled job group G") in the thread that runs it."""
        self.scheduler.cancel_job_group(groupId)

    def cancelAllJobs(self) -> None:
        """Cancel every running job, whichever thread started it."""
        self.scheduler.cancel_all_jobs()

    # --- job tags ---------------------------------------------------------------------------
    def addJobTag(self, tag: str) -> None:
        """Tag the jobs this thread starts from now on with ``tag`` (no commas, not empty), so
        that ``cancelJobsWithTag`` can cancel them; a thread may have several tags."""
        _check_tag(tag)
        self._set_tags(self.getJobTags() | {tag})

    def removeJobTag(self, tag: str) -> None:
        """Stop tagging this thread's jobs with ``tag`` (nothing happens if it was not added)."""
        _check_tag(tag)
        self._set_tags(self.getJobTags() - {tag})

    def getJobTags(self) -> set[str]:
        """The tags the jobs this thread starts will carry."""
        return {t for t in (self.local_properties.get(JOB_TAGS) or "").split(",") if t}

    def clearJobTags(self) -> None:
        """Remove every tag of this thread."""
        self.local_properties.set(JOB_TAGS, None)

    def cancelJobsWithTag(self, tag: str) -> None:
        """Cancel the running jobs that carry ``tag``, whichever thread started them."""
        _check_tag(tag)
        self.scheduler.cancel_jobs_with_tag(tag)

    def _set_tags(self, tags: set[str]) -> None:
        self.local_properties.set(JOB_TAGS, ",".join(sorted(tags)) if tags else None)

    # --- status -------------------------------------------------------------------------------
    def statusTracker(self) -> StatusTracker:
        """The progress of recent jobs and stages (``spark_lambda.status.StatusTracker``)."""
        return StatusTracker(self.job_status)


def _check_tag(tag: str) -> None:
    if not isinstance(tag, str):
        raise TypeError(f"A job tag is a string, got {type(tag).__name__}.")
    if "," in tag:
        raise ValueError("Spark job tag cannot contain `,`.")
    if not tag:
        raise ValueError("Spark job tag cannot be an empty string.")
