"""Limits, errors and name rules shared by safe archive and folder access (spec 02 §3, §12, §13).

Nothing here opens an archive: `safety.py` does. This module says which names are junk (ignored
silently), which are unsafe (zip-slip, reported), how limits are named in messages, and how JSON
bytes are parsed with a line:col error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import orjson

from chiefops.ingest.units import UnitFailed

if TYPE_CHECKING:
    from chiefops.config import Settings

MIB = 1024 * 1024
CHUNK_BYTES = MIB
"""Streaming chunk: a limit is never overshot by more than this many bytes (02 §12)."""

MAX_NESTING = 2
"""A ZIP inside a ZIP is opened (depth 2); deeper → `nested_too_deep` (02 §3 step 3)."""

ARROW = " › "
"""Separator of archive member display names: `export.zip › general/2026-06-01.json`."""


@dataclass(frozen=True)
class Limits:
    """The §12 limits detection and readers enforce; picklable for worker processes."""

    max_upload_bytes: int = 500 * MIB
    max_unzipped_bytes: int = 4096 * MIB
    max_batch_files: int = 20_000
    max_zip_ratio: int = 100
    max_zip_entries: int = 200_000
    max_json_bytes: int = 64 * MIB

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_upload_bytes=settings.max_upload_mb * MIB,
            max_unzipped_bytes=settings.max_unzipped_mb * MIB,
            max_batch_files=settings.max_batch_files,
            max_zip_ratio=settings.max_zip_ratio,
            max_zip_entries=settings.max_zip_entries,
            max_json_bytes=settings.max_json_mb * MIB,
        )


class ArchiveError(UnitFailed):
    """A problem with an archive, a member or a file read under a limit (02 §13 codes).

    Failures on a §12 limit are raised `recoverable`: once the limit is raised, a retry of the job
    runs the file again (02 §15, §17 check 20); damaged or unsafe archives are not."""

    def __init__(
        self, code: str, reason: str, *, member: str | None = None, recoverable: bool = False
    ) -> None:
        super().__init__(code, reason, recoverable=recoverable)
        self.member = member


class InvalidJson(ArchiveError):
    """JSON bytes that do not parse; `line`/`column` are 1-based."""

    def __init__(self, *, display: str, line: int, column: int, detail: str) -> None:
        super().__init__(
            "invalid_json",
            f"{display}: invalid JSON at line {line}:{column} ({detail}) — export the file again",
            member=display,
        )
        self.line = line
        self.column = column


@dataclass
class ReadMeter:
    """Decompressed bytes actually read from an archive and the archives nested in it."""

    bytes_read: int = 0


@dataclass(frozen=True)
class MemberProblem:
    """A member that was skipped and reported (`unsafe_path`, `encrypted_archive`, …)."""

    member: str
    code: str
    reason: str


def format_mb(size_bytes: int) -> str:
    return f"{size_bytes / MIB:,.1f} MB"


def limit_reason(*, what: str, actual: str, limit_bytes: int, setting: str) -> str:
    """'<what> is <actual>, over the limit of <N> MB (CHIEFOPS_<SETTING>)'."""
    return f"{what} is {actual}, over the limit of {limit_bytes // MIB:,} MB (CHIEFOPS_{setting})"


# --- Names --------------------------------------------------------------------------------------

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_DRIVE = re.compile(r"^[A-Za-z]:")


def is_ignored_name(parts: tuple[str, ...]) -> bool:
    """macOS/Windows debris, lock files and dot-files: ignored silently, counted (02 §3 step 6)."""
    if any(part == "__MACOSX" for part in parts):
        return True
    base = parts[-1] if parts else ""
    return base.lower() in _JUNK_NAMES or base.startswith(("._", "~$", "."))


def unsafe_name_reason(raw_name: str) -> str | None:
    """Why a member name could escape the extraction folder (zip-slip), or None when it is safe."""
    name = raw_name.replace("\\", "/")
    if "\x00" in name:
        return "its name contains a NUL byte"
    if name.startswith("/"):
        return "its name is an absolute path"
    if _DRIVE.match(name):
        return "its name starts with a drive letter"
    if any(part == ".." for part in name.split("/")):
        return "its name climbs out of the archive (`..`)"
    return None


def split_member_name(raw_name: str) -> tuple[str, ...]:
    """Path segments of a (safe) member name; backslashes count as separators."""
    return tuple(part for part in raw_name.replace("\\", "/").split("/") if part not in {"", "."})


def shared_top_folder(names: list[tuple[str, ...]]) -> str | None:
    """The one folder every file sits in (a zipped folder), else None."""
    if not names or any(len(parts) < 2 for parts in names):
        return None
    tops = {parts[0] for parts in names}
    return tops.pop() if len(tops) == 1 else None


def safe_join(directory: Path, rel_name: str) -> Path:
    """`directory / rel_name`, refusing anything that would land outside `directory`."""
    reason = unsafe_name_reason(rel_name)
    if reason is not None:
        raise ArchiveError("unsafe_path", f"{rel_name}: skipped, {reason}", member=rel_name)
    target = directory.joinpath(*split_member_name(rel_name)).resolve()
    if not target.is_relative_to(directory.resolve()):
        raise ArchiveError("unsafe_path", f"{rel_name}: skipped, it would be written outside the work folder")
    return target


# --- JSON ---------------------------------------------------------------------------------------


def parse_json(data: bytes, *, display: str) -> object:
    """orjson-parse a whole JSON document; errors name the file and line:col."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidJson(display=display, line=exc.lineno, column=exc.colno, detail=exc.msg) from exc


def nested_too_deep(display: str, *, depth: int) -> ArchiveError:
    return ArchiveError(
        "nested_too_deep",
        f"{display}: a ZIP nested {depth} levels deep; only {MAX_NESTING} levels are opened"
        " — unpack the inner archive and add it on its own",
    )


def json_too_large(*, display: str, size_bytes: int, limits: Limits) -> ArchiveError:
    return ArchiveError(
        "json_too_large",
        f"{display}: "
        + limit_reason(
            what="this JSON document",
            actual=format_mb(size_bytes),
            limit_bytes=limits.max_json_bytes,
            setting="MAX_JSON_MB",
        ),
        member=display,
        recoverable=True,
    )


# --- Folders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderListing:
    """Files under a folder in sorted order (symlinks not followed) and how many were ignored."""

    files: tuple[Path, ...]
    ignored: int


def walk_folder(root: Path) -> FolderListing:
    """Every regular file under `root`, sorted by relative path; junk counted, symlinks skipped."""
    files: list[Path] = []
    ignored = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in sorted(folder.iterdir(), key=lambda p: p.name, reverse=True):
            if entry.is_symlink() or is_ignored_name((entry.name,)):
                ignored += 1
            elif entry.is_dir():
                stack.append(entry)
            elif entry.is_file():
                files.append(entry)
    files.sort(key=lambda p: PurePosixPath(p.relative_to(root).as_posix()).parts)
    return FolderListing(files=tuple(files), ignored=ignored)
