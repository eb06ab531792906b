"""Gaps and missing tasks of one project (spec 04 §5): the stage's front door.

Steps: score the project types (`gaps_types`), apply every checklist at type_conf ≥ 0.6 plus the
due-soon checklist when the deadline is ≤ 60 days away, match each item against tasks, documents
and messages (`gaps_match`), build the backward plan (`gaps_plan`) and the critical path
(`gaps_critical`), then turn missing and untracked items and unowned critical tasks into findings
with evidence. A dismissed finding keeps status `dismissed` and never counts again.

How to call:
    checklists = load_checklists()                       # once per run (gaps_checklists)
    report = compute_gaps(GapInputs(project=ProjectRef(...), signals=build_type_signals(...),
                                    tasks=project_tasks, ...),
                          as_of=as_of, checklists=checklists, search=text_search, cfg=GapsConfig())
    report.findings (gap_missing, gap_untracked, unowned_critical; worst first), report.questions
    (architect-question candidates), report.backward_plan, report.critical_path, report.key_docs.
    `TextSearch`, `TextHit`, `SearchResult` (gaps_search) are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import Field

from chiefops.intel.evidence import Evidence, EvidenceKind, Finding, FindingKind, FindingStatus
from chiefops.intel.gaps_checklists import Checklist, ChecklistItem, ChecklistSet
from chiefops.intel.gaps_critical import (
    CriticalConfig,
    CriticalPath,
    ProjectRef,
    compute_critical_path,
    compute_unowned_critical,
)
from chiefops.intel.gaps_findings import (
    SeverityConfig,
    compute_gap_questions,
    compute_item_finding,
    gap_severity,
)
from chiefops.intel.gaps_match import Coverage, ItemMatch, MatchConfig, match_items
from chiefops.intel.gaps_plan import BackwardPlan, PlanConfig, compute_backward_plan
from chiefops.intel.gaps_search import SearchResult, TextHit, TextSearch
from chiefops.intel.gaps_text import has_phrase, normalize
from chiefops.intel.gaps_types import (
    AppliedChecklist,
    TextRef,
    TypeConfig,
    TypeMatch,
    TypeSignals,
    compute_project_types,
)
from chiefops.intel.risks_questions import ArchitectQuestion
from chiefops.models import Model, Task, as_date

__all__ = [
    "AppliedChecklist",
    "GapInputs",
    "GapReport",
    "GapsConfig",
    "ProjectRef",
    "SearchResult",
    "TextHit",
    "TextSearch",
    "compute_gaps",
    "compute_key_docs",
    "gap_severity",
    "is_due_soon",
]


@dataclass(frozen=True, slots=True)
class GapsConfig:
    """Thresholds of the gaps stage (04 §5); sub-configs per step."""

    types: TypeConfig = field(default_factory=TypeConfig)
    match: MatchConfig = field(default_factory=MatchConfig)
    plan: PlanConfig = field(default_factory=PlanConfig)
    critical: CriticalConfig = field(default_factory=CriticalConfig)
    severity: SeverityConfig = field(default_factory=SeverityConfig)
    due_soon_days: int = 60


@dataclass(frozen=True, slots=True)
class GapInputs:
    """Everything the gaps stage needs about one project (already loaded and corrected)."""

    project: ProjectRef
    signals: TypeSignals
    tasks: Sequence[Task]
    assignees: Mapping[str, Sequence[str]] | None = None  # task_id → effective assignees (04 §1.4)
    inactive_people: AbstractSet[str] = frozenset()  # deactivated or departed person_ids
    owners_by_role: Mapping[str, str] = field(default_factory=dict)  # role_in_project → person_id
    people_names: Mapping[str, str] = field(default_factory=dict)  # person_id → name
    lead_time_p50_days: float | None = None
    forecast_p85: date | None = None
    dismissed: AbstractSet[str] = frozenset()  # finding ids with a `dismissed` fact
    first_seen: Mapping[str, datetime] = field(default_factory=dict)  # finding_id → first as_of


class ItemResult(Model):
    checklist: str
    item_id: str
    name: str
    coverage: Coverage
    task_refs: list[str]
    lead_time_days: tuple[int, int]
    finding_id: str | None = None


class KeyDocCoverage(Model):
    """Key documents of the applied checklists found by title (Documentation sub-score `kd`)."""

    expected: list[str]
    found: list[str]
    evidence: list[Evidence] = Field(default_factory=list)


class GapReport(Model):
    project_id: str
    types: list[TypeMatch]
    applied: list[AppliedChecklist]
    items: list[ItemResult]
    findings: list[Finding] = Field(description="severity, then latest start, then finding_id")
    critical_path: CriticalPath
    backward_plan: BackwardPlan | None
    key_docs: KeyDocCoverage
    questions: list[ArchitectQuestion] = Field(description="architect-question candidates")
    warnings: list[str] = Field(default_factory=list)


def compute_gaps(
    inputs: GapInputs, *, as_of: datetime, checklists: ChecklistSet, search: TextSearch, cfg: GapsConfig
) -> GapReport:
    """Gap findings, plan and critical path of one project."""
    today = as_date(as_of)
    project = inputs.project
    types = compute_project_types(inputs.signals, checklists=checklists, cfg=cfg.types)
    applied = _applied(types, project, checklists=checklists, today=today, cfg=cfg)
    pairs = _items(applied, checklists)
    matches = match_items(
        [item for _, item in pairs],
        project_id=project.project_id,
        tasks=inputs.tasks,
        search=search,
        cfg=cfg.match,
        assignees=inputs.assignees,
    )
    by_id = {m.item_id: m for m in matches}
    plan = _plan(inputs, [item for _, item in pairs], by_id, today=today, cfg=cfg)
    path = compute_critical_path(inputs.tasks, lead_time_p50_days=inputs.lead_time_p50_days, cfg=cfg.critical)
    findings = _item_findings(inputs, pairs, by_id, applied, plan, today=today, cfg=cfg)
    findings += compute_unowned_critical(
        path,
        tasks=inputs.tasks,
        project=project,
        as_of=today,
        assignees=inputs.assignees,
        inactive_people=inputs.inactive_people,
        cfg=cfg.critical,
    )
    findings = _ordered([_stamp(f, inputs, as_of=as_of) for f in findings])
    return GapReport(
        project_id=project.project_id,
        types=types,
        applied=applied,
        items=_item_results(pairs, by_id, findings),
        findings=findings,
        critical_path=path,
        backward_plan=plan,
        key_docs=compute_key_docs([checklists.get(a.type) for a in applied], inputs.signals.doc_titles),
        questions=compute_gap_questions(pairs, by_id, findings, applied),
        warnings=path.warnings,
    )


def compute_key_docs(applied: Sequence[Checklist], doc_titles: Sequence[TextRef]) -> KeyDocCoverage:
    """Which key documents of the applied checklists have a document whose title names them."""
    titles = [(ref, normalize(ref.text)) for ref in doc_titles]
    expected: list[str] = []
    found: list[str] = []
    evidence: list[Evidence] = []
    for key_doc in (k for checklist in applied for k in checklist.key_docs):
        if key_doc.id in expected:
            continue
        expected.append(key_doc.id)
        phrases = [normalize(s) for s in key_doc.synonyms]
        hit = next((ref for ref, text in titles if any(has_phrase(text, p) for p in phrases)), None)
        if hit is not None:
            found.append(key_doc.id)
            evidence.append(
                Evidence(kind=hit.kind, ref=hit.ref, source=hit.source, label=f"{key_doc.name}: {hit.label}")
            )
    return KeyDocCoverage(expected=expected, found=found, evidence=evidence)


def is_due_soon(deadline: date | None, *, as_of: date, within_days: int) -> bool:
    """04 §5 "any project due within 60 days": a deadline at most `within_days` away (or passed)."""
    return deadline is not None and (deadline - as_of).days <= within_days


def _applied(
    types: Sequence[TypeMatch], project: ProjectRef, *, checklists: ChecklistSet, today: date, cfg: GapsConfig
) -> list[AppliedChecklist]:
    applied = [
        AppliedChecklist(type=t.type, label=t.label, confidence=t.confidence, evidence=t.evidence)
        for t in types
        if t.applies
    ]
    if project.deadline is None or not is_due_soon(
        project.deadline, as_of=today, within_days=cfg.due_soon_days
    ):
        return applied
    days_left = (project.deadline - today).days
    deadline = Evidence(
        kind=EvidenceKind.METRIC,
        ref=f"project:{project.project_id}:deadline",
        source="derived",
        label=f"deadline {project.deadline} is {days_left} days away (≤ {cfg.due_soon_days})",
    )
    return applied + [
        AppliedChecklist(type=c.type, label=c.label, confidence=1.0, evidence=[deadline])
        for c in checklists.due_soon
    ]


def _items(
    applied: Sequence[AppliedChecklist], checklists: ChecklistSet
) -> list[tuple[Checklist, ChecklistItem]]:
    """Items of every applied checklist in order; an item id seen before is skipped."""
    seen: set[str] = set()
    pairs: list[tuple[Checklist, ChecklistItem]] = []
    for checklist in (checklists.get(a.type) for a in applied):
        for item in checklist.items:
            if item.id not in seen:
                seen.add(item.id)
                pairs.append((checklist, item))
    return pairs


def _plan(
    inputs: GapInputs,
    items: Sequence[ChecklistItem],
    matches: Mapping[str, ItemMatch],
    *,
    today: date,
    cfg: GapsConfig,
) -> BackwardPlan | None:
    if inputs.project.deadline is None:
        return None
    return compute_backward_plan(
        deadline=inputs.project.deadline,
        as_of=today,
        items=items,
        matches=matches,
        tasks=inputs.tasks,
        owners_by_role=inputs.owners_by_role,
        forecast_p85=inputs.forecast_p85,
        cfg=cfg.plan,
    )


def _item_findings(
    inputs: GapInputs,
    pairs: Sequence[tuple[Checklist, ChecklistItem]],
    matches: Mapping[str, ItemMatch],
    applied: Sequence[AppliedChecklist],
    plan: BackwardPlan | None,
    *,
    today: date,
    cfg: GapsConfig,
) -> list[Finding]:
    project = inputs.project
    days_left = (project.deadline - today).days if project.deadline else None
    steps = {s.item_id: s for s in plan.steps} if plan else {}
    by_type = {a.type: a for a in applied}
    findings = []
    for checklist, item in pairs:
        owner = inputs.owners_by_role.get(item.owner_role) or inputs.owners_by_role.get("tech_lead")
        finding = compute_item_finding(
            item,
            matches[item.id],
            applied=by_type[checklist.type],
            project=project,
            step=steps.get(item.id),
            owner=owner,
            owner_name=inputs.people_names.get(owner) if owner else None,
            days_left=days_left,
            cfg=cfg.severity,
        )
        if finding is not None:
            findings.append(finding)
    return findings


def _stamp(finding: Finding, inputs: GapInputs, *, as_of: datetime) -> Finding:
    status = FindingStatus.DISMISSED if finding.finding_id in inputs.dismissed else FindingStatus.OPEN
    first = inputs.first_seen.get(finding.finding_id, as_of)
    return finding.model_copy(update={"status": status, "first_seen_as_of": first})


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.latest_start or date.max, f.finding_id))


def _item_results(
    pairs: Sequence[tuple[Checklist, ChecklistItem]],
    matches: Mapping[str, ItemMatch],
    findings: Sequence[Finding],
) -> list[ItemResult]:
    by_rule = {f.rule_id: f.finding_id for f in findings if f.kind is not FindingKind.UNOWNED_CRITICAL}
    return [
        ItemResult(
            checklist=checklist.type,
            item_id=item.id,
            name=item.name,
            coverage=matches[item.id].coverage,
            task_refs=matches[item.id].task_refs,
            lead_time_days=item.lead_time_days,
            finding_id=by_rule.get(item.id),
        )
        for checklist, item in pairs
    ]
