"""Per-file bookkeeping of a running job: units left, the verdict, counts, progress events.

A file's units are parsed and written independently; the file's status follows from them: every unit
failed → `failed`; some failed or a parser reported `partial` → `partial`; otherwise `ingested`, or
`unchanged` when nothing was created, changed or removed. A unit failure keeps its code, reason and
whether a retry can fix it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from chiefops.ingest.jobs import split_count_key
from chiefops.ingest.runner_detect import DetectedFile
from chiefops.ingest.tally import MAX_FILE_WARNINGS, UnitTally
from chiefops.ingest.units import Reader, UnitPlan
from chiefops.models import DateOrder, FileResult, FileStatus, IngestWarning

PROGRESS_INTERVAL_S = 0.25
_CHANGED = ("_new", "_updated", "_removed", "_placeholders", "_duplicate")


def named(name: str, reason: str) -> str:
    """`<file>: <reason>` — every file-level message names its file (02 §13); readers' reasons that
    already start with it (archive members, `export.zip › general/…`) are kept as they are."""
    return reason if reason.startswith(name) else f"{name}: {reason}"


@dataclass
class UnitFailure:
    code: str
    reason: str
    recoverable: bool


@dataclass
class FileRun:
    """One file of the job while it runs."""

    file: DetectedFile
    reader: Reader | None = None
    units: list[UnitPlan] = field(default_factory=list)
    units_done: int = 0
    units_ok: int = 0
    failures: list[UnitFailure] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    partial: tuple[str | None, str | None] | None = None
    started_at: float | None = None
    last_progress_at: float = float("-inf")
    had_changes: bool = False

    @property
    def result(self) -> FileResult:
        return self.file.result

    @property
    def finished(self) -> bool:
        return self.units_done >= len(self.units)

    def warn(self, warnings: list[IngestWarning], total: int) -> None:
        result = self.result
        room = MAX_FILE_WARNINGS - len(result.warnings)
        result.warnings.extend(warnings[: max(0, room)])
        result.warnings_total += total

    def add_unit(self, tally: UnitTally) -> None:
        """A unit committed: merge its counts, warnings and what the parser concluded."""
        self.units_done += 1
        self.units_ok += 1
        self.counts.update(tally.counts)
        self.warn(tally.warnings, tally.warnings_total)
        self.had_changes = self.had_changes or not tally.changes.is_empty()
        done = tally.done or {}
        # The parser's own counts (rows, day files …) join the writer's; a name the writer uses wins.
        self.counts.update(
            {k: int(v) for k, v in (done.get("counts") or {}).items() if split_count_key(k) is None}
        )
        if done.get("status") == "partial" and self.partial is None:
            self.partial = (done.get("code"), done.get("reason"))
        if done.get("encoding") and not self.result.encoding:
            self.result.encoding = str(done["encoding"])
        if done.get("date_order") and self.result.date_order is None:
            self.result.date_order = DateOrder(str(done["date_order"]))

    def fail_unit(self, failure: UnitFailure) -> None:
        self.units_done += 1
        self.failures.append(failure)

    def conclude(self, *, duration_s: float | None) -> None:
        """Set the file's status from its units (call once every unit is done)."""
        result = self.result
        result.counts = {k: v for k, v in sorted(self.counts.items()) if v}
        result.duration_s = duration_s
        if self.failures:
            first = self.failures[0]
            result.status = FileStatus.PARTIAL if self.units_ok else FileStatus.FAILED
            result.code, result.reason = first.code, named(result.name, first.reason)
            result.recoverable = any(f.recoverable for f in self.failures)
        elif self.partial is not None:
            result.status = FileStatus.PARTIAL
            code, reason = self.partial
            result.code, result.reason = code, named(result.name, reason) if reason else reason
        else:
            changed = any(k.endswith(_CHANGED) and v for k, v in self.counts.items())
            # No units and no counts: nothing to compare against (e.g. an export without content).
            # A document skipped at detection has no units but counts `documents_unchanged`.
            nothing = not self.units and not self.counts
            result.status = FileStatus.INGESTED if changed or nothing else FileStatus.UNCHANGED

    def unfinished(self, *, code: str, reason: str) -> None:
        """The job stopped before this file finished: a retry runs it again."""
        result = self.result
        result.status = FileStatus.FAILED
        result.code, result.reason, result.recoverable = code, f"{result.name}: {reason}", True
