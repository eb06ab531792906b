"""`EmbeddedIndex`: the default `KnowledgeIndex` over `<data dir>/knowledge.db` (spec 03 §4).

FTS5 answers at once; when the semantic extra is present a background job embeds new chunks and
queries fuse both legs. Opt-out tags are read through `optout` on every index and query call, so a
tag added later hides content on the next query.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.knowledge.chunker import CHUNKER_VERSION
from chiefops.knowledge.embedded import catalog
from chiefops.knowledge.embedded import semantic as sem
from chiefops.knowledge.embedded.db import KnowledgeDB
from chiefops.knowledge.embedded.fusion import RecencyConfig
from chiefops.knowledge.embedded.prepare import DocWrite, prepare
from chiefops.knowledge.embedded.schema import get_meta, set_meta
from chiefops.knowledge.embedded.search import QueryContext, QueryOutcome, SemanticInput, run_query
from chiefops.knowledge.embedded.vocab import FrequencyCache
from chiefops.knowledge.embedded.writes import (
    count_chunks,
    purge_chunks,
    raise_as_of,
    store_docs,
    stored_states,
)
from chiefops.knowledge.models import (
    Chunk,
    IndexHealth,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    Source,
    SourceDoc,
)
from chiefops.knowledge.optout import OptOutMatcher

log = logging.getLogger(__name__)

OptOutSource = Callable[[], Awaitable[OptOutMatcher]]
EmbedderLoader = Callable[[], sem.Embedder]
WRITE_BATCH = 200
NO_SEMANTIC = "Semantic search is not available (install chiefops[semantic]); answered with keyword search."


class EmbeddedIndex:
    """FTS5 (+ optional vectors) in the index's own SQLite file."""

    name = "embedded"

    def __init__(
        self,
        path: Path,
        *,
        optout: OptOutSource,
        zone: ZoneInfo,
        clock: Clock,
        recency: RecencyConfig | None = None,
        embedder_loader: EmbedderLoader | None = None,
    ) -> None:
        self._db = KnowledgeDB(path)
        self._optout = optout
        self._zone = zone
        self._clock = clock
        self._recency = recency or RecencyConfig()
        self._loader = embedder_loader
        self._embedder: sem.Embedder | None = None
        self._semantic_problem: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._embed_task: asyncio.Task[None] | None = None
        self._embed_dirty = False
        self._version = 0
        self._matrix: sem.VectorMatrix | None = None
        self._matrix_version = -1
        self._matrix_lock = asyncio.Lock()
        self._frequencies = FrequencyCache()
        self.needs_rebuild = False

    @property
    def path(self) -> Path:
        return self._db.path

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the file; note a chunker change (→ rebuild); load the embedding model in the background."""
        await asyncio.to_thread(self._db.open)
        if self._db.problem is None:
            self.needs_rebuild = await self._db.write(self._check_versions)
        if self._loader is not None:
            self._spawn(self._load_embedder())

    def _check_versions(self, conn: sqlite3.Connection) -> bool:
        stored = get_meta(conn, "chunker_version")
        has_docs = conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is not None
        set_meta(conn, "chunker_version", str(CHUNKER_VERSION))
        if get_meta(conn, "chunk_count") is None:
            count_chunks(conn)
        return has_docs and stored != str(CHUNKER_VERSION)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.to_thread(self._db.close)

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _load_embedder(self) -> None:
        assert self._loader is not None
        try:
            self._embedder = await asyncio.to_thread(self._loader)
        except Exception as exc:  # background job edge: recorded, shown by health()
            self._semantic_problem = f"embedding model failed to load: {exc}"
            log.exception("knowledge.semantic_load_failed")
            return
        model_id = self._embedder.model_id
        await self._db.write(partial(_adopt_model, model_id=model_id))
        self._kick_embedding()

    # --- writes ------------------------------------------------------------------------------

    async def index(self, docs: Sequence[SourceDoc]) -> IndexReport:
        """Idempotent upsert by doc_key: unchanged content is skipped, changed docs replaced whole."""
        started = time.perf_counter()
        matcher = await self._optout()
        report = IndexReport(docs_seen=len(docs))
        batches = [docs[start : start + WRITE_BATCH] for start in range(0, len(docs), WRITE_BATCH)]
        pending = (
            asyncio.ensure_future(asyncio.to_thread(_prepare_all, batches[0], matcher)) if batches else None
        )
        try:
            for n in range(len(batches)):
                assert pending is not None
                writes = await pending
                # 03 §11 throughput: chunk the next batch while this one is written (SQLite frees the GIL)
                if n + 1 < len(batches):
                    pending = asyncio.ensure_future(asyncio.to_thread(_prepare_all, batches[n + 1], matcher))
                report.merge(await self._db.write(partial(self._store, writes=writes)))
        finally:
            if pending is not None and not pending.done():
                pending.cancel()
        report.docs_seen = len(docs)
        report.took_ms = round((time.perf_counter() - started) * 1000, 3)
        self._changed()
        return report

    def _store(self, conn: sqlite3.Connection, *, writes: Sequence[DocWrite]) -> IndexReport:
        report = IndexReport()
        states = stored_states(conn, [w.doc.doc_key for w in writes])
        changed: list[DocWrite] = []
        for write in writes:
            report.warnings.extend(write.warnings)
            if write.skip is not None:
                report.skipped.add(write.skip)
            if write.too_large:
                report.skipped.add("too_large")
            if states.get(write.doc.doc_key) == (write.content_hash, write.state):
                report.docs_unchanged += write.skip is None
            else:
                changed.append(write)
                report.docs_indexed += write.skip is None
        deleted, written = store_docs(
            conn, changed, stored=states.keys(), indexed_at=self._clock.now().isoformat()
        )
        report.chunks_deleted, report.chunks_written = deleted, written
        raise_as_of(conn, [c for w in changed for c in w.chunks])
        count_chunks(conn, delta=written - deleted)
        return report

    async def delete(
        self, *, doc_keys: Sequence[str] = (), project_id: str | None = None, source: Source | None = None
    ) -> int:
        """Remove docs (with chunks, vectors, catalogue rows); returns chunks removed."""
        if not doc_keys and project_id is None and source is None:
            raise ValueError(
                "delete() needs doc_keys, project_id or source; use reset(confirm='all') to clear all"
            )
        keys = list(doc_keys)
        removed = await self._db.write(
            lambda conn: catalog.delete_scope(conn, keys, project_id, source.value if source else None)
        )
        self._changed()
        return removed

    async def reset(self, *, confirm: Literal["all"]) -> None:
        """Clear-all-data: every doc, chunk, vector and queued write."""
        if confirm != "all":
            raise ValueError("reset needs confirm='all'")
        if self._db.problem is not None:
            await asyncio.to_thread(self._db.reset_file)
        else:
            await self._db.write(catalog.clear_all)
        self._changed()

    async def purge(self, matcher: OptOutMatcher | None = None) -> int:
        """Delete every chunk the opt-out tags match, marking their docs `purged` (a re-index restores
        them). `KnowledgeService.purge_optouts` renders the docs again first, so only the matching
        messages, comments or sections go; this is what is left for content that cannot be rendered."""
        matcher = matcher or await self._optout()
        matches = await self.opted_out(matcher)
        if not matches:
            return 0
        removed = await self._db.write(lambda conn: purge_chunks(conn, matches))
        self._changed()
        return removed

    async def opted_out(self, matcher: OptOutMatcher) -> list[tuple[str, str]]:
        """(chunk_id, doc_key) of every stored chunk the tags match."""
        if matcher.is_empty:
            return []
        return await self._db.read(lambda conn: catalog.opted_out_chunks(conn, matcher))

    def _changed(self) -> None:
        self._version += 1
        self._frequencies.version = self._version
        self._kick_embedding()

    # --- reads -------------------------------------------------------------------------------

    async def query(self, q: KnowledgeQuery) -> KnowledgeResult:
        started = time.perf_counter()
        matcher = await self._optout()
        semantic = await self._semantic_input(q)
        ctx = QueryContext(
            matcher=matcher,
            config=self._recency,
            zone=self._zone,
            semantic=semantic,
            frequencies=self._frequencies,
        )
        outcome: QueryOutcome = await self._db.read(lambda conn: run_query(conn, q, ctx))
        warnings = list(outcome.warnings)
        if q.mode == "hybrid" and semantic is None:
            warnings.append(NO_SEMANTIC)
        return KnowledgeResult(
            hits=outcome.hits,
            backend="embedded-hybrid" if outcome.hybrid else "embedded-fts",
            warnings=warnings,
            optout_filtered=outcome.optout_filtered,
            candidates=outcome.candidates,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    async def _semantic_input(self, q: KnowledgeQuery) -> SemanticInput | None:
        embedder = self._embedder
        if embedder is None or q.mode == "lexical":
            return None
        async with self._matrix_lock:
            if self._matrix is None or self._matrix_version != self._version:
                version = self._version
                self._matrix = await self._db.read(lambda conn: sem.load_matrix(conn, embedder.model_id))
                self._matrix_version = version
        matrix = self._matrix
        if matrix.size == 0:
            return None
        vector = await asyncio.to_thread(embedder.embed_query, q.text)
        return SemanticInput(matrix=matrix, vector=vector)

    async def health(self) -> IndexHealth:
        if self._db.problem is not None:
            return IndexHealth(state="down", reason=self._db.problem, semantic=self._semantic_state())
        health = await self._db.read(catalog.counts)
        updates: dict[str, object] = {
            "semantic": self._semantic_state(),
            "model_id": self._embedder.model_id if self._embedder else None,
            "needs_rebuild": self.needs_rebuild,
            "backend": "embedded-hybrid" if self._embedder else "embedded-fts",
        }
        if self._semantic_problem:
            updates.update(state="degraded", reason=self._semantic_problem)
        elif self.needs_rebuild:
            updates.update(state="degraded", reason="chunker changed: a rebuild is running or needed")
        return health.model_copy(update=updates)

    def _semantic_state(self) -> Literal["on", "off", "unavailable"]:
        if self._semantic_problem:
            return "unavailable"
        return "on" if self._embedder is not None or self._loader is not None else "off"

    async def stored_docs(
        self, *, source: Source, project_id: str | None = None, doc_keys: Sequence[str] | None = None
    ) -> list[SourceDoc]:
        """Rendered docs as stored (Drive text for rebuilds without the upload); `doc_keys` narrows."""
        return await self._db.read(lambda conn: catalog.stored_docs(conn, source.value, project_id, doc_keys))

    async def doc_projects(self) -> dict[str, tuple[Source, str | None]]:
        """doc_key → (source, project_id) of every catalogued doc."""
        rows = await self._db.read(catalog.doc_projects)
        return {key: (Source(source), project) for key, (source, project) in rows.items()}

    async def chunks_of(self, doc_key: str) -> list[Chunk]:
        """The stored chunks of one doc, in order."""
        return await self._db.read(lambda conn: catalog.chunks_of(conn, doc_key))

    async def doc_states(self, doc_keys: Sequence[str]) -> dict[str, str]:
        """doc_key → catalogue state (`indexed`, `skipped:<reason>`, `purged`) for the known keys."""
        states = await self._db.read(lambda conn: stored_states(conn, list(doc_keys)))
        return {key: state for key, (_, state) in states.items()}

    async def doc_keys(self, *, source: Source | None = None, project_id: str | None = None) -> list[str]:
        return await self._db.read(
            lambda conn: catalog.doc_keys(conn, source.value if source else None, project_id)
        )

    # --- background embedding ------------------------------------------------------------------

    def _kick_embedding(self) -> None:
        if self._embedder is None:
            return
        self._embed_dirty = True
        if self._embed_task is None or self._embed_task.done():
            self._embed_task = self._spawn(self._embed_pending())

    async def _embed_pending(self) -> None:
        embedder = self._embedder
        assert embedder is not None
        model_id = embedder.model_id
        while True:
            self._embed_dirty = False
            while batch := await self._db.read(
                lambda c: sem.pending_chunks(c, model_id, limit=sem.EMBED_BATCH)
            ):
                try:
                    matrix = await asyncio.to_thread(embedder.embed_chunks, [(h, b) for _, _, h, b in batch])
                except Exception as exc:  # background job edge: recorded, shown by health()
                    self._semantic_problem = f"embedding failed: {exc}"
                    log.exception("knowledge.embedding_failed")
                    return
                keys = [(cid, digest) for cid, digest, _, _ in batch]
                await self._db.write(partial(sem.store_vectors, model_id=model_id, keys=keys, matrix=matrix))
                self._version += 1
            if not self._embed_dirty:
                return

    async def drain(self) -> None:
        """Wait until the model is loaded and every chunk has a vector (tests and benchmarks)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))


def _prepare_all(docs: Sequence[SourceDoc], matcher: OptOutMatcher) -> list[DocWrite]:
    return [prepare(doc, matcher) for doc in docs]


def _adopt_model(conn: sqlite3.Connection, *, model_id: str) -> None:
    """Vectors of another model are useless: drop them and record the model in use."""
    sem.drop_other_models(conn, model_id)
    set_meta(conn, "model_id", model_id)
