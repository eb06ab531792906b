"""Query filters and scoping (spec 03 §2.3, §7, §12 check 4)."""

from __future__ import annotations

import pytest
from tests.knowledge.builders import ALPHA, AMIT, BETA, MARIA, RAJ, at, simple_doc

from chiefops.errors import ValidationFailed
from chiefops.knowledge import EmbeddedIndex, Source, SourceDoc, parse_query

BETA_CHANNEL = {"channel": "proj-beta", "channel_id": "C0PROJBETA"}
ALPHA_CHANNEL = {"channel": "alpha-dev", "channel_id": "C0ALPHADEV"}


def _docs() -> list[SourceDoc]:
    return [
        simple_doc(
            "slack:C0ALPHADEV:day:2026-11-10",
            "Release checklist for the mobile release",
            ts_end=at("2026-11-10"),
        ),
        simple_doc(
            "slack:C0PROJBETA:day:2026-11-11",
            "Release checklist for the payments release",
            project_id=BETA,
            ts_end=at("2026-11-11"),
            locator=BETA_CHANNEL,
            authors=[AMIT],
        ),
        simple_doc(
            "jira:ALPHA-9",
            "Release checklist items tracked in Jira",
            source=Source.JIRA,
            ts_end=at("2026-11-12"),
            locator={"issue_key": "ALPHA-9"},
            authors=[MARIA],
        ),
        simple_doc(
            "slack:C0GENERAL:day:2026-11-13",
            "Release checklist reminder for everyone",
            project_id=None,
            ts_end=at("2026-11-13"),
            locator={"channel": "general", "channel_id": "C0GENERAL"},
        ),
    ]


async def _keys(index: EmbeddedIndex, **query: object) -> list[str]:
    result = await index.query(parse_query({"text": "release checklist", **query}))
    return sorted(h.citation.doc_key for h in result.hits)


async def test_project_filter_excludes_other_projects_and_unscoped_content(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    assert await _keys(index, project_ids=[ALPHA]) == ["jira:ALPHA-9", "slack:C0ALPHADEV:day:2026-11-10"]
    assert await _keys(index, project_ids=[ALPHA], include_unscoped=True) == [
        "jira:ALPHA-9",
        "slack:C0ALPHADEV:day:2026-11-10",
        "slack:C0GENERAL:day:2026-11-13",
    ]
    assert len(await _keys(index)) == 4


async def test_an_alpha_query_never_cites_proj_beta(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    result = await index.query(parse_query({"text": "payments release #proj-beta", "project_ids": [ALPHA]}))
    assert [h.citation.label for h in result.hits if "proj-beta" in h.citation.label] == []
    assert {h.citation.project_id for h in result.hits} == {ALPHA}


async def test_source_channel_and_author_filters(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    assert await _keys(index, sources=["jira"]) == ["jira:ALPHA-9"]
    assert await _keys(index, channels=["#proj-beta"]) == ["slack:C0PROJBETA:day:2026-11-11"]
    assert await _keys(index, channels=["C0ALPHADEV"]) == ["slack:C0ALPHADEV:day:2026-11-10"]
    assert await _keys(index, authors=[MARIA]) == ["jira:ALPHA-9"]
    assert await _keys(index, authors=[RAJ, AMIT]) == [
        "slack:C0ALPHADEV:day:2026-11-10",
        "slack:C0GENERAL:day:2026-11-13",
        "slack:C0PROJBETA:day:2026-11-11",
    ]


async def test_a_chunk_ending_at_since_matches_and_one_starting_at_until_does_not(
    index: EmbeddedIndex,
) -> None:
    await index.index(_docs())
    keys = await _keys(index, since=at("2026-11-11").isoformat(), until=at("2026-11-13").isoformat())
    assert keys == ["jira:ALPHA-9", "slack:C0PROJBETA:day:2026-11-11"]


async def test_issue_and_document_filters(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    assert await _keys(index, issue_keys=["alpha-9"]) == ["jira:ALPHA-9"]
    assert await _keys(index, document_ids=["doc-x"]) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("top_k", 0), ("top_k", 51), ("min_score", 1.5), ("text", "   "), ("text", "x" * 2001)],
)
def test_out_of_range_values_fail_naming_the_field(field: str, value: object) -> None:
    data = {"text": "release", field: value}
    with pytest.raises(ValidationFailed) as raised:
        parse_query(data)
    assert raised.value.status == 422
    assert raised.value.details["field"] == field


def test_since_not_before_until_fails_naming_until() -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_query(
            {"text": "x", "since": at("2026-11-12").isoformat(), "until": at("2026-11-12").isoformat()}
        )
    assert raised.value.details["field"] == "until"
    assert (
        raised.value.message
        == "Invalid knowledge query: check until (Value error, until must be later than since)"
    )


async def test_every_hit_has_label_ref_and_ids(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    result = await index.query(parse_query({"text": "release checklist"}))
    assert len(result.hits) == 4
    assert [bool(h.citation.label and h.citation.ref and h.citation.ids) for h in result.hits] == [True] * 4


async def test_a_project_without_indexed_content_gives_no_hits_and_a_warning(index: EmbeddedIndex) -> None:
    await index.index(_docs())
    result = await index.query(parse_query({"text": "release", "project_ids": ["no-such-project"]}))
    assert result.hits == []
    assert result.warnings == ["No indexed content for project 'no-such-project'."]
