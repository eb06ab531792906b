"""Split points (spec 03 §3) and citation quotes (03 §2.2)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.knowledge.builders import UTC_ZONE, simple_doc

from chiefops.knowledge import chunk_document
from chiefops.knowledge.citations import QUOTE_CHARS, best_quote, build_citation
from chiefops.knowledge.text import estimate_tokens, split_text

URL = "https://lumenlabs.atlassian.net/browse/BETA-77?focusedCommentId=12345&page=com.atlassian.jira"


def test_tokens_are_characters_over_four_rounded_up() -> None:
    assert [
        estimate_tokens(""),
        estimate_tokens("abcd"),
        estimate_tokens("abcde"),
        estimate_tokens("ab", "cde"),
    ] == [0, 1, 2, 2]


def test_split_prefers_blank_lines_then_sentences() -> None:
    text = "First paragraph here.\n\nSecond one is here. It has two sentences."
    assert split_text(text, 40) == ["First paragraph here.", "Second one is here.", "It has two sentences."]


def test_split_never_cuts_inside_a_url_or_code_span() -> None:
    text = f"see {URL} and run `make test --all now` before merging the branch today"
    pieces = split_text(text, 100)
    assert [URL in p for p in pieces].count(True) == 1
    assert [("`make test --all now`" in p) for p in pieces].count(True) == 1


@given(
    st.text(alphabet=st.sampled_from("ab .\n"), min_size=1, max_size=600),
    st.integers(min_value=20, max_value=120),
)
def test_split_pieces_fit_and_keep_every_word(text: str, size: int) -> None:
    pieces = split_text(text, size)
    assert all(len(p) <= size for p in pieces)
    assert "".join(p.replace(" ", "").replace("\n", "") for p in pieces) == "".join(text.split())


def test_the_quote_centres_on_the_matched_terms_within_240_characters() -> None:
    body = "filler words " * 40 + "the rollback window is two hours on Saturday" + " more filler" * 40
    quote, offset = best_quote(body, ["rollback", "window"])
    assert len(quote) <= QUOTE_CHARS
    assert "the rollback window is two hours on Saturday" in quote
    assert body[offset:].startswith("rollback")


def test_a_slack_citation_routes_to_the_message_and_names_its_author() -> None:
    chunk = chunk_document(simple_doc("slack:C0ALPHADEV:day:2026-11-30", "Rollback rehearsal done"))[0]
    citation = build_citation(chunk, ["rollback"], zone=UTC_ZONE)
    assert citation.ref == "/sources/slack/C0ALPHADEV/1796040000.000000"
    assert citation.label == "Slack #alpha-dev · 2026-11-30 · Raj Patel"
    assert citation.ids == ["1796040000.000000"]
    assert citation.quote == "Rollback rehearsal done"
