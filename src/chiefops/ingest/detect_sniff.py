"""What one file is, from its bytes (spec 02 §3 steps 2, 4–6); the extension only breaks ties.

`sniff_file` reads the first 8 KiB for magic bytes (ZIP family → office/ODF by member names, PDF,
OLE2, images, media, executables), else decodes text (§13.1) and tells JSON (Slack capture /
manual / other), HTML, CSV (by extension or a consistent sniffed dialect), Markdown and plain
text apart. CSV, XLSX and HTML tables are then checked for Jira headers. A plain ZIP comes back as
format `zip`: `detect.py` opens it as a Slack export or a container.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from chiefops.ingest.detect_headers import html_table_header, jira_header_kind, xlsx_header
from chiefops.ingest.safety import ArchiveError, Limits, ReadMeter, SafeArchive
from chiefops.ingest.safety_rules import (
    MAX_NESTING,
    MIB,
    format_mb,
    json_too_large,
    limit_reason,
    nested_too_deep,
    parse_json,
)
from chiefops.ingest.slack_raw import as_object, objects
from chiefops.ingest.textio import UndecodableText, decode_text
from chiefops.models import IngestWarning, InputKind

HEAD_BYTES = 8 * 1024
TEXT_HEAD_BYTES = 64 * 1024
HTML_SNIFF_BYTES = 2 * MIB
CLOUD_SHORTCUTS = frozenset({".gdoc", ".gsheet", ".gslides", ".gdraw"})
SUPPORTED = (
    "supported: Slack export ZIP or folder, Slack JSON, Jira CSV/XLSX, PDF, Word (.docx), PowerPoint (.pptx),"
    " Excel (.xlsx), HTML, Markdown, text, CSV, OpenDocument (.odt/.ods/.odp)"
)
_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"ID3", "MP3 audio"),
    (b"\xff\xfb", "MP3 audio"),
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
)
_OLE2 = b"\xd0\xcf\x11\xe0"
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OFFICE_FOLDERS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_EXPECTED = {
    **dict.fromkeys((".pdf",), "pdf"),
    **{f".{fmt}": fmt for fmt in ("docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "json")},
    **dict.fromkeys((".doc", ".xls", ".ppt"), "ole2"),
    **dict.fromkeys((".csv", ".tsv", ".txt", ".md", ".markdown", ".html", ".htm"), "text"),
}
_TEXT_FORMATS = frozenset({"json", "html", "csv", "md", "txt"})
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_RECORDS = 20


@dataclass(frozen=True)
class Estimate:
    """Dry-run volume of one input (02 §14 `--dry-run`)."""

    channels: int = 0
    messages: int = 0
    rows: int = 0
    documents: int = 0


@dataclass(frozen=True)
class Sniffed:
    """A file's format and kind, or why it is skipped (`skipped`) / failed (`failed`)."""

    format: str
    kind: InputKind | None = None
    code: str | None = None
    reason: str | None = None
    status: Literal["skipped", "failed"] = "skipped"
    warnings: tuple[IngestWarning, ...] = ()
    estimate: Estimate = field(default_factory=Estimate)
    recoverable: bool = False


def _skip(
    fmt: str,
    code: str,
    reason: str,
    *,
    status: Literal["skipped", "failed"] = "skipped",
    recoverable: bool = False,
) -> Sniffed:
    return Sniffed(format=fmt, code=code, reason=reason, status=status, recoverable=recoverable)


def _document(fmt: str) -> Sniffed:
    return Sniffed(format=fmt, kind=InputKind.DOCUMENT, estimate=Estimate(documents=1))


def _mismatch(path: Path, fmt: str, display: str) -> tuple[IngestWarning, ...]:
    """`extension_mismatch` when content and extension disagree (HTML `.xls` is Jira's Excel export)."""
    ext = path.suffix.lower()
    expected = _EXPECTED.get(ext)
    family = "text" if fmt in _TEXT_FORMATS and expected != "json" else fmt
    if expected is None or expected == family or (ext == ".xls" and fmt == "html"):
        return ()
    return (
        IngestWarning(
            code="extension_mismatch",
            message=f"{display}: named {ext} but its content is {fmt.upper()}; read as {fmt.upper()}",
        ),
    )


def sniff_file(
    path: Path, *, display: str, limits: Limits, depth: int = 1, meter: ReadMeter | None = None
) -> Sniffed:
    """Detect one file on disk (§3 steps 2, 4–6); archive and limit problems become failures.

    A plain ZIP comes back with format `zip`, no kind and no code (the caller opens it)."""
    if path.suffix.lower() in CLOUD_SHORTCUTS:
        return _skip(
            "shortcut",
            "cloud_shortcut",
            f"{display}: a Google Drive shortcut holds no content — export it from Drive as"
            " .docx/.xlsx/.pptx/.pdf and add that file",
        )
    size = path.stat().st_size
    if size == 0:
        return _skip("empty", "empty_file", f"{display}: file is empty")
    if size > limits.max_upload_bytes:
        what = limit_reason(
            what="this file",
            actual=format_mb(size),
            limit_bytes=limits.max_upload_bytes,
            setting="MAX_UPLOAD_MB",
        )
        return _skip("large", "file_too_large", f"{display}: {what}", status="failed", recoverable=True)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    try:
        sniffed = _by_magic(path, head, display=display, limits=limits, depth=depth, meter=meter) or _by_text(
            path, display=display, limits=limits
        )
    except ArchiveError as exc:
        return _skip("zip", exc.code, exc.reason, status="failed", recoverable=exc.recoverable)
    if sniffed.code is not None:
        return sniffed
    warnings = sniffed.warnings + _mismatch(path, sniffed.format, display)
    return Sniffed(sniffed.format, sniffed.kind, warnings=warnings, estimate=sniffed.estimate)


def _by_magic(
    path: Path, head: bytes, *, display: str, limits: Limits, depth: int, meter: ReadMeter | None
) -> Sniffed | None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_family(path, display=display, limits=limits, depth=depth, meter=meter)
    if b"%PDF-" in head[:1024]:
        return _document("pdf")
    if head.startswith(_OLE2):
        return _skip(
            "ole2",
            "legacy_office_format",
            f"{display}: legacy Office format (.doc/.xls/.ppt) — re-save it as .docx/.xlsx/.pptx",
        )
    what = next((name for magic, name in _BINARIES if head.startswith(magic)), None)
    if what is None and head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        what = "WebP image"
    if what is None and head[4:8] == b"ftyp":
        what = "MP4/MOV video"
    if what is not None:
        return _skip("binary", "unsupported_type", f"{display}: unsupported file type ({what}); {SUPPORTED}")
    return None


def _zip_family(path: Path, *, display: str, limits: Limits, depth: int, meter: ReadMeter | None) -> Sniffed:
    """Office/ODF documents by their members; else a plain ZIP (nesting is checked for those only)."""
    with SafeArchive(path, limits=limits, display=display, meter=meter) as archive:
        names = archive.names()
        raw = {member.raw_name for member in archive.members}
        if "[Content_Types].xml" in raw:
            for folder, fmt in _OFFICE_FOLDERS:
                if any(name.startswith(folder) for name in raw):
                    return _office(path, fmt, display=display)
        if "mimetype" in names:
            mimetype = archive.read_head("mimetype", 200).decode("ascii", "replace").strip()
            if mimetype in _ODF_TYPES:
                return _document(_ODF_TYPES[mimetype])
    if depth > MAX_NESTING:
        raise nested_too_deep(display, depth=depth)
    return Sniffed(format="zip")


def _office(path: Path, fmt: str, *, display: str) -> Sniffed:
    if fmt != "xlsx":
        return _document(fmt)
    header, rows = xlsx_header(path)
    return _table_kind(fmt, header, rows=rows)


def _table_kind(fmt: str, header: list[str] | None, *, rows: int) -> Sniffed:
    jira = jira_header_kind(header or [])
    if jira is None:
        return _document(fmt)
    return Sniffed(format=fmt, kind=InputKind(jira), estimate=Estimate(rows=rows))


# --- Text ---------------------------------------------------------------------------------------


def _head_text(path: Path, *, size: int) -> str:
    with path.open("rb") as handle:
        data = handle.read(TEXT_HEAD_BYTES)
    if size > len(data):
        data = _trim_partial_utf8(data)
    return decode_text(data).text


def _trim_partial_utf8(data: bytes) -> bytes:
    """Drop a UTF-8 sequence cut by the read boundary, so the head decodes like the whole file."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start]
    return data


def _by_text(path: Path, *, display: str, limits: Limits) -> Sniffed:
    size = path.stat().st_size
    try:
        text = _head_text(path, size=size)
    except UndecodableText:
        return _skip(
            "binary", "undecodable_text", f"{display}: not text in any supported encoding", status="failed"
        )
    stripped = text.lstrip()
    if not stripped and size <= TEXT_HEAD_BYTES:
        return _skip("empty", "empty_file", f"{display}: file is empty")
    if stripped[:1] in {"{", "["}:
        sniffed = _json(path, display=display, limits=limits)
        if sniffed is not None:
            return sniffed
    opening = text[:1024].lower()
    prose = path.suffix.lower() in {".md", ".markdown", ".txt"}
    if ("<!doctype html" in opening or "<html" in opening) and (not prose or stripped.startswith("<")):
        return _html(path, size=size)
    return _plain_text(path, text, display=display, size=size)


def _json(path: Path, *, display: str, limits: Limits) -> Sniffed | None:
    """Slack capture / manual, other JSON skipped; None for a non-.json file that is not JSON."""
    size = path.stat().st_size
    if size > limits.max_json_bytes:
        exc = json_too_large(display=display, size_bytes=size, limits=limits)
        return _skip("json", exc.code, exc.reason, status="failed", recoverable=True)
    try:
        data = parse_json(path.read_bytes(), display=display)
    except ArchiveError as exc:
        if path.suffix.lower() != ".json":
            return None
        return _skip("json", exc.code, exc.reason, status="failed")
    return classify_json(data, display=display)


def classify_json(data: object, *, display: str) -> Sniffed:
    """§3 step 4: capture, manual, empty list, or JSON that is not a Slack export."""
    root = as_object(data)
    if (
        root is not None
        and as_object(root.get("_meta")) is not None
        and isinstance(root.get("messages"), list)
    ):
        threads = as_object(root.get("threads")) or {}
        count = len(objects(root.get("messages"))) + sum(len(objects(v)) for v in threads.values())
        return Sniffed("json", InputKind.SLACK_CAPTURE, estimate=Estimate(channels=1, messages=count))
    items = data if isinstance(data, list) else root.get("messages") if root is not None else None
    if isinstance(items, list) and not items:
        return _skip("json", "empty_file", f"{display}: file is empty (no messages)")
    if isinstance(items, list) and _looks_like_messages(items):
        return Sniffed("json", InputKind.SLACK_MANUAL, estimate=Estimate(channels=1, messages=len(items)))
    return _skip(
        "json",
        "unsupported_type",
        f"{display}: JSON that is not a Slack export (no Slack messages); {SUPPORTED}",
    )


def _looks_like_messages(items: list[object]) -> bool:
    """The first 20 entries all carry `ts` and one of `user` / `bot_id` / `subtype`."""
    return all(
        isinstance(item, dict) and "ts" in item and any(k in item for k in ("user", "bot_id", "subtype"))
        for item in items[:_SNIFF_RECORDS]
    )


def _html(path: Path, *, size: int) -> Sniffed:
    with path.open("rb") as handle:
        data = handle.read(HTML_SNIFF_BYTES)
    text = decode_text(_trim_partial_utf8(data) if size > len(data) else data).text
    header = html_table_header(text)
    rows = max(0, text.lower().count("<tr") - 1) if size <= HTML_SNIFF_BYTES else size // 1024
    return _table_kind("html", header, rows=rows)


def _records(sample: str, delimiter: str) -> list[list[str]]:
    """The first 20 non-empty records of `sample` ([] when the csv module refuses it, e.g. NUL)."""
    try:
        return [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r][:_SNIFF_RECORDS]
    except csv.Error:
        return []


def sniff_delimiter(text: str, *, complete: bool) -> tuple[str | None, list[list[str]]]:
    """The delimiter giving the same ≥ 2 column count over the first 20 records (most columns
    wins) and those records; (None, []) when none does."""
    lines = text.splitlines(keepends=True)
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    sample = "".join(lines)
    best: tuple[int, str, list[list[str]]] | None = None
    for delimiter in _DELIMITERS:
        records = _records(sample, delimiter)
        widths = {len(record) for record in records}
        if len(widths) == 1 and (width := widths.pop()) >= 2 and (best is None or width > best[0]):
            best = (width, delimiter, records)
    return (best[1], best[2]) if best else (None, [])


def _plain_text(path: Path, text: str, *, display: str, size: int) -> Sniffed:
    """`.md` → md; `.csv`/`.tsv`, or ≥ 2 records of a consistent dialect → CSV; else txt."""
    ext = path.suffix.lower()
    if ext in {".md", ".markdown"}:
        return _document("md")
    complete = size <= TEXT_HEAD_BYTES
    delimiter, records = sniff_delimiter(text, complete=complete)
    is_csv_name = ext in {".csv", ".tsv"}
    if not is_csv_name and (delimiter is None or len(records) < 2):
        return _document("txt")
    delimiter = delimiter or ("\t" if ext == ".tsv" else ",")
    records = records or _records(text, delimiter)
    rows = _csv_rows(path, records, complete=complete and bool(records))
    if rows == 0:
        return _skip("csv", "empty_file", f"{display}: file is empty (a header row and no data)")
    return _table_kind("csv", records[0] if records else [], rows=rows)


def _csv_rows(path: Path, records: list[list[str]], *, complete: bool) -> int:
    """Data rows: exact for a small file (≤ 20 records), else newlines minus the header."""
    if complete and len(records) < _SNIFF_RECORDS:
        return max(0, len(records) - 1)
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(MIB):
            newlines += chunk.count(b"\n")
    return max(1, newlines - 1)
