"""Message upserts (spec 02 §4.3, §8): Slack messages and Jira comments.

Per batch: the stored rows of the batch's natural keys are read in one query per 1,000; a message
whose content hash, opt-out flag, project and Jira refs equal the stored ones is `unchanged` and not
written at all; a Slack message older than the stored one by its freshness (edited ts or ts, latest
reply, reply count) is `stale` and leaves the stored one alone; otherwise it is inserted (`new`,
message_id derived from the natural key) or updated in place (message_id, created_at and what
`intel` derived — topics, sentiment, task assignment — kept).
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.ingest.record_ops import (
    Doc,
    ensure_hash,
    jira_prefix,
    message_hash,
    resolve_message_people,
    ts_key,
)
from chiefops.ingest.tally import ChannelDelta
from chiefops.ingest.unit_context import UnitContext
from chiefops.ingest.writer_tasks import TaskPlan
from chiefops.models import derived_id

_SAME = ("content_hash", "opt_out", "project_id", "jira_refs", "channel")
_LOOKUP = ["natural_key", *_SAME]
_FRESHNESS = ["natural_key", "timestamp", "edited_at", "latest_reply", "reply_count"]
_INTEL_OWNED = ("topics", "sentiment", "has_task_assignment")


def _freshness(doc: Doc) -> tuple[str, tuple[int, int], int]:
    return (
        str(doc.get("edited_at") or doc["timestamp"]),
        ts_key(str(doc.get("latest_reply") or "0")),
        int(doc.get("reply_count") or 0),
    )


def _same(doc: Doc, row: Doc) -> bool:
    """Nothing to write: same content hash, flags, project and refs (no project means the stored one)."""
    if doc["project_id"] is None:
        doc["project_id"] = row["project_id"]
    return all(doc.get(name) == row.get(name) for name in _SAME)


def _count_key(doc: Doc, outcome: str) -> str:
    if doc["source"] == "jira_comment":
        return f"jira_comments_{outcome}"
    return "messages_system" if doc.get("is_system") else f"messages_{outcome}"


def _slack_key(doc: Doc) -> str:
    return f"slack:{doc.get('channel_id')}:{doc.get('slack_ts')}"


class MessageWriter:
    """Applies a unit's message items; remembers which comment keys each issue still has."""

    def __init__(self, ctx: UnitContext, tasks: TaskPlan) -> None:
        self._ctx = ctx
        self._tasks = tasks
        self._seen: set[str] = set()
        self.comment_keys: dict[str, set[str]] = {}

    def _prepare(self, doc: Doc) -> Doc | None:
        doc["natural_key"] = doc.get("natural_key") or _slack_key(doc)
        if doc["natural_key"] in self._seen:
            return None
        self._seen.add(doc["natural_key"])
        ctx = self._ctx
        comment = doc["source"] == "jira_comment"
        issue = self._tasks.by_jira_key.get(str(doc["channel"])) if comment else None
        if issue is not None and issue.outcome == "stale":
            return None
        if comment:
            self.comment_keys.setdefault(str(doc["channel"]), set()).add(doc["natural_key"])
        ensure_hash(doc, message_hash)
        resolve_message_people(doc, ctx.people.resolve)
        if comment:
            doc["project_id"] = issue.project_id if issue else None
        else:
            doc["project_id"] = ctx.projects.for_channel(str(doc["channel"]))
        doc["opt_out"] = bool(
            doc.get("opt_out")
            or (issue is not None and issue.opt_out)
            or (not comment and ctx.matcher.matches_channel(doc["channel"], doc.get("channel_id")))
            or ctx.matcher.matches_file(doc.get("origin_path"))
            or ctx.matcher.matches_text(doc.get("text"))
        )
        doc["jira_refs"] = [c for c in doc.get("jira_ref_candidates") or [] if jira_prefix(c) in ctx.prefixes]
        return doc

    async def apply(self, docs: Sequence[Doc]) -> None:
        prepared = [d for d in (self._prepare(doc) for doc in docs) if d is not None]
        rows = await self._ctx.lookup("messages", [d["natural_key"] for d in prepared], fields=_LOOKUP)
        changed = [
            d["natural_key"]
            for d in prepared
            if d["natural_key"] in rows and not _same(d, rows[d["natural_key"]])
        ]
        fresh = await self._ctx.lookup("messages", changed, fields=_FRESHNESS) if changed else {}
        new: list[Doc] = []
        updated: list[Doc] = []
        for doc in prepared:
            outcome = self._outcome(doc, rows.get(doc["natural_key"]), fresh.get(doc["natural_key"]))
            self._ctx.tally.count(_count_key(doc, outcome))
            self._ctx.tally.count("opted_out_messages", doc["opt_out"])
            self._observe(doc, added=outcome == "new")
            if outcome == "new":
                new.append(self._as_new(doc))
            elif outcome == "updated":
                updated.append(doc)
        stored = await self._ctx.load_docs("messages", [d["natural_key"] for d in updated])
        merged = [self._as_update(doc, stored[doc["natural_key"]]) for doc in updated]
        messages = self._ctx.store.collection("messages")
        if new:
            await messages.insert_many(new)
        if merged:
            await messages.upsert_many(merged)
        if new or merged:
            self._ctx.tally.written.add("messages")

    def _outcome(self, doc: Doc, row: Doc | None, stored_freshness: Doc | None) -> str:
        if row is None:
            return "new"
        if _same(doc, row):
            return "unchanged"
        if (
            doc["source"] == "slack"
            and stored_freshness is not None
            and _freshness(doc) < _freshness(stored_freshness)
        ):
            return "stale"
        return "updated"

    def _observe(self, doc: Doc, *, added: bool) -> None:
        tally = self._ctx.tally
        if doc["source"] == "slack":
            delta = tally.channels.setdefault(str(doc.get("channel_id") or doc["channel"]), ChannelDelta())
            delta.see(doc.get("slack_ts"), added=added and not doc.get("is_system"))
        tally.saw_time(doc["timestamp"])
        if not doc.get("is_system"):
            tally.activity(doc["author"], doc["timestamp"])

    def _as_new(self, doc: Doc) -> Doc:
        doc.update(
            message_id=derived_id(doc["natural_key"]),
            ingestion_job_id=self._ctx.job_id,
            created_at=self._ctx.now,
            updated_at=self._ctx.now,
        )
        self._ctx.tally.rollup(doc, +1)
        self._ctx.tally.index_message(doc)
        return doc

    def _as_update(self, doc: Doc, stored: Doc) -> Doc:
        doc.update(
            message_id=stored["message_id"],
            ingestion_job_id=self._ctx.job_id,
            created_at=stored["created_at"],
            updated_at=self._ctx.now,
        )
        for name in _INTEL_OWNED:
            doc[name] = stored.get(name)
        self._ctx.tally.rollup(stored, -1)
        self._ctx.tally.rollup(doc, +1)
        self._ctx.tally.index_message(doc)
        return doc
