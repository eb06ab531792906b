"""`KnowledgeService`: the one door to the knowledge index for the CLI, the API and other areas.

It searches (checking project scopes), reports status, re-indexes a project / source / everything
from the Store and the stored Drive texts in a background job, keeps every doc in the project its
channel, issue or folder is mapped to (03 §6), manages opt-out tags and purges what they match
(03 §8), and owns the sink ingestion calls in its `indexing` stage. With
`CHIEFOPS_KNOWLEDGE_BACKEND=citex` the index is the Citex backend over the embedded one; its
status changes are published as `knowledge.status` events and its outbox is drained in the
background.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.errors import NotFound, ValidationFailed
from chiefops.events import EventBus
from chiefops.knowledge.base import KnowledgeIndex, get_index
from chiefops.knowledge.breaker import CitexState
from chiefops.knowledge.citex import Sleep
from chiefops.knowledge.embedded.fusion import Decay, RecencyConfig
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.fallback import CitexFallbackIndex, StatusCallback, build_citex_index
from chiefops.knowledge.jobs import JobBook
from chiefops.knowledge.loader import StoreLoader
from chiefops.knowledge.models import (
    DEFAULT_TOP_K,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    KnowledgeStatus,
    OptOutAdded,
    OptOutCreate,
    OptOutRemoved,
    ReindexJob,
    ReindexRequest,
    parse_query,
)
from chiefops.knowledge.optout import OptOutMatcher, add_tags, delete_tag, list_tags, load_matcher
from chiefops.knowledge.rebuild import Rebuilder
from chiefops.knowledge.rescope import misplaced, store_projects
from chiefops.knowledge.sink import IndexSink
from chiefops.models import IngestionJob, OptOutTag, Page, Project
from chiefops.models.page import MAX_PAGE_LIMIT
from chiefops.store import Store

log = logging.getLogger(__name__)

OUTBOX_TICK_S = 5.0
"""How often the Citex outbox worker replays due writes."""


class KnowledgeService:
    """Search, status, re-index, re-scope and opt-out purges over one `KnowledgeIndex`."""

    def __init__(
        self,
        *,
        store: Store,
        index: KnowledgeIndex,
        local: EmbeddedIndex,
        loader: StoreLoader,
        clock: Clock,
        events: EventBus | None = None,
        citex: CitexFallbackIndex | None = None,
        outbox_tick_s: float | None = OUTBOX_TICK_S,
    ) -> None:
        self._store = store
        self._index = index
        self._local = local
        self._loader = loader
        self._clock = clock
        self._events = events
        self._citex = citex
        self._outbox_tick_s = outbox_tick_s
        self._book = JobBook(clock)
        self._loops: set[asyncio.Task[None]] = set()
        self._maintenance = asyncio.Lock()
        self._follower: asyncio.Task[None] | None = None
        self._followed = 0
        self._follow_cond = asyncio.Condition()
        self.sink = IndexSink(store=store, index=index, local=local, loader=loader)
        self._rebuilder = Rebuilder(store=store, index=index, local=local, loader=loader)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        store: Store,
        clock: Clock,
        recency: RecencyConfig | None = None,
        events: EventBus | None = None,
        outbox_tick_s: float | None = OUTBOX_TICK_S,
        citex_sleep: Sleep | None = None,
    ) -> KnowledgeService:
        """The service over the backend the settings choose (raises `ConfigError` on a bad choice,
        e.g. `citex` without `CHIEFOPS_CITEX_URL`). `outbox_tick_s=None` runs no outbox worker;
        `citex_sleep` replaces the Citex client's retry waits (tests)."""

        async def optout() -> OptOutMatcher:
            return await load_matcher(store)

        if recency is None:
            recency = RecencyConfig(
                conversation=Decay(
                    half_life_days=settings.recency_half_life_days, floor=settings.recency_floor
                )
            )
        local = get_index(settings, optout=optout, clock=clock, recency=recency)
        citex = None
        if settings.knowledge_backend == "citex":
            citex = build_citex_index(
                settings,
                local=local,
                optout=optout,
                clock=clock,
                on_status=_status_publisher(events),
                sleep=citex_sleep,
            )
        loader = StoreLoader(store, zone=ZoneInfo(settings.timezone))
        return cls(
            store=store,
            index=citex or local,
            local=local,
            loader=loader,
            clock=clock,
            events=events,
            citex=citex,
            outbox_tick_s=outbox_tick_s,
        )

    @property
    def index(self) -> KnowledgeIndex:
        return self._index

    @property
    def local(self) -> EmbeddedIndex:
        """The embedded index, which every backend keeps (catalogue, stored Drive text, fallback)."""
        return self._local

    @property
    def citex(self) -> CitexFallbackIndex | None:
        """The Citex backend when `CHIEFOPS_KNOWLEDGE_BACKEND=citex`, else None."""
        return self._citex

    async def start(self) -> None:
        """Open the index, follow analysis runs (re-scoping after each), start the Citex outbox
        worker; a chunker change starts a full rebuild in the background."""
        await (self._citex.start() if self._citex else self._local.start())
        if self._events is not None:
            self._followed = _last_seq(self._events)
            self._follower = self._loop(self._follow_analysis(self._events, after_seq=self._followed))
        if self._citex is not None and self._outbox_tick_s is not None:
            self._loop(self._drain_outbox(self._citex, self._outbox_tick_s))
        if self._local.needs_rebuild:
            await self.reindex(ReindexRequest(all=True))

    async def close(self) -> None:
        for task in list(self._loops):
            task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        await self._book.close()
        await (self._citex.close() if self._citex else self._local.close())

    def _loop(self, coro: Coroutine[object, object, None]) -> asyncio.Task[None]:
        """A long-lived background loop, cancelled at close (never waited for)."""
        task = asyncio.create_task(coro)
        self._loops.add(task)
        task.add_done_callback(self._loops.discard)
        return task

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

    # --- status, re-index --------------------------------------------------------------------

    async def status(self) -> KnowledgeStatus:
        return KnowledgeStatus(health=await self._index.health(), jobs=self._book.jobs())

    async def reindex(self, request: ReindexRequest) -> ReindexJob:
        """Start a background re-index of one scope; returns the queued job (202)."""
        if not (request.all or request.project_id or request.source):
            raise ValidationFailed(
                "Say what to re-index: project_id, source, or all=true.", details={"field": "all"}
            )
        if request.project_id is not None and not request.all:
            await self._require_project(request.project_id)
        return self._book.start(kind="reindex", request=request, runner=self._reindex_job)

    async def _reindex_job(self, job: ReindexJob) -> tuple[IndexReport | None, int]:
        report, removed = await self.run_reindex(job.request)
        if job.request.all:
            self._local.needs_rebuild = False
        return report, removed

    async def wait_for_jobs(self) -> None:
        """Wait for every running re-index, purge and re-scope, including the re-scope of an analysis
        run that has already announced itself (tests, the CLI)."""
        await self._catch_up()
        await self._book.wait()

    async def _catch_up(self) -> None:
        """Until the follower has handled every event published so far."""
        follower, events = self._follower, self._events
        if follower is None or events is None:
            return
        latest = _last_seq(events)
        async with self._follow_cond:
            await self._follow_cond.wait_for(lambda: self._followed >= latest or follower.done())

    async def run_reindex(self, request: ReindexRequest) -> tuple[IndexReport, int]:
        """Re-render and index a scope now; (report, chunks removed for records that are gone)."""
        return await self._rebuilder.run(request)

    # --- project scope (03 §6) ------------------------------------------------------------------

    async def rescope(self) -> int:
        """Move every indexed doc into the project its channel, issue or folder is mapped to now.

        Ingestion indexes before the analysis maps channels and folders (so Slack and Drive content
        first lands unscoped); this runs after every analysis run. Docs whose text did not change
        are rewritten in place — `project_id`, facets, header and metadata — keeping their vectors;
        with Citex their copies are replaced. Returns how many docs moved.
        """
        async with self._maintenance:
            channels, issues, documents = await store_projects(self._store)
            stale = misplaced(
                await self._local.doc_projects(), channels=channels, issues=issues, documents=documents
            )
            if stale:
                await self._rebuilder.render_again(stale)
                log.info("knowledge.rescoped", extra={"docs": len(stale)})
            return len(stale)

    async def after_analysis(self, job: IngestionJob) -> None:
        """Ingestion hook (stage `analyzing`, after the analysis): re-scope what the job indexed."""
        await self.rescope()

    async def _follow_analysis(self, events: EventBus, *, after_seq: int) -> None:
        """Re-scope after every analysis run, whoever started it (a COO correction, a manual run)."""
        async for event in events.subscribe(after_seq=after_seq):
            if event.name == "analysis.done":
                self._book.spawn(self._rescope_in_background())
            async with self._follow_cond:
                self._followed = event.seq
                self._follow_cond.notify_all()

    async def _rescope_in_background(self) -> None:
        try:
            await self.rescope()
        except Exception:  # background edge: logged; the next analysis run tries again
            log.exception("knowledge.rescope_failed")

    # --- opt-out tags (03 §8) -------------------------------------------------------------------

    async def list_optouts(self, *, skip: int = 0, limit: int = MAX_PAGE_LIMIT) -> Page[OptOutTag]:
        return await list_tags(self._store, skip=skip, limit=limit)

    async def add_optout(self, request: OptOutCreate) -> OptOutAdded:
        """Store a tag (hidden from queries at once) and start the purge of what it matches.

        Raises `ValidationFailed` (422) for a regex that is too slow, `NotFound` for an unknown project.
        """
        if request.project_id is not None:
            await self._require_project(request.project_id)
        (tag,) = await add_tags(self._store, [request.to_tag()])
        affected = len(await self._local.opted_out(OptOutMatcher.from_tags([tag])))
        job = (
            self._book.start(kind="purge", request=ReindexRequest(all=True), runner=self._purge_job)
            if affected
            else None
        )
        return OptOutAdded(tag=tag, affected_chunks=affected, job=job)

    async def remove_optout(self, tag_id: str) -> OptOutRemoved:
        """Delete a tag (`NotFound` for an unknown id) and re-index everything, so what it kept out
        comes back (Slack and Jira from the Store, Drive from the parts the index kept)."""
        await delete_tag(self._store, tag_id)
        return OptOutRemoved(tag_id=tag_id, job=await self.reindex(ReindexRequest(all=True)))

    async def _purge_job(self, job: ReindexJob) -> tuple[IndexReport | None, int]:
        return None, await self.purge_optouts()

    async def purge_optouts(self) -> int:
        """Remove what the current opt-out tags match from the index (and Citex); returns the
        matching chunks removed.

        Each doc holding a match is rendered again from the Store with the tags applied, so only the
        tagged message, comment, issue, file or section leaves and its neighbours stay searchable.
        Whatever still matches afterwards (records gone from the Store) is deleted chunk by chunk.
        """
        async with self._maintenance:
            matcher = await load_matcher(self._store)
            matches = await self._local.opted_out(matcher)
            if not matches:
                return 0
            await self._rebuilder.render_again(sorted({doc_key for _, doc_key in matches}))
            await self._local.purge(matcher)
            log.info("knowledge.purged", extra={"chunks": len(matches)})
            return len(matches)

    # --- Citex ----------------------------------------------------------------------------------

    async def _drain_outbox(self, citex: CitexFallbackIndex, tick_s: float) -> None:
        """The outbox worker: every `tick_s`, replay the Citex writes that are due."""
        while True:
            await asyncio.sleep(tick_s)
            try:
                await citex.drain_outbox(now=self._clock.now())
            except Exception:  # worker edge: logged, retried at the next tick
                log.exception("knowledge.outbox_drain_failed")


def _last_seq(events: EventBus) -> int:
    recent = events.recent()
    return recent[-1].seq if recent else 0


def _status_publisher(events: EventBus | None) -> StatusCallback | None:
    """Each Citex ok ↔ degraded change as a `knowledge.status` event on the app's bus."""
    if events is None:
        return None

    def publish(state: CitexState) -> None:
        events.publish("knowledge.status", state.model_dump(mode="json"))

    return publish
