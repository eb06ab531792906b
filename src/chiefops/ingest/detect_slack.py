"""Which archives and folders are Slack exports (spec 02 §3 steps 1 and 3), and their estimates.

Names are compared case-insensitively after junk is dropped and a shared top folder stripped:
`_metadata.json` at the root → `slack_api`; users.json/org_users.json + channels.json → `slack_export`;
root folders of `YYYY-MM-DD.json` day files and nothing but JSON → `slack_export`, with warning
`users_missing` when no users file is there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from chiefops.ingest.detect_sniff import Estimate
from chiefops.ingest.safety import SourceTree
from chiefops.ingest.slack_directory import METADATA_FILE, estimate_messages, scan_layout
from chiefops.models import IngestWarning, InputKind

_USERS = frozenset({"users.json", "org_users.json"})
_CHANNELS = "channels.json"
_DAY_PATH = re.compile(r"[^/]+/\d{4}-\d{2}-\d{2}\.json", re.IGNORECASE)


def _kind_of_root(root_names: set[str]) -> InputKind | None:
    if METADATA_FILE in root_names:
        return InputKind.SLACK_API
    if root_names & _USERS and _CHANNELS in root_names:
        return InputKind.SLACK_EXPORT
    return None


def slack_zip_kind(names: Sequence[str]) -> tuple[InputKind | None, tuple[IngestWarning, ...]]:
    """Slack kind of a plain ZIP from its (stripped) member names, with `users_missing` if due."""
    root = {name.lower() for name in names if "/" not in name}
    kind = _kind_of_root(root)
    if kind is not None:
        return kind, ()
    day_files = [name for name in names if _DAY_PATH.fullmatch(name)]
    if not day_files or not all(name.lower().endswith(".json") for name in names):
        return None, ()
    if root & _USERS:
        return InputKind.SLACK_EXPORT, ()
    warning = IngestWarning(
        code="users_missing",
        message="this Slack export has no users.json: authors are shown as ids until a users.json is ingested",
    )
    return InputKind.SLACK_EXPORT, (warning,)


def folder_slack_kind(folder: Path) -> InputKind | None:
    """§3 step 1: a folder with channels.json + users.json/org_users.json, or `_metadata.json`."""
    root = {entry.name.lower() for entry in folder.iterdir() if entry.is_file() and not entry.is_symlink()}
    return _kind_of_root(root)


def slack_estimate(tree: SourceTree, kind: InputKind) -> Estimate:
    """Channels with day files and messages expected from their sizes."""
    layout = scan_layout(tree.names(), kind=kind)
    day_files = [name for names in layout.day_files.values() for name in names]
    return Estimate(channels=len(layout.day_files), messages=estimate_messages(tree, day_files))
