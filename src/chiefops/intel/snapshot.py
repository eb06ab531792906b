"""Load what the analysis needs from the Store into slim, frozen in-memory inputs (spec 04 §7).

Messages are read per channel in batches through projections (never whole models), tasks as models
(the flow and gap stages read them), people, channels, documents, projects, active facts and open
alerts as they are. Each collection's ingest batches are digested from natural keys and content
hashes — fields intel never writes — so intel's own write-back never looks like new data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from chiefops.intel.features import batch_digest
from chiefops.models import (
    Alert,
    AlertStatus,
    Channel,
    ConversationFact,
    Document,
    Person,
    Project,
    Setting,
    Task,
    TaskSource,
)
from chiefops.store import QueryPlan, Row, Store

MESSAGE_FIELDS = (
    "message_id",
    "natural_key",
    "source",
    "channel",
    "channel_id",
    "project_id",
    "timestamp",
    "author",
    "text",
    "thread_id",
    "is_reply",
    "is_thread_parent",
    "mentions",
    "reply_users",
    "reaction_count",
    "is_bot",
    "is_system",
    "slack_ts",
    "jira_refs",
    "ingestion_job_id",
    "content_hash",
    "has_task_assignment",
    "opt_out",
    "raw_text",
)
CHANNEL_BATCH = 200
VERSIONED = (
    "people",
    "projects",
    "tasks",
    "messages",
    "documents",
    "channels",
    "conversation_facts",
    "alerts",
    "settings",
)


@dataclass(frozen=True, slots=True)
class MessageRow:
    """One message as the analysis reads it (text kept for phrase search and excerpts)."""

    message_id: str
    natural_key: str
    source: str
    channel: str
    channel_id: str | None
    project_id: str | None
    at: datetime
    author: str
    text: str
    thread_id: str | None
    is_reply: bool
    is_parent: bool
    mentions: tuple[str, ...]
    reply_users: tuple[str, ...]
    reactions: int
    is_bot: bool
    is_system: bool
    slack_ts: str | None
    jira_refs: tuple[str, ...]
    batch: str
    content_hash: str
    has_task_assignment: bool
    opt_out: bool

    @property
    def is_slack(self) -> bool:
        return self.source == "slack"


@dataclass(frozen=True)
class Snapshot:
    """Everything one analysis run reads, loaded once."""

    people: tuple[Person, ...]
    tasks: tuple[Task, ...]
    messages: tuple[MessageRow, ...]
    channels: tuple[Channel, ...]
    documents: tuple[Document, ...]
    projects: tuple[Project, ...]
    facts: tuple[ConversationFact, ...]
    open_alerts: tuple[Alert, ...]
    status_map: dict[str, str]
    settings: dict[str, object]
    message_batches: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    raw_texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Slack mrkdwn by message_id, kept only until the message features are computed."""

    @property
    def is_empty(self) -> bool:
        return not (self.messages or self.tasks or self.documents)

    def projects_digest(self) -> list[str]:
        """Ingest-owned project fields (intel never renames a project or changes its keys)."""
        return sorted(
            f"{p.project_id}:{p.name}:{','.join(sorted(p.jira_project_keys))}" for p in self.projects
        )

    def input_digests(self) -> dict[str, str]:
        """Per-collection digests of ingested content (message batches, task/document/channel content)."""
        return dict(self._digests)

    @cached_property
    def _digests(self) -> dict[str, str]:
        return {
            "messages": _digest(sorted(self.message_batches.values())),
            "tasks": _digest(
                sorted(
                    f"{t.natural_key or t.task_id}:{t.content_hash}"
                    for t in self.tasks
                    if t.source is TaskSource.JIRA
                )
            ),
            "documents": _digest(
                sorted(
                    f"{d.natural_key}:{d.content_hash}:{d.modified_date.isoformat()}" for d in self.documents
                )
            ),
            "channels": _digest(
                sorted(
                    f"{c.channel_id}:{c.name}:{c.topic}:{c.purpose}:{','.join(sorted(c.members))}"
                    for c in self.channels
                )
            ),
        }


def _digest(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def _message(row: dict[str, object]) -> MessageRow:
    return MessageRow(
        message_id=str(row["message_id"]),
        natural_key=str(row["natural_key"] or row["message_id"]),
        source=str(row["source"]),
        channel=str(row["channel"]),
        channel_id=_opt(row["channel_id"]),
        project_id=_opt(row["project_id"]),
        at=row["timestamp"],  # type: ignore[arg-type]  # the store decodes datetime fields
        author=str(row["author"]),
        text=str(row["text"] or ""),
        thread_id=_opt(row["thread_id"]),
        is_reply=bool(row["is_reply"]),
        is_parent=bool(row["is_thread_parent"]),
        mentions=tuple(str(m) for m in row["mentions"] or ()),  # type: ignore[attr-defined]
        reply_users=tuple(str(m) for m in row["reply_users"] or ()),  # type: ignore[attr-defined]
        reactions=int(row["reaction_count"] or 0),  # type: ignore[call-overload]
        is_bot=bool(row["is_bot"]),
        is_system=bool(row["is_system"]),
        slack_ts=_opt(row["slack_ts"]),
        jira_refs=tuple(str(k) for k in row["jira_refs"] or ()),  # type: ignore[attr-defined]
        batch=str(row["ingestion_job_id"] or "-"),
        content_hash=str(row["content_hash"] or ""),
        has_task_assignment=bool(row["has_task_assignment"]),
        opt_out=bool(row["opt_out"]),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


async def load_messages(store: Store) -> tuple[list[MessageRow], dict[str, str]]:
    """Every message, read channel by channel through projections (bounded transient memory), and
    the raw Slack markup of each (for feature extraction; the caller drops it once used)."""
    collection = store.collection("messages")
    groups = await collection.aggregate(QueryPlan(group_by=("channel",), sort=(("channel", 1),)))
    channels = [str(g["channel"]) for g in groups if g["channel"] is not None]
    found: list[Row] = []
    for start in range(0, len(channels), CHANNEL_BATCH):
        chunk = channels[start : start + CHANNEL_BATCH]
        found.extend(await collection.find_fields({"channel": {"$in": chunk}}, fields=MESSAGE_FIELDS))
    if len(found) != sum(int(g["count"]) for g in groups):
        found = await collection.find_fields(fields=MESSAGE_FIELDS)
    raw = {str(r["message_id"]): str(r["raw_text"]) for r in found if r["raw_text"]}
    rows = sorted((_message(r) for r in found), key=lambda m: (m.at, m.natural_key))
    return rows, raw


def message_batches(messages: Sequence[MessageRow]) -> dict[str, str]:
    """Ingest batch id → digest of its messages (natural key + content hash)."""
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in messages:
        grouped[m.batch].append((m.natural_key, m.content_hash))
    return {batch: batch_digest(batch, pairs) for batch, pairs in sorted(grouped.items())}


@dataclass(frozen=True)
class SmallInputs:
    """The collections that change without new data: facts, open alerts, settings."""

    facts: tuple[ConversationFact, ...]
    open_alerts: tuple[Alert, ...]
    settings: dict[str, object]
    status_map: dict[str, str]


async def load_small(store: Store) -> SmallInputs:
    facts = await store.typed(ConversationFact).find(
        {"is_active": True}, sort=[("established_at", 1), ("fact_id", 1)]
    )
    alerts = await store.typed(Alert).find(
        {"status": {"$in": [AlertStatus.ACTIVE, AlertStatus.ACKNOWLEDGED]}}
    )
    stored = {s.key: s.value for s in await store.typed(Setting).find(sort=[("key", 1)])}
    status_map = stored.get("status_map")
    return SmallInputs(
        facts=tuple(facts),
        open_alerts=tuple(alerts),
        settings={k: v for k, v in stored.items() if k.startswith("intel.")},
        status_map={str(k): str(v) for k, v in status_map.items()} if isinstance(status_map, dict) else {},
    )


async def load_snapshot(store: Store) -> Snapshot:
    """Read the whole workspace (see the module docstring)."""
    versions = {name: await store.data_version(name) for name in VERSIONED}
    messages, raw = await load_messages(store)
    small = await load_small(store)
    return Snapshot(
        people=tuple(await store.typed(Person).find(sort=[("person_id", 1)])),
        tasks=tuple(await store.typed(Task).find(sort=[("task_id", 1)])),
        messages=tuple(messages),
        channels=tuple(await store.typed(Channel).find(sort=[("channel_id", 1)])),
        documents=tuple(await store.typed(Document).find(sort=[("document_id", 1)])),
        projects=tuple(await store.typed(Project).find(sort=[("project_id", 1)])),
        facts=small.facts,
        open_alerts=small.open_alerts,
        status_map=small.status_map,
        settings=small.settings,
        message_batches=message_batches(messages),
        versions=versions,
        raw_texts=raw,
    )
