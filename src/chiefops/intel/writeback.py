"""Write an analysis back to the Store (spec 04 intro, §1.4, §2): only what changed, idempotently.

People (merged ids → `alias_ids`, merged-away records deleted), references to merged ids rewritten
to the surviving person (task assignees, reporters and comment authors, message authors, mentions,
repliers and reactors, document owners, channel members), projects, `slack_identified` tasks and
inferred assignees, `messages.has_task_assignment`, and the project of each document and channel.
Every comparison reads the stored values fresh, so running the same analysis twice writes nothing and
leaves every data version unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chiefops.intel.pipeline import Analysis
from chiefops.intel.writeback_people import changed, person_records
from chiefops.intel.writeback_projects import project_records
from chiefops.models import (
    Channel,
    Document,
    Message,
    Person,
    Project,
    SourceEvidence,
    Task,
    TaskSource,
)
from chiefops.store import Store

CHUNK = 500


@dataclass
class WriteSummary:
    collections: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    written_people: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        if count:
            self.collections.add(name)
            self.counts[name] = self.counts.get(name, 0) + count


def _chunks(items: Sequence[str]) -> list[list[str]]:
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]


SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # section: (stages whose recomputation calls for it, collections another writer may have moved)
    "people": (("identity", "roles", "activity", "project_people", "flags"), ("people",)),
    "references": (("identity",), ("tasks", "messages", "documents", "channels", "people")),
    "projects": (
        ("detection", "project_people", "flow", "gaps", "risks", "readiness", "health", "status"),
        ("projects",),
    ),
    "tasks": (("informal",), ("tasks",)),
    "messages": (("informal", "detection"), ("messages", "channels")),
    "mappings": (("detection",), ("documents", "channels", "messages")),
}


def sections_to_write(analysis: Analysis, *, moved: set[str]) -> set[str]:
    """The write-back sections whose inputs changed: a stage recomputed, or a collection another
    writer touched since this service's last write (`moved`); the rest would write nothing."""
    recomputed = {r.stage for r in analysis.runner.records if r.recomputed}
    return {
        name
        for name, (stages, collections) in SECTIONS.items()
        if recomputed & set(stages) or moved & set(collections)
    }


async def write_back(
    store: Store,
    analysis: Analysis,
    *,
    now: datetime,
    extra_projects: Mapping[str, Mapping[str, Any]] | None = None,
    sections: set[str] | None = None,
) -> WriteSummary:
    """Apply the analysis to the store (see the module docstring); returns what was written.

    `sections` limits the work to the parts that can have changed (all of them when None).
    """
    summary = WriteSummary()
    wanted = set(SECTIONS) if sections is None else sections
    async with store.transaction():
        if wanted & {"people", "references"}:
            aliases = await _people(store, analysis, now, summary)
            if "references" in wanted:
                await _references(store, aliases, summary, slack_merged=_slack_merged(analysis))
        if "projects" in wanted:
            await _projects(store, analysis, now, summary, extra_projects or {})
        if "tasks" in wanted:
            await _tasks(store, analysis, summary)
        if "messages" in wanted:
            await _messages(store, analysis, summary)
        if wanted & {"mappings", "messages"}:
            await _mappings(store, analysis, summary)
    return summary


async def _people(store: Store, analysis: Analysis, now: datetime, summary: WriteSummary) -> dict[str, str]:
    people = store.typed(Person)
    stored = await people.find()
    records = person_records(analysis, stored)
    summary.written_people = {r.person_id: (r.name, r.email) for r in records}
    by_id = {p.person_id: p for p in stored}
    writes = [r.model_copy(update={"updated_at": now}) for r in records if changed(r, by_id.get(r.person_id))]
    if writes:
        result = await people.upsert_many(writes, key="person_id")
        summary.add("people", result.written)
    keep = {r.person_id for r in records} | set(analysis.people.non_persons)
    gone = sorted(
        p.person_id
        for p in stored
        if p.person_id not in keep and analysis.people.resolve(p.person_id) is not None
    )
    for chunk in _chunks(gone):
        summary.add("people", await people.delete_many({"person_id": {"$in": chunk}}))
    return {alias: p.person_id for p in records for alias in p.alias_ids}


def _slack_merged(analysis: Analysis) -> bool:
    """Some person holds two Slack accounts (only a COO `same_person` fact can do that)."""
    return any(sum(k.startswith("slack:") for k in p.node_keys) > 1 for p in analysis.people.persons())


def _swap(values: Sequence[str], aliases: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for value in values:
        mapped = aliases.get(value, value)
        if mapped not in out:
            out.append(mapped)
    return out


async def _references(
    store: Store, aliases: Mapping[str, str], summary: WriteSummary, *, slack_merged: bool
) -> None:
    """Point every reference to a merged-away id at the surviving person.

    Tasks and messages are read once, streamed, and only the ones holding a merged id are written
    (in batches): a filtered query per chunk of ids would scan them again for every chunk. Slack
    authors, mentions, repliers and reactors are Slack user ids, which survive every automatic merge,
    so Slack messages are read only when a COO fact merged two Slack accounts (`slack_merged`)."""
    if not aliases:
        return
    await _rewrite_tasks(store, aliases, summary)
    await _rewrite_messages(store, aliases, summary, slack_merged=slack_merged)
    for chunk in _chunks(sorted(aliases)):
        await _rewrite_simple(store, Document, chunk, aliases, summary)
        await _rewrite_simple(store, Channel, chunk, aliases, summary)


FLUSH = 1000
READ = 2000


async def _rewrite_tasks(store: Store, aliases: Mapping[str, str], summary: WriteSummary) -> None:
    tasks = store.typed(Task)
    pending: list[Task] = []
    async for task in tasks.iterate(batch_size=READ):
        held = {*task.assignees, task.reporter, *(c.author for c in task.comments)}
        if held.isdisjoint(aliases):
            continue
        comments = [c.model_copy(update={"author": aliases.get(c.author, c.author)}) for c in task.comments]
        reporter = aliases.get(task.reporter, task.reporter) if task.reporter else None
        pending.append(
            task.model_copy(
                update={
                    "assignees": _swap(task.assignees, aliases),
                    "reporter": reporter,
                    "comments": comments,
                }
            )
        )
        if len(pending) >= FLUSH:
            summary.add("tasks", (await tasks.upsert_many(pending, key="task_id")).written)
            pending = []
    if pending:
        summary.add("tasks", (await tasks.upsert_many(pending, key="task_id")).written)


async def _rewrite_messages(
    store: Store, aliases: Mapping[str, str], summary: WriteSummary, *, slack_merged: bool
) -> None:
    messages = store.typed(Message)
    where = None if slack_merged else {"source": {"$ne": "slack"}}
    pending: list[Message] = []
    async for m in messages.iterate(where, batch_size=READ):
        reactors = [u for r in m.reaction_detail for u in r.users]
        if {m.author, *m.mentions, *m.reply_users, *reactors}.isdisjoint(aliases):
            continue
        reactions = [r.model_copy(update={"users": _swap(r.users, aliases)}) for r in m.reaction_detail]
        pending.append(
            m.model_copy(
                update={
                    "author": aliases.get(m.author, m.author),
                    "mentions": _swap(m.mentions, aliases),
                    "reply_users": _swap(m.reply_users, aliases),
                    "reaction_detail": reactions,
                }
            )
        )
        if len(pending) >= FLUSH:
            summary.add("messages", (await messages.upsert_many(pending, key="message_id")).written)
            pending = []
    if pending:
        summary.add("messages", (await messages.upsert_many(pending, key="message_id")).written)


async def _rewrite_simple(
    store: Store,
    model: type[Document] | type[Channel],
    chunk: list[str],
    aliases: Mapping[str, str],
    summary: WriteSummary,
) -> None:
    if model is Document:
        docs = store.typed(Document)
        found_docs = await docs.find({"owner": {"$in": chunk}})
        moved = [d.model_copy(update={"owner": aliases.get(d.owner, d.owner)}) for d in found_docs]
        if moved:
            summary.add("documents", (await docs.upsert_many(moved, key="document_id")).written)
        return
    channels = store.typed(Channel)
    found = await channels.find({"$or": [{"members": {"$in": chunk}}, {"creator": {"$in": chunk}}]})
    swapped = []
    for c in found:
        joined = {aliases.get(k, k): v for k, v in c.joined_at.items()}
        creator = aliases.get(c.creator, c.creator) if c.creator else None
        swapped.append(
            c.model_copy(
                update={"members": _swap(c.members, aliases), "creator": creator, "joined_at": joined}
            )
        )
    if swapped:
        summary.add("channels", (await channels.upsert_many(swapped, key="channel_id")).written)


async def _projects(
    store: Store,
    analysis: Analysis,
    now: datetime,
    summary: WriteSummary,
    extra: Mapping[str, Mapping[str, Any]],
) -> None:
    projects = store.typed(Project)
    stored = {p.project_id: p for p in await projects.find()}
    writes = []
    for record in project_records(analysis, stored, extra):
        old = stored.get(record.project_id)
        if old is None or _differs(record, old, exclude={"updated_at", "created_at", "last_analyzed_at"}):
            writes.append(record.model_copy(update={"updated_at": now, "last_analyzed_at": now}))
    if writes:
        summary.add("projects", (await projects.upsert_many(writes, key="project_id")).written)


def _differs(new: Task | Project | Person, old: Task | Project | Person, *, exclude: set[str]) -> bool:
    return new.model_dump(mode="json", exclude=exclude) != old.model_dump(mode="json", exclude=exclude)


async def _tasks(store: Store, analysis: Analysis, summary: WriteSummary) -> None:
    """Created Slack tasks (stale ones removed) and inferred assignees on Jira tasks."""
    tasks = store.typed(Task)
    created = {t.task_id: t for t in analysis.informal.created}
    stored_slack = {t.task_id: t for t in await tasks.find({"source": TaskSource.SLACK_IDENTIFIED})}
    writes = [
        t
        for tid, t in created.items()
        if tid not in stored_slack or _differs(t, stored_slack[tid], exclude={"updated_at", "created_at"})
    ]
    if writes:
        summary.add("tasks", (await tasks.upsert_many(writes, key="task_id")).written)
    stale = sorted(set(stored_slack) - set(created))
    for chunk in _chunks(stale):
        summary.add("tasks", await tasks.delete_many({"task_id": {"$in": chunk}}))
    inferred = analysis.informal.inferred
    previously = await tasks.find(
        {"source": TaskSource.JIRA, "source_evidence.slack_messages.message_id": {"$exists": True}}
    )
    targets = {t.task_id for t in previously} | set(inferred)
    current = {
        t.task_id: t
        for chunk in _chunks(sorted(targets))
        for t in await tasks.find({"task_id": {"$in": chunk}})
    }
    updates = []
    for task_id, task in sorted(current.items()):
        evidence = inferred.get(task_id, [])
        formal = [
            a for a in task.assignees if a not in {e.target for e in task.source_evidence.slack_messages}
        ]
        assignees = formal or sorted({e.target for e in evidence})
        wanted = task.model_copy(
            update={
                "assignees": assignees,
                "source_evidence": SourceEvidence(
                    slack_messages=evidence, jira_data=task.source_evidence.jira_data
                ),
            }
        )
        if _differs(wanted, task, exclude=set()):
            updates.append(wanted)
    if updates:
        summary.add("tasks", (await tasks.upsert_many(updates, key="task_id")).written)


async def _messages(store: Store, analysis: Analysis, summary: WriteSummary) -> None:
    messages = store.collection("messages")
    marked = analysis.informal.marked_messages
    flagged = {
        str(r["message_id"])
        for r in await messages.find_fields({"has_task_assignment": True}, fields=["message_id"])
    }
    to_set = sorted(marked - flagged)
    to_clear = sorted(flagged - marked)
    for chunk in _chunks(to_set):
        summary.add(
            "messages",
            await messages.update_many({"message_id": {"$in": chunk}}, set={"has_task_assignment": True}),
        )
    for chunk in _chunks(to_clear):
        summary.add(
            "messages",
            await messages.update_many({"message_id": {"$in": chunk}}, set={"has_task_assignment": False}),
        )


async def _mappings(store: Store, analysis: Analysis, summary: WriteSummary) -> None:
    """Each document's, channel's and Slack message's project (04 §2.2–2.3).

    Slack messages follow their channel, exactly as ingestion's project rule 2 (02 §7) files new ones
    once the channel is listed on a project, so re-ingesting the same export changes nothing.
    """
    documents = store.collection("documents")
    for row in await documents.find_fields(fields=["document_id", "project_id"]):
        mapping = analysis.detection.documents.get(str(row["document_id"]))
        if mapping is not None and mapping.project_id != row["project_id"]:
            moved = await documents.update_many(
                {"document_id": row["document_id"]}, set={"project_id": mapping.project_id}
            )
            summary.add("documents", moved)
    channels = store.collection("channels")
    messages = store.collection("messages")
    for row in await channels.find_fields(fields=["channel_id", "name", "project_id"]):
        found = analysis.detection.channels.get(str(row["name"]))
        if found is None:
            continue
        if found.project_id != row["project_id"]:
            moved = await channels.update_many(
                {"channel_id": row["channel_id"]}, set={"project_id": found.project_id}
            )
            summary.add("channels", moved)
        stale = {"channel": row["name"], "source": "slack", "project_id": {"$ne": found.project_id}}
        summary.add("messages", await messages.update_many(stale, set={"project_id": found.project_id}))
