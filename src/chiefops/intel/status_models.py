"""Shapes and thresholds of the project status rules (spec 04 §4): config, inputs, reasons, result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import Field

from chiefops.intel.evidence import Evidence, EvidenceKind, Finding, excerpt
from chiefops.intel.feasibility import Verdict
from chiefops.intel.flow_models import FlowModel, TaskRef, TrendDirection
from chiefops.intel.health_models import HEALTH_BANDS, HealthBand
from chiefops.models import ProjectStatus

_AMBER_FROM = next(spec.min_score for spec in HEALTH_BANDS if spec.band is HealthBand.AMBER)
_GREEN_FROM = next(spec.min_score for spec in HEALTH_BANDS if spec.band is HealthBand.GREEN)


@dataclass(frozen=True)
class StatusConfig:
    """Thresholds of the 04 §4 status table (health bands from HEALTH_BANDS)."""

    health_behind_below: int = _AMBER_FROM
    health_at_risk_below: int = _GREEN_FROM
    nearly_done_pct: float = 95.0
    p_on_time_behind_below: float = 0.50
    understaffed_ratio: float = 1.5
    blocked_behind_from: int = 3
    unassigned_high_at_risk_from: int = 2
    max_evidence: int = 10


class SilentMember(FlowModel):
    """A project member flagged `silent_in_project` (04 §1.3) and the open tasks they hold."""

    person_id: str
    name: str
    open_tasks: list[TaskRef]
    days_silent: int | None = None


class CooStatusFact(FlowModel):
    """An active COO `project_status` fact (the only value it may set is completed)."""

    fact_id: str
    status: ProjectStatus
    established_at: datetime | None = None


class StatusInputs(FlowModel):
    """Everything the status rules read, for one project as of one day."""

    as_of: date
    health: int | None
    deadline_on: date | None
    total_tasks: int
    completed_tasks: int
    open_tasks: int
    completion_pct: float | None
    open_high_priority: list[TaskRef]
    p_on_time: float | None
    p85_on: date | None
    p85_beyond_cap: bool
    feasibility: Verdict | None
    feasibility_sentence: str | None = Field(default=None, description="the feasibility arithmetic")
    people_needed: int | None
    active_people: int
    velocity: TrendDirection
    velocity_r: float | None
    blocked_open: list[TaskRef]
    unassigned_high: list[TaskRef]
    critical_findings: list[Finding] = Field(description="open critical findings only")
    silent_members: list[SilentMember]
    coo_status: CooStatusFact | None


class StatusReason(FlowModel):
    """One fired rule: short code, the status level it belongs to, a sentence and its evidence."""

    code: str
    level: ProjectStatus
    sentence: str
    evidence: list[Evidence]


class StatusResult(FlowModel):
    """The project's status and every rule that fired."""

    status: ProjectStatus
    reasons: list[StatusReason]


def metric_evidence(ref: str, label: str) -> Evidence:
    """Evidence pointing at a computed figure (health score, forecast, feasibility …)."""
    return Evidence(kind=EvidenceKind.METRIC, ref=ref, source="derived", label=excerpt(label))
