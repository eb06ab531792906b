"""Stage `detecting` (spec 02 §3, §8, §11): inputs → the job's files.

Each submitted path is detected on its own so every file of the job remembers the input that
produced it (retry re-runs exactly those inputs). Accepted files get the sha256 of their bytes; a
file whose bytes equal an earlier file of the batch is skipped `duplicate_in_batch`. Files are
ordered by name, so the batch's outcome does not depend on the order paths were given in.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from chiefops.ingest.detect import DetectedInput, Detection, detect
from chiefops.ingest.safety import Limits
from chiefops.models import FileResult, FileStatus

READ_CHUNK = 1024 * 1024


@dataclass
class DetectedFile:
    """One file of the job: its record, the input path that produced it, what to parse (if any)."""

    result: FileResult
    input_path: Path
    detected: DetectedInput | None = None


@dataclass
class DetectedBatch:
    files: list[DetectedFile]
    ignored: int


def file_sha256(path: Path) -> str | None:
    """sha256 of a file's bytes; None for a folder input."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _accepted(item: DetectedInput, input_path: Path) -> DetectedFile:
    warnings = list(item.warnings)
    result = FileResult(
        name=item.source.display,
        rel_path=item.source.rel_path,
        size=item.source.size_bytes,
        kind=item.kind,
        warnings=warnings[:50],
        warnings_total=len(warnings),
        sha256=file_sha256(item.source.path),
    )
    return DetectedFile(result=result, input_path=input_path, detected=item)


def _from_detection(detection: Detection, input_path: Path) -> list[DetectedFile]:
    files = [_accepted(item, input_path) for item in detection.inputs]
    for skipped in detection.skipped:
        result = FileResult(
            name=skipped.path,
            status=FileStatus(skipped.status),
            code=skipped.code,
            reason=skipped.reason,
            recoverable=skipped.recoverable,
        )
        files.append(DetectedFile(result=result, input_path=input_path))
    return files


def _mark_duplicates(files: list[DetectedFile]) -> None:
    first: dict[str, str] = {}
    for file in files:
        digest = file.result.sha256
        if file.detected is None or digest is None:
            continue
        if digest in first:
            file.detected = None
            file.result.status = FileStatus.SKIPPED
            file.result.code = "duplicate_in_batch"
            file.result.reason = (
                f"{file.result.name}: the same file as {first[digest]} in this batch — skipped"
            )
        else:
            first[digest] = file.result.name


def _detect_all(paths: Sequence[Path], *, limits: Limits, work_dir: Path) -> DetectedBatch:
    files: list[DetectedFile] = []
    ignored = 0
    for index, path in enumerate(paths):
        remaining = max(1, limits.max_batch_files - len(files))
        detection = detect(
            [path], limits=replace(limits, max_batch_files=remaining), work_dir=work_dir / f"{index:03d}"
        )
        files += _from_detection(detection, path)
        ignored += detection.ignored
    files.sort(key=lambda f: (f.result.name, str(f.input_path)))
    _mark_duplicates(files)
    return DetectedBatch(files=files, ignored=ignored)


async def detect_batch(paths: Sequence[Path], *, limits: Limits, work_dir: Path) -> DetectedBatch:
    """Detect every input off the event loop."""
    return await asyncio.to_thread(_detect_all, paths, limits=limits, work_dir=work_dir)
