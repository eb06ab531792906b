"""Every collection the Store knows, declared once: model, id field, natural key and indexes.

Seed collections carry exactly the indexes of seed 03-DATA-MODELS §16, in the seed's order (a test
compares them with the seed's own lines); indexes the area specs add follow, marked `# ext`. A
natural key marked `sparse` indexes only documents that have one (seed-shaped documents may not).
"""

from __future__ import annotations

from chiefops.models.alerts import Alert
from chiefops.models.analysis import AnalysisResult
from chiefops.models.audit import AIAuditRecord
from chiefops.models.base import Record
from chiefops.models.conversation import (
    CompactedSummary,
    ConversationFact,
    ConversationTurn,
    ProjectStream,
    SessionSummary,
)
from chiefops.models.dashboards import DashboardWidget
from chiefops.models.documents import Document
from chiefops.models.ingestion import IngestionJob
from chiefops.models.messages import Channel, Message, MessageRollup
from chiefops.models.people import Person
from chiefops.models.privacy import OptOutTag
from chiefops.models.projects import Project
from chiefops.models.registry import CollectionSpec, idx, text
from chiefops.models.reports import Report
from chiefops.models.settings import Setting
from chiefops.models.tasks import Task

_NATURAL_KEY = idx(("natural_key", 1), unique=True, sparse=True)

_SPECS: tuple[CollectionSpec, ...] = (
    CollectionSpec(
        name="people",
        model=Person,
        id_field="person_id",
        description="People resolved across Slack, Jira and Drive",
        indexes=(
            idx(("person_id", 1), unique=True),
            idx(("email", 1), sparse=True),
            idx(("slack_user_id", 1), sparse=True),
            idx(("jira_username", 1), sparse=True),
            idx(("activity_level", 1), ("last_active_date", -1)),
            idx(("department", 1)),
            idx(("source_ids.source", 1), ("source_ids.source_id", 1)),
            idx(("projects", 1)),
            text("name", "email"),
        ),
    ),
    CollectionSpec(
        name="projects",
        model=Project,
        id_field="project_id",
        description="Projects detected from Jira keys and Slack channels",
        indexes=(
            idx(("project_id", 1), unique=True),
            idx(("status", 1), ("health_score", 1)),
            idx(("jira_project_keys", 1)),
            idx(("slack_channels", 1)),
            idx(("health_score", 1)),
            text("name", "description"),
        ),
    ),
    CollectionSpec(
        name="tasks",
        model=Task,
        id_field="task_id",
        natural_key="natural_key",
        description="Jira issues and Slack-identified assignments",
        indexes=(
            idx(("task_id", 1), unique=True),
            idx(("jira_key", 1), sparse=True),
            idx(("project_id", 1), ("status", 1)),
            idx(("assignees", 1), ("status", 1)),
            idx(("is_blocker", 1), ("project_id", 1)),
            idx(("project_id", 1), ("priority", 1)),
            idx(("sprint", 1), ("status", 1)),
            idx(("due_date", 1), sparse=True),
            idx(("source", 1)),
            _NATURAL_KEY,  # ext, 02 §5.6
        ),
    ),
    CollectionSpec(
        name="messages",
        model=Message,
        id_field="message_id",
        natural_key="natural_key",
        text_owner="knowledge",
        description="Slack messages and Jira comments; their text is searched through the knowledge index",
        indexes=(
            idx(("message_id", 1), unique=True),
            idx(("channel", 1), ("timestamp", -1)),
            idx(("author", 1), ("timestamp", -1)),
            idx(("project_id", 1), ("timestamp", -1)),
            idx(("thread_id", 1)),
            idx(("has_task_assignment", 1), ("timestamp", -1)),
            idx(("sentiment", 1), ("project_id", 1)),
            text("text"),
            _NATURAL_KEY,  # ext, 02 §4.3
        ),
    ),
    CollectionSpec(
        name="documents",
        model=Document,
        id_field="document_id",
        natural_key="natural_key",
        description="Drive file metadata and indexing status",
        indexes=(
            idx(("document_id", 1), unique=True),
            idx(("citex_status", 1)),
            idx(("project_id", 1)),
            idx(("owner", 1)),
            idx(("is_indexed_in_rag", 1)),
            idx(("file_type", 1)),
            text("file_name", "content_summary"),
            _NATURAL_KEY,  # ext, 02 §6
        ),
    ),
    CollectionSpec(
        name="conversation_turns",
        model=ConversationTurn,
        id_field="turn_id",
        description="Every COO message and assistant reply",
        indexes=(
            idx(("turn_id", 1), unique=True),
            idx(("stream_id", 1), ("timestamp", -1)),
            idx(("session_id", 1), ("timestamp", 1)),
            idx(("timestamp", -1)),
        ),
    ),
    CollectionSpec(
        name="conversation_facts",
        model=ConversationFact,
        id_field="fact_id",
        description="Facts and corrections the COO stated; never compacted",
        indexes=(
            idx(("fact_id", 1), unique=True),
            idx(("stream_id", 1), ("is_active", 1)),
            idx(("project_id", 1), ("is_active", 1)),
            idx(("subject", 1), ("field", 1), ("is_active", 1)),
            idx(("fact_type", 1), ("is_active", 1)),
            idx(("source_turn_id", 1)),
        ),
    ),
    CollectionSpec(
        name="session_summaries",
        model=SessionSummary,
        id_field="summary_id",
        description="One summary per conversation session",
        indexes=(
            idx(("summary_id", 1), unique=True),
            idx(("stream_id", 1), ("created_at", -1)),
            idx(("compacted_into", 1)),
            idx(("session_id", 1)),
        ),
    ),
    CollectionSpec(
        name="compacted_summaries",
        model=CompactedSummary,
        id_field="summary_id",
        description="Weekly, monthly and archive roll-ups of summaries",
        indexes=(
            idx(("summary_id", 1), unique=True),
            idx(("stream_id", 1), ("scope", 1), ("period_end", -1)),
        ),
    ),
    CollectionSpec(
        name="project_streams",
        model=ProjectStream,
        id_field="stream_id",
        description="One conversation stream per project plus the global one",
        indexes=(
            idx(("stream_id", 1), unique=True),
            idx(("project_id", 1), unique=True),
        ),
    ),
    CollectionSpec(
        name="dashboard_widgets",
        model=DashboardWidget,
        id_field="widget_id",
        description="Widgets; a dashboard is the widgets sharing a dashboard_id",
        indexes=(
            idx(("widget_id", 1), unique=True),
            idx(("dashboard_id", 1)),
        ),
    ),
    CollectionSpec(
        name="reports",
        model=Report,
        id_field="report_id",
        description="Generated reports and their edit history",
        indexes=(
            idx(("report_id", 1), unique=True),
            idx(("project_id", 1), ("generated_at", -1)),
            idx(("report_type", 1), ("status", 1)),
            idx(("generated_at", -1)),
        ),
    ),
    CollectionSpec(
        name="alerts",
        model=Alert,
        id_field="alert_id",
        description="Triggered alerts and their lifecycle",
        indexes=(
            idx(("alert_id", 1), unique=True),
            idx(("status", 1), ("triggered_at", -1)),
            idx(("project_id", 1), ("status", 1)),
        ),
    ),
    CollectionSpec(
        name="ingestion_jobs",
        model=IngestionJob,
        id_field="job_id",
        description="Ingestion runs, their files and summaries",
        indexes=(
            idx(("job_id", 1), unique=True),
            idx(("status", 1), ("created_at", -1)),
        ),
    ),
    CollectionSpec(
        name="analysis_results",
        model=AnalysisResult,
        id_field="analysis_id",
        description="Cached analysis output keyed by data snapshot hash",
        indexes=(
            idx(("analysis_id", 1), unique=True),
            idx(("analysis_type", 1), ("project_id", 1), ("is_stale", 1)),
            idx(("data_snapshot_hash", 1)),
        ),
    ),
    # --- collections added by the area specs -------------------------------------------------------
    CollectionSpec(
        name="settings",
        model=Setting,
        id_field="key",
        natural_key="key",
        description="Run-time settings the COO changes (01 §3)",
        indexes=(idx(("key", 1), unique=True),),
    ),
    CollectionSpec(
        name="channels",
        model=Channel,
        id_field="channel_id",
        natural_key="channel_id",
        description="Slack channels with rename history (02 §4.2)",
        indexes=(
            idx(("channel_id", 1), unique=True),
            idx(("name", 1)),
            idx(("project_id", 1)),
        ),
    ),
    CollectionSpec(
        name="message_rollups",
        model=MessageRollup,
        id_field="rollup_key",
        natural_key="rollup_key",
        description="Messages per day × project × channel × author (02 §4.2, 06 §3.5)",
        indexes=(
            idx(("rollup_key", 1), unique=True),
            idx(("project_id", 1), ("day", 1)),
            idx(("channel", 1), ("day", 1)),
            idx(("author", 1), ("day", 1)),
        ),
    ),
    CollectionSpec(
        name="opt_out_tags",
        model=OptOutTag,
        id_field="tag_id",
        description="Channels, files and patterns kept out of the index and prompts (03 §8)",
        indexes=(
            idx(("tag_id", 1), unique=True),
            idx(("kind", 1), ("value", 1)),
        ),
    ),
    CollectionSpec(
        name="ai_audit_log",
        model=AIAuditRecord,
        id_field="audit_id",
        description="One record per AI provider call (03 §10)",
        indexes=(
            idx(("audit_id", 1), unique=True),
            idx(("created_at", -1)),
            idx(("conversation_id", 1), ("created_at", -1)),
        ),
    ),
)

COLLECTIONS: dict[str, CollectionSpec] = {spec.name: spec for spec in _SPECS}
"""Collection name → its spec, in declaration order (the seed's fifteen first)."""

SEED_COLLECTIONS: tuple[str, ...] = tuple(spec.name for spec in _SPECS[:15])
"""The fifteen collections of seed 03-DATA-MODELS, in the seed's order."""

_BY_MODEL: dict[type[Record], CollectionSpec] = {spec.model: spec for spec in _SPECS}


class UnknownModel(LookupError):
    """A model class that no collection stores."""


def spec_for(model: type[Record]) -> CollectionSpec:
    """The collection that stores `model`; raises `UnknownModel` for an unregistered class."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        known = ", ".join(sorted(cls.__name__ for cls in _BY_MODEL))
        raise UnknownModel(
            f"{model.__name__} is not stored in any collection; stored models: {known}"
        ) from None
