"""Checklist findings: severities, sentences and absence evidence (spec 04 §5 "Finding record").

A missing item becomes `gap_missing` with an absence item ("searched 511 tasks, 7 documents, 5,403
messages for: app store review, …; 0 hits"), the type evidence and any non-qualifying mentions. Its
sentence names the lead time, the dates of the backward plan and the missing owner. An untracked
item becomes `gap_untracked` (low): "… is mentioned in #alpha-dev 2026-11-12 14:03, but there is no task."

How to call:
    gap_severity(item: ChecklistItem, *, days_left: int | None, cfg: SeverityConfig) -> Severity
    compute_item_finding(item, match, *, applied: AppliedChecklist, project: ProjectRef,
                         step: PlanStep | None, owner: str | None, owner_name: str | None,
                         days_left: int | None, cfg: SeverityConfig) -> Finding | None
    compute_gap_questions(items, matches, findings, applied) -> list[ArchitectQuestion]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chiefops.intel.evidence import (
    SENTENCE_MAX,
    Evidence,
    EvidenceKind,
    Finding,
    FindingKind,
    FindingStatus,
    Severity,
    excerpt,
    finding_id,
)
from chiefops.intel.gaps_checklists import Checklist, ChecklistItem, PlanRole
from chiefops.intel.gaps_critical import ProjectRef
from chiefops.intel.gaps_match import Coverage, ItemMatch
from chiefops.intel.gaps_plan import PlanStep
from chiefops.intel.gaps_types import AppliedChecklist
from chiefops.intel.risks_questions import ArchitectQuestion, QuestionBasis

CHECKLIST_SUBJECT = "checklist"
_GAP_KINDS = frozenset({FindingKind.GAP_MISSING, FindingKind.GAP_UNTRACKED})


@dataclass(frozen=True, slots=True)
class SeverityConfig:
    """When a missing item is critical or high (04 §5)."""

    critical_within_days: int = 30
    critical_lead_margin_days: int = 7
    high_within_days: int = 60


def gap_severity(item: ChecklistItem, *, days_left: int | None, cfg: SeverityConfig) -> Severity:
    """Severity of a missing item, never worse than the item's base severity.

    critical: a hard prerequisite with the deadline ≤ 30 days away, or `days_left ≤ lead_max + 7`;
    high: deadline ≤ 60 days away; medium: a later deadline; low: no deadline.
    """
    if days_left is None:
        rule = Severity.LOW
    elif (item.hard_prerequisite and days_left <= cfg.critical_within_days) or (
        days_left <= item.lead_max + cfg.critical_lead_margin_days
    ):
        rule = Severity.CRITICAL
    elif days_left <= cfg.high_within_days:
        rule = Severity.HIGH
    else:
        rule = Severity.MEDIUM
    return rule if rule.rank >= item.base_severity.rank else item.base_severity


def compute_item_finding(
    item: ChecklistItem,
    match: ItemMatch,
    *,
    applied: AppliedChecklist,
    project: ProjectRef,
    step: PlanStep | None,
    owner: str | None,
    owner_name: str | None,
    days_left: int | None,
    cfg: SeverityConfig,
) -> Finding | None:
    """The finding of one uncovered item; None when a task covers it."""
    if match.coverage is Coverage.COVERED:
        return None
    common = {
        "finding_id": finding_id(project.project_id, item.id, CHECKLIST_SUBJECT),
        "project_id": project.project_id,
        "rule_id": item.id,
        "confidence": applied.confidence,
        "owner_suggestion": owner,
        "lead_time_days": item.lead_time_days,
        "latest_start": step.latest_start if step else None,
    }
    if match.coverage is Coverage.UNTRACKED:
        return Finding(
            **common,
            kind=FindingKind.GAP_UNTRACKED,
            severity=Severity.LOW,
            title=f"No task for {item.name}",
            sentence=_untracked_sentence(item, match.evidence[0]),
            evidence=[*match.evidence, *applied.evidence[:1]],
            suggested_action=f"Ask whether someone owns it, and create a task if so: {item.question}",
        )
    return Finding(
        **common,
        kind=FindingKind.GAP_MISSING,
        severity=gap_severity(item, days_left=days_left, cfg=cfg),
        title=f"No task or owner for {item.name}",
        sentence=_missing_sentence(item, project, step, owner_name=owner_name),
        evidence=[
            absence_evidence(item, match, project_id=project.project_id),
            *applied.evidence[:2],
            *match.mentions,
        ],
        suggested_action=f"Create a task for {item.name} and give it an owner"
        + (f"; start by {step.latest_start}." if step else "."),
    )


def absence_evidence(item: ChecklistItem, match: ItemMatch, *, project_id: str) -> Evidence:
    """The absence item of a missing finding: terms, every corpus with its size, 0 hits."""
    terms = [t.casefold() for t in item.terms]
    sizes = ", ".join(f"{c.size:,} {c.corpus}" for c in match.corpora)
    return Evidence(
        kind=EvidenceKind.ABSENCE,
        ref=f"absence:{project_id}:{item.id}",
        source="derived",
        label=f"searched {sizes} for: {', '.join(terms)}; 0 hits",
        terms=terms,
        corpora=match.corpora,
        hits=0,
    )


def compute_gap_questions(
    items: Sequence[tuple[Checklist, ChecklistItem]],
    matches: Mapping[str, ItemMatch],
    findings: Sequence[Finding],
    applied: Sequence[AppliedChecklist],
) -> list[ArchitectQuestion]:
    """Architect-question candidates: each open missing/untracked item's question, and the
    checklists' question-only entries while their item is not finished."""
    by_id = {item.id: item for _, item in items}
    questions = [
        ArchitectQuestion(
            question=by_id[f.rule_id].question,
            severity=f.severity,
            origin="gap",
            because=QuestionBasis(finding_id=f.finding_id, evidence=f.evidence[:2]),
        )
        for f in findings
        if f.status is FindingStatus.OPEN and f.kind in _GAP_KINDS
    ]
    type_evidence = {a.type: a.evidence for a in applied}
    for checklist in {c.type: c for c, _ in items}.values():
        for extra in checklist.extra_questions:
            match = matches.get(extra.unless_done)
            if match is None or match.is_done:
                continue
            because = match.evidence[:2] or type_evidence[checklist.type][:1]
            questions.append(
                ArchitectQuestion(
                    question=extra.question,
                    severity=Severity.LOW,
                    origin="checklist",
                    because=QuestionBasis(evidence=because),
                )
            )
    return questions


def _untracked_sentence(item: ChecklistItem, first: Evidence) -> str:
    return excerpt(f"{item.name} is mentioned in {first.label}, but there is no task.", SENTENCE_MAX)


def _missing_sentence(
    item: ChecklistItem, project: ProjectRef, step: PlanStep | None, *, owner_name: str | None
) -> str:
    lead = f"{item.lead_time_days[0]}–{item.lead_time_days[1]} days"
    deadline = f"the {project.deadline} deadline"
    if step is None:
        timing = f"It takes {lead}; no deadline is set."
    elif item.plan_role is PlanRole.EXTERNAL_REVIEW:
        timing = f"Review takes {lead}: submit by {step.latest_start} for {deadline}."
    elif item.plan_role is PlanRole.PREREQUISITE:
        timing = (
            f"It takes {lead}: start by {step.latest_start}, done by {step.latest_finish} for {deadline}."
        )
    else:
        timing = f"It takes {lead}: start by {step.latest_start} for {deadline}."
    what = item.sentence.format(project=project.name)
    full = f"{what} {timing} No owner yet" + (f"; suggested: {owner_name}." if owner_name else ".")
    return full if len(full) <= SENTENCE_MAX else excerpt(f"{what} {timing} No owner yet.", SENTENCE_MAX)
