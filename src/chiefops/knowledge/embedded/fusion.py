"""Scores (spec 03 §4): recency decay, reciprocal rank fusion, the final order. Pure functions.

- Recency `r = max(floor, 2 ** (-age_days / half_life))`, age from the dataset's as-of (never the
  wall clock). Slack/Jira/memory: 120 d, floor 0.5; Drive: 365 d, floor 0.7; corrections: 1.
- Lexical only: `score = bm25 / best bm25 × r × c`.
- Hybrid: `f = Σ w_leg / (60 + rank_leg)`, `score = f × r / f_max × c`, `f_max` = rank 1 in every
  active leg.
- `c = 0.5 + 0.5 × coverage`, coverage = the share of the query's distinct terms found together on
  the chunk's best line, so a channel-day or long section answering on one line is not buried by
  BM25's length normalisation (a chunk matching every term on one line keeps its score).
- Order: corrections, then exact identifiers, then score desc, `ts_end` desc, `chunk_id` asc. The
  scores shown are then made non-increasing down the list (`monotone`), so a reader ordering hits by
  score — the prompt assembler drops the lowest-scored first — keeps the order, boosts included.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from chiefops.knowledge.models import Source

RRF_K = 60
COVERAGE_FLOOR = 0.5
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Decay:
    half_life_days: float
    floor: float


@dataclass(frozen=True)
class RecencyConfig:
    """Half-lives and floors per source (settings `CHIEFOPS_RECENCY_HALF_LIFE_DAYS` / `_FLOOR`)."""

    conversation: Decay = field(default_factory=lambda: Decay(half_life_days=120.0, floor=0.5))
    documents: Decay = field(default_factory=lambda: Decay(half_life_days=365.0, floor=0.7))

    def for_source(self, source: Source) -> Decay | None:
        if source is Source.CORRECTION:
            return None
        return self.documents if source is Source.DRIVE else self.conversation


def recency(
    source: Source, ts_end: datetime | None, *, as_of: datetime | None, config: RecencyConfig
) -> float:
    """The decay factor r in [floor, 1]; 1 when there is no as-of, no time or no decay for the source."""
    decay = config.for_source(source)
    if decay is None or as_of is None or ts_end is None:
        return 1.0
    age_days = max(0.0, (as_of - ts_end).total_seconds() / SECONDS_PER_DAY)
    return max(decay.floor, math.pow(2.0, -age_days / decay.half_life_days))


def rrf(ranks: Mapping[str, int | None], weights: Mapping[str, float]) -> float:
    """`Σ w / (60 + rank)` over the legs that ranked the item (ranks from 1)."""
    return sum(weights[leg] / (RRF_K + rank) for leg, rank in ranks.items() if rank is not None)


def rrf_max(weights: Mapping[str, float]) -> float:
    """The fused value of an item ranked first in every active leg."""
    return sum(w / (RRF_K + 1) for w in weights.values())


def fuse(legs: Mapping[str, Sequence[str]], weights: Mapping[str, float]) -> list[tuple[str, float]]:
    """Items of ranked lists fused by RRF, best first (ties by id): `[(id, f)]`."""
    ranks: dict[str, dict[str, int | None]] = {}
    for leg, ids in legs.items():
        for rank, item in enumerate(ids, start=1):
            ranks.setdefault(item, dict.fromkeys(legs))[leg] = rank
    fused = [(item, rrf(item_ranks, weights)) for item, item_ranks in ranks.items()]
    return sorted(fused, key=lambda pair: (-pair[1], pair[0]))


def lexical_score(bm25: float, best: float, r: float) -> float:
    """`bm25 / best × r`, clamped to [0, 1]."""
    if best <= 0.0:
        return 0.0
    return min(1.0, max(0.0, bm25 / best)) * r


def fused_score(f: float, f_max: float, r: float) -> float:
    return min(1.0, f / f_max) * r if f_max > 0 else 0.0


def coverage_factor(coverage: float) -> float:
    """`0.5 + 0.5 × coverage`: full weight when every query term meets on one line."""
    return COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * min(1.0, max(0.0, coverage))


def order_key(
    *, priority: int, score: float, ts_end_s: float | None, chunk_id: str
) -> tuple[int, float, float, str]:
    """Sort key: higher priority, then score desc, newer `ts_end` (epoch seconds), then `chunk_id` asc."""
    return (-priority, -round(score, 12), -(ts_end_s or 0.0), chunk_id)


def monotone(scores: Sequence[float]) -> list[float]:
    """Scores in list order, each lifted to the best score after it (an identifier or correction
    placed first never shows less than a hit below it); ties keep the list order."""
    lifted = list(scores)
    for i in range(len(lifted) - 2, -1, -1):
        lifted[i] = max(lifted[i], lifted[i + 1])
    return lifted
