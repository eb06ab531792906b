"""Typed reads of raw Slack JSON — the edge where exported objects enter (spec 10 rule 13).

Slack exports are loosely typed (a field may be missing, null or of another type in old exports).
These helpers return the value when it has the expected type and a neutral default otherwise,
so the normaliser never trips over a malformed field and never re-checks types itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

RawObject = Mapping[str, object]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TS = re.compile(r"(\d{1,11})(?:\.(\d{1,6})\d*)?")
DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)


def as_object(value: object) -> RawObject | None:
    return value if isinstance(value, dict) else None


def objects(value: object) -> list[RawObject]:
    """The dict members of a JSON list (anything else → [])."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def text_of(raw: RawObject, key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def nonempty(raw: RawObject, key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value.strip() else None


def int_of(raw: RawObject, key: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return 0


def bool_of(raw: RawObject, key: str) -> bool:
    return raw.get(key) is True


def strings(raw: RawObject, key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def ts_of(raw: RawObject, key: str = "ts") -> str | None:
    """A Slack ts as its exact string; numbers (hand-made JSON) go through `repr`, never rounding."""
    value = raw.get(key)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return repr(value)
    return None


def parse_ts(ts: str) -> datetime | None:
    """UTC datetime of a ts string: integer seconds + 6-digit microseconds, never through a float."""
    match = _TS.fullmatch(ts)
    if match is None:
        return None
    fraction = (match.group(2) or "").ljust(6, "0")
    return EPOCH + timedelta(seconds=int(match.group(1)), microseconds=int(fraction))


def ts_key(ts: str) -> tuple[int, int]:
    """Sort key of a valid ts string (seconds, microseconds)."""
    match = _TS.fullmatch(ts)
    if match is None:
        return (0, 0)
    return (int(match.group(1)), int((match.group(2) or "").ljust(6, "0")))


def epoch_datetime(seconds: int) -> datetime | None:
    """UTC datetime of epoch seconds (channels.json `created`), None for 0 or out of range."""
    if seconds <= 0 or seconds > 253_402_300_799:
        return None
    return EPOCH + timedelta(seconds=seconds)


def strip_query(url: str | None) -> str | None:
    """A URL without its query string and fragment (export links carry access tokens)."""
    if not url:
        return None
    return url.split("?", 1)[0].split("#", 1)[0]
