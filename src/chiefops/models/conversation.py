"""The memory collections: turns, facts, session and compacted summaries, streams (seed §6–§10)."""

from __future__ import annotations

from pydantic import Field, JsonValue

from chiefops.models.base import Model, Record, UtcDatetime, new_id, utc_now
from chiefops.models.enums import CompactionScope, FactType, PageContext, TurnRole, TurnSource


class ConversationTurn(Record):
    """One COO message or one assistant reply; the raw log facts and summaries are made from."""

    turn_id: str = Field(default_factory=new_id)
    stream_id: str = Field(description="Project stream or global stream")
    source: TurnSource = TurnSource.COO_CHAT
    page_context: PageContext = PageContext.MAIN_DASHBOARD
    role: TurnRole = Field(description="user = COO, assistant = ChiefOps")
    content: str
    timestamp: UtcDatetime = Field(default_factory=utc_now)
    session_id: str = Field(description="Groups turns into one sitting")
    extracted_facts: list[str] = Field(default_factory=list, description="fact_ids")
    charts_generated: list[dict[str, JsonValue]] = Field(default_factory=list, description="Chart references")
    widgets_created: list[str] = Field(default_factory=list, description="widget_ids")
    reports_generated: list[str] = Field(default_factory=list, description="report_ids")


class ConversationFact(Record):
    """A fact the COO stated; never compacted. A newer fact on the same subject+field supersedes it."""

    fact_id: str = Field(default_factory=new_id)
    stream_id: str
    project_id: str | None = Field(default=None, description="None for global facts")
    fact_type: FactType
    subject: str = Field(description="Stable key: person:<id>, project:<id>, task:<id>, …")
    field: str = Field(description="What was stated or corrected (role, deadline, assignee, …)")
    value: str = Field(description="Current / corrected value")
    previous_value: str | None = None
    established_at: UtcDatetime = Field(default_factory=utc_now)
    source_turn_id: str
    is_active: bool = Field(default=True, description="False once superseded")


class TurnRange(Model):
    """First and last turn covered by a summary."""

    start_turn_id: str
    end_turn_id: str


class SessionSummary(Record):
    """Summary of one session: the first tier of memory compaction."""

    summary_id: str = Field(default_factory=new_id)
    stream_id: str
    session_id: str
    summary_text: str
    turn_range: TurnRange
    key_topics: list[str] = Field(default_factory=list)
    facts_extracted: list[str] = Field(default_factory=list, description="fact_ids")
    compacted_into: str | None = Field(default=None, description="compacted summary_id once rolled up")


class CompactedSummary(Record):
    """Weekly, monthly or archive roll-up of summaries, with its token count for context budgeting."""

    summary_id: str = Field(default_factory=new_id)
    stream_id: str
    scope: CompactionScope
    period_start: UtcDatetime
    period_end: UtcDatetime
    summary_text: str
    token_count: int = Field(ge=0)
    source_sessions: list[str] = Field(default_factory=list, description="Rolled-up summary ids")


class ActiveSummary(Model):
    """Current rolling summary of a stream."""

    text: str = ""
    token_count: int = 0
    last_compacted: UtcDatetime | None = None


class ProjectStream(Record):
    """A conversation stream: one per project, plus the global one (`project_id=None`)."""

    stream_id: str = Field(default_factory=new_id)
    project_id: str | None = Field(default=None, description="None for the global stream")
    active_summary: ActiveSummary = Field(default_factory=ActiveSummary)
    fact_count: int = Field(default=0, ge=0)
    total_turns: int = Field(default=0, ge=0)
    last_activity_at: UtcDatetime = Field(default_factory=utc_now)
