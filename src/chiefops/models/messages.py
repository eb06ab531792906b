"""`messages`, `channels` and `message_rollups`: Slack and Jira-comment traffic (seed §4, spec 02 §4)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from pydantic import Field, field_validator, model_validator

from chiefops.models.base import Model, Record, UtcDatetime, new_id
from chiefops.models.enums import ChannelType, InputKind, MessageSource, Sentiment


class ReactionDetail(Model):
    """One emoji on a message, with who used it."""

    name: str
    count: int = Field(default=0, ge=0)
    users: list[str] = Field(default_factory=list, description="person_ids")


class SlackFile(Model):
    """Metadata of a file shared in Slack; the body is never exported, URL query strings are removed."""

    id: str
    name: str = ""
    title: str = ""
    mimetype: str | None = None
    filetype: str | None = None
    size: int | None = Field(default=None, ge=0, description="Bytes")
    is_external: bool = False
    permalink: str | None = None


class Link(Model):
    """A URL found in a message, with its label when the markup had one."""

    url: str
    label: str | None = None


class Message(Record):
    """A Slack message or a Jira comment."""

    message_id: str = Field(default_factory=new_id)
    source: MessageSource
    channel: str = Field(description="Slack channel name (current, without #) or Jira issue key")
    channel_type: ChannelType
    project_id: str | None = None
    timestamp: UtcDatetime
    author: str = Field(description="person_id of the author")
    text: str = Field(description="Cleaned message content")
    thread_id: str | None = Field(
        default=None, description="`slack:<channel_id>:<thread_ts>` on parent and replies"
    )
    is_thread_parent: bool = False
    reply_count: int = Field(default=0, ge=0)
    reaction_count: int = Field(default=0, ge=0)
    reactions: list[str] = Field(default_factory=list, description="Reaction emoji names")
    mentions: list[str] = Field(default_factory=list, description="person_ids mentioned")
    topics: list[str] = Field(default_factory=list)
    sentiment: Sentiment | None = None
    has_task_assignment: bool = False

    # ext, spec 02 §4.3
    natural_key: str | None = Field(
        default=None, description="`slack:<channel_id>:<ts>` or `jira:<KEY>:c:<h16>` (unique)"
    )
    origin: InputKind | None = Field(default=None, description="Reader kind that produced the record")
    origin_path: str | None = Field(default=None, description="Relative path of the source file (02 §7)")
    channel_id: str | None = None
    slack_ts: str | None = Field(default=None, description="Raw Slack `ts` string")
    thread_ts: str | None = None
    raw_text: str | None = Field(default=None, description="mrkdwn exactly as exported")
    subtype: str | None = None
    is_system: bool = Field(default=False, description="Channel event (join, leave, rename …)")
    is_bot: bool = False
    is_reply: bool = False
    is_broadcast: bool = False
    reply_users: list[str] = Field(default_factory=list, description="person_ids")
    latest_reply: str | None = Field(default=None, description="Slack ts of the newest reply")
    is_edited: bool = False
    edited_at: UtcDatetime | None = None
    is_deleted: bool = False
    reaction_detail: list[ReactionDetail] = Field(default_factory=list)
    files: list[SlackFile] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    channel_refs: list[str] = Field(default_factory=list, description="channel_ids referenced")
    specials: list[str] = Field(default_factory=list, description="here, channel, everyone, subteam:<id>")
    jira_ref_candidates: list[str] = Field(default_factory=list)
    jira_refs: list[str] = Field(
        default_factory=list, description="Candidates whose prefix is a known Jira key"
    )
    content_hash: str | None = None
    opt_out: bool = False
    ingestion_job_id: str | None = Field(default=None, description="Job that last created or changed it")


class PreviousName(Model):
    """A former channel name and the Slack ts until which it was used."""

    name: str
    until_ts: str


class Channel(Record):
    """A Slack channel (spec 02 §4.2); a rename updates `name` and adds to `previous_names`."""

    channel_id: str = Field(min_length=1, description="Slack id, or `name:<channel>` / `folder:<name>`")
    name: str = Field(description="Current name, without #")
    previous_names: list[PreviousName] = Field(default_factory=list)
    channel_type: ChannelType = ChannelType.PUBLIC
    topic: str = ""
    purpose: str = ""
    created: UtcDatetime | None = None
    creator: str | None = Field(default=None, description="person_id")
    is_archived: bool = False
    members: list[str] = Field(default_factory=list, description="person_ids (channels.json ∪ join events)")
    joined_at: dict[str, str] = Field(default_factory=dict, description="person_id → Slack ts of the join")
    first_ts: str | None = Field(default=None, description="Slack ts of the oldest message")
    last_ts: str | None = Field(default=None, description="Slack ts of the newest message")
    message_count: int = Field(default=0, ge=0)
    project_id: str | None = None


def rollup_key_for(*, day: datetime, project_id: str | None, channel: str, author: str) -> str:
    """Natural key of a rollup row: `<YYYY-MM-DD>|<project_id or ->|<channel>|<author>`."""
    return f"{day.astimezone(UTC):%Y-%m-%d}|{project_id or '-'}|{channel}|{author}"


class MessageRollup(Record):
    """Messages per UTC day × project × channel × author (spec 02 §4.2), for dashboard counts."""

    rollup_key: str = Field(default="", description="Derived from the other keys; see `rollup_key_for`")
    day: UtcDatetime = Field(description="Start (00:00 UTC) of the day")
    project_id: str | None = None
    channel: str
    author: str = Field(description="person_id")
    count: int = Field(ge=0)

    @field_validator("day")
    @classmethod
    def _midnight(cls, value: datetime) -> datetime:
        if value.time() != time(0):
            raise ValueError("day must be 00:00 UTC (the start of the day it counts)")
        return value

    @model_validator(mode="after")
    def _key_matches(self) -> MessageRollup:
        key = rollup_key_for(
            day=self.day, project_id=self.project_id, channel=self.channel, author=self.author
        )
        if not self.rollup_key:
            self.rollup_key = key
        elif self.rollup_key != key:
            raise ValueError(f"rollup_key {self.rollup_key!r} does not match its fields; expected {key!r}")
        return self
