"""Placeholders and re-hydration (spec 03 §9, §12 check 11 — the functions themselves).

One value → one placeholder per request; the reply is restored whole, streamed (a placeholder split
across deltas is restored, a trailing partial `[` waits at most 24 characters) or field by field;
invented placeholders stay and are reported.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from chiefops.ai import (
    PlaceholderSession,
    SourcedText,
    StreamRehydrator,
    compile_custom_pattern,
    redact,
    redact_sources,
    redaction_mode,
    rehydrate,
    rehydrate_json,
)
from chiefops.errors import ValidationFailed
from chiefops.models import RedactionMode


def test_one_email_used_twice_in_any_case_gets_one_placeholder() -> None:
    session = PlaceholderSession()

    result = redact(
        "Mail sarah.chen@lumenlabs.io, cc SARAH.CHEN@lumenlabs.io and raj@lumenlabs.io.", session=session
    )

    assert result.text == "Mail [EMAIL_1], cc [EMAIL_1] and [EMAIL_2]."
    assert session.mapping == {"[EMAIL_1]": "sarah.chen@lumenlabs.io", "[EMAIL_2]": "raj@lumenlabs.io"}
    assert session.redactions == {"EMAIL": 3}


def test_placeholders_are_numbered_per_type_and_shared_across_texts_of_one_request() -> None:
    session = PlaceholderSession()

    first = redact("Call (415) 555-0134 or mail kim@lumenlabs.io.", session=session)
    second = redact("Again: 415.555.0134, card 4111 1111 1111 1111.", session=session)

    assert first.text == "Call [PHONE_1] or mail [EMAIL_1]."
    assert second.text == "Again: [PHONE_1], card [CARD_1]."
    assert dict(second.counts) == {"PHONE": 1, "CARD": 1}


def test_input_shaped_like_a_placeholder_is_rewritten_and_never_restored() -> None:
    session = PlaceholderSession()

    result = redact("The template says [EMAIL_1] and [SECRET_2]; real: kim@lumenlabs.io", session=session)

    assert result.text == "The template says (EMAIL_1) and (SECRET_2); real: [EMAIL_1]"
    assert (
        rehydrate(result.text, session)
        == "The template says (EMAIL_1) and (SECRET_2); real: kim@lumenlabs.io"
    )


def test_a_reply_echoing_placeholders_shows_the_real_values() -> None:
    session = PlaceholderSession()
    redact("Ask maria.lopez@example.co.uk or +44 20 7946 0958.", session=session)

    reply = rehydrate("You can reach [EMAIL_1] or call [PHONE_1].", session)

    assert reply == "You can reach maria.lopez@example.co.uk or call +44 20 7946 0958."
    assert session.warnings == []


def test_an_invented_placeholder_stays_and_is_reported() -> None:
    session = PlaceholderSession()
    redact("Ask maria.lopez@example.co.uk.", session=session)

    reply = rehydrate("Ask [EMAIL_1] and [EMAIL_9].", session)

    assert reply == "Ask maria.lopez@example.co.uk and [EMAIL_9]."
    assert session.invented == ["[EMAIL_9]"]
    assert session.warnings == [
        "The model wrote the placeholder [EMAIL_9], which was not in the prompt; it was left as written."
    ]


def test_a_placeholder_split_across_two_stream_deltas_is_restored() -> None:
    session = PlaceholderSession()
    redact("kim@lumenlabs.io", session=session)
    stream = StreamRehydrator(session)

    shown = [stream.feed("Write to [EMA"), stream.feed("IL_1] today."), stream.flush()]

    assert shown == ["Write to ", "kim@lumenlabs.io today.", ""]


def test_a_trailing_bracket_is_held_only_while_it_can_still_open_a_placeholder() -> None:
    stream = StreamRehydrator(PlaceholderSession())

    assert stream.feed("See [") == "See "
    assert stream.feed("1] and [Note") == "[1] and [Note"
    assert stream.feed(" [SECRET_12") == " "
    assert stream.flush() == "[SECRET_12"


def test_a_held_bracket_is_released_once_it_is_more_than_24_characters_back() -> None:
    stream = StreamRehydrator(PlaceholderSession())

    assert stream.feed("[ABCDEFGHIJKLMNOPQRSTUVW") == ""
    assert stream.feed("X") == "[ABCDEFGHIJKLMNOPQRSTUVWX"


class _Draft(BaseModel):
    markdown: str
    owners: list[str]
    contacts: dict[str, str]
    score: int


def test_a_json_result_is_rehydrated_field_by_field_after_validation() -> None:
    session = PlaceholderSession()
    redact("raj@lumenlabs.io, (415) 555-0134", session=session)
    draft = _Draft.model_validate_json(
        '{"markdown": "Email [EMAIL_1]", "owners": ["[EMAIL_1]", "Raj"],'
        ' "contacts": {"[PHONE_1]": "[PHONE_1]"}, "score": 3}'
    )

    restored = rehydrate_json(draft, session)

    assert restored == _Draft(
        markdown="Email raj@lumenlabs.io",
        owners=["raj@lumenlabs.io", "Raj"],
        contacts={"[PHONE_1]": "(415) 555-0134"},
        score=3,
    )


def test_provenance_tagged_sources_keep_their_own_counts_under_one_session() -> None:
    session = PlaceholderSession()
    parts = [
        SourcedText(provenance="chunk:slack:C1:thread:1#0", text="Raj: mail raj@lumenlabs.io"),
        SourcedText(provenance="chunk:jira:ALPHA-142#0", text="Assignee raj@lumenlabs.io, SSN 536-22-1437"),
        SourcedText(provenance="question", text="Who owns ALPHA-142?"),
    ]

    done = redact_sources(parts, session=session)

    assert [(d.provenance, d.text, dict(d.counts)) for d in done] == [
        ("chunk:slack:C1:thread:1#0", "Raj: mail [EMAIL_1]", {"EMAIL": 1}),
        ("chunk:jira:ALPHA-142#0", "Assignee [EMAIL_1], SSN [NATIONAL_ID_1]", {"EMAIL": 1, "NATIONAL_ID": 1}),
        ("question", "Who owns ALPHA-142?", {}),
    ]
    assert session.redactions == {"EMAIL": 2, "NATIONAL_ID": 1}


def test_a_custom_pattern_becomes_a_custom_placeholder() -> None:
    pattern = compile_custom_pattern("emp", r"\bEMP-\d{6}\b")
    session = PlaceholderSession()

    result = redact("Badge EMP-204113 was used at 2026-11-30 09:14.", session=session, custom=[pattern])

    assert result.text == "Badge [CUSTOM_EMP_1] was used at 2026-11-30 09:14."
    assert rehydrate("Badge [CUSTOM_EMP_1]", session) == "Badge EMP-204113"


@pytest.mark.parametrize(
    ("label", "pattern", "message"),
    [
        ("employee_id", r"\d+", "Redaction pattern label 'employee_id' must be 1–8 letters or digits"),
        ("EMP", r"(unclosed", "Redaction pattern EMP does not compile"),
        ("EMP", r"(a+)+$", "Redaction pattern EMP is too slow to run on every prompt"),
        ("EMP", "x" * 201, "Redaction pattern EMP is 201 characters; the limit is 200."),
    ],
)
def test_an_invalid_custom_pattern_is_rejected_naming_what_to_fix(
    label: str, pattern: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        compile_custom_pattern(label, pattern)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("remote", "enabled", "mode"),
    [
        (False, True, RedactionMode.NOT_NEEDED),
        (True, True, RedactionMode.ON),
        (True, False, RedactionMode.DISABLED),
    ],
)
def test_redaction_mode_follows_provider_and_setting(
    remote: bool, enabled: bool, mode: RedactionMode
) -> None:
    assert redaction_mode(remote=remote, enabled=enabled) is mode


_VALUES = st.sampled_from(
    ["sarah.chen@lumenlabs.io", "(415) 555-0134", "+44 20 7946 0958", "4111 1111 1111 1111", "536-22-1437"]
)
_WORDS = st.sampled_from(
    ["the", "ALPHA-142", "on", "2026-11-30", "call", "v2.14.3", "[1]", "#alpha-dev", "ok."]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_VALUES, _WORDS), max_size=30))
def test_rehydrating_a_redacted_text_gives_the_original_back(pieces: list[str]) -> None:
    text = ", ".join(pieces)  # two digit groups joined by a bare space read as one longer number
    session = PlaceholderSession()

    redacted = redact(text, session=session)

    assert rehydrate(redacted.text, session) == text
    assert not any(value in redacted.text for value in session.mapping.values())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_VALUES, _WORDS), min_size=1, max_size=20), st.lists(st.integers(0, 400), max_size=8)
)
def test_streaming_in_any_split_equals_rehydrating_the_whole_reply(
    pieces: list[str], cuts: list[int]
) -> None:
    session = PlaceholderSession()
    reply = redact(", ".join(pieces), session=session).text
    points = sorted({min(c, len(reply)) for c in cuts})
    deltas = [reply[a:b] for a, b in zip([0, *points], [*points, len(reply)], strict=True)]
    stream = StreamRehydrator(session)

    shown = "".join(stream.feed(d) for d in deltas) + stream.flush()

    assert shown == rehydrate(reply, PlaceholderSession.from_mapping(session.mapping))
