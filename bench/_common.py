"""Shared output of the benchmarks (spec 09): one line per figure.

    name value unit (target X) ratio

`ratio` is measured ÷ target for "at least" targets and target ÷ measured for "at most" targets, so
1.00 or more always means the target is met: the ratio is rounded down, so a figure just short of
its target (0.926 against 0.93) prints 0.99, never 1.00. Figures without a target print only
`name value unit`.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path


def fmt(value: float) -> str:
    """Plain digits: whole numbers from 100 up, two decimals from 1, three significant below."""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _ratio(ratio: float) -> str:
    """Two decimals, rounded down so that only a met target shows 1.00 or more."""
    return f"{math.floor(ratio * 100 + 1e-9) / 100:.2f}" if math.isfinite(ratio) else "inf"


def report(
    name: str, value: float, unit: str, *, at_least: float | None = None, at_most: float | None = None
) -> str:
    """Print (and return) one figure; give `at_least` or `at_most` when the figure has a target."""
    if at_least is not None:
        line = f"{name} {fmt(value)} {unit} (target ≥ {fmt(at_least)}) {_ratio(value / at_least)}"
    elif at_most is not None:
        line = f"{name} {fmt(value)} {unit} (target ≤ {fmt(at_most)}) {_ratio(at_most / value if value else math.inf)}"
    else:
        line = f"{name} {fmt(value)} {unit}"
    print(line, flush=True)
    return line


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (`pct` in 0–100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class CpuMeter:
    """CPU seconds spent by this process's threads and by its descendant processes (the parse
    workers), read from /proc so a busy shared machine does not hide behind wall-clock figures.

    `snapshot()` returns `{"main", "writer", "other_threads", "workers"}`: the thread running the
    event loop, the SQLite writer thread, the rest of this process (readers, executor threads), and
    every live descendant process. Use differences of two
    snapshots; workers must still be alive at the second one (they are until the service closes).
    """

    def __init__(self) -> None:
        self._tick = os.sysconf("SC_CLK_TCK")

    def _stat_cpu(self, path: str) -> float:
        fields = Path(path).read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self._tick  # utime, stime

    def _descendants(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                parents.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [os.getpid()]
        while todo:
            for child in parents.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found

    def _workers(self) -> float:
        total = 0.0
        for pid in self._descendants():
            try:
                total += self._stat_cpu(f"/proc/{pid}/stat")
            except OSError:
                continue
        return total

    def _thread(self, name_prefix: str) -> float:
        for thread in threading.enumerate():
            if thread.name.startswith(name_prefix) and thread.native_id is not None:
                try:
                    return self._stat_cpu(f"/proc/self/task/{thread.native_id}/stat")
                except OSError:
                    return 0.0
        return 0.0

    def snapshot(self) -> dict[str, float]:
        """Call from the event loop's thread."""
        main, writer = time.thread_time(), self._thread("sqlite-writer")
        return {
            "main": main,
            "writer": writer,
            "other_threads": time.process_time() - main - writer,
            "workers": self._workers(),
        }


def cpu_line(before: dict[str, float], after: dict[str, float]) -> str:
    """`cpu main 1.23 s, writer 0.45 s, workers 2.10 s; load 1.2` for two snapshots."""
    parts = ", ".join(f"{name} {after[name] - before[name]:.2f} s" for name in before)
    return f"  cpu {parts}; load {os.getloadavg()[0]:.2f}"
