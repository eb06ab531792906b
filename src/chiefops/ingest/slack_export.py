"""Reader of Slack admin exports and ChiefOps API extracts (spec 02 §4.1), ZIP or folder.

Units: `users` (profiles from users.json / org_users.json; `partial users_missing` without them;
skipped DM conversations reported here) and one `channel:<id>` unit per channel. A day file that
cannot be read makes its channel `partial` (`member_failed`, file and line:col named); the other
day files are kept. A worker process opens an export once per job (its central directory and
list files are reused by every channel unit), not once per channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chiefops.ingest.safety import ArchiveError, FolderTree, Limits, SafeArchive, SourceTree, open_tree
from chiefops.ingest.slack_channel import ChannelAssembler
from chiefops.ingest.slack_directory import (
    ChannelUnit,
    ExportLayout,
    SlackDirectory,
    channel_units,
    estimate_messages,
    load_directory,
    scan_layout,
)
from chiefops.ingest.slack_raw import objects
from chiefops.ingest.slack_units import finish_channel, users_items
from chiefops.ingest.units import InputSource, ParseContext, ProgressFn, SpoolItem, UnitFailed, UnitPlan
from chiefops.models import IngestWarning
from chiefops.models.enums import InputKind
from chiefops.runtime import collector_paused

USERS_UNIT = "users"


def _stamp(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What the cache is keyed on: the file, or a folder's top-level entries (a folder's mtime
    changes when a day file is added or removed; list files are top-level)."""
    if path.is_dir():
        return tuple(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in sorted(path.iterdir())
            if not entry.is_symlink()
        )
    stat = path.stat()
    return ((path.name, stat.st_size, stat.st_mtime_ns),)


@dataclass(frozen=True)
class _OpenExport:
    tree: SafeArchive | FolderTree
    layout: ExportLayout
    directory: SlackDirectory


_OPEN: dict[tuple[object, ...], _OpenExport] = {}
"""The export this worker process last opened (one entry): channel units of one input reuse its
parsed central directory and list files instead of re-reading them per unit. Keyed by path, its
size/mtime stamp, job, kind, limits and display; replacing it closes the previous archive."""


def close_cached_exports() -> None:
    """Close the export this process keeps open (call at the end of a job, e.g. in each worker)."""
    for stale in _OPEN.values():
        stale.tree.close()
    _OPEN.clear()


def _open_export(source: InputSource, *, kind: InputKind, limits: Limits, job_id: str) -> _OpenExport:
    key = (source.path, _stamp(source.path), job_id, kind, limits, source.display)
    found = _OPEN.get(key)
    if found is not None:
        return found
    close_cached_exports()
    tree = open_tree(source.path, limits=limits, display=source.display)
    layout = scan_layout(tree.names(), kind=kind)
    opened = _OPEN[key] = _OpenExport(tree, layout, load_directory(tree, layout))
    return opened


@dataclass(frozen=True)
class ExportReader:
    """`slack_export` and `slack_api` inputs (the kind is the records' `origin`)."""

    kind: InputKind = InputKind.SLACK_EXPORT
    limits: Limits = field(default_factory=Limits)

    def _open(self, source: InputSource, ctx: ParseContext) -> _OpenExport:
        return _open_export(source, kind=self.kind, limits=self.limits, job_id=ctx.job_id)

    def _units(self, export: _OpenExport, ctx: ParseContext) -> tuple[list[ChannelUnit], list[str]]:
        return channel_units(
            export.layout, export.directory, slack_dms=ctx.slack_dms, known_channels=ctx.known_channels
        )

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]:
        export = self._open(source, ctx)
        units, _ = self._units(export, ctx)
        channels = [
            UnitPlan(
                key=unit.key,
                display=f"#{unit.info.name}",
                estimate={"messages": estimate_messages(export.tree, unit.day_files)},
            )
            for unit in units
        ]
        people = {"people": len(export.directory.users)}
        return [UnitPlan(key=USERS_UNIT, display=f"{source.display}: users", estimate=people), *channels]

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        export = self._open(source, ctx)
        if unit.key == USERS_UNIT:
            yield from self._users(export, source, ctx)
            return
        units, _ = self._units(export, ctx)
        found = next((candidate for candidate in units if candidate.key == unit.key), None)
        if found is None:
            raise UnitFailed("unknown_unit", f"{source.display}: no channel unit {unit.key!r} in this export")
        yield from self._channel(export, found, ctx=ctx, progress=progress)

    def _users(self, export: _OpenExport, source: InputSource, ctx: ParseContext) -> Iterator[SpoolItem]:
        directory = export.directory
        if directory.users_problem is not None:
            raise UnitFailed(directory.users_problem.code, directory.users_problem.reason)
        warnings = [IngestWarning(code=exc.code, message=exc.reason) for _, exc in directory.problems]
        _, skipped_dms = self._units(export, ctx)
        if skipped_dms:
            warnings.append(
                IngestWarning(
                    code="dms_skipped",
                    message=f"{source.display}: {len(skipped_dms):,} direct-message conversation(s) skipped"
                    " — set CHIEFOPS_INGEST_SLACK_DMS=true to include them",
                )
            )
        yield from users_items(directory.users, warnings=warnings, users_missing=directory.users_missing)

    def _channel(
        self, export: _OpenExport, unit: ChannelUnit, *, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        directory = export.directory
        assembler = ChannelAssembler(
            unit.info,
            origin=self.kind,
            ctx=ctx,
            users=directory.users,
            channel_names={info.channel_id: info.name for info in directory.channels},
        )
        with collector_paused():
            failures = self._read_days(export.tree, unit, assembler)
        yield from finish_channel(
            assembler, progress=progress, failures=failures, warnings=self._folder_warnings(export.tree, unit)
        )

    @staticmethod
    def _read_days(tree: SourceTree, unit: ChannelUnit, assembler: ChannelAssembler) -> list[str]:
        """Feed every day file to the assembler; returns the reasons of those that failed."""
        failures: list[str] = []
        for name in unit.day_files:
            try:
                data = tree.read_json(name)
            except ArchiveError as exc:
                if exc.code not in {"invalid_json", "member_failed"}:
                    raise
                failures.append(exc.reason)
                continue
            if not isinstance(data, list):
                failures.append(f"{tree.member_display(name)}: not a list of messages")
                continue
            assembler.add(objects(data), origin_path=name)
        return failures

    @staticmethod
    def _folder_warnings(tree: SourceTree, unit: ChannelUnit) -> list[IngestWarning]:
        warnings = [
            IngestWarning(
                code="not_a_day_file",
                message=f"{tree.member_display(name)}: not a day file (YYYY-MM-DD.json), skipped",
            )
            for name in unit.stray_files
        ]
        if not unit.listed:
            warnings.append(
                IngestWarning(
                    code="unknown_channel_folder",
                    message=f"{tree.member_display(unit.folder or unit.info.name)}: no channel list names this"
                    f" folder; its messages are kept under channel id {unit.info.channel_id}",
                )
            )
        return warnings
