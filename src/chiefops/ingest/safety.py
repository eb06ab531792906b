"""Safe access to ZIP archives and folders (spec 02 §3 step 3, §12, §13).

`SafeArchive` reads only the central directory when it opens: junk is dropped, unsafe names and
symlinks are skipped and reported, and the entry count, declared sizes, per-member ratios,
overlapping members and encryption are checked before a single byte is decompressed. Members are
then streamed through `zipfile.open` with the actual decompressed bytes counted (never more than
the limit plus one 1 MiB chunk). `FolderTree` offers the same read interface over an unpacked
folder, so an export ZIP, its zipped-folder form and the unpacked folder read identically.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from chiefops.ingest.safety_rules import (
    ARROW,
    CHUNK_BYTES,
    MAX_NESTING,
    ArchiveError,
    InvalidJson,
    Limits,
    MemberProblem,
    ReadMeter,
    format_mb,
    is_ignored_name,
    json_too_large,
    limit_reason,
    nested_too_deep,
    parse_json,
    safe_join,
    shared_top_folder,
    split_member_name,
    unsafe_name_reason,
    walk_folder,
)

__all__ = [
    "ArchiveError",
    "FolderTree",
    "InvalidJson",
    "Limits",
    "MemberProblem",
    "ReadMeter",
    "SafeArchive",
    "SourceTree",
    "open_tree",
    "read_json_file",
]

_ENCRYPTED_FLAG = 0x1
_LOCAL_HEADER_BYTES = 30
_RATIO_FLOOR_BYTES = 1024 * 1024


class SourceTree(Protocol):
    """Read access to the files of an archive or folder by relative POSIX name."""

    display: str

    def names(self) -> Sequence[str]: ...

    def size_bytes(self, name: str) -> int: ...

    def member_display(self, name: str) -> str: ...

    def read_json(self, name: str) -> object: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class ArchiveMember:
    """A kept member: `name` has the shared top folder stripped; sizes as declared."""

    name: str
    raw_name: str
    size_bytes: int
    compressed_bytes: int
    date_time: tuple[int, int, int, int, int, int]


def _next_read(done: int, max_bytes: int | None) -> int:
    """Chunk size so that at most one byte past `max_bytes` (or one chunk past the limit) is read."""
    if max_bytes is None:
        return CHUNK_BYTES
    return max(1, min(CHUNK_BYTES, max_bytes - done + 1))


def corrupt_archive(display: str, size_bytes: int) -> ArchiveError:
    return ArchiveError(
        "corrupt_archive",
        f"{display}: not a readable ZIP (damaged or incomplete download; ends at byte {size_bytes:,})"
        " — download it again",
    )


class SafeArchive:
    """A ZIP opened under the §12 limits. Use as a context manager; `depth` is 1 for a dropped ZIP."""

    def __init__(
        self,
        path: Path,
        *,
        limits: Limits,
        display: str | None = None,
        depth: int = 1,
        meter: ReadMeter | None = None,
    ) -> None:
        self.path = path
        self.display = display or path.name
        self.limits = limits
        self.depth = depth
        self.meter = meter if meter is not None else ReadMeter()
        self.problems: list[MemberProblem] = []
        self.ignored = 0
        self.top_folder: str | None = None
        if depth > MAX_NESTING:
            raise nested_too_deep(self.display, depth=depth)
        self._zip = self._open_zip()
        try:
            self._members = self._scan(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise

    # --- opening -----------------------------------------------------------------------------

    def _open_zip(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise corrupt_archive(self.display, self.path.stat().st_size) from exc

    def _scan(self, infos: list[zipfile.ZipInfo]) -> dict[str, tuple[ArchiveMember, zipfile.ZipInfo]]:
        files = [info for info in infos if not info.is_dir()]
        self._check_entries(len(infos))
        self._check_declared(files)
        self._check_overlaps(files)
        kept = [info for info in files if self._keep(info)]
        if files and not kept and all(info.flag_bits & _ENCRYPTED_FLAG for info in files):
            raise ArchiveError(
                "encrypted_archive",
                f"{self.display}: password-protected archives are not supported — unzip it and add the files",
            )
        parts = [split_member_name(info.filename) for info in kept]
        self.top_folder = shared_top_folder(parts)
        strip = 1 if self.top_folder else 0
        members: dict[str, tuple[ArchiveMember, zipfile.ZipInfo]] = {}
        for info, segments in zip(kept, parts, strict=True):
            name = "/".join(segments[strip:])
            member = ArchiveMember(
                name=name,
                raw_name=info.filename,
                size_bytes=info.file_size,
                compressed_bytes=info.compress_size,
                date_time=info.date_time,
            )
            members.setdefault(name, (member, info))
        return members

    def _check_entries(self, count: int) -> None:
        if count > self.limits.max_zip_entries:
            raise ArchiveError(
                "too_many_entries",
                f"{self.display}: {count:,} entries, over the limit of {self.limits.max_zip_entries:,}"
                " (CHIEFOPS_MAX_ZIP_ENTRIES)",
                recoverable=True,
            )

    def _check_declared(self, files: list[zipfile.ZipInfo]) -> None:
        total = self.meter.bytes_read + sum(info.file_size for info in files)
        if total > self.limits.max_unzipped_bytes:
            raise ArchiveError(
                "zip_too_large",
                f"{self.display}: "
                + limit_reason(
                    what="the unzipped size",
                    actual=format_mb(total),
                    limit_bytes=self.limits.max_unzipped_bytes,
                    setting="MAX_UNZIPPED_MB",
                ),
                recoverable=True,
            )
        for info in files:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= _RATIO_FLOOR_BYTES and ratio > self.limits.max_zip_ratio:
                raise ArchiveError(
                    "zip_bomb_suspected",
                    f"{self.display}{ARROW}{info.filename}: compressed {ratio:,.0f}:1, over the limit of"
                    f" {self.limits.max_zip_ratio}:1 (CHIEFOPS_MAX_ZIP_RATIO) — this looks like a ZIP bomb",
                    member=info.filename,
                    recoverable=True,
                )

    def _check_overlaps(self, files: list[zipfile.ZipInfo]) -> None:
        ordered = sorted(files, key=lambda info: info.header_offset)
        bounds = [info.header_offset for info in ordered[1:]] + [self._zip.start_dir]
        for info, next_start in zip(ordered, bounds, strict=True):
            end = info.header_offset + _LOCAL_HEADER_BYTES + len(info.orig_filename) + info.compress_size
            if end > next_start:
                raise ArchiveError(
                    "zip_bomb_suspected",
                    f"{self.display}{ARROW}{info.filename}: its data overlaps another member"
                    " — this looks like a ZIP bomb",
                    member=info.filename,
                )

    def _keep(self, info: zipfile.ZipInfo) -> bool:
        display = f"{self.display}{ARROW}{info.filename}"
        if is_ignored_name(split_member_name(info.filename)):
            self.ignored += 1
            return False
        reason = unsafe_name_reason(info.filename)
        if reason is None and info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            reason = "it is a symbolic link"
        if reason is not None:
            self.problems.append(MemberProblem(display, "unsafe_path", f"{display}: skipped, {reason}"))
            return False
        if info.flag_bits & _ENCRYPTED_FLAG:
            self.problems.append(
                MemberProblem(
                    display,
                    "encrypted_archive",
                    f"{display}: skipped, password-protected members are not supported",
                )
            )
            return False
        return True

    # --- access ------------------------------------------------------------------------------

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def members(self) -> list[ArchiveMember]:
        return [member for member, _ in self._members.values()]

    def names(self) -> list[str]:
        return list(self._members)

    def member(self, name: str) -> ArchiveMember:
        return self._members[name][0]

    def size_bytes(self, name: str) -> int:
        return self._members[name][0].size_bytes

    def member_display(self, name: str) -> str:
        return f"{self.display}{ARROW}{name}"

    def iter_chunks(self, name: str, *, max_bytes: int | None = None) -> Iterator[bytes]:
        """Stream a member's bytes, counted against the archive limit (and `max_bytes` if given)."""
        member, info = self._members[name]
        display = self.member_display(name)
        own = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_next_read(own, max_bytes)):
                    own += len(chunk)
                    self._count(len(chunk), display=display, own=own, declared=member.size_bytes)
                    yield chunk
                    if max_bytes is not None and own > max_bytes:
                        return
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise ArchiveError(
                "member_failed", f"{display}: damaged member ({exc}) — export it again", member=display
            ) from exc

    def _count(self, size: int, *, display: str, own: int, declared: int) -> None:
        self.meter.bytes_read += size
        if own > declared:
            raise ArchiveError(
                "zip_bomb_suspected",
                f"{display}: more data than its declared {declared:,} bytes — this looks like a ZIP bomb",
                member=display,
            )
        if self.meter.bytes_read > self.limits.max_unzipped_bytes:
            raise ArchiveError(
                "zip_too_large",
                f"{self.display}: "
                + limit_reason(
                    what="the unzipped size",
                    actual=f"more than {format_mb(self.limits.max_unzipped_bytes)}",
                    limit_bytes=self.limits.max_unzipped_bytes,
                    setting="MAX_UNZIPPED_MB",
                ),
                recoverable=True,
            )

    def read_head(self, name: str, size: int) -> bytes:
        """Up to `size` leading bytes of a member (for sniffing)."""
        data = bytearray()
        for chunk in self.iter_chunks(name, max_bytes=size):
            data += chunk
            if len(data) >= size:
                break
        return bytes(data[:size])

    def read_json(self, name: str) -> object:
        """Parse one member as JSON, capped at MAX_JSON_MB (declared size first, then actual bytes)."""
        display = self.member_display(name)
        limit = self.limits.max_json_bytes
        if self.size_bytes(name) > limit:
            raise json_too_large(display=display, size_bytes=self.size_bytes(name), limits=self.limits)
        data = b"".join(self.iter_chunks(name, max_bytes=limit))
        if len(data) > limit:
            raise json_too_large(display=display, size_bytes=len(data), limits=self.limits)
        return parse_json(data, display=display)

    def extract_to(self, name: str, directory: Path) -> Path:
        """Stream a member to `directory/<name>` (for parsers that need a real file)."""
        display = self.member_display(name)
        size = self.size_bytes(name)
        if size > self.limits.max_upload_bytes:
            raise ArchiveError(
                "file_too_large",
                f"{display}: "
                + limit_reason(
                    what="this file",
                    actual=format_mb(size),
                    limit_bytes=self.limits.max_upload_bytes,
                    setting="MAX_UPLOAD_MB",
                ),
                member=display,
                recoverable=True,
            )
        target = safe_join(directory, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, prefix=".part-") as handle:
            partial = Path(handle.name)
            try:
                for chunk in self.iter_chunks(name):
                    handle.write(chunk)
            except BaseException:
                handle.close()
                partial.unlink()
                raise
        partial.replace(target)
        return target


class FolderTree:
    """An unpacked folder read like an archive: sorted names, junk ignored, JSON capped."""

    def __init__(self, root: Path, *, limits: Limits, display: str | None = None) -> None:
        self.root = root
        self.display = display or root.name
        self.limits = limits
        listing = walk_folder(root)
        self.ignored = listing.ignored
        self._names = [path.relative_to(root).as_posix() for path in listing.files]

    def __enter__(self) -> FolderTree:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release; present for the `SourceTree` interface."""

    def names(self) -> list[str]:
        return list(self._names)

    def size_bytes(self, name: str) -> int:
        return self.root.joinpath(name).stat().st_size

    def member_display(self, name: str) -> str:
        return f"{self.display}/{name}"

    def read_json(self, name: str) -> object:
        return read_json_file(self.root.joinpath(name), limits=self.limits, display=self.member_display(name))


def open_tree(path: Path, *, limits: Limits, display: str | None = None) -> SafeArchive | FolderTree:
    """A folder as `FolderTree`, anything else as `SafeArchive`."""
    if path.is_dir():
        return FolderTree(path, limits=limits, display=display)
    return SafeArchive(path, limits=limits, display=display)


def read_json_file(path: Path, *, limits: Limits, display: str) -> object:
    """Parse one JSON file on disk, capped at MAX_JSON_MB (its size first, then the bytes read)."""
    limit = limits.max_json_bytes
    size = path.stat().st_size
    if size > limit:
        raise json_too_large(display=display, size_bytes=size, limits=limits)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise json_too_large(display=display, size_bytes=len(data), limits=limits)
    return parse_json(data, display=display)
