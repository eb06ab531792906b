"""Text extracted from a Drive document, with provenance (spec 02 §6, 03 §3.3).

Ingestion produces it; the knowledge index renders and chunks it. It is never stored in the
`documents` collection (the index keeps its own compressed copy).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chiefops.models.base import Model

SectionKind = Literal["body", "heading", "table", "notes", "slide_title"]


class TextSection(Model):
    """One unit of a document's text and where it sits (exactly one locator family is set).

    - docx/odt/md/html: `heading_path` (H1 › H2 › H3 …)
    - pdf: `page` (1-based)
    - pptx/odp: `slide` (1-based); speaker notes are separate sections with kind `notes`
    - xlsx/ods/csv: `sheet` + `row_start`/`row_end` (1-based, inclusive); `header` repeats the header row
    - txt: `line_start`/`line_end`
    """

    text: str
    kind: SectionKind = "body"
    heading_path: list[str] = Field(default_factory=list)
    page: int | None = Field(default=None, ge=1)
    slide: int | None = Field(default=None, ge=1)
    sheet: str | None = None
    sheet_hidden: bool = False
    row_start: int | None = Field(default=None, ge=1)
    row_end: int | None = Field(default=None, ge=1)
    header: str | None = Field(default=None, description="Header row text repeated for table blocks")
    line_start: int | None = Field(default=None, ge=1)
    line_end: int | None = Field(default=None, ge=1)


class ExtractedText(Model):
    """All text of one document, keyed by the document's natural key (`drive:<root>/<path>`)."""

    natural_key: str
    document_id: str
    title: str
    file_name: str
    file_type: str = Field(description="MIME type")
    sections: list[TextSection] = Field(default_factory=list)
    truncated: bool = False
    no_text_pages: list[int] = Field(default_factory=list, description="PDF pages without a text layer")
