"""Technical readiness (spec 04 §6 "Technical concerns"): eight areas rated by keyword coverage.

Each area (infrastructure, API, data model, testing, deployment, security, performance,
observability) is looked for in the project's tasks (whole words in summary, description, labels)
and, through `TextSearch`, in its documents and channel messages:
* **ready** — a done task and a document mention it;
* **partial** — some mention, or only open tasks;
* **unknown** — no evidence at all (the area gets an absence item and an architect question).
`technical_concerns` holds the partial and unknown areas as sentences.

How to call:
    compute_readiness(*, project_id: str, tasks: Sequence[Task], search: TextSearch,
                      cfg: ReadinessConfig) -> list[AreaReadiness]
    technical_concerns(areas, *, completed) -> list[str];  readiness_questions(areas) -> list[ArchitectQuestion]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import CorpusSearched, Evidence, EvidenceKind, Severity
from chiefops.intel.gaps_match import task_evidence
from chiefops.intel.gaps_search import TextHit, TextSearch, sorted_hits
from chiefops.intel.gaps_text import NormalizedText, has_phrase, normalize
from chiefops.intel.risks_questions import ArchitectQuestion, QuestionBasis
from chiefops.models import Model, StatusCategory, Task

Readiness = Literal["ready", "partial", "unknown"]


@dataclass(frozen=True, slots=True)
class AreaSpec:
    """One readiness area: its keywords and the question asked when nothing mentions it."""

    id: str
    name: str
    keywords: tuple[str, ...]
    question: str


DEFAULT_AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("infrastructure", "Infrastructure", ("infrastructure", "terraform", "kubernetes", "hosting", "provisioning", "cloud"), "Where does this run in production, and who provisions and pays for it?"),
    AreaSpec("api", "API", ("api", "endpoint", "webhook", "graphql", "rest"), "Which APIs does this depend on or expose, and who owns their contracts?"),
    AreaSpec("data_model", "Data model", ("data model", "schema", "database", "entity", "data dictionary"), "What does the data model look like, and who approves changes to it?"),
    AreaSpec("testing", "Testing", ("test plan", "testing", "unit test", "integration test", "regression", "qa"), "How is this tested before release, and what is automated?"),
    AreaSpec("deployment", "Deployment", ("deployment", "deploy", "ci", "pipeline", "release process", "rollout"), "How does a change get to production, and how long does a release take?"),
    AreaSpec("security", "Security", ("security", "authentication", "encryption", "secrets", "permissions", "sso"), "What are the security risks here, and who has reviewed them?"),
    AreaSpec("performance", "Performance", ("performance", "latency", "load test", "caching", "scalability"), "What load must this handle, and has it been measured?"),
    AreaSpec("observability", "Observability", ("monitoring", "logging", "alerting", "tracing", "observability", "dashboards"), "How will we know this is broken in production before customers tell us?"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReadinessConfig:
    areas: tuple[AreaSpec, ...] = field(default_factory=lambda: DEFAULT_AREAS)
    search_limit_per_phrase: int = 20
    evidence_per_area: int = 3


class AreaReadiness(Model):
    area: str
    name: str
    status: Readiness
    done_tasks: int = Field(ge=0)
    open_tasks: int = Field(ge=0)
    documents: int = Field(ge=0, description="distinct documents mentioning it (capped by the search limit)")
    messages: int = Field(ge=0, description="distinct messages mentioning it (capped by the search limit)")
    sentence: str
    question: str
    evidence: list[Evidence] = Field(min_length=1)


def compute_readiness(
    *, project_id: str, tasks: Sequence[Task], search: TextSearch, cfg: ReadinessConfig
) -> list[AreaReadiness]:
    """The eight areas, in the order of `cfg.areas`."""
    texts = [(t, normalize(" ".join([t.summary, t.description, *t.labels]))) for t in tasks]
    live = [(t, text) for t, text in texts if t.status_category is not StatusCategory.CANCELLED]
    return [
        _area(spec, live, project_id=project_id, task_count=len(tasks), search=search, cfg=cfg)
        for spec in cfg.areas
    ]


def technical_concerns(areas: Sequence[AreaReadiness], *, completed: bool = False) -> list[str]:
    """`projects.technical_concerns`: only areas with evidence of a concern — open tasks on the area
    and none of them done — in area order; none for a completed project.

    04 §6 lists every partial and unknown area; that reads as noise (an area with 65 done tasks and no
    document, or one nobody mentions, is not a concern anyone can act on). Every area, with its
    rating and evidence, stays in `analysis_results(technical_feasibility).readiness`, and unknown
    areas still raise their architect question."""
    if completed:
        return []
    return [_concern(a) for a in areas if a.status == "partial" and a.open_tasks and not a.done_tasks]


def _concern(area: AreaReadiness) -> str:
    refs = [e.ref for e in area.evidence if e.kind is EvidenceKind.TASK]
    more = ", …" if area.open_tasks > len(refs) else ""
    shown = f" ({', '.join(refs)}{more})" if refs else ""
    tasks = _count(area.open_tasks, "open task")
    return f"{area.name}: {tasks} on it{shown} and none done yet."


def readiness_questions(areas: Sequence[AreaReadiness]) -> list[ArchitectQuestion]:
    """One architect question per area with no evidence (medium)."""
    return [
        ArchitectQuestion(
            question=a.question,
            severity=Severity.MEDIUM,
            origin="readiness",
            because=QuestionBasis(evidence=a.evidence),
        )
        for a in areas
        if a.status == "unknown"
    ]


def _area(
    spec: AreaSpec,
    texts: Sequence[tuple[Task, NormalizedText]],
    *,
    project_id: str,
    task_count: int,
    search: TextSearch,
    cfg: ReadinessConfig,
) -> AreaReadiness:
    phrases = [normalize(k) for k in spec.keywords]
    mentioned = [t for t, text in texts if any(has_phrase(text, p) for p in phrases)]
    done = [t for t in mentioned if t.status_category is StatusCategory.DONE]
    open_ = [t for t in mentioned if t.status_category is not StatusCategory.DONE]
    found = search.search(
        project_id=project_id, phrases=list(spec.keywords), limit=cfg.search_limit_per_phrase
    )
    hits = sorted_hits(found.hits)
    docs = sorted({h.ref for h in hits if h.corpus == "documents"})
    msgs = sorted({h.ref for h in hits if h.corpus == "messages"})
    status: Readiness = "ready" if done and docs else "partial" if mentioned or docs or msgs else "unknown"
    counts = (len(done), len(open_), len(docs), len(msgs))
    if status == "unknown":
        corpora = [
            CorpusSearched(corpus="tasks", size=task_count),
            CorpusSearched(corpus="documents", size=found.documents),
            CorpusSearched(corpus="messages", size=found.messages),
        ]
        evidence = [_absence(spec, corpora, project_id=project_id)]
    else:
        cited = [task_evidence(t) for t in (done or open_)[: cfg.evidence_per_area]]
        evidence = cited + [h.to_evidence() for h in _first_per_ref(hits)][: cfg.evidence_per_area]
    return AreaReadiness(
        area=spec.id,
        name=spec.name,
        status=status,
        done_tasks=counts[0],
        open_tasks=counts[1],
        documents=counts[2],
        messages=counts[3],
        sentence=_sentence(spec, status, counts),
        question=spec.question,
        evidence=evidence,
    )


def _first_per_ref(hits: Sequence[TextHit]) -> list[TextHit]:
    first: dict[str, TextHit] = {}
    for hit in hits:
        first.setdefault(hit.ref, hit)
    return list(first.values())


def _absence(spec: AreaSpec, corpora: list[CorpusSearched], *, project_id: str) -> Evidence:
    sizes = ", ".join(f"{c.size:,} {c.corpus}" for c in corpora)
    return Evidence(
        kind=EvidenceKind.ABSENCE,
        ref=f"absence:{project_id}:readiness:{spec.id}",
        source="derived",
        label=f"searched {sizes} for: {', '.join(spec.keywords)}; 0 hits",
        terms=list(spec.keywords),
        corpora=corpora,
        hits=0,
    )


def _sentence(spec: AreaSpec, status: Readiness, counts: tuple[int, int, int, int]) -> str:
    done, open_, docs, msgs = counts
    if status == "unknown":
        first = spec.keywords[:3]
        terms = f"{', '.join(first[:-1])} or {first[-1]}" if len(first) > 1 else first[0]
        return f"{spec.name} readiness is unknown: no task, document or message mentions {terms}."
    found = (
        f"{_count(done, 'done task')}, {_count(open_, 'open task')}, {_count(docs, 'document')} "
        f"and {_count(msgs, 'message')} mention it"
    )
    if status == "ready":
        return f"{spec.name} looks ready: {found}."
    lacking = (
        "no document covers it"
        if done
        else "no task on it is done"
        if docs
        else "no task on it is done and no document covers it"
    )
    return f"{spec.name} readiness is partial: {found}, but {lacking}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
