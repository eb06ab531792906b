"""The port ingestion uses to keep the knowledge index in step (spec 02 §11 stage `indexing`).

Ingestion reports *what changed*; the knowledge index loads those records from the Store, renders
them into its own documents (Slack thread / channel-day units, Jira issues, Drive texts — 03 §2–3)
and replaces them. Until the real index is wired, `NoopSink` accepts everything and indexes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from chiefops.models import ExtractedText


@dataclass
class IndexChanges:
    """Units whose content changed in a job (sets, so repeats collapse)."""

    slack_threads: set[tuple[str, str]] = field(default_factory=set)
    """(channel_id, thread_ts) of threads with a new or changed message."""
    slack_days: set[tuple[str, date]] = field(default_factory=set)
    """(channel_id, UTC day) of unthreaded top-level messages that changed."""
    jira_keys: set[str] = field(default_factory=set)
    documents: list[ExtractedText] = field(default_factory=list)
    deleted_doc_keys: set[str] = field(default_factory=set)

    def is_empty(self) -> bool:
        return not (
            self.slack_threads or self.slack_days or self.jira_keys or self.documents or self.deleted_doc_keys
        )

    @property
    def size(self) -> int:
        return len(self.slack_threads) + len(self.slack_days) + len(self.jira_keys) + len(self.documents)


@dataclass(frozen=True)
class SinkOutcome:
    """What the index did with a batch of changes; `pending` are queued for a later retry."""

    docs_indexed: int = 0
    pending: int = 0
    warnings: tuple[str, ...] = ()


class KnowledgeSink(Protocol):
    async def apply(self, changes: IndexChanges) -> SinkOutcome: ...


class NoopSink:
    """Stands in until the knowledge index exists: indexes nothing, queues nothing."""

    async def apply(self, changes: IndexChanges) -> SinkOutcome:
        return SinkOutcome()
