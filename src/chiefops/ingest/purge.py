"""`DELETE /jobs/{id}?with_data=true` (spec 02 §15): remove the records a job last created or changed.

Messages, tasks and documents whose `ingestion_job_id` is the job are deleted; rollups, channel
counters and the links of neighbouring tasks follow; the knowledge sink is asked to drop their
documents and to re-render the Slack threads and days that still hold other messages. People,
channels and projects stay (they are not owned by one job).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from chiefops.ingest.derived import TaskGraph
from chiefops.ingest.record_ops import Doc, day_of
from chiefops.ingest.tally import UnitTally
from chiefops.ingest.unit_context import text_of
from chiefops.ingest.writer_derived import write_rollups
from chiefops.knowledge.changes import IndexChanges, KnowledgeSink
from chiefops.store import Store

_MESSAGE_FIELDS = [
    "natural_key", "source", "channel", "channel_id", "timestamp", "project_id", "author", "thread_ts", "is_system",
]  # fmt: skip


async def _purge_messages(store: Store, job_id: str, changes: IndexChanges, *, now: str) -> int:
    messages = store.collection("messages")
    rows = [
        {k: text_of(v) for k, v in row.items()}
        for row in await messages.find_fields({"ingestion_job_id": job_id}, fields=_MESSAGE_FIELDS)
    ]
    if not rows:
        return 0
    tally = UnitTally()
    for row in rows:
        tally.rollup(row, -1)
        _index_keys(row, changes)
    removed = await messages.delete_many({"ingestion_job_id": job_id})
    await write_rollups(store, tally, now=now)
    await _recount_channels(
        store, {str(r["channel_id"]) for r in rows if r["source"] == "slack" and r["channel_id"]}, now=now
    )
    return removed


def _index_keys(row: Doc, changes: IndexChanges) -> None:
    if row["source"] == "jira_comment":
        changes.jira_keys.add(str(row["channel"]))
        return
    channel_id = str(row["channel_id"] or row["channel"])
    if row["thread_ts"]:
        changes.deleted_doc_keys.add(f"slack:{channel_id}:thread:{row['thread_ts']}")
        changes.slack_threads.add((channel_id, str(row["thread_ts"])))
    elif not row["is_system"]:
        day = day_of(row["timestamp"])
        changes.deleted_doc_keys.add(f"slack:{channel_id}:day:{day}")
        changes.slack_days.add((channel_id, date.fromisoformat(day)))


async def _recount_channels(store: Store, channel_ids: set[str], *, now: str) -> None:
    """message_count / first_ts / last_ts recomputed from the messages left."""
    messages = store.collection("messages")
    channels = store.collection("channels")
    for channel_id in sorted(channel_ids):
        where = {"channel_id": channel_id, "source": "slack", "is_system": False}
        count = await messages.count(where)
        first = await messages.find_fields(where, fields=["slack_ts"], sort=[("timestamp", 1)], limit=1)
        last = await messages.find_fields(where, fields=["slack_ts"], sort=[("timestamp", -1)], limit=1)
        await channels.update_many(
            {"channel_id": channel_id},
            set={
                "message_count": count,
                "first_ts": first[0]["slack_ts"] if first else None,
                "last_ts": last[0]["slack_ts"] if last else None,
                "updated_at": now,
            },
        )


async def _purge_tasks(store: Store, job_id: str, changes: IndexChanges, *, now: str) -> int:
    tasks = store.collection("tasks")
    rows = await tasks.find_fields({"ingestion_job_id": job_id}, fields=["task_id", "jira_key"])
    if not rows:
        return 0
    changes.deleted_doc_keys |= {f"jira:{r['jira_key']}" for r in rows if r["jira_key"]}
    graph = await TaskGraph.load(store)
    removed = await tasks.delete_many({"ingestion_job_id": job_id})
    affected: set[str] = set()
    for row in rows:
        affected |= graph.remove(str(row["task_id"]))
    for task_id in sorted(affected & set(graph.by_id)):
        node = graph.by_id[task_id]
        state = graph.compute(node)
        if state != node.state:
            await tasks.update_many({"task_id": task_id}, set={**state.as_fields(), "updated_at": now})
            node.state = state
    return removed


async def _purge_documents(store: Store, job_id: str, changes: IndexChanges) -> int:
    documents = store.collection("documents")
    rows = await documents.find_fields({"ingestion_job_id": job_id}, fields=["natural_key"])
    changes.deleted_doc_keys |= {str(r["natural_key"]) for r in rows if r["natural_key"]}
    return await documents.delete_many({"ingestion_job_id": job_id}) if rows else 0


async def purge_job_records(store: Store, sink: KnowledgeSink, job_id: str, *, now: str) -> dict[str, int]:
    """Delete the job's records (one transaction) and tell the index; returns removed counts."""
    changes = IndexChanges()
    removed: dict[str, int] = defaultdict(int)
    async with store.transaction():
        removed["messages"] = await _purge_messages(store, job_id, changes, now=now)
        removed["tasks"] = await _purge_tasks(store, job_id, changes, now=now)
        removed["documents"] = await _purge_documents(store, job_id, changes)
    if not changes.is_empty():
        await sink.apply(changes)
    return dict(removed)
