"""`people`: one record per real human across Slack, Jira and Drive (seed §1, spec 02 §4.6, 04 §1)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Model, Record, UtcDatetime, new_id
from chiefops.models.enums import ActivityLevel, PersonFlag, RoleSource, SourceSystem


class SourceReference(Model):
    """Links a person back to one identity in a source system."""

    source: SourceSystem
    source_id: str = Field(
        description="Id in the source system (Slack user id, Jira account id or name, email)"
    )


class EngagementMetrics(Model):
    """Slack-derived engagement statistics over all data."""

    messages_sent: int = 0
    threads_replied: int = 0
    reactions_given: int = 0


class Person(Record):
    """A resolved person; the COO's role corrections are kept as `role_source=coo_corrected`."""

    person_id: str = Field(default_factory=new_id, description="Unique person identifier (UUID)")
    name: str = Field(min_length=1, max_length=200, description="Display name")
    email: str | None = Field(default=None, description="Email address if discovered")
    source_ids: list[SourceReference] = Field(
        default_factory=list, description="Cross-references to identities in each source system"
    )
    role: str = Field(description="Job role — AI-identified or COO-corrected")
    role_source: RoleSource = Field(default=RoleSource.AI_IDENTIFIED)
    department: str | None = Field(default=None, description="Department name")
    activity_level: ActivityLevel = Field(default=ActivityLevel.MODERATE)
    last_active_date: UtcDatetime = Field(description="Most recent activity across all sources")
    avatar_url: str | None = Field(default=None, description="Profile image URL from Slack")
    slack_user_id: str | None = Field(default=None, description="Slack member id (e.g. U01ABC123)")
    jira_username: str | None = Field(default=None, description="Jira account id, else display name")
    tasks_assigned: int = Field(default=0, ge=0, description="Count of currently assigned (open) tasks")
    tasks_completed: int = Field(default=0, ge=0, description="Count of completed tasks")
    engagement_metrics: EngagementMetrics = Field(default_factory=EngagementMetrics)
    projects: list[str] = Field(default_factory=list, description="project_id values")

    # ext, spec 02 §4.6
    is_bot: bool = Field(default=False, description="Slack bot, USLACKBOT or `bot_id` poster")
    is_deactivated: bool = Field(default=False, description="Slack account marked `deleted`")
    is_placeholder: bool = Field(default=False, description="Seen only as a reference (no profile)")
    title_hint: str | None = Field(default=None, description="Slack profile title")
    handles: list[str] = Field(default_factory=list, description="Slack handles / display names seen")
    timezone: str | None = Field(default=None, description="IANA timezone from the Slack profile")

    # ext, spec 04 §1
    role_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Confidence of `role` (04 §1.2); 1.0 when COO-corrected"
    )
    flags: list[PersonFlag] = Field(default_factory=list, description="Flags of 04 §1.3")
    aliases: list[str] = Field(default_factory=list, description="Former names kept after a rename (04 §1.5)")
    alias_ids: list[str] = Field(
        default_factory=list, description="person_ids merged into this one, so facts on them still resolve"
    )
