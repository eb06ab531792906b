"""Inputs of the risk rules R1–R12 (spec 04 §6): explicit values the earlier stages computed.

intel-core fills `RiskInputs` from flow (§3), forecast, activity (§1.3), health's blocker threads
(§4) and the Slack-vs-Jira comparison; the rules in `risks.py` only compare and explain.

How to call:
    RiskInputs(project=ProjectRef(...), forecast_p50=…, forecast_p85=…, open_tasks=…,
               blocked=[TaskBrief(...)], unanswered_threads=[BlockerThread(...)], workload=[Workload(...)],
               single_points_of_failure=[…], silent_members=[SilentMember(...)], unassigned_high=[TaskBrief(...)],
               velocity_r=…, velocity_trend="falling", resolved_last_28d=…, resolved_prior_28d=…,
               created_28d=…, wip=…, ageing_wip=…, overdue=…, documents=…, newest_document_on=…,
               disagreements=[Disagreement(...)])
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import Evidence, EvidenceSource, Severity
from chiefops.intel.gaps_critical import ProjectRef
from chiefops.models import Model

VelocityTrend = Literal["rising", "flat", "falling"]


class TaskBrief(Model):
    """A task as a risk cites it."""

    ref: str = Field(description="Jira key, else task_id")
    summary: str
    source: EvidenceSource = "jira"
    age_days: int | None = Field(default=None, description="blocked tasks: days open as a blocker")


class BlockerThread(Model):
    """An unanswered blocker thread (04 §4: nobody else replied, no 'unblocked/fixed' followed)."""

    ref: str = Field(description="message natural key of the thread's first post")
    channel: str = Field(description="'#proj-beta'")
    posted_on: date
    age_hours: float = Field(ge=0)
    text: str
    evidence: Evidence


class Workload(Model):
    """Open tasks held by one person in the project (effective assignees)."""

    person_id: str
    name: str
    open_tasks: int = Field(ge=0)


class SinglePointOfFailure(Model):
    """04 §1.3 `single_point_of_failure`: sole assignee of all ≥ 5 open tasks of an epic or component."""

    person_id: str
    name: str
    scope: str = Field(description="the epic or component name")
    open_tasks: int = Field(ge=0)


class SilentMember(Model):
    """04 §1.3 `silent_in_project`, with the flag's severity."""

    person_id: str
    name: str
    severity: Severity
    days_silent: int = Field(ge=0)
    open_tasks: list[TaskBrief]
    evidence: list[Evidence] = Field(default_factory=list, description="e.g. the last message")


class Disagreement(Model):
    """Slack says blocked or done about a task Jira does not show so (key mentioned within 7 days)."""

    task_ref: str
    slack_says: Literal["blocked", "done"]
    jira_status: str
    evidence: list[Evidence] = Field(min_length=1, description="the message and the task")


class RiskInputs(Model):
    """Everything R1–R12 read for one project."""

    project: ProjectRef
    forecast_p50: date | None = None
    forecast_p85: date | None = None
    open_tasks: int = Field(default=0, ge=0)
    blocked: list[TaskBrief] = Field(default_factory=list, description="open blocked tasks (04 §3)")
    unanswered_threads: list[BlockerThread] = Field(default_factory=list)
    workload: list[Workload] = Field(default_factory=list)
    single_points_of_failure: list[SinglePointOfFailure] = Field(default_factory=list)
    silent_members: list[SilentMember] = Field(default_factory=list)
    unassigned_high: list[TaskBrief] = Field(
        default_factory=list, description="open, high priority, no effective assignee"
    )
    velocity_r: float | None = None
    velocity_trend: VelocityTrend | None = None
    resolved_last_28d: int = Field(default=0, ge=0)
    resolved_prior_28d: int = Field(default=0, ge=0)
    created_28d: int = Field(default=0, ge=0)
    wip: int = Field(default=0, ge=0, description="tasks in progress or blocked")
    ageing_wip: int = Field(default=0, ge=0)
    overdue: int = Field(default=0, ge=0)
    documents: int = Field(default=0, ge=0, description="project documents")
    newest_document_on: date | None = None
    disagreements: list[Disagreement] = Field(default_factory=list)
