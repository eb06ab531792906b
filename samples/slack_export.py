"""The Slack admin-export ZIP: users.json, channels.json, integration_logs.json, `<channel>/<day>.json`.

Channels are generated and written one at a time, so memory holds one channel, never the workspace.
Every member has the same fixed entry time, so the same world gives the same bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from samples import anchors, facts, ids
from samples import slack_messages as sm
from samples.model import Channel, Person, World
from samples.slack_gen import ChannelBuilder, SlackContext
from samples.slack_units import ProjectTalk
from samples.specs import MessageSpec
from samples.timeline import ARCHIVE_TIME, AS_OF, at, ts_datetime

_TZ = {
    "Europe/London": ("Greenwich Mean Time", 0),
    "America/New_York": ("Eastern Standard Time", -18000),
    "America/Chicago": ("Central Standard Time", -21600),
    "America/Los_Angeles": ("Pacific Standard Time", -28800),
    "America/Sao_Paulo": ("Brasilia Standard Time", -10800),
    "Asia/Kolkata": ("India Standard Time", 19800),
    "Asia/Tokyo": ("Japan Standard Time", 32400),
    "Europe/Istanbul": ("Turkey Time", 10800),
}
_CET = ("Central European Time", 3600)
_EXPORT_EPOCH = int(at(AS_OF, 21).timestamp())


@dataclass(slots=True)
class SlackStats:
    """What the export contains, counted by the 02 §4.5 rules while writing."""

    users: int = 0
    humans: int = 0
    bots: int = 0
    deactivated: int = 0
    channels: int = 0
    conversational: int = 0
    system: int = 0
    thread_replies: int = 0
    system_by_subtype: dict[str, int] = field(default_factory=dict)
    planted_ts: dict[str, tuple[str, str]] = field(default_factory=dict)  # pid -> (channel id, ts)
    last_message_day: dict[str, str] = field(default_factory=dict)  # person key -> YYYY-MM-DD


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ARCHIVE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _user(seed: int, p: Person) -> dict[str, object]:
    tz_label, tz_offset = _TZ.get(p.tz, _CET)
    avatar = ids.hex_id(seed, "avatar", p.key, 12)
    images = {
        f"image_{n}": f"https://avatars.slack-edge.com/2025-01-01/{avatar}_{n}.png"
        for n in (24, 32, 48, 72, 192, 512)
    }
    profile: dict[str, object] = {
        "title": p.title,
        "phone": "",
        "skype": "",
        "real_name": p.slack_real_name,
        "real_name_normalized": p.slack_real_name,
        "display_name": p.display,
        "display_name_normalized": p.display,
        "fields": {},
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": avatar,
        "first_name": p.first if not p.is_bot else "jira-bot",
        "last_name": p.last if not p.is_bot else "",
        **images,
        "team": ids.TEAM_ID,
    }
    if p.email:
        profile["email"] = p.email
    if p.is_bot:
        profile.update(bot_id=ids.slack_bot_id(seed, p.key), api_app_id="A0JIRACLOUD", always_active=True)
    return {
        "id": p.slack_id,
        "team_id": ids.TEAM_ID,
        "name": p.handle,
        "deleted": p.deactivated,
        "color": ids.hex_id(seed, "color", p.key, 6),
        "real_name": p.slack_real_name,
        "tz": p.tz,
        "tz_label": tz_label,
        "tz_offset": tz_offset,
        "profile": profile,
        "is_admin": p.key in {"helen-park", "michael-chang"},
        "is_owner": p.key == "helen-park",
        "is_primary_owner": p.key == "helen-park",
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": p.is_bot,
        "is_app_user": False,
        "updated": _EXPORT_EPOCH,
        "is_email_confirmed": p.email is not None,
        "who_can_share_contact_card": "EVERYONE",
    }


def _channel(world: World, c: Channel) -> dict[str, object]:
    creator = world.person(c.creator).slack_id
    created = int(c.created.timestamp())
    members = [world.person(k).slack_id for k in c.members]
    return {
        "id": c.id,
        "name": c.name,
        "created": created,
        "creator": creator,
        "is_archived": False,
        "is_general": c.is_general,
        "members": members,
        "pins": [],
        "topic": {"value": c.topic, "creator": creator, "last_set": created + 40},
        "purpose": {"value": c.purpose, "creator": creator, "last_set": created + 20},
    }


def _planted_for(channel: Channel) -> list[MessageSpec]:
    pool = (
        *facts.INFORMAL,
        *facts.NOT_INFORMAL,
        facts.UNANSWERED_BLOCKER,
        *facts.KEVIN_MESSAGES,
        *facts.DEADLINE_MESSAGES,
        *anchors.THREADS,
        *anchors.DAYS,
    )
    return [m for m in pool if m.channel == channel.name and channel.unit == 0]


def _channel_messages(ctx: SlackContext, channel: Channel) -> tuple[ChannelBuilder, list[sm.Message]]:
    spec = next((p for p in ctx.world.projects if p.key == channel.project), None)
    builder = ChannelBuilder(ctx, channel, spec)
    talk = None
    if spec is not None:
        talk = ProjectTalk(builder, spec, ctx.issues.get(spec.key, []), dev=channel.kind == "dev")
    return builder, builder.build(_planted_for(channel), talk)


def _by_day(messages: list[sm.Message]) -> Iterator[tuple[str, list[sm.Message]]]:
    current, bucket = "", list[sm.Message]()
    for m in messages:
        day = ts_datetime(str(m["ts"])).date().isoformat()
        if day != current and bucket:
            yield current, bucket
            bucket = []
        current = day
        bucket.append(m)
    if bucket:
        yield current, bucket


def _count(stats: SlackStats, key_of: dict[str, str], messages: list[sm.Message]) -> None:
    for m in messages:
        subtype = m.get("subtype")
        if subtype in sm.SYSTEM_SUBTYPES:
            stats.system += 1
            stats.system_by_subtype[str(subtype)] = stats.system_by_subtype.get(str(subtype), 0) + 1
            continue
        stats.conversational += 1
        if m.get("thread_ts") not in (None, m["ts"]):
            stats.thread_replies += 1
        key = key_of.get(str(m.get("user")))
        if key:
            day = ts_datetime(str(m["ts"])).date().isoformat()
            if day > stats.last_message_day.get(key, ""):
                stats.last_message_day[key] = day


def write_slack(path: Path, ctx: SlackContext) -> SlackStats:
    """Write the whole export ZIP to `path`; returns the counts truth.json reports."""
    world, seed = ctx.world, ctx.seed
    stats = SlackStats()
    slack_people = sorted((p for p in world.people if p.slack_id), key=lambda p: str(p.slack_id))
    stats.users = len(slack_people)
    stats.bots = sum(p.is_bot for p in slack_people)
    stats.humans = stats.users - stats.bots
    stats.deactivated = sum(p.deactivated for p in slack_people)
    channels = sorted(world.channels, key=lambda c: c.name)
    stats.channels = len(channels)
    key_of = {str(p.slack_id): p.key for p in slack_people}
    path.parent.mkdir(parents=True, exist_ok=True)
    opt = orjson.OPT_INDENT_2
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(_entry("users.json"), orjson.dumps([_user(seed, p) for p in slack_people], option=opt))
        zf.writestr(_entry("channels.json"), orjson.dumps([_channel(world, c) for c in channels], option=opt))
        bot = world.person("jira-bot")
        logs = [
            {
                "service_id": "B0JIRACLOUD",
                "service_type": "Jira Cloud",
                "user_id": world.person("ethan-brooks").slack_id,
                "user_name": "ethan.brooks",
                "channel": c.name,
                "date": str(int(c.created.timestamp())),
                "change_type": "added",
                "scope": "incoming-webhook",
                "app_id": "A0JIRACLOUD",
                "reason": bot.handle,
            }
            for c in channels
            if c.kind == "project" and c.unit == 0
        ]
        zf.writestr(_entry("integration_logs.json"), orjson.dumps({"logs": logs}, option=opt))
        for channel in channels:
            builder, messages = _channel_messages(ctx, channel)
            for pid, ts in builder.planted.items():
                stats.planted_ts[pid] = (channel.id, ts)
            _count(stats, key_of, messages)
            for day, bucket in _by_day(messages):
                zf.writestr(_entry(f"{channel.name}/{day}.json"), orjson.dumps(bucket, option=opt))
    return stats
