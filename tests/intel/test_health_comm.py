"""Communication counts for health (spec 04 §4): questions, members posting, blocker threads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chiefops.intel.health import HealthConfig
from chiefops.intel.health_comm import (
    BlockerThread,
    CommMessage,
    MessageFlags,
    count_communication,
    find_blocker_threads,
    message_flags,
)
from chiefops.intel.health_subscores import CommunicationInputs

AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
CFG = HealthConfig()


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def msg(
    message_id: str, when: datetime, author: str, *, thread: str | None = None, **flags: Any
) -> CommMessage:
    return CommMessage(
        message_id=message_id,
        channel_id=flags.pop("channel_id", "C-proj"),
        thread_key=thread or message_id,
        ts=when,
        author=author,
        **flags,
    )


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        ("Still blocked on BETA-12: can't proceed until the refresh. Any ideas?", False, (True, True, False)),
        ("We are no longer blocked on the API", False, (False, False, False)),
        ("This is not a blocker for the release", False, (False, False, False)),
        ("Waiting on legal for the DPA", False, (False, True, False)),
        ("<@U123> who owns the invoices page", True, (True, False, False)),
        ("who owns the invoices page", False, (False, False, False)),
        ("Fixed it, the build is green again", False, (False, False, True)),
        ("unblocked now, thanks!", False, (False, False, True)),
    ],
)
def test_message_flags(text: str, mentions: bool, expected: tuple[bool, bool, bool]) -> None:
    flags = message_flags(text, mentions_someone=mentions)
    assert flags == MessageFlags(is_question=expected[0], is_blocker=expected[1], is_resolution=expected[2])


QUESTIONS = [
    msg("q1", at(25), "ana", is_question=True),
    msg("q1-r", at(25, 12), "ben", thread="q1"),  # answered 2 h later by someone else
    msg("q2", at(26), "ana", is_question=True),
    msg("q2-r", at(26, 11), "ana", thread="q2"),  # only the asker replied
    msg("q3", at(27), "ben", is_question=True),
    msg("q3-r", at(28, 11), "cy", thread="q3"),  # 25 h later: too late
    msg("q4", at(29, 20), "ana", is_question=True),  # less than 24 h before as-of: not yet countable
    msg("q5", at(10), "ana", is_question=True),  # outside the 14-day window
    msg("q6", at(25), "bot", is_question=True, is_bot=True),
    msg("x1", at(25), "ana", is_question=True, channel_id="C-other"),  # another channel
]


def test_questions_count_when_answered_by_someone_else_within_24_hours() -> None:
    counts = count_communication(
        QUESTIONS,
        channels={"C-proj"},
        members={"ana", "ben", "cy"},
        as_of=AS_OF,
        has_slack_data=True,
        cfg=CFG,
    )
    assert (counts.questions, counts.answered_24h) == (3, 1)


def test_members_posting_counts_members_with_a_message_in_14_days() -> None:
    messages = [
        msg("m1", at(29), "ana"),
        msg("m2", at(17), "ben"),
        msg("m3", at(16), "cy"),
        msg("m4", at(20), "guest"),
    ]
    counts = count_communication(
        messages, channels={"C-proj"}, members={"ana", "ben", "cy"}, as_of=AS_OF, has_slack_data=True, cfg=CFG
    )
    assert (counts.members, counts.members_posting_14d) == (3, 2)


BLOCKERS = [
    msg("b1", at(20), "ana", is_blocker=True),  # nobody answered
    msg("b2", at(21), "ben", is_blocker=True),
    msg("b2-r", at(21, 15), "cy", thread="b2"),  # answered by someone else
    msg("b3", at(22), "ana", is_blocker=True),
    msg("b3-r", at(23), "ana", thread="b3", is_resolution=True),  # the author says it is fixed
    msg("b4", at(29), "ben", is_blocker=True),  # under 48 h old: not counted yet
    msg("b5", at(1, month=10), "cy", is_blocker=True),  # outside the 28-day window
    msg("b6", at(24), "bot", is_blocker=True, is_bot=True),
    msg("b7", at(24), "ana", is_blocker=True),
    msg("b7-r", at(24, 12), "bot", thread="b7", is_bot=True),  # a bot reply is no answer
]


def test_blocker_threads_older_than_48_hours_and_whether_they_were_answered() -> None:
    threads = find_blocker_threads(BLOCKERS, as_of=AS_OF, cfg=CFG)
    assert [(t.message_id, t.is_answered) for t in threads] == [
        ("b1", False),
        ("b2", True),
        ("b3", True),
        ("b7", False),
    ]
    assert threads[0] == BlockerThread(
        message_id="b1", channel_id="C-proj", thread_key="b1", ts=at(20), author="ana", is_answered=False
    )


def test_communication_inputs_collect_every_count() -> None:
    counts = count_communication(
        QUESTIONS + BLOCKERS,
        channels={"C-proj"},
        members={"ana", "ben", "cy"},
        as_of=AS_OF,
        has_slack_data=True,
        cfg=CFG,
    )
    assert counts == CommunicationInputs(
        has_slack_data=True,
        channels=1,
        questions=3,
        answered_24h=1,
        members=3,
        members_posting_14d=3,
        blocker_threads=4,
        unanswered_blocker_threads=2,
        unanswered_refs=["b1", "b7"],
    )


def test_a_project_without_channels_has_no_counts() -> None:
    counts = count_communication(
        QUESTIONS, channels=set(), members={"ana"}, as_of=AS_OF, has_slack_data=True, cfg=CFG
    )
    assert (counts.channels, counts.questions, counts.members_posting_14d) == (0, 0, 0)
