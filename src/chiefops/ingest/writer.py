"""The single writer: a finished unit spool → Store, all or nothing (spec 02 §8, §9).

One unit is applied inside one `store.transaction()`: its people, channels, tasks, messages and
documents in batches of `CHIEFOPS_INGEST_WRITE_BATCH`, then the derived updates that depend on them
(comment sets, task links, channel counters, people activity, rollups, projects, the status map).
A failure anywhere rolls the whole unit back and the job-level caches are dropped, so nothing of it
remains and the next unit sees what the Store really holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from chiefops.ingest.projects import ProjectResolver
from chiefops.ingest.record_ops import Doc, jira_prefix
from chiefops.ingest.spool import SpoolDoc, read_batches
from chiefops.ingest.tally import UnitTally
from chiefops.ingest.unit_context import UnitContext
from chiefops.ingest.write_state import WriteState
from chiefops.ingest.writer_channels import ChannelWriter
from chiefops.ingest.writer_derived import write_projects, write_rollups, write_status_map
from chiefops.ingest.writer_documents import DocumentWriter
from chiefops.ingest.writer_messages import MessageWriter
from chiefops.ingest.writer_people import PeopleWriter
from chiefops.ingest.writer_tasks import TaskWriter
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.models import IngestWarning

_TASK_LINE = b'{"kind":"task"'


@dataclass(frozen=True)
class JobWriteContext:
    """What stays fixed for every unit of a job."""

    job_id: str
    now: str
    project: str | None
    matcher: OptOutMatcher
    batch_size: int


def _task_batches(spool: Path, *, size: int) -> Iterator[list[Doc]]:
    """The spool's task documents only, `size` at a time (a cheap scan: task lines start with their
    kind); streamed, so a 100,000-issue export never sits in memory whole."""
    batch: list[Doc] = []
    with spool.open("rb") as handle:
        for line in handle:
            if line.startswith(_TASK_LINE):
                batch.append(orjson.loads(line)["doc"])
                if len(batch) >= size:
                    yield batch
                    batch = []
    if batch:
        yield batch


async def write_unit(state: WriteState, job: JobWriteContext, spool: Path) -> UnitTally:
    """Apply one unit's spool in one transaction; returns what it did (raises when it rolled back)."""
    tally = UnitTally()
    store = state.store
    try:
        async with store.transaction():
            await _UnitRun(state, job, spool, tally).run()
    except BaseException:
        state.invalidate()
        raise
    return tally


class _UnitRun:
    def __init__(self, state: WriteState, job: JobWriteContext, spool: Path, tally: UnitTally) -> None:
        self._state = state
        self._job = job
        self._spool = spool
        self._tally = tally

    async def run(self) -> None:
        ctx = await self._context()
        tasks = await self._plan_tasks(ctx)
        people = PeopleWriter(ctx.store, ctx.people, self._tally, now=ctx.now)
        channels = ChannelWriter(ctx)
        messages = MessageWriter(ctx, tasks.plan)
        documents = DocumentWriter(ctx, await self._state.documents())
        for batch in read_batches(self._spool, size=self._job.batch_size):
            groups = self._group(batch)
            await people.apply([item["doc"] for item in groups["person"]])
            channels.add([item["doc"] for item in groups["channel"]])
            message_docs = [item["doc"] for item in groups["message"]]
            for doc in message_docs:
                channels.note_message(doc)
            await tasks.apply([item["doc"] for item in groups["task"]])
            await messages.apply(message_docs)
            await documents.apply(groups["document"])
        await tasks.replace_comment_sets(messages.comment_keys)
        await tasks.patch_neighbours()
        await channels.finish()
        await people.apply_activity()
        await write_rollups(ctx.store, self._tally, now=ctx.now)
        await write_projects(ctx.store, self._tally, ctx.projects.changes)
        await write_status_map(ctx.store, self._tally, now=ctx.now)

    async def _context(self) -> UnitContext:
        state, job = self._state, self._job
        return UnitContext(
            store=state.store,
            job_id=job.job_id,
            now=job.now,
            matcher=job.matcher,
            tally=self._tally,
            people=await state.people(),
            projects=ProjectResolver(await state.projects(), explicit=job.project, now=job.now),
            prefixes=await state.prefixes(),
        )

    async def _plan_tasks(self, ctx: UnitContext) -> TaskWriter:
        """First pass over the spool's tasks: decisions, new key prefixes, then links."""
        tasks = TaskWriter(ctx, None)
        for task_docs in _task_batches(self._spool, size=self._job.batch_size):
            if tasks.graph is None:
                tasks.graph = await self._state.graph()
            await tasks.decide(task_docs)
            ctx.prefixes.update(jira_prefix(str(d["jira_key"])) for d in task_docs if d.get("jira_key"))
        tasks.derive_links()
        return tasks

    def _group(self, batch: list[SpoolDoc]) -> dict[str, list[SpoolDoc]]:
        groups: dict[str, list[SpoolDoc]] = defaultdict(list)
        for item in batch:
            kind = item["kind"]
            if kind == "warning":
                self._tally.warn(IngestWarning.model_validate(item["warning"]))
            elif kind == "status_map":
                self._tally.status_map.setdefault(str(item["raw"]), str(item["category"]))
            elif kind == "unit_done":
                self._tally.done = item
            else:
                groups[kind].append(item)
        return groups
