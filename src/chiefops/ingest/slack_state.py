"""What a channel unit learns while its messages stream by (spec 02 §4.2, §4.5, §4.6).

Messages are observed in time order. Channel events change the channel (rename → previous name
with the ts it was used until, topic/purpose when newer than the listed value, archive flag),
joins add members and `joined_at` (the earliest join of the unit), conversational messages set
first/last ts, the message count and each author's newest message (`last_active_date`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from chiefops.ingest.slack_directory import ChannelInfo
from chiefops.ingest.slack_normalize import JOIN_SUBTYPES, MessageKind, PersonIds
from chiefops.ingest.slack_people import SlackUser, bot_person, person_from_user, placeholder_person
from chiefops.ingest.slack_raw import RawObject, as_object, epoch_datetime, nonempty, text_of, ts_key
from chiefops.ingest.units import ChannelItem, PersonItem
from chiefops.models import Channel, PreviousName


class ChannelState:
    """Channel fields and people references accumulated over one unit."""

    def __init__(
        self,
        info: ChannelInfo,
        *,
        ids: PersonIds,
        users: Mapping[str, SlackUser],
        known_users: Mapping[str, str],
    ) -> None:
        self.info = info
        self.ids = ids
        self.users = users
        self.known_users = known_users
        self.previous_names: list[PreviousName] = []
        self.topic, self.topic_set = info.topic, info.topic_set
        self.purpose, self.purpose_set = info.purpose, info.purpose_set
        self.archived = info.is_archived
        self.member_ids: dict[str, None] = dict.fromkeys(info.members)
        self.joined_at: dict[str, str] = {}
        self.first_ts: str | None = None
        self.last_ts: str | None = None
        self.message_count = 0
        self.system_count = 0
        self.authors: dict[str, datetime] = {}
        self.bots: dict[str, str | None] = {}
        self.referenced: set[str] = set(info.members)
        if info.creator:
            self.referenced.add(info.creator)

    def observe(
        self, raw: RawObject, *, ts: str, kind: MessageKind, timestamp: datetime, referenced: list[str]
    ) -> None:
        self.referenced.update(referenced)
        if kind is MessageKind.MEMBERSHIP:
            self._membership(raw, ts=ts)
        elif kind is MessageKind.CHANNEL_EVENT:
            self._channel_event(raw, ts=ts)
        if kind in {MessageKind.CONVERSATIONAL, MessageKind.UNKNOWN_WITH_TEXT}:
            self.message_count += 1
            self.first_ts = self.first_ts or ts
            self.last_ts = ts
            self._author(raw, timestamp=timestamp)
        else:
            self.system_count += 1
            user = nonempty(raw, "user")
            if user:
                self.referenced.add(user)

    def _author(self, raw: RawObject, *, timestamp: datetime) -> None:
        user, bot_id = nonempty(raw, "user"), nonempty(raw, "bot_id")
        source_id = user or bot_id
        if source_id is None:
            return
        if user is None and bot_id is not None:
            profile = as_object(raw.get("bot_profile")) or {}
            self.bots[bot_id] = (
                self.bots.get(bot_id) or nonempty(raw, "username") or nonempty(profile, "name")
            )
        previous = self.authors.get(source_id)
        if previous is None or timestamp > previous:
            self.authors[source_id] = timestamp

    def _membership(self, raw: RawObject, *, ts: str) -> None:
        user = nonempty(raw, "user")
        if user is None or raw.get("subtype") not in JOIN_SUBTYPES:
            return
        self.member_ids[user] = None
        person_id = self.ids(user)
        if person_id not in self.joined_at:
            self.joined_at[person_id] = ts

    def _channel_event(self, raw: RawObject, *, ts: str) -> None:
        subtype = text_of(raw, "subtype") or ""
        event = subtype.split("_", 1)[1] if subtype.startswith(("channel_", "group_")) else subtype
        seconds = ts_key(ts)[0]
        if event == "name":
            old_name = nonempty(raw, "old_name")
            if old_name and old_name.lstrip("#") != self.info.name:
                self.previous_names.append(PreviousName(name=old_name.lstrip("#"), until_ts=ts))
        elif event == "topic" and seconds >= self.topic_set:
            self.topic, self.topic_set = text_of(raw, "topic") or "", seconds
        elif event == "purpose" and seconds >= self.purpose_set:
            self.purpose, self.purpose_set = text_of(raw, "purpose") or "", seconds
        elif event in {"archive", "unarchive"} and self.info.is_archived is None:
            self.archived = event == "archive"

    def channel_item(self) -> ChannelItem:
        info = self.info
        return ChannelItem(
            doc=Channel(
                channel_id=info.channel_id,
                name=info.name,
                previous_names=self.previous_names,
                channel_type=info.channel_type,
                topic=self.topic,
                purpose=self.purpose,
                created=epoch_datetime(info.created),
                creator=self.ids(info.creator) if info.creator else None,
                is_archived=bool(self.archived),
                members=[self.ids(user) for user in self.member_ids],
                joined_at=self.joined_at,
                first_ts=self.first_ts,
                last_ts=self.last_ts,
                message_count=self.message_count,
            )
        )

    def people_items(self) -> Iterator[PersonItem]:
        """Authors with their newest message; bots; placeholders for ids no profile explains."""
        for source_id in sorted(self.referenced | set(self.authors)):
            last_active = self.authors.get(source_id)
            if source_id in self.bots:
                yield PersonItem(
                    doc=bot_person(source_id, name=self.bots[source_id], last_active=last_active)
                )
            elif source_id in self.users:
                if last_active is not None:
                    yield PersonItem(doc=person_from_user(self.users[source_id], last_active=last_active))
            elif source_id not in self.known_users or last_active is not None:
                name = self.known_users.get(source_id)
                yield PersonItem(doc=placeholder_person(source_id, name=name, last_active=last_active))

    def placeholder_ids(self) -> list[str]:
        """Source ids this unit references that neither the input nor the store has a profile for."""
        return sorted(
            source_id
            for source_id in self.referenced | set(self.authors)
            if source_id not in self.bots
            and source_id not in self.users
            and source_id not in self.known_users
        )

    def counts(self) -> dict[str, int]:
        return {
            "messages": self.message_count,
            "messages_system": self.system_count,
            "channels": 1,
            "people_placeholders": len(self.placeholder_ids()),
        }
