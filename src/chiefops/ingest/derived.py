"""Derived task links (spec 02 §5.6): `blocked_by` / `blocking` ids, unresolved `*_keys`,
`is_blocking` and `is_blocker`.

A link is a pair of keys written on either side ("A is blocked by B" on A, or "B blocks A" on B), so
the graph keeps, per task, the raw keys it names and a reverse index of who names it. When units
add or change tasks, only the tasks touched and their neighbours are recomputed; a stored task whose
links did not change is never rewritten. Whether a task is blocked follows the product's one
definition, `models.status.is_task_blocked`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from chiefops.ingest.record_ops import Doc
from chiefops.models import CLOSED_CATEGORIES, StatusCategory, Task, has_blocked_label, is_task_blocked
from chiefops.store import Store

LINK_FIELDS = ("blocked_by", "blocking", "blocked_by_keys", "blocking_keys", "is_blocker", "is_blocking")
_LOAD_FIELDS = ["task_id", "jira_key", "status_category", "flagged", "labels", *LINK_FIELDS]


@dataclass(frozen=True)
class LinkState:
    """The derived link fields of one task, as stored."""

    blocked_by: tuple[str, ...] = ()
    blocking: tuple[str, ...] = ()
    blocked_by_keys: tuple[str, ...] = ()
    blocking_keys: tuple[str, ...] = ()
    is_blocker: bool = False
    is_blocking: bool = False

    @classmethod
    def of(cls, doc: dict[str, Any]) -> LinkState:
        return cls(
            blocked_by=tuple(doc.get("blocked_by") or ()),
            blocking=tuple(doc.get("blocking") or ()),
            blocked_by_keys=tuple(doc.get("blocked_by_keys") or ()),
            blocking_keys=tuple(doc.get("blocking_keys") or ()),
            is_blocker=bool(doc.get("is_blocker")),
            is_blocking=bool(doc.get("is_blocking")),
        )

    def as_fields(self) -> dict[str, object]:
        return {
            "blocked_by": list(self.blocked_by),
            "blocking": list(self.blocking),
            "blocked_by_keys": list(self.blocked_by_keys),
            "blocking_keys": list(self.blocking_keys),
            "is_blocker": self.is_blocker,
            "is_blocking": self.is_blocking,
        }


@dataclass(frozen=True)
class _BlockerView:
    """The fields `is_task_blocked` reads — building a whole `Task` per check is far slower."""

    status_category: StatusCategory
    flagged: bool
    labels: list[str]
    blocked_by_keys: list[str]
    blocked_by: list[str]


@dataclass
class TaskNode:
    """What the link computation needs of one task."""

    task_id: str
    key: str | None
    category: StatusCategory
    flagged: bool
    blocked_label: bool
    by_keys: frozenset[str]
    blocking_keys: frozenset[str]
    state: LinkState

    @property
    def is_open(self) -> bool:
        return self.category not in CLOSED_CATEGORIES


@dataclass
class TaskGraph:
    """Every stored task's link view; `update` adds or replaces tasks, `compute` derives links."""

    by_id: dict[str, TaskNode] = field(default_factory=dict)
    by_key: dict[str, TaskNode] = field(default_factory=dict)
    named_by: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    async def load(cls, store: Store) -> TaskGraph:
        rows = await store.collection("tasks").find_fields(fields=_LOAD_FIELDS)
        keys = {str(row["task_id"]): row.get("jira_key") for row in rows}
        graph = cls()
        for row in rows:
            graph._add(node_from_stored(row, keys))
        return graph

    def _add(self, node: TaskNode) -> None:
        self.by_id[node.task_id] = node
        if node.key:
            self.by_key[node.key] = node
            for key in node.by_keys | node.blocking_keys:
                self.named_by[key].add(node.key)

    def neighbours(self, node: TaskNode) -> set[str]:
        """task_ids linked to `node` either way (resolved links only)."""
        keys = set(node.by_keys | node.blocking_keys)
        if node.key:
            keys |= self.named_by.get(node.key, set())
        found = {self.by_key[k].task_id for k in keys if k in self.by_key}
        found.discard(node.task_id)
        return found

    def update(self, node: TaskNode) -> set[str]:
        """Add or replace a task; returns the ids whose links may change (it and old/new neighbours)."""
        affected = {node.task_id}
        old = self.by_id.get(node.task_id)
        if old is not None:
            affected |= self.neighbours(old)
            if old.key:
                for key in old.by_keys | old.blocking_keys:
                    self.named_by[key].discard(old.key)
        self._add(node)
        affected |= self.neighbours(node)
        return affected

    def remove(self, task_id: str) -> set[str]:
        """Drop a task (its record was deleted); returns the ids whose links may change."""
        node = self.by_id.get(task_id)
        if node is None:
            return set()
        affected = self.neighbours(node)
        del self.by_id[task_id]
        if node.key:
            self.by_key.pop(node.key, None)
            for key in node.by_keys | node.blocking_keys:
                self.named_by[key].discard(node.key)
        return affected

    def compute(self, node: TaskNode) -> LinkState:
        """The links of one task from the whole graph (pure over the graph's current content)."""
        by = set(node.by_keys)
        blocks = set(node.blocking_keys)
        for other_key in self.named_by.get(node.key, set()) if node.key else set():
            other = self.by_key.get(other_key)
            if other is not None and node.key in other.blocking_keys:
                by.add(other_key)
            if other is not None and node.key in other.by_keys:
                blocks.add(other_key)
        by.discard(node.key or "")
        blocks.discard(node.key or "")
        blocked_by = tuple(self.by_key[k].task_id for k in sorted(by) if k in self.by_key)
        blocking = tuple(self.by_key[k].task_id for k in sorted(blocks) if k in self.by_key)
        unresolved_by = tuple(sorted(k for k in by if k not in self.by_key))
        probe = _BlockerView(
            status_category=node.category,
            flagged=node.flagged,
            labels=["blocked"] if node.blocked_label else [],
            blocked_by_keys=list(unresolved_by),
            blocked_by=list(blocked_by),
        )
        return LinkState(
            blocked_by=blocked_by,
            blocking=blocking,
            blocked_by_keys=unresolved_by,
            blocking_keys=tuple(sorted(k for k in blocks if k not in self.by_key)),
            # the view carries every field is_task_blocked reads (a duck-typed Task)
            is_blocker=is_task_blocked(
                cast(Task, probe), blocker_categories={i: self.by_id[i].category for i in blocked_by}
            ),
            is_blocking=node.is_open and any(self.by_id[i].is_open for i in blocking),
        )


def node_from_stored(row: dict[str, Any], keys: dict[str, str | None]) -> TaskNode:
    """A stored task: its raw keys are its resolved ids (as keys) plus its unresolved keys."""
    state = LinkState.of(row)
    by = {keys.get(i) for i in state.blocked_by} | set(state.blocked_by_keys)
    blocking = {keys.get(i) for i in state.blocking} | set(state.blocking_keys)
    return TaskNode(
        task_id=str(row["task_id"]),
        key=row.get("jira_key"),
        category=StatusCategory(row["status_category"]),
        flagged=bool(row.get("flagged")),
        blocked_label=has_blocked_label(row.get("labels") or []),
        by_keys=frozenset(k for k in by if k),
        blocking_keys=frozenset(k for k in blocking if k),
        state=state,
    )


def node_from_incoming(doc: Doc, *, task_id: str) -> TaskNode:
    """A parsed task: the parser puts every linked key in `*_keys`; its stored state is unknown yet."""
    return TaskNode(
        task_id=task_id,
        key=doc.get("jira_key"),
        category=StatusCategory(doc["status_category"]),
        flagged=bool(doc.get("flagged")),
        blocked_label=has_blocked_label(doc.get("labels") or []),
        by_keys=frozenset(k.upper() for k in doc.get("blocked_by_keys") or ()),
        blocking_keys=frozenset(k.upper() for k in doc.get("blocking_keys") or ()),
        state=LinkState(),
    )
