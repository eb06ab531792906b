"""Spec 02 §6 / §8: the document record — keys, place, hash, owner, dates, tags — and determinism."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.ingest.fixtures_drive import (
    CREATED,
    FILE_TIME,
    JOB_ID,
    MARKDOWN,
    MODIFIED,
    parse_items,
    source_for,
    write_docx,
    write_pdf,
    write_pptx,
    write_text,
    write_xlsx,
)

from chiefops.ingest.drive import DriveReader
from chiefops.ingest.units import DocumentItem, ParseContext, PersonItem, SpoolItem, UnitPlan, person_ref_id
from chiefops.models import CitexStatus, Document, SharingScope, SourceReference, SourceSystem, derived_id


def record(items: list[SpoolItem]) -> Document:
    [document] = [item.doc for item in items if isinstance(item, DocumentItem)]
    return document


def people(items: list[SpoolItem]) -> list[PersonItem]:
    return [item for item in items if isinstance(item, PersonItem)]


def test_natural_key_and_folder_path_start_with_the_root_name(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "plan.docx", last_modified_by="Maria Garcia")
    document = record(parse_items(path, rel_path="Plans/Q3/plan.docx"))
    assert (document.natural_key, document.folder_path, document.origin_path) == (
        "drive:Lumen Drive/Plans/Q3/plan.docx",
        "Lumen Drive/Plans/Q3",
        "Lumen Drive/Plans/Q3/plan.docx",
    )
    assert document.document_id == derived_id("drive:Lumen Drive/Plans/Q3/plan.docx")


def test_record_defaults_follow_the_spec(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "plan.docx", last_modified_by="Maria Garcia")
    document = record(parse_items(path))
    assert (document.sharing_scope, document.citex_status, document.is_indexed_in_rag) == (
        SharingScope.PRIVATE,
        CitexStatus.PENDING,
        False,
    )
    assert (document.content_summary, document.file_size, document.ingestion_job_id) == (
        None,
        path.stat().st_size,
        JOB_ID,
    )


def test_same_bytes_under_two_names_have_the_same_content_hash(tmp_path: Path) -> None:
    original = write_pdf(tmp_path / "review.pdf")
    copy = tmp_path / "copy of review.pdf"
    shutil.copyfile(original, copy)
    first, second = record(parse_items(original)), record(parse_items(copy))
    assert first.content_hash == second.content_hash
    assert first.natural_key != second.natural_key


@pytest.mark.parametrize(
    "write",
    [
        lambda p: write_docx(p / "plan.docx", last_modified_by="Maria Garcia"),
        lambda p: write_xlsx(p / "budget.xlsx"),
        lambda p: write_pdf(p / "review.pdf"),
        lambda p: write_text(p / "notes.md", MARKDOWN),
    ],
    ids=["docx", "xlsx", "pdf", "md"],
)
def test_parsing_the_same_file_twice_gives_identical_items(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    path = write(tmp_path)
    first = [item.model_dump() for item in parse_items(path)]
    assert [item.model_dump() for item in parse_items(path)] == first


def test_owner_is_the_last_modifier_when_the_creator_is_empty(tmp_path: Path) -> None:
    items = parse_items(write_docx(tmp_path / "plan.docx", creator="", last_modified_by="Maria Garcia"))
    maria = person_ref_id(SourceSystem.GDRIVE, "Maria Garcia")
    assert record(items).owner == maria
    [person] = people(items)
    assert (person.doc.person_id, person.doc.name, person.doc.email) == (maria, "Maria Garcia", None)
    assert person.doc.source_ids == [SourceReference(source=SourceSystem.GDRIVE, source_id="Maria Garcia")]


def test_owner_is_the_creator_when_both_are_set(tmp_path: Path) -> None:
    items = parse_items(
        write_docx(tmp_path / "plan.docx", creator="Raj Patel", last_modified_by="Maria Garcia")
    )
    assert record(items).owner == person_ref_id(SourceSystem.GDRIVE, "Raj Patel")


def test_author_with_email_is_keyed_by_the_lowercased_email(tmp_path: Path) -> None:
    items = parse_items(write_pptx(tmp_path / "deck.pptx", author="Priya Nair <Priya.Nair@LumenLabs.io>"))
    [person] = people(items)
    assert (person.doc.name, person.doc.email) == ("Priya Nair", "priya.nair@lumenlabs.io")
    assert person.doc.source_ids == [
        SourceReference(source=SourceSystem.GDRIVE, source_id="priya.nair@lumenlabs.io")
    ]
    assert record(items).owner == person_ref_id(SourceSystem.GDRIVE, "priya.nair@lumenlabs.io")


def test_bare_email_author_names_the_person_by_the_email(tmp_path: Path) -> None:
    [person] = people(parse_items(write_xlsx(tmp_path / "budget.xlsx")))
    assert (person.doc.name, person.doc.email) == ("rajesh.patel@lumenlabs.io", "rajesh.patel@lumenlabs.io")


def test_document_without_author_is_owned_by_unknown_and_adds_no_person(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "notes.md", MARKDOWN))
    assert (record(items).owner, people(items)) == ("unknown", [])


def test_tool_default_author_is_no_owner(tmp_path: Path) -> None:
    items = parse_items(write_docx(tmp_path / "gen.docx", creator="python-docx", last_modified_by=""))
    assert (record(items).owner, people(items)) == ("unknown", [])


def test_dates_come_from_document_metadata(tmp_path: Path) -> None:
    document = record(parse_items(write_docx(tmp_path / "plan.docx", last_modified_by="Maria")))
    assert (document.created_date, document.modified_date) == (CREATED, MODIFIED)


def test_pdf_without_mod_date_is_modified_at_the_file_time(tmp_path: Path) -> None:
    document = record(parse_items(write_pdf(tmp_path / "review.pdf")))
    assert (document.created_date, document.modified_date) == (CREATED, FILE_TIME)


def test_dates_fall_back_to_the_data_as_of_time_without_a_file_time(tmp_path: Path) -> None:
    path = write_text(tmp_path / "notes.txt", "Plain notes.\n")
    source = replace(source_for(path), modified_at_epoch=None)
    as_of = datetime(2026, 11, 30, tzinfo=UTC)
    ctx = ParseContext(job_id=JOB_ID, data_as_of_epoch=as_of.timestamp())
    reader = DriveReader()
    items = list(reader.parse(source, UnitPlan(key="file", display="notes"), ctx, lambda *_: None))
    assert (record(items).created_date, record(items).modified_date) == (as_of, as_of)


def test_tags_come_from_path_and_title_keywords(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "plan.docx", last_modified_by="Maria")
    document = record(parse_items(path, rel_path="HR/Budget/plan.docx"))
    assert document.tags == ["planning", "hr", "financial"]


def test_plan_is_one_file_unit_with_the_pdf_page_count(tmp_path: Path) -> None:
    source = source_for(write_pdf(tmp_path / "review.pdf", pages=3))
    assert DriveReader().plan(source, ParseContext(job_id=JOB_ID)) == [
        UnitPlan(key="file", display="Lumen Drive/review.pdf", estimate={"documents": 1, "pages": 3})
    ]


def test_plan_of_a_damaged_pdf_omits_the_page_estimate(tmp_path: Path) -> None:
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.7\n% cut short")
    [unit] = DriveReader().plan(source_for(tmp_path / "cut.pdf"), ParseContext(job_id=JOB_ID))
    assert unit.estimate == {"documents": 1}


def test_content_decides_the_format_over_the_extension(tmp_path: Path) -> None:
    pdf_named_csv = write_pdf(tmp_path / "review.pdf").rename(tmp_path / "review.csv")
    text_named_pdf = write_text(tmp_path / "notes.pdf", "Plain notes, not a PDF.\n")
    assert record(parse_items(pdf_named_csv)).file_type == "application/pdf"
    assert record(parse_items(text_named_pdf)).file_type == "text/plain"


def test_pdf_extraction_reports_progress_in_pages(tmp_path: Path) -> None:
    source = source_for(write_pdf(tmp_path / "long.pdf", pages=30))
    calls: list[tuple[int, int | None, str]] = []

    def record_progress(done: int, total: int | None, detail: str) -> None:
        calls.append((done, total, detail))

    unit = UnitPlan(key="file", display="long.pdf")
    list(DriveReader().parse(source, unit, ParseContext(job_id=JOB_ID), record_progress))
    assert calls == [(0, None, "Extracting text from long.pdf"), (25, 30, "Extracting text (25/30 pages)")]
