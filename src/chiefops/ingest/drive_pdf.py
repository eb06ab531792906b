"""PDF text, page by page, with /Author, /Title and dates (spec 02 §6; no OCR).

A page with fewer than 20 characters of text has no usable text layer: it is listed in
`no_text_pages` and gets no section. A PDF where that holds for every page is still recorded
(metadata only) with warning `no_text_layer`.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from chiefops.ingest.drive_meta import clean_author, parse_pdf_date
from chiefops.ingest.drive_sections import SectionSink
from chiefops.ingest.drive_types import DocMeta, Extraction
from chiefops.ingest.units import ProgressFn, UnitFailed
from chiefops.models import IngestWarning, TextSection

MIN_PAGE_CHARS = 20
PROGRESS_EVERY = 25
"""Pages between progress reports."""

NO_TEXT_LAYER = "scanned PDFs are not read (no OCR)"
ENCRYPTED = "password-protected PDFs are not read — save an unprotected copy"
AES_UNSUPPORTED = (
    "this PDF is AES-encrypted and the 'cryptography' package is not installed — save an unprotected copy"
)


def count_pdf_pages(path: Path) -> int:
    """Page count from the page tree (cheap: no text is extracted)."""
    reader = PdfReader(path)
    _open(reader)
    return len(reader.pages)


def _open(reader: PdfReader) -> None:
    """Opens empty-password encryption; any other encryption fails the unit."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise UnitFailed("encrypted_document", AES_UNSUPPORTED) from exc
    if opened == PasswordType.NOT_DECRYPTED:
        raise UnitFailed("encrypted_document", ENCRYPTED)


def _meta(reader: PdfReader) -> DocMeta:
    info = reader.metadata
    if info is None:
        return DocMeta()
    return DocMeta(
        author=clean_author(info.author),
        title=info.title,
        created=parse_pdf_date(info.creation_date_raw),
        modified=parse_pdf_date(info.modification_date_raw),
    )


def extract_pdf(path: Path, *, sink: SectionSink, max_pages: int, progress: ProgressFn) -> Extraction:
    """One `page` section per page with a text layer; fails on > `max_pages` pages."""
    reader = PdfReader(path)
    _open(reader)
    total = len(reader.pages)
    if total > max_pages:
        raise UnitFailed(
            "too_many_pages",
            f"the PDF has {total:,} pages; the limit is {max_pages:,} (CHIEFOPS_MAX_PDF_PAGES) — "
            "split the PDF or raise the limit",
            recoverable=True,
        )
    no_text: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        if number % PROGRESS_EVERY == 0:
            progress(number, total, f"Extracting text ({number:,}/{total:,} pages)")
        text = page.extract_text().strip()
        if len(text) < MIN_PAGE_CHARS:
            no_text.append(number)
            continue
        sink.add(TextSection(text=text, page=number))
        if sink.full:
            break
    warnings = []
    if total and len(no_text) == total:
        warnings.append(IngestWarning(code="no_text_layer", message=NO_TEXT_LAYER))
    return Extraction(
        sections=sink.sections,
        meta=_meta(reader),
        truncated=sink.truncated,
        page_count=total,
        no_text_pages=no_text,
        warnings=warnings,
    )
