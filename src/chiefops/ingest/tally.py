"""What one unit's write did: counts by outcome, index changes and the deltas derived updates apply.

A tally is built while a unit's spool is applied and merged into the job's totals only when the
unit's transaction commits, so a rolled-back unit leaves no trace in the summary either.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from chiefops.ingest.record_ops import Doc, day_of, ts_key
from chiefops.knowledge.changes import IndexChanges
from chiefops.models import IngestWarning

MAX_FILE_WARNINGS = 50

RollupKey = tuple[str, str | None, str, str]
"""(UTC day `YYYY-MM-DD`, project_id, channel, author)."""


def later_ts(a: str | None, b: str | None) -> str | None:
    """The later of two Slack ts strings (None counts as earliest)."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) == len(b):  # same shape: text order is ts order
        return b if b > a else a
    return b if ts_key(b) > ts_key(a) else a


def earlier_ts(a: str | None, b: str | None) -> str | None:
    """The earlier of two Slack ts strings (None counts as latest)."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) == len(b):
        return b if b < a else a
    return b if ts_key(b) < ts_key(a) else a


@dataclass
class ChannelDelta:
    """Messages a unit added to one channel, the span of their ts, and the newest ts it saw."""

    added: int = 0
    first_ts: str | None = None
    last_ts: str | None = None
    newest_seen: str | None = None

    def see(self, ts: str | None, *, added: bool) -> None:
        self.newest_seen = later_ts(self.newest_seen, ts)
        if not added or ts is None:
            return
        self.added += 1
        self.first_ts = earlier_ts(self.first_ts, ts)
        self.last_ts = later_ts(self.last_ts, ts)


@dataclass
class UnitTally:
    """Counts use the summary's names joined by `_` (`messages_new`, `jira_comments_removed`)."""

    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[IngestWarning] = field(default_factory=list)
    warnings_total: int = 0
    done: Doc | None = None
    changes: IndexChanges = field(default_factory=IndexChanges)
    written: set[str] = field(default_factory=set)
    rollups: Counter[RollupKey] = field(default_factory=Counter)
    channels: dict[str, ChannelDelta] = field(default_factory=dict)
    last_active: dict[str, str] = field(default_factory=dict)
    indexed_documents: list[str] = field(default_factory=list)
    status_map: dict[str, str] = field(default_factory=dict)
    newest: str = ""
    """Newest event time (fixed-width UTC text) in the unit's data: its contribution to `data_as_of`."""

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def warn(self, warning: IngestWarning) -> None:
        self.warnings_total += 1
        if len(self.warnings) < MAX_FILE_WARNINGS:
            self.warnings.append(warning)

    def rollup(self, doc: Doc, delta: int) -> None:
        """Count a stored message in (or out of) its day × project × channel × author row."""
        key: RollupKey = (day_of(doc["timestamp"]), doc.get("project_id"), doc["channel"], doc["author"])
        self.rollups[key] += delta

    def saw_time(self, stamp: str | None) -> None:
        if stamp and stamp > self.newest:
            self.newest = stamp

    def activity(self, author: str, timestamp: str) -> None:
        if timestamp > self.last_active.get(author, ""):
            self.last_active[author] = timestamp

    def index_message(self, doc: Doc) -> None:
        """The knowledge-index unit a changed message belongs to (03 §2.1)."""
        if doc.get("source") == "jira_comment":
            self.changes.jira_keys.add(str(doc["channel"]))
        elif doc.get("is_system"):
            return
        elif doc.get("thread_ts"):
            self.changes.slack_threads.add(
                (str(doc.get("channel_id") or doc["channel"]), str(doc["thread_ts"]))
            )
        else:
            day = date.fromisoformat(day_of(doc["timestamp"]))
            self.changes.slack_days.add((str(doc.get("channel_id") or doc["channel"]), day))
