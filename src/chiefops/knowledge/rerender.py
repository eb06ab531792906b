"""Docs rendered again by doc key (spec 03 §6, §8): re-scoping, opt-out purges, stale catalogue rows.

Slack threads and channel-days and Jira issues are rendered again from the Store; Drive docs from
the parts the index keeps with them (the upload is gone after ingestion) and their current
`documents` record. Keys whose records are gone are returned apart, so the caller can remove them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.loader import StoreLoader
from chiefops.knowledge.models import Source, SourceDoc
from chiefops.knowledge.render.context import RenderContext


@dataclass(frozen=True)
class ParsedKeys:
    """Doc keys by kind: Slack (channel_id, thread_ts) and (channel_id, day), Jira keys, Drive keys."""

    threads: list[tuple[str, str]] = field(default_factory=list)
    days: list[tuple[str, date]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    drive: list[str] = field(default_factory=list)


def parse_keys(keys: Sequence[str]) -> ParsedKeys:
    """Split doc keys by kind; memory and correction keys (not rendered from the Store) are left out."""
    parsed = ParsedKeys()
    for key in keys:
        if key.startswith("jira:"):
            parsed.issues.append(key.removeprefix("jira:"))
        elif key.startswith("drive:"):
            parsed.drive.append(key)
        elif key.startswith("slack:"):
            head, kind, value = key.rsplit(":", 2)
            channel_id = head.removeprefix("slack:")
            if kind == "thread":
                parsed.threads.append((channel_id, value))
            elif kind == "day":
                parsed.days.append((channel_id, date.fromisoformat(value)))
    return parsed


async def rerender(
    keys: Sequence[str], *, loader: StoreLoader, local: EmbeddedIndex, ctx: RenderContext
) -> tuple[list[SourceDoc], list[str]]:
    """(docs rendered again for `keys`, keys that cannot be rendered any more)."""
    parsed = parse_keys(keys)
    docs = [
        *await loader.thread_docs(parsed.threads, ctx),
        *await loader.day_docs(parsed.days, ctx),
        *await loader.issue_docs(parsed.issues, ctx),
    ]
    if parsed.drive:
        stored = await local.stored_docs(source=Source.DRIVE, doc_keys=parsed.drive)
        rendered, _ = await loader.drive_docs(stored, ctx)
        docs.extend(rendered)
    produced = {doc.doc_key for doc in docs}
    return docs, [key for key in keys if key not in produced]
