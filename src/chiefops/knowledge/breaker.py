"""The Citex circuit breaker and the state it reports (spec 03 §5 Degradation).

Any failed Citex call makes the backend `degraded` ("Citex unreachable since 14:02"); three failures in
a row open the breaker for 60 s — queries go straight to the embedded index and writes straight to the
outbox. After that a `GET /health` probe decides: success closes it (state `ok`), failure keeps it open
another 60 s. Time comes from the injected clock (`monotonic` for the 60 s, `now` for "since").
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.models import Model, UtcDatetime

BREAKER_FAILURES = 3
BREAKER_OPEN_S = 60.0


class CitexState(Model):
    """What the `knowledge.status`-style event carries: {state, reason, since, queued} (03 §5)."""

    state: Literal["ok", "degraded"]
    reason: str = ""
    since: UtcDatetime | None = None
    queued: int = 0


class CircuitBreaker:
    """Counts failures in a row; open for `open_s` after `threshold` of them."""

    def __init__(
        self, clock: Clock, *, threshold: int = BREAKER_FAILURES, open_s: float = BREAKER_OPEN_S
    ) -> None:
        self._clock = clock
        self._threshold = threshold
        self._open_s = open_s
        self._failures = 0
        self._opened_at: float | None = None
        self.since: datetime | None = None
        self.reason = ""
        self.version = 0
        """Raised on every ok ↔ degraded change, so the owner publishes each change once."""

    @property
    def is_degraded(self) -> bool:
        return self._failures > 0

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allows_call(self) -> bool:
        """True while closed: Citex may be called."""
        return self._opened_at is None

    def probe_due(self) -> bool:
        """True when open for at least `open_s`: the next caller probes `GET /health`."""
        return self._opened_at is not None and self._clock.monotonic() - self._opened_at >= self._open_s

    def record_failure(self, reason: str) -> None:
        if self._failures == 0:
            self.since = self._clock.now()
            self.version += 1
        self._failures += 1
        self.reason = reason
        if self._failures >= self._threshold or self._opened_at is not None:
            self._opened_at = self._clock.monotonic()

    def record_success(self) -> None:
        if self._failures:
            self.version += 1
        self._failures = 0
        self._opened_at = None
        self.since = None
        self.reason = ""

    def warning(self, zone: ZoneInfo) -> str:
        """`Citex unreachable since 14:02 — answered from the local index` (time in the display zone)."""
        since = self.since or self._clock.now()
        return f"Citex unreachable since {since.astimezone(zone):%H:%M} — answered from the local index"

    def state(self, *, queued: int) -> CitexState:
        if not self.is_degraded:
            return CitexState(state="ok", queued=queued)
        return CitexState(state="degraded", reason=self.reason, since=self.since, queued=queued)
