"""The console progress bar, in Spark's format, on a terminal.

A listener added by ``ui.listeners`` when stderr is a terminal. It keeps,
for every running stage attempt, the number of tasks, how many have
succeeded and how many are running, and draws one line in place::

    [Stage 3:====>                  (40 + 12) / 100][Stage 4:>        (0 + 2) / 8]

Each shown stage gets an equal share of the terminal's width; inside a
share, the header ``[Stage N:`` and the tail ``(done + running) / total]``
are fixed and the space between them fills with ``=`` in proportion to the
finished tasks, ended by ``>``. Running tasks are those sent to the backend,
at most its concurrency (tasks queued behind busy executors are not running).

When, as in Spark: events only change the counters; a refresh thread redraws
every ``interval`` seconds, so a long task still shows its stage, and only
stages running for at least ``delay`` seconds are shown, so quick stages (an
interactive ``count()``) do not flash a bar. The line is redrawn with a
carriage return, never a newline, and only when it changed. When a stage
ends and nothing else is shown, the line is blanked and the cursor returned
to its start at once, so the program's own output is not mixed with it.
``tick()`` is one refresh (what the thread calls; tests call it directly).
"""

from __future__ import annotations

import os
import shutil
import threading
import time


class ConsoleProgressBar:
    """``listener(name, fields)`` drawing running stages on ``stream``."""

    def __init__(self, stream, width: int | None = None, interval: float = 0.2, delay: float = 0.5,
                 clock=time.monotonic, refresh: bool = True):
        self.stream = stream
        self.width = width
        self.interval = interval
        self.delay = delay
        self.clock = clock
        self.stages: dict[tuple[int, int], dict] = {}   # (stage, attempt) -> counters
        self._shown = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refresh = refresh
        self.slots: int | None = None    # tasks the backend runs at once (from app_start)

    # --- events --------------------------------------------------------------------------
    events = frozenset({"app_start", "app_end", "stage_submitted", "task_start", "task_end",
                        "stage_completed", "stage_resubmitted", "job_end"})

    def __call__(self, name: str, fields: dict) -> None:
        with self._lock:
            self._event(name, fields)
        if name == "stage_submitted" and self._refresh and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="progress-bar", daemon=True)
            self._thread.start()
        elif name == "app_end" and self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)

    def _event(self, name: str, fields: dict) -> None:
        if name == "app_start":
            self.slots = fields.get("max_concurrency")
        elif name == "stage_submitted":
            self.stages[(fields["stage"], fields["attempt"])] = {
                "job": fields.get("job"), "total": fields["tasks"], "running": 0, "done": set(),
                "since": self.clock()}
        elif name in ("task_start", "task_end"):
            stage = self.stages.get((fields["stage"], fields["stage_attempt"]))
            if stage is None:
                return
            if name == "task_start":
                stage["running"] += 1
            else:
                stage["running"] = max(stage["running"] - 1, 0)
                if fields.get("status") == "success":
                    stage["done"].add(fields["partition"])
        elif name in ("stage_completed", "stage_resubmitted", "job_end", "app_end"):
            if name == "app_end":
                gone = list(self.stages)
            elif name == "job_end":
                gone = [k for k, s in self.stages.items() if s["job"] == fields.get("job")]
            else:
                gone = [k for k in self.stages if k[0] == fields["stage"]]
            for k in gone:
                del self.stages[k]
            if gone:
                self._draw()

    # --- drawing -------------------------------------------------------------------------
    def tick(self) -> None:
        """Redraw now (the refresh thread calls this every ``interval`` seconds)."""
        with self._lock:
            self._draw()

    def render(self) -> str:
        """The bar for the stages shown now ('' when none)."""
        now = self.clock()
        shown = sorted((k, s) for k, s in self.stages.items() if now - s["since"] >= self.delay)
        if not shown:
            return ""
        share = self._terminal_width() // len(shown)
        parts = []
        for (stage_id, _), s in shown:
            done, total = len(s["done"]), s["total"]
            head = f"[Stage {stage_id}:"
            running = min(s["running"], self.slots) if self.slots else s["running"]
            tail = f"({done} + {running}) / {total}]"
            room = share - len(head) - len(tail)
            bar = ""
            if room > 0:
                filled = room * done // total if total else room
                bar = ("=" * filled + (">" if filled < room else "")).ljust(room)
            parts.append(head + bar + tail)
        return "".join(parts)

    def _terminal_width(self) -> int:
        if self.width:
            return self.width
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, AttributeError, ValueError):
            return shutil.get_terminal_size((80, 24)).columns

    def _draw(self) -> None:
        line = self.render()
        if line == self._shown:
            return
        if line:
            self._write("\r" + line.ljust(len(self._shown)))
        else:
            self._write("\r" + " " * len(self._shown) + "\r")
        self._shown = line

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.tick()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass
