"""Task upserts (spec 02 §5.6, §8): outcomes, state transitions, links, comment sets.

A unit's tasks are decided before anything is written (`plan`, a first pass over the spool's task
lines): new, unchanged (same content hash), stale (`updated` earlier than stored) or updated. The
decisions tell the comment messages of each issue whether to land (a stale row's comments are
ignored) and give the link graph every incoming task before links are derived, so a task is written
once with its final `blocked_by` / `blocking` / `is_blocker` / `is_blocking`.

An updated issue keeps its task_id and created_at, gains one state transition when its status
changed, and its stored comment set is replaced: comment messages absent from the newer row are
removed (`jira_comments.removed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from chiefops.ingest.derived import LinkState, TaskGraph, node_from_incoming
from chiefops.ingest.record_ops import Doc, ensure_hash, jira_prefix, resolve_task_people, task_hash
from chiefops.ingest.unit_context import LOOKUP_CHUNK, UnitContext, text_of
from chiefops.models import derived_id

Outcome = Literal["new", "updated", "unchanged", "stale"]

_LOOKUP = ["natural_key", "task_id", "content_hash", "updated_date", "opt_out", "project_id"]


@dataclass(frozen=True)
class TaskDecision:
    outcome: Outcome
    task_id: str
    project_id: str
    opt_out: bool


@dataclass
class TaskPlan:
    """Decisions by natural key and by Jira key, and the link states to write."""

    by_natural_key: dict[str, TaskDecision] = field(default_factory=dict)
    by_jira_key: dict[str, TaskDecision] = field(default_factory=dict)
    links: dict[str, LinkState] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    replaced_keys: set[str] = field(default_factory=set)


def _prefix(doc: Doc) -> str | None:
    if doc.get("jira_project_key"):
        return str(doc["jira_project_key"]).upper()
    return jira_prefix(doc["jira_key"]) if doc.get("jira_key") else None


def _is_opted_out(ctx: UnitContext, doc: Doc) -> bool:
    matcher = ctx.matcher
    return bool(
        doc.get("opt_out")
        or matcher.matches_file(doc.get("origin_path"))
        or matcher.matches_text(doc.get("summary"))
        or matcher.matches_text(doc.get("description"))
    )


def _decide(ctx: UnitContext, doc: Doc, row: Doc | None) -> TaskDecision:
    project_id = ctx.projects.for_task(doc, prefix=_prefix(doc), stored=row["project_id"] if row else None)
    opt_out = _is_opted_out(ctx, doc)
    if row is None:
        return TaskDecision("new", derived_id(doc["natural_key"]), project_id, opt_out)
    same = (row["content_hash"], row["opt_out"], row["project_id"]) == (
        doc["content_hash"],
        opt_out,
        project_id,
    )
    if same:
        outcome: Outcome = "unchanged"
    elif doc["updated_date"] < row["updated_date"]:
        outcome = "stale"
    else:
        outcome = "updated"
    return TaskDecision(outcome, str(row["task_id"]), project_id, opt_out)


class TaskWriter:
    def __init__(self, ctx: UnitContext, graph: TaskGraph | None) -> None:
        self._ctx = ctx
        self.graph = graph
        self.plan = TaskPlan()
        self._affected: set[str] = set()
        self._applied: set[str] = set()

    async def decide(self, docs: Sequence[Doc]) -> None:
        """First pass: decide each task of one batch and put new/updated ones into the graph."""
        fresh = [d for d in docs if d["natural_key"] not in self.plan.by_natural_key]
        for doc in fresh:
            ensure_hash(doc, task_hash)
        rows = await self._ctx.lookup("tasks", [d["natural_key"] for d in fresh], fields=_LOOKUP)
        for doc in fresh:
            decision = _decide(self._ctx, doc, rows.get(doc["natural_key"]))
            self.plan.by_natural_key[doc["natural_key"]] = decision
            if doc.get("jira_key"):
                self.plan.by_jira_key[str(doc["jira_key"])] = decision
            if decision.outcome in ("new", "updated") and self.graph is not None:
                self._affected |= self.graph.update(node_from_incoming(doc, task_id=decision.task_id))
            if decision.outcome == "updated" and doc.get("jira_key"):
                self.plan.replaced_keys.add(str(doc["jira_key"]))

    def derive_links(self) -> None:
        """After the first pass: the link state of every task the unit touches."""
        if self.graph is not None:
            self.plan.links = {i: self.graph.compute(self.graph.by_id[i]) for i in self._affected}

    async def apply(self, docs: Sequence[Doc]) -> None:
        """Second pass: write one batch's new and updated tasks."""
        new: list[Doc] = []
        updated: list[Doc] = []
        for doc in docs:
            if doc["natural_key"] in self._applied:
                continue
            self._applied.add(doc["natural_key"])
            decision = self.plan.by_natural_key[doc["natural_key"]]
            self._ctx.tally.count(f"tasks_{decision.outcome}")
            self._ctx.tally.saw_time(doc.get("updated_date"))
            self._ctx.tally.count("opted_out_tasks", decision.opt_out)
            if decision.outcome in ("new", "updated"):
                self.plan.written.add(decision.task_id)
                (new if decision.outcome == "new" else updated).append(self._prepare(doc, decision))
        stored = await self._ctx.load_docs("tasks", [d["natural_key"] for d in updated])
        merged = [self._merge(doc, stored[doc["natural_key"]]) for doc in updated]
        tasks = self._ctx.store.collection("tasks")
        if new:
            await tasks.insert_many(new)
        if merged:
            await tasks.upsert_many(merged)
        for doc in (*new, *merged):
            if doc.get("jira_key"):
                self._ctx.tally.changes.jira_keys.add(str(doc["jira_key"]))
        if new or merged:
            self._ctx.tally.written.add("tasks")

    def _prepare(self, doc: Doc, decision: TaskDecision) -> Doc:
        resolve_task_people(doc, self._ctx.people.resolve)
        doc.update(
            task_id=decision.task_id,
            project_id=decision.project_id,
            opt_out=decision.opt_out,
            ingestion_job_id=self._ctx.job_id,
            created_at=self._ctx.now,
            updated_at=self._ctx.now,
        )
        if doc.get("jira_key"):
            doc["jira_key"] = str(doc["jira_key"]).upper()
        state = self.plan.links.get(decision.task_id)
        if state is not None:
            doc.update(state.as_fields())
            self._graph_node_written(decision.task_id, state)
        return doc

    def _graph_node_written(self, task_id: str, state: LinkState) -> None:
        if self.graph is not None:
            self.graph.by_id[task_id].state = state

    def _merge(self, doc: Doc, stored: Doc) -> Doc:
        doc["created_at"] = stored["created_at"]
        transitions = list(stored.get("state_transitions") or [])
        if stored["status"] != doc["status"]:
            transitions.append(
                {"from_status": stored["status"], "to_status": doc["status"], "date": doc["updated_date"]}
            )
        doc["state_transitions"] = transitions
        evidence = dict(doc.get("source_evidence") or {})
        evidence["slack_messages"] = (stored.get("source_evidence") or {}).get("slack_messages") or []
        doc["source_evidence"] = evidence
        return doc

    async def patch_neighbours(self) -> None:
        """Stored tasks outside the unit whose links changed: rewrite only those fields."""
        if self.graph is None:
            return
        tasks = self._ctx.store.collection("tasks")
        for task_id, state in sorted(self.plan.links.items()):
            node = self.graph.by_id[task_id]
            if task_id in self.plan.written or node.state == state:
                continue
            await tasks.update_many(
                {"task_id": task_id}, set={**state.as_fields(), "updated_at": self._ctx.now}
            )
            node.state = state
            self._ctx.tally.written.add("tasks")

    async def replace_comment_sets(self, kept: dict[str, set[str]]) -> None:
        """Remove stored comment messages of updated issues that the newer rows no longer hold."""
        keys = sorted(self.plan.replaced_keys)
        messages = self._ctx.store.collection("messages")
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            rows = await messages.find_fields(
                {"source": "jira_comment", "channel": {"$in": chunk}},
                fields=["natural_key", "channel", "timestamp", "project_id", "author"],
            )
            gone = [r for r in rows if r["natural_key"] not in kept.get(str(r["channel"]), set())]
            if not gone:
                continue
            await messages.delete_many({"natural_key": {"$in": [r["natural_key"] for r in gone]}})
            for row in gone:
                self._ctx.tally.rollup({k: text_of(v) for k, v in row.items()}, -1)
                self._ctx.tally.changes.jira_keys.add(str(row["channel"]))
            self._ctx.tally.count("jira_comments_removed", len(gone))
            self._ctx.tally.written.add("messages")
