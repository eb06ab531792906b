"""`alerts`: triggered thresholds and their lifecycle (seed §13)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Record, UtcDatetime, new_id, utc_now
from chiefops.models.enums import AlertStatus


class Alert(Record):
    """A monitored metric that crossed its threshold; resolves when the condition clears."""

    alert_id: str = Field(default_factory=new_id)
    project_id: str | None = Field(default=None, description="None for global alerts")
    alert_type: str = Field(description="health_score, deadline_risk, blocked_tasks, activity_drop, …")
    condition: str = Field(description="Human-readable condition")
    threshold: float
    current_value: float
    status: AlertStatus = AlertStatus.ACTIVE
    triggered_at: UtcDatetime = Field(default_factory=utc_now)
    resolved_at: UtcDatetime | None = None
    created_by_turn_id: str | None = None
