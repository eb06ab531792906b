"""Task sheets: Summary + Status lists without a key column (spec 02 §5.3, §17 check 9)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from tests.ingest.fixtures_jira import FILE_TIME, failure, parse, write_rows, write_xlsx

from chiefops.ingest.units import ParseContext, person_ref_id, project_ref_id
from chiefops.models import InputKind, SourceSystem, StatusCategory

SHEET = InputKind.JIRA_SHEET


def tracker(tmp_path: Path, rows: list[list[object]]) -> Path:
    return write_xlsx(
        tmp_path / "Alpha tracker.xlsx",
        {"Tracker": [["Summary", "Status", "Effort Level", "Assignee"], *rows]},
    )


def test_the_key_starts_the_summary_and_dates_are_the_file_time(tmp_path: Path) -> None:
    parsed = parse(
        tracker(tmp_path, [["ALPHA-12 Build login", "Completed / Handed Off", "High", "Priya Sharma"]]),
        kind=SHEET,
    )
    task = parsed.task("jira:ALPHA-12")
    assert (task.jira_key, task.summary, task.status_category, task.effort, task.dates_inferred) == (
        "ALPHA-12",
        "Build login",
        StatusCategory.DONE,
        "high",
        True,
    )
    assert (task.created_date, task.updated_date, task.origin) == (FILE_TIME, FILE_TIME, InputKind.JIRA_SHEET)
    assert (task.project_id, task.jira_project_key) == (project_ref_id("ALPHA"), "ALPHA")
    assert task.assignees == [person_ref_id(SourceSystem.JIRA, "Priya Sharma")]
    assert [(p.name, p.last_active_date) for p in parsed.people] == [("Priya Sharma", FILE_TIME)]


def test_key_separators_after_the_key_are_dropped(tmp_path: Path) -> None:
    rows = [
        ["ALPHA-13: Ship it", "Open", "low", ""],
        ["ALPHA-14 – Document API", "In Progress", "Medium", ""],
    ]
    tasks = parse(tracker(tmp_path, rows), kind=SHEET).tasks
    assert [(t.jira_key, t.summary, t.effort) for t in tasks] == [
        ("ALPHA-13", "Ship it", "low"),
        ("ALPHA-14", "Document API", "medium"),
    ]


def test_keyless_rows_are_kept_with_a_summary_key_and_a_warning(tmp_path: Path) -> None:
    rows = [
        ["ALPHA-1 Plan", "Open", "", ""],
        ["Book the venue", "Open", "2 days", ""],
        ["Order swag", "Done", "", ""],
    ]
    parsed = parse(tracker(tmp_path, rows), kind=SHEET)
    h16 = hashlib.sha256(b"Book the venue").hexdigest()[:16]
    venue = parsed.task(f"sheet:jira/Alpha tracker.xlsx:{h16}")
    assert (venue.jira_key, venue.summary, venue.effort, venue.project_id, venue.jira_project_key) == (
        None,
        "Book the venue",
        "2 days",
        project_ref_id("ALPHA"),
        "ALPHA",
    )
    assert parsed.warning("no_key") == (
        "2 rows have no issue key at the start of their summary and were kept without one, "
        "e.g. row 3 of sheet 'Tracker'; row 4 of sheet 'Tracker'"
    )
    assert parsed.messages == []


def test_a_sheet_without_any_key_gets_a_project_from_its_file_name(tmp_path: Path) -> None:
    task = parse(tracker(tmp_path, [["Book the venue", "Open", "", ""]]), kind=SHEET).tasks[0]
    assert (task.project_id, task.jira_project_key) == (project_ref_id("ALPHATRACKER"), None)


def test_without_a_file_time_the_data_as_of_dates_the_rows(tmp_path: Path) -> None:
    as_of = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    ctx = ParseContext(job_id="j", data_as_of_epoch=as_of.timestamp())
    path = tracker(tmp_path, [["ALPHA-1 Plan", "Open", "", ""]])
    task = parse(path, kind=SHEET, ctx=ctx, modified_at=None).task("jira:ALPHA-1")
    assert (task.created_date, task.dates_inferred) == (as_of, True)


def test_a_due_column_is_read_and_dates_stay_inferred(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "tracker.csv", [["Title", "Status", "Due"], ["ALPHA-2 Launch", "Open", "18/12/2026"]]
    )
    task = parse(path, kind=SHEET).task("jira:ALPHA-2")
    assert (task.due_date, task.dates_inferred) == (datetime(2026, 12, 18, tzinfo=UTC), True)


def test_a_sheet_without_status_fails_missing_columns(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "tracker.csv", [["Summary", "Owner"], ["ALPHA-2 Launch", "Raj"]])
    caught = failure(path, kind=SHEET)
    assert (caught.code, caught.reason) == (
        "missing_columns",
        "missing column(s): Status; found: Summary, Owner",
    )
