"""What an audit record keeps of a call (spec 03 §10): the sent messages, packed, and the source summary.

`sent` is `base64(gzip(JSON messages))` of at most 256 kB compressed; a larger payload keeps every
message but cuts the longest contents to a common length (marked `[truncated]`) until it fits, and the
record's `truncated` flag is set. `source_summary` reads like
`12 chunks: Slack (#proj-alpha, #alpha-dev), Jira (ALPHA), Drive (2 files)`.
"""

from __future__ import annotations

import base64
import gzip
import re
from collections.abc import Sequence
from typing import Literal

import orjson
from pydantic import TypeAdapter

from chiefops.models import ChunkSource, ChunkUse, Model

SENT_MAX_BYTES = 256 * 1024
TRUNCATION_MARK = " …[truncated]"
MAX_NAMES_PER_SOURCE = 5
_SLACK_CHANNEL = re.compile(r"^Slack (#\S+)")


class SentMessage(Model):
    """One message exactly as it left the machine (redacted)."""

    role: Literal["system", "user", "assistant"]
    content: str


_MESSAGES = TypeAdapter(list[SentMessage])


def _compress(messages: Sequence[SentMessage]) -> bytes:
    payload = orjson.dumps([m.model_dump() for m in messages])
    return gzip.compress(payload, compresslevel=6, mtime=0)


def _capped(messages: Sequence[SentMessage], cap: int) -> list[SentMessage]:
    return [
        m if len(m.content) <= cap else m.model_copy(update={"content": m.content[:cap] + TRUNCATION_MARK})
        for m in messages
    ]


def pack_sent(messages: Sequence[SentMessage], *, max_bytes: int = SENT_MAX_BYTES) -> tuple[str, bool]:
    """(`sent` value, truncated?) for the record; over `max_bytes` compressed, long contents are cut."""
    packed = _compress(messages)
    if len(packed) <= max_bytes:
        return base64.b64encode(packed).decode(), False
    low, high = 0, max((len(m.content) for m in messages), default=0)
    best = _compress(_capped(messages, 0))
    while low < high:
        cap = (low + high + 1) // 2
        attempt = _compress(_capped(messages, cap))
        if len(attempt) <= max_bytes:
            low, best = cap, attempt
        else:
            high = cap - 1
    return base64.b64encode(best).decode(), True


def unpack_sent(sent: str) -> list[SentMessage]:
    """The messages of a record's `sent` value (an empty value → no messages)."""
    if not sent:
        return []
    return _MESSAGES.validate_json(gzip.decompress(base64.b64decode(sent)))


def _names(chunk: ChunkUse) -> str | None:
    """The name a chunk adds to its source's list: Slack channel, Jira project key; None for counts only."""
    if chunk.source is ChunkSource.SLACK:
        channel = _SLACK_CHANNEL.match(chunk.label)
        return channel.group(1) if channel else chunk.doc_key.split(":")[1]
    if chunk.source is ChunkSource.JIRA:
        return chunk.doc_key.removeprefix("jira:").rsplit("-", 1)[0]
    return None


def _part(label: str, names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES_PER_SOURCE])
    more = len(names) - MAX_NAMES_PER_SOURCE
    return f"{label} ({shown}{f', +{more} more' if more > 0 else ''})"


def _counted(label: str, n: int, units: tuple[str, str]) -> str:
    return f"{label} ({n} {units[0] if n == 1 else units[1]})"


def summarize_sources(chunks: Sequence[ChunkUse]) -> str:
    """`12 chunks: Slack (#proj-alpha, #alpha-dev), Jira (ALPHA), Drive (2 files)` (≤ 5 names per source)."""
    head = f"{len(chunks)} chunk{'' if len(chunks) == 1 else 's'}"
    if not chunks:
        return head
    parts: list[str] = []
    for source, label in ((ChunkSource.SLACK, "Slack"), (ChunkSource.JIRA, "Jira")):
        names = [n for c in chunks if c.source is source and (n := _names(c)) is not None]
        if names:
            parts.append(_part(label, list(dict.fromkeys(names))))
    for source, label, units in (
        (ChunkSource.DRIVE, "Drive", ("file", "files")),
        (ChunkSource.MEMORY, "Memory", ("summary", "summaries")),
        (ChunkSource.CORRECTION, "Corrections", ("fact", "facts")),
    ):
        docs = {c.doc_key for c in chunks if c.source is source}
        if docs:
            parts.append(_counted(label, len(docs), units))
    return f"{head}: {', '.join(parts)}"
