"""One job through its stages (spec 02 §9, §11): detecting → parsing (+ writing) → writing →
resolving_people → indexing → analyzing.

Units are parsed in the worker pool while the single writer applies finished spools one unit at a
time, in the order they finish; at most a few spools wait on disk. Cancelling stops at the next unit
boundary: nothing more is dispatched or written, spools are discarded. Every failure of a file is
recorded on that file and the batch goes on; only an error outside the per-file loop fails the job.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.events import EventBus
from chiefops.ingest.drive_record import Place
from chiefops.ingest.events import JobStreams
from chiefops.ingest.hooks import IngestHook, IngestHooks
from chiefops.ingest.jobs import JobRepository, percentage
from chiefops.ingest.manifest import JobInputs, save_inputs
from chiefops.ingest.pool import ParsePool, UnitJob, UnitParsed
from chiefops.ingest.runner_detect import detect_batch
from chiefops.ingest.runner_files import FileRun, UnitFailure
from chiefops.ingest.runner_finish import apply_index, finish_job
from chiefops.ingest.runner_units import UnitPipeline
from chiefops.ingest.safety import Limits
from chiefops.ingest.spool import discard, job_spool_dir, unit_spool_path
from chiefops.ingest.tally import UnitTally
from chiefops.ingest.units import ParseContext, Reader, UnitFailed, UnitPlan
from chiefops.ingest.write_state import WriteState
from chiefops.ingest.writer import JobWriteContext
from chiefops.ingest.writer_derived import STATUS_MAP_KEY, backfill_jira_refs
from chiefops.knowledge.changes import IndexChanges, KnowledgeSink
from chiefops.knowledge.optout import OptOutMatcher, load_matcher
from chiefops.models import (
    FileStatus,
    IngestionFileType,
    IngestionJob,
    IngestionStatus,
    IngestStage,
    IngestWarning,
    InputKind,
    format_utc,
)
from chiefops.store import InvalidDocument, InvalidQuery, Store, UniqueViolation

log = logging.getLogger(__name__)

MIB = 1024 * 1024
SAVE_EVERY_S = 1.0
FILE_TYPES = {
    InputKind.SLACK_EXPORT: IngestionFileType.SLACK_ZIP,
    InputKind.SLACK_API: IngestionFileType.SLACK_API,
    InputKind.SLACK_CAPTURE: IngestionFileType.SLACK_API,
    InputKind.SLACK_MANUAL: IngestionFileType.SLACK_API,
    InputKind.JIRA_CSV: IngestionFileType.JIRA_CSV,
    InputKind.JIRA_SHEET: IngestionFileType.JIRA_CSV,
    InputKind.DOCUMENT: IngestionFileType.GDRIVE_FOLDER,
}
_DATA_ERRORS = (InvalidDocument, UniqueViolation, InvalidQuery)


class ReaderFactory(Protocol):
    def __call__(self, kind: InputKind, *, limits: Limits) -> Reader: ...


@dataclass
class RunnerDeps:
    settings: Settings
    store: Store
    clock: Clock
    streams: JobStreams
    bus: EventBus
    sink: KnowledgeSink
    hooks: IngestHooks
    pool: ParsePool
    jobs: JobRepository
    readers: ReaderFactory


class JobRun:
    """Runs one job; `execute` always ends with the job saved and `ingest.done` published."""

    def __init__(
        self, deps: RunnerDeps, job: IngestionJob, inputs: JobInputs, *, cancel: asyncio.Event
    ) -> None:
        self.deps = deps
        self.job = job
        self.inputs = inputs
        self.cancel = cancel
        self.files: list[FileRun] = []
        self.totals: Counter[str] = Counter()
        self.changes = IndexChanges()
        self.written: set[str] = set()
        self.indexed_documents: list[str] = []
        self.ignored = 0
        self.newest = ""
        self.docs_indexed = 0
        self.index_pending = 0
        self.failure: str | None = None
        self.state = WriteState(deps.store)
        self.limits = Limits.from_settings(deps.settings)
        self.work_dir = job_spool_dir(deps.settings.data_dir, job.job_id)
        self._saved_at = float("-inf")
        self._workers_ready: asyncio.Task[None] | None = None

    # --- events and persistence --------------------------------------------------------------------

    def now_text(self) -> str:
        return format_utc(self.deps.clock.now())

    async def save(self, *, throttle: bool = False) -> None:
        moment = self.deps.clock.monotonic()
        if throttle and moment - self._saved_at < SAVE_EVERY_S:
            return
        self._saved_at = moment
        self.job.updated_at = self.deps.clock.now()
        await self.deps.jobs.save(self.job)

    def job_event(self, *, detail: str | None = None) -> None:
        data: dict[str, object] = {
            "status": self.job.status.value,
            "stage": self.job.progress.stage,
            "percentage": self.job.progress.percentage,
            "files_total": len(self.job.files),
        }
        if detail:
            data["detail"] = detail
        self.deps.streams.publish(self.job.job_id, "ingest.job", data)

    def file_event(self, run: FileRun, phase: str, **extra: object) -> None:
        result = run.result
        data: dict[str, object] = {
            "file_id": result.file_id,
            "name": result.name,
            "kind": result.kind.value if result.kind else None,
            "phase": phase,
            "stage": self.job.progress.stage,
            "counts": dict(result.counts),
            "code": result.code,
            "reason": result.reason,
            "recoverable": result.recoverable,
            **extra,
        }
        self.deps.streams.publish(self.job.job_id, "ingest.file", data)

    async def stage(self, stage: IngestStage, *, detail: str | None = None) -> None:
        self.job.progress.stage = stage.value
        self.job.progress.percentage = percentage(stage)
        await self.save()
        self.job_event(detail=detail)

    # --- the stages --------------------------------------------------------------------------------

    async def execute(self) -> IngestionJob:
        try:
            await self._begin()
            matcher = await self._detecting()
            await self._parsing(matcher)
            await self._writing_done()
            if not self.cancel.is_set():
                await self._hooks(IngestStage.RESOLVING_PEOPLE, self.deps.hooks.resolving_people)
            await self._indexing()
            if not self.cancel.is_set():
                await self._hooks(IngestStage.ANALYZING, self.deps.hooks.analyzing)
        except Exception as exc:  # the job runner is an edge: record the failure, end the job loudly
            log.exception("ingest.job_failed", extra={"job_id": self.job.job_id})
            self.failure = (
                f"internal error ({type(exc).__name__}): {exc} — retry the job; the error was logged"
            )
        await finish_job(self)
        return self.job

    async def _begin(self) -> None:
        self.job.status = IngestionStatus.PROCESSING
        self.job.started_at = self.deps.clock.now()
        self._workers_ready = asyncio.create_task(self.deps.pool.start())  # overlaps detection
        await self.stage(IngestStage.DETECTING)

    async def _detecting(self) -> OptOutMatcher:
        batch = await detect_batch(
            self.inputs.paths(), limits=self.limits, work_dir=self.work_dir / "members"
        )
        self.ignored = batch.ignored
        self.files = [FileRun(file) for file in batch.files]
        self.job.files = [run.result for run in self.files]
        kinds = [run.result.kind for run in self.files if run.file.detected is not None and run.result.kind]
        if kinds:
            self.job.file_type = FILE_TYPES.get(kinds[0], self.job.file_type)
        self.inputs.files = {run.result.file_id: str(run.file.input_path) for run in self.files}
        save_inputs(self.deps.settings.data_dir, self.job.job_id, self.inputs)
        matcher = await load_matcher(self.deps.store)
        await self._skip_unchanged_documents(matcher)
        await self.save()
        for run in self.files:
            phase = {FileStatus.SKIPPED: "skipped", FileStatus.FAILED: "failed"}.get(
                run.result.status, "detected"
            )
            self.file_event(run, "done" if run.result.status is FileStatus.UNCHANGED else phase)
        return matcher

    async def _skip_unchanged_documents(self, matcher: OptOutMatcher) -> None:
        """Same path, same bytes: not extracted again, not re-indexed (02 §8)."""
        index = await self.state.documents()
        for run in self.files:
            detected = run.file.detected
            if detected is None or detected.kind is not InputKind.DOCUMENT or run.result.sha256 is None:
                continue
            place = Place.of(detected.source)
            tagged = matcher.matches_file(place.path, place.file_name)
            if index.by_key.get(place.natural_key) == run.result.sha256 and tagged == (
                place.natural_key in index.opted_out
            ):
                run.file.detected = None
                run.counts.update({"documents_unchanged": 1, "opted_out_documents": int(tagged)})
                self.totals.update(run.counts)
                run.conclude(duration_s=0.0)

    async def _parse_context(self) -> ParseContext:
        settings = self.deps.settings
        store = self.deps.store
        people = await store.collection("people").find_fields(fields=["name", "source_ids"])
        users = {
            ref["source_id"]: str(row["name"])
            for row in people
            for ref in row["source_ids"] or []
            if ref["source"] == "slack"
        }
        channels = await store.collection("channels").find_fields(fields=["channel_id", "name"])
        setting = await store.collection("settings").find_fields({"key": STATUS_MAP_KEY}, fields=["value"])
        return ParseContext(
            job_id=self.job.job_id,
            project=self.job.options.project,
            channel=self.job.options.channel,
            max_rows=settings.max_rows,
            max_cell_bytes=settings.max_cell_mb * MIB,
            max_json_bytes=settings.max_json_mb * MIB,
            max_pdf_pages=settings.max_pdf_pages,
            max_doc_text_bytes=settings.max_doc_text_mb * MIB,
            date_order=settings.ingest_date_order,
            timezone=settings.timezone,
            slack_dms=settings.ingest_slack_dms,
            known_slack_users=users,
            known_channels={str(r["channel_id"]): str(r["name"]) for r in channels},
            status_map=dict(setting[0]["value"] or {}) if setting else {},
        )

    async def _plan(self, ctx: ParseContext) -> list[tuple[FileRun, UnitPlan]]:
        work: list[tuple[FileRun, UnitPlan]] = []
        for run in self.files:
            detected = run.file.detected
            if detected is None:
                continue
            run.reader = self.deps.readers(detected.kind, limits=self.limits)
            run.result.status = FileStatus.PROCESSING
            try:
                run.units = await asyncio.to_thread(run.reader.plan, detected.source, ctx)
            except UnitFailed as failed:
                run.units = [UnitPlan(key="file", display=detected.source.display)]
                run.fail_unit(UnitFailure(failed.code, failed.reason, failed.recoverable))
                self.conclude_file(run)
                continue
            if not run.units:
                self.conclude_file(run)
            work += [(run, unit) for unit in run.units]
        return work

    def conclude_file(self, run: FileRun) -> None:
        elapsed = self.deps.clock.monotonic() - run.started_at if run.started_at is not None else None
        run.conclude(duration_s=max(0.0, elapsed) if elapsed is not None else None)
        failed = run.result.status is FileStatus.FAILED
        self.file_event(run, "failed" if failed else "done")

    async def _parsing(self, matcher: OptOutMatcher) -> None:
        await self.stage(IngestStage.PARSING)
        if self._workers_ready is not None:
            await self._workers_ready
        ctx = await self._parse_context()
        work = await self._plan(ctx)
        await self.save()
        if work:
            job_ctx = JobWriteContext(
                job_id=self.job.job_id,
                now=self.now_text(),
                project=self.job.options.project,
                matcher=matcher,
                batch_size=self.deps.settings.ingest_write_batch,
            )
            await UnitPipeline(self, ctx, job_ctx).run(work)

    def committed(self, run: FileRun, tally: UnitTally) -> None:
        """A unit's transaction committed: fold its results into the job's."""
        run.add_unit(tally)
        self.totals.update(tally.counts)
        self.written |= tally.written
        self.changes.slack_threads |= tally.changes.slack_threads
        self.changes.slack_days |= tally.changes.slack_days
        self.changes.jira_keys |= tally.changes.jira_keys
        self.changes.documents += tally.changes.documents
        self.indexed_documents += tally.indexed_documents
        self.newest = max(self.newest, tally.newest)

    def unit_failed(self, run: FileRun, parsed: UnitParsed) -> None:
        run.fail_unit(UnitFailure(parsed.code or "extract_failed", parsed.reason or "", parsed.recoverable))

    def write_failed(self, run: FileRun, exc: Exception) -> None:
        if isinstance(exc, _DATA_ERRORS):
            failure = UnitFailure("write_failed", f"{run.result.name}: could not be saved — {exc}", False)
        else:
            failure = UnitFailure(
                "store_error",
                f"{run.result.name}: could not be saved ({type(exc).__name__}: {exc}); nothing of it was written"
                " — free disk space / check permissions, then retry",
                True,
            )
        run.fail_unit(failure)

    def unit_job(self, run: FileRun, unit: UnitPlan, ctx: ParseContext) -> UnitJob:
        detected = run.file.detected
        assert detected is not None and run.reader is not None
        return UnitJob(
            reader=run.reader,
            source=detected.source,
            unit=unit,
            ctx=ctx,
            spool=unit_spool_path(
                self.deps.settings.data_dir, self.job.job_id, file_id=run.result.file_id, unit_key=unit.key
            ),
            timeout_s=float(self.deps.settings.ingest_file_timeout_s),
        )

    def discard_spool(self, job: UnitJob) -> None:
        discard(job.spool)

    async def _writing_done(self) -> None:
        if self.job.progress.stage != IngestStage.WRITING.value:
            await self.stage(IngestStage.WRITING)
        prefixes = await self.state.prefixes()
        start = self.state.prefixes_at_start
        if (
            start is not None
            and prefixes - start
            and await backfill_jira_refs(self.deps.store, prefixes, now=self.now_text())
        ):
            self.written.add("messages")
        if self.written:
            collections = sorted(self.written)
            versions = {name: await self.deps.store.data_version(name) for name in collections}
            self.deps.bus.publish("data.changed", {"collections": collections, "versions": versions})

    async def _hooks(self, stage: IngestStage, hooks: list[IngestHook]) -> None:
        detail = None if hooks else f"{stage.value.replace('_', ' ')}: no step registered, nothing to do"
        await self.stage(stage, detail=detail)
        for hook in hooks:
            try:
                await hook(self.job)
            except Exception as exc:  # a downstream step failing leaves the ingested data in place
                name = getattr(hook, "__qualname__", type(hook).__name__)
                log.exception("ingest.hook_failed", extra={"job_id": self.job.job_id, "hook": name})
                self.job.errors.append(f"{stage.value}: {name} failed ({type(exc).__name__}: {exc})")

    async def _indexing(self) -> None:
        await self.stage(
            IngestStage.INDEXING, detail=None if not self.changes.is_empty() else "nothing to index"
        )
        if self.changes.is_empty():
            return
        await apply_index(self)

    def data_as_of(self) -> datetime | None:
        return datetime.fromisoformat(self.newest) if self.newest else None

    def index_warning(self) -> IngestWarning:
        return IngestWarning(
            code="index_pending",
            message="The knowledge index is unavailable; search will include these records once the index is back",
        )
