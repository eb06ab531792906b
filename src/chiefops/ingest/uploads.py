"""Streaming multipart uploads to `<data dir>/uploads/<job_id>/` (spec 02 §9, §12, §15).

The request body is parsed as it arrives and file parts are written to disk in 1 MiB chunks with
every byte counted — a file is never held in memory. Part names are sanitised like ZIP member names
(no `..`, absolute paths or drive letters) while folder uploads keep their relative paths. A part over
`MAX_UPLOAD_MB` is dropped and reported `file_too_large`; a body over `MAX_BATCH_MB` stops reading at
once (`TooLarge`, HTTP 413) and everything written so far is deleted.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart import MultipartParser
from python_multipart.exceptions import ParseError
from python_multipart.multipart import parse_options_header

from chiefops.errors import InvalidInput, TooLarge
from chiefops.ingest.safety_rules import MIB, split_member_name, unsafe_name_reason

MAX_FIELD_BYTES = MIB
FILES_FIELD = "files"


@dataclass
class UploadedPart:
    """One file part: its sanitised relative name and where it was written (None when rejected)."""

    name: str
    path: Path | None
    size_bytes: int = 0
    code: str | None = None
    reason: str | None = None


@dataclass
class UploadedForm:
    directory: Path
    files: list[UploadedPart] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    total_bytes: int = 0

    def field(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[-1] if values else None


def sanitise_name(raw: str) -> tuple[str, str | None]:
    """(relative POSIX name, why it is unsafe or None)."""
    reason = unsafe_name_reason(raw)
    parts = split_member_name(raw)
    return ("/".join(parts) or "upload", reason)


def _free_path(directory: Path, name: str) -> Path:
    """`directory/name`, or `name (2).ext` … when that file already exists."""
    target = directory.joinpath(*name.split("/"))
    n = 2
    while target.exists():
        target = target.with_name(f"{Path(name).stem} ({n}){Path(name).suffix}")
        n += 1
    return target


@dataclass
class _Part:
    field_name: str = ""
    upload: UploadedPart | None = None
    handle: IO[bytes] | None = None
    buffer: bytearray = field(default_factory=bytearray)
    headers: dict[bytes, bytes] = field(default_factory=dict)


class _Receiver:
    """Callbacks of the multipart parser; file bytes are buffered up to 1 MiB, then written."""

    def __init__(self, form: UploadedForm, *, max_part_bytes: int, max_batch_bytes: int) -> None:
        self.form = form
        self.max_part_bytes = max_part_bytes
        self.max_batch_bytes = max_batch_bytes
        self.part = _Part()
        self.pending: list[tuple[IO[bytes], bytes]] = []
        self._header_name = b""
        self._header_value = b""

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self._header_name.lower()] = self._header_value
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        self.part.field_name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options or self.part.field_name != FILES_FIELD:
            return
        name, unsafe = sanitise_name(options[b"filename"].decode("utf-8", "replace"))
        upload = UploadedPart(name=name, path=None)
        self.form.files.append(upload)
        self.part.upload = upload
        if unsafe:
            upload.code, upload.reason = "unsafe_path", f"{name}: skipped, {unsafe}"
            return
        upload.path = _free_path(self.form.directory, name)
        upload.path.parent.mkdir(parents=True, exist_ok=True)
        self.part.handle = upload.path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        size = end - start
        self.form.total_bytes += size
        if self.form.total_bytes > self.max_batch_bytes:
            raise TooLarge(
                f"The upload is over the batch limit of {self.max_batch_bytes // MIB:,} MB "
                "(CHIEFOPS_MAX_BATCH_MB); reading stopped and nothing was kept — send fewer files at once",
                details={"limit_mb": self.max_batch_bytes // MIB},
            )
        upload = self.part.upload
        if upload is None:
            if len(self.part.buffer) + size > MAX_FIELD_BYTES:
                raise InvalidInput(
                    f"Form field {self.part.field_name!r} is over 1 MB",
                    details={"field": self.part.field_name},
                )
            self.part.buffer += data[start:end]
            return
        upload.size_bytes += size
        if self.part.handle is None:
            return
        if upload.size_bytes > self.max_part_bytes:
            self._reject_too_large(upload)
            return
        self.part.buffer += data[start:end]
        if len(self.part.buffer) >= MIB:
            self._flush()

    def _reject_too_large(self, upload: UploadedPart) -> None:
        assert self.part.handle is not None and upload.path is not None
        self.part.handle.close()
        upload.path.unlink()
        self.part.handle = None
        upload.path = None
        upload.code = "file_too_large"
        upload.reason = (
            f"{upload.name}: this file is over the limit of {self.max_part_bytes // MIB:,} MB "
            "(CHIEFOPS_MAX_UPLOAD_MB) — split it or raise the limit"
        )

    def _flush(self) -> None:
        if self.part.handle is not None and self.part.buffer:
            self.pending.append((self.part.handle, bytes(self.part.buffer)))
        self.part.buffer = bytearray()

    def on_part_end(self) -> None:
        if self.part.upload is None:
            value = bytes(self.part.buffer).decode("utf-8", "replace")
            self.form.fields.setdefault(self.part.field_name, []).append(value)
            return
        self._flush()
        if self.part.handle is not None:
            self.pending.append((self.part.handle, b""))  # b"" marks the end: close after writing

    def close_unfinished(self) -> None:
        """A body that ended inside a file part: that file is incomplete and is not kept."""
        upload, handle = self.part.upload, self.part.handle
        if upload is None or handle is None or handle.closed:
            return
        handle.close()
        if upload.path is not None:
            upload.path.unlink()
        upload.path = None
        upload.code, upload.reason = (
            "upload_incomplete",
            f"{upload.name}: the upload ended before this file did — send it again",
        )

    async def write_pending(self) -> None:
        """Write buffered chunks off the event loop; close finished files."""
        pending, self.pending = self.pending, []

        def run() -> None:
            for handle, chunk in pending:
                if chunk:
                    handle.write(chunk)
                else:
                    handle.close()

        if pending:
            await asyncio.to_thread(run)


def boundary_of(content_type: str | None) -> bytes:
    kind, params = parse_options_header(content_type or "")
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise InvalidInput(
            "Send the files as multipart/form-data with one or more `files` parts",
            details={"content_type": content_type or ""},
        )
    return params[b"boundary"]


def _parser(boundary: bytes, receiver: _Receiver) -> MultipartParser:
    return MultipartParser(
        boundary,
        {
            "on_part_begin": receiver.on_part_begin,
            "on_part_data": receiver.on_part_data,
            "on_part_end": receiver.on_part_end,
            "on_header_field": receiver.on_header_field,
            "on_header_value": receiver.on_header_value,
            "on_header_end": receiver.on_header_end,
            "on_headers_finished": receiver.on_headers_finished,
        },
    )


async def _feed(stream: AsyncIterator[bytes], parser: MultipartParser, receiver: _Receiver) -> None:
    try:
        async for chunk in stream:
            parser.write(chunk)
            await receiver.write_pending()
        parser.finalize()
    except ParseError as exc:
        raise InvalidInput(f"The multipart body could not be read ({exc}) — send the files again") from None
    await receiver.write_pending()
    receiver.close_unfinished()


async def receive_upload(
    stream: AsyncIterator[bytes],
    *,
    content_type: str | None,
    directory: Path,
    max_part_bytes: int,
    max_batch_bytes: int,
) -> UploadedForm:
    """Stream a multipart body into `directory`; on any error the directory is removed."""
    boundary = boundary_of(content_type)
    directory.mkdir(parents=True, exist_ok=True)
    form = UploadedForm(directory=directory)
    receiver = _Receiver(form, max_part_bytes=max_part_bytes, max_batch_bytes=max_batch_bytes)
    try:
        await _feed(stream, _parser(boundary, receiver), receiver)
    except BaseException:
        if receiver.part.handle is not None:
            receiver.part.handle.close()
        for handle, _ in receiver.pending:
            handle.close()
        shutil.rmtree(directory)
        raise
    return form
