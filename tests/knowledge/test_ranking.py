"""Ranking (spec 03 §4, §12 check 6): BM25 weights, recency decay, RRF, exact identifiers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.knowledge.builders import AS_OF, at, simple_doc

from chiefops.knowledge import EmbeddedIndex, Source, parse_query
from chiefops.knowledge.embedded.fusion import RecencyConfig, fuse, recency, rrf, rrf_max


async def test_a_title_match_beats_a_body_only_match(index: EmbeddedIndex) -> None:
    await index.index(
        [
            simple_doc(
                "slack:C1:day:2026-11-01", "We talked about many things today.", title="Rollback rehearsal"
            ),
            simple_doc("slack:C1:day:2026-11-02", "The rollback rehearsal was moved.", title="Weekly sync"),
        ]
    )
    result = await index.query(
        parse_query({"text": "rollback rehearsal", "mode": "lexical", "recency": False})
    )
    assert [h.citation.doc_key for h in result.hits] == ["slack:C1:day:2026-11-01", "slack:C1:day:2026-11-02"]


async def test_identical_chunks_aged_10_and_150_days_score_094_and_05(index: EmbeddedIndex) -> None:
    body = "Vendor contract renewal is due"
    await index.index(
        [
            simple_doc("slack:C1:day:old", body, title="Contract", ts_end=AS_OF - timedelta(days=150)),
            simple_doc("slack:C1:day:new", body, title="Contract", ts_end=AS_OF - timedelta(days=10)),
            simple_doc("slack:C1:day:asof", "Unrelated standup notes", title="Standup", ts_end=AS_OF),
        ]
    )
    result = await index.query(parse_query({"text": "vendor contract renewal", "mode": "lexical"}))
    ranked = [(h.citation.doc_key, h.score) for h in result.hits]
    assert [key for key, _ in ranked] == ["slack:C1:day:new", "slack:C1:day:old"]
    assert ranked[0][1] == pytest.approx(0.94, abs=0.01)
    assert ranked[1][1] == pytest.approx(0.5, abs=0.01)


async def test_with_since_the_same_chunks_tie_and_fall_back_to_newest_first(index: EmbeddedIndex) -> None:
    body = "Vendor contract renewal is due"
    await index.index(
        [
            simple_doc("slack:C1:day:old", body, title="Contract", ts_end=AS_OF - timedelta(days=150)),
            simple_doc("slack:C1:day:new", body, title="Contract", ts_end=AS_OF - timedelta(days=10)),
        ]
    )
    since = (AS_OF - timedelta(days=365)).isoformat()
    result = await index.query(
        parse_query({"text": "vendor contract renewal", "mode": "lexical", "since": since})
    )
    assert [h.score for h in result.hits] == [1.0, 1.0]
    assert [h.citation.doc_key for h in result.hits] == ["slack:C1:day:new", "slack:C1:day:old"]


async def test_a_query_naming_alpha_142_ranks_that_issue_first(index: EmbeddedIndex) -> None:
    await index.index(
        [
            simple_doc(
                "slack:C1:day:2026-11-20",
                "ALPHA-142 ALPHA-142 is blocked on the push certificate, see ALPHA-142",
            ),
            simple_doc(
                "jira:ALPHA-142",
                "Set up APNs",
                source=Source.JIRA,
                title="ALPHA-142 Configure push notifications",
                ts_end=at("2026-06-01"),
                locator={"issue_key": "ALPHA-142"},
            ),
        ]
    )
    result = await index.query(parse_query({"text": "status of ALPHA-142 push certificate"}))
    assert result.hits[0].citation.doc_key == "jira:ALPHA-142"
    assert result.hits[0].citation.label == "Jira ALPHA-142 · Configure push notifications"


async def test_scores_never_rise_down_the_list_so_ordering_by_score_keeps_the_identifier_first(
    index: EmbeddedIndex,
) -> None:
    """Audit D5: the boosted ALPHA-142 hit kept 0.49 above a 0.50 hit; a prompt assembler ordering
    by score would have undone the boost."""
    await index.index(
        [
            simple_doc("slack:C1:day:2026-11-20", "ALPHA-142 push certificate blocked, ALPHA-142 again"),
            simple_doc(
                "jira:ALPHA-142",
                "Set up APNs",
                source=Source.JIRA,
                title="ALPHA-142 Configure push notifications",
                ts_end=at("2026-06-01"),
                locator={"issue_key": "ALPHA-142"},
            ),
        ]
    )
    result = await index.query(parse_query({"text": "ALPHA-142 push certificate blocked"}))
    scores = [h.score for h in result.hits]
    by_score = sorted(result.hits, key=lambda h: -h.score)
    assert [h.citation.doc_key for h in result.hits] == ["jira:ALPHA-142", "slack:C1:day:2026-11-20"]
    assert scores == sorted(scores, reverse=True)
    assert [h.chunk_id for h in by_score] == [h.chunk_id for h in result.hits]
    assert result.hits[1].legs.bm25 is not None and result.hits[0].legs.bm25 is not None
    assert result.hits[1].legs.bm25 > result.hits[0].legs.bm25


def test_rrf_on_known_ranks_gives_the_hand_computed_order() -> None:
    # lexical: a b c ; semantic: c a d
    # a = 1/61 + 1/62 = 0.032523 ; c = 1/63 + 1/61 = 0.032266 ; b = 1/62 = 0.016129 ; d = 1/63 = 0.015873
    fused = fuse({"lexical": ["a", "b", "c"], "semantic": ["c", "a", "d"]}, {"lexical": 1.0, "semantic": 1.0})
    assert [item for item, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert rrf({"lexical": 1, "semantic": 1}, {"lexical": 1.0, "semantic": 1.0}) == rrf_max(
        {"lexical": 1.0, "semantic": 1.0}
    )


@pytest.mark.parametrize(
    ("source", "age_days", "expected"),
    [
        (Source.SLACK, 7, 0.96),
        (Source.SLACK, 30, 0.84),
        (Source.JIRA, 60, 0.71),
        (Source.SLACK, 200, 0.5),
        (Source.DRIVE, 365, 0.7),
        (Source.DRIVE, 100, 0.83),
        (Source.CORRECTION, 900, 1.0),
    ],
)
def test_recency_decay_follows_half_life_and_floor(source: Source, age_days: int, expected: float) -> None:
    factor = recency(source, AS_OF - timedelta(days=age_days), as_of=AS_OF, config=RecencyConfig())
    assert factor == pytest.approx(expected, abs=0.005)


async def test_a_matching_correction_ranks_ahead_of_better_keyword_matches(index: EmbeddedIndex) -> None:
    await index.index(
        [
            simple_doc(
                "slack:C1:day:2026-11-20", "Amit is the tech lead on Alpha, Amit leads Alpha, tech lead Amit"
            ),
            simple_doc(
                "correction:fact-1",
                "Priya is the tech lead on Alpha, not Amit",
                source=Source.CORRECTION,
                title="Tech lead of Project Alpha",
                ts_end=at("2026-06-01"),
                locator={},
            ),
        ]
    )
    result = await index.query(parse_query({"text": "who is the tech lead on Alpha Amit"}))
    assert [h.citation.doc_key for h in result.hits] == ["correction:fact-1", "slack:C1:day:2026-11-20"]
    assert result.hits[0].score >= result.hits[1].score
    assert result.hits[0].citation.label == "Correction · Tech lead of Project Alpha"
