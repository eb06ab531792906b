"""Activity levels and team scores (spec 04 §1.3): bands, the silence override, percentiles."""

from __future__ import annotations

from datetime import date, timedelta

from chiefops.intel.activity import PersonBook, WindowCounts, compute_levels, percentile_scores
from chiefops.models import ActivityLevel

AS_OF = date(2026, 11, 30)


def book(messages: int, task_events: int, days: int, last_active: date | None) -> PersonBook:
    current = WindowCounts(
        messages=messages, task_events=task_events, days={AS_OF - timedelta(days=i) for i in range(days)}
    )
    return PersonBook(current=current, last_active=last_active)


def levels(books: dict[str, PersonBook], inactive: dict[str, str] | None = None) -> dict[str, ActivityLevel]:
    found = compute_levels(books, as_of=AS_OF, inactive=inactive or {}, data_start=date(2026, 6, 1))
    return {p: r.level for p, r in found.items()}


def test_the_score_bands_give_each_level() -> None:
    books = {
        "very": book(40, 8, 20, AS_OF),
        "active": book(20, 2, 8, AS_OF),
        "moderate": book(10, 1, 5, AS_OF),
        "quiet": book(4, 0, 3, AS_OF),
        "inactive": book(1, 0, 1, AS_OF),
    }
    assert levels(books) == {p: ActivityLevel(p.replace("very", "very_active")) for p in books}


def test_five_to_thirteen_silent_days_cap_the_level_at_quiet() -> None:
    books = {"kevin": book(38, 10, 13, AS_OF - timedelta(days=11)), "busy": book(40, 8, 20, AS_OF)}
    result = compute_levels(books, as_of=AS_OF, inactive={}, data_start=None)["kevin"]
    assert (result.level, result.silent_days) == (ActivityLevel.QUIET, 11)
    assert result.sentence.endswith("silent 11 days caps the level at quiet")


def test_fourteen_silent_days_or_a_deactivated_account_make_a_person_inactive() -> None:
    books = {"gone": book(30, 8, 20, AS_OF - timedelta(days=14)), "tom": book(40, 8, 20, AS_OF)}
    assert levels(books, inactive={"tom": "deactivated account"}) == {
        "gone": ActivityLevel.INACTIVE,
        "tom": ActivityLevel.INACTIVE,
    }


def test_percentiles_are_mid_rank_and_fifty_for_small_or_flat_groups() -> None:
    assert percentile_scores({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0}) == {
        "a": 10.0,
        "b": 30.0,
        "c": 50.0,
        "d": 70.0,
        "e": 90.0,
    }
    assert percentile_scores({"a": 1.0, "b": 2.0}) == {"a": 50.0, "b": 50.0}
    assert percentile_scores({k: 3.0 for k in "abcdef"}) == {k: 50.0 for k in "abcdef"}
    assert (
        percentile_scores({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0}, lower_is_better=True)["a"]
        == 90.0
    )
