"""Ingestion jobs: stages and their weights, outcomes, the summary, and the `ingestion_jobs` records
(spec 02 §11).

Seed status: queued → processing → completed (outcome ok / partial) or failed (outcome failed /
cancelled / interrupted). `progress` is {stage, percentage}: stage `queued` at 0 % until the runner
starts, then each stage adds its weight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from chiefops.errors import NotFound
from chiefops.models import (
    FileResult,
    FileStatus,
    FileSummary,
    IngestionJob,
    IngestionStats,
    IngestionStatus,
    IngestStage,
    IngestSummary,
    JobOutcome,
    Page,
)
from chiefops.store import Store

STAGE_WEIGHTS: tuple[tuple[IngestStage, float], ...] = (
    (IngestStage.DETECTING, 5.0),
    (IngestStage.PARSING, 50.0),
    (IngestStage.WRITING, 15.0),
    (IngestStage.RESOLVING_PEOPLE, 10.0),
    (IngestStage.INDEXING, 15.0),
    (IngestStage.ANALYZING, 5.0),
)

SUMMARY_SECTIONS = (
    "jira_comments",
    "opted_out",
    "messages",
    "tasks",
    "documents",
    "people",
    "channels",
    "projects",
)
"""Count keys are `<section>_<field>` (`jira_comments_removed`); longer section names first."""

GOOD = frozenset({FileStatus.INGESTED, FileStatus.UNCHANGED, FileStatus.PARTIAL})
BAD = frozenset({FileStatus.FAILED, FileStatus.SKIPPED, FileStatus.PARTIAL})
UNFINISHED = frozenset({FileStatus.PENDING, FileStatus.PROCESSING})


def percentage(stage: IngestStage, fraction: float = 0.0) -> float:
    """Overall percentage at `fraction` (0..1) of `stage`."""
    done = 0.0
    for name, weight in STAGE_WEIGHTS:
        if name is stage:
            return round(min(100.0, done + weight * max(0.0, min(1.0, fraction))), 1)
        done += weight
    return 0.0 if stage is IngestStage.QUEUED else 100.0


def outcome_for(files: Iterable[FileResult], *, cancelled: bool = False) -> JobOutcome:
    """ok when every file landed; partial when some did; failed when none did."""
    if cancelled:
        return JobOutcome.CANCELLED
    statuses = [f.status for f in files]
    if not any(s in BAD or s in UNFINISHED for s in statuses):
        return JobOutcome.OK
    if any(s in GOOD for s in statuses):
        return JobOutcome.PARTIAL
    return JobOutcome.FAILED


def status_for(outcome: JobOutcome) -> IngestionStatus:
    return (
        IngestionStatus.COMPLETED
        if outcome in (JobOutcome.OK, JobOutcome.PARTIAL)
        else IngestionStatus.FAILED
    )


def split_count_key(key: str) -> tuple[str, str] | None:
    for section in SUMMARY_SECTIONS:
        if key.startswith(section + "_"):
            return section, key[len(section) + 1 :]
    return None


def error_lines(files: Iterable[FileResult]) -> list[str]:
    """`<path>: <reason>` for every failed or skipped file (reasons usually name the file already)."""
    lines = []
    for f in files:
        if f.status not in (FileStatus.FAILED, FileStatus.SKIPPED):
            continue
        reason = f.reason or f.code or f.status.value
        lines.append(reason if reason.startswith(f.name) else f"{f.name}: {reason}")
    return lines


def file_summary(f: FileResult) -> FileSummary:
    return FileSummary(
        path=f.name,
        kind=f.kind,
        status=f.status,
        code=f.code,
        reason=f.reason,
        recoverable=f.recoverable,
        counts=dict(f.counts),
        warnings=list(f.warnings),
        sha256=f.sha256,
        encoding=f.encoding,
        date_order=f.date_order,
    )


def build_summary(
    job: IngestionJob,
    *,
    counts: Counter[str],
    ignored: int,
    docs_indexed: int,
    index_pending: int,
    completed_at: datetime | None,
) -> IngestSummary:
    """The one summary of a job (CLI `--json`, `job.summary`, `ingest.done`)."""
    sections: dict[str, dict[str, int]] = {}
    for key, value in counts.items():
        split = split_count_key(key)
        if split is not None and value:
            sections.setdefault(split[0], {})[split[1]] = value
    files = Counter(f.status.value for f in job.files)
    duration = (completed_at - job.started_at).total_seconds() if completed_at and job.started_at else None
    return IngestSummary.model_validate(
        {
            **sections,
            "job_id": job.job_id,
            "outcome": job.outcome or outcome_for(job.files),
            "started_at": job.started_at,
            "completed_at": completed_at,
            "duration_s": max(0.0, duration) if duration is not None else None,
            "data_as_of": job.data_as_of,
            "files": {
                "total": len(job.files) + ignored,
                "ignored": ignored,
                **{s: files[s] for s in files if s not in ("pending", "processing")},
            },
            "index": {"docs_indexed": docs_indexed, "pending": index_pending},
            "warnings_total": sum(f.warnings_total for f in job.files),
            "file_results": [file_summary(f) for f in job.files],
        }
    )


def stats_for(counts: Counter[str]) -> IngestionStats:
    """`*_processed` = new + updated + unchanged."""

    def processed(section: str) -> int:
        return sum(counts[f"{section}_{o}"] for o in ("new", "updated", "unchanged"))

    return IngestionStats(
        messages_processed=processed("messages"),
        tasks_processed=processed("tasks"),
        documents_processed=processed("documents"),
    )


class JobRepository:
    """`ingestion_jobs` records."""

    def __init__(self, store: Store) -> None:
        self._jobs = store.typed(IngestionJob)
        self._rows = store.collection("ingestion_jobs")

    async def get(self, job_id: str) -> IngestionJob:
        job = await self._jobs.find_one({"job_id": job_id})
        if job is None:
            raise NotFound(f"No ingestion job {job_id!r}", details={"job_id": job_id})
        return job

    async def find(self, job_id: str) -> IngestionJob | None:
        return await self._jobs.find_one({"job_id": job_id})

    async def save(self, job: IngestionJob) -> None:
        await self._jobs.upsert_many([job], key="job_id")

    async def page(self, *, skip: int, limit: int, status: IngestionStatus | None) -> Page[IngestionJob]:
        where = {"status": status.value} if status else {}
        items = await self._jobs.find(where, sort=[("created_at", -1)], skip=skip, limit=limit)
        total = await self._jobs.count(where)
        return Page[IngestionJob](items=items, total=total, skip=skip, limit=limit)

    async def with_status(self, status: IngestionStatus) -> list[IngestionJob]:
        return await self._jobs.find({"status": status.value}, sort=[("created_at", 1)])

    async def newest_data_as_of(self) -> datetime | None:
        """The newest `data_as_of` of any job: the time of the latest event ingested so far."""
        rows = await self._rows.find_fields(
            {"data_as_of": {"$ne": None}}, fields=["data_as_of"], sort=[("data_as_of", -1)], limit=1
        )
        newest = rows[0]["data_as_of"] if rows else None
        return newest if isinstance(newest, datetime) else None

    async def delete(self, job_id: str) -> None:
        await self._jobs.delete_many({"job_id": job_id})
