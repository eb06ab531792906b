"""Rendering docs again from the Store and indexing them (spec 03 §6): re-index jobs, re-scoping
and opt-out purges all go through here.

A scope (a project, a source, everything) is rendered batch by batch — a Slack channel, 500 Jira
issues, the stored Drive docs — and each batch is written while the next one is loaded and rendered.
Catalogue docs the scope no longer produces are rendered again by key, or removed when their records
are gone.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from chiefops.knowledge.base import KnowledgeIndex
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.loader import StoreLoader
from chiefops.knowledge.models import IndexReport, ReindexRequest, Source, SourceDoc
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.rerender import rerender
from chiefops.knowledge.sink import SLICE, mark_documents
from chiefops.store import Store

REINDEXED_SOURCES = (Source.SLACK, Source.JIRA, Source.DRIVE)


class Rebuilder:
    """Re-renders and indexes scopes or doc keys over one `KnowledgeIndex` and its local catalogue."""

    def __init__(
        self, *, store: Store, index: KnowledgeIndex, local: EmbeddedIndex, loader: StoreLoader
    ) -> None:
        self._store = store
        self._index = index
        self._local = local
        self._loader = loader

    async def run(self, request: ReindexRequest) -> tuple[IndexReport, int]:
        """Re-render and index a scope now; (report, chunks removed for records that are gone)."""
        ctx = await self._loader.context()
        report = IndexReport()
        removed = 0
        project_id = None if request.all else request.project_id
        sources = REINDEXED_SOURCES if request.all or request.source is None else (request.source,)
        for source in sources:
            produced: set[str] = set()
            report.merge(
                await self._index_stream(self._scope_docs(source, ctx, project_id=project_id), produced)
            )
            stale = [
                k
                for k in await self._local.doc_keys(source=source, project_id=project_id)
                if k not in produced
            ]
            removed += await self._settle_stale(source, stale, ctx)
            if source is Source.DRIVE:
                await mark_documents(self._store, self._local, sorted(produced))
        return report, removed

    async def _index_stream(self, batches: AsyncIterator[list[SourceDoc]], produced: set[str]) -> IndexReport:
        """Index batches as they are rendered, writing one while the next is loaded and rendered
        (both run in worker threads, so the two overlap on a second core)."""
        report = IndexReport()
        writing: asyncio.Future[IndexReport] | None = None
        try:
            async for docs in batches:
                if writing is not None:
                    report.merge(await writing)
                writing = asyncio.ensure_future(self._index.index(docs))
                produced.update(d.doc_key for d in docs)
            if writing is not None:
                report.merge(await writing)
                writing = None
        finally:
            if writing is not None:
                await asyncio.gather(writing, return_exceptions=True)
        return report

    async def _scope_docs(
        self, source: Source, ctx: RenderContext, *, project_id: str | None
    ) -> AsyncIterator[list[SourceDoc]]:
        if source is Source.SLACK:
            async for docs in self._loader.slack_docs(ctx, project_id=project_id):
                yield docs
        elif source is Source.JIRA:
            async for docs in self._loader.jira_docs(ctx, project_id=project_id):
                yield docs
        else:
            stored = await self._local.stored_docs(source=Source.DRIVE, project_id=project_id)
            rendered, _ = await self._loader.drive_docs(stored, ctx)
            yield rendered

    async def _settle_stale(self, source: Source, stale: Sequence[str], ctx: RenderContext) -> int:
        """Catalogue docs the scope no longer produced: re-render them by key, else remove them."""
        if not stale:
            return 0
        if source is Source.DRIVE:
            return await self._index.delete(doc_keys=list(stale))
        docs, missing = await rerender(stale, loader=self._loader, local=self._local, ctx=ctx)
        await self._index.index(docs)
        return await self._index.delete(doc_keys=missing) if missing else 0

    async def render_again(self, keys: Sequence[str]) -> int:
        """Render `keys` again from the Store (and the stored Drive parts) and index them, a slice at
        a time; keys that cannot be rendered any more are removed. Returns chunks removed."""
        ctx = await self._loader.context()
        removed = 0
        for start in range(0, len(keys), SLICE):
            docs, gone = await rerender(
                keys[start : start + SLICE], loader=self._loader, local=self._local, ctx=ctx
            )
            await self._index.index(docs)
            if gone:
                removed += await self._index.delete(doc_keys=gone)
        return removed
