"""The parse → write pipeline of one job (spec 02 §9).

Every unit is dispatched to the worker pool as soon as a slot is free (at most `2 × workers`
units are parsed or waiting on disk at once); the single writer applies spools in the order they
finish, one transaction each. Progress from the workers becomes `ingest.file` events (at most four
per second per file) and the job's percentage.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from chiefops.ingest.jobs import percentage
from chiefops.ingest.pool import UnitJob, UnitParsed
from chiefops.ingest.runner_files import PROGRESS_INTERVAL_S, FileRun
from chiefops.ingest.units import ParseContext, UnitPlan
from chiefops.ingest.writer import JobWriteContext, write_unit
from chiefops.models import IngestStage

if TYPE_CHECKING:
    from chiefops.ingest.runner import JobRun

log = logging.getLogger(__name__)

Parsed = tuple[FileRun, UnitJob, UnitParsed | None]


def _unit_name(unit: UnitPlan) -> str:
    for key in ("messages", "rows", "pages", "documents"):
        if key in unit.estimate:
            return "files" if key == "documents" else key
    return "items"


class UnitPipeline:
    def __init__(self, run: JobRun, ctx: ParseContext, job_ctx: JobWriteContext) -> None:
        self._run = run
        self._ctx = ctx
        self._job_ctx = job_ctx
        self._slots = asyncio.Semaphore(max(2, 2 * run.deps.settings.ingest_workers))
        self._queue: asyncio.Queue[Parsed] = asyncio.Queue()
        self._parsed = 0
        self._written = 0
        self._total = 0

    async def run(self, work: list[tuple[FileRun, UnitPlan]]) -> None:
        self._total = len(work)
        producers = [asyncio.create_task(self._parse(file_run, unit)) for file_run, unit in work]
        try:
            for _ in range(self._total):
                file_run, job, parsed = await self._queue.get()
                try:
                    await self._write(file_run, job, parsed)
                finally:
                    self._run.discard_spool(job)
                    self._slots.release()
        finally:
            for task in producers:
                task.cancel()
            await asyncio.gather(*producers, return_exceptions=True)

    async def _parse(self, file_run: FileRun, unit: UnitPlan) -> None:
        await self._slots.acquire()
        job = self._run.unit_job(file_run, unit, self._ctx)
        if self._run.cancel.is_set():
            await self._queue.put((file_run, job, None))
            return
        if file_run.started_at is None:
            file_run.started_at = self._run.deps.clock.monotonic()
            self._run.file_event(
                file_run, "progress", done=0, total=len(file_run.units), unit=_unit_name(unit)
            )
        try:
            parsed = await self._run.deps.pool.parse(
                job, lambda d, t, text: self._progress(file_run, unit, d, t, text)
            )
        except BaseException:
            self._slots.release()
            raise
        await self._queue.put((file_run, job, parsed))

    def _progress(self, file_run: FileRun, unit: UnitPlan, done: int, total: int | None, detail: str) -> None:
        moment = self._run.deps.clock.monotonic()
        if moment - file_run.last_progress_at < PROGRESS_INTERVAL_S:
            return
        file_run.last_progress_at = moment
        self._run.file_event(
            file_run, "progress", done=done, total=total, unit=_unit_name(unit), detail=detail
        )

    async def _write(self, file_run: FileRun, job: UnitJob, parsed: UnitParsed | None) -> None:
        run = self._run
        self._parsed += 1
        if parsed is None:
            return  # cancelled before parsing: the file stays unfinished
        if parsed.status == "failed":
            run.unit_failed(file_run, parsed)
        elif run.cancel.is_set():
            return
        else:
            try:
                tally = await write_unit(run.state, self._job_ctx, job.spool)
            except Exception as exc:  # 02 §13 store_error: the unit rolled back, the batch goes on
                log.exception(
                    "ingest.unit_write_failed", extra={"job_id": run.job.job_id, "unit": job.unit.key}
                )
                run.write_failed(file_run, exc)
            else:
                run.committed(file_run, tally)
        self._written += 1
        await self._after_unit(file_run)

    async def _after_unit(self, file_run: FileRun) -> None:
        run = self._run
        if file_run.finished:
            run.conclude_file(file_run)
        if self._parsed >= self._total and run.job.progress.stage == IngestStage.PARSING.value:
            await run.stage(IngestStage.WRITING)
        stage = IngestStage(run.job.progress.stage)
        done = self._parsed if stage is IngestStage.PARSING else self._written
        run.job.progress.percentage = percentage(stage, done / max(1, self._total))
        await run.save(throttle=not file_run.finished)
