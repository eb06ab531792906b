"""Dates in Jira exports (spec 02 §5.4): the accepted patterns and the per-file day/month order.

Numeric dates (`03/04/2026`) are ambiguous, so the order is decided once per file from every
numeric date it holds (`OrderTally` → `decide_order`), then every cell is read with that order
(`DateReader`). Month names are accepted in English, Spanish, French, German and Portuguese, in
any case, with or without a trailing dot. Naive times are local to the configured timezone and
come out in UTC.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from chiefops.models import DateOrder, IngestWarning

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "enero", "ene", "janvier", "janv", "januar", "jan", "janeiro"),
    2: ("february", "feb", "febrero", "fevrier", "fevr", "fev", "februar", "fevereiro"),
    3: ("march", "mar", "marzo", "mars", "marz", "mrz", "marco"),
    4: ("april", "apr", "abril", "abr", "avril", "avr"),
    5: ("may", "mayo", "mai", "maio"),
    6: ("june", "jun", "junio", "juin", "juni", "junho"),
    7: ("july", "jul", "julio", "juillet", "juil", "juli", "julho"),
    8: ("august", "aug", "agosto", "ago", "aout"),
    9: ("september", "sep", "sept", "septiembre", "setiembre", "set", "septembre", "setembro"),
    10: ("october", "oct", "octubre", "octobre", "oktober", "okt", "outubro", "out"),
    11: ("november", "nov", "noviembre", "novembre", "novembro"),
    12: ("december", "dec", "diciembre", "dic", "decembre", "dezember", "dez", "dezembro"),
}
MONTHS: dict[str, int] = {name: month for month, names in _MONTH_NAMES.items() for name in names}
"""Month name or abbreviation (lookup form: case-folded, accents and trailing dot removed) → 1–12."""

_TIME = (
    r"(?:,?\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\.?)?)?"
)
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_WORD = r"(?P<mon>[^\W\d_]+)\.?"
_DAY_MON_YEAR = re.compile(rf"^(?P<d>\d{{1,2}})[/\- ]{_WORD}[/\- ](?P<y>\d{{4}}|\d{{2}}){_TIME}$")
_MON_DAY_YEAR = re.compile(rf"^{_WORD}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}){_TIME}$")
_DAY_WORDS_YEAR = re.compile(
    rf"^(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?{_WORD}\s+(?:de\s+)?(?P<y>\d{{4}}|\d{{2}}){_TIME}$", re.IGNORECASE
)
_NUMERIC = re.compile(
    rf"^(?P<a>\d{{1,2}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_TIME}$"
)
_JIRA_DEFAULT = re.compile(r"(\d{1,2})/([^\W\d_]{3,5})/(\d{2}) (\d{1,2}):(\d{2}) ([AP])M$")
"""Jira's own export format, the common case, read without the general patterns' overhead."""
_NUMERIC_HEAD = re.compile(r"\s*(\d{1,2})([/.\-])(\d{1,2})\2(?:\d{4}|\d{2})\b")


class BadDate(ValueError):
    """A cell that is not a date: `is_impossible` when it matched a pattern but names no real day
    (month 13 under the file's order, 30 February), else it matched no pattern at all."""

    def __init__(self, text: str, *, is_impossible: bool) -> None:
        super().__init__(text)
        self.text = text
        self.is_impossible = is_impossible


@functools.lru_cache(maxsize=512)
def month_number(name: str) -> int | None:
    """1–12 for a month name or abbreviation in a supported language, else None."""
    decomposed = unicodedata.normalize("NFKD", name.rstrip("."))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return MONTHS.get(plain)


# --- Day/month order ----------------------------------------------------------------------------


@dataclass
class OrderTally:
    """Evidence for a file's day/month order, from every numeric date cell (`A/B/YYYY`)."""

    day_first: int = 0
    month_first: int = 0
    numeric: int = 0
    day_first_example: str | None = None
    month_first_example: str | None = None

    def add(self, text: str) -> None:
        """Count one date cell (any cell may be passed; only numeric dates count)."""
        match = _NUMERIC_HEAD.match(text)
        if match is None:
            return
        self.numeric += 1
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            self.day_first += 1
            self.day_first_example = self.day_first_example or text.strip()
        elif second > 12 >= first:
            self.month_first += 1
            self.month_first_example = self.month_first_example or text.strip()


@dataclass(frozen=True)
class OrderDecision:
    """The file's order (None when it has no numeric dates) and the warning explaining a guess."""

    order: DateOrder | None
    warning: IngestWarning | None = None


def decide_order(tally: OrderTally, *, default: DateOrder) -> OrderDecision:
    """§5.4: A > 12 only → DMY; B > 12 only → MDY; neither → default + `date_order_assumed`;
    both → the majority (default on a tie) + `date_order_conflict` quoting one cell of each."""
    if tally.numeric == 0:
        return OrderDecision(order=None)
    if tally.day_first and tally.month_first:
        order = _majority(tally, default=default)
        message = (
            f"dates disagree on day/month order: '{tally.day_first_example}' reads day first "
            f"({tally.day_first} cells), '{tally.month_first_example}' reads month first "
            f"({tally.month_first} cells); read as {order.value.upper()}, dates impossible in that order are left empty"
        )
        return OrderDecision(order=order, warning=IngestWarning(code="date_order_conflict", message=message))
    if tally.day_first:
        return OrderDecision(order=DateOrder.DMY)
    if tally.month_first:
        return OrderDecision(order=DateOrder.MDY)
    message = (
        f"{tally.numeric} numeric dates could be read either way (day/month or month/day); "
        f"read as {default.value.upper()} (setting CHIEFOPS_INGEST_DATE_ORDER)"
    )
    return OrderDecision(order=default, warning=IngestWarning(code="date_order_assumed", message=message))


def _majority(tally: OrderTally, *, default: DateOrder) -> DateOrder:
    if tally.day_first == tally.month_first:
        return default
    return DateOrder.DMY if tally.day_first > tally.month_first else DateOrder.MDY


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class DateReader:
    """Reads date cells of one file with its day/month order; naive times are in `zone`."""

    order: DateOrder
    zone: tzinfo
    _cache: dict[str, datetime] = field(default_factory=dict, repr=False)

    @classmethod
    def for_zone(cls, order: DateOrder | None, *, zone_name: str, default: DateOrder) -> DateReader:
        zone: tzinfo = UTC if zone_name.upper() == "UTC" else ZoneInfo(zone_name)
        return cls(order=order or default, zone=zone)

    def read(self, cell: str) -> datetime:
        """The UTC moment of a cell, or `BadDate`."""
        found = self._cache.get(cell)
        if found is None:
            found = self._parse(cell.strip())
            if len(self._cache) < 100_000:
                self._cache[cell] = found
        return found

    def _parse(self, text: str) -> datetime:
        fast = _JIRA_DEFAULT.match(text)
        if fast is not None:
            found = self._jira_default(text, fast.groups())
            if found is not None:
                return found
        match = _DAY_MON_YEAR.match(text) or _DAY_WORDS_YEAR.match(text) or _MON_DAY_YEAR.match(text)
        if match is not None:
            month = month_number(match.group("mon"))
            if month is None:
                raise BadDate(text, is_impossible=False)
            return self._build(text, match, year=match.group("y"), month=month, day=int(match.group("d")))
        match = _NUMERIC.match(text)
        if match is not None:
            first, second = int(match.group("a")), int(match.group("b"))
            day, month = (first, second) if self.order is DateOrder.DMY else (second, first)
            return self._build(text, match, year=match.group("y"), month=month, day=day)
        match = _ISO.match(text)
        if match is not None:
            return self._build(
                text, match, year=match.group("y"), month=int(match.group("mo")), day=int(match.group("d"))
            )
        raise BadDate(text, is_impossible=False)

    def _jira_default(self, text: str, groups: tuple[str | Any, ...]) -> datetime | None:
        day, name, year, hour, minute, half = groups
        month = month_number(name)
        if month is None or not 1 <= int(hour) <= 12:
            return None
        try:
            moment = datetime(
                2000 + int(year), month, int(day), int(hour) % 12 + (12 if half == "P" else 0), int(minute),
                tzinfo=self.zone,
            )  # fmt: skip
        except ValueError:
            raise BadDate(text, is_impossible=True) from None
        return moment if self.zone is UTC else moment.astimezone(UTC)

    def _build(self, text: str, match: re.Match[str], *, year: str, month: int, day: int) -> datetime:
        full_year = int(year) + 2000 if len(year) == 2 else int(year)
        try:
            hour = _hour(match.group("h"), match.groupdict().get("ap"))
            zone = _offset(match.groupdict().get("tz")) or self.zone
            moment = datetime(
                full_year, month, day, hour, int(match.group("mi") or 0), int(match.group("s") or 0),
                _micros(match.group("f")), tzinfo=zone,
            )  # fmt: skip
        except ValueError:
            raise BadDate(text, is_impossible=True) from None
        return moment.astimezone(UTC)


def _hour(text: str | None, half: str | None) -> int:
    hour = int(text or 0)
    if half is None:
        return hour
    if not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} with AM/PM")
    return hour % 12 + (12 if half in "Pp" else 0)


def _micros(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
