"""Project status (spec 04 §4): rules evaluated from the top, with every fired rule as a reason — pure.

Public (intel-core wires these):
- `status_inputs(*, flow, health, deadline, forecast, feasibility, findings, silent_members, coo_status)
  -> StatusInputs` — gathers the inputs from the other stages' results; `findings` may hold any
  findings (only open critical ones count); `silent_members` are the project's `silent_in_project`
  members; `coo_status` the active COO `project_status` fact (completed only), if any.
- `compute_status(inputs, *, cfg) -> StatusResult` — `status` plus `reasons` (code, level, sentence,
  evidence), behind rules first, then at-risk rules, each level most specific first (a named cause
  before the forecast, feasibility and health score), so `reasons[0]` answers "why this status".

completed: COO fact; all non-cancelled tasks done; or ≥ 95 % done with no open high-priority task and
no open critical finding (only these reasons are listed). behind: H < 40; deadline passed with open
work; p_on_time < 0.50; infeasible with people_needed ≥ 1.5·active; velocity falling and ≥ 3 open
blocked tasks. at_risk: 40 ≤ H < 70; tight (or infeasible) feasibility; p85 after the deadline; an open
critical finding; ≥ 2 unassigned high-priority open tasks; a silent member; velocity falling.
on_track: none fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chiefops.intel.evidence import Finding, FindingStatus, Severity
from chiefops.intel.feasibility import Feasibility
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.forecast import Forecast
from chiefops.intel.status_models import (
    CooStatusFact,
    SilentMember,
    StatusConfig,
    StatusInputs,
    StatusReason,
    StatusResult,
    metric_evidence,
)
from chiefops.intel.status_rules import at_risk_reasons, behind_reasons, completed_reasons
from chiefops.models import ProjectStatus, as_date

__all__ = [
    "CooStatusFact",
    "SilentMember",
    "StatusConfig",
    "StatusInputs",
    "StatusReason",
    "StatusResult",
    "compute_status",
    "status_inputs",
]


def status_inputs(
    *,
    flow: FlowMetrics,
    health: int | None,
    deadline: datetime | None,
    forecast: Forecast | None,
    feasibility: Feasibility | None,
    findings: Sequence[Finding],
    silent_members: Sequence[SilentMember],
    coo_status: CooStatusFact | None,
) -> StatusInputs:
    """The status inputs of one project from its flow, health, forecast, feasibility and findings."""
    p85 = forecast.p85 if forecast is not None else None
    critical = [f for f in findings if f.severity is Severity.CRITICAL and f.status is FindingStatus.OPEN]
    return StatusInputs(
        as_of=flow.as_of,
        health=health,
        deadline_on=as_date(deadline) if deadline is not None else None,
        total_tasks=flow.task_summary.total,
        completed_tasks=flow.task_summary.completed,
        open_tasks=flow.open_tasks,
        completion_pct=flow.completion_pct,
        open_high_priority=flow.open_high_priority,
        p_on_time=forecast.p_on_time if forecast is not None else None,
        p85_on=p85.on if p85 is not None else None,
        p85_beyond_cap=p85 is not None and p85.days is None,
        feasibility=feasibility.verdict if feasibility is not None else None,
        feasibility_sentence=(feasibility.reason or feasibility.sentence)
        if feasibility is not None
        else None,
        people_needed=feasibility.people_needed if feasibility is not None else None,
        active_people=feasibility.active_people if feasibility is not None else 0,
        velocity=flow.velocity.direction,
        velocity_r=flow.velocity.r,
        blocked_open=flow.blocked.tasks,
        unassigned_high=flow.unassigned.effective_high_tasks,
        critical_findings=sorted(critical, key=lambda f: f.finding_id),
        silent_members=sorted(silent_members, key=lambda m: m.person_id),
        coo_status=coo_status,
    )


def compute_status(inputs: StatusInputs, *, cfg: StatusConfig) -> StatusResult:
    """Evaluate the rules top-down: the first level with a fired rule is the status."""
    completed = completed_reasons(inputs, cfg=cfg)
    if completed:
        return StatusResult(status=ProjectStatus.COMPLETED, reasons=completed)
    behind = behind_reasons(inputs, cfg=cfg)
    at_risk = at_risk_reasons(inputs, cfg=cfg)
    if behind:
        return StatusResult(status=ProjectStatus.BEHIND, reasons=[*behind, *at_risk])
    if at_risk:
        return StatusResult(status=ProjectStatus.AT_RISK, reasons=at_risk)
    health = f"health is {inputs.health}" if inputs.health is not None else "no health score yet"
    evidence = [metric_evidence("health_score", f"H = {inputs.health}")] if inputs.health is not None else []
    on_track = StatusReason(
        code="on_track",
        level=ProjectStatus.ON_TRACK,
        sentence=f"None of the behind or at-risk rules fired; {health}.",
        evidence=evidence,
    )
    return StatusResult(status=ProjectStatus.ON_TRACK, reasons=[on_track])
