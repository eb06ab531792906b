"""Drive documents → one document per file, keyed by its natural key `drive:<root>/<path>` (03 §3.3).

Sections become parts with their provenance: DOCX/ODT/MD/HTML by heading path (a new H1 is a hard
boundary, a new section a soft one), PDF by page (pages with < 20 characters skipped), PPTX/ODP one
part per slide with its notes (small slides pack together), sheets by row group with the header row
repeated, TXT by paragraphs with line ranges. The parts are kept with the doc in the index, so a
rebuild re-renders them with fresh metadata and never needs the upload (`render_document`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from chiefops.knowledge.models import DocPart, Source, SourceDoc
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.text import clip, format_day
from chiefops.models import Document, ExtractedText, TextSection

MIN_PAGE_CHARS = 20
HEADING_SEP = " › "


def _page_part(section: TextSection) -> DocPart | None:
    if len(section.text.strip()) < MIN_PAGE_CHARS:
        return None
    unit = f"page:{section.page}"
    return DocPart(text=section.text, unit=unit, section=unit, locator={"page": section.page})


def _slide_parts(sections: Sequence[TextSection]) -> list[DocPart]:
    parts = []
    for slide, group in groupby(sections, key=lambda s: s.slide):
        lines = []
        for section in group:
            text = section.text.strip()
            if text:
                lines.append(f"Notes: {text}" if section.kind == "notes" else text)
        if lines:
            parts.append(
                DocPart(text="\n".join(lines), unit="deck", section="deck", locator={"slide": slide})
            )
    return parts


def _sheet_part(section: TextSection) -> DocPart:
    unit = f"sheet:{section.sheet}"
    locator: dict[str, object] = {
        "sheet": section.sheet,
        "row_start": section.row_start,
        "row_end": section.row_end,
    }
    return DocPart.model_validate(
        {
            "text": section.text,
            "prefix": section.header or "",
            "split": "rows",
            "unit": unit,
            "section": unit,
            "locator": {k: v for k, v in locator.items() if v is not None},
        }
    )


def _line_part(section: TextSection) -> DocPart:
    return DocPart(
        text=section.text,
        unit="text",
        section="text",
        locator={"line_start": section.line_start, "line_end": section.line_end or section.line_start},
    )


def _heading_part(section: TextSection) -> DocPart:
    path = list(section.heading_path)
    is_table = section.kind == "table" and bool(section.header)
    return DocPart(
        text=section.text,
        prefix=(section.header or "") if is_table else "",
        split="rows" if is_table else "text",
        unit=path[0] if path else "",
        section=HEADING_SEP.join(path),
        locator={"heading_path": list(path)} if path else {},
    )


def sections_to_parts(text: ExtractedText) -> list[DocPart]:
    """Parts in document order, each with its page / slide / sheet+rows / lines / heading path."""
    slides = [s for s in text.sections if s.slide is not None]
    parts: list[DocPart] = _slide_parts(slides)
    for section in text.sections:
        if section.slide is not None or not section.text.strip():
            continue
        if section.page is not None:
            page = _page_part(section)
            if page is not None:
                parts.append(page)
        elif section.sheet is not None:
            parts.append(_sheet_part(section))
        elif section.line_start is not None:
            parts.append(_line_part(section))
        else:
            parts.append(_heading_part(section))
    return parts


def drive_folder_file(document: Document) -> str:
    """`<folder path>/<file name>`: what file opt-out globs are matched against."""
    return f"{document.folder_path}/{document.file_name}".lstrip("/")


def _header(document: Document, title: str, ctx: RenderContext) -> tuple[str, str]:
    stem = document.file_name.rsplit(".", 1)[0]
    line1 = f'Drive "{document.file_name}"' + ("" if title.casefold() == stem.casefold() else f" · {title}")
    owner = ctx.name(document.owner) if document.owner in ctx.people else document.owner
    facts = [
        ctx.project_label(document.project_id),
        f"Folder: {document.folder_path}" if document.folder_path else None,
        f"Owner: {owner}" if owner and owner != "unknown" else None,
        f"Modified {format_day(document.modified_date, ctx.zone)}",
    ]
    return line1, " · ".join(f for f in facts if f)


def _base(document: Document, title: str, warnings: Sequence[str]) -> SourceDoc:
    return SourceDoc(
        doc_key=document.natural_key or f"drive:{drive_folder_file(document)}",
        source=Source.DRIVE,
        project_id=document.project_id,
        title=title,
        locator={
            "document_id": document.document_id,
            "file_name": document.file_name,
            "folder_path": document.folder_path,
        },
        warnings=list(warnings),
    )


def render_document(
    document: Document, parts: Sequence[DocPart], *, ctx: RenderContext, warnings: Sequence[str] = ()
) -> SourceDoc:
    """The Drive doc for `document` from its parts (fresh from `sections_to_parts`, or as stored)."""
    title = document.title or document.file_name
    doc = _base(document, title, warnings)
    if ctx.matcher.matches_file(
        document.origin_path, drive_folder_file(document), document.file_name, document.document_id
    ):
        return doc.model_copy(update={"skip": "opted_out", "parts": list(parts)})
    if not any(p.text.strip() for p in parts):
        return doc.model_copy(update={"skip": "empty", "parts": list(parts)})
    line1, facts = _header(document, title, ctx)
    owner_is_person = document.owner in ctx.people and not ctx.is_bot(document.owner)
    owner = ctx.name(document.owner) if owner_is_person else document.owner
    meta = [
        document.file_name,
        document.folder_path,
        *ctx.project_terms(document.project_id),
        owner,
        *document.tags,
    ]
    return doc.model_copy(
        update={
            "header_title": clip(line1, 160),
            "header_facts": facts,
            "overlap": True,
            "joiner": "\n\n",
            "ts_start": document.created_date,
            "ts_end": document.modified_date,
            "authors": [document.owner] if owner_is_person else [],
            "meta": " ".join(meta),
            "parts": list(parts),
        }
    )


def extraction_warnings(text: ExtractedText) -> list[str]:
    """Notes a reader should see: PDF pages without a text layer, text cut at the size limit."""
    warnings = []
    if text.no_text_pages:
        pages = ", ".join(str(p) for p in text.no_text_pages)
        warnings.append(f"{text.file_name}: no text layer on page(s) {pages}")
    if text.truncated:
        warnings.append(f"{text.file_name}: text was cut at the size limit")
    return warnings
