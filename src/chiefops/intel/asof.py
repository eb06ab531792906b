"""The data's as-of time (spec 04 §0.2): the latest event time, never the wall clock.

`as_of` is the newest of message times, task created/updated/resolved times and document modified
times. Event times more than `outlier_days` past the 99.9th percentile of all event times are
ignored (a stray 2031 timestamp must not move "today") and reported as a warning with their count.
The setting `intel.as_of` overrides the result (tests pin it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import numpy as np

AsOfBasis = Literal["data", "setting", "empty"]


@dataclass(frozen=True)
class AsOfConfig:
    """Thresholds of the as-of rule (04 §0.2)."""

    outlier_percentile: float = 99.9
    outlier_days: int = 30


@dataclass(frozen=True)
class AsOf:
    """The analysis time: `at` is the newest kept event; `day` its UTC calendar day."""

    at: datetime
    basis: AsOfBasis
    ignored_events: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def day(self) -> date:
        return self.at.astimezone(UTC).date()

    def days_since(self, moment: datetime | date) -> int:
        """Whole UTC calendar days from `moment` to the as-of day (0 on the as-of day itself)."""
        moment_day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
        return (self.day - moment_day).days

    def window_start(self, days: int) -> date:
        """First day of the `days`-day window that ends on (and includes) the as-of day."""
        return self.day - timedelta(days=days - 1)


EMPTY_AS_OF = datetime(1970, 1, 1, tzinfo=UTC)


def compute_as_of(
    event_times: Iterable[datetime], *, override: datetime | None = None, cfg: AsOfConfig | None = None
) -> AsOf:
    """The as-of time of a workspace from its event times (see the module docstring)."""
    config = cfg or AsOfConfig()
    stamps = np.fromiter((t.timestamp() for t in event_times), dtype=np.float64)
    if override is not None:
        return AsOf(at=override.astimezone(UTC), basis="setting")
    if stamps.size == 0:
        return AsOf(at=EMPTY_AS_OF, basis="empty", warnings=("no dated events yet: no data to analyse",))
    cutoff = float(np.percentile(stamps, config.outlier_percentile)) + config.outlier_days * 86_400
    kept = stamps[stamps <= cutoff]
    ignored = int(stamps.size - kept.size)
    newest = datetime.fromtimestamp(float(kept.max()), tz=UTC)
    warnings: tuple[str, ...] = ()
    if ignored:
        limit = datetime.fromtimestamp(cutoff, tz=UTC).date().isoformat()
        warnings = (
            f"{ignored} event time(s) later than {limit} ignored as outliers when choosing the as-of date",
        )
    return AsOf(at=newest, basis="data", ignored_events=ignored, warnings=warnings)


def parse_as_of_setting(value: object) -> datetime | None:
    """The `intel.as_of` setting as an aware datetime (a plain date means the end of that UTC day)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
