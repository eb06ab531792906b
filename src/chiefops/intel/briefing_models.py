"""Inputs and outputs of the briefings (spec 04 §6 "Briefings").

A briefing is built from structured items `{text, severity, refs, evidence, deltas}`. Its inputs are
the current `SnapshotSummary` (per-project states, open findings, people), the previous run's
summary (None on the first run: what_changed states a baseline), every finding of the run, task
counts since the previous as-of, and the COO decisions waiting (possible matches, uncertain leads,
orphaned corrections, corrections the data contradicts). The briefing stores its own summary, so the next run can compare.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import Evidence, Finding, FindingKind, Severity
from chiefops.models import ActivityLevel, MilestoneStatus, Model, ProjectStatus

VelocityTrend = Literal["rising", "flat", "falling"]


class SilentMemberState(Model):
    person_id: str
    name: str
    severity: Severity
    open_tasks: int = Field(ge=0)


class MilestoneState(Model):
    name: str
    on: date
    status: MilestoneStatus


class ProjectState(Model):
    """What the briefing needs to know about one project at one as-of."""

    project_id: str
    name: str
    status: ProjectStatus
    status_reasons: list[str] = Field(default_factory=list)
    health: int | None = None
    velocity_trend: VelocityTrend | None = None
    open_tasks: int = Field(default=0, ge=0)
    blocked_open: int = Field(default=0, ge=0)
    overdue: int = Field(default=0, ge=0)
    completion_pct: float = Field(default=0.0, ge=0.0, le=100.0)
    deadline: date | None = None
    silent_members: list[SilentMemberState] = Field(default_factory=list)
    milestones: list[MilestoneState] = Field(default_factory=list)


class FindingDigest(Model):
    finding_id: str
    project_id: str
    kind: FindingKind
    severity: Severity
    title: str


class PersonDigest(Model):
    person_id: str
    name: str
    activity_level: ActivityLevel | None = None


class AppliedCorrection(Model):
    """An active COO correction, as what_changed names it ('Project Alpha — tech lead: Priya Sharma')."""

    fact_id: str
    project_id: str | None = Field(default=None, description="the project it is about, if any")
    text: str
    on: date


class SnapshotSummary(Model):
    """The comparable state of one run (stored inside its briefing, read back as `previous`)."""

    as_of: date
    org_health: int | None = None
    projects: list[ProjectState] = Field(description="by project_id")
    findings: list[FindingDigest] = Field(description="open findings, by finding_id")
    people: list[PersonDigest] = Field(description="by person_id")
    corrections: list[AppliedCorrection] = Field(default_factory=list, description="by fact_id")


class TaskChanges(Model):
    """Tasks of one project created and resolved after the previous as-of, up to this one."""

    project_id: str
    created: int = Field(ge=0)
    resolved: int = Field(ge=0)


class PendingMatch(Model):
    match_id: str
    question: str = Field(description="'Is 'raj' in Slack the same person as Rajesh Patel in Jira?'")
    confidence: float
    evidence: list[Evidence] = Field(min_length=1)


class UncertainLead(Model):
    """A lead (tech lead, architect, pm) whose role confidence is below 0.60 (`role_uncertain`)."""

    person_id: str
    name: str
    project_id: str
    role: str
    confidence: float
    evidence: list[Evidence] = Field(min_length=1)


class OrphanedCorrection(Model):
    fact_id: str
    text: str = Field(description="what the correction said")
    evidence: list[Evidence] = Field(min_length=1)


class ContradictedCorrection(Model):
    """A correction the data still disagrees with (04 §1.5): it wins, and this says so once."""

    fact_id: str
    project_id: str
    person_id: str
    text: str
    evidence: list[Evidence] = Field(min_length=1)


class BriefingInputs(Model):
    as_of: date
    current: SnapshotSummary
    previous: SnapshotSummary | None = None
    findings: list[Finding] = Field(default_factory=list, description="every finding of the run, any status")
    task_changes: list[TaskChanges] = Field(default_factory=list)
    pending_matches: list[PendingMatch] = Field(default_factory=list)
    uncertain_leads: list[UncertainLead] = Field(default_factory=list)
    orphaned_corrections: list[OrphanedCorrection] = Field(default_factory=list)
    contradicted_corrections: list[ContradictedCorrection] = Field(default_factory=list)


class Delta(Model):
    before: float | str | None
    after: float | str | None


class BriefingItem(Model):
    text: str
    severity: Severity
    refs: list[str] = Field(default_factory=list, description="project, finding, person and task ids")
    evidence: list[Evidence] = Field(min_length=1)
    deltas: dict[str, Delta] = Field(default_factory=dict)


class Briefing(Model):
    scope: Literal["org", "project"]
    project_id: str | None = None
    as_of: date
    previous_as_of: date | None = None
    is_baseline: bool
    highlights: list[BriefingItem]
    lowlights: list[BriefingItem]
    risks: list[BriefingItem]
    needs_attention: list[BriefingItem]
    what_changed: list[BriefingItem]
    summary: list[BriefingItem]
    snapshot: SnapshotSummary = Field(description="this run's summary; the next run's `previous`")
