"""The demo world's calendar: the fixed span, working days and the timestamp formats each export uses.

Every date in the world is derived from these constants, never from the clock (spec 11 §1: the span and
the as-of stay fixed at any scale).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

START = date(2026, 6, 1)
AS_OF = date(2026, 11, 30)
SPAN_DAYS = (AS_OF - START).days
# Entry time of every ZIP member and OOXML part: the evening of the as-of day, when the exports were taken.
ARCHIVE_TIME = (2026, 11, 30, 22, 0, 0)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Quiet stretches: the August holiday lull and the US Thanksgiving days.
_LULLS = ((date(2026, 8, 10), date(2026, 8, 21), 0.45), (date(2026, 11, 26), date(2026, 11, 27), 0.5))


def days_before(day: date) -> int:
    """Whole UTC days from `day` to the as-of day (04 §0.2's `days(t)`)."""
    return (AS_OF - day).days


def day_at(offset: int) -> date:
    """The date `offset` days after the start of the span."""
    return START + timedelta(days=offset)


def all_days() -> list[date]:
    """Every calendar day of the span, both ends included."""
    return [day_at(i) for i in range(SPAN_DAYS + 1)]


def is_workday(day: date) -> bool:
    return day.weekday() < 5


def volume_factor(day: date) -> float:
    """How busy a day is relative to a normal weekday: weekends near silent, lulls reduced."""
    if not is_workday(day):
        return 0.04
    for first, last, factor in _LULLS:
        if first <= day <= last:
            return factor
    return 1.0


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def work_time(rng: random.Random, day: date, *, earliest: int = 7, latest: int = 18) -> datetime:
    """A plausible office-hours moment on `day` (UTC), to the second."""
    hour = rng.randint(earliest, latest)
    return at(day, hour, rng.randint(0, 59), rng.randint(0, 59))


def nearest_workday(day: date, *, forward: bool = False) -> date:
    """`day` itself when it is a weekday, else the closest weekday in the chosen direction."""
    step = timedelta(days=1 if forward else -1)
    while not is_workday(day):
        day += step
    return day


def slack_ts(moment: datetime, micros: int) -> str:
    """Slack's `ts`: epoch seconds and six digits of microseconds, as a string."""
    return f"{int(moment.timestamp())}.{micros:06d}"


def ts_datetime(ts: str) -> datetime:
    """The UTC moment of a Slack `ts` string (whole seconds; microseconds only order messages)."""
    return datetime.fromtimestamp(int(ts.split(".", 1)[0]), tz=UTC)


def jira_datetime(moment: datetime) -> str:
    """Jira Cloud's default export format, e.g. `14/Sep/26 9:30 AM`."""
    hour12 = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.day:02d}/{_MONTHS[moment.month - 1]}/{moment.year % 100:02d} {hour12}:{moment.minute:02d} {half}"


def jira_date(day: date) -> str:
    """A Jira due date: the date at midnight in the default format."""
    return jira_datetime(at(day, 0))


def parse_jira_datetime(text: str) -> datetime:
    """Inverse of `jira_datetime`, used by the self-check and the tests."""
    day_part, clock, half = text.split(" ")
    dd, mon, yy = day_part.split("/")
    hh, mm = (int(x) for x in clock.split(":"))
    hour = hh % 12 + (12 if half == "PM" else 0)
    return datetime(2000 + int(yy), _MONTHS.index(mon) + 1, int(dd), hour, mm, tzinfo=UTC)


def month_day(day: date) -> str:
    """How people write a date in chat: `Dec 18`."""
    return f"{_MONTHS[day.month - 1]} {day.day}"


def long_date(day: date) -> str:
    """How documents write a date: `18 December 2026`."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
