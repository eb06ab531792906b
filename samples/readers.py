"""Read the generated exports back with standard readers (zipfile+json, csv, python-docx, pypdf, python-pptx,
openpyxl), the way an ingester would, for the self-check and the tests.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import orjson
import pypdf
from pptx import Presentation

Message = dict[str, object]


@dataclass(slots=True)
class SlackData:
    users: list[dict[str, object]]
    channels: list[dict[str, object]]
    messages: dict[str, list[Message]] = field(default_factory=dict)  # channel name -> messages in ts order
    members: list[str] = field(default_factory=list)  # ZIP member names in order

    def channel_id(self, name: str) -> str:
        return next(str(c["id"]) for c in self.channels if c["name"] == name)


def read_slack(path: Path) -> SlackData:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        data = SlackData(
            users=orjson.loads(zf.read("users.json")),
            channels=orjson.loads(zf.read("channels.json")),
            members=names,
        )
        for name in names:
            if "/" not in name:
                continue
            channel, _ = name.split("/", 1)
            data.messages.setdefault(channel, []).extend(orjson.loads(zf.read(name)))
    return data


@dataclass(slots=True)
class JiraData:
    header: list[str]
    rows: list[list[str]]
    has_bom: bool

    def columns(self, name: str) -> list[int]:
        return [i for i, h in enumerate(self.header) if h == name]

    def value(self, row: list[str], name: str) -> str:
        return row[self.columns(name)[0]]

    def values(self, row: list[str], name: str) -> list[str]:
        return [row[i] for i in self.columns(name) if row[i]]


def read_jira(path: Path) -> JiraData:
    raw = path.read_bytes()
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header = next(reader)
    return JiraData(header=header, rows=list(reader), has_bom=raw.startswith(b"\xef\xbb\xbf"))


@dataclass(frozen=True, slots=True)
class DriveDoc:
    path: str  # "<Folder>/<file>"
    ext: str
    text: str
    author: str | None
    editor: str | None
    modified: datetime | None
    pages: int


Extracted = tuple[str, str | None, str | None, datetime | None, int]


def _docx_text(path: Path) -> Extracted:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(" | ".join(c.text for c in row.cells) for row in table.rows)
    props = document.core_properties
    return "\n".join(parts), props.author or None, props.last_modified_by or None, props.modified, 0


def _pptx_text(path: Path) -> Extracted:
    deck = Presentation(str(path))
    parts: list[str] = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    props = deck.core_properties
    return (
        "\n".join(parts),
        props.author or None,
        props.last_modified_by or None,
        props.modified,
        len(deck.slides),
    )


def _xlsx_text(path: Path) -> Extracted:
    book = openpyxl.load_workbook(str(path), read_only=True)
    parts: list[str] = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts.append(" | ".join("" if v is None else str(v) for v in row))
    props = book.properties
    count = len(book.worksheets)
    book.close()
    return "\n".join(parts), props.creator, props.lastModifiedBy, props.modified, count


def _pdf_text(path: Path) -> Extracted:
    reader = pypdf.PdfReader(str(path))
    meta = reader.metadata
    author = str(meta.author) if meta and meta.author else None
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return text, author, author, meta.creation_date if meta else None, len(reader.pages)


def read_drive(root: Path) -> list[DriveDoc]:
    docs: list[DriveDoc] = []
    readers: dict[str, Callable[[Path], Extracted]] = {
        "docx": _docx_text,
        "pptx": _pptx_text,
        "xlsx": _xlsx_text,
        "pdf": _pdf_text,
    }
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        ext = path.suffix.lstrip(".")
        if ext in readers:
            text, author, editor, modified, pages = readers[ext](path)
        else:
            text, author, editor, modified, pages = path.read_text(encoding="utf-8"), None, None, None, 0
        docs.append(DriveDoc(path.relative_to(root).as_posix(), ext, text, author, editor, modified, pages))
    return docs
