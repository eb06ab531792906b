"""Leadership counts of spec 04 §1.2 step 2, per person and per project scope — pure.

Over the 90 days up to as-of: `assigns` (informal asks authored + reported tasks assigned to others),
`reviews` (review messages and Jira comments), `unblocks` (replies in someone else's blocker thread
that its author follows within 48 h with fixed / works / unblocked / thanks), `decisions` (messages
with architecture terms) and `design_docs` (architecture or design documents authored). Counts are
kept per (person, scope) where scope is a project id or `*` for the whole organisation, so roles use
the org scope and project roles (04 §2.6) the project's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from chiefops.intel.features import BLOCKER, DECISION, FOLLOW, REVIEW, MessageFeatures
from chiefops.intel.roles import RoleRef
from chiefops.intel.snapshot import MessageRow
from chiefops.models import Document, Task

ORG = "*"
DESIGN_DOC_WORDS = ("architecture", "design", "adr", "decision", "spec", "rfc")
ASSIGN_PATTERNS = frozenset({"P1", "P2"})


@dataclass(frozen=True)
class LeadershipWindow:
    since: datetime
    unblock_follow_h: int = 48


@dataclass
class LeadershipBook:
    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    refs: dict[tuple[str, str], dict[str, list[RoleRef]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add(self, person: str, scopes: Sequence[str], term: str, ref: RoleRef) -> None:
        for scope in scopes:
            self.counts[(person, scope)][term] += 1
            bucket = self.refs[(person, scope)][term]
            if len(bucket) < 3:
                bucket.append(ref)

    def of(self, person: str, scope: str = ORG) -> dict[str, int]:
        return dict(self.counts.get((person, scope), Counter()))

    def refs_of(self, person: str, scope: str = ORG) -> dict[str, list[RoleRef]]:
        return {k: list(v) for k, v in self.refs.get((person, scope), {}).items()}

    def settled(self) -> LeadershipBook:
        """The same counts in plain dicts (what the stage cache can store)."""
        return LeadershipBook(
            counts={k: Counter(v) for k, v in self.counts.items()},
            refs={k: {t: list(r) for t, r in v.items()} for k, v in self.refs.items()},
        )


Resolve = Callable[[str], str | None]


def _scopes(project: str | None) -> tuple[str, ...]:
    return (ORG, project) if project else (ORG,)


def _label(m: MessageRow) -> str:
    where = f"#{m.channel}" if m.is_slack else m.channel
    return f"{where} {m.at:%Y-%m-%d %H:%M}"


def count_leadership(
    *,
    messages: Sequence[MessageRow],
    features: Mapping[str, MessageFeatures],
    tasks: Sequence[Task],
    documents: Sequence[Document],
    resolve: Resolve,
    message_project: Callable[[MessageRow], str | None],
    document_project: Mapping[str, str | None],
    window: LeadershipWindow,
) -> LeadershipBook:
    """Every leadership count, org-wide and per project (see the module docstring)."""
    book = LeadershipBook()
    _message_terms(book, messages, features, resolve, message_project, window)
    _unblocks(book, messages, features, resolve, message_project, window)
    for task in tasks:
        reporter = resolve(task.reporter) if task.reporter else None
        others = [p for p in (resolve(a) for a in task.assignees) if p and p != reporter]
        if reporter and others and task.created_date >= window.since and not task.dates_inferred:
            book.add(
                reporter,
                _scopes(task.project_id),
                "assigns",
                RoleRef(task.jira_key or task.task_id, task.jira_key or task.summary[:40]),
            )
    for doc in documents:
        owner = resolve(doc.owner)
        title = f"{doc.title or ''} {doc.file_name}".lower()
        if owner and doc.modified_date >= window.since and any(w in title for w in DESIGN_DOC_WORDS):
            book.add(
                owner,
                _scopes(document_project.get(doc.document_id)),
                "design_docs",
                RoleRef(doc.document_id, doc.file_name),
            )
    return book


def _message_terms(
    book: LeadershipBook,
    messages: Sequence[MessageRow],
    features: Mapping[str, MessageFeatures],
    resolve: Resolve,
    message_project: Callable[[MessageRow], str | None],
    window: LeadershipWindow,
) -> None:
    for m in messages:
        if m.at < window.since or m.is_bot or m.is_system:
            continue
        feats = features.get(m.message_id)
        author = resolve(m.author)
        if feats is None or author is None:
            continue
        scopes = _scopes(message_project(m))
        ref = RoleRef(m.natural_key, _label(m))
        if m.is_slack and any(
            a.pattern in ASSIGN_PATTERNS and a.target_kind == "mention" for a in feats.asks
        ):
            book.add(author, scopes, "assigns", ref)
        if feats.has(REVIEW):
            book.add(author, scopes, "reviews", ref)
        if m.is_slack and feats.has(DECISION):
            book.add(author, scopes, "decisions", ref)


def _unblocks(
    book: LeadershipBook,
    messages: Sequence[MessageRow],
    features: Mapping[str, MessageFeatures],
    resolve: Resolve,
    message_project: Callable[[MessageRow], str | None],
    window: LeadershipWindow,
) -> None:
    """Helpers in a blocker thread whose author thanked them within 48 h of the first helping reply."""
    replies: dict[str, list[MessageRow]] = defaultdict(list)
    for m in messages:
        if m.is_reply and m.thread_id:
            replies[m.thread_id].append(m)
    for parent in messages:
        feats = features.get(parent.message_id)
        if (
            parent.is_reply
            or not parent.thread_id
            or parent.at < window.since
            or feats is None
            or not feats.has(BLOCKER)
        ):
            continue
        author = resolve(parent.author)
        thread = sorted(replies.get(parent.thread_id, []), key=lambda r: (r.at, r.natural_key))
        helpers = [r for r in thread if resolve(r.author) not in (author, None) and not r.is_bot]
        if not helpers or author is None:
            continue
        limit = helpers[0].at + timedelta(hours=window.unblock_follow_h)
        thanked = any(
            resolve(r.author) == author
            and r.at <= limit
            and (f := features.get(r.message_id)) is not None
            and f.has(FOLLOW)
            for r in thread
        )
        if not thanked:
            continue
        scopes = _scopes(message_project(parent))
        for helper in sorted({p for p in (resolve(h.author) for h in helpers) if p}):
            book.add(helper, scopes, "unblocks", RoleRef(parent.natural_key, _label(parent)))


def leadership_p90(book: LeadershipBook, people: Sequence[str]) -> dict[str, float]:
    """p90 of each org-level leadership count over a family's people (04 §1.2 scaling)."""
    terms = ("assigns", "reviews", "unblocks", "decisions", "design_docs")
    if not people:
        return {t: 0.0 for t in terms}
    return {t: float(np.percentile([book.of(p).get(t, 0) for p in people], 90)) for t in terms}
