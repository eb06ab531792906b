"""Hostile query text never becomes FTS syntax (spec 03 §2.4, §12 check 5)."""

from __future__ import annotations

import pytest
from tests.knowledge.builders import simple_doc

from chiefops.errors import ValidationFailed
from chiefops.knowledge import EmbeddedIndex, Source, parse_query
from chiefops.knowledge.embedded.lexical import match_expression, parse_text

DOCS = [
    simple_doc("slack:C0ALPHADEV:day:2026-11-10", "The NEAR term plan: AND we ship the login flow"),
    simple_doc(
        "jira:ALPHA-12",
        "Build login",
        source=Source.JIRA,
        title="ALPHA-12 Build login",
        locator={"issue_key": "ALPHA-12"},
    ),
]

HOSTILE = [
    '"unbalanced',
    "AND OR NOT",
    "*",
    "ALPHA-12",
    "NEAR(x y)",
    "login 🚀🔥",
    "🚀",
    "col:value - (a OR",
    "x" * 2000,
    "word " * 399 + "login",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:20])
async def test_hostile_queries_return_without_error_and_twice_the_same(
    index: EmbeddedIndex, text: str
) -> None:
    await index.index(DOCS)
    first = await index.query(parse_query({"text": text}))
    second = await index.query(parse_query({"text": text}))
    assert [h.chunk_id for h in first.hits] == [h.chunk_id for h in second.hits]
    assert [h.score for h in first.hits] == [h.score for h in second.hits]


async def test_a_jira_key_query_finds_that_issue(index: EmbeddedIndex) -> None:
    await index.index(DOCS)
    result = await index.query(parse_query({"text": "ALPHA-12"}))
    assert result.hits[0].citation.doc_key == "jira:ALPHA-12"


async def test_a_query_of_only_symbols_explains_that_nothing_was_searched(index: EmbeddedIndex) -> None:
    await index.index(DOCS)
    result = await index.query(parse_query({"text": "🚀 * ()"}))
    assert result.hits == []
    assert result.warnings == [
        "The query has no searchable words (only punctuation, emoji or symbols); nothing was searched."
    ]


def test_a_2001_character_query_is_rejected() -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_query({"text": "x" * 2001})
    assert raised.value.details["field"] == "text"


def test_every_term_is_quoted_and_jira_keys_become_phrases() -> None:
    parsed = parse_text('What about "ALPHA-142" AND the NEAR(rollback)?')
    assert match_expression(parsed, [["p1"], ["sslack", "sjira"]]) == (
        'facets : ("p1") AND facets : ("sslack" OR "sjira") AND {title heading body meta} : ("alpha 142" OR "rollback")'
    )


def test_a_query_made_only_of_stopwords_still_searches_them() -> None:
    assert parse_text("AND OR NOT").terms == ("and", "or", "not")
