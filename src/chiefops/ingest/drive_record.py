"""A Drive document's `documents` record and its owner's `people` record (spec 02 §6, §4.6, §8).

Everything here is a pure function of the file's place (`InputSource`), its bytes' hash and
what the extractor found, so parsing a file twice gives identical items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath

from chiefops.ingest.drive_meta import Author, choose_title, parse_author
from chiefops.ingest.drive_types import MIME_TYPES, DocFormat, Extraction
from chiefops.ingest.units import InputSource, ParseContext, PersonItem, person_ref_id
from chiefops.models import (
    CitexStatus,
    Document,
    ExtractedText,
    Person,
    SharingScope,
    SourceReference,
    SourceSystem,
    derived_id,
)

UNKNOWN_OWNER = "unknown"
OWNER_ROLE = "team_member"

TAG_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("okr", ("okr", "okrs", "objectives", "key results", "kpi", "kpis")),
    ("process", ("process", "processes", "procedure", "procedures", "sop", "sops", "playbook", "runbook",
                 "workflow", "workflows", "checklist", "guidelines", "how to")),
    ("architecture", ("architecture", "design doc", "system design", "technical design", "tech spec", "adr",
                      "rfc", "infrastructure", "diagram")),
    ("planning", ("plan", "plans", "planning", "roadmap", "roadmaps", "sprint", "sprints", "milestone",
                  "milestones", "timeline", "schedule", "backlog", "quarterly plan")),
    ("meeting_notes", ("meeting", "meetings", "minutes", "standup", "stand up", "retro", "retrospective",
                       "agenda", "all hands", "one on one", "1 1")),
    ("hr", ("hr", "human resources", "hiring", "recruiting", "onboarding", "offboarding", "salary", "salaries",
            "compensation", "payroll", "benefits", "handbook", "headcount", "pto", "performance review")),
    ("financial", ("finance", "financial", "financials", "budget", "budgets", "forecast", "revenue", "expenses",
                   "invoice", "invoices", "p&l", "pnl", "pricing", "billing", "accounting", "burn", "runway")),
)  # fmt: skip
"""Tag → words or phrases that earn it when they appear in the folder path, file name or title."""

_WORDS = re.compile(r"[a-z0-9&]+")


def compute_tags(*texts: str) -> list[str]:
    """Tags of `TAG_KEYWORDS` whose word or phrase occurs (whole words, case-insensitive), in table order."""
    words = " " + " ".join(word for text in texts for word in _WORDS.findall(text.lower())) + " "
    return [tag for tag, phrases in TAG_KEYWORDS if any(f" {phrase} " in words for phrase in phrases)]


@dataclass(frozen=True)
class Place:
    """Where a file sits: `drive:<root>/<rel_path>` and its folder path, root name first."""

    natural_key: str
    path: str
    folder_path: str
    file_name: str
    stem: str

    @classmethod
    def of(cls, source: InputSource) -> Place:
        rel = PurePosixPath(source.rel_path.replace("\\", "/"))
        path = "/".join(part for part in (source.root, str(rel)) if part and part != ".")
        folder = "/".join(part for part in (source.root, str(rel.parent)) if part and part != ".")
        name = rel.name or source.path.name
        return cls(
            natural_key=f"drive:{path}",
            path=path,
            folder_path=folder,
            file_name=name,
            stem=PurePosixPath(name).stem or name,
        )


def _fallback_time(source: InputSource, ctx: ParseContext) -> datetime:
    """Entry/file time, else the data's as-of time, else the file's mtime on disk (02 §6)."""
    for epoch in (source.modified_at_epoch, ctx.data_as_of_epoch):
        if epoch is not None:
            return datetime.fromtimestamp(epoch, tz=UTC)
    return datetime.fromtimestamp(source.path.stat().st_mtime, tz=UTC)


def document_dates(
    extraction: Extraction, source: InputSource, ctx: ParseContext
) -> tuple[datetime, datetime]:
    """(created, modified): metadata first, then file times; modified is never before created."""
    meta = extraction.meta
    modified = meta.modified or _fallback_time(source, ctx)
    created = meta.created or meta.modified or modified
    return created, max(created, modified)


def owner_author(extraction: Extraction) -> Author | None:
    """The owner named by the metadata (02 §6), split into name and email."""
    return parse_author(extraction.meta.author) if extraction.meta.author else None


def build_person(author: Author, *, active_at: datetime) -> PersonItem:
    """The document author as a gdrive person (source id = email, else name; 02 §4.6)."""
    name = (author.name or author.email or "")[:200]
    return PersonItem(
        doc=Person(
            person_id=person_ref_id(SourceSystem.GDRIVE, author.source_id),
            name=name,
            email=author.email,
            source_ids=[SourceReference(source=SourceSystem.GDRIVE, source_id=author.source_id)],
            role=OWNER_ROLE,
            last_active_date=active_at,
            created_at=active_at,
            updated_at=active_at,
        )
    )


@dataclass(frozen=True)
class DocumentFacts:
    """What the record needs besides the extraction: format, bytes and where the file sits."""

    fmt: DocFormat
    content_hash: str
    place: Place
    author: Author | None
    warning_codes: list[str]


def build_document(
    source: InputSource, ctx: ParseContext, extraction: Extraction, facts: DocumentFacts
) -> tuple[Document, ExtractedText]:
    """The `documents` record (document_id = derived_id(natural key)) and its text for the index."""
    place = facts.place
    title = choose_title(extraction.meta.title, extraction.first_heading, place.stem)
    created, modified = document_dates(extraction, source, ctx)
    author = facts.author
    document = Document(
        document_id=derived_id(place.natural_key),
        file_name=place.file_name,
        file_type=MIME_TYPES[facts.fmt],
        file_size=source.size_bytes,
        owner=person_ref_id(SourceSystem.GDRIVE, author.source_id) if author else UNKNOWN_OWNER,
        created_date=created,
        modified_date=modified,
        sharing_scope=SharingScope.PRIVATE,
        folder_path=place.folder_path,
        citex_status=CitexStatus.PENDING,
        tags=compute_tags(place.folder_path, place.file_name, title),
        natural_key=place.natural_key,
        origin_path=place.path,
        content_hash=facts.content_hash,
        title=title,
        page_count=extraction.page_count,
        slide_count=extraction.slide_count,
        sheet_names=extraction.sheet_names,
        char_count=sum(len(section.text) for section in extraction.sections),
        text_truncated=extraction.truncated,
        extraction_warnings=facts.warning_codes,
        ingestion_job_id=ctx.job_id,
        created_at=created,
        updated_at=modified,
    )
    return document, _extracted_text(document, extraction, natural_key=place.natural_key, title=title)


def _extracted_text(
    document: Document, extraction: Extraction, *, natural_key: str, title: str
) -> ExtractedText:
    """The text handed to the knowledge index, keyed like its record."""
    return ExtractedText(
        natural_key=natural_key,
        document_id=document.document_id,
        title=title,
        file_name=document.file_name,
        file_type=document.file_type,
        sections=extraction.sections,
        truncated=extraction.truncated,
        no_text_pages=extraction.no_text_pages,
    )
