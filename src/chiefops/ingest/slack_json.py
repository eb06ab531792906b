"""Readers of single-JSON Slack inputs: capture files and hand-made message lists (spec 02 §4.1).

Capture (`slack_capture`): `_meta` names the channel (type by id prefix); `messages` plus every
reply in `threads` are collected by `ts`, so a reply present in both is stored once; a
`_meta.total_messages` that differs from what was found is a warning. Units: `users` and the
channel.

Manual (`slack_manual`): a JSON array of messages or `{messages: [...]}`, or a folder of such
files. Channel = the `channel` option, else the parent folder of a day file, else the file stem;
its id is the stored channel with that name, else `name:<channel>`. `user` may be an id or a
display name — both become person source ids. One unit per channel, no users unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from chiefops.ingest.safety import ArchiveError, Limits, read_json_file
from chiefops.ingest.safety_rules import walk_folder
from chiefops.ingest.slack_channel import ChannelAssembler
from chiefops.ingest.slack_directory import ChannelInfo, type_by_id
from chiefops.ingest.slack_people import parse_users
from chiefops.ingest.slack_raw import DAY_FILE, RawObject, as_object, int_of, nonempty, objects
from chiefops.ingest.slack_units import finish_channel, users_items
from chiefops.ingest.units import InputSource, ParseContext, ProgressFn, SpoolItem, UnitFailed, UnitPlan
from chiefops.models import IngestWarning
from chiefops.models.enums import ChannelType, InputKind
from chiefops.runtime import collector_paused

USERS_UNIT = "users"
_BYTES_PER_MESSAGE = 400
"""Average bytes per message of a compact JSON file; progress estimates only."""


def channel_id_for(name: str, known_channels: Mapping[str, str]) -> str:
    """The stored channel's id for a name, else `name:<channel>`."""
    by_name = {stored: channel_id for channel_id, stored in known_channels.items()}
    return by_name.get(name) or f"name:{name}"


# --- Capture ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Capture:
    info: ChannelInfo
    messages: list[RawObject]
    users: object
    total_messages: int | None


def _parse_capture(data: object, *, display: str, ctx: ParseContext) -> _Capture:
    root = as_object(data)
    meta = as_object(root.get("_meta")) if root else None
    if root is None or meta is None or not isinstance(root.get("messages"), list):
        raise UnitFailed(
            "invalid_json", f"{display}: not a Slack capture (needs `_meta` and a `messages` list)"
        )
    name = (nonempty(meta, "channel_name") or "").lstrip("#")
    channel_id = nonempty(meta, "channel_id") or (channel_id_for(name, ctx.known_channels) if name else None)
    if channel_id is None:
        raise UnitFailed("invalid_json", f"{display}: `_meta` names neither channel_id nor channel_name")
    messages = objects(root.get("messages"))
    threads = as_object(root.get("threads")) or {}
    for replies in threads.values():
        messages.extend(objects(replies))
    total = meta.get("total_messages")
    return _Capture(
        info=ChannelInfo(channel_id=channel_id, name=name or channel_id, channel_type=type_by_id(channel_id)),
        messages=messages,
        users=root.get("users"),
        total_messages=int_of(meta, "total_messages") if total is not None else None,
    )


@dataclass(frozen=True)
class CaptureReader:
    """`slack_capture` inputs."""

    limits: Limits = field(default_factory=Limits)

    def _load(self, source: InputSource, ctx: ParseContext) -> _Capture:
        with collector_paused():
            data = read_json_file(source.path, limits=self.limits, display=source.display)
            return _parse_capture(data, display=source.display, ctx=ctx)

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]:
        capture = self._load(source, ctx)
        return [
            UnitPlan(
                key=USERS_UNIT,
                display=f"{source.display}: users",
                estimate={"people": len(objects(capture.users))},
            ),
            UnitPlan(
                key=f"channel:{capture.info.channel_id}",
                display=f"#{capture.info.name}",
                estimate={"messages": len(capture.messages)},
            ),
        ]

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        capture = self._load(source, ctx)
        users = parse_users(capture.users)
        if unit.key == USERS_UNIT:
            yield from users_items(users)
            return
        assembler = ChannelAssembler(
            capture.info,
            origin=InputKind.SLACK_CAPTURE,
            ctx=ctx,
            users=users,
            channel_names={capture.info.channel_id: capture.info.name},
        )
        assembler.add(capture.messages, origin_path=source.rel_path)
        warnings = []
        if capture.total_messages is not None and capture.total_messages != len(assembler):
            warnings.append(
                IngestWarning(
                    code="total_mismatch",
                    message=f"{source.display}: `_meta.total_messages` says {capture.total_messages:,}"
                    f" but the file holds {len(assembler):,} distinct messages",
                )
            )
        yield from finish_channel(assembler, progress=progress, failures=[], warnings=warnings)


# --- Manual -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ManualFile:
    path: Path
    rel_path: str
    display: str


def manual_messages(data: object) -> list[RawObject] | None:
    """The message list of a manual file (array or `{messages: [...]}`), None for anything else."""
    if isinstance(data, list):
        return objects(data)
    root = as_object(data)
    if root is not None and isinstance(root.get("messages"), list):
        return objects(root.get("messages"))
    return None


def _manual_files(source: InputSource) -> list[_ManualFile]:
    if not source.path.is_dir():
        return [_ManualFile(source.path, source.rel_path or source.path.name, source.display)]
    files: list[_ManualFile] = []
    for path in walk_folder(source.path).files:
        if path.suffix.lower() == ".json":
            rel = path.relative_to(source.path).as_posix()
            files.append(_ManualFile(path, rel, f"{source.display}/{rel}"))
    return files


def _manual_channel(file: _ManualFile, ctx: ParseContext) -> str:
    if ctx.channel:
        return ctx.channel.lstrip("#")
    if DAY_FILE.fullmatch(file.path.name):
        return file.path.parent.name
    return file.path.stem


def _manual_groups(source: InputSource, ctx: ParseContext) -> dict[str, list[_ManualFile]]:
    groups: dict[str, list[_ManualFile]] = {}
    for file in _manual_files(source):
        groups.setdefault(_manual_channel(file, ctx), []).append(file)
    return groups


@dataclass(frozen=True)
class ManualReader:
    """`slack_manual` inputs: one file or a folder of files."""

    limits: Limits = field(default_factory=Limits)

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]:
        return [
            UnitPlan(
                key=f"channel:{channel_id_for(name, ctx.known_channels)}",
                display=f"#{name}",
                estimate={
                    "messages": max(1, sum(f.path.stat().st_size for f in files) // _BYTES_PER_MESSAGE)
                },
            )
            for name, files in sorted(_manual_groups(source, ctx).items())
        ]

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        groups = _manual_groups(source, ctx)
        name = next(
            (n for n in groups if f"channel:{channel_id_for(n, ctx.known_channels)}" == unit.key), None
        )
        if name is None:
            raise UnitFailed("unknown_unit", f"{source.display}: no channel unit {unit.key!r} in this input")
        channel_id = channel_id_for(name, ctx.known_channels)
        info = ChannelInfo(channel_id=channel_id, name=name, channel_type=ChannelType.PUBLIC)
        assembler = ChannelAssembler(
            info, origin=InputKind.SLACK_MANUAL, ctx=ctx, users={}, channel_names={channel_id: name}
        )
        failures: list[str] = []
        with collector_paused():
            for file in groups[name]:
                messages = self._read(file, single=not source.path.is_dir(), failures=failures)
                if messages is not None:
                    assembler.add(messages, origin_path=file.rel_path)
        yield from finish_channel(assembler, progress=progress, failures=failures)

    def _read(self, file: _ManualFile, *, single: bool, failures: list[str]) -> list[RawObject] | None:
        """A file's messages; a bad file fails a single-file input, or is a failed member of a folder."""
        try:
            messages = manual_messages(read_json_file(file.path, limits=self.limits, display=file.display))
        except ArchiveError as exc:
            if single or exc.code != "invalid_json":
                raise
            failures.append(exc.reason)
            return None
        if messages is None:
            reason = f"{file.display}: not a list of Slack messages"
            if single:
                raise UnitFailed("invalid_json", reason)
            failures.append(reason)
        return messages
