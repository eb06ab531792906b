"""Store records → `SourceDoc`s: the loading half of the sink and of re-indexing (spec 03 §6).

Threads load by `thread_id`, channel-days by channel (indexed name + time range, then the channel
id), issues by `jira_key` with their `jira_comment` messages, documents by natural key. People and
projects give names; the opt-out tags come from `knowledge/optout.py`.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chiefops.knowledge.models import SourceDoc
from chiefops.knowledge.optout import load_matcher
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.render.docs import render_document
from chiefops.knowledge.render.jira import render_issue
from chiefops.knowledge.render.slack import render_channel_day, render_thread
from chiefops.models import Channel, Document, Message, MessageSource, Person, Project, Task, TaskSource
from chiefops.store import Store

IN_BATCH = 500


def _batches(values: Sequence[str], size: int = IN_BATCH) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class StoreLoader:
    """Reads what a unit needs from the Store and renders it."""

    def __init__(self, store: Store, *, zone: ZoneInfo) -> None:
        self._store = store
        self._zone = zone

    async def context(self) -> RenderContext:
        """Names, projects and the current opt-out tags, read once per batch."""
        people = await self._store.typed(Person).find()
        projects = await self._store.typed(Project).find()
        matcher = await load_matcher(self._store)
        return RenderContext.build(zone=self._zone, matcher=matcher, people=people, projects=projects)

    async def channels(self, channel_ids: Iterable[str]) -> dict[str, Channel]:
        ids = sorted(set(channel_ids))
        found: dict[str, Channel] = {}
        for batch in _batches(ids):
            for channel in await self._store.typed(Channel).find({"channel_id": {"$in": batch}}):
                found[channel.channel_id] = channel
        return found

    async def thread_docs(self, threads: Iterable[tuple[str, str]], ctx: RenderContext) -> list[SourceDoc]:
        wanted = {f"slack:{cid}:{ts}": (cid, ts) for cid, ts in threads}
        channels = await self.channels(cid for cid, _ in wanted.values())
        grouped: dict[str, list[Message]] = defaultdict(list)
        for batch in _batches(sorted(wanted)):
            for message in await self._store.typed(Message).find({"thread_id": {"$in": batch}}):
                grouped[message.thread_id or ""].append(message)
        jobs = [
            (cid, ts, grouped.get(key, []), channels.get(cid)) for key, (cid, ts) in sorted(wanted.items())
        ]
        return await asyncio.to_thread(_render_threads, jobs, ctx)

    async def _channel_messages(
        self, channel_id: str, channel: Channel | None, first: date, last: date
    ) -> list[Message]:
        span = {"$gte": _midnight(first), "$lt": _midnight(last + timedelta(days=1))}
        if channel is not None:
            found = await self._store.typed(Message).find({"channel": channel.name, "timestamp": span})
            return [m for m in found if m.channel_id == channel_id]
        return await self._store.typed(Message).find({"channel_id": channel_id, "timestamp": span})

    async def day_docs(self, days: Iterable[tuple[str, date]], ctx: RenderContext) -> list[SourceDoc]:
        by_channel: dict[str, set[date]] = defaultdict(set)
        for cid, day in days:
            by_channel[cid].add(day)
        channels = await self.channels(by_channel)
        docs: list[SourceDoc] = []
        for cid, wanted in sorted(by_channel.items()):
            messages = await self._channel_messages(cid, channels.get(cid), min(wanted), max(wanted))
            grouped = _top_level_by_day(messages)
            jobs = [(cid, day, grouped.get(day, []), channels.get(cid)) for day in sorted(wanted)]
            docs.extend(await asyncio.to_thread(_render_days, jobs, ctx))
        return docs

    async def issue_docs(self, keys: Iterable[str], ctx: RenderContext) -> list[SourceDoc]:
        wanted = sorted({k.upper() for k in keys})
        docs: list[SourceDoc] = []
        for batch in _batches(wanted):
            tasks = await self._store.typed(Task).find({"jira_key": {"$in": batch}})
            docs.extend(await self._render_tasks(tasks, ctx))
        return docs

    async def _render_tasks(self, tasks: Sequence[Task], ctx: RenderContext) -> list[SourceDoc]:
        keys = [t.jira_key for t in tasks if t.jira_key]
        comments: dict[str, list[Message]] = defaultdict(list)
        for batch in _batches(keys):
            found = await self._store.typed(Message).find(
                {"source": MessageSource.JIRA_COMMENT.value, "channel": {"$in": batch}}
            )
            for message in found:
                comments[message.channel].append(message)
        return await asyncio.to_thread(_render_issues, tasks, comments if comments else None, ctx)

    async def documents(self, natural_keys: Iterable[str]) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for batch in _batches(sorted(set(natural_keys))):
            for document in await self._store.typed(Document).find({"natural_key": {"$in": batch}}):
                found[document.natural_key or ""] = document
        return found

    # --- whole scopes (re-indexing) -----------------------------------------------------------

    async def slack_docs(
        self, ctx: RenderContext, *, project_id: str | None
    ) -> AsyncIterator[list[SourceDoc]]:
        """Every thread and channel-day, one channel at a time."""
        where = {} if project_id is None else {"project_id": project_id}
        for channel in await self._store.typed(Channel).find(where, sort=[("channel_id", 1)]):
            messages = await self._store.typed(Message).find(
                {"channel": channel.name, "source": MessageSource.SLACK.value}
            )
            mine = [m for m in messages if m.channel_id == channel.channel_id]
            yield await asyncio.to_thread(_channel_docs, channel, mine, ctx)

    async def jira_docs(
        self, ctx: RenderContext, *, project_id: str | None
    ) -> AsyncIterator[list[SourceDoc]]:
        where: dict[str, object] = {"source": TaskSource.JIRA.value}
        if project_id is not None:
            where["project_id"] = project_id
        batch: list[Task] = []
        async for task in self._store.typed(Task).iterate(where, batch_size=IN_BATCH):
            if task.jira_key:
                batch.append(task)
            if len(batch) >= IN_BATCH:
                yield await self._render_tasks(batch, ctx)
                batch = []
        if batch:
            yield await self._render_tasks(batch, ctx)

    async def drive_docs(
        self, stored: Sequence[SourceDoc], ctx: RenderContext
    ) -> tuple[list[SourceDoc], list[str]]:
        """Stored Drive docs re-rendered with their current `Document`; keys whose record is gone."""
        documents = await self.documents(doc.doc_key for doc in stored)
        rendered = [
            render_document(documents[doc.doc_key], doc.parts, ctx=ctx, warnings=doc.warnings)
            for doc in stored
            if doc.doc_key in documents
        ]
        return rendered, [doc.doc_key for doc in stored if doc.doc_key not in documents]


# Rendering is CPU work: it runs in a worker thread so the event loop stays free (10 rule 21).


def _render_threads(
    jobs: Sequence[tuple[str, str, list[Message], Channel | None]], ctx: RenderContext
) -> list[SourceDoc]:
    return [render_thread(cid, ts, messages, channel=channel, ctx=ctx) for cid, ts, messages, channel in jobs]


def _render_days(
    jobs: Sequence[tuple[str, date, list[Message], Channel | None]], ctx: RenderContext
) -> list[SourceDoc]:
    return [
        render_channel_day(cid, day, messages, channel=channel, ctx=ctx)
        for cid, day, messages, channel in jobs
    ]


def _render_issues(
    tasks: Sequence[Task], comments: dict[str, list[Message]] | None, ctx: RenderContext
) -> list[SourceDoc]:
    """Issues with their comment messages; None → no comment messages exist, use the tasks' own lists."""
    return [
        render_issue(
            task, comments=comments.get(task.jira_key or "", []) if comments is not None else None, ctx=ctx
        )
        for task in tasks
    ]


def _top_level_by_day(messages: Iterable[Message]) -> dict[date, list[Message]]:
    grouped: dict[date, list[Message]] = defaultdict(list)
    for message in messages:
        if not message.thread_ts:
            grouped[message.timestamp.astimezone(UTC).date()].append(message)
    return grouped


def _channel_docs(channel: Channel, messages: Sequence[Message], ctx: RenderContext) -> list[SourceDoc]:
    threads: dict[str, list[Message]] = defaultdict(list)
    for message in messages:
        if message.thread_ts:
            threads[message.thread_ts].append(message)
    docs = [
        render_thread(channel.channel_id, ts, thread, channel=channel, ctx=ctx)
        for ts, thread in sorted(threads.items())
    ]
    for day, day_messages in sorted(_top_level_by_day(messages).items()):
        docs.append(render_channel_day(channel.channel_id, day, day_messages, channel=channel, ctx=ctx))
    return docs
