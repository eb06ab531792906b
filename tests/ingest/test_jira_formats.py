"""Jira data as XLSX, as the HTML "Export Excel" `.xls`, and in localized exports (spec 02 §2, §3 step 5, §5.1)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.ingest.fixtures_jira import (
    Issue,
    Language,
    Layout,
    comparable,
    failure,
    header_row,
    issue_cells,
    parse,
    render_csv,
    write_html_xls,
    write_text,
    write_xlsx,
)

from chiefops.ingest.units import ParseContext
from chiefops.models import StatusCategory, Task

ISSUES = [
    Issue(
        "ALPHA-1",
        "Build login",
        status="In Progress",
        assignee="Priya Sharma",
        assignee_id="acc-priya",
        due=datetime(2026, 12, 18, tzinfo=UTC),
        story_points="3",
        sprints=("Sprint 1", "Sprint 2"),
        labels=("mobile",),
        comments=("14/Sep/26 10:00 AM;acc-raj;Please review; thanks",),
        blocked_by=("ALPHA-2",),
    ),
    Issue("ALPHA-2", "Set up CI", status="Done", resolved=datetime(2026, 10, 2, 17, 45, tzinfo=UTC)),
]
LAYOUT = Layout(sprint=2, comment=2)


def keys_and_states(tasks: list[Task]) -> list[tuple[object, ...]]:
    return [
        (t.jira_key, t.summary, t.status_category, t.created_date, t.due_date, t.sprints, len(t.comments))
        for t in tasks
    ]


def test_xlsx_with_the_header_on_row_3_and_native_dates(tmp_path: Path) -> None:
    header = ["Issue key", "Summary", "Status", "Created", "Due Date", "Custom field (Story Points)"]
    rows = [
        ["Sprint export"],
        [],
        header,
        ["ALPHA-1", "Build login", "In Progress", datetime(2026, 9, 14, 9, 30), datetime(2026, 12, 18), 3],
        ["ALPHA-2", "Set up CI", "Done", datetime(2026, 9, 15, 11, 0), None, 2.5],
    ]
    parsed = parse(write_xlsx(tmp_path / "issues.xlsx", {"Issues": rows}))
    assert [(t.jira_key, t.created_date, t.due_date, t.story_points) for t in parsed.tasks] == [
        ("ALPHA-1", datetime(2026, 9, 14, 9, 30, tzinfo=UTC), datetime(2026, 12, 18, tzinfo=UTC), 3.0),
        ("ALPHA-2", datetime(2026, 9, 15, 11, 0, tzinfo=UTC), None, 2.5),
    ]
    assert (parsed.done.encoding, parsed.done.date_order) == (None, None)
    assert parsed.task("jira:ALPHA-1").source_evidence.jira_data["Created"] == "2026-09-14T09:30:00"


def test_native_xlsx_dates_are_read_in_the_configured_zone(tmp_path: Path) -> None:
    rows = [
        ["Issue key", "Summary", "Status", "Created"],
        ["ALPHA-1", "a", "Done", datetime(2026, 9, 14, 9, 30)],
    ]
    parsed = parse(
        write_xlsx(tmp_path / "issues.xlsx", {"Issues": rows}),
        ctx=ParseContext(job_id="j", timezone="Asia/Kolkata"),
    )
    assert parsed.task("jira:ALPHA-1").created_date == datetime(2026, 9, 14, 4, 0, tzinfo=UTC)


def test_every_xlsx_sheet_with_the_key_column_is_read_and_others_are_reported(tmp_path: Path) -> None:
    header = ["Issue key", "Summary", "Status"]
    path = write_xlsx(
        tmp_path / "issues.xlsx",
        {
            "Alpha": [header, ["ALPHA-1", "a", "Done"]],
            "Notes": [["Written by the PM"], ["nothing to see"]],
            "Beta": [["Summary", "Status", "Issue key"], ["b", "Open", "BETA-1"]],
        },
    )
    parsed = parse(path)
    assert [t.jira_key for t in parsed.tasks] == ["ALPHA-1", "BETA-1"]
    assert parsed.warning("non_task_sheet") == "sheet 'Notes' skipped: no task columns in it"


def test_xlsx_bad_rows_name_their_sheet(tmp_path: Path) -> None:
    rows = [
        ["Issue key", "Summary", "Status"],
        ["ALPHA-1", "a", "Done"],
        ["", "b", "Done"],
        ["ALPHA-3", "c", "Done"],
    ]
    parsed = parse(write_xlsx(tmp_path / "issues.xlsx", {"Issues": rows}))
    assert parsed.done.reason == "2 of 3 rows ingested; skipped row 3 of sheet 'Issues': missing issue key"


def test_xlsx_without_a_jira_header_fails_missing_columns(tmp_path: Path) -> None:
    caught = failure(write_xlsx(tmp_path / "issues.xlsx", {"Notes": [["just"], ["text"]]}))
    assert (caught.code, caught.reason) == (
        "missing_columns",
        "no header row with Jira columns found (looked at rows 1–10)",
    )


def test_the_html_excel_export_parses_like_the_csv(tmp_path: Path) -> None:
    header = header_row(LAYOUT)
    rows = [
        [cell.replace("\n", "<br/>").replace("&", "&amp;") for cell in issue_cells(i, LAYOUT)] for i in ISSUES
    ]
    html = parse(write_html_xls(tmp_path / "Jira.xls", header, rows))
    csv = parse(write_text(tmp_path / "export.csv", render_csv(ISSUES, layout=LAYOUT)))
    assert [comparable(t) for t in html.tasks] == [comparable(t) for t in csv.tasks]
    assert html.done.counts == csv.done.counts


def test_html_cells_keep_line_breaks_and_decode_entities(tmp_path: Path) -> None:
    header = ["Key", "Summary", "Status", "Description"]
    rows = [["ALPHA-1", "Fish &amp; chips", "Open", "<p>first   line</p><p>second<br>third</p>"]]
    task = parse(write_html_xls(tmp_path / "Jira.xls", header, rows)).task("jira:ALPHA-1")
    assert (task.summary, task.description) == ("Fish & chips", "first line\nsecond\nthird")


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_localized_export_parses_to_the_same_tasks_as_the_english_one(
    tmp_path: Path, language: Language
) -> None:
    english = parse(write_text(tmp_path / "en.csv", render_csv(ISSUES, layout=LAYOUT)))
    localized = parse(
        write_text(tmp_path / f"{language}.csv", render_csv(ISSUES, layout=LAYOUT, language=language))
    )
    assert [comparable(t) for t in localized.tasks] == [comparable(t) for t in english.tasks]
    assert [m.natural_key for m in localized.messages] == [m.natural_key for m in english.messages]
    assert keys_and_states(localized.tasks)[0] == (
        "ALPHA-1",
        "Build login",
        StatusCategory.IN_PROGRESS,
        datetime(2026, 9, 14, 9, 30, tzinfo=UTC),
        datetime(2026, 12, 18, tzinfo=UTC),
        ["Sprint 1", "Sprint 2"],
        1,
    )
