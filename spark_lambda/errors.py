"""The exceptions spark-lambda raises, in one small hierarchy.

::

    SparkLambdaError
     ├── ConfigurationError          a setting, master URL or command line is wrong
     ├── InputError                  a user data path is missing or unreadable
     ├── OutputExistsError           the output path of a save already exists
     ├── ClosurePicklingError        a function given to an RDD cannot be shipped
     ├── StoreError                  the object store refused or failed a request
     │    └── ObjectNotFoundError    a key that should exist does not
     ├── IntegrityError              an object failed its signature or checksum
     ├── StopIterationFailure        a user function raised StopIteration (also a RuntimeError)
     ├── DriverOnlyError             a SparkContext was created inside a task (also a RuntimeError)
     └── JobFailedError              a job was aborted; carries the remote failure
          └── JobCancelledError      a job was cancelled (its group, a tag, or all jobs)

Every message says what went wrong and what to do next. ``JobFailedError``
raised for a user exception is also an instance of the original exception's
built-in type (``except ValueError`` catches a remote ``ValueError``).
"""

from __future__ import annotations

import builtins


class SparkLambdaError(Exception):
    """Base class of every error raised by spark-lambda."""


class ConfigurationError(SparkLambdaError, ValueError):
    """A configuration key, value, master URL or command-line argument is wrong."""


class InputError(SparkLambdaError, FileNotFoundError):
    """An input path does not exist or matches nothing."""


class OutputExistsError(SparkLambdaError, FileExistsError):
    """The output directory of a save already exists (Spark's FileAlreadyExistsException)."""


class ClosurePicklingError(SparkLambdaError):
    """A function or value captured by an RDD operation cannot be pickled."""


class StoreError(SparkLambdaError, OSError):
    """The object store failed a request."""


class ObjectNotFoundError(StoreError):
    """A key that should exist in the object store does not."""


class IntegrityError(SparkLambdaError):
    """An object read from the store failed its signature or checksum."""


class JobFailedError(SparkLambdaError):
    """A job was aborted because a task failed too many times.

    ``remote_type``, ``remote_message`` and ``remote_traceback`` describe the
    last failure as the executor reported it; ``stage_id`` and ``partition``
    say where it happened.
    """

    def __init__(self, message: str, remote_type: str = "", remote_message: str = "",
                 remote_traceback: str = "", stage_id: int | None = None,
                 partition: int | None = None):
        super().__init__(message)
        self.remote_type = remote_type
        self.remote_message = remote_message
        self.remote_traceback = remote_traceback
        self.stage_id = stage_id
        self.partition = partition

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class JobCancelledError(JobFailedError):
    """A job was cancelled before it finished: ``sc.cancelJobGroup``, ``sc.cancelJobsWithTag``
    or ``sc.cancelAllJobs`` from another thread (Spark's "Job N cancelled ...")."""

    def __init__(self, message: str, job_id: int | None = None):
        super().__init__(message)
        self.job_id = job_id


class StopIterationFailure(SparkLambdaError, RuntimeError):
    """A user function raised ``StopIteration``; the task fails (PySpark's STOP_ITERATION_OCCURRED).

    Left alone, a ``StopIteration`` raised by ``f`` inside ``map(f, it)`` or a
    ``for`` loop over it would look like the end of the partition and lose the
    rest of its records without an error."""

    def __init__(self, exc: BaseException | str = ""):
        super().__init__(f"Caught StopIteration thrown from user's code; failing the task: {exc}")


class DriverOnlyError(SparkLambdaError, RuntimeError):
    """A SparkContext was created (or used) inside a task (PySpark's CONTEXT_ONLY_VALID_ON_DRIVER)."""

    def __init__(self, message: str = ""):
        super().__init__(message or (
            "SparkContext should only be created and accessed on the driver. It appears that you are "
            "attempting to reference SparkContext from a broadcast variable, action, or transformation; "
            "SparkContext can only be used on the driver, not in code that runs on workers "
            "(see SPARK-5063). Pass the values the task needs into the function instead."))


def fail_on_stopiteration(f):
    """``f`` wrapped so that a ``StopIteration`` it raises becomes a ``StopIterationFailure``.

    For user functions called a few times per task or on the driver (merging
    partition results); the per-record loops of the engine catch the
    ``StopIteration`` around the loop instead, at no cost per record."""
    def guarded(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except StopIteration as e:
            raise StopIterationFailure(e) from None
    guarded.__wrapped__ = f
    return guarded


_typed_failures: dict[str, type] = {}


def job_failed(message: str, remote_type: str, **kwargs) -> JobFailedError:
    """Build a JobFailedError that is also an instance of ``remote_type`` when
    that names a built-in exception, so callers can catch the original type."""
    base = getattr(builtins, remote_type, None)
    if not (isinstance(base, type) and issubclass(base, Exception)) or base in (Exception, StopIteration):
        return JobFailedError(message, remote_type=remote_type, **kwargs)
    cls = _typed_failures.get(remote_type)
    if cls is None:
        try:
            cls = type(remote_type, (JobFailedError, base), {"__module__": __name__})
        except TypeError:  # layout conflict with some built-ins
            return JobFailedError(message, remote_type=remote_type, **kwargs)
        _typed_failures[remote_type] = cls
    try:
        return cls(message, remote_type=remote_type, **kwargs)
    except TypeError:
        return JobFailedError(message, remote_type=remote_type, **kwargs)
