"""Builders shared by the intel-findings tests: tasks, an in-memory `TextSearch`, evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from chiefops.intel.evidence import Evidence, EvidenceKind, EvidenceSource
from chiefops.intel.gaps_search import SearchCorpus, SearchResult, TextHit
from chiefops.intel.gaps_text import NormalizedText, has_phrase, normalize
from chiefops.models import Task, TaskSource

AS_OF = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
PROJECT_ID = "project-alpha"


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def make_task(key: str, summary: str, **overrides: object) -> Task:
    """A Jira task with fixed, readable defaults; `key` doubles as the task_id."""
    fields: dict[str, object] = {
        "task_id": key,
        "source": TaskSource.JIRA,
        "jira_key": key,
        "project_id": PROJECT_ID,
        "summary": summary,
        "status": "To Do",
        "assignees": ["person-dev"],
        "priority": "Medium",
        "created_date": at(date(2026, 11, 1)),
        "updated_date": at(date(2026, 11, 20)),
    }
    fields.update(overrides)
    return Task.model_validate(fields)


@dataclass(frozen=True)
class Passage:
    """One searchable document passage or channel message."""

    corpus: SearchCorpus
    ref: str
    label: str
    text: str
    at: datetime | None = None
    source: EvidenceSource = "slack"


@dataclass
class MemorySearch:
    """`TextSearch` over passages held in memory, keyed by project id; whole-word phrase match."""

    passages: Mapping[str, Sequence[Passage]] = field(default_factory=dict)
    documents: Mapping[str, int] = field(default_factory=dict)
    messages: Mapping[str, int] = field(default_factory=dict)
    calls: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    _texts: dict[str, list[tuple[Passage, NormalizedText]]] = field(default_factory=dict)

    def search(self, *, project_id: str, phrases: Sequence[str], limit: int) -> SearchResult:
        self.calls.append((project_id, tuple(phrases)))
        own = self.passages.get(project_id, [])
        if project_id not in self._texts:
            self._texts[project_id] = [(p, normalize(p.text)) for p in own]
        hits: list[TextHit] = []
        for phrase in phrases:
            wanted = normalize(phrase)
            found = [p for p, text in self._texts[project_id] if has_phrase(text, wanted)][:limit]
            hits += [
                TextHit(
                    corpus=p.corpus,
                    phrase=phrase,
                    ref=p.ref,
                    source=p.source,
                    label=p.label,
                    text=p.text,
                    at=p.at,
                )
                for p in found
            ]
        docs = self.documents.get(project_id, sum(1 for p in own if p.corpus == "documents"))
        msgs = self.messages.get(project_id, sum(1 for p in own if p.corpus == "messages"))
        return SearchResult(hits=hits, documents=docs, messages=msgs)


def message(ref: str, text: str, *, channel: str = "alpha-dev", day: date = date(2026, 11, 12)) -> Passage:
    return Passage("messages", ref, f"#{channel} {day.isoformat()} 14:03", text, at=at(day, 14))


def document(ref: str, text: str, *, title: str = "Launch plan.docx") -> Passage:
    return Passage("documents", ref, f"{title} p.1", text, source="gdrive")


def metric(ref: str, label: str) -> Evidence:
    return Evidence(kind=EvidenceKind.METRIC, ref=ref, source="derived", label=label)
