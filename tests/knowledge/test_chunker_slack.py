"""Slack units → chunks (spec 03 §3.1, §12 check 1)."""

from __future__ import annotations

from datetime import timedelta

from tests.knowledge.builders import (
    JIRABOT,
    KEVIN,
    MARIA,
    RAJ,
    SLACKBOT,
    at,
    channel,
    context,
    message,
    tag,
    thread,
    ts_of,
)

from chiefops.knowledge import chunk_document
from chiefops.knowledge.chunker import MAX_TOKENS
from chiefops.knowledge.render.slack import render_channel_day, render_thread
from chiefops.models import SlackFile

START = at("2026-11-12", "14:03")


def _sentences(n: int, topic: str) -> str:
    return " ".join(f"The {topic} step {i} needs a careful review before release." for i in range(n))


def test_fourteen_reply_thread_is_one_doc_holding_every_reply() -> None:
    texts = ["Can someone take the SSO config?"] + [f"Reply number {n} about SSO" for n in range(1, 15)]
    messages = thread(texts, start=START)
    doc = render_thread("C0ALPHADEV", messages[0].slack_ts or "", messages, channel=channel(), ctx=context())
    chunks = chunk_document(doc)
    assert doc.doc_key == f"slack:C0ALPHADEV:thread:{ts_of(START)}"
    assert len(chunks) == 1
    assert [text in chunks[0].body for text in texts] == [True] * 15
    assert chunks[0].title == "Raj Patel in #alpha-dev: Can someone take the SSO config?"


def test_forty_message_thread_splits_below_600_tokens_and_later_chunks_open_with_the_parent() -> None:
    texts = [_sentences(5, f"topic{n}") for n in range(40)]
    messages = thread(texts, start=START)
    doc = render_thread("C0ALPHADEV", messages[0].slack_ts or "", messages, channel=channel(), ctx=context())
    chunks = chunk_document(doc)
    parent_line = f"Thread by Raj Patel on 2026-11-12: {texts[0][:119]}"
    assert len(chunks) >= 2
    assert max(c.tokens for c in chunks) <= MAX_TOKENS
    assert [c.body.startswith(parent_line) for c in chunks[1:]] == [True] * (len(chunks) - 1)
    assert all(text in "\n".join(c.body for c in chunks) for text in texts)


def test_three_unthreaded_messages_of_a_day_form_one_channel_day_doc() -> None:
    day = START.date()
    messages = [message(f"Standup note {n}", when=START + timedelta(hours=n), seq=n) for n in range(3)]
    doc = render_channel_day("C0ALPHADEV", day, messages, channel=channel(), ctx=context())
    chunks = chunk_document(doc)
    assert doc.doc_key == "slack:C0ALPHADEV:day:2026-11-12"
    assert doc.title == "#alpha-dev · 2026-11-12"
    assert chunks[0].body.splitlines() == [
        "[2026-11-12 14:03] Raj Patel: Standup note 0",
        "[2026-11-12 15:03] Raj Patel: Standup note 1",
        "[2026-11-12 16:03] Raj Patel: Standup note 2",
    ]


def test_bots_and_channel_events_never_reach_a_chunk_and_no_raw_ts_appears() -> None:
    parent_ts = ts_of(START)
    messages = [
        message("Kickoff for the release", when=START, author=RAJ, thread_ts=parent_ts),
        message(
            "ALPHA-12 moved to Done", when=START + timedelta(minutes=1), author=JIRABOT, thread_ts=parent_ts
        ),
        message("Reminder: standup", when=START + timedelta(minutes=2), author=SLACKBOT, thread_ts=parent_ts),
        message(
            "<@U1> has joined the channel",
            when=START + timedelta(minutes=3),
            author=MARIA,
            thread_ts=parent_ts,
            subtype="channel_join",
            is_system=True,
        ),
        message("Looks good to me", when=START + timedelta(minutes=4), author=MARIA, thread_ts=parent_ts),
    ]
    doc = render_thread("C0ALPHADEV", parent_ts, messages, channel=channel(), ctx=context())
    text = "\n".join(c.text for c in chunk_document(doc))
    assert "ALPHA-12 moved to Done" not in text
    assert "Reminder: standup" not in text
    assert "has joined the channel" not in text
    assert [m.slack_ts for m in messages if (m.slack_ts or "") in text] == []
    assert "[2026-11-12 14:07] Maria Garcia: Looks good to me" in text


def test_a_deactivated_users_messages_stay_in_the_index() -> None:
    messages = [message("Handing over the Delta runbook", when=START, author=KEVIN)]
    doc = render_channel_day("C0ALPHADEV", START.date(), messages, channel=channel(), ctx=context())
    assert chunk_document(doc)[0].body == "[2026-11-12 14:03] Kevin O'Brien: Handing over the Delta runbook"


def test_a_thread_of_only_bot_posts_is_skipped_as_bot_only() -> None:
    parent_ts = ts_of(START)
    messages = [message("Build 42 passed", when=START, author=JIRABOT, thread_ts=parent_ts, is_bot=True)]
    doc = render_thread("C0ALPHADEV", parent_ts, messages, channel=channel(), ctx=context())
    assert doc.skip == "bot_only"


def test_a_message_over_600_tokens_splits_at_sentence_ends_repeating_its_prefix() -> None:
    long_text = _sentences(60, "migration")
    doc = render_channel_day(
        "C0ALPHADEV", START.date(), [message(long_text, when=START)], channel=channel(), ctx=context()
    )
    chunks = chunk_document(doc)
    assert len(chunks) >= 2
    assert [c.body.startswith("[2026-11-12 14:03] Raj Patel: The migration step") for c in chunks] == [
        True
    ] * len(chunks)
    assert [c.body.endswith("before release.") for c in chunks] == [True] * len(chunks)
    assert max(c.tokens for c in chunks) <= MAX_TOKENS


def test_a_shared_file_appears_as_a_file_marker() -> None:
    shared = SlackFile(id="F1", name="roadmap.pdf", title="roadmap.pdf")
    msg = message("Here is the plan", when=START, files=[shared])
    doc = render_channel_day("C0ALPHADEV", START.date(), [msg], channel=channel(), ctx=context())
    assert chunk_document(doc)[0].body == "[2026-11-12 14:03] Raj Patel: Here is the plan [file: roadmap.pdf]"


def test_an_opted_out_channel_never_becomes_a_doc_and_a_keyword_drops_only_its_message() -> None:
    messages = [
        message("Budget is confidential for now", when=START, seq=1),
        message("Lunch at noon", when=START + timedelta(minutes=5), seq=2),
    ]
    by_channel = render_channel_day(
        "C0ALPHADEV", START.date(), messages, channel=channel(), ctx=context(tag("channel", "#alpha-dev"))
    )
    by_keyword = render_channel_day(
        "C0ALPHADEV", START.date(), messages, channel=channel(), ctx=context(tag("pattern", "confidential"))
    )
    assert by_channel.skip == "opted_out"
    assert chunk_document(by_keyword)[0].body == "[2026-11-12 14:08] Raj Patel: Lunch at noon"
