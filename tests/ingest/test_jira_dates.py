"""Dates in Jira exports (spec 02 §5.4, §17 check 8): every pattern to an exact UTC value, the
per-file day/month order, and how a file's order reaches its tasks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.ingest.fixtures_jira import Issue, parse, render_csv, write_text

from chiefops.ingest.jira_dates import BadDate, DateReader, OrderTally, decide_order, month_number
from chiefops.ingest.units import ParseContext
from chiefops.models import DateOrder, IngestWarning


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def reader(order: DateOrder = DateOrder.DMY, zone: str = "UTC") -> DateReader:
    return DateReader.for_zone(order, zone_name=zone, default=DateOrder.DMY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601: T or space, optional seconds and fraction, Z / +hh:mm / +hhmm; plain date
        ("2026-09-14T09:30:00.000+0530", utc(2026, 9, 14, 4, 0)),
        ("2026-09-14T09:30:00+05:30", utc(2026, 9, 14, 4, 0)),
        ("2026-09-14T09:30:00Z", utc(2026, 9, 14, 9, 30)),
        ("2026-09-14 09:30", utc(2026, 9, 14, 9, 30)),
        ("2026-09-14T09:30:15.250-0200", utc(2026, 9, 14, 11, 30, 15, 250_000)),
        ("2026-09-14", utc(2026, 9, 14)),
        # Jira default, 12- and 24-hour, 4-digit year, date only
        ("14/Sep/26 9:30 AM", utc(2026, 9, 14, 9, 30)),
        ("14/Sep/26 9:30 PM", utc(2026, 9, 14, 21, 30)),
        ("14/Sep/26 12:05 AM", utc(2026, 9, 14, 0, 5)),
        ("14/Sep/26 12:05 PM", utc(2026, 9, 14, 12, 5)),
        ("14/Sep/26 21:30", utc(2026, 9, 14, 21, 30)),
        ("14/Sep/2026 9:30 AM", utc(2026, 9, 14, 9, 30)),
        ("14/Sep/26", utc(2026, 9, 14)),
        ("14/sep/26 9:30 am", utc(2026, 9, 14, 9, 30)),
        # Month-name forms
        ("Sep 14, 2026 9:30 AM", utc(2026, 9, 14, 9, 30)),
        ("Sep 14, 2026", utc(2026, 9, 14)),
        ("September 14, 2026", utc(2026, 9, 14)),
        ("14 Sep 2026", utc(2026, 9, 14)),
        ("14 Sep 2026 21:30", utc(2026, 9, 14, 21, 30)),
        # Numeric with separators / . -, optional time and seconds, 2-digit year
        ("14/09/2026 09:30", utc(2026, 9, 14, 9, 30)),
        ("14/09/2026 09:30:45", utc(2026, 9, 14, 9, 30, 45)),
        ("14.09.2026", utc(2026, 9, 14)),
        ("14-09-2026 18:00", utc(2026, 9, 14, 18, 0)),
        ("14/09/26", utc(2026, 9, 14)),
        # Localized month names, with and without the trailing dot
        ("14/sept./26 9:30 AM", utc(2026, 9, 14, 9, 30)),
        ("14/sept/26 9:30 AM", utc(2026, 9, 14, 9, 30)),
        ("14/Dez/26 9:30 AM", utc(2026, 12, 14, 9, 30)),
        ("14/Mär/26 9:30 AM", utc(2026, 3, 14, 9, 30)),
        ("14/févr./26 9:30 AM", utc(2026, 2, 14, 9, 30)),
        ("14/out/26 9:30 AM", utc(2026, 10, 14, 9, 30)),
        ("14 de septiembre de 2026", utc(2026, 9, 14)),
        ("14. Okt. 2026 09:30", utc(2026, 10, 14, 9, 30)),
        ("14 août 2026", utc(2026, 8, 14)),
        ("14 dezembro 2026", utc(2026, 12, 14)),
        ("Dic 14, 2026", utc(2026, 12, 14)),
    ],
)
def test_every_accepted_pattern_reads_to_an_exact_utc_moment(text: str, expected: datetime) -> None:
    assert reader().read(text) == expected


def test_month_first_order_reads_numeric_dates_month_first() -> None:
    assert reader(DateOrder.MDY).read("09/14/2026 09:30") == utc(2026, 9, 14, 9, 30)


def test_naive_times_are_read_in_the_configured_zone_and_stored_in_utc() -> None:
    assert reader(zone="Asia/Kolkata").read("14/Sep/26 9:30 AM") == utc(2026, 9, 14, 4, 0)
    assert reader(zone="Europe/Berlin").read("2026-01-14 09:30") == utc(2026, 1, 14, 8, 30)
    assert reader(zone="Asia/Kolkata").read("2026-09-14T09:30:00Z") == utc(2026, 9, 14, 9, 30)


def test_native_xlsx_dates_arrive_as_naive_iso_text_read_in_the_zone() -> None:
    cell = datetime(2026, 9, 14, 9, 30).isoformat()
    assert reader(zone="Asia/Kolkata").read(cell) == utc(2026, 9, 14, 4, 0)


@pytest.mark.parametrize(
    ("text", "is_impossible"),
    [
        ("next week", False),
        ("14/Foo/26 9:30 AM", False),
        ("31/02/2026", True),
        ("14/13/2026", True),
        ("14/Sep/26 13:30 PM", True),
    ],
)
def test_cells_that_are_not_dates_raise_bad_date(text: str, is_impossible: bool) -> None:
    with pytest.raises(BadDate) as caught:
        reader().read(text)
    assert caught.value.is_impossible is is_impossible


@pytest.mark.parametrize(
    ("name", "month"), [("Sept.", 9), ("MÄRZ", 3), ("févr", 2), ("Dez", 12), ("ago", 8), ("x", None)]
)
def test_month_names_in_supported_languages(name: str, month: int | None) -> None:
    assert month_number(name) == month


def tally_of(*cells: str) -> OrderTally:
    tally = OrderTally()
    for cell in cells:
        tally.add(cell)
    return tally


def test_a_day_above_12_decides_day_first() -> None:
    assert decide_order(tally_of("13/02/2026", "03/04/2026"), default=DateOrder.MDY).order is DateOrder.DMY


def test_a_month_position_above_12_decides_month_first() -> None:
    assert decide_order(tally_of("02/13/2026", "03/04/2026"), default=DateOrder.DMY).order is DateOrder.MDY


def test_only_ambiguous_dates_fall_back_to_the_setting_with_a_warning() -> None:
    decision = decide_order(tally_of("03/04/2026", "14/Sep/26 9:30 AM"), default=DateOrder.DMY)
    assert decision.order is DateOrder.DMY
    assert decision.warning == IngestWarning(
        code="date_order_assumed",
        message="1 numeric dates could be read either way (day/month or month/day); "
        "read as DMY (setting CHIEFOPS_INGEST_DATE_ORDER)",
    )


def test_conflicting_dates_take_the_majority_and_quote_one_cell_of_each() -> None:
    decision = decide_order(tally_of("13/02/2026", "02/13/2026", "25/12/2026"), default=DateOrder.MDY)
    assert decision.order is DateOrder.DMY
    assert decision.warning == IngestWarning(
        code="date_order_conflict",
        message="dates disagree on day/month order: '13/02/2026' reads day first (2 cells), "
        "'02/13/2026' reads month first (1 cells); read as DMY, dates impossible in that order are left empty",
    )


def test_a_file_without_numeric_dates_has_no_order() -> None:
    assert decide_order(tally_of("14/Sep/26 9:30 AM", "2026-09-14"), default=DateOrder.DMY).order is None


# --- through the reader ---------------------------------------------------------------------------


def export(tmp_path: Path, *issues: Issue) -> Path:
    return write_text(tmp_path / "export.csv", render_csv(issues))


def test_day_first_evidence_in_a_comment_decides_the_whole_file(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        Issue(
            "ALPHA-1",
            "one",
            created="03/04/2026 09:00",
            updated="03/04/2026 10:00",
            comments=("13/04/2026 11:00;acc-1;hi",),
        ),
    )
    parsed = parse(path, ctx=ParseContext(job_id="j", date_order="mdy"))
    task = parsed.task("jira:ALPHA-1")
    assert (parsed.done.date_order, task.created_date, task.comments[0].date) == (
        "dmy",
        utc(2026, 4, 3, 9, 0),
        utc(2026, 4, 13, 11, 0),
    )
    assert "date_order_assumed" not in parsed.codes


def test_month_first_file_reads_every_numeric_date_month_first(tmp_path: Path) -> None:
    path = export(
        tmp_path, Issue("ALPHA-1", "one", created="02/13/2026", updated="03/04/2026", due="04/05/2026")
    )
    parsed = parse(path)
    task = parsed.task("jira:ALPHA-1")
    assert (parsed.done.date_order, task.created_date, task.updated_date, task.due_date) == (
        "mdy",
        utc(2026, 2, 13),
        utc(2026, 3, 4),
        utc(2026, 4, 5),
    )


def test_ambiguous_file_uses_the_setting_and_warns(tmp_path: Path) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "one", created="03/04/2026", updated="03/04/2026")))
    assert (parsed.done.date_order, parsed.task("jira:ALPHA-1").created_date) == ("dmy", utc(2026, 4, 3))
    assert parsed.codes == ["date_order_assumed"]


def test_conflicting_file_leaves_minority_dates_empty_with_a_row_warning(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        Issue("ALPHA-1", "one", created="13/02/2026", updated="14/02/2026", due="02/13/2026"),
        Issue("ALPHA-2", "two", created="15/02/2026", updated="16/02/2026"),
    )
    parsed = parse(path)
    assert (parsed.done.date_order, parsed.task("jira:ALPHA-1").due_date) == ("dmy", None)
    assert parsed.codes == ["date_order_conflict", "date_impossible"]
    assert parsed.warning("date_impossible") == (
        "1 date cell names no real day in DMY order and was left empty, e.g. line 2 Due Date '02/13/2026'"
    )


def test_unparseable_dates_are_counted_with_the_first_five_examples(tmp_path: Path) -> None:
    issues = [Issue(f"ALPHA-{n}", "x", due=f"soon {n}") for n in range(1, 8)]
    parsed = parse(export(tmp_path, *issues))
    assert [task.due_date for task in parsed.tasks] == [None] * 7
    assert parsed.warning("date_unparseable") == (
        "7 date cells could not be read and were left empty, e.g. line 2 Due Date 'soon 1'; "
        "line 3 Due Date 'soon 2'; line 4 Due Date 'soon 3'; line 5 Due Date 'soon 4'; line 6 Due Date 'soon 5'; …"
    )


def test_jira_default_dates_need_no_order(tmp_path: Path) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "one")))
    assert (parsed.done.date_order, parsed.task("jira:ALPHA-1").created_date) == (
        None,
        utc(2026, 9, 14, 9, 30),
    )
