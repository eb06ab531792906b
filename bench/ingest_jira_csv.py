"""Benchmark `jira_csv` (spec 02 §16): a 100,000-row all-fields export, ~150 columns, 3 Sprint,
4 Labels and 5 Comment columns. Goal ≤ 10 s end to end.

Prints the parse alone (`jira_csv_parse_<rows>_rows`, no target), then the end-to-end figure: the file
through `IngestService` (detect, parse in the worker pool, write tasks and comment messages, derived
links and projects) on a fresh SQLite store, `jira_csv_<rows>_rows` (target ≤ 10 s). The knowledge index is
left out (its own benchmark); the job's sink accepts the changes and indexes nothing.

Usage: `python bench/ingest_jira_csv.py [ROWS]` (default 100,000). The CSV is generated
deterministically into a temporary directory and deleted afterwards.
"""

from __future__ import annotations

import asyncio
import csv
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import report
from chiefops.config import Settings
from chiefops.ingest import IngestHooks, IngestService, IngestSummary
from chiefops.ingest.jira import JiraCsvReader
from chiefops.ingest.units import InputSource, ParseContext
from chiefops.knowledge.changes import NoopSink
from chiefops.models import InputKind
from chiefops.runtime import settle_heap
from chiefops.services import build_services

ROWS = 100_000
TARGET_S = 10
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATUSES = (
    ("To Do", "To Do"),
    ("In Progress", "In Progress"),
    ("In Review", "In Progress"),
    ("Done", "Done"),
)
CORE = [
    "Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key", "Project name",
    "Project type", "Project lead", "Project description", "Project url", "Priority", "Resolution", "Assignee",
    "Assignee Id", "Reporter", "Reporter Id", "Creator", "Creator Id", "Created", "Updated", "Last Viewed",
    "Resolved", "Affects Version/s", "Fix Version/s", "Component/s", "Component/s", "Due Date", "Votes",
    "Labels", "Labels", "Labels", "Labels", "Description", "Environment", "Watchers", "Watchers", "Watchers Id",
    "Watchers Id", "Original Estimate", "Remaining Estimate", "Time Spent", "Work Ratio", "Security Level",
    "Attachment", "Custom field (Story Points)", "Custom field (Story point estimate)", "Sprint", "Sprint",
    "Sprint", "Custom field (Epic Link)", "Custom field (Flagged)", "Custom field (Rank)", "Comment", "Comment",
    "Comment", "Comment", "Comment", "Outward issue link (Blocks)", "Inward issue link (Blocks)",
    "Outward issue link (Relates)", "Status Category", "Status Category Changed", "Parent", "Parent summary",
]  # fmt: skip
HEADER = CORE + [f"Custom field (Field {n})" for n in range(1, 151 - len(CORE))]
WORDS = [
    "login",
    "payment",
    "api",
    "mobile",
    "release",
    "bug",
    "crash",
    "sync",
    "report",
    "export",
    "import",
    "onboarding",
    "cache",
    "retry",
]


def jira_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.day:02d}/{MONTHS[moment.month - 1]}/{moment.year % 100:02d} {hour}:{moment.minute:02d} {half}"


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def issue_row(rng: random.Random, n: int) -> list[str]:
    created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(300 * 24 * 60))
    updated = created + timedelta(minutes=rng.randrange(30 * 24 * 60))
    status, category = rng.choice(STATUSES)
    person = rng.randrange(300)
    values = dict.fromkeys(range(len(HEADER)), "")
    values.update({
        0: sentence(rng, 6), 1: f"PRJ{n % 50}-{n + 1}", 2: str(10_000 + n), 4: rng.choice(("Story", "Bug", "Task")),
        5: status, 6: f"PRJ{n % 50}", 7: f"Project {n % 50}", 12: rng.choice(("High", "Medium", "Low")),
        14: f"Person {person}", 15: f"acc-{person}", 16: f"Person {person + 1}", 17: f"acc-{person + 1}",
        20: jira_time(created), 21: jira_time(updated), 23: jira_time(updated) if status == "Done" else "",
        26: "Backend", 28: jira_time(updated + timedelta(days=10)), 30: "mobile", 31: "api",
        34: sentence(rng, rng.randrange(20, 80)), 36: f"Person {person}", 46: str(rng.choice((1, 2, 3, 5, 8))),
        48: "Sprint 1", 49: "Sprint 2" if n % 2 else "", 62: category, 63: jira_time(updated),
    })  # fmt: skip
    for c in range(rng.randrange(6)):
        values[54 + c] = f"{jira_time(created + timedelta(hours=c))};acc-{person};{sentence(rng, 15)}"
    if n % 20 == 0:
        values[60] = f"PRJ{n % 50}-{n}"
    return [values[i] for i in range(len(HEADER))]


def write_export(path: Path, *, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(issue_row(rng, n) for n in range(rows))


def parse_all(path: Path) -> Iterator[str]:
    source = InputSource(
        kind=InputKind.JIRA_CSV, path=path, display=path.name, root="bench", rel_path=path.name,
        size_bytes=path.stat().st_size,
    )  # fmt: skip
    reader = JiraCsvReader()
    ctx = ParseContext(job_id="bench")
    unit = reader.plan(source, ctx)[0]
    for item in reader.parse(source, unit, ctx, lambda done, total, detail: None):
        yield item.kind


async def end_to_end(path: Path, data_dir: Path) -> tuple[float, IngestSummary]:
    """Seconds for the whole job on a fresh store, and its summary."""
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    await services.start()
    settle_heap()  # as `chiefops ingest` and `serve` do once started
    ingest = IngestService(
        settings=services.settings,
        store=services.store,
        clock=services.clock,
        bus=services.events,
        sink=NoopSink(),
        hooks=IngestHooks(),  # analysis has its own benchmark
    )
    try:
        started = time.perf_counter()
        summary = await ingest.run([path])
        return time.perf_counter() - started, summary
    finally:
        await ingest.close()
        await services.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jira-all-fields.csv"
        write_export(path, rows=rows)
        size_mb = path.stat().st_size / 1e6
        started, started_cpu = time.perf_counter(), time.process_time()
        kinds: dict[str, int] = {}
        for kind in parse_all(path):
            kinds[kind] = kinds.get(kind, 0) + 1
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        report(f"jira_csv_parse_{rows}_rows", elapsed, "s")
        print(f"  cpu {cpu:.2f} s; file {size_mb:.0f} MB, {len(HEADER)} columns; items {kinds}", flush=True)
        total_s, summary = asyncio.run(end_to_end(path, Path(tmp) / "data"))
    print(
        f"  {summary.tasks.new:,} tasks, {summary.jira_comments.new:,} comments; outcome {summary.outcome.value}"
    )
    report(f"jira_csv_{rows}_rows", total_s, "s", at_most=TARGET_S * rows / ROWS)


if __name__ == "__main__":
    main()
