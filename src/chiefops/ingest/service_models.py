"""What `IngestService` returns to its two shells (API and CLI) besides the seed models."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chiefops.models import (
    IngestionFileType,
    IngestionJob,
    IngestionProgress,
    IngestionStats,
    IngestionStatus,
    IngestOptions,
    IngestSummary,
    JobOutcome,
    JobTrigger,
    UtcDatetime,
)


class RejectedFile(BaseModel):
    name: str
    code: str
    reason: str


class UploadAccepted(BaseModel):
    """`202` of `POST /api/v1/ingest/upload`."""

    job_id: str
    status: IngestionStatus = IngestionStatus.QUEUED
    files_accepted: int = Field(ge=0)
    files_rejected: list[RejectedFile] = Field(default_factory=list)
    total_size_bytes: int = Field(ge=0)
    events_url: str


class PreviewEstimate(BaseModel):
    channels: int = 0
    messages: int = 0
    rows: int = 0
    documents: int = 0


class PreviewInput(BaseModel):
    path: str
    kind: str
    size: int
    estimate: PreviewEstimate


class PreviewSkipped(BaseModel):
    path: str
    code: str
    reason: str


class IngestPreview(BaseModel):
    """`--dry-run` / `dry_run=true`: detection only, nothing written (02 §14)."""

    inputs: list[PreviewInput] = Field(default_factory=list)
    skipped: list[PreviewSkipped] = Field(default_factory=list)


class RetryAccepted(BaseModel):
    job_id: str
    retry_of: str


class JobBrief(BaseModel):
    """A job in a list: everything but its per-file results."""

    job_id: str
    file_name: str
    file_type: IngestionFileType
    status: IngestionStatus
    progress: IngestionProgress
    stats: IngestionStats
    errors: list[str]
    started_at: UtcDatetime | None
    completed_at: UtcDatetime | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    outcome: JobOutcome | None
    triggered_by: JobTrigger
    retry_of: str | None
    options: IngestOptions
    data_as_of: UtcDatetime | None
    files_total: int
    summary: IngestSummary | None

    @classmethod
    def of(cls, job: IngestionJob) -> JobBrief:
        summary = job.summary.model_copy(update={"file_results": []}) if job.summary else None
        fields = job.model_dump(exclude={"files", "summary"})
        return cls(**fields, files_total=len(job.files), summary=summary)
