"""Spec 02 §12–§13 for Drive documents: every bad file fails alone with a code and an actionable reason."""

from __future__ import annotations

import codecs
import random
import zipfile
from pathlib import Path

import pytest
from tests.ingest.fixtures_drive import (
    failure,
    parse_items,
    replace_zip_member,
    write_docx,
    write_encrypted_pdf,
    write_mixed_pdf,
    write_pdf,
    write_scanned_pdf,
    write_text,
    write_xlsx,
)

from chiefops.ingest.units import DocumentItem, ParseContext, SpoolItem, UnitDoneItem, WarningItem
from chiefops.models import IngestWarning

EXTRACT_FAILED = "could not extract the text ({}) — the file may be damaged or incomplete; open it, save a fresh copy and retry"


def warnings_of(items: list[SpoolItem]) -> list[IngestWarning]:
    return [item.warning for item in items if isinstance(item, WarningItem)]


def test_password_protected_pdf_fails_encrypted_document(tmp_path: Path) -> None:
    error = failure(write_encrypted_pdf(tmp_path / "salaries.pdf", user_password="secret"))
    assert (error.code, error.reason, error.recoverable) == (
        "encrypted_document",
        "password-protected PDFs are not read — save an unprotected copy",
        False,
    )


def test_pdf_encrypted_with_an_empty_user_password_is_opened(tmp_path: Path) -> None:
    items = parse_items(write_encrypted_pdf(tmp_path / "report.pdf", user_password=""))
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert [section.page for section in document.text.sections] == [1, 2, 3]


def test_pdf_without_text_layer_is_recorded_with_no_text_layer_and_no_sections(tmp_path: Path) -> None:
    items = parse_items(write_scanned_pdf(tmp_path / "scan.pdf", pages=2))
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert (document.text.sections, document.text.no_text_pages) == ([], [1, 2])
    assert (document.doc.page_count, document.doc.char_count) == (2, 0)
    assert document.doc.extraction_warnings == ["no_text_layer"]
    assert warnings_of(items) == [
        IngestWarning(code="no_text_layer", message="scanned PDFs are not read (no OCR)")
    ]


def test_truncated_pdf_fails_extract_failed_naming_only_the_exception_class(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "full.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    error = failure(tmp_path / "cut.pdf")
    assert (error.code, error.reason, error.recoverable) == (
        "extract_failed",
        EXTRACT_FAILED.format("PdfReadError"),
        True,
    )


def test_corrupt_docx_fails_extract_failed_and_is_recoverable(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "full.docx", last_modified_by="Maria").read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    error = failure(tmp_path / "cut.docx")
    assert (error.code, error.reason, error.recoverable) == (
        "extract_failed",
        EXTRACT_FAILED.format("BadZipFile"),
        True,
    )


@pytest.mark.parametrize("name", ["empty.pdf", "empty.docx", "empty.txt", "empty.csv"])
def test_zero_byte_file_fails_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    error = failure(tmp_path / name)
    assert (error.code, error.reason) == ("empty_file", "file is empty")


@pytest.mark.parametrize(
    "content", [b"  \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_whitespace_or_bom_only_file_fails_empty_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "blank.txt").write_bytes(content)
    assert failure(tmp_path / "blank.txt").code == "empty_file"


def test_random_bytes_named_txt_fail_undecodable_text(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(random.Random(7).randbytes(4096))
    error = failure(tmp_path / "notes.txt")
    assert (error.code, error.reason) == (
        "undecodable_text",
        "not text in any supported encoding (binary content)",
    )


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_text_with_bom_is_decoded_and_its_encoding_reported(
    tmp_path: Path, bom: bytes, codec: str
) -> None:
    (tmp_path / "notes.txt").write_bytes(bom + "Café – naïve plan\n".encode(codec))
    items = parse_items(tmp_path / "notes.txt")
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert [section.text for section in document.text.sections] == ["Café – naïve plan"]
    assert isinstance(items[-1], UnitDoneItem)
    assert items[-1].encoding == "utf-16"
    assert warnings_of(items) == []


def test_cp1252_text_is_ingested_with_an_encoding_fallback_warning(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "memo.txt", "“Budget” is €5 – final", encoding="cp1252"))
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert document.text.sections[0].text == "“Budget” is €5 – final"
    assert document.doc.extraction_warnings == ["encoding_fallback"]
    assert warnings_of(items) == [
        IngestWarning(code="encoding_fallback", message="not UTF-8 or UTF-16: decoded as cp1252")
    ]


def test_pdf_over_the_page_limit_fails_too_many_pages_naming_the_setting(tmp_path: Path) -> None:
    error = failure(write_pdf(tmp_path / "long.pdf", pages=3), ctx=ParseContext(job_id="j", max_pdf_pages=2))
    assert (error.code, error.reason) == (
        "too_many_pages",
        "the PDF has 3 pages; the limit is 2 (CHIEFOPS_MAX_PDF_PAGES) — split the PDF or raise the limit",
    )


def test_sheet_over_the_row_limit_fails_too_many_rows(tmp_path: Path) -> None:
    error = failure(write_xlsx(tmp_path / "budget.xlsx", rows=3), ctx=ParseContext(job_id="j", max_rows=2))
    assert (error.code, error.reason) == (
        "too_many_rows",
        "sheet 'Budget' has more than 2 data rows, the limit (CHIEFOPS_MAX_ROWS) — split the file or raise the limit",
    )


def test_text_over_the_limit_is_cut_and_the_record_marked_truncated(tmp_path: Path) -> None:
    content = "\n\n".join(f"Paragraph {n} " + "x" * 90 for n in range(10))
    ctx = ParseContext(job_id="j", max_doc_text_bytes=250)
    items = parse_items(write_text(tmp_path / "long.txt", content), ctx=ctx)
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert (document.doc.text_truncated, document.text.truncated, document.doc.char_count) == (
        True,
        True,
        250,
    )
    assert [warning.code for warning in warnings_of(items)] == ["text_truncated"]


def test_zip_that_is_no_office_document_fails_unsupported_type(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bundle.docx", "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert failure(tmp_path / "bundle.docx").code == "unsupported_type"


def _docx_with_dtd(path: Path, *, entities: str, reference: str) -> Path:
    """The fixture docx with a DOCTYPE declaring `entities` and `reference` in its second paragraph."""
    with zipfile.ZipFile(path) as archive:
        head, body = archive.read("word/document.xml").decode().split("?>", 1)
    body = body.replace("Three milestones are planned.", f"Three milestones {reference}")
    return replace_zip_member(
        path, "word/document.xml", f"{head}?>\n<!DOCTYPE w:document [{entities}]>{body}".encode()
    )


def test_docx_entities_are_never_expanded_nor_external_files_read(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "xxe.docx", last_modified_by="Maria")
    entities = '<!ENTITY inner "INTERNAL"><!ENTITY outer SYSTEM "file:///etc/passwd">'
    _docx_with_dtd(path, entities=entities, reference="&inner;&outer;")
    [document] = [item for item in parse_items(path) if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert [section.text for section in document.text.sections][:2] == [
        "This plan covers the Q3 launch of Alpha.",
        "Three milestones",
    ]


def test_docx_entity_expansion_bomb_fails_extract_failed(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "bomb.docx", last_modified_by="Maria")
    levels = ['<!ENTITY e0 "ha">'] + [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 9)]
    _docx_with_dtd(path, entities="".join(levels), reference="&e8;")
    error = failure(path)
    assert (error.code, error.reason) == ("extract_failed", EXTRACT_FAILED.format("XMLSyntaxError"))


def test_pdf_page_without_text_is_listed_but_needs_no_warning_when_others_have_text(tmp_path: Path) -> None:
    items = parse_items(write_mixed_pdf(tmp_path / "mixed.pdf"))
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    assert document.text is not None
    assert ([s.page for s in document.text.sections], document.text.no_text_pages) == ([1], [2])
    assert warnings_of(items) == []
