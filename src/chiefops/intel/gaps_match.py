"""Checklist item matching: covered, untracked or missing (spec 04 §5 "Matching", false-alarm guard).

* **covered** — a task of any status and source has a synonym in its summary, description or labels
  (token-aware, lowercase; fuzzy at rapidfuzz partial_ratio ≥ 90 for phrases of ≥ 12 characters).
* **untracked** — no task, but a qualifying hit: a project document holding a synonym or done
  phrase, or a project-channel message holding the item's done phrase, or a synonym together with
  an ownership / done phrase ("I'll take", "owner", "done", "submitted" …).
* **missing** — zero qualifying hits across tasks, documents and messages. Mentions that do not
  qualify (a synonym in a message with no owner) are kept as evidence, never as cover.

How to call:
    match_items(items: Sequence[ChecklistItem], *, project_id: str, tasks: Sequence[Task],
                search: TextSearch, cfg: MatchConfig,
                assignees: Mapping[str, Sequence[str]] | None = None) -> list[ItemMatch]
`assignees` maps task_id → effective assignee person_ids (04 §1.4); default: each task's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from chiefops.intel.evidence import CorpusSearched, Evidence, EvidenceKind, EvidenceSource, excerpt
from chiefops.intel.gaps_checklists import ChecklistItem
from chiefops.intel.gaps_search import SearchResult, TextHit, TextSearch, sorted_hits
from chiefops.intel.gaps_text import NormalizedText, find_phrase, has_phrase, normalize
from chiefops.models import CLOSED_CATEGORIES, Model, StatusCategory, Task

OWNERSHIP_PHRASES: tuple[str, ...] = (
    "i'll", "i will", "i'm on", "i am on", "i can take", "on it", "owner", "owns", "owned by", "assigned to",
    "taking", "handling", "will handle", "will do", "done", "finished", "completed", "shipped", "submitted",
    "approved", "set up", "signed off", "is live", "took care",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Thresholds of item matching (04 §5)."""

    fuzzy_min_score: int = 90
    fuzzy_min_chars: int = 12
    search_limit_per_phrase: int = 50
    evidence_per_item: int = 3
    ownership_phrases: tuple[str, ...] = OWNERSHIP_PHRASES


class Coverage(StrEnum):
    COVERED = "covered"
    UNTRACKED = "untracked"
    MISSING = "missing"


class ItemMatch(Model):
    """How one checklist item is covered in one project, with the evidence."""

    item_id: str
    coverage: Coverage
    task_refs: list[str] = Field(default_factory=list, description="covering tasks (Jira key or task_id)")
    is_done: bool = Field(
        default=False, description="covered, and every covering task is closed with ≥ 1 done"
    )
    is_started: bool = Field(default=False, description="a covering task is in progress, blocked or done")
    owners: list[str] = Field(default_factory=list, description="effective assignees of open covering tasks")
    evidence: list[Evidence] = Field(default_factory=list, description="covering tasks or qualifying hits")
    mentions: list[Evidence] = Field(default_factory=list, description="hits that do not qualify")
    corpora: list[CorpusSearched] = Field(default_factory=list, description="what was searched, with sizes")


@dataclass(frozen=True, slots=True)
class _TaskText:
    task: Task
    text: NormalizedText


def match_items(
    items: Sequence[ChecklistItem],
    *,
    project_id: str,
    tasks: Sequence[Task],
    search: TextSearch,
    cfg: MatchConfig,
    assignees: Mapping[str, Sequence[str]] | None = None,
) -> list[ItemMatch]:
    """Coverage of every item, in the order given."""
    texts = [
        _TaskText(t, normalize(" ".join([t.summary, t.description, *t.labels]))) for t in _ordered(tasks)
    ]
    owners_of = assignees if assignees is not None else {t.task_id: t.assignees for t in tasks}
    ownership = [normalize(p) for p in cfg.ownership_phrases]
    results: list[ItemMatch] = []
    for item in items:
        covering = _covering_tasks(item, texts, cfg=cfg)
        if covering:
            results.append(_covered(item, covering, owners_of=owners_of, cfg=cfg))
            continue
        found = search.search(project_id=project_id, phrases=item.terms, limit=cfg.search_limit_per_phrase)
        results.append(_from_search(item, found, task_count=len(tasks), ownership=ownership, cfg=cfg))
    return results


def _ordered(tasks: Sequence[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: (natural_key(task_ref(t)), t.task_id))


def natural_key(ref: str) -> tuple[str, int, str]:
    """Sort key that puts ALPHA-9 before ALPHA-10."""
    prefix, _, number = ref.rpartition("-")
    return (prefix, int(number), ref) if number.isdigit() else (ref, 0, ref)


def task_ref(task: Task) -> str:
    """How a task is named in evidence: its Jira key, else its task_id."""
    return task.jira_key or task.task_id


def _covering_tasks(item: ChecklistItem, texts: Sequence[_TaskText], *, cfg: MatchConfig) -> list[Task]:
    phrases = [normalize(s) for s in item.synonyms]
    exact = [t.task for t in texts if any(has_phrase(t.text, p) for p in phrases)]
    if exact:
        return exact
    fuzzy = [p for p in phrases if len(p.joined) >= cfg.fuzzy_min_chars]
    return [
        t.task for t in texts if any(find_phrase(t.text, p, min_score=cfg.fuzzy_min_score) for p in fuzzy)
    ]


def _covered(
    item: ChecklistItem, covering: Sequence[Task], *, owners_of: Mapping[str, Sequence[str]], cfg: MatchConfig
) -> ItemMatch:
    live = [t for t in covering if t.status_category is not StatusCategory.CANCELLED]
    is_done = bool(live) and all(t.status_category is StatusCategory.DONE for t in live)
    started = {StatusCategory.IN_PROGRESS, StatusCategory.BLOCKED, StatusCategory.DONE}
    owners = sorted(
        {
            p
            for t in live
            if t.status_category not in CLOSED_CATEGORIES
            for p in owners_of.get(t.task_id, t.assignees)
        }
    )
    return ItemMatch(
        item_id=item.id,
        coverage=Coverage.COVERED,
        task_refs=[task_ref(t) for t in covering],
        is_done=is_done,
        is_started=any(t.status_category in started for t in live),
        owners=owners,
        evidence=[task_evidence(t) for t in covering[: cfg.evidence_per_item]],
    )


def task_evidence(task: Task) -> Evidence:
    """A task as evidence: key, status and summary."""
    source: EvidenceSource = "jira" if task.source.value == "jira" else "slack"
    return Evidence(
        kind=EvidenceKind.TASK,
        ref=task_ref(task),
        source=source,
        label=f"{task_ref(task)} ({task.status})",
        excerpt=excerpt(task.summary),
        at=task.updated_date,
    )


def _from_search(
    item: ChecklistItem,
    found: SearchResult,
    *,
    task_count: int,
    ownership: Sequence[NormalizedText],
    cfg: MatchConfig,
) -> ItemMatch:
    done = {p.casefold() for p in item.done_phrases}
    qualifying: list[TextHit] = []
    mentions: list[TextHit] = []
    for hit in sorted_hits(found.hits):
        text = normalize(hit.text)
        is_done_phrase = hit.phrase.casefold() in done
        owned = any(has_phrase(text, p) for p in ownership)
        (qualifying if hit.corpus == "documents" or is_done_phrase or owned else mentions).append(hit)
    corpora = [
        CorpusSearched(corpus="tasks", size=task_count),
        CorpusSearched(corpus="documents", size=found.documents),
        CorpusSearched(corpus="messages", size=found.messages),
    ]
    return ItemMatch(
        item_id=item.id,
        coverage=Coverage.UNTRACKED if qualifying else Coverage.MISSING,
        evidence=_distinct(qualifying)[: cfg.evidence_per_item],
        mentions=_distinct(mentions)[: cfg.evidence_per_item],
        corpora=corpora,
    )


def _distinct(hits: Sequence[TextHit]) -> list[Evidence]:
    seen: set[str] = set()
    out: list[Evidence] = []
    for hit in hits:
        if hit.ref not in seen:
            seen.add(hit.ref)
            out.append(hit.to_evidence())
    return out
