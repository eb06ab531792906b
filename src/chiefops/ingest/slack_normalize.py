"""One raw Slack message → one `Message` record (spec 02 §4.3, §4.5, §8).

The same normaliser serves all four readers, so an export, an API extract, a capture and a manual
file of the same channel give the same natural keys and content hashes. Per-message work is kept
lean (precompiled patterns, cached provisional ids, one validated model build): the ingestion
benchmark parses about a million messages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypedDict

import orjson

from chiefops.ingest.slack_markup import Cleaned, Resolver, clean
from chiefops.ingest.slack_raw import (
    RawObject,
    as_object,
    bool_of,
    int_of,
    nonempty,
    objects,
    parse_ts,
    strings,
    strip_query,
    text_of,
    ts_of,
)
from chiefops.ingest.units import UNKNOWN_PERSON_ID, person_ref_id
from chiefops.models import Message, ReactionDetail, SlackFile
from chiefops.models.base import derived_id, utc_now
from chiefops.models.enums import ChannelType, InputKind, MessageSource, SourceSystem

JIRA_REF = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b")


class MessageKind(StrEnum):
    """How a raw message is stored (02 §4.5)."""

    CONVERSATIONAL = "conversational"
    MEMBERSHIP = "membership"
    """join / leave: a system record that also updates members and joined_at."""
    CHANNEL_EVENT = "channel_event"
    """rename, topic, purpose, (un)archive, (un)pin: a system record that updates the channel."""
    EDIT = "edit"
    """message_changed / message_deleted: applied to the referenced message, never stored."""
    UNKNOWN_WITH_TEXT = "unknown_with_text"
    UNKNOWN_WITHOUT_TEXT = "unknown_without_text"


_CONVERSATIONAL = frozenset(
    {"thread_broadcast", "reply_broadcast", "me_message", "file_share", "bot_message", "tombstone"}
)
JOIN_SUBTYPES = frozenset({"channel_join", "group_join"})
_MEMBERSHIP = JOIN_SUBTYPES | {"channel_leave", "group_leave"}
CHANNEL_EVENT_SUBTYPES = frozenset(
    f"{prefix}_{event}"
    for prefix in ("channel", "group")
    for event in ("name", "topic", "purpose", "archive", "unarchive")
) | {"pinned_item", "unpinned_item"}
EDIT_SUBTYPES = frozenset({"message_changed", "message_deleted"})
_BROADCASTS = frozenset({"thread_broadcast", "reply_broadcast"})


def classify(raw: RawObject) -> MessageKind:
    """Storage kind of a raw message by subtype; a `bot_id` makes any unknown subtype conversational."""
    subtype = text_of(raw, "subtype")
    if subtype is None or subtype in _CONVERSATIONAL:
        return MessageKind.CONVERSATIONAL
    if subtype in _MEMBERSHIP:
        return MessageKind.MEMBERSHIP
    if subtype in CHANNEL_EVENT_SUBTYPES:
        return MessageKind.CHANNEL_EVENT
    if subtype in EDIT_SUBTYPES:
        return MessageKind.EDIT
    if nonempty(raw, "bot_id") is not None:
        return MessageKind.CONVERSATIONAL
    if nonempty(raw, "text") is not None or objects(raw.get("files")):
        return MessageKind.UNKNOWN_WITH_TEXT
    return MessageKind.UNKNOWN_WITHOUT_TEXT


@dataclass(frozen=True)
class ChannelRef:
    """What every message of a unit shares."""

    channel_id: str
    name: str
    channel_type: ChannelType
    origin: InputKind
    job_id: str


class PersonIds:
    """Cached `person_ref_id(SLACK, source_id)` (uuid5 per call is the hot spot otherwise)."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}

    def __call__(self, source_id: str) -> str:
        found = self._ids.get(source_id)
        if found is None:
            found = self._ids[source_id] = person_ref_id(SourceSystem.SLACK, source_id)
        return found


def author_source_id(raw: RawObject) -> str | None:
    """The Slack source id that authored a message: `user`, else `bot_id` (`B…`), else None."""
    return nonempty(raw, "user") or nonempty(raw, "bot_id")


ReactionKey = tuple[str, int, list[str]]


class _HashParts(TypedDict):
    reply_count: int
    edited_ts: str | None
    reactions: list[ReactionKey]
    reply_users: list[str]
    latest_reply: str | None


def hash_fields(
    *,
    raw_text: str,
    subtype: str | None,
    edited_ts: str | None,
    reactions: list[ReactionKey],
    reply_count: int,
    reply_users: list[str],
    latest_reply: str | None,
    file_ids: list[str],
    is_deleted: bool,
) -> str:
    """sha256 of canonical orjson (sorted keys) over the §8 fields, all raw source values."""
    fields = {
        "raw_text": raw_text,
        "subtype": subtype,
        "edited_ts": edited_ts,
        "reactions": sorted((name, count, sorted(users)) for name, count, users in reactions),
        "reply_count": reply_count,
        "reply_users": sorted(reply_users),
        "latest_reply": latest_reply,
        "file_ids": sorted(file_ids),
        "is_deleted": is_deleted,
    }
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _edited_ts(raw: RawObject) -> str | None:
    edited = as_object(raw.get("edited"))
    return ts_of(edited) if edited else None


def _reaction_keys(raw: RawObject) -> list[ReactionKey]:
    return [
        (text_of(r, "name") or "", int_of(r, "count"), strings(r, "users"))
        for r in objects(raw.get("reactions"))
    ]


def content_hash(raw: RawObject, *, is_deleted: bool) -> str:
    """The §8 content hash of a raw message (the normaliser computes the same from its parts)."""
    return hash_fields(
        raw_text=text_of(raw, "text") or "",
        subtype=text_of(raw, "subtype"),
        edited_ts=_edited_ts(raw),
        reactions=_reaction_keys(raw),
        reply_count=int_of(raw, "reply_count"),
        reply_users=strings(raw, "reply_users"),
        latest_reply=ts_of(raw, "latest_reply"),
        file_ids=[nonempty(f, "id") or "" for f in objects(raw.get("files"))],
        is_deleted=is_deleted,
    )


def slack_file(raw: RawObject) -> SlackFile:
    """File metadata only; the permalink loses its query string (export links carry tokens)."""
    size = raw.get("size")
    return SlackFile(
        id=nonempty(raw, "id") or "",
        name=text_of(raw, "name") or "",
        title=text_of(raw, "title") or "",
        mimetype=nonempty(raw, "mimetype"),
        filetype=nonempty(raw, "filetype"),
        size=size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None,
        is_external=bool_of(raw, "is_external"),
        permalink=strip_query(nonempty(raw, "permalink")),
    )


def _fallback_text(files: list[SlackFile], raw: RawObject, resolver: Resolver) -> str:
    """Text of a message whose cleaned text is empty: `[file: …]` per file, else attachment text."""
    if files:
        return " ".join(f"[file: {f.title or f.name or f.id}]" for f in files)
    parts = [nonempty(a, "fallback") or nonempty(a, "text") for a in objects(raw.get("attachments"))]
    return "\n".join(clean(part, resolver).text for part in parts if part)


def _set_flags(
    fields: dict[str, object], *, subtype: str | None, is_bot: bool, is_system: bool, is_deleted: bool
) -> None:
    fields.update(
        subtype=subtype,
        is_bot=is_bot or subtype == "bot_message",
        is_broadcast=subtype in _BROADCASTS,
        is_system=is_system,
        is_deleted=is_deleted or subtype == "tombstone",
    )


class MessageNormalizer:
    """Builds `Message`s for one channel unit."""

    def __init__(
        self, channel: ChannelRef, *, resolver: Resolver, bot_users: Set[str], ids: PersonIds
    ) -> None:
        self.channel = channel
        self.resolver = resolver
        self.bot_users = bot_users
        self.ids = ids
        self._key_prefix = f"slack:{channel.channel_id}:"
        self._thread_prefix = f"slack:{channel.channel_id}:"
        stamp = utc_now()
        self._base: dict[str, object] = {
            "source": MessageSource.SLACK,
            "channel": channel.name,
            "channel_type": channel.channel_type,
            "origin": channel.origin,
            "channel_id": channel.channel_id,
            "ingestion_job_id": channel.job_id,
            "created_at": stamp,
            "updated_at": stamp,
        }

    def normalize(
        self,
        raw: RawObject,
        *,
        ts: str,
        timestamp: datetime,
        is_system: bool,
        is_deleted: bool,
        origin_path: str,
    ) -> Message:
        """One validated `Message`; fields left at their model default are not passed (speed)."""
        subtype = text_of(raw, "subtype")
        user, bot_id = nonempty(raw, "user"), nonempty(raw, "bot_id")
        author_id = user or bot_id
        raw_text = text_of(raw, "text") or ""
        cleaned = clean(raw_text, self.resolver)
        files = [slack_file(f) for f in objects(raw.get("files"))] if "files" in raw else []
        text = cleaned.text if cleaned.text.strip() else _fallback_text(files, raw, self.resolver)
        natural_key = self._key_prefix + ts
        fields = {
            **self._base,
            "message_id": derived_id(natural_key),
            "timestamp": timestamp,
            "author": self.ids(author_id) if author_id else UNKNOWN_PERSON_ID,
            "text": text,
            "natural_key": natural_key,
            "origin_path": origin_path,
            "slack_ts": ts,
            "raw_text": raw_text,
        }
        is_bot = bot_id is not None or user in self.bot_users
        if subtype is not None or is_system or is_deleted or files or is_bot:
            _set_flags(fields, subtype=subtype, is_bot=is_bot, is_system=is_system, is_deleted=is_deleted)
            fields["files"] = files
        parts = self._thread_and_reactions(raw, ts, fields)
        self._references(cleaned, text, fields)
        file_ids = [f.id for f in files]
        fields["content_hash"] = hash_fields(
            raw_text=raw_text, subtype=subtype, file_ids=file_ids, is_deleted=is_deleted, **parts
        )
        return Message.model_validate(fields)

    def _thread(self, raw: RawObject, ts: str, fields: dict[str, object]) -> int:
        """Thread fields into `fields`; returns the exported reply count."""
        reply_count = int_of(raw, "reply_count") if "reply_count" in raw else 0
        thread_ts = ts_of(raw, "thread_ts") if "thread_ts" in raw else None
        if thread_ts is not None:
            fields.update(
                thread_id=self._thread_prefix + thread_ts,
                thread_ts=thread_ts,
                is_thread_parent=thread_ts == ts and reply_count > 0,
                is_reply=thread_ts != ts,
            )
        if reply_count:
            fields["reply_count"] = reply_count
        return reply_count

    def _references(self, cleaned: Cleaned, text: str, fields: dict[str, object]) -> None:
        if cleaned.mentions or cleaned.links or cleaned.channel_refs or cleaned.specials:
            fields["mentions"] = [self.ids(user_id) for user_id in cleaned.mentions]
            fields["links"] = list(cleaned.links)
            fields["channel_refs"] = list(cleaned.channel_refs)
            fields["specials"] = list(cleaned.specials)
        if "-" in text:
            candidates = JIRA_REF.findall(text)
            if candidates:
                fields["jira_ref_candidates"] = list(dict.fromkeys(candidates))

    def _thread_and_reactions(self, raw: RawObject, ts: str, fields: dict[str, object]) -> _HashParts:
        """Edit, thread and reaction fields into `fields`; returns their raw values for the hash."""
        reply_count = self._thread(raw, ts, fields)
        edited_ts = _edited_ts(raw) if "edited" in raw else None
        if edited_ts is not None:
            fields["is_edited"] = True
            fields["edited_at"] = parse_ts(edited_ts)
        reply_users = strings(raw, "reply_users") if "reply_users" in raw else []
        if reply_users:
            fields["reply_users"] = [self.ids(user_id) for user_id in reply_users]
        latest_reply = ts_of(raw, "latest_reply") if "latest_reply" in raw else None
        if latest_reply is not None:
            fields["latest_reply"] = latest_reply
        reactions = _reaction_keys(raw) if "reactions" in raw else []
        if reactions:
            detail = [
                ReactionDetail(name=name, count=max(count, 0), users=[self.ids(u) for u in users])
                for name, count, users in reactions
            ]
            fields["reactions"] = [d.name for d in detail]
            fields["reaction_count"] = sum(d.count for d in detail)
            fields["reaction_detail"] = detail
        return {
            "reply_count": reply_count,
            "edited_ts": edited_ts,
            "reactions": reactions,
            "reply_users": reply_users,
            "latest_reply": latest_reply,
        }
