"""Opt-out enforcement in the index (spec 03 §8), through the one matcher of `knowledge/optout.py`.

At indexing a tagged channel or file never becomes a doc and a chunk holding a tagged pattern is
dropped (renderers already drop tagged Slack messages and Jira comments). At query time the same
checks run over every candidate hit, so a tag added after indexing hides content at once; `purge`
then deletes what it matches.
"""

from __future__ import annotations

from chiefops.knowledge.models import Chunk, Locator, SourceDoc
from chiefops.knowledge.optout import OptOutMatcher


def _text(locator: Locator, key: str) -> str | None:
    value = locator.get(key)
    return value if isinstance(value, str) and value else None


def _file_values(locator: Locator) -> list[str | None]:
    name = _text(locator, "file_name")
    folder = _text(locator, "folder_path")
    joined = f"{folder}/{name}" if folder and name else None
    return [joined, name, _text(locator, "document_id")]


def locator_opted_out(locator: Locator, matcher: OptOutMatcher) -> bool:
    """True when the channel or file the locator names is tagged."""
    if matcher.matches_channel(_text(locator, "channel"), _text(locator, "channel_id")):
        return True
    return matcher.matches_file(*_file_values(locator))


def doc_opted_out(doc: SourceDoc, matcher: OptOutMatcher) -> bool:
    return not matcher.is_empty and locator_opted_out(doc.locator, matcher)


def chunk_opted_out(chunk: Chunk, matcher: OptOutMatcher) -> bool:
    """True when the chunk's channel or file is tagged or its text holds a tagged pattern."""
    if matcher.is_empty:
        return False
    return (
        locator_opted_out(chunk.locator, matcher)
        or matcher.matches_text(chunk.body)
        or matcher.matches_text(chunk.title)
    )
