"""`projects`: work detected from Jira keys and Slack channels (seed §2, spec 02 §7)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Model, Record, UtcDatetime, new_id, utc_now
from chiefops.models.enums import MilestoneStatus, ProjectStatus


class Milestone(Model):
    """A dated project milestone."""

    name: str
    date: UtcDatetime
    status: MilestoneStatus = MilestoneStatus.PENDING


class ProjectMember(Model):
    """A person's involvement in one project (`role_in_project`: tech_lead, developer, qa, pm, …)."""

    person_id: str
    role_in_project: str


class TaskSummary(Model):
    """Task counts of a project by status category."""

    total: int = 0
    completed: int = 0
    in_progress: int = 0
    blocked: int = 0
    unassigned: int = 0


class Project(Record):
    """A project; one may span several Jira keys and Slack channels."""

    project_id: str = Field(default_factory=new_id, description="Unique project identifier (UUID)")
    name: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", description="AI-generated or COO-provided description")
    status: ProjectStatus = Field(default=ProjectStatus.ON_TRACK)
    completion_percentage: float = Field(default=0.0, ge=0.0, le=100.0)
    deadline: UtcDatetime | None = Field(default=None, description="Target completion date")
    milestones: list[Milestone] = Field(default_factory=list)
    people_involved: list[ProjectMember] = Field(default_factory=list)
    task_summary: TaskSummary = Field(default_factory=TaskSummary)
    health_score: int = Field(default=50, ge=0, le=100, description="0 = critical, 100 = excellent")
    key_risks: list[str] = Field(default_factory=list)
    missing_tasks: list[str] = Field(default_factory=list)
    technical_concerns: list[str] = Field(default_factory=list)
    slack_channels: list[str] = Field(default_factory=list)
    jira_project_keys: list[str] = Field(default_factory=list)
    last_analyzed_at: UtcDatetime = Field(default_factory=utc_now)

    # ext, spec 02 §7
    provisional: bool = Field(
        default=False,
        description="Created by ingestion for an unmapped key prefix; intel may rename or merge it",
    )
