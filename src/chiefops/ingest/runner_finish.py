"""The end of a job: indexing outcome, verdict, summary, events and clean-up (spec 02 §11, §13).

`index_pending`: when the knowledge sink fails, the records stay, every file that changed searchable
content gets the warning, documents are marked `citex_status=failed` and the job is still ok.
Uploads are deleted when the job ends `ok` and kept otherwise, so a retry needs no re-upload.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from chiefops.ingest.jobs import build_summary, error_lines, outcome_for, percentage, stats_for, status_for
from chiefops.ingest.spool import discard_job
from chiefops.models import CitexStatus, IngestionStatus, IngestStage, JobOutcome

if TYPE_CHECKING:
    from chiefops.ingest.runner import JobRun

log = logging.getLogger(__name__)


async def _mark_index_failed(run: JobRun) -> None:
    """The sink records each document's indexing outcome itself; when it fails, ingestion does."""
    ids = run.indexed_documents
    documents = run.deps.store.collection("documents")
    for start in range(0, len(ids), 1000):
        await documents.update_many(
            {"document_id": {"$in": ids[start : start + 1000]}},
            set={
                "citex_status": CitexStatus.FAILED.value,
                "is_indexed_in_rag": False,
                "updated_at": run.now_text(),
            },
        )


async def apply_index(run: JobRun) -> None:
    """Hand the job's changes to the knowledge sink; a failure leaves the records and warns."""
    try:
        outcome = await run.deps.sink.apply(run.changes)
    except Exception as exc:  # 02 §13: the index being down never fails the ingestion
        log.warning("ingest.index_pending", extra={"job_id": run.job.job_id, "error": type(exc).__name__})
        run.index_pending = run.changes.size
        warning = run.index_warning()
        for file_run in run.files:
            if file_run.had_changes:
                file_run.warn([warning], 1)
        await _mark_index_failed(run)
        return
    run.docs_indexed = outcome.docs_indexed
    run.index_pending = outcome.pending


def _close_unfinished(run: JobRun) -> None:
    if run.failure is not None:
        code, reason = "internal_error", "not finished: the job stopped on an internal error"
    else:
        code, reason = "cancelled", "not finished: the job was cancelled"
    for file_run in run.files:
        if not file_run.finished or file_run.result.status.value in ("pending", "processing"):
            file_run.unfinished(code=code, reason=reason)


def _outcome(run: JobRun) -> JobOutcome:
    if run.failure is not None:
        return JobOutcome.FAILED
    return outcome_for(run.job.files, cancelled=run.cancel.is_set())


def _cleanup(run: JobRun, outcome: JobOutcome) -> None:
    discard_job(run.deps.settings.data_dir, run.job.job_id)
    uploads = run.inputs.uploads_dir
    if outcome is JobOutcome.OK and uploads and Path(uploads).exists():
        shutil.rmtree(uploads)


async def finish_job(run: JobRun) -> None:
    """Verdict, summary and record; then `ingest.job` and exactly one `ingest.done`."""
    job = run.job
    _close_unfinished(run)
    outcome = _outcome(run)
    completed_at = run.deps.clock.now()
    job.outcome = outcome
    job.status = status_for(outcome)
    job.completed_at = completed_at
    job.data_as_of = run.data_as_of()
    job.stats = stats_for(run.totals)
    job.errors = [*error_lines(job.files), *job.errors]
    if run.failure is not None:
        job.errors.append(run.failure)
    if job.status is IngestionStatus.COMPLETED:
        job.progress.stage = IngestStage.ANALYZING.value
        job.progress.percentage = percentage(IngestStage.ANALYZING, 1.0)
    job.summary = build_summary(
        job,
        counts=run.totals,
        ignored=run.ignored,
        docs_indexed=run.docs_indexed,
        index_pending=run.index_pending,
        completed_at=completed_at,
    )
    try:
        await run.save()
    finally:  # even when the store is down, listeners learn that the job ended
        _cleanup(run, outcome)
        run.job_event()
        run.deps.streams.publish(
            job.job_id,
            "ingest.done",
            {
                "status": job.status.value,
                "outcome": outcome.value,
                "summary": job.summary.model_dump(mode="json"),
            },
        )
