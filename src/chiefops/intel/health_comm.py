"""Communication counts for the health score (spec 04 §4) over a slim message type — pure.

Public (intel-core builds `CommMessage`s from stored messages and its cached message features):
- `message_flags(text, *, mentions_someone) -> MessageFlags` — question / blocker / resolution flags
  of one message text (the §4 vocabulary; blocker terms preceded by a negation do not count).
- `find_blocker_threads(messages, *, as_of, cfg) -> list[BlockerThread]` — blocker threads older than
  48 h within the window, each with whether someone answered (also what risk R3 reads).
- `count_communication(messages, *, channels, members, as_of, has_slack_data, cfg) -> CommunicationInputs`.

A question counts when it is in the question window (last 14 days) and more than 24 h old; it is
answered when another non-bot replies in the same thread within 24 h. A blocker thread is unanswered
when nobody else replied after the blocker post and no "unblocked / fixed / resolved" followed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chiefops.intel.flow_models import FlowModel
from chiefops.intel.health_models import HealthConfig
from chiefops.intel.health_subscores import CommunicationInputs
from chiefops.models import as_date

_QUESTION_WORD = re.compile(
    r"\b(who|what|when|where|why|how|which|any update|anyone)\b|\b(can|could|would|will) you\b"
)
_BLOCKER = re.compile(
    r"\b(blocked|blocker|blockers|stuck|waiting on|can't proceed|cannot proceed|can’t proceed)\b"
)
_NEGATION = re.compile(r"\b(not|no|never|without|isn't|aren't|wasn't|no longer|nothing)\W+(\w+\W+){0,2}$")
_RESOLUTION = re.compile(r"\b(unblocked|fixed|resolved)\b")


class MessageFlags(FlowModel):
    """What one message text says, for the communication counts."""

    is_question: bool
    is_blocker: bool
    is_resolution: bool


@dataclass(frozen=True, slots=True)
class CommMessage:
    """The slice of a message the communication counts read (one per project-channel message, so a
    plain slotted dataclass rather than a validated model).

    `thread_key` is the thread's parent ts (a top-level message's own ts); `author` a person id or
    account id; `is_bot` true for non-person accounts (04 §1.1).
    """

    message_id: str
    channel_id: str
    thread_key: str
    ts: datetime
    author: str
    is_bot: bool = False
    is_question: bool = False
    is_blocker: bool = False
    is_resolution: bool = False


class BlockerThread(FlowModel):
    """A blocker post older than 48 h and whether its thread got an answer."""

    message_id: str
    channel_id: str
    thread_key: str
    ts: datetime
    author: str
    is_answered: bool


def message_flags(text: str, *, mentions_someone: bool) -> MessageFlags:
    """Question: ends with '?', or mentions someone with a question word. Blocker: a non-negated
    blocked / blocker / stuck / waiting on / can't proceed. Resolution: unblocked / fixed / resolved."""
    lowered = text.casefold()
    is_question = lowered.rstrip().endswith("?") or (
        mentions_someone and _QUESTION_WORD.search(lowered) is not None
    )
    return MessageFlags(
        is_question=is_question,
        is_blocker=any(_NEGATION.search(lowered[: m.start()]) is None for m in _BLOCKER.finditer(lowered)),
        is_resolution=_RESOLUTION.search(lowered) is not None,
    )


def _threads(messages: Sequence[CommMessage]) -> dict[tuple[str, str], list[CommMessage]]:
    threads: dict[tuple[str, str], list[CommMessage]] = defaultdict(list)
    for message in messages:
        threads[(message.channel_id, message.thread_key)].append(message)
    for thread in threads.values():
        thread.sort(key=lambda m: (m.ts, m.message_id))
    return threads


def _in_window(ts: datetime, *, as_of: datetime, days: int) -> bool:
    """Within the last `days` whole UTC days, the as-of day included (04 §0.2)."""
    return 0 <= (as_date(as_of) - as_date(ts)).days < days


def find_blocker_threads(
    messages: Sequence[CommMessage],
    *,
    as_of: datetime,
    cfg: HealthConfig,
    threads: Mapping[tuple[str, str], list[CommMessage]] | None = None,
) -> list[BlockerThread]:
    """Blocker threads of the window whose first blocker post is older than 48 h, oldest first
    (`threads`: the messages already grouped by thread, when the caller has them)."""
    cutoff = as_of - timedelta(hours=cfg.blocker_min_age_hours)
    found: list[BlockerThread] = []
    grouped = threads if threads is not None else _threads(messages)
    for (channel_id, thread_key), thread in sorted(grouped.items()):
        post = next(
            (
                m
                for m in thread
                if m.is_blocker and not m.is_bot and m.ts < cutoff
                and _in_window(m.ts, as_of=as_of, days=cfg.blocker_window_days)
            ),
            None,
        )  # fmt: skip
        if post is None:
            continue
        later = [m for m in thread if m.ts > post.ts]
        answered = any((m.author != post.author and not m.is_bot) or m.is_resolution for m in later)
        found.append(
            BlockerThread(
                message_id=post.message_id, channel_id=channel_id, thread_key=thread_key, ts=post.ts,
                author=post.author, is_answered=answered,
            )
        )  # fmt: skip
    return sorted(found, key=lambda t: (t.ts, t.message_id))


def _answered(question: CommMessage, thread: Sequence[CommMessage], *, within: timedelta) -> bool:
    return any(
        m.author != question.author and not m.is_bot and question.ts < m.ts <= question.ts + within
        for m in thread
    )


def count_communication(
    messages: Sequence[CommMessage],
    *,
    channels: Collection[str],
    members: Collection[str],
    as_of: datetime,
    has_slack_data: bool,
    cfg: HealthConfig,
) -> CommunicationInputs:
    """Communication inputs of one project: `channels` are its channel ids (messages elsewhere are
    ignored), `members` its members' person ids with stakeholders excluded."""
    inputs, _ = communication_and_threads(
        messages, channels=channels, members=members, as_of=as_of, has_slack_data=has_slack_data, cfg=cfg
    )
    return inputs


def communication_and_threads(
    messages: Sequence[CommMessage],
    *,
    channels: Collection[str],
    members: Collection[str],
    as_of: datetime,
    has_slack_data: bool,
    cfg: HealthConfig,
) -> tuple[CommunicationInputs, list[BlockerThread]]:
    """`count_communication` and the project's blocker threads, grouping the messages once."""
    mine = [m for m in messages if m.channel_id in channels]
    threads = _threads(mine)
    within = timedelta(hours=cfg.answer_within_hours)
    questions = [
        m
        for m in mine
        if m.is_question and not m.is_bot and m.ts < as_of - within
        and _in_window(m.ts, as_of=as_of, days=cfg.question_window_days)
    ]  # fmt: skip
    answered = sum(1 for q in questions if _answered(q, threads[(q.channel_id, q.thread_key)], within=within))
    posting = {
        m.author
        for m in mine
        if not m.is_bot
        and m.author in members
        and _in_window(m.ts, as_of=as_of, days=cfg.posting_window_days)
    }
    blockers = find_blocker_threads(mine, as_of=as_of, cfg=cfg, threads=threads)
    unanswered = [t.message_id for t in blockers if not t.is_answered]
    inputs = CommunicationInputs(
        has_slack_data=has_slack_data,
        channels=len(channels),
        questions=len(questions),
        answered_24h=answered,
        members=len(members),
        members_posting_14d=len(posting),
        blocker_threads=len(blockers),
        unanswered_blocker_threads=len(unanswered),
        unanswered_refs=unanswered,
    )
    return inputs, blockers
