"""One query against `knowledge.db` (spec 03 §4, §8): candidates, scores, order, opt-out, hits.

Runs on a reader connection in a worker thread. Lexical candidates come from BM25 (200, widened to
1,000 and 5,000 when the row filters leave fewer than 2 × top_k); exact identifiers named in the
query join them; the semantic leg adds its best 200 when present. After ordering, the first
2 × top_k are checked against the opt-out tags and the first `top_k` survivors become hits.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from chiefops.knowledge.citations import build_citation
from chiefops.knowledge.embedded.catalog import unknown_projects
from chiefops.knowledge.embedded.filters import facet_groups, row_filter
from chiefops.knowledge.embedded.fusion import (
    COVERAGE_FLOOR,
    RecencyConfig,
    coverage_factor,
    fused_score,
    lexical_score,
    monotone,
    order_key,
    recency,
    rrf,
    rrf_max,
)
from chiefops.knowledge.embedded.lexical import (
    CANDIDATE_STEPS,
    ParsedQuery,
    bm25_candidates,
    exact_rowids,
    load_rows,
    match_expression,
    parse_text,
)
from chiefops.knowledge.embedded.rows import ChunkRow, from_epoch
from chiefops.knowledge.embedded.semantic import Vector, VectorMatrix
from chiefops.knowledge.embedded.vocab import Frequencies, document_frequencies, prune_common_terms
from chiefops.knowledge.embedded.writes import read_as_of
from chiefops.knowledge.enforce import chunk_opted_out
from chiefops.knowledge.models import Chunk, Hit, HitLegs, KnowledgeQuery, Source
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.knowledge.text import coverage_scanner

WEIGHTS = {"lexical": 1.0, "semantic": 1.0}
_CORRECTION = Source.CORRECTION.value
NO_WORDS = "The query has no searchable words (only punctuation, emoji or symbols); nothing was searched."


@dataclass
class Candidate:
    """A chunk competing for a place; its full `Chunk` is built only if it reaches the hit window."""

    rowid: int
    row: ChunkRow
    bm25: float | None = None
    lexical_rank: int | None = None
    cosine: float | None = None
    semantic_rank: int | None = None
    exact: bool = False
    recency: float = 1.0
    score: float = 0.0
    priority: int = 0
    """Corrections (2), then exact identifiers (1) come first whatever their score."""

    def __post_init__(self) -> None:
        self.mark_exact(self.exact)

    def mark_exact(self, exact: bool) -> None:
        self.exact = exact
        self.priority = 2 if self.row.source == _CORRECTION else int(exact)

    @cached_property
    def chunk(self) -> Chunk:
        return self.row.chunk()


@dataclass(frozen=True)
class SemanticInput:
    matrix: VectorMatrix
    vector: Vector


@dataclass
class QueryOutcome:
    hits: list[Hit] = field(default_factory=list)
    candidates: int = 0
    optout_filtered: int = 0
    hybrid: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QueryContext:
    matcher: OptOutMatcher
    config: RecencyConfig
    zone: ZoneInfo
    semantic: SemanticInput | None = None
    frequencies: Frequencies = document_frequencies


def _lexical(
    conn: sqlite3.Connection, q: KnowledgeQuery, parsed: ParsedQuery, frequencies: Frequencies
) -> dict[int, Candidate]:
    match = match_expression(prune_common_terms(conn, parsed, frequencies=frequencies), facet_groups(q))
    if match is None:
        return {}
    where, params = row_filter(q)
    need = 2 * q.top_k
    ranked: list[tuple[int, float]] = []
    rows: dict[int, ChunkRow] = {}
    for limit in CANDIDATE_STEPS:
        ranked = bm25_candidates(conn, match, limit=limit)
        rows = load_rows(conn, [rowid for rowid, _ in ranked], where, params)
        if len(rows) >= need or len(ranked) < limit:
            break
    found: dict[int, Candidate] = {}
    for rowid, bm25 in ranked:
        if rowid in rows:
            found[rowid] = Candidate(rowid, rows[rowid], bm25=bm25, lexical_rank=len(found) + 1)
    return found


def _add_exact(
    conn: sqlite3.Connection, q: KnowledgeQuery, parsed: ParsedQuery, found: dict[int, Candidate]
) -> None:
    where, params = row_filter(q)
    exact = set(exact_rowids(conn, parsed))
    missing = [r for r in exact if r not in found]
    for rowid, row in load_rows(conn, sorted(missing), where, params).items():
        found[rowid] = Candidate(rowid, row)
    for rowid, candidate in found.items():
        named = bool(parsed.channels) and candidate.row.channel().casefold() in parsed.channels
        candidate.mark_exact(rowid in exact or named)


def _add_semantic(
    conn: sqlite3.Connection, q: KnowledgeQuery, semantic: SemanticInput, found: dict[int, Candidate]
) -> None:
    where, params = row_filter(q)
    ranked = semantic.matrix.search(semantic.vector, q)
    missing = [rowid for rowid, _ in ranked if rowid not in found]
    loaded = load_rows(conn, missing, where, params)
    rank = 0
    for rowid, cosine in ranked:
        candidate = found.get(rowid)
        if candidate is None and rowid in loaded:
            candidate = found[rowid] = Candidate(rowid, loaded[rowid])
        if candidate is not None:
            rank += 1
            candidate.cosine, candidate.semantic_rank = cosine, rank


def _score(
    candidates: Sequence[Candidate],
    q: KnowledgeQuery,
    ctx: QueryContext,
    *,
    as_of: datetime | None,
    hybrid: bool,
    terms: Sequence[str],
) -> None:
    best = max((c.bm25 for c in candidates if c.bm25 is not None), default=0.0)
    f_max = rrf_max(WEIGHTS)
    for c in candidates:
        row = c.row
        c.recency = (
            recency(Source(row.source), from_epoch(row.ts_end), as_of=as_of, config=ctx.config)
            if q.uses_recency
            else 1.0
        )
        if hybrid:
            lexical_rank = c.lexical_rank if c.lexical_rank is not None or not c.exact else 1
            f = rrf({"lexical": lexical_rank, "semantic": c.semantic_rank}, WEIGHTS)
            c.score = fused_score(f, f_max, c.recency)
        else:
            ratio_bm25 = best if c.bm25 is None and c.exact else (c.bm25 or 0.0)
            c.score = lexical_score(ratio_bm25, best, c.recency) if best > 0 else float(c.exact) * c.recency
    _apply_coverage(candidates, terms, window=2 * q.top_k)


def _apply_coverage(candidates: Sequence[Candidate], terms: Sequence[str], *, window: int) -> None:
    """Multiply scores by the coverage factor (0.5–1), scanning texts best score first.

    A coverage factor never raises a score, so once a candidate's score is below the `window`-th
    best final score so far it — and every candidate after it — can no longer reach the window:
    those are halved (the lowest factor) without scanning their text. Corrections and exact
    identifiers, which are placed first whatever their score, are always scanned.
    """
    coverage = coverage_scanner(terms)
    ordered = sorted(candidates, key=lambda c: (-c.priority, -c.score))
    best: list[float] = []  # min-heap of the best final scores of ordinary candidates
    slots = window - sum(1 for c in candidates if c.priority)
    for c in ordered:
        if not c.priority and len(best) >= slots and (slots <= 0 or c.score < best[0]):
            c.score *= COVERAGE_FLOOR
            continue
        c.score *= coverage_factor(coverage(f"{c.row.title}\n{c.row.body}"))
        if not c.priority:
            heapq.heappush(best, c.score)
            if len(best) > slots:
                heapq.heappop(best)


def _hit(c: Candidate, rank: int, score: float, terms: Sequence[str], zone: ZoneInfo) -> Hit:
    return Hit(
        chunk_id=c.chunk.chunk_id,
        rank=rank,
        score=round(min(1.0, max(0.0, score)), 6),
        text=c.chunk.text,
        citation=build_citation(c.chunk, terms, zone=zone),
        legs=HitLegs(
            bm25=c.bm25,
            lexical_rank=c.lexical_rank,
            cosine=c.cosine,
            semantic_rank=c.semantic_rank,
            recency=round(c.recency, 6),
        ),
    )


def run_query(conn: sqlite3.Connection, q: KnowledgeQuery, ctx: QueryContext) -> QueryOutcome:
    parsed = parse_text(q.text)
    outcome = QueryOutcome()
    if q.project_ids:
        outcome.warnings.extend(unknown_projects(conn, q.project_ids))
    if parsed.is_empty and not parsed.channels:
        outcome.warnings.append(NO_WORDS)
        return outcome
    found = _lexical(conn, q, parsed, ctx.frequencies)
    _add_exact(conn, q, parsed, found)
    outcome.hybrid = ctx.semantic is not None
    if ctx.semantic is not None:
        _add_semantic(conn, q, ctx.semantic, found)
    candidates = list(found.values())
    terms = [*parsed.terms, *(p for phrase in parsed.phrases for p in phrase.split())]
    as_of = from_epoch(read_as_of(conn))
    _score(candidates, q, ctx, as_of=as_of, hybrid=outcome.hybrid, terms=terms)
    kept = [c for c in candidates if c.score >= q.min_score and (c.score > 0 or c.exact)]
    kept.sort(
        key=lambda c: order_key(
            priority=c.priority, score=c.score, ts_end_s=c.row.ts_end, chunk_id=c.row.chunk_id
        )
    )
    outcome.candidates = len(candidates)
    window = kept[: 2 * q.top_k]
    allowed = [c for c in window if not chunk_opted_out(c.chunk, ctx.matcher)]
    outcome.optout_filtered = len(window) - len(allowed)
    chosen = allowed[: q.top_k]
    scores = monotone([c.score for c in chosen])
    outcome.hits = [
        _hit(c, n, score, terms, ctx.zone)
        for n, (c, score) in enumerate(zip(chosen, scores, strict=True), start=1)
    ]
    return outcome
