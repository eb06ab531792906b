"""`CitexFallbackIndex`: the Citex backend behind the `KnowledgeIndex` interface (spec 03 §5).

Writes always go to the embedded index first (so the fallback holds every document), then to Citex;
a failed Citex write becomes an outbox row. Queries go to Citex — one call per project, in parallel —
and fall back to the embedded answer with `degraded=True` and the warning
`Citex unreachable since HH:MM — answered from the local index` when Citex fails, is refused, or takes
longer than the 10 s budget. A circuit breaker skips Citex for 60 s after three failures in a row; a
`GET /health` probe closes it. Each ok ↔ degraded change is handed to `on_status` ({state, reason,
since, queued}); the container decides which live event carries it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.knowledge.breaker import CircuitBreaker, CitexState
from chiefops.knowledge.citex import (
    CitexClient,
    CitexConfig,
    CitexRejected,
    CitexUnavailable,
    Sleep,
    query_body,
)
from chiefops.knowledge.citex_hits import map_hits
from chiefops.knowledge.citex_sync import CitexWriter
from chiefops.knowledge.embedded.index import EmbeddedIndex, OptOutSource
from chiefops.knowledge.models import (
    IndexHealth,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    Source,
    SourceDoc,
)
from chiefops.knowledge.outbox import (
    CitexLedger,
    DrainReport,
    OutboxRow,
    OutboxSummary,
    SyncOutcome,
    drain_outbox,
)

log = logging.getLogger(__name__)

StatusCallback = Callable[[CitexState], None]
QUERY_BUDGET_S = 10.0
"""Whole query, Citex included, even when Citex hangs (03 §5)."""
LOCAL_RESERVE_S = 1.0
"""Part of the budget kept for the embedded answer after Citex gave up."""
WRITE_CONCURRENCY = 4


class CitexFallbackIndex:
    """Citex for retrieval, the embedded index as the always-written fallback and local catalogue."""

    name = "citex"

    def __init__(
        self,
        *,
        local: EmbeddedIndex,
        client: CitexClient,
        optout: OptOutSource,
        clock: Clock,
        zone: ZoneInfo,
        on_status: StatusCallback | None = None,
        query_budget_s: float = QUERY_BUDGET_S,
    ) -> None:
        self._local = local
        self._client = client
        self._config = client.config
        self._optout = optout
        self._clock = clock
        self._zone = zone
        self._on_status = on_status
        self._budget_s = query_budget_s
        self._ledger = CitexLedger(local.path)
        self.breaker = CircuitBreaker(clock)
        self._writer = CitexWriter(client=client, ledger=self._ledger, local=local, breaker=self.breaker)
        self._published = 0

    # --- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the embedded index and the outbox tables beside it."""
        await self._local.start()
        await self._ledger.open()

    async def close(self) -> None:
        await self._ledger.close()
        await self._client.aclose()
        await self._local.close()

    # --- writes ------------------------------------------------------------------------------------

    async def index(self, docs: Sequence[SourceDoc]) -> IndexReport:
        """Index locally, then bring Citex in line for each doc (queued in the outbox when it fails)."""
        report = await self._local.index(docs)
        keys = list(dict.fromkeys(d.doc_key for d in docs))
        queued = await self._write_all("upsert", keys)
        if queued:
            report.warnings.append(
                f"Citex: {len(queued)} of {len(keys)} docs are not confirmed by Citex yet and wait in the outbox "
                f"({queued[0].error})."
            )
        return report

    async def delete(
        self, *, doc_keys: Sequence[str] = (), project_id: str | None = None, source: Source | None = None
    ) -> int:
        """Remove docs locally and from Citex; a whole project goes with one project deletion."""
        keys = list(doc_keys)
        if project_id is not None or source is not None:
            scoped = await self._local.doc_keys(source=source, project_id=project_id)
            keys = [k for k in scoped if not doc_keys or k in set(doc_keys)]
        removed = await self._local.delete(doc_keys=doc_keys, project_id=project_id, source=source)
        if project_id is not None and source is None and not doc_keys and self._config.project_id is None:
            keys = await self._delete_project(project_id, keys)
        await self._write_all("delete", keys)
        return removed

    async def _delete_project(self, project_id: str, keys: list[str]) -> list[str]:
        """Delete the project's Citex project; returns the keys still to remove one by one (on failure)."""
        if not self.breaker.allows_call():
            return keys
        outcome = await self._writer.delete_project(self._config.citex_project(project_id))
        return [] if outcome.status == "done" else keys

    async def reset(self, *, confirm: Literal["all"]) -> None:
        """Clear-all-data: the embedded index and every Citex project ChiefOps wrote to.

        A project Citex cannot delete now leaves one `delete` outbox row per doc it holds.
        """
        projects = sorted({citex_project for citex_project, _ in await self._ledger.projects()})
        await self._ledger.close()
        await self._local.reset(confirm=confirm)
        await self._ledger.open()
        for citex_project in projects:
            outcome = await self._writer.delete_project(citex_project)
            if outcome.status != "done":
                for key in await self._ledger.keys_in_project(citex_project):
                    await self._ledger.enqueue("delete", key, now=self._clock.now(), error=outcome.error)
        await self._publish()

    async def _write_all(self, op: Literal["upsert", "delete"], keys: Sequence[str]) -> list[SyncOutcome]:
        """Write each doc (four at a time); returns the outcomes that left an outbox row."""
        gate = asyncio.Semaphore(WRITE_CONCURRENCY)

        async def one(key: str) -> SyncOutcome:
            async with gate:
                return await self._write(op, key)

        outcomes = await asyncio.gather(*(one(key) for key in keys))
        await self._publish()
        return [o for o in outcomes if o.status != "done"]

    async def _write(self, op: Literal["upsert", "delete"], doc_key: str) -> SyncOutcome:
        now = self._clock.now()
        if not self.breaker.allows_call():
            outcome = SyncOutcome("retry", self.breaker.reason)
        else:
            outcome = await (self._writer.upsert(doc_key) if op == "upsert" else self._writer.remove(doc_key))
        if outcome.status == "done":
            await self._ledger.clear_key(doc_key)
        else:
            failed = outcome.status == "failed"
            await self._ledger.enqueue(op, doc_key, now=now, error=outcome.error, failed=failed)
        return outcome

    # --- outbox ------------------------------------------------------------------------------------

    async def drain_outbox(self, *, now: datetime) -> DrainReport:
        """Replay the writes due at `now` (the worker's tick); probes Citex first when the breaker is open."""
        if not self.breaker.allows_call() and not (self.breaker.probe_due() and await self.probe()):
            return DrainReport(stopped=True)
        report = await drain_outbox(
            self._ledger, self._writer.replay, now=now, allow=self.breaker.allows_call
        )
        await self._publish()
        return report

    async def retry_failed(self) -> int:
        """Re-arm failed outbox rows (`POST /api/v1/knowledge/outbox/retry`)."""
        return await self._ledger.rearm(now=self._clock.now())

    async def outbox(self) -> OutboxSummary:
        """Queue and failures (for `GET /api/v1/knowledge/status`)."""
        return await self._ledger.summary()

    async def outbox_rows(self) -> list[OutboxRow]:
        return await self._ledger.rows()

    async def citex_docs(self) -> dict[str, str]:
        """doc_key → Citex project of every doc ChiefOps believes Citex holds (its local catalogue)."""
        return {
            key: citex_project
            for citex_project, _ in await self._ledger.projects()
            for key in await self._ledger.keys_in_project(citex_project)
        }

    # --- reads ------------------------------------------------------------------------------------

    async def query(self, q: KnowledgeQuery) -> KnowledgeResult:
        """Citex's answer, or the embedded one marked degraded when Citex cannot give it in time.

        The health probe (breaker open long enough) and the Citex calls share one deadline, leaving
        `LOCAL_RESERVE_S` of the budget for the embedded answer.
        """
        deadline = asyncio.get_running_loop().time() + self._budget_s - LOCAL_RESERVE_S
        try:
            async with asyncio.timeout_at(deadline):
                if not (self.breaker.allows_call() or (self.breaker.probe_due() and await self.probe())):
                    return await self._degraded(q)
                result = await self._citex_query(q)
        except (CitexUnavailable, CitexRejected, TimeoutError) as exc:
            self.breaker.record_failure(_reason(exc))
            await self._publish()
            return await self._degraded(q, rejected=exc if isinstance(exc, CitexRejected) else None)
        self.breaker.record_success()
        await self._publish()
        return result

    async def _citex_query(self, q: KnowledgeQuery) -> KnowledgeResult:
        started = time.perf_counter()
        projects = await self._query_projects(q)
        answers = await asyncio.gather(
            *(
                self._client.query(query_body(q, project_id=pid, config=self._config), project_id=pid)
                for pid in projects
            )
        )
        tombstoned = await self._ledger.tombstoned([h.doc_key for hits in answers for h in hits if h.doc_key])
        mapped = await map_hits(
            {str(pid): hits for pid, hits in zip(projects, answers, strict=True)},
            q=q,
            local=self._local,
            tombstoned=tombstoned,
            matcher=await self._optout(),
            zone=self._zone,
        )
        return KnowledgeResult(
            hits=mapped.hits,
            backend="citex",
            optout_filtered=mapped.optout_filtered,
            candidates=mapped.candidates,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    async def _query_projects(self, q: KnowledgeQuery) -> list[str | None]:
        """The ChiefOps projects to ask: those requested (+ unscoped when included), else every known one."""
        if q.project_ids is not None:
            return [*q.project_ids, *([None] if q.unscoped_included else [])]
        known = list(dict.fromkeys(pid for _, pid in await self._ledger.projects()))
        return known or [None]

    async def _degraded(self, q: KnowledgeQuery, *, rejected: CitexRejected | None = None) -> KnowledgeResult:
        result = await self._local.query(q)
        warning = (
            f"{rejected.message.rstrip('.')} — answered from the local index"
            if rejected is not None
            else self.breaker.warning(self._zone)
        )
        return result.model_copy(update={"degraded": True, "warnings": [warning, *result.warnings]})

    async def probe(self) -> bool:
        """`GET /health`: success closes the breaker; failure keeps it open another 60 s."""
        try:
            await self._client.health()
        except (CitexUnavailable, CitexRejected) as exc:
            self.breaker.record_failure(exc.message)
            await self._publish()
            return False
        self.breaker.record_success()
        await self._publish()
        return True

    async def health(self) -> IndexHealth:
        """The embedded index's counts with Citex's state (`degraded` while Citex is unreachable)."""
        local = await self._local.health()
        state = await self.state()
        if local.state == "down" or state.state == "ok":
            return local.model_copy(update={"backend": "citex"})
        reason = f"{self.breaker.warning(self._zone)}; {state.queued} writes queued"
        return local.model_copy(update={"backend": "citex", "state": "degraded", "reason": reason})

    async def state(self) -> CitexState:
        return self.breaker.state(queued=(await self._ledger.summary()).pending)

    async def _publish(self) -> None:
        if self._on_status is None or self._published == self.breaker.version:
            return
        self._published = self.breaker.version
        self._on_status(await self.state())


def _reason(exc: CitexUnavailable | CitexRejected | TimeoutError) -> str:
    if isinstance(exc, TimeoutError):
        return "Citex did not answer within the query time budget"
    return exc.message


def build_citex_index(
    settings: Settings,
    *,
    local: EmbeddedIndex,
    optout: OptOutSource,
    clock: Clock,
    on_status: StatusCallback | None = None,
    sleep: Sleep | None = None,
) -> CitexFallbackIndex:
    """The Citex backend for `CHIEFOPS_KNOWLEDGE_BACKEND=citex` (raises `ConfigError` without a URL);
    `sleep` replaces the retry and job-poll waits (tests record them instead of waiting)."""
    config = CitexConfig.from_settings(settings)
    client = CitexClient(config) if sleep is None else CitexClient(config, sleep=sleep)
    return CitexFallbackIndex(
        local=local,
        client=client,
        optout=optout,
        clock=clock,
        zone=ZoneInfo(settings.timezone),
        on_status=on_status,
    )
