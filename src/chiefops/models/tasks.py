"""`tasks`: Jira issues and AI-identified Slack assignments (seed §3, spec 02 §5.6, 04 §1.4 and §3)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, JsonValue, model_validator

from chiefops.models.base import Model, Record, UtcDatetime, new_id
from chiefops.models.enums import InputKind, StatusCategory, TaskSource
from chiefops.models.status import categorize_status


class StateTransition(Model):
    """One status change, for the audit trail and flow metrics."""

    from_status: str
    to_status: str
    date: UtcDatetime


class TaskComment(Model):
    """A comment on a task (author is a person_id)."""

    author: str
    text: str
    date: UtcDatetime


class SlackEvidence(Model):
    """A Slack message where an informal assignment was detected (spec 04 §1.4 step 3)."""

    message_id: str
    channel: str
    ts: str = Field(description="Slack ts string of the message")
    author: str = Field(description="person_id of the asker")
    text: str
    pattern: Literal["P1", "P2", "P3", "P4"] = Field(description="Assignment shape of 04 §1.4")
    target: str = Field(description="person_id the work was assigned to")
    confidence: float = Field(ge=0.0, le=1.0)


class SourceEvidence(Model):
    """Where a task came from: the raw Jira row, or the Slack messages that assigned it."""

    slack_messages: list[SlackEvidence] = Field(default_factory=list)
    jira_data: dict[str, JsonValue] = Field(
        default_factory=dict, description="Non-empty Jira cells: {header: value or [values]}"
    )


class Task(Record):
    """A work item. `status` keeps the source's text; `status_category` is its mapped category."""

    task_id: str = Field(default_factory=new_id, description="Unique task identifier (UUID)")
    source: TaskSource
    jira_key: str | None = Field(default=None, description="Jira issue key (e.g. PROJ-123)")
    project_id: str
    summary: str = Field(min_length=1, max_length=500)
    description: str = ""
    status: str = Field(description="Current status as the source writes it (To Do, In Progress, …)")
    assignees: list[str] = Field(default_factory=list, description="person_id values")
    priority: str | None = None
    sprint: str | None = Field(default=None, description="Current sprint")
    story_points: float | None = Field(default=None, ge=0)
    labels: list[str] = Field(default_factory=list)
    created_date: UtcDatetime
    updated_date: UtcDatetime
    due_date: UtcDatetime | None = None
    state_transitions: list[StateTransition] = Field(default_factory=list)
    comments: list[TaskComment] = Field(default_factory=list)
    is_blocker: bool = Field(
        default=False,
        description="Blocked under the product's one blocker definition (04 §3, `status.is_task_blocked`); "
        "spec 04 wins over the seed's 'blocks others' wording, which is `is_blocking` here",
    )
    is_blocking: bool = Field(default=False, description="Blocks another open task (02 §5.6)")
    blocked_by: list[str] = Field(default_factory=list, description="task_ids this task is blocked by")
    blocking: list[str] = Field(default_factory=list, description="task_ids this task is blocking")
    source_evidence: SourceEvidence = Field(default_factory=SourceEvidence)

    # ext, spec 02 §5.6
    natural_key: str | None = Field(default=None, description="`jira:<KEY>` or `sheet:<path>:<h16>` (unique)")
    origin: InputKind | None = Field(default=None, description="Reader kind that produced the record")
    origin_path: str | None = Field(default=None, description="Relative path of the source file (02 §7)")
    status_category: StatusCategory = Field(
        default=StatusCategory.TO_DO, description="02 §5.5 category; derived from `status` when absent"
    )
    issue_type: str | None = None
    reporter: str | None = Field(default=None, description="person_id of the reporter")
    resolved_date: UtcDatetime | None = None
    sprints: list[str] = Field(default_factory=list, description="Every sprint, in column order")
    components: list[str] = Field(default_factory=list)
    fix_versions: list[str] = Field(default_factory=list)
    affects_versions: list[str] = Field(default_factory=list)
    watchers: list[str] = Field(default_factory=list)
    epic_link: str | None = None
    parent_key: str | None = None
    effort: str | None = Field(default=None, description="low / medium / high, else the raw cell")
    jira_project_key: str | None = None
    dates_inferred: bool = Field(default=False, description="Dates are the file time; flow metrics skip it")
    blocked_by_keys: list[str] = Field(default_factory=list, description="Blocker keys not found in the data")
    blocking_keys: list[str] = Field(default_factory=list, description="Blocked keys not found in the data")
    content_hash: str | None = None
    opt_out: bool = False
    ingestion_job_id: str | None = Field(default=None, description="Job that last created or changed it")

    # ext, spec 04 §3 (one input of the blocker definition)
    flagged: bool = Field(default=False, description="Jira `Flagged` is set")

    @model_validator(mode="before")
    @classmethod
    def _derive_status_category(cls, data: Any) -> Any:
        """Seed-shaped documents carry no `status_category`: derive it from the built-in map."""
        if isinstance(data, dict) and "status_category" not in data and isinstance(data.get("status"), str):
            return {**data, "status_category": categorize_status(data["status"]).category}
        return data
