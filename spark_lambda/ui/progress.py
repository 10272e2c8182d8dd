"""The console progress bar, in Spark's format, on a terminal.

A listener added by ``ui.attach_listeners`` when stderr is a terminal. It
keeps, for every running stage attempt, the number of tasks, how many have
succeeded and how many are running, and redraws one line in place::

    [Stage 3:====>                  (40 + 12) / 100][Stage 4:>        (0 + 2) / 8]

Each running stage gets an equal share of the terminal's width; inside a
share, the header ``[Stage N:`` and the tail ``(done + running) / total]``
are fixed and the space between them fills with ``=`` in proportion to the
finished tasks, ended by ``>``. The line is redrawn with a carriage return
(never a newline), at most every ``interval`` seconds while tasks move and
always when a stage starts; when the last running stage ends (or its job
ends) the line is blanked and the cursor returned to its start, so the
program's own output is not mixed with it.
"""

from __future__ import annotations

import shutil
import time


class ConsoleProgressBar:
    """``listener(name, fields)`` drawing running stages on ``stream``."""

    def __init__(self, stream, width: int | None = None, interval: float = 0.1,
                 clock=time.monotonic):
        self.stream = stream
        self.width = width
        self.interval = interval
        self.clock = clock
        self.stages: dict[tuple[int, int], dict] = {}   # (stage, attempt) -> counters
        self._shown = ""
        self._last_draw = float("-inf")

    # --- events --------------------------------------------------------------------------
    def __call__(self, name: str, fields: dict) -> None:
        if name == "stage_submitted":
            self.stages[(fields["stage"], fields["attempt"])] = {
                "job": fields.get("job"), "total": fields["tasks"], "running": 0, "done": set()}
            self._draw(force=True)
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
            self._draw(force=False)
        elif name in ("stage_completed", "stage_resubmitted"):
            for k in [k for k in self.stages if k[0] == fields["stage"]]:
                del self.stages[k]
            self._after_removal()
        elif name == "job_end":
            for k in [k for k, s in self.stages.items() if s["job"] == fields.get("job")]:
                del self.stages[k]
            self._after_removal()
        elif name == "app_end":
            self.stages.clear()
            self._after_removal()

    # --- drawing -------------------------------------------------------------------------
    def render(self) -> str:
        """The bar for the stages running now ('' when none)."""
        if not self.stages:
            return ""
        total_width = self._terminal_width()
        share = total_width // len(self.stages)
        parts = []
        for (stage_id, _), s in sorted(self.stages.items()):
            done, total = len(s["done"]), s["total"]
            head = f"[Stage {stage_id}:"
            tail = f"({done} + {s['running']}) / {total}]"
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
            import os
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, AttributeError, ValueError):
            return shutil.get_terminal_size((80, 24)).columns

    def _draw(self, force: bool) -> None:
        now = self.clock()
        if not force and now - self._last_draw < self.interval:
            return
        line = self.render()
        if line and line != self._shown:
            self._write("\r" + line)
            self._shown = line
        self._last_draw = now

    def _after_removal(self) -> None:
        if self.stages:
            self._draw(force=True)
        elif self._shown:
            self._write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass
