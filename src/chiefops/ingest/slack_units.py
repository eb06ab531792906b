"""Shared steps of Slack units: throttled progress, the channel unit's tail, the users unit.

Every reader ends a channel unit the same way: the assembler's messages, channel and people, the
reader's own warnings, then `UnitDoneItem` (`partial` / `member_failed` when a day file could not
be read, naming each file and its line:col).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping

from chiefops.ingest.slack_channel import ChannelAssembler
from chiefops.ingest.slack_people import SlackUser, person_from_user
from chiefops.ingest.units import PersonItem, ProgressFn, SpoolItem, UnitDoneItem, WarningItem
from chiefops.models import IngestWarning
from chiefops.runtime import heap_frozen

PROGRESS_INTERVAL_S = 0.25
"""At most ~4 progress calls per second per unit (02 §11)."""
_FAILURES_SHOWN = 5


class ThrottledProgress:
    """Calls `progress` for a channel at most every `PROGRESS_INTERVAL_S`, and always at the end."""

    def __init__(self, progress: ProgressFn, *, channel: str) -> None:
        self._progress = progress
        self._channel = channel
        self._last = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        self._progress(done, total, f"Parsing #{self._channel} ({done:,}/{total:,} messages)")


def member_failed_reason(failures: list[str]) -> str:
    shown = "; ".join(failures[:_FAILURES_SHOWN])
    more = f"; and {len(failures) - _FAILURES_SHOWN:,} more" if len(failures) > _FAILURES_SHOWN else ""
    return f"{shown}{more} — the other day files were ingested"


def finish_channel(
    assembler: ChannelAssembler,
    *,
    progress: ProgressFn,
    failures: list[str],
    warnings: Iterable[IngestWarning] = (),
) -> Iterator[SpoolItem]:
    """Yield a channel unit's items and its `UnitDoneItem` with counts."""
    people = 0
    with heap_frozen():
        for item in assembler.build(ThrottledProgress(progress, channel=assembler.info.name)):
            people += isinstance(item, PersonItem)
            yield item
    for warning in warnings:
        yield WarningItem(warning=warning)
    counts = {**assembler.counts(), "people": people, "day_files_failed": len(failures)}
    if failures:
        yield UnitDoneItem(
            status="partial", code="member_failed", reason=member_failed_reason(failures), counts=counts
        )
    else:
        yield UnitDoneItem(counts=counts)


def users_items(
    users: Mapping[str, SlackUser], *, warnings: Iterable[IngestWarning] = (), users_missing: bool = False
) -> Iterator[SpoolItem]:
    """The users unit: one person per profile, warnings, and `partial users_missing` without users."""
    for user in users.values():
        yield PersonItem(doc=person_from_user(user))
    for warning in warnings:
        yield WarningItem(warning=warning)
    counts = {"people": len(users)}
    if users_missing:
        yield UnitDoneItem(
            status="partial",
            code="users_missing",
            reason="this export has no users.json: authors shown as ids until a users.json is ingested",
            counts=counts,
        )
    else:
        yield UnitDoneItem(counts=counts)
