"""`IngestService`: the one door to ingestion for the API and the CLI (spec 02 §1, §11, §15).

Jobs run one at a time, first in first out, in a background task of the running event loop.
`submit` queues a job and returns its id; `run` submits and waits for the summary; `events` streams
a job's events; `retry`, `cancel` and `delete` act on finished or queued jobs; `start` recovers what
a stopped process left behind.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from pathlib import Path

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.errors import Conflict, Gone, ValidationFailed
from chiefops.events import Event, EventBus
from chiefops.ingest.events import JobStreams
from chiefops.ingest.hooks import IngestHooks
from chiefops.ingest.joblocks import JobLocks
from chiefops.ingest.jobs import UNFINISHED, JobRepository
from chiefops.ingest.manifest import JobInputs, delete_inputs, load_inputs, save_inputs, uploads_root
from chiefops.ingest.pool import ParsePool
from chiefops.ingest.preflight import preview_inputs
from chiefops.ingest.purge import purge_job_records
from chiefops.ingest.readers import reader_for
from chiefops.ingest.recovery import interrupt, purge_expired_uploads, recover_jobs
from chiefops.ingest.runner import JobRun, ReaderFactory, RunnerDeps
from chiefops.ingest.service_models import IngestPreview, JobBrief, RetryAccepted, UploadAccepted
from chiefops.ingest.upload_intake import accept_upload
from chiefops.knowledge.changes import KnowledgeSink
from chiefops.knowledge.optout import add_tags, tags_from_options
from chiefops.models import (
    FileStatus,
    IngestionFileType,
    IngestionJob,
    IngestionStatus,
    IngestOptions,
    IngestSummary,
    JobOutcome,
    JobTrigger,
    Page,
    format_utc,
    new_id,
)
from chiefops.store import Store

log = logging.getLogger(__name__)

_SUFFIX_TYPES = {".zip": IngestionFileType.SLACK_ZIP, ".json": IngestionFileType.SLACK_API}
_TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xls"})
FINISHED = frozenset({IngestionStatus.COMPLETED, IngestionStatus.FAILED})


def _guess_file_type(paths: Sequence[Path]) -> IngestionFileType:
    """The seed's `file_type` before detection (detection sets the real one)."""
    suffix = paths[0].suffix.lower() if paths else ""
    if suffix in _TABLE_SUFFIXES:
        return IngestionFileType.JIRA_CSV
    return _SUFFIX_TYPES.get(suffix, IngestionFileType.GDRIVE_FOLDER)


def _file_name(paths: Sequence[Path]) -> str:
    names = [p.name or str(p) for p in paths]
    return names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1} more)"


_ENDED_BADLY = frozenset({FileStatus.FAILED, FileStatus.PARTIAL, FileStatus.SKIPPED})


def _retryable(job: IngestionJob) -> list[str]:
    """file_ids to run again (02 §15): never finished or interrupted, or ended on a failure a retry can
    fix — `recoverable` marks store errors, timeouts, extractor crashes, cancels and §12 limits (which
    may have been raised since). A corrupt or unsupported file would only fail the same way again."""
    return [
        f.file_id for f in job.files if f.status in UNFINISHED or (f.recoverable and f.status in _ENDED_BADLY)
    ]


class IngestService:
    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        clock: Clock,
        bus: EventBus,
        sink: KnowledgeSink,
        hooks: IngestHooks,
        readers: ReaderFactory = reader_for,
    ) -> None:
        self._settings = settings
        self._store = store
        self._clock = clock
        self._jobs = JobRepository(store)
        self.streams = JobStreams(bus, clock)
        self._pool = ParsePool(workers=settings.ingest_workers)
        self._deps = RunnerDeps(
            settings=settings,
            store=store,
            clock=clock,
            streams=self.streams,
            bus=bus,
            sink=sink,
            hooks=hooks,
            pool=self._pool,
            jobs=self._jobs,
            readers=readers,
        )
        self._locks = JobLocks(settings.data_dir)
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._cancels: dict[str, asyncio.Event] = {}
        self._waiters: dict[str, list[asyncio.Future[IngestSummary]]] = {}

    @property
    def data_dir(self) -> Path:
        return self._settings.data_dir

    # --- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Recover the jobs a stopped process left (never a live process's), drop expired uploads."""
        now = self._clock.now()
        for job_id in await recover_jobs(self._jobs, data_dir=self.data_dir, now=now, locks=self._locks):
            self._enqueue(job_id)
        await purge_expired_uploads(
            self._jobs, data_dir=self.data_dir, now=now, keep_days=self._settings.ingest_keep_failed_days
        )

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        await asyncio.to_thread(self._pool.close)
        self._locks.release_all()

    def _enqueue(self, job_id: str) -> None:
        self._cancels[job_id] = asyncio.Event()
        self._queue.put_nowait(job_id)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work(), name="ingest-jobs")

    async def _work(self) -> None:
        while True:
            job_id = await self._queue.get()
            outcome: IngestSummary | BaseException
            try:
                job = await self._run_queued(job_id)
                outcome = job.summary or Conflict(f"Job {job_id} ended without a summary")
            except Exception as exc:  # the job worker is an edge: a broken job must not stop the queue
                log.exception("ingest.worker_error", extra={"job_id": job_id})
                outcome = exc
            self._cancels.pop(job_id, None)
            self._locks.release(job_id)
            for waiter in self._waiters.pop(job_id, []):
                if waiter.done():
                    continue
                if isinstance(outcome, BaseException):
                    waiter.set_exception(outcome)
                else:
                    waiter.set_result(outcome)

    async def _run_queued(self, job_id: str) -> IngestionJob:
        job = await self._jobs.get(job_id)
        if job.status is not IngestionStatus.QUEUED:
            return job
        inputs = load_inputs(self.data_dir, job_id) or JobInputs()
        return await JobRun(self._deps, job, inputs, cancel=self._cancels[job_id]).execute()

    # --- submitting --------------------------------------------------------------------------------

    async def submit(
        self,
        paths: Sequence[Path],
        options: IngestOptions | None = None,
        *,
        triggered_by: JobTrigger = JobTrigger.CLI,
        retry_of: str | None = None,
        uploads_dir: Path | None = None,
        job_id: str | None = None,
    ) -> str:
        """Queue a job over `paths`; opt-out tags given with it are validated and saved first."""
        options = options or IngestOptions()
        await add_tags(self._store, tags_from_options(options.opt_out))
        now = self._clock.now()
        resolved = [p.resolve() for p in paths]
        job = IngestionJob(
            job_id=job_id or new_id(),
            file_name=_file_name(resolved),
            file_type=_guess_file_type(resolved),
            options=options,
            triggered_by=triggered_by,
            retry_of=retry_of,
            created_at=now,
            updated_at=now,
        )
        save_inputs(
            self.data_dir,
            job.job_id,
            JobInputs(
                inputs=[str(p) for p in resolved], uploads_dir=str(uploads_dir) if uploads_dir else None
            ),
        )
        self._locks.acquire(job.job_id)  # a new id: nobody else holds it; recovery elsewhere skips it
        await self._jobs.save(job)
        self.streams.publish(
            job.job_id,
            "ingest.job",
            {"status": "queued", "stage": "queued", "percentage": 0.0, "files_total": 0},
        )
        self._enqueue(job.job_id)
        return job.job_id

    async def wait(self, job_id: str) -> IngestSummary:
        """The summary of a job once it has ended."""
        job = await self._jobs.get(job_id)
        if job.status in FINISHED and job.summary is not None:
            return job.summary
        waiter: asyncio.Future[IngestSummary] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(job_id, []).append(waiter)
        return await waiter

    async def run(
        self,
        paths: Sequence[Path],
        options: IngestOptions | None = None,
        *,
        triggered_by: JobTrigger = JobTrigger.CLI,
    ) -> IngestSummary:
        """Submit and wait: the CLI's and the tests' one call."""
        return await self.wait(await self.submit(paths, options, triggered_by=triggered_by))

    async def run_with_events(
        self,
        paths: Sequence[Path],
        options: IngestOptions | None = None,
        *,
        on_event: Callable[[Event], None],
        triggered_by: JobTrigger = JobTrigger.CLI,
    ) -> IngestSummary:
        """Submit, hand every event of the job to `on_event` until it ends, return the summary."""
        job_id = await self.submit(paths, options, triggered_by=triggered_by)
        async for event in self.events(job_id, after_seq=0):
            on_event(event)
        return await self.wait(job_id)

    async def preview(self, paths: Sequence[Path]) -> IngestPreview:
        return await preview_inputs(paths, settings=self._settings)

    async def upload(
        self, body: AsyncIterator[bytes], *, content_type: str | None
    ) -> UploadAccepted | IngestPreview:
        """Stream a multipart upload to disk, reject unusable parts at once, queue the rest."""
        job_id = new_id()
        intake = await accept_upload(
            body,
            content_type=content_type,
            directory=uploads_root(self.data_dir) / job_id,
            settings=self._settings,
        )
        if intake.options.dry_run:
            try:
                return await self.preview(intake.inputs)
            finally:
                shutil.rmtree(intake.directory)
        await self.submit(
            intake.inputs,
            intake.options,
            triggered_by=JobTrigger.UPLOAD,
            uploads_dir=intake.directory,
            job_id=job_id,
        )
        return UploadAccepted(
            job_id=job_id,
            files_accepted=intake.accepted,
            files_rejected=intake.rejected,
            total_size_bytes=intake.total_bytes,
            events_url=f"/api/v1/ingest/jobs/{job_id}/events",
        )

    # --- reading -----------------------------------------------------------------------------------

    async def get(self, job_id: str) -> IngestionJob:
        return await self._jobs.get(job_id)

    async def data_as_of(self) -> datetime | None:
        """When the ingested data ends: the newest event time any job brought in (None before any)."""
        return await self._jobs.newest_data_as_of()

    async def list(
        self, *, skip: int = 0, limit: int = 20, status: IngestionStatus | None = None
    ) -> Page[JobBrief]:
        page = await self._jobs.page(skip=skip, limit=limit, status=status)
        return Page[JobBrief](
            items=[JobBrief.of(j) for j in page.items], total=page.total, skip=skip, limit=limit
        )

    async def events(self, job_id: str, *, after_seq: int | None = None) -> AsyncIterator[Event]:
        """`ingest.job` first, then what was missed after `after_seq`, then live events until `ingest.done`."""
        job = await self._jobs.get(job_id)
        yield self.streams.snapshot(job_id, "ingest.job", _job_state(job))
        if job.status in FINISHED and not self.streams.has_stream(job_id):
            summary = job.summary.model_dump(mode="json") if job.summary else None
            outcome = job.outcome.value if job.outcome else None
            yield self.streams.snapshot(
                job_id, "ingest.done", {"status": job.status.value, "outcome": outcome, "summary": summary}
            )
            return
        if job.status in FINISHED and after_seq is None:
            done = [e for e in self.streams.recent(job_id) if e.name == "ingest.done"]
            for event in done[-1:]:
                yield event
            return
        start = self.streams.last_seq(job_id) if after_seq is None else after_seq
        async for event in self.streams.follow(job_id, after_seq=start):
            yield event

    # --- acting on jobs ----------------------------------------------------------------------------

    async def retry(self, job_id: str) -> RetryAccepted:
        """A new job re-running the files that failed recoverably, were interrupted or never finished."""
        job = await self._jobs.get(job_id)
        if job.status not in FINISHED:
            raise Conflict(
                f"Job {job_id} is still {job.status.value}; retry it once it has ended",
                details={"job_id": job_id},
            )
        file_ids = _retryable(job)
        if not file_ids:
            raise ValidationFailed(_nothing_to_retry(job), details={"job_id": job_id})
        inputs = load_inputs(self.data_dir, job_id)
        paths = sorted({Path(inputs.files.get(f, "")) for f in file_ids} - {Path()}) if inputs else []
        missing = [str(p) for p in paths if not p.exists()]
        if not paths or missing:
            raise Gone(
                f"The files of job {job_id} are no longer kept (uploads expire after "
                f"{self._settings.ingest_keep_failed_days} days) — upload them again",
                details={"job_id": job_id, "missing": missing},
            )
        uploads = Path(inputs.uploads_dir) if inputs and inputs.uploads_dir else None
        new_job = await self.submit(
            paths, job.options, triggered_by=JobTrigger.RETRY, retry_of=job_id, uploads_dir=uploads
        )
        return RetryAccepted(job_id=new_job, retry_of=job_id)

    async def cancel(self, job_id: str) -> IngestionJob:
        """Stop a queued or running job at the next unit boundary."""
        job = await self._jobs.get(job_id)
        if job.status in FINISHED:
            raise Conflict(f"Job {job_id} has already ended ({job.status.value})", details={"job_id": job_id})
        if job.status is IngestionStatus.QUEUED:
            interrupt(
                job, now=self._clock.now(), reason="cancelled before it started", outcome=JobOutcome.CANCELLED
            )
            await self._jobs.save(job)
            self.streams.publish(job_id, "ingest.job", _job_state(job))
            self.streams.publish(
                job_id,
                "ingest.done",
                {"status": job.status.value, "outcome": "cancelled", "summary": _summary(job)},
            )
        self._cancels.get(job_id, asyncio.Event()).set()
        return job

    async def delete(self, job_id: str, *, with_data: bool = False) -> None:
        """Remove a finished job and its kept uploads; `with_data` also its records and index docs."""
        job = await self._jobs.get(job_id)
        if job.status not in FINISHED:
            raise Conflict(
                f"Job {job_id} is {job.status.value}; cancel it before deleting it",
                details={"job_id": job_id},
            )
        if with_data:
            await purge_job_records(self._store, self._deps.sink, job_id, now=format_utc(self._clock.now()))
        inputs = load_inputs(self.data_dir, job_id)
        if inputs and inputs.uploads_dir and Path(inputs.uploads_dir).exists():
            shutil.rmtree(inputs.uploads_dir)
        delete_inputs(self.data_dir, job_id)
        await self._jobs.delete(job_id)


def _nothing_to_retry(job: IngestionJob) -> str:
    """422 message: say why, and what the COO can do instead."""
    bad = [f.name for f in job.files if f.status in _ENDED_BADLY]
    if not bad:
        return f"Nothing to retry in job {job.job_id}: every file was ingested"
    shown = ", ".join(bad[:5]) + (f" (+{len(bad) - 5} more)" if len(bad) > 5 else "")
    return (
        f"Nothing to retry in job {job.job_id}: {shown} would fail the same way again"
        " — replace or fix those files and ingest them again"
    )


def _summary(job: IngestionJob) -> dict[str, object] | None:
    return job.summary.model_dump(mode="json") if job.summary else None


def _job_state(job: IngestionJob) -> dict[str, object]:
    return {
        "status": job.status.value,
        "stage": job.progress.stage,
        "percentage": job.progress.percentage,
        "files_total": len(job.files),
    }
