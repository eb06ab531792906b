"""mrkdwn cleaning (spec 02 §4.4, §17 check 3): each table row, then properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiefops.ingest.slack_markup import Cleaned, MapResolver, clean
from chiefops.models import Link

RESOLVER = MapResolver(
    users={"U123": "Display Name", "U1": "Alice Adams"},
    channels={"C1": "proj-alpha", "C123": "proj-alpha"},
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<@U123>", Cleaned("@Display Name", mentions=("U123",))),
        ("<@U123|lbl>", Cleaned("@Display Name", mentions=("U123",))),
        ("<@U777|lbl>", Cleaned("@lbl", mentions=("U777",))),
        ("<@U777>", Cleaned("@U777", mentions=("U777",))),
        ("<#C123|proj-alpha>", Cleaned("#proj-alpha", channel_refs=("C123",))),
        ("<#C1|>", Cleaned("#proj-alpha", channel_refs=("C1",))),
        ("<#C1>", Cleaned("#proj-alpha", channel_refs=("C1",))),
        ("<#C999|>", Cleaned("#C999", channel_refs=("C999",))),
        ("<!here>", Cleaned("@here", specials=("here",))),
        ("<!here|here>", Cleaned("@here", specials=("here",))),
        ("<!channel>", Cleaned("@channel", specials=("channel",))),
        ("<!everyone>", Cleaned("@everyone", specials=("everyone",))),
        ("<!subteam^S1|@eng>", Cleaned("@eng", specials=("subteam:S1",))),
        ("<!subteam^S1>", Cleaned("@group", specials=("subteam:S1",))),
        ("<!date^1760000000^{date}|Oct 9>", Cleaned("Oct 9")),
        ("<!date^1760000000^{date}>", Cleaned("2025-10-09 08:53 UTC")),
        (
            "<https://x.io|label>",
            Cleaned("label (https://x.io)", links=(Link(url="https://x.io", label="label"),)),
        ),
        ("<https://x.io>", Cleaned("https://x.io", links=(Link(url="https://x.io"),))),
        ("<mailto:a@b.io|a@b.io>", Cleaned("a@b.io", links=(Link(url="mailto:a@b.io", label="a@b.io"),))),
        ("a &amp; b &lt;c&gt;", Cleaned("a & b <c>")),
        ("&amp;lt;", Cleaned("&lt;")),
        ("&quot;kept&quot; &#39;too&#39;", Cleaned("&quot;kept&quot; &#39;too&#39;")),
        (
            ":tada: `code <x>` ```fence```\nnext line — naïve",
            Cleaned(":tada: `code <x>` ```fence```\nnext line — naïve"),
        ),
    ],
)
def test_each_markup_row_cleans_to_its_table_value(raw: str, expected: Cleaned) -> None:
    assert clean(raw, RESOLVER) == expected


def test_typed_entity_mention_stays_literal_and_is_no_mention() -> None:
    assert clean("&lt;@U1&gt; is how you mention", RESOLVER) == Cleaned("<@U1> is how you mention")


def test_link_url_entities_are_decoded_in_text_and_collected_url() -> None:
    cleaned = clean("see <https://x.io/a?b=1&amp;c=2|the doc>", RESOLVER)
    assert cleaned == Cleaned(
        "see the doc (https://x.io/a?b=1&c=2)",
        links=(Link(url="https://x.io/a?b=1&c=2", label="the doc"),),
    )


def test_references_are_collected_once_in_first_seen_order() -> None:
    cleaned = clean("<@U1> <@U123> <@U1> <#C1> <#C1|proj-alpha> <!here> <!here>", RESOLVER)
    assert (cleaned.mentions, cleaned.channel_refs, cleaned.specials) == (("U1", "U123"), ("C1",), ("here",))
    assert cleaned.text == "@Alice Adams @Display Name @Alice Adams #proj-alpha #proj-alpha @here @here"


def test_unknown_angle_token_without_scheme_is_left_alone() -> None:
    assert clean("a <b> c", RESOLVER) == Cleaned("a <b> c")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<<@U1>>", Cleaned("@Alice Adams>", mentions=("U1",))),
        (
            "<<#C1|x><!channel>^>",
            Cleaned("#x@channel^>", channel_refs=("C1",), specials=("channel",)),
        ),
        ("<a:<@U1>>", Cleaned("a:@Alice Adams>", mentions=("U1",))),
        ("x < y > z", Cleaned("x < y > z")),
        ("1 < 2 and <@U1>", Cleaned("1 < 2 and @Alice Adams", mentions=("U1",))),
        ("<<b>", Cleaned("<<b>")),
    ],
)
def test_a_raw_angle_bracket_never_leaves_a_token_behind(raw: str, expected: Cleaned) -> None:
    """Audit ingest D4: with a raw `<` (capture or hand-made JSON), `clean("<<@U1>>")` gave
    `<@Alice Adams>`, which a second cleaning read as a mention of "Alice Adams"; `<<#C1|x><!channel>^>`
    left the token `<#x@channel^>` in the text."""
    cleaned = clean(raw, RESOLVER)
    assert cleaned == expected
    assert clean(cleaned.text, RESOLVER).text == cleaned.text


# --- Properties ---------------------------------------------------------------------------------

WELL_FORMED = re.compile(r"<[@#!][^<>|\s][^<>|]*(?:\|[^<>]*)?>")

_tokens = st.sampled_from(
    [
        "<@U1>",
        "<@U123|lbl>",
        "<@U777>",
        "<#C1|>",
        "<#C1>",
        "<#C9|other>",
        "<!here>",
        "<!channel|channel>",
        "<!subteam^S1|@eng>",
        "<!date^1760000000^{date}|Oct 9>",
        "<https://x.io|label>",
        "<mailto:a@b.io|a@b.io>",
    ]
)
# Decoded entities are the one way cleaned text may read as markup, by design: a typed
# `&lt;@U1&gt;` stays the literal `<@U1>` (see the example test above). So entities are followed
# by a space (a decoded `<` or `&` then starts nothing), `&gt;` is left out (it could close a raw
# `<`), and free text has no `;` (it cannot spell an entity) — but it does have raw `<`, `>`, `|`, `&`.
_entities = st.sampled_from(["&amp; ", "&lt; "])
_emoji = st.sampled_from([":tada:", ":+1:", "🚀", "ñ"])
_raw = st.sampled_from(["<", ">", "|", "&", "<<", ">>", "a:", "<x", "y>"])
_text = st.text(alphabet=st.characters(blacklist_characters=";", blacklist_categories=("Cs",)), max_size=12)
_mixes = st.lists(st.one_of(_tokens, _entities, _emoji, _raw, _text), max_size=12).map("".join)


@settings(max_examples=300)
@given(st.text())
def test_clean_never_raises_and_finds_mentions_only_in_tokens(raw: str) -> None:
    cleaned = clean(raw, RESOLVER)
    assert len(cleaned.mentions) <= raw.count("<@")


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=("Cs",))))
def test_text_without_markup_characters_is_unchanged(raw: str) -> None:
    assert clean(raw, RESOLVER) == Cleaned(raw)


@settings(max_examples=300)
@given(_mixes)
def test_clean_leaves_no_well_formed_token(raw: str) -> None:
    assert WELL_FORMED.search(clean(raw, RESOLVER).text) is None


@settings(max_examples=300)
@given(_mixes)
def test_clean_is_idempotent(raw: str) -> None:
    once = clean(raw, RESOLVER).text
    assert clean(once, RESOLVER).text == once
