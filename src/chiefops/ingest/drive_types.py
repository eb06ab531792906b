"""What a Drive extractor hands the record builder (spec 02 §6): formats, metadata, sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from chiefops.models import IngestWarning, TextSection


class DocFormat(StrEnum):
    """The document formats of spec 02 §2 `document`, decided from content first."""

    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    XLSX = "xlsx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"
    HTML = "html"
    MD = "md"
    TXT = "txt"
    CSV = "csv"


MIME_TYPES: dict[DocFormat, str] = {
    DocFormat.PDF: "application/pdf",
    DocFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    DocFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocFormat.ODT: "application/vnd.oasis.opendocument.text",
    DocFormat.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    DocFormat.ODP: "application/vnd.oasis.opendocument.presentation",
    DocFormat.HTML: "text/html",
    DocFormat.MD: "text/markdown",
    DocFormat.TXT: "text/plain",
    DocFormat.CSV: "text/csv",
}


@dataclass(frozen=True)
class DocMeta:
    """Author/date/title metadata as the file states it; None where the file says nothing useful.

    `author` is already the chosen candidate (e.g. docx core creator, else last_modified_by) with
    blank and tool-default values removed; dates are aware UTC.
    """

    author: str | None = None
    title: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class Extraction:
    """One document's extracted text with provenance, plus the counts its record carries."""

    sections: list[TextSection]
    meta: DocMeta = field(default_factory=DocMeta)
    first_heading: str | None = None
    truncated: bool = False
    page_count: int | None = None
    slide_count: int | None = None
    sheet_names: list[str] = field(default_factory=list)
    no_text_pages: list[int] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    encoding: str | None = None
