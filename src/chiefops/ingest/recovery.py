"""Start-up recovery (spec 02 §15): interrupted jobs, queued jobs, expired uploads.

A job left `processing` by a stopped process becomes `failed` / outcome `interrupted` ("interrupted by
restart"); its unfinished files are marked recoverable, so retry runs them again. A `queued` job whose
inputs still exist is queued again; one whose inputs are gone fails saying so. Uploads of jobs that did
not end ok are deleted once they are older than `CHIEFOPS_INGEST_KEEP_FAILED_DAYS`.

Only jobs whose lock (`joblocks`) this process could take are touched: a job that another live process
(a second `serve`, a CLI `ingest`) is running or has queued is left exactly as it is.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from chiefops.ingest.joblocks import JobLocks
from chiefops.ingest.jobs import UNFINISHED, JobRepository, build_summary, error_lines, stats_for
from chiefops.ingest.manifest import load_inputs
from chiefops.ingest.spool import discard_job
from chiefops.models import FileStatus, IngestionJob, IngestionStatus, JobOutcome

INTERRUPTED = "interrupted by restart"


def interrupt(
    job: IngestionJob,
    *,
    now: datetime,
    reason: str = INTERRUPTED,
    outcome: JobOutcome = JobOutcome.INTERRUPTED,
) -> None:
    """End a job that can no longer run; its unfinished files can be retried."""
    for file in job.files:
        if file.status in UNFINISHED:
            file.status = FileStatus.FAILED
            file.code = "interrupted"
            file.reason = f"{file.name}: {reason}"
            file.recoverable = True
    counts: Counter[str] = Counter()
    for file in job.files:
        counts.update(file.counts)
    job.outcome = outcome
    job.status = IngestionStatus.FAILED
    job.completed_at = now
    job.updated_at = now
    job.stats = stats_for(counts)
    job.errors = [*error_lines(job.files), reason]
    job.summary = build_summary(
        job, counts=counts, ignored=0, docs_indexed=0, index_pending=0, completed_at=now
    )


async def _orphan(
    jobs: JobRepository, job_id: str, *, locks: JobLocks, status: IngestionStatus
) -> IngestionJob | None:
    """The job, locked by this process, when no live process owns it and it is still `status`."""
    if not locks.acquire(job_id):
        return None
    job = await jobs.find(job_id)  # read again under the lock: its owner may have just finished it
    if job is None or job.status is not status:
        locks.release(job_id)
        return None
    return job


async def recover_jobs(jobs: JobRepository, *, data_dir: Path, now: datetime, locks: JobLocks) -> list[str]:
    """Mark interrupted jobs; return the ids of queued jobs to run again, oldest first (their locks
    stay held: this process runs them)."""
    for listed in await jobs.with_status(IngestionStatus.PROCESSING):
        job = await _orphan(jobs, listed.job_id, locks=locks, status=IngestionStatus.PROCESSING)
        if job is None:
            continue
        interrupt(job, now=now)
        await jobs.save(job)
        discard_job(data_dir, job.job_id)
        locks.release(job.job_id)
    requeue: list[str] = []
    for listed in await jobs.with_status(IngestionStatus.QUEUED):
        job = await _orphan(jobs, listed.job_id, locks=locks, status=IngestionStatus.QUEUED)
        if job is None:
            continue
        inputs = load_inputs(data_dir, job.job_id)
        if inputs is not None and inputs.inputs and all(path.exists() for path in inputs.paths()):
            requeue.append(job.job_id)
            continue
        interrupt(
            job,
            now=now,
            reason="its files are no longer available — upload them again",
            outcome=JobOutcome.FAILED,
        )
        await jobs.save(job)
        locks.release(job.job_id)
    return requeue


async def purge_expired_uploads(jobs: JobRepository, *, data_dir: Path, now: datetime, keep_days: int) -> int:
    """Delete kept uploads of jobs that ended more than `keep_days` ago; returns folders removed."""
    removed = 0
    cutoff = now - timedelta(days=keep_days)
    for status in (IngestionStatus.COMPLETED, IngestionStatus.FAILED):
        for job in await jobs.with_status(status):
            inputs = load_inputs(data_dir, job.job_id)
            if (
                job.completed_at is None
                or job.completed_at > cutoff
                or inputs is None
                or not inputs.uploads_dir
            ):
                continue
            folder = Path(inputs.uploads_dir)
            if folder.exists():
                shutil.rmtree(folder)
                removed += 1
    return removed
