"""Builders for intel unit tests: fixed, readable defaults (spec 10 rule 24)."""

from __future__ import annotations

from datetime import UTC, datetime

from chiefops.intel.features import MessageText, extract_features
from chiefops.intel.snapshot import MessageRow
from chiefops.models import ConversationFact, FactType, StatusCategory, Task, TaskSource

AT = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)


def message(
    key: str,
    text: str,
    *,
    author: str = "author",
    channel: str = "alpha-dev",
    at: datetime = AT,
    thread: str | None = None,
    raw: str | None = None,
    mentions: tuple[str, ...] = (),
    jira_refs: tuple[str, ...] = (),
) -> MessageRow:
    return MessageRow(
        message_id=f"m-{key}", natural_key=f"slack:C1:{key}", source="slack", channel=channel, channel_id="C1",
        project_id=None, at=at, author=author, text=text, thread_id=thread, is_reply=thread is not None and thread != f"t-{key}",
        is_parent=thread == f"t-{key}", mentions=mentions, reply_users=(), reactions=0, is_bot=False, is_system=False,
        slack_ts=key, jira_refs=jira_refs, batch="job", has_task_assignment=False, opt_out=False,
    )  # fmt: skip


def features_of(*messages: MessageRow, raw: dict[str, str] | None = None) -> dict[str, object]:
    raws = raw or {}
    return {
        m.message_id: extract_features(
            MessageText(m.message_id, m.text, raws.get(m.message_id), m.at, bool(m.mentions))
        )
        for m in messages
    }


def task(
    key: str,
    summary: str,
    *,
    project: str = "p-alpha",
    assignees: tuple[str, ...] = (),
    status: str = "To Do",
) -> Task:
    category = StatusCategory.DONE if status == "Done" else StatusCategory.TO_DO
    return Task(
        task_id=f"t-{key}", source=TaskSource.JIRA, jira_key=key, project_id=project, summary=summary, status=status,
        status_category=category, assignees=list(assignees), created_date=AT, updated_date=AT, natural_key=f"jira:{key}",
        content_hash=key, created_at=AT, updated_at=AT,
    )  # fmt: skip


def fact(
    subject: str,
    field: str,
    value: str,
    *,
    at: datetime = AT,
    fact_id: str | None = None,
    active: bool = True,
) -> ConversationFact:
    return ConversationFact(
        fact_id=fact_id or f"f-{subject}-{field}-{value}", stream_id="global", fact_type=FactType.CORRECTION, subject=subject,
        field=field, value=value, established_at=at, source_turn_id="turn", is_active=active, created_at=at, updated_at=at,
    )  # fmt: skip
