"""Detection: what each dropped path is, before anything is parsed (spec 02 §3, §14 `--dry-run`).

`detect(paths, limits=..., work_dir=...)` returns one `DetectedInput` per accepted input — a Slack
export/extract (ZIP or folder) stays one input; a container (a Drive folder, a mixed ZIP) expands
to one input per member, ZIP members streamed to files under `work_dir` — plus `skipped` entries
(code and reason, status `skipped` or `failed`) and the count of silently `ignored` files
(lock files, dot-files, `__MACOSX`). At most `MAX_BATCH_FILES` files are taken; the rest are
reported on one `too_many_files` line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypedDict

from chiefops.ingest.detect_slack import folder_slack_kind, slack_estimate, slack_zip_kind
from chiefops.ingest.detect_sniff import Estimate, sniff_file
from chiefops.ingest.safety import ArchiveError, FolderTree, Limits, ReadMeter, SafeArchive
from chiefops.ingest.safety_rules import is_ignored_name
from chiefops.ingest.units import InputSource
from chiefops.models import IngestWarning, InputKind

__all__ = [
    "DetectedInput",
    "Detection",
    "DryRunPreview",
    "Estimate",
    "SkippedInput",
    "detect",
    "dry_run_preview",
]


@dataclass(frozen=True)
class DetectedInput:
    """One accepted input: what to parse (`source`), its `format` (pdf, csv, zip, folder, …)."""

    kind: InputKind
    source: InputSource
    format: str
    warnings: tuple[IngestWarning, ...] = ()
    estimate: Estimate = field(default_factory=Estimate)


@dataclass(frozen=True)
class SkippedInput:
    """A path (or archive member) that will not be ingested, and why (02 §13 codes)."""

    path: str
    code: str
    reason: str
    status: Literal["skipped", "failed"] = "skipped"
    recoverable: bool = False


@dataclass(frozen=True)
class Detection:
    inputs: tuple[DetectedInput, ...] = ()
    skipped: tuple[SkippedInput, ...] = ()
    ignored: int = 0


@dataclass(frozen=True)
class _Place:
    """Where a file sits: how people see it, and the Drive key parts (root, path below it)."""

    display: str
    root: str
    rel_path: str
    depth: int = 1
    modified_at_epoch: float | None = None
    meter: ReadMeter | None = None


class _Batch:
    """Accumulates a detection; counts files against MAX_BATCH_FILES."""

    def __init__(self, *, limits: Limits, work_dir: Path) -> None:
        self.limits = limits
        self.work_dir = work_dir
        self.inputs: list[DetectedInput] = []
        self.skipped: list[SkippedInput] = []
        self.ignored = 0
        self._files = 0
        self._archives = 0
        self._overflow: list[str] = []

    def take(self, display: str) -> bool:
        """Count one file; False (and remembered) once the batch limit is reached."""
        if self._files >= self.limits.max_batch_files:
            self._overflow.append(display)
            return False
        self._files += 1
        return True

    def skip(
        self,
        path: str,
        code: str,
        reason: str,
        *,
        status: Literal["skipped", "failed"],
        recoverable: bool = False,
    ) -> None:
        self.skipped.append(
            SkippedInput(path=path, code=code, reason=reason, status=status, recoverable=recoverable)
        )

    def archive_dir(self, label: str) -> Path:
        """A fresh folder for one archive's members, ending in `label` (its top folder or stem), so a
        member keeps a meaningful parent folder name (manual day files take their channel from it)."""
        self._archives += 1
        return self.work_dir / f"{self._archives:04d}" / label

    def result(self) -> Detection:
        skipped = list(self.skipped)
        if self._overflow:
            skipped.append(
                SkippedInput(
                    path=self._overflow[0],
                    code="too_many_files",
                    reason=f"{len(self._overflow):,} more file(s) were not ingested: a batch holds at most"
                    f" {self.limits.max_batch_files:,} files (CHIEFOPS_MAX_BATCH_FILES)",
                    recoverable=True,
                )
            )
        return Detection(inputs=tuple(self.inputs), skipped=tuple(skipped), ignored=self.ignored)


def detect(paths: Sequence[Path], *, limits: Limits, work_dir: Path) -> Detection:
    """Detect every path (files, folders, ZIPs); ZIP members of containers are extracted to `work_dir`."""
    batch = _Batch(limits=limits, work_dir=work_dir)
    for path in paths:
        if not path.exists():
            batch.skip(str(path), "file_missing", f"{path}: no such file or folder", status="failed")
        elif path.is_dir():
            _folder(path, root=path.name, rel="", batch=batch)
        elif is_ignored_name((path.name,)):
            batch.ignored += 1
        else:
            _file(path, _Place(path.name, "", path.name, modified_at_epoch=path.stat().st_mtime), batch)
    return batch.result()


def _source(kind: InputKind, path: Path, place: _Place, *, size: int) -> InputSource:
    return InputSource(
        kind=kind,
        path=path,
        display=place.display,
        root=place.root,
        rel_path=place.rel_path,
        size_bytes=size,
        modified_at_epoch=place.modified_at_epoch,
    )


def _file(path: Path, place: _Place, batch: _Batch, *, counted: bool = False) -> None:
    if not counted and not batch.take(place.display):
        return
    sniffed = sniff_file(
        path, display=place.display, limits=batch.limits, depth=place.depth, meter=place.meter
    )
    if sniffed.code is not None:
        batch.skip(
            place.display,
            sniffed.code,
            sniffed.reason or sniffed.code,
            status=sniffed.status,
            recoverable=sniffed.recoverable,
        )
    elif sniffed.format == "zip":
        _zip(path, place, batch, warnings=sniffed.warnings)
    elif sniffed.kind is not None:
        source = _source(sniffed.kind, path, place, size=path.stat().st_size)
        batch.inputs.append(
            DetectedInput(sniffed.kind, source, sniffed.format, sniffed.warnings, sniffed.estimate)
        )


# --- ZIPs ---------------------------------------------------------------------------------------


def _zip(path: Path, place: _Place, batch: _Batch, *, warnings: tuple[IngestWarning, ...]) -> None:
    """A plain ZIP: one Slack input, or a container whose members are detected one by one."""
    try:
        with SafeArchive(
            path, limits=batch.limits, display=place.display, depth=place.depth, meter=place.meter
        ) as archive:
            kind, slack_warnings = slack_zip_kind(archive.names())
            if kind is not None:
                problems = tuple(IngestWarning(code=p.code, message=p.reason) for p in archive.problems)
                root = archive.top_folder or Path(place.rel_path or path.name).stem
                source = _source(kind, path, _Place(place.display, root, ""), size=path.stat().st_size)
                detected = DetectedInput(
                    kind, source, "zip", warnings + slack_warnings + problems, slack_estimate(archive, kind)
                )
                batch.inputs.append(detected)
                return
            _container(archive, place, batch)
    except ArchiveError as exc:
        batch.skip(place.display, exc.code, exc.reason, status="failed", recoverable=exc.recoverable)


def _member_epoch(date_time: tuple[int, int, int, int, int, int]) -> float | None:
    try:
        return datetime(*date_time, tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _container(archive: SafeArchive, place: _Place, batch: _Batch) -> None:
    """Extract and detect each member; an archive-wide failure drops everything taken from it."""
    taken_inputs, taken_skipped = len(batch.inputs), len(batch.skipped)
    for problem in archive.problems:
        batch.skip(problem.member, problem.code, problem.reason, status="skipped")
    batch.ignored += archive.ignored
    label = archive.top_folder or Path(place.rel_path).stem
    directory = batch.archive_dir(label)
    is_top = place.depth == 1 and not place.root
    root = label if is_top else place.root
    prefix = "" if is_top else f"{Path(place.rel_path).with_suffix('').as_posix()}/"
    try:
        for member in sorted(archive.members, key=lambda m: m.name):
            _member(archive, member.name, directory, batch, place=place, root=root, prefix=prefix)
    except ArchiveError:
        del batch.inputs[taken_inputs:]
        del batch.skipped[taken_skipped:]
        raise


def _member(
    archive: SafeArchive, name: str, directory: Path, batch: _Batch, *, place: _Place, root: str, prefix: str
) -> None:
    display = archive.member_display(name)
    if not batch.take(display):
        return
    member = archive.member(name)
    member_place = _Place(
        display,
        root,
        prefix + name,
        depth=place.depth + 1,
        modified_at_epoch=_member_epoch(member.date_time),
        meter=archive.meter,
    )
    if member.size_bytes == 0:
        batch.skip(display, "empty_file", f"{display}: file is empty", status="skipped")
        return
    try:
        extracted = archive.extract_to(name, directory)
    except ArchiveError as exc:
        if exc.code not in {"member_failed", "file_too_large", "unsafe_path"}:
            raise
        batch.skip(display, exc.code, exc.reason, status="failed", recoverable=exc.recoverable)
        return
    _file(extracted, member_place, batch, counted=True)


# --- Folders ------------------------------------------------------------------------------------


def _folder(folder: Path, *, root: str, rel: str, batch: _Batch) -> None:
    """A Slack root becomes one input; otherwise walk it (sorted, symlinks not followed)."""
    display = f"{root}/{rel}".rstrip("/") if rel else root
    kind = folder_slack_kind(folder)
    if kind is not None:
        if batch.take(display):
            batch.inputs.append(_slack_folder(folder, kind, display=display, root=folder.name, batch=batch))
        return
    taken_inputs, taken_skipped = len(batch.inputs), len(batch.skipped)
    has_subfolders = False
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        entry_rel = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_symlink() or is_ignored_name((entry.name,)):
            batch.ignored += 1
        elif entry.is_dir():
            has_subfolders = True
            _folder(entry, root=root, rel=entry_rel, batch=batch)
        elif entry.is_file():
            place = _Place(f"{root}/{entry_rel}", root, entry_rel, modified_at_epoch=entry.stat().st_mtime)
            _file(entry, place, batch)
    if not has_subfolders and len(batch.skipped) == taken_skipped:
        _group_manual(folder, batch, start=taken_inputs, display=display, root=root, rel=rel)


def _slack_folder(folder: Path, kind: InputKind, *, display: str, root: str, batch: _Batch) -> DetectedInput:
    tree = FolderTree(folder, limits=batch.limits, display=display)
    batch.ignored += tree.ignored
    size = sum(tree.size_bytes(name) for name in tree.names())
    source = _source(kind, folder, _Place(display, root, ""), size=size)
    return DetectedInput(kind, source, "folder", (), slack_estimate(tree, kind))


def _group_manual(folder: Path, batch: _Batch, *, start: int, display: str, root: str, rel: str) -> None:
    """A folder holding only manual Slack JSON files becomes one `slack_manual` input."""
    found = batch.inputs[start:]
    if len(found) < 2 or any(item.kind is not InputKind.SLACK_MANUAL for item in found):
        return
    estimate = Estimate(
        channels=len({item.source.path.parent for item in found}),
        messages=sum(item.estimate.messages for item in found),
    )
    size = sum(item.source.size_bytes for item in found)
    source = _source(InputKind.SLACK_MANUAL, folder, _Place(display, root, rel), size=size)
    warnings = tuple(w for item in found for w in item.warnings)
    batch.inputs[start:] = [DetectedInput(InputKind.SLACK_MANUAL, source, "folder", warnings, estimate)]


# --- Dry run ------------------------------------------------------------------------------------


class PreviewEstimate(TypedDict):
    channels: int
    messages: int
    rows: int
    documents: int


class PreviewInput(TypedDict):
    path: str
    kind: str
    size: int
    estimate: PreviewEstimate


class PreviewSkipped(TypedDict):
    path: str
    code: str
    reason: str


class DryRunPreview(TypedDict):
    inputs: list[PreviewInput]
    skipped: list[PreviewSkipped]


def dry_run_preview(detection: Detection) -> DryRunPreview:
    """`--dry-run` output: `{inputs[{path, kind, size, estimate}], skipped[{path, code, reason}]}`."""
    return {
        "inputs": [
            {
                "path": item.source.display,
                "kind": item.kind.value,
                "size": item.source.size_bytes,
                "estimate": {
                    "channels": item.estimate.channels,
                    "messages": item.estimate.messages,
                    "rows": item.estimate.rows,
                    "documents": item.estimate.documents,
                },
            }
            for item in detection.inputs
        ],
        "skipped": [{"path": s.path, "code": s.code, "reason": s.reason} for s in detection.skipped],
    }
