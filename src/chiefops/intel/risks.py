"""Project risks R1–R12 (spec 04 §6), as findings with `kind = risk`.

| Id | Condition | Severity |
|---|---|---|
| R1 | p85 after the deadline / p50 after the deadline | high / critical |
| R2 | ≥ 3 open blocked tasks, or a blocker open > 7 days | high |
| R3 | an unanswered blocker thread (> 48 h), one finding per thread | high |
| R4 | one person holds > 50% of open tasks (≥ 5) / is a single point of failure | medium / high |
| R5 | a `silent_in_project` member, one finding per person | the flag's severity |
| R6 | unassigned high-priority open tasks | high |
| R7 | throughput falling (velocity trend `falling`): r < 0.85 / r < 0.60 | medium / high |
| R8 | created_28d > 1.5·resolved_28d | medium |
| R9 | ageing share of WIP > 30% | medium |
| R10 | overdue ≥ 5, or > 20% of open tasks | medium |
| R11 | no project document updated in 60 days and the deadline ≤ 60 days away | low |
| R12 | Slack says blocked or done and Jira does not, one finding per task | low |

R7 reads the velocity trend of 04 §3, so its low-volume and no-completion guards hold here too.

How to call:
    compute_risks(inputs: RiskInputs, *, as_of: date, cfg: RisksConfig,
                  dismissed: AbstractSet[str] = frozenset(),
                  first_seen: Mapping[str, datetime] | None = None) -> RiskReport
    key_risks(findings) -> list[str]      (projects.key_risks: open critical and high risks)
    missing_tasks(findings) -> list[str]  (projects.missing_tasks: open missing and unowned findings)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime

from pydantic import Field

from chiefops.intel.evidence import (
    SENTENCE_MAX,
    Finding,
    FindingKind,
    FindingStatus,
    Severity,
    excerpt,
    finding_id,
)
from chiefops.intel.gaps_critical import ProjectRef
from chiefops.intel.risks_inputs import RiskInputs
from chiefops.intel.risks_questions import ArchitectQuestion, QuestionBasis
from chiefops.intel.risks_rules import RiskDraft, RisksConfig, evaluate_rules
from chiefops.models import Model

__all__ = ["RiskInputs", "RiskReport", "RisksConfig", "compute_risks", "key_risks", "missing_tasks"]


class RiskReport(Model):
    findings: list[Finding] = Field(description="severity, then finding_id")
    questions: list[ArchitectQuestion] = Field(description="architect-question candidates from R1 and R4")


def compute_risks(
    inputs: RiskInputs,
    *,
    as_of: date,
    cfg: RisksConfig,
    dismissed: AbstractSet[str] = frozenset(),
    first_seen: Mapping[str, datetime] | None = None,
) -> RiskReport:
    """Every risk rule that fires for one project, worst first; `dismissed` finding ids keep status
    `dismissed`, and `first_seen` (finding_id → the as-of it first appeared) fills `first_seen_as_of`."""
    risks = evaluate_rules(inputs, as_of=as_of, cfg=cfg)
    seen = first_seen or {}
    pairs = [(risk, _finding(risk, inputs.project, dismissed=dismissed, first_seen=seen)) for risk in risks]
    pairs.sort(key=lambda p: (p[1].severity.rank, p[1].finding_id))
    questions = [
        ArchitectQuestion(
            question=risk.question,
            severity=finding.severity,
            origin="risk",
            because=QuestionBasis(finding_id=finding.finding_id, evidence=finding.evidence[:2]),
        )
        for risk, finding in pairs
        if risk.question and finding.status is FindingStatus.OPEN
    ]
    return RiskReport(findings=[f for _, f in pairs], questions=questions)


def key_risks(findings: Sequence[Finding]) -> list[str]:
    """Sentences of open critical and high risks, worst first (`projects.key_risks`)."""
    return [
        f.sentence
        for f in _worst_first(findings)
        if f.kind is FindingKind.RISK and f.severity.rank <= Severity.HIGH.rank
    ]


def missing_tasks(findings: Sequence[Finding]) -> list[str]:
    """Sentences of open missing and unowned findings, worst first (`projects.missing_tasks`)."""
    kinds = {FindingKind.GAP_MISSING, FindingKind.UNOWNED_CRITICAL}
    return [f.sentence for f in _worst_first(findings) if f.kind in kinds]


def _worst_first(findings: Sequence[Finding]) -> list[Finding]:
    open_ones = [f for f in findings if f.status is FindingStatus.OPEN]
    return sorted(open_ones, key=lambda f: (f.severity.rank, f.finding_id))


def _finding(
    risk: RiskDraft, project: ProjectRef, *, dismissed: AbstractSet[str], first_seen: Mapping[str, datetime]
) -> Finding:
    fid = finding_id(project.project_id, risk.rule, risk.subject)
    return Finding(
        finding_id=fid,
        project_id=project.project_id,
        kind=FindingKind.RISK,
        rule_id=risk.rule,
        severity=risk.severity,
        title=risk.title,
        sentence=excerpt(risk.sentence, SENTENCE_MAX),
        evidence=risk.evidence,
        confidence=risk.confidence,
        suggested_action=risk.action,
        status=FindingStatus.DISMISSED if fid in dismissed else FindingStatus.OPEN,
        first_seen_as_of=first_seen.get(fid),
    )
