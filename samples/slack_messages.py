"""Slack message objects in the shapes a real admin export holds (02 §4).

Human posts carry `client_msg_id`, `team` and `user_profile`; bots post `bot_message`s with attachments;
channel events use their subtypes; threads get `reply_count`, `reply_users`, `replies` and `latest_reply`
once the whole channel is known (`finish_threads`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from samples import ids
from samples.model import Person

Message = dict[str, object]
REACTIONS = (
    "+1",
    "white_check_mark",
    "eyes",
    "tada",
    "raised_hands",
    "joy",
    "heart",
    "rocket",
    "pray",
    "100",
    "fire",
    "thinking_face",
    "sweat_smile",
    "slightly_smiling_face",
    "clap",
    "muscle",
    "bulb",
)
FILE_KINDS = (
    ("png", "image/png", "PNG"),
    ("pdf", "application/pdf", "PDF"),
    ("csv", "text/csv", "CSV"),
    ("mp4", "video/mp4", "MPEG 4 Video"),
    ("jpg", "image/jpeg", "JPEG"),
)
SYSTEM_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_name",
        "channel_topic",
        "channel_purpose",
        "channel_archive",
        "channel_unarchive",
        "pinned_item",
        "unpinned_item",
    }
)


def profile(seed: int, person: Person) -> dict[str, object]:
    """The `user_profile` block Slack copies into every human message."""
    avatar = ids.hex_id(seed, "avatar", person.key, 12)
    return {
        "avatar_hash": avatar,
        "image_72": f"https://avatars.slack-edge.com/2025-01-01/{avatar}_72.png",
        "first_name": person.first,
        "real_name": person.slack_real_name,
        "display_name": person.display,
        "team": ids.TEAM_ID,
        "name": person.handle,
        "is_restricted": False,
        "is_ultra_restricted": False,
    }


def human(rng: random.Random, user_id: str, user_profile: dict[str, object], ts: str, text: str) -> Message:
    return {
        "client_msg_id": f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-a{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}",
        "type": "message",
        "text": text,
        "user": user_id,
        "ts": ts,
        "team": ids.TEAM_ID,
        "user_team": ids.TEAM_ID,
        "source_team": ids.TEAM_ID,
        "user_profile": user_profile,
    }


def bot(seed: int, bot_person: Person, ts: str, text: str, *, key: str, title: str, status: str) -> Message:
    bot_id = ids.slack_bot_id(seed, bot_person.key)
    return {
        "type": "message",
        "subtype": "bot_message",
        "text": text,
        "ts": ts,
        "user": bot_person.slack_id,
        "bot_id": bot_id,
        "username": bot_person.handle,
        "bot_profile": {
            "id": bot_id,
            "app_id": "A0JIRACLOUD",
            "name": bot_person.handle,
            "deleted": False,
            "team_id": ids.TEAM_ID,
        },
        "attachments": [
            {
                "fallback": f"{key}: {title} ({status})",
                "title": f"{key}: {title}",
                "title_link": f"https://{ids.WORKSPACE}.atlassian.net/browse/{key}",
                "text": f"Status: *{status}*",
                "color": "36a64f" if status == "Done" else "2684ff",
                "footer": "Jira Cloud",
                "mrkdwn_in": ["text"],
                "id": 1,
            }
        ],
    }


def system(user_id: str, ts: str, subtype: str, text: str, **extra: str) -> Message:
    return {"type": "message", "subtype": subtype, "ts": ts, "user": user_id, "text": text, **extra}


def add_file(
    rng: random.Random, seed: int, message: Message, person: Person, moment: datetime, stem: str
) -> None:
    """Attach file metadata only (exports never hold file bodies); links carry an export token."""
    ext, mime, pretty = FILE_KINDS[rng.randrange(len(FILE_KINDS))]
    file_id = ids.slack_file_id(seed, f"{message['ts']}:{stem}")
    name = f"{stem}.{ext}"
    token = ids.hex_id(seed, "filetoken", file_id, 10)
    message["files"] = [
        {
            "id": file_id,
            "created": int(moment.timestamp()),
            "timestamp": int(moment.timestamp()),
            "name": name,
            "title": stem.replace("-", " ").capitalize(),
            "mimetype": mime,
            "filetype": ext,
            "pretty_type": pretty,
            "user": person.slack_id,
            "user_team": ids.TEAM_ID,
            "editable": False,
            "size": rng.randint(18_000, 4_800_000),
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": True,
            "url_private": f"https://files.slack.com/files-pri/{ids.TEAM_ID}-{file_id}/{name}?t=xoxe-{token}",
            "url_private_download": f"https://files.slack.com/files-pri/{ids.TEAM_ID}-{file_id}/download/{name}?t=xoxe-{token}",
            "permalink": f"https://{ids.WORKSPACE}.slack.com/files/{person.slack_id}/{file_id}/{name}",
            "permalink_public": f"https://slack-files.com/{ids.TEAM_ID}-{file_id}-{token}",
        }
    ]
    message["upload"] = True
    message["display_as_bot"] = False


def add_reactions(rng: random.Random, message: Message, users: list[str]) -> None:
    chosen = rng.sample(REACTIONS, k=rng.choice((1, 1, 1, 2, 3)))
    reactions = []
    for name in chosen:
        who = sorted(rng.sample(users, k=min(len(users), rng.choice((1, 1, 2, 3, 4)))))
        reactions.append({"name": name, "users": who, "count": len(who)})
    message["reactions"] = reactions


def add_edit(rng: random.Random, message: Message) -> None:
    secs, _micros = str(message["ts"]).split(".")
    message["edited"] = {"user": message["user"], "ts": f"{int(secs) + rng.randint(20, 900)}.000000"}


def finish_threads(messages: Iterable[Message]) -> None:
    """Fill parents' thread fields from their replies, as Slack does when exporting."""
    parents: dict[str, Message] = {}
    replies: dict[str, list[Message]] = {}
    for m in messages:
        thread_ts = m.get("thread_ts")
        if thread_ts is None:
            continue
        if thread_ts == m["ts"]:
            parents[str(thread_ts)] = m
        else:
            replies.setdefault(str(thread_ts), []).append(m)
    for thread_ts, parent in parents.items():
        kids = sorted(replies.get(thread_ts, []), key=lambda r: str(r["ts"]))
        if not kids:  # a thread nobody answered is just a message
            del parent["thread_ts"]
            continue
        users = list(dict.fromkeys(str(r["user"]) for r in kids))
        parent["reply_count"] = len(kids)
        parent["reply_users_count"] = len(users)
        parent["latest_reply"] = kids[-1]["ts"]
        parent["reply_users"] = users
        parent["replies"] = [{"user": r["user"], "ts": r["ts"]} for r in kids]
        parent["is_locked"] = False
        parent["subscribed"] = False
        for r in kids:
            r["parent_user_id"] = parent["user"]
            if r.get("subtype") == "thread_broadcast":
                r["root"] = {
                    "text": parent["text"],
                    "user": parent["user"],
                    "ts": parent["ts"],
                    "thread_ts": thread_ts,
                    "reply_count": len(kids),
                    "type": "message",
                }
