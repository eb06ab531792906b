"""`chiefops ingest` rendering (spec 02 §14): Rich bars on a terminal, plain lines otherwise, or one
JSON summary; and the command's exit code.

Exit codes: 0 every input ingested, unchanged or ignored; 1 a file failed, was skipped or only partly
ingested; 2 usage errors (raised before any work); 3 the whole job failed (store down, internal error).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table

from chiefops.errors import ChiefOpsError
from chiefops.events import Event
from chiefops.ingest.service_models import IngestPreview
from chiefops.models import FileStatus, IngestSummary, JobOutcome

MAX_FILE_BARS = 4
JOB_LEVEL_CODES = frozenset({"store_error", "internal_error"})
_COUNT_ROWS = ("messages", "jira_comments", "tasks", "documents", "people", "channels")


def exit_code(summary: IngestSummary) -> int:
    if summary.outcome is JobOutcome.OK:
        return 0
    failed = [f for f in summary.file_results if f.status is FileStatus.FAILED]
    if summary.outcome is JobOutcome.FAILED and all(f.code in JOB_LEVEL_CODES for f in failed):
        return 3
    return 1


def plain_line(event: Event) -> str | None:
    """One line per file event (no terminal): `name: phase detail`."""
    if event.name != "ingest.file":
        return None
    data = event.data
    detail = data.get("detail") or data.get("reason") or ""
    if data.get("phase") == "done" and not detail:
        counts = data.get("counts") or {}
        detail = (
            ", ".join(f"{k}={v}" for k, v in sorted(counts.items()) if isinstance(counts, dict))
            if isinstance(counts, dict)
            else ""
        )
    return f"{data.get('name')}: {data.get('phase')}{' — ' + str(detail) if detail else ''}"


@dataclass
class ProgressView:
    """An overall bar (stage, %) and one bar per active file, at most four, then "+N more"."""

    console: Console
    progress: Progress = field(init=False)
    overall: TaskID = field(init=False)
    bars: dict[str, TaskID] = field(default_factory=dict)
    waiting: dict[str, str] = field(default_factory=dict)
    more: TaskID | None = None

    def __post_init__(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            console=self.console,
        )
        self.overall = self.progress.add_task("queued", total=100)

    def __enter__(self) -> ProgressView:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def show(self, event: Event) -> None:
        data = event.data
        if event.name == "ingest.job":
            self.progress.update(
                self.overall,
                description=f"Ingesting · {data.get('stage')}",
                completed=float(str(data.get("percentage") or 0)),
            )
        elif event.name == "ingest.file":
            self._file(data)

    def _file(self, data: object) -> None:
        assert isinstance(data, dict)
        file_id, name, phase = str(data.get("file_id")), str(data.get("name")), data.get("phase")
        if phase in ("done", "skipped", "failed"):
            bar = self.bars.pop(file_id, None)
            self.waiting.pop(file_id, None)
            if bar is not None:
                self.progress.remove_task(bar)
        elif phase == "progress":
            description = f"  {data.get('detail') or name}"
            done, total = data.get("done") or 0, data.get("total")
            if file_id not in self.bars and len(self.bars) < MAX_FILE_BARS:
                self.bars[file_id] = self.progress.add_task(description, total=None)
            if file_id in self.bars:
                self.progress.update(self.bars[file_id], description=description, completed=done, total=total)
            else:
                self.waiting[file_id] = name
        self._more()

    def _more(self) -> None:
        text = f"  +{len(self.waiting)} more" if self.waiting else ""
        if self.more is None and text:
            self.more = self.progress.add_task(text, total=None, visible=True)
        elif self.more is not None:
            self.progress.update(self.more, description=text, visible=bool(text))


def render_summary(console: Console, summary: IngestSummary) -> None:
    """The counts table (new / updated / unchanged) and the problems table (file, status, reason)."""
    counts = Table("records", "new", "updated", "unchanged", title=f"Ingestion {summary.outcome.value}")
    for section in _COUNT_ROWS:
        values = getattr(summary, section).model_dump()
        counts.add_row(
            section.replace("_", " "), *(str(values.get(k, 0)) for k in ("new", "updated", "unchanged"))
        )
    console.print(counts)
    problems = [
        f
        for f in summary.file_results
        if f.status in (FileStatus.FAILED, FileStatus.SKIPPED, FileStatus.PARTIAL)
    ]
    if problems:
        table = Table("file", "status", "reason", title="Problems")
        for f in problems:
            table.add_row(f.path, f.status.value, f.reason or f.code or "")
        console.print(table)


def render_preview(console: Console, preview: IngestPreview) -> None:
    table = Table("input", "kind", "size", "channels", "messages", "rows", "documents", title="Would ingest")
    for item in preview.inputs:
        e = item.estimate
        table.add_row(
            item.path,
            item.kind,
            f"{item.size:,}",
            *(f"{v:,}" for v in (e.channels, e.messages, e.rows, e.documents)),
        )
    console.print(table)
    for skipped in preview.skipped:
        console.print(f"[yellow]skip[/yellow] {skipped.path}: {skipped.reason}")


class IngestConsole:
    """What `chiefops ingest` shows: bars on a terminal, a line per file event otherwise, or only JSON."""

    def __init__(self, console: Console, *, as_json: bool) -> None:
        self._console = console
        self._as_json = as_json
        self._view = ProgressView(console) if console.is_terminal and not as_json else None

    def __enter__(self) -> IngestConsole:
        if self._view is not None:
            self._view.__enter__()
        return self

    def __exit__(self, *_: object) -> None:
        if self._view is not None:
            self._view.__exit__()

    def on_event(self, event: Event) -> None:
        if self._as_json:
            return
        if self._view is not None:
            self._view.show(event)
        elif (line := plain_line(event)) is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)

    def finish(self, summary: IngestSummary) -> int:
        """Print the summary (JSON or tables) and return the exit code."""
        if self._as_json:
            sys.stdout.write(summary.model_dump_json() + "\n")
        else:
            render_summary(self._console, summary)
        return exit_code(summary)

    def failed(self, error: ChiefOpsError) -> int:
        """The whole job could not run (store down, internal error): exit 3."""
        Console(stderr=True).print(f"[red]error:[/red] {escape(error.message)}", soft_wrap=True)
        return 3
