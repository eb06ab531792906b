"""Values inside one Jira cell, and rows of the HTML `.xls` (spec 02 §5.1–§5.3, §2)."""

from __future__ import annotations

import pytest

from chiefops.ingest.jira_cells import (
    CommentParts,
    effort_level,
    first_key,
    is_unassigned,
    linked_keys,
    parse_story_points,
    split_comment,
    split_labels,
    split_sheet_summary,
    split_values,
)
from chiefops.ingest.jira_html import HtmlRow, chunked, iter_html_rows


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("14/Sep/26 10:00 AM;acc-1;body", CommentParts("14/Sep/26 10:00 AM", "acc-1", "body")),
        (
            "14/Sep/26 10:00 AM; Raj Patel ;a; b;\nc",
            CommentParts("14/Sep/26 10:00 AM", "Raj Patel", "a; b;\nc"),
        ),
        ("14/Sep/26 10:00 AM;;orphan", CommentParts("14/Sep/26 10:00 AM", "", "orphan")),
        ("no separators at all", None),
        ("only;one", None),
    ],
)
def test_comment_cells_split_at_the_first_two_semicolons(cell: str, parts: CommentParts | None) -> None:
    assert split_comment(cell) == parts


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("ALPHA-12 Build login", ("ALPHA-12", "Build login")),
        ("  ALPHA-12: Build login", ("ALPHA-12", "Build login")),
        ("ALPHA-12 - Build login", ("ALPHA-12", "Build login")),
        ("ALPHA-12 – Build login", ("ALPHA-12", "Build login")),
        ("ALPHA-12", ("ALPHA-12", "")),
        ("alpha-12 lower case is no key", (None, "alpha-12 lower case is no key")),
        ("Build ALPHA-12 later", (None, "Build ALPHA-12 later")),
        ("ALPHA-12x is glued", (None, "ALPHA-12x is glued")),
    ],
)
def test_a_sheet_key_starts_the_summary(summary: str, expected: tuple[str | None, str]) -> None:
    assert split_sheet_summary(summary) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("High", "high"),
        (" medium ", "medium"),
        ("LOW", "low"),
        ("Alto", "high"),
        ("mittel", "medium"),
        ("2 days", "2 days"),
    ],
)
def test_effort_levels(text: str, expected: str) -> None:
    assert effort_level(text) == expected


@pytest.mark.parametrize(
    ("text", "value"), [("3", 3.0), ("0", 0.0), ("2.5", 2.5), ("2,5", 2.5), (" 8 ", 8.0)]
)
def test_story_points_accept_both_decimal_marks(text: str, value: float) -> None:
    assert parse_story_points(text) == value


@pytest.mark.parametrize("text", ["-1", "lots", "nan", "inf", ""])
def test_story_points_refuse_what_is_not_a_non_negative_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_story_points(text)


def test_lists_split_and_deduplicate_in_order() -> None:
    assert split_labels(["a,b", "b;c d", "  "]) == ["a", "b", "c", "d"]
    assert split_values(["Backend, Web App", "Backend;iOS", ""]) == ["Backend", "Web App", "iOS"]


def test_link_cells_yield_issue_keys() -> None:
    assert linked_keys(["ALPHA-1, beta-2", "ALPHA-1", "see GAMMA-30"]) == ["ALPHA-1", "BETA-2", "GAMMA-30"]
    assert first_key(["10042", "alpha-7"]) == "ALPHA-7"
    assert first_key(["10042"]) is None


@pytest.mark.parametrize(
    ("name", "expected"), [("Unassigned", True), ("sin asignar", True), ("Priya", False)]
)
def test_words_for_unassigned(name: str, expected: bool) -> None:
    assert is_unassigned(name) is expected


def test_html_rows_of_top_level_tables_with_nested_tables_kept_in_their_cell() -> None:
    html = (
        "<table><tr><td>banner</td></tr></table>"
        "<table><tr><th>Key</th><th>Notes</th></tr>"
        "<tr><td>A-1</td><td>see<table><tr><td>inner</td></tr></table>done</td></tr>"
        "<tr><td>A-2<td>unclosed cells</tr></table>"
    )
    assert list(iter_html_rows([html[:40], html[40:]])) == [
        HtmlRow(0, ["banner"]),
        HtmlRow(1, ["Key", "Notes"]),
        HtmlRow(1, ["A-1", "seeinner\ndone"]),
        HtmlRow(1, ["A-2", "unclosed cells"]),
    ]


def test_chunked_groups_lines_without_losing_any() -> None:
    lines = [f"line {n}\n" for n in range(100)]
    chunks = list(chunked(lines, size_chars=50))
    assert ("".join(chunks), len(chunks)) == ("".join(lines), 15)
