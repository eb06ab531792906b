"""As-of time (spec 04 §0.2): newest event, outliers ignored, setting override, empty data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chiefops.intel.asof import compute_as_of, parse_as_of_setting

BASE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_as_of_is_the_newest_event_and_days_count_whole_utc_days() -> None:
    as_of = compute_as_of([BASE, BASE + timedelta(days=182, hours=10)])
    assert (as_of.day, as_of.basis, as_of.days_since(date(2026, 11, 20))) == (date(2026, 11, 30), "data", 10)
    assert as_of.window_start(28) == date(2026, 11, 3)


def test_a_timestamp_far_past_the_999th_percentile_is_ignored_with_a_warning() -> None:
    events = [BASE + timedelta(hours=i) for i in range(5000)] + [datetime(2031, 1, 1, tzinfo=UTC)]
    as_of = compute_as_of(events)
    assert (as_of.at, as_of.ignored_events) == (BASE + timedelta(hours=4999), 1)
    assert as_of.warnings[0].startswith("1 event time(s) later than")


def test_the_setting_overrides_and_an_empty_workspace_says_so() -> None:
    fixed = parse_as_of_setting("2026-11-30")
    assert fixed == datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)
    assert compute_as_of([BASE], override=fixed).basis == "setting"
    assert compute_as_of([]).warnings == ("no dated events yet: no data to analyse",)
