"""Citex hits back to ChiefOps `Hit`s (spec 03 §5): through the `doc_key` tag and the local catalogue.

A hit whose doc is unknown locally, not indexed (opted out, purged) or tombstoned is dropped, so a
stale remote copy never surfaces. The passage becomes the local chunk of that doc sharing the most
words with it, and the query's filters (project scope, sources, channels, issues, documents,
authors, time window) and the opt-out tags are applied again on that chunk. Per-project result
lists are merged by reciprocal rank fusion; the first place of a list scores 1.0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from chiefops.knowledge.citations import build_citation
from chiefops.knowledge.citex import CitexHit
from chiefops.knowledge.embedded.fusion import RRF_K, fuse
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.embedded.lexical import parse_text
from chiefops.knowledge.enforce import chunk_opted_out
from chiefops.knowledge.models import Chunk, Hit, HitLegs, KnowledgeQuery
from chiefops.knowledge.optout import OptOutMatcher

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class MappedHits:
    hits: list[Hit]
    candidates: int
    optout_filtered: int
    dropped: int
    """Hits of unknown, not indexed or tombstoned docs, or outside the query's filters."""


def _text_of(chunk: Chunk, key: str) -> str | None:
    value = chunk.locator.get(key)
    return value if isinstance(value, str) and value else None


def _in_scope(chunk: Chunk, q: KnowledgeQuery) -> bool:
    if chunk.project_id is None:
        return q.unscoped_included
    return q.project_ids is None or chunk.project_id in q.project_ids


def _in_window(chunk: Chunk, q: KnowledgeQuery) -> bool:
    """The chunk's span overlaps [since, until)."""
    if q.since is not None and (chunk.ts_end is None or chunk.ts_end < q.since):
        return False
    return q.until is None or (chunk.ts_start is not None and chunk.ts_start < q.until)


def chunk_matches(chunk: Chunk, q: KnowledgeQuery) -> bool:
    """The query's filters evaluated on one chunk (the same rules as the embedded index's SQL)."""
    if not _in_scope(chunk, q) or not _in_window(chunk, q):
        return False
    if q.sources and chunk.source not in q.sources:
        return False
    if q.channels:
        wanted = {c.lstrip("#").casefold() for c in q.channels}
        names = {(_text_of(chunk, k) or "").casefold() for k in ("channel", "channel_id")}
        if not wanted & names:
            return False
    if q.issue_keys and chunk.doc_key not in {f"jira:{k.upper()}" for k in q.issue_keys}:
        return False
    if q.document_ids and _text_of(chunk, "document_id") not in q.document_ids:
        return False
    return not q.authors or bool(set(q.authors) & set(chunk.authors))


def best_chunk(chunks: Sequence[Chunk], passage: str) -> Chunk:
    """The chunk sharing the most words with the passage (the first on a tie)."""
    words = set(_WORD.findall(passage.casefold()))
    return max(chunks, key=lambda c: (len(words & set(_WORD.findall(c.text.casefold()))), -c.n))


async def _chunks_by_doc(
    local: EmbeddedIndex, hits: Sequence[CitexHit], tombstoned: set[str]
) -> dict[str, list[Chunk]]:
    keys = sorted({h.doc_key for h in hits if h.doc_key and h.doc_key not in tombstoned})
    states = await local.doc_states(keys)
    return {key: await local.chunks_of(key) for key in keys if states.get(key) == "indexed"}


@dataclass
class _Picked:
    ranked: dict[str, list[str]] = field(default_factory=dict)
    chunks: dict[str, Chunk] = field(default_factory=dict)
    optout: int = 0
    dropped: int = 0


def _pick(
    legs: Mapping[str, Sequence[CitexHit]],
    chunks: Mapping[str, list[Chunk]],
    *,
    q: KnowledgeQuery,
    matcher: OptOutMatcher,
) -> _Picked:
    """Each leg's hits as local chunk ids in rank order, without drops, opted-out chunks or repeats."""
    picked = _Picked()
    for leg, leg_hits in legs.items():
        picked.ranked[leg] = []
        for hit in leg_hits:
            doc_chunks = chunks.get(hit.doc_key or "")
            chunk = best_chunk(doc_chunks, hit.content) if doc_chunks else None
            if chunk is None or not chunk_matches(chunk, q):
                picked.dropped += 1
            elif chunk_opted_out(chunk, matcher):
                picked.optout += 1
            elif chunk.chunk_id not in picked.chunks:
                picked.chunks[chunk.chunk_id] = chunk
                picked.ranked[leg].append(chunk.chunk_id)
    return picked


def _hits(picked: _Picked, *, q: KnowledgeQuery, zone: ZoneInfo) -> list[Hit]:
    """RRF over the legs (first place of a leg scores 1.0), `min_score`, then the best `top_k`."""
    parsed = parse_text(q.text)
    terms = [*parsed.terms, *(word for phrase in parsed.phrases for word in phrase.split())]
    fused = fuse(picked.ranked, dict.fromkeys(picked.ranked, 1.0))
    scored = [(cid, min(1.0, f * (RRF_K + 1))) for cid, f in fused]
    kept = [(cid, score) for cid, score in scored if score >= q.min_score][: q.top_k]
    return [
        Hit(
            chunk_id=cid,
            rank=rank,
            score=round(score, 6),
            text=picked.chunks[cid].text,
            citation=build_citation(picked.chunks[cid], terms, zone=zone),
            legs=HitLegs(),
        )
        for rank, (cid, score) in enumerate(kept, start=1)
    ]


async def map_hits(
    legs: Mapping[str, Sequence[CitexHit]],
    *,
    q: KnowledgeQuery,
    local: EmbeddedIndex,
    tombstoned: set[str],
    matcher: OptOutMatcher,
    zone: ZoneInfo,
) -> MappedHits:
    """Hits for the query from per-project Citex result lists (each in Citex's rank order)."""
    every = [hit for leg_hits in legs.values() for hit in leg_hits]
    chunks = await _chunks_by_doc(local, every, tombstoned)
    picked = _pick(legs, chunks, q=q, matcher=matcher)
    return MappedHits(
        hits=_hits(picked, q=q, zone=zone),
        candidates=len(every),
        optout_filtered=picked.optout,
        dropped=picked.dropped,
    )
