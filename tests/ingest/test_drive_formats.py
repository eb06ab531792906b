"""Spec 02 §6 / §17 check 12 (record side): each format's sections carry the provenance of 03 §3.3."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.ingest.fixtures_drive import (
    HTML_PAGE,
    MARKDOWN,
    PLAIN_TEXT,
    parse_items,
    write_docx,
    write_odp,
    write_ods,
    write_odt,
    write_pdf,
    write_pptx,
    write_repeating_ods,
    write_rich_docx,
    write_rich_odt,
    write_rich_pptx,
    write_text,
    write_xlsx,
)

from chiefops.ingest.drive_sections import BLOCK_CHARS
from chiefops.ingest.units import DocumentItem, SpoolItem, UnitDoneItem, person_ref_id
from chiefops.models import SourceSystem, TextSection


def only_document(items: list[SpoolItem]) -> DocumentItem:
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    return document


def sections(items: list[SpoolItem]) -> list[TextSection]:
    text = only_document(items).text
    assert text is not None
    return text.sections


def located(items: list[SpoolItem]) -> list[dict[str, object]]:
    """Each section as its non-default fields (text, kind and locator)."""
    return [section.model_dump(exclude_defaults=True) for section in sections(items)]


FOLDER: list[tuple[str, Callable[[Path], Path], str]] = [
    ("plan.docx", lambda p: write_docx(p, last_modified_by="Maria Garcia"), "wordprocessingml.document"),
    ("deck.pptx", write_pptx, "presentationml.presentation"),
    ("budget.xlsx", write_xlsx, "spreadsheetml.sheet"),
    ("review.pdf", write_pdf, "application/pdf"),
    ("overview.html", lambda p: write_text(p, HTML_PAGE), "text/html"),
    ("notes.md", lambda p: write_text(p, MARKDOWN), "text/markdown"),
    ("readme.txt", lambda p: write_text(p, PLAIN_TEXT), "text/plain"),
    ("onboarding.odt", write_odt, "application/vnd.oasis.opendocument.text"),
]
OOXML = "application/vnd.openxmlformats-officedocument."


@pytest.mark.parametrize(("name", "write", "mime"), FOLDER, ids=[name for name, _, _ in FOLDER])
def test_each_format_yields_one_document_with_its_mime_type(
    tmp_path: Path, name: str, write: Callable[[Path], Path], mime: str
) -> None:
    items = parse_items(write(tmp_path / name))
    document = only_document(items).doc
    expected = mime if "/" in mime else OOXML + mime
    assert (document.file_name, document.file_type) == (name, expected)
    assert isinstance(items[-1], UnitDoneItem)
    assert items[-1].counts["documents"] == 1


def test_docx_sections_follow_the_heading_path_with_the_table_kept_whole(tmp_path: Path) -> None:
    items = parse_items(write_docx(tmp_path / "plan.docx", last_modified_by="Maria Garcia"))
    assert located(items) == [
        {"text": "This plan covers the Q3 launch of Alpha.", "heading_path": ["Q3 Launch Plan"]},
        {"text": "Three milestones are planned.", "heading_path": ["Q3 Launch Plan", "Milestones"]},
        {
            "text": "Milestone | Due\nBeta | 2026-08-01\nGA | 2026-09-15",
            "kind": "table",
            "heading_path": ["Q3 Launch Plan", "Milestones"],
            "header": "Milestone | Due",
        },
        {"text": "SSO integration may slip.", "heading_path": ["Q3 Launch Plan", "Risks"]},
    ]


def test_docx_generic_core_title_gives_way_to_the_first_heading(tmp_path: Path) -> None:
    items = parse_items(write_docx(tmp_path / "plan.docx", core_title="Word Document", last_modified_by="M"))
    assert only_document(items).doc.title == "Q3 Launch Plan"


def test_docx_specific_core_title_is_kept(tmp_path: Path) -> None:
    items = parse_items(
        write_docx(tmp_path / "plan.docx", core_title="Alpha GA plan v2", last_modified_by="M")
    )
    assert only_document(items).doc.title == "Alpha GA plan v2"


def test_pptx_slides_carry_title_body_and_speaker_notes_sections(tmp_path: Path) -> None:
    items = parse_items(write_pptx(tmp_path / "deck.pptx"))
    assert located(items) == [
        {"text": "Alpha Roadmap", "kind": "slide_title", "slide": 1},
        {"text": "Beta in August\nGA in September", "slide": 1},
        {"text": "Stress the August date.", "kind": "notes", "slide": 1},
        {"text": "Hiring", "kind": "slide_title", "slide": 2},
        {"text": "Two backend engineers", "slide": 2},
        {"text": "Budget approved by finance.", "kind": "notes", "slide": 2},
    ]
    document = only_document(items).doc
    assert (document.slide_count, document.title) == (2, "Alpha Roadmap")


def test_xlsx_reads_every_sheet_and_flags_the_hidden_one(tmp_path: Path) -> None:
    items = parse_items(write_xlsx(tmp_path / "budget.xlsx"))
    assert located(items) == [
        {
            "text": "Line 1 | 1000 | 2500.5\nLine 2 | 1001 | 2500.5\nLine 3 | 1002 | 2500.5",
            "kind": "table",
            "sheet": "Budget",
            "row_start": 3,
            "row_end": 5,
            "header": "Item | Q3 | Q4",
        },
        {
            "text": "Raj | 100",
            "kind": "table",
            "sheet": "Salaries",
            "sheet_hidden": True,
            "row_start": 2,
            "row_end": 2,
            "header": "Name | Salary",
        },
    ]
    assert only_document(items).doc.sheet_names == ["Budget", "Salaries"]


def test_xlsx_long_sheet_is_split_into_contiguous_blocks_each_with_the_header(tmp_path: Path) -> None:
    blocks = [
        s for s in sections(parse_items(write_xlsx(tmp_path / "big.xlsx", rows=300))) if s.sheet == "Budget"
    ]
    assert [(block.row_start, block.row_end) for block in blocks] == [
        (3, 85),
        (86, 165),
        (166, 245),
        (246, 302),
    ]
    assert {block.header for block in blocks} == {"Item | Q3 | Q4"}
    assert max(len(block.text) for block in blocks) <= BLOCK_CHARS


def test_pdf_sections_are_pages_and_the_record_counts_them(tmp_path: Path) -> None:
    items = parse_items(write_pdf(tmp_path / "review.pdf", pages=3))
    assert [(s.page, s.text.split(".")[0]) for s in sections(items)] == [
        (1, "Page 1 of the architecture review"),
        (2, "Page 2 of the architecture review"),
        (3, "Page 3 of the architecture review"),
    ]
    assert only_document(items).doc.page_count == 3


def test_pdf_title_comes_from_its_metadata(tmp_path: Path) -> None:
    items = parse_items(write_pdf(tmp_path / "review.pdf", title="Architecture Review 2026"))
    assert only_document(items).doc.title == "Architecture Review 2026"


def test_html_drops_script_style_nav_header_and_footer_text(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "overview.html", HTML_PAGE))
    assert located(items) == [
        {"text": "Services talk over gRPC.", "heading_path": ["Architecture"]},
        {"text": "SQLite & WAL mode.", "heading_path": ["Architecture", "Storage"]},
        {
            "text": "Service | Owner\napi | Raj",
            "kind": "table",
            "heading_path": ["Architecture", "Storage"],
            "header": "Service | Owner",
        },
    ]


def test_html_title_and_author_come_from_the_head(tmp_path: Path) -> None:
    document = only_document(parse_items(write_text(tmp_path / "overview.html", HTML_PAGE))).doc
    lee = person_ref_id(SourceSystem.GDRIVE, "Lee Chen")
    assert (document.title, document.owner) == ("Architecture Overview", lee)


def test_markdown_sections_follow_headings_and_ignore_hashes_in_code_fences(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "notes.md", MARKDOWN))
    assert located(items) == [
        {"text": "Attendees: Raj, Maria.", "heading_path": ["Weekly Meeting Notes"]},
        {
            "text": "- Ship beta on Friday.\n\n```\n# not a heading\n```",
            "heading_path": ["Weekly Meeting Notes", "Decisions"],
        },
        {"text": "Maria follows up on SSO.", "heading_path": ["Weekly Meeting Notes", "Actions"]},
    ]
    assert only_document(items).doc.title == "Weekly Meeting Notes"


def test_txt_paragraphs_carry_their_line_ranges(tmp_path: Path) -> None:
    long_line = "word " * 300
    content = f"Intro line.\n\n{long_line}\n{long_line}\n\n\nClosing line.\n"
    items = parse_items(write_text(tmp_path / "log.txt", content))
    assert [(s.line_start, s.line_end) for s in sections(items)] == [(1, 1), (3, 4), (7, 7)]


def test_txt_small_paragraphs_share_a_section_spanning_their_lines(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "readme.txt", PLAIN_TEXT))
    assert located(items) == [
        {"text": "First paragraph line one.\nline two.\n\nSecond paragraph.", "line_start": 1, "line_end": 5}
    ]


def test_generic_csv_becomes_row_blocks_with_its_header(tmp_path: Path) -> None:
    items = parse_items(write_text(tmp_path / "team.csv", "name;team\nRaj;Core\nMaria;Web\n"))
    assert located(items) == [
        {
            "text": "Raj | Core\nMaria | Web",
            "kind": "table",
            "sheet": "team.csv",
            "row_start": 2,
            "row_end": 3,
            "header": "name | team",
        }
    ]


def test_odt_sections_follow_its_headings_and_meta_names_the_author(tmp_path: Path) -> None:
    items = parse_items(write_odt(tmp_path / "onboarding.odt"))
    assert located(items) == [
        {"text": "Every new hire gets a buddy.", "heading_path": ["Onboarding Process"]},
        {
            "text": "Laptop, accounts and a welcome lunch.",
            "heading_path": ["Onboarding Process", "First week"],
        },
    ]
    document = only_document(items).doc
    assert (document.title, document.created_date.isoformat()) == (
        "Onboarding Process",
        "2026-09-14T09:30:00+00:00",
    )


def test_ods_reads_every_sheet_and_flags_the_hidden_one(tmp_path: Path) -> None:
    items = parse_items(write_ods(tmp_path / "plan.ods"))
    assert [(s.sheet, s.sheet_hidden, s.row_start, s.row_end, s.header, s.text) for s in sections(items)] == [
        ("Plan", False, 2, 3, "Task | Owner", "Beta | Raj\nGA | Maria"),
        ("Hidden", True, 2, 2, "Secret", "42"),
    ]


def test_odp_slide_has_title_body_and_notes_sections(tmp_path: Path) -> None:
    items = parse_items(write_odp(tmp_path / "review.odp"))
    assert located(items) == [
        {"text": "Quarterly Review", "kind": "slide_title", "slide": 1},
        {"text": "Revenue up 12%", "slide": 1},
        {"text": "Mention the churn numbers.", "kind": "notes", "slide": 1},
    ]
    assert only_document(items).doc.slide_count == 1


def test_pptx_grouped_text_and_tables_become_slide_sections(tmp_path: Path) -> None:
    assert located(parse_items(write_rich_pptx(tmp_path / "status.pptx"))) == [
        {"text": "Status", "kind": "slide_title", "slide": 1},
        {"text": "Grouped note", "slide": 1},
        {
            "text": "Workstreams\nAPI | green\nWeb | amber",
            "kind": "table",
            "slide": 1,
            "header": "Workstreams",
        },
    ]


def test_docx_title_heads_the_path_merged_cells_appear_once_and_h4_stays_in_the_body(tmp_path: Path) -> None:
    items = parse_items(write_rich_docx(tmp_path / "handbook.docx"))
    assert located(items) == [
        {
            "text": "Type | Days\nAnnual | paid | 25",
            "kind": "table",
            "heading_path": ["Employee Handbook", "Leave"],
            "header": "Type | Days",
        },
        {"text": "Carry-over\n\nUp to five days.", "heading_path": ["Employee Handbook", "Leave"]},
    ]
    assert only_document(items).doc.title == "Employee Handbook"


def test_odt_list_items_and_tables_stay_under_their_heading(tmp_path: Path) -> None:
    assert located(parse_items(write_rich_odt(tmp_path / "checklist.odt"))) == [
        {"text": "Order laptop\n\nCreate accounts", "heading_path": ["Checklist"]},
        {
            "text": "Step | Owner\nLaptop | IT",
            "kind": "table",
            "heading_path": ["Checklist"],
            "header": "Step | Owner",
        },
    ]


def test_ods_repeated_rows_count_each_time_and_empty_repeats_only_advance_the_row_number(
    tmp_path: Path,
) -> None:
    [block] = sections(parse_items(write_repeating_ods(tmp_path / "log.ods")))
    assert (block.text, block.row_start, block.row_end) == (
        "Mon | deploy\nMon | deploy\nFri | retro",
        2,
        1_000_004,
    )


def test_csv_quoted_multiline_cell_keeps_record_numbers(tmp_path: Path) -> None:
    content = 'name\tnote\nRaj\t"line one\nline two"\nMaria\tok\n'
    items = parse_items(write_text(tmp_path / "notes.tsv", content))
    assert [(s.row_start, s.row_end, s.text) for s in sections(items)] == [
        (2, 3, "Raj | line one line two\nMaria | ok")
    ]


def test_html_unclosed_table_and_paragraphs_still_yield_their_text(tmp_path: Path) -> None:
    page = "<html><body><h2>Notes</h2><p>First<p>Second<table><tr><td>a<td>b"
    assert located(parse_items(write_text(tmp_path / "broken.html", page))) == [
        {"text": "First\n\nSecond", "heading_path": ["Notes"]},
        {"text": "a | b", "kind": "table", "heading_path": ["Notes"], "header": "a | b"},
    ]
