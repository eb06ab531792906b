"""What an export or API extract holds, from its file names and list files (spec 02 §4.1).

`scan_layout` reads names only (the central directory): users/channel list files, `_metadata.json`,
and the day files of each channel folder. `load_directory` reads the list files: users, public and
private channels, DMs (kept only when `CHIEFOPS_INGEST_SLACK_DMS` is on), `_metadata.channels`.
`channel_units` turns both into one unit per channel, in a stable order both `plan` and `parse`
compute the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.ingest.safety import ArchiveError, SourceTree
from chiefops.ingest.slack_people import SlackUser, parse_users
from chiefops.ingest.slack_raw import DAY_FILE, RawObject, as_object, int_of, nonempty, objects, strings
from chiefops.models.enums import ChannelType, InputKind

_USERS_FILES = ("users.json", "org_users.json")
_CHANNEL_LISTS = {"channels.json": ChannelType.PUBLIC, "groups.json": ChannelType.PRIVATE}
_DM_LISTS = ("dms.json", "mpims.json")
METADATA_FILE = "_metadata.json"
_BYTES_PER_MESSAGE = 700
"""Average day-file bytes per exported message (pretty-printed with a user_profile block); estimates only."""


@dataclass(frozen=True)
class ChannelInfo:
    """A channel as listed (channels.json, groups.json, dms.json, capture `_meta`, …)."""

    channel_id: str
    name: str
    channel_type: ChannelType
    topic: str = ""
    topic_set: int = 0
    purpose: str = ""
    purpose_set: int = 0
    created: int = 0
    creator: str | None = None
    is_archived: bool | None = None
    members: tuple[str, ...] = ()


def type_by_id(channel_id: str) -> ChannelType:
    """Channel type by Slack id prefix: `G` private, `D` direct message, else public."""
    if channel_id.startswith("G"):
        return ChannelType.PRIVATE
    if channel_id.startswith("D"):
        return ChannelType.DM
    return ChannelType.PUBLIC


def parse_channel(raw: RawObject, *, channel_type: ChannelType | None = None) -> ChannelInfo | None:
    """One list entry → `ChannelInfo`; None without an id. DMs without a name are named by id."""
    channel_id = nonempty(raw, "id")
    if channel_id is None:
        return None
    topic = as_object(raw.get("topic")) or {}
    purpose = as_object(raw.get("purpose")) or {}
    archived = raw.get("is_archived")
    return ChannelInfo(
        channel_id=channel_id,
        name=(nonempty(raw, "name") or channel_id).lstrip("#"),
        channel_type=channel_type or type_by_id(channel_id),
        topic=nonempty(topic, "value") or "",
        topic_set=int_of(topic, "last_set"),
        purpose=nonempty(purpose, "value") or "",
        purpose_set=int_of(purpose, "last_set"),
        created=int_of(raw, "created"),
        creator=nonempty(raw, "creator"),
        is_archived=archived if isinstance(archived, bool) else None,
        members=tuple(strings(raw, "members")),
    )


@dataclass(frozen=True)
class ExportLayout:
    """Names of an export/extract grouped by role; day files sorted by name (= date)."""

    root_files: Mapping[str, str] = field(default_factory=dict)
    """lower-cased root file name → actual name."""
    day_files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """channel folder → its day files."""
    stray_files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """channel folder → JSON files that are not day files."""

    def root(self, name: str) -> str | None:
        return self.root_files.get(name)

    @property
    def has_users(self) -> bool:
        return any(self.root(name) for name in _USERS_FILES)


def scan_layout(names: Sequence[str], *, kind: InputKind) -> ExportLayout:
    """Group names: root list files; day files per channel folder (API extracts: any depth)."""
    root: dict[str, str] = {}
    days: dict[str, list[str]] = {}
    strays: dict[str, list[str]] = {}
    for name in names:
        parts = name.split("/")
        if len(parts) == 1:
            root[name.lower()] = name
            continue
        if kind is InputKind.SLACK_API and any(part.startswith("_") for part in parts):
            continue
        if not name.lower().endswith(".json"):
            continue
        is_day = DAY_FILE.fullmatch(parts[-1]) is not None and (
            kind is InputKind.SLACK_API or len(parts) == 2
        )
        (days if is_day else strays).setdefault(parts[0], []).append(name)
    return ExportLayout(
        root_files=root,
        day_files={
            folder: tuple(sorted(found, key=lambda n: n.rsplit("/", 1)[-1])) for folder, found in days.items()
        },
        stray_files={folder: tuple(sorted(found)) for folder, found in strays.items()},
    )


@dataclass(frozen=True)
class SlackDirectory:
    """Users and listed channels of an export; `problems` are list files that could not be read."""

    users: Mapping[str, SlackUser]
    channels: tuple[ChannelInfo, ...]
    dm_channels: tuple[ChannelInfo, ...]
    users_missing: bool
    problems: tuple[tuple[str, ArchiveError], ...] = ()
    """(list file name in lower case, its error)."""

    @property
    def users_problem(self) -> ArchiveError | None:
        return next((exc for name, exc in self.problems if name in _USERS_FILES), None)


def _read_list(tree: SourceTree, name: str | None, problems: list[tuple[str, ArchiveError]]) -> object:
    if name is None:
        return []
    try:
        return tree.read_json(name)
    except ArchiveError as exc:
        problems.append((name.lower(), exc))
        return []


def load_directory(tree: SourceTree, layout: ExportLayout) -> SlackDirectory:
    """Read users, channel lists and `_metadata.channels` (a list file that fails is a problem)."""
    problems: list[tuple[str, ArchiveError]] = []
    users: dict[str, SlackUser] = {}
    for name in _USERS_FILES:
        users.update(parse_users(_read_list(tree, layout.root(name), problems)))
    channels: dict[str, ChannelInfo] = {}
    for list_name, channel_type in _CHANNEL_LISTS.items():
        for raw in objects(_read_list(tree, layout.root(list_name), problems)):
            info = parse_channel(raw, channel_type=channel_type)
            if info is not None:
                channels.setdefault(info.channel_id, info)
    metadata = as_object(_read_list(tree, layout.root(METADATA_FILE), problems)) or {}
    for raw in objects(metadata.get("channels")):
        info = parse_channel(raw)
        if info is not None:
            channels.setdefault(info.channel_id, info)
    dms = [
        info
        for list_name in _DM_LISTS
        for raw in objects(_read_list(tree, layout.root(list_name), problems))
        if (info := parse_channel(raw, channel_type=ChannelType.DM)) is not None
    ]
    return SlackDirectory(
        users=users,
        channels=tuple(channels.values()),
        dm_channels=tuple(dms),
        users_missing=not layout.has_users,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class ChannelUnit:
    """One channel of an export: its info, folder (None when it has no messages) and day files."""

    info: ChannelInfo
    folder: str | None
    day_files: tuple[str, ...]
    stray_files: tuple[str, ...]
    listed: bool
    """False for a folder no list file names (placeholder channel `folder:<name>`)."""

    @property
    def key(self) -> str:
        return f"channel:{self.info.channel_id}"


def _folder_info(folder: str, known_channels: Mapping[str, str]) -> ChannelInfo:
    by_name = {name: channel_id for channel_id, name in known_channels.items()}
    channel_id = by_name.get(folder) or f"folder:{folder}"
    return ChannelInfo(channel_id=channel_id, name=folder, channel_type=type_by_id(channel_id))


def channel_units(
    layout: ExportLayout, directory: SlackDirectory, *, slack_dms: bool, known_channels: Mapping[str, str]
) -> tuple[list[ChannelUnit], list[str]]:
    """Units in a stable order (listed channels, then unknown folders) and the DM folders skipped."""
    listed = list(directory.channels) + (list(directory.dm_channels) if slack_dms else [])
    by_folder = {info.name: info for info in listed} | {info.channel_id: info for info in listed}
    dm_folders = {name for info in directory.dm_channels for name in (info.name, info.channel_id)}
    units: list[ChannelUnit] = []
    seen: set[str] = set()
    for folder in sorted(set(layout.day_files) | set(layout.stray_files)):
        info = by_folder.get(folder)
        if info is None and folder in dm_folders:
            continue
        if info is None and folder not in layout.day_files:
            continue
        units.append(
            ChannelUnit(
                info=info or _folder_info(folder, known_channels),
                folder=folder,
                day_files=layout.day_files.get(folder, ()),
                stray_files=layout.stray_files.get(folder, ()),
                listed=info is not None,
            )
        )
        seen.add(units[-1].info.channel_id)
    units.extend(
        ChannelUnit(info=info, folder=None, day_files=(), stray_files=(), listed=True)
        for info in listed
        if info.channel_id not in seen
    )
    skipped_dms = [] if slack_dms else sorted(f for f in dm_folders if f in layout.day_files)
    return units, skipped_dms


def estimate_messages(tree: SourceTree, day_files: Sequence[str]) -> int:
    """Messages expected from day-file sizes (no parsing); at least 1 per non-empty day file."""
    return sum(max(1, tree.size_bytes(name) // _BYTES_PER_MESSAGE) for name in day_files)
