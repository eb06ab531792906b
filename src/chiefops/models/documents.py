"""`documents`: Drive file metadata and indexing status; the text lives in the knowledge index (seed §5, spec 02 §6)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Record, UtcDatetime, new_id
from chiefops.models.enums import CitexStatus, SharingScope


class Document(Record):
    """A Drive (or dropped) file: metadata, owner and whether search can reach it."""

    document_id: str = Field(default_factory=new_id)
    file_name: str = Field(description="Original file name")
    file_type: str = Field(description="MIME type")
    file_size: int = Field(ge=0, description="Bytes")
    owner: str = Field(description="person_id or raw name of the file owner")
    created_date: UtcDatetime
    modified_date: UtcDatetime
    sharing_scope: SharingScope = SharingScope.PRIVATE
    folder_path: str = Field(
        default="", description="Folder path relative to the input root, root name first"
    )
    citex_doc_id: str | None = None
    citex_status: CitexStatus = CitexStatus.PENDING
    project_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    content_summary: str | None = None
    is_indexed_in_rag: bool = False

    # ext, spec 02 §6
    natural_key: str | None = Field(default=None, description="`drive:<root>/<relative path>` (unique)")
    origin_path: str | None = Field(default=None, description="Relative path of the source file (02 §7)")
    content_hash: str | None = Field(default=None, description="sha256 of the file bytes")
    title: str | None = None
    page_count: int | None = Field(default=None, ge=0)
    slide_count: int | None = Field(default=None, ge=0)
    sheet_names: list[str] = Field(default_factory=list)
    char_count: int | None = Field(default=None, ge=0, description="Characters of extracted text")
    text_truncated: bool = False
    extraction_warnings: list[str] = Field(default_factory=list)
    also_at: list[str] = Field(default_factory=list, description="Other paths holding the same bytes")
    opt_out: bool = False
    ingestion_job_id: str | None = Field(default=None, description="Job that last created or changed it")
