"""CPU per task as a fixed part and a part per byte, fitted over tasks of different sizes.

A task's CPU is not all proportional to its bytes: loading the stage's code,
opening its input and writing its output cost the same for 0.5 MB as for
10 GB. Measured on a small run alone, that fixed part is counted as if it grew
with the data, and a run grown a thousandfold in bytes per task is predicted a
thousandfold of it. ``fit_cpu(profile, others)`` draws the least-squares line
``CPU = fixed + per byte x bytes read`` per stage through the tasks of the
run and of other runs of the same job at other task sizes (stages matched by
position), and sets ``cpu_fixed_ms`` and ``cpu_ms_per_byte`` on the run's
stages; the model then gives each task at the target its fixed part once and
its bytes' part (``model.py``). A stage whose tasks span less than a factor of
two in bytes read is left as it was (the line through them would be noise): its
CPU grows with its bytes, as before. A line that crosses below zero at no bytes
is replaced by the line through the origin (all per byte). The CPU a task
spends after its last input arrived (``cpu_after_input_ms``: a reducer's
sort, a map's last frames) is fitted the same way (``tail_fixed_ms``,
``tail_ms_per_byte``): the model keeps it out of the overlap with reading.

``fit_output(profile, others)`` draws the same line through each task's bytes written
against its bytes read (``out_fixed_bytes``, ``out_bytes_per_byte``): a filter's output is
all per byte, a partial aggregate of a few groups writes the same few rows per task however
much it reads (``growth.output_bytes``).
"""

from __future__ import annotations

from .profile import Profile

SPREAD = 2.0    # the largest task's bytes over the smallest's needed for a fit


def line(points: list) -> tuple[float, float] | None:
    """(fixed ms, ms per byte) through ``points`` of (bytes, ms), or None if they span too little."""
    xs = [x for x, _ in points if x > 0]
    if len(xs) < 2 or max(xs) < SPREAD * min(xs):
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = max(sum((x - mx) * (y - my) for x, y in points) / sxx, 0.0)
    fixed = my - slope * mx
    if fixed < 0:
        return 0.0, sum(x * y for x, y in points) / sum(x * x for x, _ in points)
    return fixed, slope


def _matched(profile: Profile, others: list) -> None:
    for other in others:
        if [s.kind for s in other.stages] != [s.kind for s in profile.stages]:
            raise ValueError("the event logs are not runs of the same job: their stages differ "
                             f"({len(profile.stages)} and {len(other.stages)} stages); give logs of "
                             "one program at different input sizes")


def _requests(s) -> list:
    """Each task's S3 requests, in the order of ``task_points`` (a profile built by hand
    without them: the stage's mean a task)."""
    if len(s.task_requests) == len(s.task_points):
        return s.task_requests
    return [(s.gets + s.puts) / max(s.tasks, 1)] * len(s.task_points)


def fit_cpu(profile: Profile, others: list[Profile] = (), client_ms: float = 0.0) -> Profile:
    """``profile`` with each stage's CPU fitted over its tasks and the matching stages' tasks
    of ``others`` (module docstring), each less ``client_ms`` of CPU per S3 request it made
    (the model adds it back per request at the target); ValueError if the runs' stages do not
    match."""
    _matched(profile, others)
    for i, st in enumerate(profile.stages):
        points, tails = [], []
        for run in [profile, *others]:
            s = run.stages[i]
            points += [(b, max(c - client_ms * n, 0.0)) for (b, c), n in zip(s.task_points, _requests(s))]
            tails += s.tail_points
        fitted = line(points)
        if fitted is not None:
            st.cpu_fixed_ms, st.cpu_ms_per_byte = fitted
            st.cpu_client_ms = client_ms
            if any(t for _, t in tails):
                st.tail_fixed_ms, st.tail_ms_per_byte = line(tails) or (0.0, 0.0)
    return profile


def fit_output(profile: Profile, others: list[Profile] = ()) -> Profile:
    """``profile`` with each stage's bytes written per task fitted as fixed and per byte read,
    over its tasks and the matching stages' tasks of ``others`` (module docstring)."""
    _matched(profile, others)
    for i, st in enumerate(profile.stages):
        fitted = line(list(st.out_points) + [p for other in others for p in other.stages[i].out_points])
        if fitted is not None and st.bytes_written:
            st.out_fixed_bytes, st.out_bytes_per_byte = fitted
    return profile
