"""Builders of small Slack inputs (admin export, API extract, capture, manual JSON) in temp dirs, and
a helper running a Slack reader over every unit the way the job runner does.

The standard export (spec 02 §17 check 2): channels `general` (C01) and `proj-alpha` (C02), three
day files each; users.json lists 7 users (a bot `jira-bot`, a deactivated `Dan Dormant`); U99
writes a message but is absent from users.json. Expected: 12 conversational messages, 4 system
records, 2 channels, 8 people, 1 placeholder.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from chiefops.ingest.slack import close_cached_exports
from chiefops.ingest.units import (
    ChannelItem,
    InputSource,
    MessageItem,
    ParseContext,
    PersonItem,
    Reader,
    SpoolItem,
    UnitDoneItem,
    WarningItem,
)
from chiefops.models import Channel, InputKind, Message, Person

DAY0 = 1_780_272_000
"""2026-06-01T00:00:00Z."""
JOB_ID = "job-slack-1"

Files = dict[str, object]


def ts(day: int, second: int, micro: int = 100) -> str:
    """A Slack ts `day` days after 2026-06-01 plus `second` seconds."""
    return f"{DAY0 + day * 86_400 + second}.{micro:06d}"


def day_name(day: int) -> str:
    return f"2026-06-{day + 1:02d}.json"


def user(
    uid: str,
    real_name: str,
    *,
    handle: str | None = None,
    email: str | None = None,
    deleted: bool = False,
    is_bot: bool = False,
    title: str = "",
) -> dict[str, object]:
    handle = handle or real_name.split()[0].lower()
    return {
        "id": uid,
        "name": handle,
        "deleted": deleted,
        "real_name": real_name,
        "tz": "Europe/London",
        "is_bot": is_bot,
        "profile": {
            "real_name": real_name,
            "display_name": handle,
            "email": email or f"{handle}@Lumen.io",
            "title": title,
            "image_48": f"https://avatars.example/{uid}-48.png",
            "image_192": f"https://avatars.example/{uid}-192.png",
        },
    }


def msg(uid: str | None, text: str, at: str, **extra: object) -> dict[str, object]:
    message: dict[str, object] = {"type": "message", "text": text, "ts": at}
    if uid is not None:
        message["user"] = uid
    message.update(extra)
    return message


def join(uid: str, at: str) -> dict[str, object]:
    return msg(uid, f"<@{uid}> has joined the channel", at, subtype="channel_join")


USERS = [
    user("U01", "Alice Adams", title="COO"),
    user("U02", "Bob Brown"),
    user("U03", "Carol Chen"),
    user("U04", "Dan Dormant", deleted=True),
    user("U05", "Erin Evans"),
    user("U06", "Frank Fox"),
    user("UBOT1", "jira-bot", handle="jira-bot", is_bot=True),
]

CHANNELS = [
    {
        "id": "C01",
        "name": "general",
        "created": DAY0 - 86_400,
        "creator": "U01",
        "members": ["U01", "U02", "U03"],
        "topic": {"value": "Company-wide", "creator": "U01", "last_set": DAY0 - 86_400},
        "purpose": {"value": "Everything", "creator": "U01", "last_set": DAY0 - 86_400},
        "is_archived": False,
    },
    {
        "id": "C02",
        "name": "proj-alpha",
        "created": DAY0 - 86_400,
        "creator": "U01",
        "members": ["U01", "U06"],
        "topic": {"value": "Alpha", "creator": "U01", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
    },
]

PARENT_TS = ts(1, 10)


def general_days() -> list[list[dict[str, object]]]:
    return [
        [join("U01", ts(0, 10)), msg("U01", "Hello <@U02>", ts(0, 20)), msg("U02", "Hi Alice", ts(0, 30))],
        [
            msg(
                "U03",
                "Release plan?",
                PARENT_TS,
                thread_ts=PARENT_TS,
                reply_count=2,
                reply_users=["U01", "U02"],
                latest_reply=ts(1, 30),
            ),
            msg("U01", "Friday", ts(1, 20), thread_ts=PARENT_TS, parent_user_id="U03"),
            msg("U02", "Agreed", ts(1, 30), thread_ts=PARENT_TS, parent_user_id="U03"),
            msg("UBOT1", "ALPHA-12 moved to Done", ts(1, 40)),
        ],
        [
            msg("U01", "set the channel topic: Launch", ts(2, 10), subtype="channel_topic", topic="Launch"),
            msg("U99", "who am I", ts(2, 20)),
            msg("U04", "bye", ts(2, 30)),
        ],
    ]


def alpha_days() -> list[list[dict[str, object]]]:
    return [
        [join("U05", ts(0, 100)), msg("U06", "kickoff", ts(0, 110))],
        [
            msg(
                "U01",
                "renamed the channel from “alpha-old” to “proj-alpha”",
                ts(1, 100),
                subtype="channel_name",
                old_name="alpha-old",
                name="proj-alpha",
            ),
            msg("U01", "plan", ts(1, 110)),
        ],
        [msg("U06", "done", ts(2, 100)), msg("U02", "status", ts(2, 110))],
    ]


def capture_of_general(*, total: int = 10) -> dict[str, object]:
    """The general channel as a capture: top-level messages, replies under `threads` (one also at top)."""
    everything = [m for day in general_days() for m in day]
    replies = [m for m in everything if m.get("thread_ts") and m["thread_ts"] != m["ts"]]
    top = [m for m in everything if m not in replies] + replies[:1]
    return {
        "_meta": {
            "source": "chiefops-slack-capture",
            "version": "1",
            "captured_at": "2026-06-04T00:00:00Z",
            "channel_name": "general",
            "channel_id": "C01",
            "total_messages": total,
            "total_users": len(USERS),
            "total_threads": 1,
        },
        "messages": top,
        "users": USERS,
        "threads": {PARENT_TS: replies},
    }


def standard_export() -> Files:
    """File tree of the standard export (relative path → JSON value)."""
    files: Files = {"users.json": USERS, "channels.json": CHANNELS}
    for folder, days in (("general", general_days()), ("proj-alpha", alpha_days())):
        for day, messages in enumerate(days):
            files[f"{folder}/{day_name(day)}"] = messages
    return files


def encode(value: object) -> bytes:
    return value if isinstance(value, bytes) else orjson.dumps(value, option=orjson.OPT_INDENT_2)


def write_zip(
    path: Path, files: Mapping[str, object], *, top_folder: str | None = None, macosx: bool = False
) -> Path:
    """Write `files` as a ZIP; optionally all under one folder and with macOS `__MACOSX/`/`._*` debris."""
    prefix = f"{top_folder}/" if top_folder else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in files.items():
            archive.writestr(prefix + name, encode(value))
            if macosx:
                folder, _, base = (prefix + name).rpartition("/")
                archive.writestr(f"__MACOSX/{folder}/._{base}".replace("//", "/"), b"\x00\x05\x16\x07")
        if macosx:
            archive.writestr(f"{prefix}._users.json", b"\x00\x05\x16\x07")
            archive.writestr(f"{prefix}.DS_Store", b"\x00\x00\x00\x01Bud1")
    return path


def write_folder(root: Path, files: Mapping[str, object]) -> Path:
    for name, value in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encode(value))
    return root


def source_for(path: Path, kind: InputKind, *, display: str | None = None) -> InputSource:
    size = path.stat().st_size if path.is_file() else 0
    return InputSource(
        kind=kind,
        path=path,
        display=display or path.name,
        root=path.stem,
        rel_path="" if path.is_dir() else path.name,
        size_bytes=size,
    )


@dataclass
class Parsed:
    """Every item of every unit of one input, by unit key."""

    units: dict[str, list[SpoolItem]] = field(default_factory=dict)
    progress: list[tuple[int, int | None, str]] = field(default_factory=list)

    def items(self) -> list[SpoolItem]:
        return [item for items in self.units.values() for item in items]

    def messages(self) -> list[Message]:
        return [item.doc for item in self.items() if isinstance(item, MessageItem)]

    def conversational(self) -> list[Message]:
        return [m for m in self.messages() if not m.is_system]

    def system(self) -> list[Message]:
        return [m for m in self.messages() if m.is_system]

    def message(self, text: str) -> Message:
        (found,) = [m for m in self.messages() if m.text == text]
        return found

    def channels(self) -> dict[str, Channel]:
        return {item.doc.channel_id: item.doc for item in self.items() if isinstance(item, ChannelItem)}

    def people(self) -> dict[str, Person]:
        """Distinct people by person_id; a full profile wins over a placeholder of the same id."""
        people: dict[str, Person] = {}
        for item in self.items():
            if isinstance(item, PersonItem):
                current = people.get(item.doc.person_id)
                if current is None or current.is_placeholder:
                    people[item.doc.person_id] = item.doc
        return people

    def person(self, name: str) -> Person:
        (found,) = [p for p in self.people().values() if p.name == name]
        return found

    def warnings(self) -> list[tuple[str, str]]:
        return [(i.warning.code, i.warning.message) for i in self.items() if isinstance(i, WarningItem)]

    def done(self, unit_key: str) -> UnitDoneItem:
        last = self.units[unit_key][-1]
        assert isinstance(last, UnitDoneItem)
        return last


def run_reader(
    reader: Reader, source: InputSource, ctx: ParseContext | None = None, *, only: Sequence[str] | None = None
) -> Parsed:
    """plan() then parse() of every unit (or of `only`), collecting items and progress calls; the
    export kept open for the job is closed at the end, as the job runner does."""
    ctx = ctx or ParseContext(job_id=JOB_ID)
    parsed = Parsed()
    try:
        for unit in reader.plan(source, ctx):
            if only is None or unit.key in only:
                parsed.units[unit.key] = list(
                    reader.parse(source, unit, ctx, lambda d, t, s: parsed.progress.append((d, t, s)))
                )
    finally:
        close_cached_exports()
    return parsed
