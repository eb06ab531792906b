"""Background knowledge jobs (re-index, opt-out purge) and the index's own background tasks.

`JobBook` keeps the last `KEEP_JOBS` jobs for `GET /api/v1/knowledge/status`, runs each in its own
task, records a failure on the job (the runner is an edge, 10 rule 16) and lets tests and the CLI
wait for everything it started.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from chiefops.clock import Clock
from chiefops.knowledge.models import IndexReport, JobKind, ReindexJob, ReindexRequest
from chiefops.models import new_id

log = logging.getLogger(__name__)

KEEP_JOBS = 20
JobRunner = Callable[[ReindexJob], Awaitable[tuple[IndexReport | None, int]]]
"""Does the job's work; returns (report, chunks removed)."""


class JobBook:
    """Queued, running and finished jobs plus the background tasks of the knowledge service."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._jobs: dict[str, ReindexJob] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, *, kind: JobKind, request: ReindexRequest, runner: JobRunner) -> ReindexJob:
        """Queue a job and run it in the background; returns a copy of the queued job."""
        job = ReindexJob(job_id=new_id(), kind=kind, request=request)
        self._jobs[job.job_id] = job
        while len(self._jobs) > KEEP_JOBS:
            self._jobs.pop(next(iter(self._jobs)))
        self.spawn(self._run(job, runner))
        return job.model_copy()

    def spawn(self, coro: Awaitable[None]) -> asyncio.Task[None]:
        """Run a background task the book waits for and cancels at close."""
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _run(self, job: ReindexJob, runner: JobRunner) -> None:
        job.state, job.started_at = "running", self._clock.now()
        try:
            job.report, job.removed_chunks = await runner(job)
            job.state = "done"
        except Exception as exc:  # job runner edge: the failure is recorded on the job
            log.exception("knowledge.job_failed", extra={"job_id": job.job_id, "kind": job.kind})
            job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
        job.finished_at = self._clock.now()

    def jobs(self) -> list[ReindexJob]:
        """Newest first."""
        return sorted(self._jobs.values(), key=lambda j: j.started_at or self._clock.now(), reverse=True)

    async def wait(self) -> None:
        """Wait until every job and task started here has finished (tests, the CLI)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
