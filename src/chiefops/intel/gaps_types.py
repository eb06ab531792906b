"""Project type scoring (spec 04 §5 "Project type").

A type's score sums its distinct keywords, each counted once at the best place it occurs: project
name or description 3; a channel topic or an epic name 2; a task summary 1 (at most 5 keywords
counted there); a document title 1 (at most 3). `type_conf = min(1, score / 6)`; the type's checklist
applies at `type_conf ≥ 0.6`, and every counted keyword is cited. Keywords match whole words,
lowercase ("ux" never matches "luxury").

How to call:
    build_type_signals(project: Project, *, tasks: Sequence[Task], documents: Sequence[Document],
                       channels: Sequence[Channel]) -> TypeSignals   (the project's own records)
    compute_project_types(signals: TypeSignals, *, checklists: ChecklistSet, cfg: TypeConfig)
        -> list[TypeMatch]   (every by-type checklist, best first; `applies` marks those in force)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import Evidence, EvidenceKind, EvidenceSource, excerpt
from chiefops.intel.gaps_checklists import Checklist, ChecklistSet
from chiefops.intel.gaps_text import NormalizedText, has_phrase, normalize
from chiefops.models import Channel, Document, Model, Project, Task

Place = Literal["name", "topic", "task_summary", "doc_title"]
_PLACE_ORDER: tuple[Place, ...] = ("name", "topic", "task_summary", "doc_title")


@dataclass(frozen=True, slots=True)
class TypeConfig:
    """Weights and thresholds of type scoring (04 §5)."""

    name_weight: int = 3
    topic_weight: int = 2
    task_summary_weight: int = 1
    task_summary_cap: int = 5
    doc_title_weight: int = 1
    doc_title_cap: int = 3
    full_score: float = 6.0
    apply_at_confidence: float = 0.6

    def weight(self, place: Place) -> int:
        return {
            "name": self.name_weight,
            "topic": self.topic_weight,
            "task_summary": self.task_summary_weight,
            "doc_title": self.doc_title_weight,
        }[place]

    def cap(self, place: Place) -> int | None:
        return {"task_summary": self.task_summary_cap, "doc_title": self.doc_title_cap}.get(place)


class TextRef(Model):
    """A short text (a name, a topic, a summary, a title) and the record it came from."""

    kind: EvidenceKind
    ref: str
    source: EvidenceSource
    label: str
    text: str


class TypeSignals(Model):
    """Where type keywords are looked for, per 04 §5's places."""

    project_id: str
    name: str
    description: str = ""
    channel_topics: list[TextRef] = Field(default_factory=list)
    epic_names: list[TextRef] = Field(default_factory=list)
    task_summaries: list[TextRef] = Field(default_factory=list)
    doc_titles: list[TextRef] = Field(default_factory=list)


class TypeMatch(Model):
    """One project type's score, confidence and the keyword hits that earned it."""

    type: str
    label: str
    score: int
    confidence: float
    applies: bool
    keywords: dict[str, Place] = Field(description="counted keyword → the place it was counted at")
    evidence: list[Evidence]


class AppliedChecklist(Model):
    """A checklist in force for a project, with the confidence and evidence that put it there."""

    type: str
    label: str
    confidence: float
    evidence: list[Evidence] = Field(min_length=1)


def build_type_signals(
    project: Project, *, tasks: Sequence[Task], documents: Sequence[Document], channels: Sequence[Channel]
) -> TypeSignals:
    """Type signals of one project from its own tasks, documents and mapped channels."""
    epics = [t for t in tasks if (t.issue_type or "").casefold() == "epic"]
    others = [t for t in tasks if (t.issue_type or "").casefold() != "epic"]
    return TypeSignals(
        project_id=project.project_id,
        name=project.name,
        description=project.description,
        channel_topics=[
            TextRef(
                kind=EvidenceKind.MESSAGE,
                ref=f"channel:{c.name}",
                source="slack",
                label=f"#{c.name} topic",
                text=c.topic,
            )
            for c in sorted(channels, key=lambda c: c.name)
            if c.topic.strip()
        ],
        epic_names=[_task_ref(t) for t in sorted(epics, key=_task_key)],
        task_summaries=[_task_ref(t) for t in sorted(others, key=_task_key)],
        doc_titles=[
            TextRef(
                kind=EvidenceKind.DOCUMENT,
                ref=d.document_id,
                source="gdrive",
                label=d.file_name,
                text=d.title or d.file_name.rsplit(".", 1)[0],
            )
            for d in sorted(documents, key=lambda d: d.document_id)
        ],
    )


def compute_project_types(
    signals: TypeSignals, *, checklists: ChecklistSet, cfg: TypeConfig
) -> list[TypeMatch]:
    """Score every by-type checklist for one project; best first, then by type id."""
    places = _normalized_places(signals)
    matches = [_score(checklist, places, cfg=cfg) for checklist in checklists.by_type]
    return sorted(matches, key=lambda m: (-m.confidence, -m.score, m.type))


def _normalized_places(signals: TypeSignals) -> dict[Place, list[tuple[TextRef, NormalizedText]]]:
    name_refs = [
        TextRef(
            kind=EvidenceKind.METRIC,
            ref=f"project:{signals.project_id}:{what}",
            source="derived",
            label=f"project {what}",
            text=text,
        )
        for what, text in (("name", signals.name), ("description", signals.description))
        if text.strip()
    ]
    grouped: dict[Place, list[TextRef]] = {
        "name": name_refs,
        "topic": [*signals.channel_topics, *signals.epic_names],
        "task_summary": signals.task_summaries,
        "doc_title": signals.doc_titles,
    }
    return {place: [(r, normalize(r.text)) for r in refs] for place, refs in grouped.items()}


def _score(
    checklist: Checklist, places: dict[Place, list[tuple[TextRef, NormalizedText]]], *, cfg: TypeConfig
) -> TypeMatch:
    counted: dict[str, Place] = {}
    cited: dict[str, TextRef] = {}
    used: dict[Place, int] = dict.fromkeys(_PLACE_ORDER, 0)
    for keyword in sorted(set(checklist.keywords)):
        phrase = normalize(keyword)
        for place in _PLACE_ORDER:
            hit = next((ref for ref, text in places[place] if has_phrase(text, phrase)), None)
            if hit is None:
                continue
            cap = cfg.cap(place)
            if cap is None or used[place] < cap:
                counted[keyword], cited[keyword] = place, hit
                used[place] += 1
            break
    score = sum(cfg.weight(place) for place in counted.values())
    confidence = round(min(1.0, score / cfg.full_score), 4)
    return TypeMatch(
        type=checklist.type,
        label=checklist.label,
        score=score,
        confidence=confidence,
        applies=confidence >= cfg.apply_at_confidence,
        keywords=counted,
        evidence=[_cite(keyword, counted[keyword], cited[keyword]) for keyword in counted],
    )


def _cite(keyword: str, place: Place, ref: TextRef) -> Evidence:
    return Evidence(
        kind=ref.kind,
        ref=ref.ref,
        source=ref.source,
        label=f"{ref.label}: '{keyword}' ({place.replace('_', ' ')})",
        excerpt=excerpt(ref.text),
    )


def _task_ref(task: Task) -> TextRef:
    source: EvidenceSource = "jira" if task.source.value == "jira" else "slack"
    return TextRef(
        kind=EvidenceKind.TASK, ref=_task_key(task), source=source, label=_task_key(task), text=task.summary
    )


def _task_key(task: Task) -> str:
    return task.jira_key or task.task_id
