"""The real `KnowledgeSink` (spec 02 §11 stage `indexing`): changed units → the knowledge index.

Ingestion hands over what changed; the sink loads those threads, channel-days and issues from the
Store, renders the extracted Drive texts it was given, indexes them in slices (bounded memory),
removes deleted docs and records each Drive file's outcome on its `documents` record
(`is_indexed_in_rag`, `citex_status`).
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.knowledge.base import KnowledgeIndex
from chiefops.knowledge.changes import IndexChanges, SinkOutcome
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.loader import StoreLoader
from chiefops.knowledge.models import IndexReport, SourceDoc
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.render.docs import extraction_warnings, render_document, sections_to_parts
from chiefops.models import CitexStatus, Document, ExtractedText
from chiefops.store import Store

SLICE = 500


class IndexSink:
    """Implements `KnowledgeSink` over a `KnowledgeIndex`."""

    def __init__(
        self, *, store: Store, index: KnowledgeIndex, local: EmbeddedIndex, loader: StoreLoader
    ) -> None:
        self._store = store
        self._index = index
        self._local = local
        self._loader = loader

    async def apply(self, changes: IndexChanges) -> SinkOutcome:
        if changes.is_empty():
            return SinkOutcome()
        ctx = await self._loader.context()
        report = IndexReport()
        threads = sorted(changes.slack_threads)
        for start in range(0, len(threads), SLICE):
            report.merge(
                await self._index.index(await self._loader.thread_docs(threads[start : start + SLICE], ctx))
            )
        days = sorted(changes.slack_days)
        for start in range(0, len(days), SLICE):
            report.merge(
                await self._index.index(await self._loader.day_docs(days[start : start + SLICE], ctx))
            )
        keys = sorted(changes.jira_keys)
        for start in range(0, len(keys), SLICE):
            report.merge(
                await self._index.index(await self._loader.issue_docs(keys[start : start + SLICE], ctx))
            )
        for start in range(0, len(changes.documents), SLICE):
            texts = changes.documents[start : start + SLICE]
            report.merge(await self._index.index(await self._document_docs(texts, ctx)))
        if changes.deleted_doc_keys:
            await self._index.delete(doc_keys=sorted(changes.deleted_doc_keys))
        await mark_documents(self._store, self._local, [t.natural_key for t in changes.documents])
        return SinkOutcome(docs_indexed=report.docs_indexed, warnings=tuple(report.warnings))

    async def _document_docs(self, texts: Sequence[ExtractedText], ctx: RenderContext) -> list[SourceDoc]:
        documents = await self._loader.documents(t.natural_key for t in texts)
        return [
            render_document(
                documents[text.natural_key],
                sections_to_parts(text),
                ctx=ctx,
                warnings=extraction_warnings(text),
            )
            for text in texts
            if text.natural_key in documents
        ]


async def mark_documents(store: Store, local: EmbeddedIndex, natural_keys: Sequence[str]) -> None:
    """Mirror the index outcome on `documents`: indexed → in RAG; skipped (opted out, empty) → not."""
    if not natural_keys:
        return
    states = await local.doc_states(natural_keys)
    collection = store.typed(Document)
    for indexed in (True, False):
        keys = [k for k, state in states.items() if (state == "indexed") is indexed]
        if not keys:
            continue
        await collection.update_many(
            {
                "natural_key": {"$in": keys},
                "$or": [
                    {"is_indexed_in_rag": {"$ne": indexed}},
                    {"citex_status": {"$ne": CitexStatus.COMPLETED.value}},
                ],
            },
            set={"is_indexed_in_rag": indexed, "citex_status": CitexStatus.COMPLETED.value},
        )
