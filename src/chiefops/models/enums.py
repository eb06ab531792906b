"""Closed value sets of the data contract, as `StrEnum`s (seed 03-DATA-MODELS plus the area specs).

Values are the stored strings; names follow the seed. Sets added by the area specs cite their section.
"""

from __future__ import annotations

from enum import StrEnum

# --- people (seed §1) ---------------------------------------------------------------------------


class SourceSystem(StrEnum):
    SLACK = "slack"
    JIRA = "jira"
    GDRIVE = "gdrive"


class RoleSource(StrEnum):
    AI_IDENTIFIED = "ai_identified"
    COO_CORRECTED = "coo_corrected"


class ActivityLevel(StrEnum):
    VERY_ACTIVE = "very_active"
    ACTIVE = "active"
    MODERATE = "moderate"
    QUIET = "quiet"
    INACTIVE = "inactive"


class PersonFlag(StrEnum):
    """Per-person flags of spec 04 §1.3."""

    SILENT_IN_PROJECT = "silent_in_project"
    GOING_QUIET = "going_quiet"
    OVERLOADED = "overloaded"
    SINGLE_POINT_OF_FAILURE = "single_point_of_failure"
    ROLE_UNCERTAIN = "role_uncertain"
    IDENTITY_UNRESOLVED = "identity_unresolved"
    DEACTIVATED = "deactivated"


# --- projects (seed §2) -------------------------------------------------------------------------


class ProjectStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    COMPLETED = "completed"


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    MISSED = "missed"


# --- tasks (seed §3, spec 02 §5.5) ---------------------------------------------------------------


class TaskSource(StrEnum):
    JIRA = "jira"
    SLACK_IDENTIFIED = "slack_identified"


class StatusCategory(StrEnum):
    """The one status category of spec 02 §5.5 (raw Jira status stays in `tasks.status`)."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"


# --- messages / channels (seed §4, spec 02 §4) ---------------------------------------------------


class MessageSource(StrEnum):
    SLACK = "slack"
    JIRA_COMMENT = "jira_comment"


class ChannelType(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    DM = "dm"


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


# --- documents (seed §5) ------------------------------------------------------------------------


class SharingScope(StrEnum):
    PRIVATE = "private"
    TEAM = "team"
    COMPANY = "company"
    EXTERNAL = "external"


class CitexStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


# --- conversation (seed §6–§10) -----------------------------------------------------------------


class TurnSource(StrEnum):
    COO_CHAT = "coo_chat"
    SLACK_MESSAGE = "slack_message"
    JIRA_COMMENT = "jira_comment"


class PageContext(StrEnum):
    MAIN_DASHBOARD = "main_dashboard"
    PROJECT_VIEW = "project_view"
    CUSTOM_DASHBOARD = "custom_dashboard"
    REPORT_PREVIEW = "report_preview"


class TurnRole(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class FactType(StrEnum):
    CORRECTION = "correction"
    DECISION = "decision"
    PREFERENCE = "preference"
    OBSERVATION = "observation"


class CompactionScope(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    ARCHIVE = "archive"


# --- dashboards (seed §11, spec 06 §3.1) --------------------------------------------------------


class WidgetType(StrEnum):
    BAR_CHART = "bar_chart"
    LINE_CHART = "line_chart"
    PIE_CHART = "pie_chart"
    GANTT = "gantt"
    TABLE = "table"
    KPI_CARD = "kpi_card"
    SUMMARY_TEXT = "summary_text"
    PERSON_GRID = "person_grid"
    TIMELINE = "timeline"
    ACTIVITY_FEED = "activity_feed"


class WidgetCreator(StrEnum):
    COO_CONVERSATION = "coo_conversation"
    SYSTEM_DEFAULT = "system_default"


class DataSource(StrEnum):
    """Collections a `DataQuery` may read (spec 06 §1); `all` only for event metrics."""

    TASKS = "tasks"
    PEOPLE = "people"
    MESSAGES = "messages"
    DOCUMENTS = "documents"
    PROJECTS = "projects"
    ALERTS = "alerts"
    ALL = "all"


class Bucket(StrEnum):
    """Date bucketing of a `DataQuery` (spec 06 §3.1)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SPRINT = "sprint"


# --- reports / alerts (seed §12–§13) ------------------------------------------------------------


class ReportType(StrEnum):
    BOARD_SUMMARY = "board_summary"
    PROJECT_STATUS = "project_status"
    TEAM_PERFORMANCE = "team_performance"
    RISK_ASSESSMENT = "risk_assessment"
    SPRINT_REPORT = "sprint_report"
    RESOURCE_UTILIZATION = "resource_utilization"
    TECHNICAL_DUE_DILIGENCE = "technical_due_diligence"
    CUSTOM = "custom"


class ReportStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"
    EXPORTED = "exported"


class AlertStatus(StrEnum):
    ACTIVE = "active"
    RESOLVED = "resolved"
    ACKNOWLEDGED = "acknowledged"


# --- ingestion (seed §14, spec 02 §2 and §11) ---------------------------------------------------


class IngestionFileType(StrEnum):
    SLACK_ZIP = "slack_zip"
    SLACK_API = "slack_api"
    JIRA_CSV = "jira_csv"
    GDRIVE_FOLDER = "gdrive_folder"


class IngestionStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class InputKind(StrEnum):
    """What detection found an input to be (spec 02 §2); also a record's `origin` reader kind."""

    SLACK_EXPORT = "slack_export"
    SLACK_API = "slack_api"
    SLACK_CAPTURE = "slack_capture"
    SLACK_MANUAL = "slack_manual"
    JIRA_CSV = "jira_csv"
    JIRA_SHEET = "jira_sheet"
    DOCUMENT = "document"
    CONTAINER = "container"


class IngestStage(StrEnum):
    """Job stages of spec 02 §11, in run order (`progress.stage` stays a seed `str`)."""

    QUEUED = "queued"
    DETECTING = "detecting"
    PARSING = "parsing"
    WRITING = "writing"
    RESOLVING_PEOPLE = "resolving_people"
    INDEXING = "indexing"
    ANALYZING = "analyzing"


class JobOutcome(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class JobTrigger(StrEnum):
    UPLOAD = "upload"
    CLI = "cli"
    RETRY = "retry"
    DEMO = "demo"


class FileStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    INGESTED = "ingested"
    UNCHANGED = "unchanged"
    PARTIAL = "partial"
    SKIPPED = "skipped"
    FAILED = "failed"


class DateOrder(StrEnum):
    """Day/month order chosen for a file's numeric dates (spec 02 §5.4)."""

    DMY = "dmy"
    MDY = "mdy"


# --- analysis (seed §15, spec 04 §0.6) ----------------------------------------------------------


class AnalysisType(StrEnum):
    PEOPLE_IDENTIFICATION = "people_identification"
    PROJECT_DETECTION = "project_detection"
    TASK_MAPPING = "task_mapping"
    GAP_DETECTION = "gap_detection"
    TECHNICAL_FEASIBILITY = "technical_feasibility"
    HEALTH_SCORE = "health_score"
    BRIEFING = "briefing"


# --- privacy and audit (spec 03 §8, §10) --------------------------------------------------------


class OptOutKind(StrEnum):
    CHANNEL = "channel"
    FILE = "file"
    PATTERN = "pattern"


class AIProvider(StrEnum):
    """Values of `CHIEFOPS_AI_PROVIDER` (spec 01 §4)."""

    LOCAL = "local"
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    CLI = "cli"


class RedactionMode(StrEnum):
    ON = "on"
    DISABLED = "disabled"
    NOT_NEEDED = "not_needed"


class AuditStatus(StrEnum):
    OK = "ok"
    ERROR = "error"
    FALLBACK = "fallback"


class ChunkSource(StrEnum):
    """Source of a knowledge-index chunk (spec 03 §2.1)."""

    SLACK = "slack"
    JIRA = "jira"
    DRIVE = "drive"
    MEMORY = "memory"
    CORRECTION = "correction"
