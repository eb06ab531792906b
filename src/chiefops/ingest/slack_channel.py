"""One Slack channel unit: raw messages in, spool items out (spec 02 §4.2, §4.5, §4.6).

Raw messages from all day files of the channel are collected by `ts` first (so an edit, a
deletion or a duplicate in a later file applies to the right message, and a broadcast reply is
stored once), then normalised in time order. Channel events and joins become system records *and*
change the channel (rename history, topic, purpose, archive flag, members, joined_at).

Counting rule (`messages_system`): every stored record with `is_system` — joins, leaves, renames,
topic/purpose changes, (un)archive, (un)pin, and unknown subtypes without text. Everything else
that is stored is conversational (`messages`), tombstones included. message_changed /
message_deleted are never stored; messages without `ts` are dropped (warning `no_ts`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from chiefops.ingest.slack_directory import ChannelInfo
from chiefops.ingest.slack_markup import MapResolver
from chiefops.ingest.slack_normalize import (
    EDIT_SUBTYPES,
    ChannelRef,
    MessageKind,
    MessageNormalizer,
    PersonIds,
    classify,
)
from chiefops.ingest.slack_people import SlackUser
from chiefops.ingest.slack_raw import RawObject, as_object, int_of, objects, parse_ts, ts_key, ts_of
from chiefops.ingest.slack_state import ChannelState
from chiefops.ingest.units import MessageItem, ParseContext, SpoolItem, WarningItem
from chiefops.models import IngestWarning, Message
from chiefops.models.enums import InputKind

TickFn = Callable[[int, int], None]
_MENTION = re.compile(r"<@([^<>|\s]+)")


_SYSTEM_KINDS = frozenset(
    {MessageKind.MEMBERSHIP, MessageKind.CHANNEL_EVENT, MessageKind.UNKNOWN_WITHOUT_TEXT}
)
_UNKNOWN_KINDS = frozenset({MessageKind.UNKNOWN_WITH_TEXT, MessageKind.UNKNOWN_WITHOUT_TEXT})


@dataclass
class _Entry:
    raw: RawObject
    timestamp: datetime
    origin_path: str
    deleted: bool = False


def _freshness(raw: RawObject) -> tuple[tuple[int, int], tuple[int, int], int]:
    """Edited ts, latest reply, reply count — the newer version of a message wins (02 §8)."""
    edited = as_object(raw.get("edited"))
    edited_ts = ts_of(edited) if edited else None
    latest = ts_of(raw, "latest_reply")
    return (
        ts_key(edited_ts) if edited_ts else (0, 0),
        ts_key(latest) if latest else (0, 0),
        int_of(raw, "reply_count"),
    )


def referenced_users(raw: RawObject) -> list[str]:
    """Slack user ids a message refers to besides its author: mentions, repliers, reactors."""
    found: list[str] = []
    text = raw.get("text")
    if isinstance(text, str) and "<@" in text:
        found.extend(_MENTION.findall(text))
    reply_users = raw.get("reply_users")
    if isinstance(reply_users, list):
        found.extend(user for user in reply_users if isinstance(user, str))
    for reaction in objects(raw.get("reactions")):
        users = reaction.get("users")
        if isinstance(users, list):
            found.extend(user for user in users if isinstance(user, str))
    return found


class ChannelAssembler:
    """Collects one channel's raw messages, then yields its messages, channel, people and warnings."""

    def __init__(
        self,
        info: ChannelInfo,
        *,
        origin: InputKind,
        ctx: ParseContext,
        users: Mapping[str, SlackUser],
        channel_names: Mapping[str, str],
    ) -> None:
        self.info = info
        self.ids = PersonIds()
        names = {**ctx.known_slack_users, **{uid: user.name for uid, user in users.items()}}
        self.normalizer = MessageNormalizer(
            ChannelRef(info.channel_id, info.name, info.channel_type, origin, ctx.job_id),
            resolver=MapResolver(users=names, channels={**ctx.known_channels, **channel_names}),
            bot_users=frozenset(uid for uid, user in users.items() if user.is_bot),
            ids=self.ids,
        )
        self.state = ChannelState(info, ids=self.ids, users=users, known_users=ctx.known_slack_users)
        self._entries: dict[str, _Entry] = {}
        self._no_ts = 0
        self._missing_targets = 0
        self._unknown: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, messages: Iterable[RawObject], *, origin_path: str) -> int:
        """Take a day file's messages (or a capture's); returns how many were read."""
        read = 0
        for raw in messages:
            read += 1
            ts = ts_of(raw)
            timestamp = parse_ts(ts) if ts else None
            if ts is None or timestamp is None:
                self._no_ts += 1
            elif raw.get("subtype") in EDIT_SUBTYPES:
                self._apply_edit(raw, origin_path=origin_path)
            else:
                self._put(ts, _Entry(raw, timestamp, origin_path))
        return read

    def _put(self, ts: str, entry: _Entry) -> None:
        current = self._entries.get(ts)
        if current is None or _freshness(entry.raw) > _freshness(current.raw):
            if current is not None:
                entry.deleted = entry.deleted or current.deleted
            self._entries[ts] = entry

    def _apply_edit(self, event: RawObject, *, origin_path: str) -> None:
        """message_changed → the new version replaces the old; message_deleted → tombstone."""
        changed = event.get("subtype") == "message_changed"
        payload = as_object(event.get("message" if changed else "previous_message"))
        target = (ts_of(payload) if payload else None) if changed else ts_of(event, "deleted_ts")
        timestamp = parse_ts(target) if target else None
        if target is None or timestamp is None:
            self._missing_targets += 1
            return
        current = self._entries.get(target)
        if changed and payload is not None:
            merged = {**current.raw, **payload} if current else dict(payload)
            self._entries[target] = _Entry(
                merged, timestamp, origin_path, deleted=bool(current and current.deleted)
            )
        elif current is not None:
            current.deleted = True
        elif payload is not None:
            self._entries[target] = _Entry(payload, timestamp, origin_path, deleted=True)
        else:
            self._missing_targets += 1

    def build(self, tick: TickFn) -> Iterator[SpoolItem]:
        """Messages in time order, then the channel, its people and the unit's warnings."""
        ordered = sorted(self._entries.items(), key=lambda item: item[1].timestamp)
        total = len(ordered)
        for done, (ts, entry) in enumerate(ordered, start=1):
            yield MessageItem(doc=self._message(ts, entry))
            tick(done, total)
        yield self.state.channel_item()
        yield from self.state.people_items()
        for warning in self._warnings():
            yield WarningItem(warning=warning)

    def _message(self, ts: str, entry: _Entry) -> Message:
        raw = entry.raw
        kind = classify(raw)
        if kind in _UNKNOWN_KINDS:
            self._unknown[f"{raw.get('subtype')}|{kind.value}"] += 1
        message = self.normalizer.normalize(
            raw,
            ts=ts,
            timestamp=entry.timestamp,
            is_system=kind in _SYSTEM_KINDS,
            is_deleted=entry.deleted,
            origin_path=entry.origin_path,
        )
        self.state.observe(raw, ts=ts, kind=kind, timestamp=entry.timestamp, referenced=referenced_users(raw))
        return message

    def _warnings(self) -> Iterator[IngestWarning]:
        where = f"#{self.info.name}"
        if self._no_ts:
            yield IngestWarning(
                code="no_ts", message=f"{where}: {self._no_ts:,} message(s) without a ts were dropped"
            )
        if self._missing_targets:
            yield IngestWarning(
                code="edit_target_missing",
                message=f"{where}: {self._missing_targets:,} edit/delete event(s) name a message this export"
                " does not hold; the stored message is unchanged",
            )
        by_subtype: dict[str, dict[str, int]] = {}
        for key, count in self._unknown.items():
            subtype, kind = key.split("|")
            by_subtype.setdefault(subtype, {})[kind] = count
        for subtype, kinds in sorted(by_subtype.items()):
            kept = kinds.get(MessageKind.UNKNOWN_WITH_TEXT.value, 0)
            events = kinds.get(MessageKind.UNKNOWN_WITHOUT_TEXT.value, 0)
            yield IngestWarning(
                code="unknown_subtype",
                message=f"{where}: {kept + events:,} message(s) of unknown subtype `{subtype}`"
                f" ({kept:,} with text kept as conversation, {events:,} without text kept as channel events)",
            )

    def counts(self) -> dict[str, int]:
        return {
            **self.state.counts(),
            "dropped_no_ts": self._no_ts,
        }
