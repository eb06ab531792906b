"""The Drive document reader (spec 02 §2 `document`, §6, §13): one file → one `documents` record.

`DriveReader.plan` gives one unit `file`; `parse` extracts the text with provenance
(`drive_pdf`, `drive_office`, `drive_odf`, `drive_html`, `drive_text`), then yields the author's
`PersonItem`, the `DocumentItem` (record + `ExtractedText` for the index), one `WarningItem` per
warning and the `UnitDoneItem`. Any problem that voids the file raises `UnitFailed`: an extractor
crash becomes `extract_failed` naming only the exception class (recoverable), empty files
`empty_file`, binary bytes in a text file `undecodable_text`. The format is decided from the
content first; the extension only separates the text formats.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from chiefops.ingest.drive_html import extract_html
from chiefops.ingest.drive_meta import Author
from chiefops.ingest.drive_record import DocumentFacts, Place, build_document, build_person, owner_author
from chiefops.ingest.drive_sections import SectionSink
from chiefops.ingest.drive_text import extract_csv, extract_md, extract_txt
from chiefops.ingest.drive_types import DocFormat, Extraction
from chiefops.ingest.textio import UndecodableText, decode_text
from chiefops.ingest.units import (
    DocumentItem,
    InputSource,
    ParseContext,
    ProgressFn,
    SpoolItem,
    UnitDoneItem,
    UnitFailed,
    UnitPlan,
    WarningItem,
)
from chiefops.models import IngestWarning

logger = logging.getLogger(__name__)

READ_CHUNK = 1024 * 1024
EMPTY_FILE = "file is empty"
EXTRACT_FAILED = (
    "could not extract the text ({name}) — the file may be damaged or incomplete; "
    "open it, save a fresh copy and retry"
)
NOT_OFFICE_ZIP = (
    "a ZIP archive that is not a docx/xlsx/pptx or odt/ods/odp document — supported documents are "
    "pdf, docx, pptx, xlsx, odt, ods, odp, html, md, txt and csv"
)
ODF_MIME = {
    "application/vnd.oasis.opendocument.text": DocFormat.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": DocFormat.ODS,
    "application/vnd.oasis.opendocument.presentation": DocFormat.ODP,
}
OOXML_FOLDERS = (("word/", DocFormat.DOCX), ("xl/", DocFormat.XLSX), ("ppt/", DocFormat.PPTX))


# --- format -------------------------------------------------------------------------------------


def _zip_format(path: Path) -> DocFormat:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:128].decode("ascii", errors="replace").strip()
            if mimetype in ODF_MIME:
                return ODF_MIME[mimetype]
        if "[Content_Types].xml" in names:
            for folder, fmt in OOXML_FOLDERS:
                if any(name.startswith(folder) for name in names):
                    return fmt
    raise UnitFailed("unsupported_type", NOT_OFFICE_ZIP)


def sniff_binary_format(path: Path) -> DocFormat | None:
    """PDF or an office ZIP from the magic bytes; None for anything to decode as text."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"%PDF-"):
        return DocFormat.PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path)
    return None


def text_format(text: str, file_name: str) -> DocFormat:
    """HTML by its opening tags or extension; md, csv/tsv by extension; else txt."""
    suffix = PurePosixPath(file_name).suffix.lower()
    head = text[:1024].lower()
    if suffix in (".html", ".htm") or "<!doctype html" in head or "<html" in head:
        return DocFormat.HTML
    if suffix in (".md", ".markdown"):
        return DocFormat.MD
    if suffix in (".csv", ".tsv"):
        return DocFormat.CSV
    return DocFormat.TXT


# --- extraction ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extracted:
    fmt: DocFormat
    extraction: Extraction
    content_hash: str


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _extract_binary(
    fmt: DocFormat, path: Path, sink: SectionSink, ctx: ParseContext, progress: ProgressFn
) -> Extraction:
    # Imported here: pypdf, python-docx, python-pptx, openpyxl and odfpy take about half a second to
    # import, and only the worker processes extract; the server and the CLI import this module to
    # plan units and must start fast (spec 09: `serve` ready ≤ 3 s).
    from chiefops.ingest.drive_odf import extract_odp, extract_ods, extract_odt
    from chiefops.ingest.drive_office import extract_docx, extract_pptx, extract_xlsx
    from chiefops.ingest.drive_pdf import extract_pdf

    match fmt:
        case DocFormat.PDF:
            return extract_pdf(path, sink=sink, max_pages=ctx.max_pdf_pages, progress=progress)
        case DocFormat.DOCX:
            return extract_docx(path, sink=sink)
        case DocFormat.PPTX:
            return extract_pptx(path, sink=sink)
        case DocFormat.XLSX:
            return extract_xlsx(path, sink=sink, max_rows=ctx.max_rows)
        case DocFormat.ODT:
            return extract_odt(path, sink=sink)
        case DocFormat.ODS:
            return extract_ods(path, sink=sink, max_rows=ctx.max_rows)
        case DocFormat.ODP:
            return extract_odp(path, sink=sink)
    raise AssertionError(f"{fmt} is a text format")


def _extract_text(
    data: bytes, file_name: str, sink: SectionSink, ctx: ParseContext
) -> tuple[DocFormat, Extraction]:
    decoded = decode_text(data)
    if not decoded.text.strip():
        raise UnitFailed("empty_file", EMPTY_FILE)
    fmt = text_format(decoded.text, file_name)
    match fmt:
        case DocFormat.HTML:
            extraction = extract_html(decoded.text, sink=sink)
        case DocFormat.MD:
            extraction = extract_md(decoded.text, sink=sink)
        case DocFormat.CSV:
            extraction = extract_csv(
                decoded.text,
                sink=sink,
                file_name=file_name,
                max_rows=ctx.max_rows,
                max_cell_bytes=ctx.max_cell_bytes,
            )
        case _:
            extraction = extract_txt(decoded.text, sink=sink)
    warnings = list(extraction.warnings)
    if decoded.is_fallback:
        message = f"not UTF-8 or UTF-16: decoded as {decoded.encoding}"
        warnings.insert(0, IngestWarning(code="encoding_fallback", message=message))
    return fmt, replace(extraction, encoding=decoded.encoding, warnings=warnings)


def _extract(source: InputSource, place: Place, ctx: ParseContext, progress: ProgressFn) -> _Extracted:
    if source.path.stat().st_size == 0:
        raise UnitFailed("empty_file", EMPTY_FILE)
    sink = SectionSink(ctx.max_doc_text_bytes)
    fmt = sniff_binary_format(source.path)
    if fmt is None:
        data = source.path.read_bytes()
        text_fmt, extraction = _extract_text(data, place.file_name, sink, ctx)
        return _Extracted(text_fmt, extraction, hashlib.sha256(data).hexdigest())
    extraction = _extract_binary(fmt, source.path, sink, ctx, progress)
    return _Extracted(fmt, extraction, _file_sha256(source.path))


def _truncation_warning(ctx: ParseContext) -> IngestWarning:
    limit_mb = ctx.max_doc_text_bytes / (1024 * 1024)
    return IngestWarning(
        code="text_truncated",
        message=f"the extracted text exceeds {limit_mb:g} MB (CHIEFOPS_MAX_DOC_TEXT_MB); "
        "only the first part is searchable",
    )


def _items(
    source: InputSource, place: Place, ctx: ParseContext, extracted: _Extracted
) -> Iterator[SpoolItem]:
    extraction = extracted.extraction
    warnings = [*extraction.warnings, *([_truncation_warning(ctx)] if extraction.truncated else [])]
    author: Author | None = owner_author(extraction)
    facts = DocumentFacts(
        fmt=extracted.fmt,
        content_hash=extracted.content_hash,
        place=place,
        author=author,
        warning_codes=[warning.code for warning in warnings],
    )
    document, text = build_document(source, ctx, extraction, facts)
    if author is not None:
        yield build_person(author, active_at=document.modified_date)
    yield DocumentItem(doc=document, text=text)
    for warning in warnings:
        yield WarningItem(warning=warning)
    counts = {"documents": 1, "people": 0 if author is None else 1, "sections": len(text.sections)}
    yield UnitDoneItem(encoding=extraction.encoding, counts=counts)


# --- reader -------------------------------------------------------------------------------------


class DriveReader:
    """Reader for InputKind `document` (one unit `file` per document)."""

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]:
        """One unit `file`; estimate {documents: 1} plus `pages` for a readable PDF."""
        estimate = {"documents": 1}
        pages = _pdf_pages_estimate(source.path)
        if pages is not None:
            estimate["pages"] = pages
        return [UnitPlan(key="file", display=source.display, estimate=estimate)]

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        """The unit's items, or `UnitFailed` (02 §13 codes) before any item is yielded."""
        place = Place.of(source)
        progress(0, None, f"Extracting text from {place.file_name}")
        try:
            extracted = _extract(source, place, ctx, progress)
        except UnitFailed:
            raise
        except UndecodableText as exc:
            raise UnitFailed("undecodable_text", str(exc)) from exc
        except Exception as exc:  # 02 §13: an extractor crash fails this file only, by class name
            raise UnitFailed(
                "extract_failed", EXTRACT_FAILED.format(name=type(exc).__name__), recoverable=True
            ) from exc
        yield from _items(source, place, ctx, extracted)


def _pdf_pages_estimate(path: Path) -> int | None:
    """Page count of a PDF for dry runs and progress; None for other files or an unreadable PDF."""
    try:
        if sniff_binary_format(path) is not DocFormat.PDF:
            return None
        from chiefops.ingest.drive_pdf import count_pdf_pages  # lazily, as in `_extract_binary`

        return count_pdf_pages(path)
    except Exception as exc:  # an estimate only: parse() reports the file's real failure
        logger.info("drive.plan.pages_unknown", extra={"path": str(path), "error": type(exc).__name__})
        return None
