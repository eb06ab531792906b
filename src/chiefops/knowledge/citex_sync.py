"""Writing ChiefOps docs to Citex (spec 03 §5): upload changed docs, remove gone ones, settle jobs.

The upload is built from the doc's chunks in the embedded index (so opt-out drops never reach Citex);
an unchanged upload (same content hash) is skipped. A changed doc replaces its old Citex copy. A job
still running after `CITEX_JOB_WAIT_S` is accepted and re-checked by the outbox worker; a document
route answering 404/405 leaves the doc tombstoned (its hits are dropped) until the next project rebuild.
Each call reports a `SyncOutcome`; callers queue or reschedule on `retry`, fail the row on `failed`.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace

from chiefops.knowledge.breaker import CircuitBreaker
from chiefops.knowledge.citex import (
    CitexClient,
    CitexJob,
    CitexRejected,
    CitexUnavailable,
    CitexUpload,
    build_upload,
)
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.outbox import CitexLedger, OutboxRow, SyncOutcome, SyncRecord, SyncState

DONE = SyncOutcome("done")
INDEXED = "indexed"


class CitexWriter:
    """Pushes one doc at a time; failures feed the circuit breaker."""

    def __init__(
        self, *, client: CitexClient, ledger: CitexLedger, local: EmbeddedIndex, breaker: CircuitBreaker
    ) -> None:
        self._client = client
        self._ledger = ledger
        self._local = local
        self._breaker = breaker

    async def replay(self, row: OutboxRow) -> SyncOutcome:
        """An outbox row again: the doc's current local state decides upload or removal."""
        return await (self.upsert(row.doc_key) if row.op == "upsert" else self.remove(row.doc_key))

    async def upsert(self, doc_key: str) -> SyncOutcome:
        """Bring Citex in line with the local doc (removing it when it is gone or opted out locally)."""
        state = (await self._local.doc_states([doc_key])).get(doc_key)
        chunks = await self._local.chunks_of(doc_key) if state == INDEXED else []
        if not chunks:
            return await self.remove(doc_key)
        upload = build_upload(chunks)
        record = (await self._ledger.records([doc_key])).get(doc_key)
        return await self._guard(self._push(upload, record))

    async def remove(self, doc_key: str) -> SyncOutcome:
        """Delete the doc's Citex copy; a 404/405 from the document route tombstones it instead."""
        record = (await self._ledger.records([doc_key])).get(doc_key)
        if record is None or record.state == "tombstoned":
            return DONE
        if record.citex_doc_id is None:
            await self._ledger.forget([doc_key])
            return DONE
        return await self._guard(self._delete(record))

    async def delete_project(self, citex_project: str) -> SyncOutcome:
        """Delete a whole Citex project (a project rebuild or clear-all-data) and forget its docs."""

        async def delete() -> SyncOutcome:
            await self._client.delete_project(citex_project)
            await self._ledger.forget_project(citex_project)
            return DONE

        return await self._guard(delete())

    async def _delete(self, record: SyncRecord) -> SyncOutcome:
        deleted = await self._client.delete_document(record.citex_doc_id or "", project_id=record.project_id)
        if deleted:
            await self._ledger.forget([record.doc_key])
        else:
            await self._ledger.put(replace(record, state="tombstoned"))
        return DONE

    async def _push(self, upload: CitexUpload, record: SyncRecord | None) -> SyncOutcome:
        if record is not None and record.content_hash == upload.content_hash:
            if record.state == "synced":
                return DONE
            if record.state == "pending_job" and record.job_id:
                return await self._settle(
                    await self._client.job(record.job_id, project_id=upload.project_id), upload
                )
        if record is not None and record.citex_doc_id and record.state == "synced":
            await self._client.delete_document(record.citex_doc_id, project_id=record.project_id)
        job = await self._client.ingest(upload)
        return await self._settle(await self._client.wait_for_job(job, project_id=upload.project_id), upload)

    async def _settle(self, job: CitexJob, upload: CitexUpload) -> SyncOutcome:
        if job.status == "completed":
            await self._ledger.put(_record(upload, self._client, job, state="synced"))
            return DONE
        if not job.is_done:
            await self._ledger.put(_record(upload, self._client, job, state="pending_job"))
            return SyncOutcome("pending", f"Citex job {job.job_id} still {job.status}; checked again later")
        return SyncOutcome("retry", f"Citex job {job.job_id} {job.status}: {job.error or 'no reason given'}")

    async def _guard(self, call: Awaitable[SyncOutcome]) -> SyncOutcome:
        """Run a Citex call; unreachable → `retry` (and a breaker failure), refused → `failed`."""
        try:
            outcome = await call
        except CitexUnavailable as exc:
            self._breaker.record_failure(exc.message)
            return SyncOutcome("retry", exc.message)
        except CitexRejected as exc:
            return SyncOutcome("failed", exc.message)
        self._breaker.record_success()
        return outcome


def _record(upload: CitexUpload, client: CitexClient, job: CitexJob, *, state: SyncState) -> SyncRecord:
    return SyncRecord(
        doc_key=upload.doc_key,
        project_id=upload.project_id,
        citex_project=client.config.citex_project(upload.project_id),
        citex_doc_id=job.document_id,
        job_id=job.job_id,
        content_hash=upload.content_hash,
        state=state,
    )
