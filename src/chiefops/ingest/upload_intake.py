"""From a multipart upload to a job's inputs (spec 02 §15).

The parts are streamed to disk, each top-level file is sniffed at once (magic bytes, ZIP directory)
so unusable ones come back in `files_rejected` before the job starts; files of folder uploads are
left to the job's detection, which sees the folder whole. Errors: no `files` part → 400; every part
unsupported → 415; nothing accepted for another reason (all empty, all too large) → 422 listing each
file and its reason. The form's options are parsed here, at the edge.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from pydantic import ValidationError

from chiefops.config import Settings
from chiefops.errors import InvalidInput, UnsupportedType, ValidationFailed
from chiefops.ingest.detect_sniff import sniff_file
from chiefops.ingest.safety import Limits
from chiefops.ingest.safety_rules import MIB
from chiefops.ingest.service_models import RejectedFile
from chiefops.ingest.uploads import FILES_FIELD, UploadedForm, UploadedPart, receive_upload
from chiefops.models import IngestOptions, OptOutOptions

UNSUPPORTED_CODES = frozenset({"unsupported_type", "legacy_office_format", "cloud_shortcut"})
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass
class Intake:
    directory: Path
    options: IngestOptions
    inputs: list[Path] = field(default_factory=list)
    accepted: int = 0
    rejected: list[RejectedFile] = field(default_factory=list)
    total_bytes: int = 0


def _json_list(form: UploadedForm, name: str) -> list[object]:
    raw = form.field(name)
    if raw is None or not raw.strip():
        return []
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, list):
        raise InvalidInput(f'Form field {name!r} must be a JSON list, e.g. ["hr-*"]', details={"field": name})
    return value


def parse_options(form: UploadedForm) -> IngestOptions:
    """The batch options from the form fields (validated here, once)."""
    try:
        return IngestOptions(
            project=(form.field("project") or "").strip() or None,
            channel=(form.field("channel") or "").strip() or None,
            opt_out=OptOutOptions(
                channels=[str(v) for v in _json_list(form, "opt_out_channels")],
                files=[str(v) for v in _json_list(form, "opt_out_files")],
                keywords=[str(v) for v in _json_list(form, "opt_out_keywords")],
            ),
            dry_run=(form.field("dry_run") or "").strip().lower() in _TRUE,
        )
    except ValidationError as exc:
        raise InvalidInput(
            f"Invalid upload options: {exc.errors()[0]['msg']}", details={"errors": exc.error_count()}
        ) from None


def _apply_last_modified(form: UploadedForm) -> None:
    """`last_modified` (JSON list of epoch ms, aligned with the files) becomes each file's mtime."""
    stamps = _json_list(form, "last_modified")
    for part, stamp in zip(form.files, stamps, strict=False):
        if part.path is not None and isinstance(stamp, int | float) and stamp > 0:
            os.utime(part.path, (stamp / 1000, stamp / 1000))


def _sniff(part: UploadedPart, limits: Limits) -> None:
    """Reject a top-level part detection would skip or fail (folder parts wait for the job)."""
    if part.path is None or "/" in part.name:
        return
    sniffed = sniff_file(part.path, display=part.name, limits=limits)
    if sniffed.code is not None:
        part.code, part.reason = sniffed.code, sniffed.reason or sniffed.code
        part.path.unlink()
        part.path = None


def _verdict(form: UploadedForm) -> None:
    parts = form.files
    if any(p.path is not None for p in parts):
        return
    details = {"files": [{"name": p.name, "code": p.code, "reason": p.reason} for p in parts]}
    if all(p.code in UNSUPPORTED_CODES for p in parts):
        raise UnsupportedType(
            "None of the files is a supported type: send Slack exports (ZIP/JSON), Jira CSV/XLSX, or documents"
            " (PDF, Word, PowerPoint, Excel, HTML, Markdown, text)",
            details=details,
        )
    raise ValidationFailed(
        "None of the files can be ingested: " + "; ".join(p.reason or p.name for p in parts), details=details
    )


def _inputs(form: UploadedForm) -> list[Path]:
    """Top-level files and top-level folders of the accepted parts (a folder is detected whole)."""
    tops = {part.name.split("/", 1)[0] for part in form.files if part.path is not None}
    return [form.directory / top for top in sorted(tops)]


async def accept_upload(
    body: AsyncIterator[bytes], *, content_type: str | None, directory: Path, settings: Settings
) -> Intake:
    form = await receive_upload(
        body,
        content_type=content_type,
        directory=directory,
        max_part_bytes=settings.max_upload_mb * MIB,
        max_batch_bytes=settings.max_batch_mb * MIB,
    )
    try:
        options = parse_options(form)
        if not form.files:
            raise InvalidInput(f"The upload holds no `{FILES_FIELD}` part: add one or more files", details={})
        _apply_last_modified(form)
        limits = Limits.from_settings(settings)
        for part in form.files:
            if part.code is None:
                await asyncio.to_thread(_sniff, part, limits)
        _verdict(form)
    except BaseException:
        shutil.rmtree(directory)
        raise
    rejected = [
        RejectedFile(name=p.name, code=p.code, reason=p.reason or p.code) for p in form.files if p.code
    ]
    return Intake(
        directory=directory,
        options=options,
        inputs=_inputs(form),
        accepted=sum(1 for p in form.files if p.path is not None),
        rejected=rejected,
        total_bytes=form.total_bytes,
    )
