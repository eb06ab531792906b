"""The AI audit log (spec 03 §10): one `ai_audit_log` record per provider call, kept locally.

`AuditLog` writes records (then enforces retention: `CHIEFOPS_AUDIT_RETENTION_DAYS`, at most 5,000
records), lists them newest first, and shows one call with the exact messages that left the machine.
Values stay hidden — the listing never carries the placeholder map, a detail shows placeholder
names only — unless `reveal=True`, which restores them locally from the record's map.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import Field

from chiefops.ai.audit_payload import SentMessage, pack_sent, summarize_sources, unpack_sent
from chiefops.ai.redaction import PlaceholderSession, rehydrate
from chiefops.clock import Clock
from chiefops.errors import NotFound
from chiefops.models import (
    AIAuditRecord,
    AIProvider,
    AuditStatus,
    ChunkUse,
    Model,
    OptOutDrops,
    Page,
    PromptSection,
    RedactionMode,
    UtcDatetime,
)
from chiefops.models.page import MAX_PAGE_LIMIT
from chiefops.store import Filter, Store

__all__ = [
    "AUDIT_MAX_RECORDS",
    "AuditDetail",
    "AuditEntry",
    "AuditLog",
    "SentMessage",
    "pack_sent",
    "summarize_sources",
    "unpack_sent",
]

AUDIT_MAX_RECORDS = 5000
DEFAULT_RETENTION_DAYS = 90
DEFAULT_LIST_LIMIT = 20
_DELETE_BATCH = 500
_NEWEST_FIRST = [("created_at", -1), ("attempt", -1)]
_PAYLOAD_FIELDS = {"sent", "response", "placeholder_map"}


class AuditEntry(Model):
    """One provider call as listed: identity, provider, what went in, counts and timings — no payload."""

    audit_id: str
    request_id: str | None = None
    created_at: UtcDatetime
    operation: str
    conversation_id: str | None = None
    project_id: str | None = None
    attempt: int = 1
    provider: AIProvider
    model: str | None = None
    endpoint_host: str | None = None
    remote: bool = False
    sections: list[PromptSection] = Field(default_factory=list)
    chunks: list[ChunkUse] = Field(default_factory=list, description="In prompt order")
    facts_included: list[str] = Field(default_factory=list)
    turns_included: int = 0
    structured_included: list[str] = Field(default_factory=list)
    optout_dropped: OptOutDrops = Field(default_factory=OptOutDrops)
    redactions: dict[str, int] = Field(default_factory=dict)
    redaction: RedactionMode
    truncated: bool = False
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_estimated: bool = False
    latency_ms: int | None = None
    first_token_ms: int | None = None
    status: AuditStatus = AuditStatus.OK
    error: str | None = None
    source_summary: str = ""


class AuditDetail(Model):
    """One call with its payload: the messages as sent and the raw reply (values restored only if revealed)."""

    entry: AuditEntry
    messages: list[SentMessage] = Field(default_factory=list, description="Exactly what left the machine")
    response: str = ""
    placeholders: list[str] = Field(default_factory=list, description="Placeholder names used in the call")
    placeholder_map: dict[str, str] = Field(
        default_factory=dict, description="Placeholder → value; filled only with reveal=true"
    )
    revealed: bool = False


def entry_of(record: AIAuditRecord) -> AuditEntry:
    """The listing view of a record (no payload, no placeholder map)."""
    return AuditEntry.model_validate(record.model_dump(exclude=_PAYLOAD_FIELDS))


def detail_of(record: AIAuditRecord, *, reveal: bool) -> AuditDetail:
    """The detail view; with `reveal` the placeholders in messages and reply are restored locally."""
    messages = unpack_sent(record.sent)
    response = record.response
    if reveal:
        session = PlaceholderSession.from_mapping(record.placeholder_map)
        messages = [m.model_copy(update={"content": rehydrate(m.content, session)}) for m in messages]
        response = rehydrate(response, session)
    return AuditDetail(
        entry=entry_of(record),
        messages=messages,
        response=response,
        placeholders=sorted(record.placeholder_map),
        placeholder_map=dict(record.placeholder_map) if reveal else {},
        revealed=reveal,
    )


def _as_utc(moment: datetime) -> datetime:
    """A naive time from a query string is read as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class AuditLog:
    """Store functions over `ai_audit_log`."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        max_records: int = AUDIT_MAX_RECORDS,
    ) -> None:
        self._records = store.typed(AIAuditRecord)
        self._clock = clock
        self._retention = timedelta(days=retention_days)
        self._max_records = max_records

    async def record(self, record: AIAuditRecord) -> AIAuditRecord:
        """Store one call's record, then apply retention at the clock's time."""
        await self._records.insert_many([record])
        await self.enforce_retention(now=self._clock.now())
        return record

    async def enforce_retention(self, *, now: datetime) -> int:
        """Delete records older than the retention period, then the oldest beyond the cap; returns how many."""
        removed = await self._records.delete_many({"created_at": {"$lt": now - self._retention}})
        excess = await self._records.count() - self._max_records
        if excess <= 0:
            return removed
        rows = await self._records.find_fields(
            None, fields=["audit_id"], sort=_NEWEST_FIRST, skip=self._max_records
        )
        ids = [str(row["audit_id"]) for row in rows]
        for start in range(0, len(ids), _DELETE_BATCH):
            removed += await self._records.delete_many(
                {"audit_id": {"$in": ids[start : start + _DELETE_BATCH]}}
            )
        return removed

    async def clear(self) -> int:
        """Clear-all-data: every record gone."""
        return await self._records.delete_many({})

    async def list_entries(
        self,
        *,
        limit: int = DEFAULT_LIST_LIMIT,
        before: datetime | None = None,
        operation: str | None = None,
        conversation_id: str | None = None,
    ) -> Page[AuditEntry]:
        """Newest first; `before` pages back (records created strictly earlier)."""
        query: dict[str, object] = {}
        if before is not None:
            query["created_at"] = {"$lt": _as_utc(before)}
        if operation is not None:
            query["operation"] = operation
        if conversation_id is not None:
            query["conversation_id"] = conversation_id
        limit = max(1, min(limit, MAX_PAGE_LIMIT))
        records = await self._records.find(query, sort=_NEWEST_FIRST, limit=limit)
        return Page[AuditEntry](
            items=[entry_of(r) for r in records], total=await self._records.count(query), skip=0, limit=limit
        )

    async def get_record(self, audit_id: str) -> AIAuditRecord:
        """The stored record (with its map — for local use only); `NotFound` for an unknown id."""
        record = await self._records.find_one({"audit_id": audit_id})
        if record is None:
            raise NotFound(
                f"No AI call {audit_id!r} in the audit log (records are kept "
                f"{self._retention.days} days, at most {self._max_records}).",
                details={"audit_id": audit_id},
            )
        return record

    async def get_detail(self, audit_id: str, *, reveal: bool = False) -> AuditDetail:
        return detail_of(await self.get_record(audit_id), reveal=reveal)

    async def find_last(self, *, conversation_id: str | None = None) -> AIAuditRecord | None:
        """The newest record, optionally of one conversation."""
        query: Filter = {} if conversation_id is None else {"conversation_id": conversation_id}
        return await self._records.find_one(query, sort=_NEWEST_FIRST)

    async def get_last(self, *, conversation_id: str | None = None, reveal: bool = False) -> AuditDetail:
        """The newest call's detail; `NotFound` when nothing was recorded (for that conversation)."""
        record = await self.find_last(conversation_id=conversation_id)
        if record is None:
            scope = f" for conversation {conversation_id!r}" if conversation_id else ""
            raise NotFound(
                f"No AI call has been recorded yet{scope}: nothing was sent to a model.",
                details={"conversation_id": conversation_id},
            )
        return detail_of(record, reveal=reveal)
