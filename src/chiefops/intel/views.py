"""What the intelligence service returns (spec 04 §7.1): one model per answer, shared by API and CLI."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, JsonValue

from chiefops.models import AnalysisType, Model, Person, Project, Task


class LatestResult(Model):
    """The newest analysis row of a scope, labelled when stale or being recomputed (04 §7 Reading)."""

    analysis_id: str
    analysis_type: AnalysisType
    project_id: str | None
    result_data: dict[str, JsonValue]
    is_stale: bool
    recomputing: bool
    created_at: datetime


class PersonProject(Model):
    project_id: str
    name: str
    role_in_project: str


class PersonDetail(Model):
    """A person with why: role evidence, identity links, tasks, projects and an activity series."""

    person: Person
    role: dict[str, Any] | None = Field(description="final role with evidence (COO overlay applied)")
    detected_role: dict[str, Any] | None = Field(description="the role the data alone indicates")
    identity: dict[str, Any] = Field(description="node keys, alias ids, links with rules and confidences")
    activity: dict[str, Any] | None = None
    engagement: dict[str, Any] | None = None
    team_scores: dict[str, Any] | None = None
    flags: list[dict[str, Any]] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    projects: list[PersonProject] = Field(default_factory=list)
    activity_series: list[dict[str, Any]] = Field(default_factory=list, description="messages per ISO week")


class PossibleMatchView(Model):
    match_id: str
    a: str
    b: str
    candidates: list[str]
    confidence: float
    rule: str
    question: str
    reasons: list[str]
    status: Literal["open", "confirmed", "rejected"] = "open"


class MatchDecision(Model):
    """The fact written for a confirmed or rejected possible match."""

    match_id: str
    status: Literal["confirmed", "rejected"]
    fact_id: str
    subject: str
    field: str
    value: str


class ProjectView(Project):
    """A project with its health components and status reasons (ext of 04 §7.1)."""

    health_components: list[dict[str, Any]] = Field(default_factory=list)
    status_reasons: list[dict[str, Any]] = Field(default_factory=list)


class DeepDive(Model):
    project: ProjectView
    metrics: dict[str, Any] | None = Field(default=None, description="flow metrics, each with its basis")
    forecast: dict[str, Any] | None = None
    feasibility: dict[str, Any] | None = None
    gaps: list[dict[str, Any]] = Field(default_factory=list)
    risks: list[dict[str, Any]] = Field(default_factory=list)
    questions: list[dict[str, Any]] = Field(default_factory=list)
    readiness: list[dict[str, Any]] = Field(default_factory=list)
    backward_plan: dict[str, Any] | None = None
    members: list[dict[str, Any]] = Field(default_factory=list)
    timeline: list[dict[str, Any]] = Field(
        default_factory=list, description="milestones, deadline and plan steps by date"
    )


class TaskView(Task):
    """A task with its effective assignees (formal, else inferred from Slack, COO facts last)."""

    effective_assignees: list[str] = Field(default_factory=list)


class HealthView(Model):
    scope: Literal["org", "project"]
    project_id: str | None = None
    health: dict[str, Any] | None = Field(description="composite, sub-scores, weights and texts")
    trend: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None
    as_of: str | None = None
    message: str | None = Field(default=None, description="'no data yet' before the first analysis")


class HealthPoint(Model):
    run_id: str | None
    as_of: str | None
    created_at: datetime
    score: int | None
    status: str | None = None


class RunInfo(Model):
    """The current or last analysis run (`GET /analysis/status`, `POST /analysis/run`)."""

    running: bool
    pending: bool
    run_id: str | None = None
    trigger: dict[str, Any] | None = None
    as_of: str | None = None
    duration_ms: int | None = None
    recomputed: list[str] = Field(default_factory=list)
    failed: list[dict[str, str]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    finished_at: datetime | None = None
