"""`KnowledgeService`: the one door to the knowledge index for the CLI, the API and other areas.

It searches (checking project scopes), reports status, re-indexes a project / source / everything
from the Store and the stored Drive texts in a background job, purges opted-out content, and owns
the sink ingestion calls in its `indexing` stage.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.errors import NotFound, ValidationFailed
from chiefops.knowledge.base import KnowledgeIndex, get_index
from chiefops.knowledge.embedded.fusion import Decay, RecencyConfig
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.loader import StoreLoader
from chiefops.knowledge.models import (
    DEFAULT_TOP_K,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    KnowledgeStatus,
    ReindexJob,
    ReindexRequest,
    Source,
    SourceDoc,
    parse_query,
)
from chiefops.knowledge.optout import OptOutMatcher, load_matcher
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.sink import IndexSink, mark_documents
from chiefops.models import Project, new_id
from chiefops.store import Store

log = logging.getLogger(__name__)

KEEP_JOBS = 20
REINDEXED_SOURCES = (Source.SLACK, Source.JIRA, Source.DRIVE)


class KnowledgeService:
    """Search, status, re-index and purge over one `KnowledgeIndex` and its local catalogue."""

    def __init__(
        self, *, store: Store, index: KnowledgeIndex, local: EmbeddedIndex, loader: StoreLoader, clock: Clock
    ) -> None:
        self._store = store
        self._index = index
        self._local = local
        self._loader = loader
        self._clock = clock
        self._jobs: dict[str, ReindexJob] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.sink = IndexSink(store=store, index=index, local=local, loader=loader)

    @classmethod
    def build(
        cls, settings: Settings, *, store: Store, clock: Clock, recency: RecencyConfig | None = None
    ) -> KnowledgeService:
        """The service over the backend the settings choose (raises `ConfigError` on a bad choice)."""

        async def optout() -> OptOutMatcher:
            return await load_matcher(store)

        if recency is None:
            recency = RecencyConfig(
                conversation=Decay(
                    half_life_days=settings.recency_half_life_days, floor=settings.recency_floor
                )
            )
        local = get_index(settings, optout=optout, clock=clock, recency=recency)
        loader = StoreLoader(store, zone=ZoneInfo(settings.timezone))
        return cls(store=store, index=local, local=local, loader=loader, clock=clock)

    @property
    def index(self) -> KnowledgeIndex:
        return self._index

    @property
    def local(self) -> EmbeddedIndex:
        """The embedded index, which every backend keeps (catalogue, stored Drive text, fallback)."""
        return self._local

    async def start(self) -> None:
        """Open the index; a chunker change starts a full rebuild in the background."""
        await self._local.start()
        if self._local.needs_rebuild:
            await self.reindex(ReindexRequest(all=True))

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._local.close()

    # --- search ------------------------------------------------------------------------------

    async def search(self, query: KnowledgeQuery) -> KnowledgeResult:
        """Ranked hits with citations; an unknown project id raises `NotFound` (404)."""
        for project_id in query.project_ids or []:
            await self._require_project(project_id)
        return await self._index.query(query)

    async def _require_project(self, project_id: str) -> None:
        if await self._store.typed(Project).find_one({"project_id": project_id}) is None:
            raise NotFound(f"project not found: {project_id!r}", details={"project_id": project_id})

    async def search_text(
        self, text: str, *, project: str | None = None, limit: int = DEFAULT_TOP_K
    ) -> KnowledgeResult:
        """Search by text, scoped to a project named by id, name or Jira key (the CLI's `--project`)."""
        project_ids = [await self.resolve_project(project)] if project else None
        return await self.search(parse_query({"text": text, "project_ids": project_ids, "top_k": limit}))

    async def resolve_project(self, name: str) -> str:
        """The project_id for an id, a name (any case) or a Jira key; `NotFound` otherwise."""
        wanted = name.strip()
        for project in await self._store.typed(Project).find():
            keys = {k.casefold() for k in project.jira_project_keys}
            if wanted in (project.project_id,) or wanted.casefold() in {project.name.casefold(), *keys}:
                return project.project_id
        raise NotFound(f"project not found: {name!r}", details={"project": name})

    # --- status, re-index, purge -------------------------------------------------------------

    async def status(self) -> KnowledgeStatus:
        jobs = sorted(self._jobs.values(), key=lambda j: j.started_at or self._clock.now(), reverse=True)
        return KnowledgeStatus(health=await self._index.health(), jobs=jobs)

    async def reindex(self, request: ReindexRequest) -> ReindexJob:
        """Start a background re-index of one scope; returns the queued job (202)."""
        if not (request.all or request.project_id or request.source):
            raise ValidationFailed(
                "Say what to re-index: project_id, source, or all=true.", details={"field": "all"}
            )
        if request.project_id is not None and not request.all:
            await self._require_project(request.project_id)
        job = ReindexJob(job_id=new_id(), request=request)
        self._remember(job)
        task: asyncio.Task[None] = asyncio.create_task(self._run_job(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job.model_copy()

    def _remember(self, job: ReindexJob) -> None:
        self._jobs[job.job_id] = job
        while len(self._jobs) > KEEP_JOBS:
            self._jobs.pop(next(iter(self._jobs)))

    async def _run_job(self, job: ReindexJob) -> None:
        job.state, job.started_at = "running", self._clock.now()
        try:
            job.report, job.removed_chunks = await self.run_reindex(job.request)
            job.state = "done"
        except Exception as exc:  # job runner edge: the failure is recorded on the job
            log.exception("knowledge.reindex_failed", extra={"job_id": job.job_id})
            job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
        job.finished_at = self._clock.now()
        if job.request.all and job.state == "done":
            self._local.needs_rebuild = False

    async def wait_for_jobs(self) -> None:
        """Wait for every running re-index job (tests, the CLI)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def run_reindex(self, request: ReindexRequest) -> tuple[IndexReport, int]:
        """Re-render and index a scope now; (report, chunks removed for records that are gone)."""
        ctx = await self._loader.context()
        report = IndexReport()
        removed = 0
        project_id = None if request.all else request.project_id
        sources = REINDEXED_SOURCES if request.all or request.source is None else (request.source,)
        for source in sources:
            produced: set[str] = set()
            for docs in await self._scope_docs(source, ctx, project_id=project_id):
                report.merge(await self._index.index(docs))
                produced.update(d.doc_key for d in docs)
            stale = [
                k
                for k in await self._local.doc_keys(source=source, project_id=project_id)
                if k not in produced
            ]
            removed += await self._settle_stale(source, stale, ctx)
            if source is Source.DRIVE:
                await mark_documents(self._store, self._local, sorted(produced))
        return report, removed

    async def _scope_docs(
        self, source: Source, ctx: RenderContext, *, project_id: str | None
    ) -> list[list[SourceDoc]]:
        if source is Source.SLACK:
            return [docs async for docs in self._loader.slack_docs(ctx, project_id=project_id)]
        if source is Source.JIRA:
            return [docs async for docs in self._loader.jira_docs(ctx, project_id=project_id)]
        stored = await self._local.stored_docs(source=Source.DRIVE, project_id=project_id)
        rendered, _ = await self._loader.drive_docs(stored, ctx)
        return [rendered]

    async def _settle_stale(self, source: Source, stale: Sequence[str], ctx: RenderContext) -> int:
        """Catalogue docs the scope no longer produced: re-render them by key, else remove them."""
        if not stale:
            return 0
        if source is Source.DRIVE:
            return await self._index.delete(doc_keys=list(stale))
        threads, days, issues = _parse_keys(stale)
        docs = [
            *await self._loader.thread_docs(threads, ctx),
            *await self._loader.day_docs(days, ctx),
            *await self._loader.issue_docs(issues, ctx),
        ]
        await self._index.index(docs)
        missing = [k for k in stale if k not in {d.doc_key for d in docs}]
        return await self._index.delete(doc_keys=missing) if missing else 0

    async def purge_optouts(self) -> int:
        """Delete every indexed chunk the current opt-out tags match (03 §8); returns chunks removed."""
        return await self._local.purge(await load_matcher(self._store))


def _parse_keys(keys: Sequence[str]) -> tuple[list[tuple[str, str]], list[tuple[str, date]], list[str]]:
    """Split doc keys into Slack threads, Slack channel-days and Jira keys (others are ignored)."""
    threads: list[tuple[str, str]] = []
    days: list[tuple[str, date]] = []
    issues: list[str] = []
    for key in keys:
        if key.startswith("jira:"):
            issues.append(key.removeprefix("jira:"))
        elif key.startswith("slack:"):
            head, kind, value = key.rsplit(":", 2)
            channel_id = head.removeprefix("slack:")
            if kind == "thread":
                threads.append((channel_id, value))
            elif kind == "day":
                days.append((channel_id, date.fromisoformat(value)))
    return threads, days, issues
