"""The pure parts of Drive extraction: metadata values, titles, tags, outlines, row blocks, text budget."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiefops.ingest.drive import text_format
from chiefops.ingest.drive_meta import (
    Author,
    choose_title,
    first_author,
    parse_author,
    parse_iso_date,
    parse_pdf_date,
)
from chiefops.ingest.drive_office import format_cell
from chiefops.ingest.drive_record import compute_tags
from chiefops.ingest.drive_sections import Outline, SectionSink, add_row_blocks, row_line
from chiefops.ingest.drive_types import DocFormat
from chiefops.ingest.units import UnitFailed
from chiefops.models import TextSection


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20261114093000+05'30'", datetime(2026, 11, 14, 4, 0, tzinfo=UTC)),
        ("D:20261114093000-04'00", datetime(2026, 11, 14, 13, 30, tzinfo=UTC)),
        ("D:20261114093000Z", datetime(2026, 11, 14, 9, 30, tzinfo=UTC)),
        ("D:20261114093000Z00'00'", datetime(2026, 11, 14, 9, 30, tzinfo=UTC)),
        ("D:20261114", datetime(2026, 11, 14, tzinfo=UTC)),
        ("D:2026", datetime(2026, 1, 1, tzinfo=UTC)),
        ("20261114093000", datetime(2026, 11, 14, 9, 30, tzinfo=UTC)),
        ("D:20261314093000", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_pdf_dates_parse_to_utc(raw: str | None, expected: datetime | None) -> None:
    assert parse_pdf_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-14T09:30:00Z", datetime(2026, 11, 14, 9, 30, tzinfo=UTC)),
        ("2026-11-14T09:30:00+05:30", datetime(2026, 11, 14, 4, 0, tzinfo=UTC)),
        ("2026-11-14T09:30:00.123456789", datetime(2026, 11, 14, 9, 30, 0, 123456, tzinfo=UTC)),
        ("2026-11-14", datetime(2026, 11, 14, tzinfo=UTC)),
        ("not a date", None),
        ("  ", None),
    ],
)
def test_iso_dates_parse_to_utc_with_naive_values_read_as_utc(raw: str, expected: datetime | None) -> None:
    assert parse_iso_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane Doe <Jane.Doe@Acme.io>", Author(name="Jane Doe", email="jane.doe@acme.io")),
        ('"Doe, Jane" <jane@acme.io>', Author(name="Doe, Jane", email="jane@acme.io")),
        ("RAJ@lumenlabs.io", Author(name=None, email="raj@lumenlabs.io")),
        ("  Maria   Garcia ", Author(name="Maria Garcia", email=None)),
        ("Team <not an email>", Author(name="Team <not an email>", email=None)),
    ],
)
def test_author_strings_split_into_name_and_email(raw: str, expected: Author) -> None:
    assert parse_author(raw) == expected


def test_first_author_skips_blank_and_tool_default_values() -> None:
    assert first_author(None, "  ", "python-docx", "Microsoft Office User", "Maria Garcia") == "Maria Garcia"
    assert first_author("", None) is None


@pytest.mark.parametrize(
    ("meta_title", "heading", "expected"),
    [
        ("Alpha Launch", "Intro", "Alpha Launch"),
        ("Word Document", "Intro", "Intro"),
        ("  document ", "Intro", "Intro"),
        ("Microsoft Word - plan.docx", "Intro", "Intro"),
        ("PowerPoint Presentation", None, "q3-plan"),
        ("", None, "q3-plan"),
        (None, "Intro", "Intro"),
    ],
)
def test_title_is_metadata_unless_generic_then_first_heading_then_stem(
    meta_title: str | None, heading: str | None, expected: str
) -> None:
    assert choose_title(meta_title, heading, "q3-plan") == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Drive/OKRs", "q3.docx", "Q3 Objectives"), ["okr"]),
        (("Drive/Eng", "design.md", "System Design: Auth"), ["architecture"]),
        (("Drive/Meetings", "2026-11-02.md", "Weekly sync"), ["meeting_notes"]),
        (("Drive/People", "salary-bands.xlsx", "Compensation"), ["hr"]),
        (("Drive/Finance", "p&l.xlsx", "P&L FY26"), ["financial"]),
        (("Drive/Ops", "incident-runbook.md", "Incident runbook"), ["process"]),
        (("Drive", "roadmap.pptx", "Alpha Roadmap"), ["planning"]),
        (("Drive", "replanning.txt", "Explanation"), []),
    ],
)
def test_tags_match_whole_keywords_of_path_and_title(texts: tuple[str, ...], expected: list[str]) -> None:
    assert compute_tags(*texts) == expected


def test_outline_keeps_h4_to_h6_inside_the_h3_section() -> None:
    sink = SectionSink(10_000)
    outline = Outline(sink)
    outline.heading(1, "Plan")
    outline.heading(3, "Scope")
    outline.heading(4, "Detail")
    outline.paragraph("Fine print.")
    outline.finish()
    assert [(s.heading_path, s.text) for s in sink.sections] == [(["Plan", "Scope"], "Detail\n\nFine print.")]


def test_outline_emits_a_heading_with_nothing_under_it_as_a_heading_section() -> None:
    sink = SectionSink(10_000)
    outline = Outline(sink)
    outline.heading(1, "Empty chapter")
    outline.heading(1, "Full chapter")
    outline.paragraph("Body.")
    outline.heading(2, "Trailing")
    outline.finish()
    assert [(s.kind, s.heading_path, s.text) for s in sink.sections] == [
        ("heading", ["Empty chapter"], "Empty chapter"),
        ("body", ["Full chapter"], "Body."),
        ("heading", ["Full chapter", "Trailing"], "Trailing"),
    ]


def test_outline_title_sits_above_h1_in_the_heading_path() -> None:
    sink = SectionSink(10_000)
    outline = Outline(sink)
    outline.heading(0, "Handbook")
    outline.heading(1, "Leave")
    outline.paragraph("25 days.")
    outline.finish()
    assert [(s.heading_path, s.text) for s in sink.sections] == [(["Handbook", "Leave"], "25 days.")]
    assert outline.first_heading == "Handbook"


def test_row_line_joins_cells_and_drops_trailing_empty_ones() -> None:
    assert row_line(["a", " b\nc ", "", ""]) == "a | b c"
    assert row_line(["", ""]) == ""


def test_row_blocks_of_a_header_only_sheet_keep_the_header() -> None:
    sink = SectionSink(10_000)
    add_row_blocks(sink, [(1, []), (2, ["Name", "Team"])], sheet="S", hidden=False, max_rows=10)
    assert sink.sections == [
        TextSection(text="Name | Team", kind="table", sheet="S", row_start=2, row_end=2, header="Name | Team")
    ]


def test_row_blocks_fail_past_the_row_limit() -> None:
    rows = [(n, [f"r{n}"]) for n in range(1, 5)]
    with pytest.raises(UnitFailed) as raised:
        add_row_blocks(SectionSink(10_000), rows, sheet="S", hidden=False, max_rows=2)
    assert raised.value.code == "too_many_rows"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "TRUE"),
        (3.0, "3"),
        (2.5, "2.5"),
        (12, "12"),
        (datetime(2026, 11, 14), "2026-11-14"),
        (datetime(2026, 11, 14, 9, 30), "2026-11-14 09:30:00"),
        (date(2026, 11, 14), "2026-11-14"),
        ("text", "text"),
    ],
)
def test_xlsx_cell_values_format_as_text(value: object, expected: str) -> None:
    assert format_cell(value) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("<!DOCTYPE html><p>x</p>", "page.txt", DocFormat.HTML),
        ("plain", "page.htm", DocFormat.HTML),
        ("# Title", "notes.md", DocFormat.MD),
        ("a,b\n1,2", "data.TSV", DocFormat.CSV),
        ("# Title", "notes.txt", DocFormat.TXT),
    ],
)
def test_text_format_is_html_by_content_else_by_extension(text: str, name: str, expected: DocFormat) -> None:
    assert text_format(text, name) == expected


@given(st.lists(st.text(min_size=1, max_size=40), max_size=12), st.integers(min_value=1, max_value=200))
def test_section_sink_keeps_a_prefix_of_the_text_within_the_byte_budget(
    texts: list[str], budget: int
) -> None:
    sink = SectionSink(budget)
    for text in texts:
        sink.add(TextSection(text=text))
    kept = "".join(section.text for section in sink.sections)
    assert len(kept.encode()) <= budget
    assert "".join(texts).startswith(kept)
    assert sink.truncated == (len("".join(texts).encode()) > budget)
