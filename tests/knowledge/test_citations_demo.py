"""Every citation on the demo world resolves to the record it names (spec 03 §2.2; audit D3).

For the top-10 hits of every retrieval question: a Slack citation's channel + ts is a stored message
of that channel, at the cited time, by the named author; a Jira citation's key is a stored issue,
and a "comment by X · date" label names a stored comment by X on that day that the quote is taken
from; a Drive citation's document is stored under the quoted file name, and its page, slide, sheet
or heading exists in the document's extracted text, which holds the quote.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from difflib import SequenceMatcher

from tests.knowledge.conftest import DEMO_AS_OF, DemoIndex

from chiefops.clock import FixedClock
from chiefops.knowledge import EmbeddedIndex, Hit, Source, parse_query
from chiefops.knowledge.text import format_day
from chiefops.models import Document, Message, MessageSource, Person, Task
from chiefops.services import running_services
from chiefops.store import Store

_COMMENT_LABEL = re.compile(r"^Jira (?P<key>\S+) · comment by (?P<author>.+) · (?P<day>\d{4}-\d{2}-\d{2})$")
_MIN_SHARED_CHARS = 12


def _plain(text: str) -> str:
    return " ".join(text.replace("…", " ").split())


def _shares_text(quote: str, source: str) -> bool:
    """The quote and the source text share a run of at least `_MIN_SHARED_CHARS` characters."""
    a, b = _plain(quote), _plain(source)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(_MIN_SHARED_CHARS, len(a))


async def _slack(hit: Hit, store: Store, names: dict[str, str]) -> list[str]:
    c = hit.citation
    channel_id, ts = c.ref.removeprefix("/sources/slack/").split("/")
    found = await store.typed(Message).find_one({"channel_id": channel_id, "slack_ts": ts})
    if found is None:
        return [f"{c.chunk_id}: no message {channel_id}/{ts}"]
    problems = []
    if not c.label.startswith(f"Slack #{found.channel} · {format_day(found.timestamp, DEMO_ZONE)}"):
        problems.append(f"{c.chunk_id}: label {c.label!r} vs #{found.channel} on {found.timestamp:%Y-%m-%d}")
    if c.timestamp != found.timestamp or ts not in c.ids:
        problems.append(
            f"{c.chunk_id}: timestamp {c.timestamp} / ids {c.ids} vs message {found.timestamp} {ts}"
        )
    if ":day:" in c.doc_key and not c.label.endswith(f" · {names.get(found.author, '')}"):
        problems.append(f"{c.chunk_id}: label {c.label!r} does not name {names.get(found.author)}")
    return problems


async def _jira(hit: Hit, store: Store, names: dict[str, str]) -> list[str]:
    c = hit.citation
    key = c.ids[0]
    if c.ref != f"/sources/jira/{key}" or await store.typed(Task).find_one({"jira_key": key}) is None:
        return [f"{c.chunk_id}: no issue {key} behind {c.ref}"]
    named = _COMMENT_LABEL.match(c.label)
    if named is None:
        return []
    comments = await store.typed(Message).find({"source": MessageSource.JIRA_COMMENT.value, "channel": key})
    matching = [
        m
        for m in comments
        if names.get(m.author) == named["author"] and format_day(m.timestamp, DEMO_ZONE) == named["day"]
    ]
    if not any(c.timestamp == m.timestamp and _shares_text(c.quote, m.text) for m in matching):
        return [f"{c.chunk_id}: {c.label!r} names no comment holding the quote {c.quote!r}"]
    return []


def _span(label: str, plural: str, first: int | None) -> range | None:
    """The pages / slides a label cites: `pp. 2–3`, `slides 1–5`, or the single one."""
    if first is None:
        return None
    found = re.search(rf"{re.escape(plural)}(\d+)–(\d+)", label)
    return range(int(found[1]), int(found[2]) + 1) if found else range(first, first + 1)


async def _drive(hit: Hit, store: Store, local: EmbeddedIndex) -> list[str]:
    c = hit.citation
    document = await store.typed(Document).find_one({"document_id": c.ids[0]})
    if document is None or not c.ref.startswith(f"/sources/drive/{document.document_id}"):
        return [f"{c.chunk_id}: no document {c.ids} behind {c.ref}"]
    if f'"{document.file_name}"' not in c.label:
        return [f"{c.chunk_id}: label {c.label!r} does not name {document.file_name}"]
    (stored,) = await local.stored_docs(source=Source.DRIVE, doc_keys=[c.doc_key])
    pages, slides = _span(c.label, "pp. ", c.page), _span(c.label, "slides ", c.slide)
    parts = [
        p
        for p in stored.parts
        if (pages is None or p.locator.get("page") in pages)
        and (slides is None or p.locator.get("slide") in slides)
        and (c.sheet is None or p.locator.get("sheet") == c.sheet)
        and (c.section is None or c.section in (p.locator.get("heading_path") or []))
    ]
    if not parts:
        return [
            f"{c.chunk_id}: page {c.page} / slide {c.slide} / sheet {c.sheet} / section {c.section} not in the file"
        ]
    if not _shares_text(c.quote, "\n".join(p.text for p in parts)):
        return [f"{c.chunk_id}: the quote {c.quote!r} is not in the cited place"]
    return []


async def _resolve(demo: DemoIndex) -> tuple[list[str], Counter[str]]:
    async with running_services(demo.settings, clock=FixedClock(DEMO_AS_OF)) as services:
        store = services.store
        names = {p.person_id: p.name for p in await store.typed(Person).find()}
        problems: list[str] = []
        sources: Counter[str] = Counter()
        for question in demo.questions:
            query = parse_query({"text": question["question"], "top_k": 10, "mode": "lexical"})
            for hit in (await services.knowledge.search(query)).hits:
                sources[hit.citation.source.value] += 1
                if hit.citation.source is Source.SLACK:
                    problems += await _slack(hit, store, names)
                elif hit.citation.source is Source.JIRA:
                    problems += await _jira(hit, store, names)
                elif hit.citation.source is Source.DRIVE:
                    problems += await _drive(hit, store, services.knowledge.local)
        return problems, sources


DEMO_ZONE = DEMO_AS_OF.tzinfo  # the demo runs in UTC (CHIEFOPS_TIMEZONE default)


def test_every_demo_citation_resolves_to_the_stored_message_issue_or_document(demo: DemoIndex) -> None:
    problems, sources = asyncio.run(_resolve(demo))
    assert (sources["slack"] > 100, sources["jira"] > 100, sources["drive"] > 50) == (True, True, True)
    assert problems == []
