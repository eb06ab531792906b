"""The one place that reads the wall clock (spec 10 rule 18).

Analytics never call this: they take the data's `as_of` as a parameter. The container holds a
`Clock` for bookkeeping stamps (`created_at`, job times); tests pass a `FixedClock`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """Wall-clock time, timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class FixedClock:
    """A clock that only moves when told to; for tests."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.at.timestamp()


def utc_now() -> datetime:
    """Current UTC time for bookkeeping defaults (model `created_at`), never for analytics."""
    return datetime.now(UTC)
