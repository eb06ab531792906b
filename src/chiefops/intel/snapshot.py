"""Load what the analysis needs from the Store into slim, frozen in-memory inputs (spec 04 §7).

Messages stream from the store in batches and are kept as slim rows (never whole models), tasks as models
(the flow and gap stages read them; without comments and raw Jira cells), people, channels, documents, projects, active facts and open
alerts as they are. Each collection's ingest batches are digested from natural keys and content
hashes — fields intel never writes — so intel's own write-back never looks like new data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from chiefops.intel.features import batch_digest
from chiefops.models import (
    Alert,
    AlertStatus,
    Channel,
    ConversationFact,
    Document,
    Message,
    Person,
    Project,
    Setting,
    SourceEvidence,
    Task,
    TaskSource,
)
from chiefops.store import Store

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
        slack = sorted(d for b, d in self.message_batches.items() if b.endswith("|slack"))
        others = sorted(d for b, d in self.message_batches.items() if not b.endswith("|slack"))
        by_source = {"slack": _digest(slack), "jira": _digest(others)}
        return {
            "messages": _digest(sorted(self.message_batches.values())),
            "slack_messages": by_source["slack"],
            "jira_messages": by_source["jira"],
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


class _Interned(dict[str, str]):
    """One str object per distinct value (ids, channel names, batch keys repeat across messages)."""

    def __call__(self, value: str) -> str:
        return self.setdefault(value, value)


def _message(m: Message, keep: _Interned) -> MessageRow:
    source = keep(m.source.value)
    return MessageRow(
        m.message_id,
        m.natural_key or m.message_id,
        source,
        keep(m.channel),
        None if m.channel_id is None else keep(m.channel_id),
        None if m.project_id is None else keep(m.project_id),
        m.timestamp,
        keep(m.author),
        m.text,
        m.thread_id,
        m.is_reply,
        m.is_thread_parent,
        tuple(map(keep, m.mentions)) if m.mentions else (),
        tuple(map(keep, m.reply_users)) if m.reply_users else (),
        m.reaction_count,
        m.is_bot,
        m.is_system,
        m.slack_ts,
        tuple(map(keep, m.jira_refs)) if m.jira_refs else (),
        keep(f"{m.ingestion_job_id or '-'}|{source}"),
        m.has_task_assignment,
        m.opt_out,
    )


READ_BATCH = 2000


async def load_messages(store: Store) -> tuple[list[MessageRow], dict[str, str], dict[str, str]]:
    """Every message as a slim row (time order), the raw Slack markup of those that have it (for
    feature extraction; the caller drops it once used) and the digest of each ingest batch.

    Messages stream from the store a few thousand at a time and only the slim rows are kept, so
    transient memory stays bounded whatever the workspace size."""
    keep = _Interned()
    rows: list[MessageRow] = []
    raw: dict[str, str] = {}
    sums: dict[str, list[int]] = {}
    async for m in store.typed(Message).iterate(batch_size=READ_BATCH):
        row = _message(m, keep)
        rows.append(row)
        if m.raw_text:
            raw[row.message_id] = m.raw_text
        acc = sums.setdefault(row.batch, [0, 0])
        acc[0] = (acc[0] + record_hash(row.natural_key, m.content_hash or "")) % _MOD
        acc[1] += 1
    rows.sort(key=lambda m: (m.at, m.natural_key))
    batches = {b: batch_digest(b, total=t, count=n) for b, (t, n) in sorted(sums.items())}
    return rows, raw, batches


_MOD = 1 << 64


def record_hash(natural_key: str, content_hash: str) -> int:
    """64 bits of blake2b over one message's natural key and content hash (summed per batch, so the
    batch digest does not depend on the order messages are read in)."""
    data = f"{natural_key}\x1f{content_hash}".encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest())


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
    parts = await _load_parts(store, set(VERSIONED))
    return Snapshot(**parts, versions=versions)


SMALL = frozenset({"conversation_facts", "alerts", "settings"})


async def reload_collections(
    store: Store, held: Snapshot, names: set[str], *, versions: dict[str, int]
) -> Snapshot:
    """`held` with the named collections read again (the others kept as they are)."""
    return replace(held, **(await _load_parts(store, names)), versions=versions)


async def load_tasks(store: Store) -> tuple[Task, ...]:
    """Every task by task_id, streamed, without its comments and raw Jira cells: no stage reads them
    (comments are messages of their own; the cells ingestion mapped are fields), and they are most
    of a task's size. Write-back reads the stored tasks afresh."""
    slim: list[Task] = []
    async for task in store.typed(Task).iterate(batch_size=READ_BATCH):
        evidence = SourceEvidence(slack_messages=task.source_evidence.slack_messages)
        slim.append(task.model_copy(update={"comments": [], "source_evidence": evidence}))
    slim.sort(key=lambda t: t.task_id)
    return tuple(slim)


async def _load_parts(store: Store, names: set[str]) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    if "messages" in names:
        messages, raw, batches = await load_messages(store)
        parts.update(messages=tuple(messages), message_batches=batches, raw_texts=raw)
    if "people" in names:
        parts["people"] = tuple(await store.typed(Person).find(sort=[("person_id", 1)]))
    if "tasks" in names:
        parts["tasks"] = await load_tasks(store)
    if "channels" in names:
        parts["channels"] = tuple(await store.typed(Channel).find(sort=[("channel_id", 1)]))
    if "documents" in names:
        parts["documents"] = tuple(await store.typed(Document).find(sort=[("document_id", 1)]))
    if "projects" in names:
        parts["projects"] = tuple(await store.typed(Project).find(sort=[("project_id", 1)]))
    if names & SMALL:
        small = await load_small(store)
        parts.update(
            facts=small.facts,
            open_alerts=small.open_alerts,
            settings=small.settings,
            status_map=small.status_map,
        )
    return parts
