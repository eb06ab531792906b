"""`ingestion_jobs`: one upload or CLI run, its files, stages and summary (seed §14, spec 02 §11)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Model, Record, UtcDatetime, new_id
from chiefops.models.enums import (
    DateOrder,
    FileStatus,
    IngestionFileType,
    IngestionStatus,
    InputKind,
    JobOutcome,
    JobTrigger,
)


class IngestionProgress(Model):
    """Current stage (see `IngestStage`) and overall percentage."""

    stage: str = Field(default="queued")
    percentage: float = Field(default=0.0, ge=0.0, le=100.0)


class IngestionStats(Model):
    """Records processed (new + updated + unchanged)."""

    messages_processed: int = 0
    tasks_processed: int = 0
    documents_processed: int = 0


class OptOutOptions(Model):
    """Opt-out tags given with a batch (spec 02 §10)."""

    channels: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list, description="Names or globs over the relative path")
    keywords: list[str] = Field(default_factory=list)


class IngestOptions(Model):
    """What the COO asked for with a batch (spec 02 §1)."""

    project: str | None = Field(default=None, description="Project name every input belongs to")
    channel: str | None = Field(default=None, description="Channel for manual Slack JSON")
    opt_out: OptOutOptions = Field(default_factory=OptOutOptions)
    dry_run: bool = False


class IngestWarning(Model):
    """A non-fatal problem with a file: a stable code plus a sentence naming the record."""

    code: str = Field(description="e.g. encoding_fallback, date_order_assumed, no_ts")
    message: str = ""


class FileResult(Model):
    """One input file of a job and what became of it."""

    file_id: str = Field(default_factory=new_id)
    name: str
    rel_path: str = Field(default="", description="Path relative to the dropped folder or archive")
    size: int = Field(default=0, ge=0, description="Bytes")
    sha256: str | None = None
    kind: InputKind | None = Field(default=None, description="None until detected, or when undetectable")
    status: FileStatus = FileStatus.PENDING
    code: str | None = Field(default=None, description="Failure / skip code of spec 02 §13")
    reason: str | None = None
    recoverable: bool = False
    counts: dict[str, int] = Field(default_factory=dict, description="Records by outcome, e.g. messages_new")
    warnings: list[IngestWarning] = Field(default_factory=list, description="The first 50")
    warnings_total: int = Field(default=0, ge=0)
    encoding: str | None = None
    date_order: DateOrder | None = None
    duration_s: float | None = Field(default=None, ge=0.0)


class FileCounts(Model):
    """Files of a job by final status; `ignored` = lock files, dot-files and the like."""

    total: int = 0
    ingested: int = 0
    unchanged: int = 0
    partial: int = 0
    skipped: int = 0
    failed: int = 0
    ignored: int = 0


class MessageCounts(Model):
    """Slack messages by outcome; `system` = channel events."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    system: int = 0


class CommentCounts(Model):
    """Jira comments by outcome."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


class TaskCounts(Model):
    """Tasks by outcome; `stale` = an older export than the stored one."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0


class DocumentCounts(Model):
    """Documents by outcome; `duplicate` = same bytes at another path."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0


class PeopleCounts(Model):
    """People created, refreshed, or created as placeholders."""

    new: int = 0
    updated: int = 0
    placeholders: int = 0


class ChannelCounts(Model):
    """Slack channels created or refreshed."""

    new: int = 0
    updated: int = 0


class ProjectCounts(Model):
    """Projects created, and how many of them are provisional."""

    new: int = 0
    provisional: int = 0


class OptedOutCounts(Model):
    """Records stored with `opt_out` set."""

    messages: int = 0
    tasks: int = 0
    documents: int = 0


class IndexCounts(Model):
    """Knowledge-index documents written, and those waiting for the index."""

    docs_indexed: int = 0
    pending: int = 0


class FileSummary(Model):
    """One file's line in the job summary."""

    path: str
    kind: InputKind | None = None
    status: FileStatus
    code: str | None = None
    reason: str | None = None
    recoverable: bool = False
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[IngestWarning] = Field(default_factory=list)
    sha256: str | None = None
    encoding: str | None = None
    date_order: DateOrder | None = None


class IngestSummary(Model):
    """The one summary of a job: CLI `--json`, `job.summary` and the `ingest.done` event (spec 02 §11)."""

    job_id: str
    outcome: JobOutcome
    started_at: UtcDatetime | None = None
    completed_at: UtcDatetime | None = None
    duration_s: float | None = Field(default=None, ge=0.0)
    data_as_of: UtcDatetime | None = None
    files: FileCounts = Field(default_factory=FileCounts)
    messages: MessageCounts = Field(default_factory=MessageCounts)
    jira_comments: CommentCounts = Field(default_factory=CommentCounts)
    tasks: TaskCounts = Field(default_factory=TaskCounts)
    documents: DocumentCounts = Field(default_factory=DocumentCounts)
    people: PeopleCounts = Field(default_factory=PeopleCounts)
    channels: ChannelCounts = Field(default_factory=ChannelCounts)
    projects: ProjectCounts = Field(default_factory=ProjectCounts)
    opted_out: OptedOutCounts = Field(default_factory=OptedOutCounts)
    index: IndexCounts = Field(default_factory=IndexCounts)
    warnings_total: int = Field(default=0, ge=0)
    file_results: list[FileSummary] = Field(default_factory=list)


class IngestionJob(Record):
    """A batch of inputs moving through detecting → parsing → writing → … → analyzing."""

    job_id: str = Field(default_factory=new_id)
    file_name: str = Field(description="Uploaded file or folder name")
    file_type: IngestionFileType = Field(description="Kind of the first accepted input")
    status: IngestionStatus = IngestionStatus.QUEUED
    progress: IngestionProgress = Field(default_factory=IngestionProgress)
    stats: IngestionStats = Field(default_factory=IngestionStats)
    errors: list[str] = Field(
        default_factory=list, description="`<path>: <reason>` per failed or skipped file"
    )
    started_at: UtcDatetime | None = None
    completed_at: UtcDatetime | None = None

    # ext, spec 02 §11
    outcome: JobOutcome | None = Field(default=None, description="Set when the job ends")
    triggered_by: JobTrigger = JobTrigger.UPLOAD
    retry_of: str | None = Field(default=None, description="job_id this job retries")
    options: IngestOptions = Field(default_factory=IngestOptions)
    data_as_of: UtcDatetime | None = Field(default=None, description="Newest event time in the ingested data")
    summary: IngestSummary | None = None
    files: list[FileResult] = Field(default_factory=list)
