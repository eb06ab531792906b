"""Office Open XML documents: docx, pptx (slides + speaker notes), xlsx (every sheet) — spec 02 §6.

Text comes from python-docx / python-pptx / openpyxl. Their XML parsing is entity-safe: the first
two parse with lxml `resolve_entities=False` (libxml2 also refuses entity amplification),
openpyxl reads sheets through defusedxml and the rest with the same lxml settings. The core
properties (`docProps/core.xml`) are read here, through defusedxml, so that no library default
("Word Document", a wall-clock `modified`) leaks into the record.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import docx
import pptx
from defusedxml import ElementTree as SafeET
from docx.table import Table
from docx.text.paragraph import Paragraph
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide
from pptx.table import Table as SlideTable

from chiefops.ingest.drive_meta import first_author, parse_iso_date
from chiefops.ingest.drive_sections import Outline, SectionSink, add_row_blocks, row_line
from chiefops.ingest.drive_types import DocMeta, Extraction
from chiefops.ingest.workbooks import open_workbook
from chiefops.models import TextSection

CORE_PART = "docProps/core.xml"
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_HEADING_STYLE = re.compile(r"^heading ([1-6])$", re.IGNORECASE)


# --- core properties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CoreProperties:
    creator: str | None = None
    last_modified_by: str | None = None
    title: str | None = None
    created: datetime | None = None
    modified: datetime | None = None

    def doc_meta(self) -> DocMeta:
        """Author = creator, else last_modified_by (02 §6)."""
        return DocMeta(
            author=first_author(self.creator, self.last_modified_by),
            title=self.title,
            created=self.created,
            modified=self.modified,
        )


def read_core_properties(path: Path) -> CoreProperties:
    """`docProps/core.xml` of an OOXML package; empty when the package has none."""
    with zipfile.ZipFile(path) as archive:
        if CORE_PART not in archive.namelist():
            return CoreProperties()
        root = SafeET.fromstring(archive.read(CORE_PART))

    def text(tag: str) -> str | None:
        node = root.find(tag, _NS)
        return node.text if node is not None else None

    return CoreProperties(
        creator=text("dc:creator"),
        last_modified_by=text("cp:lastModifiedBy"),
        title=text("dc:title"),
        created=parse_iso_date(text("dcterms:created")),
        modified=parse_iso_date(text("dcterms:modified")),
    )


# --- docx ---------------------------------------------------------------------------------------


def _heading_level(paragraph: Paragraph) -> int | None:
    """0 for the Title style, 1–6 for Heading 1–6, None for body text."""
    style = paragraph.style
    name = (style.name if style is not None else None) or ""
    if name.casefold() == "title":
        return 0
    match = _HEADING_STYLE.match(name)
    return int(match[1]) if match else None


def _docx_table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats in every grid column it spans
                continue
            previous = cell._tc
            cells.append(cell.text)
        rows.append(row_line(cells))
    return rows


def extract_docx(path: Path, *, sink: SectionSink) -> Extraction:
    """Body paragraphs and tables in document order, under their heading path."""
    document = docx.Document(str(path))
    outline = Outline(sink)
    for block in document.iter_inner_content():
        if sink.full:
            break
        if isinstance(block, Table):
            outline.table(_docx_table_rows(block))
            continue
        level = _heading_level(block)
        if level is None:
            outline.paragraph(block.text)
        else:
            outline.heading(level, block.text)
    outline.finish()
    return Extraction(
        sections=sink.sections,
        meta=read_core_properties(path).doc_meta(),
        first_heading=outline.first_heading,
        truncated=sink.truncated,
    )


# --- pptx ---------------------------------------------------------------------------------------


def _walk_shapes(shapes: SlideShapes | list[BaseShape]) -> Iterator[BaseShape]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _walk_shapes(list(shape.shapes))
        else:
            yield shape


def _slide_table_rows(table: SlideTable) -> list[str]:
    return [row_line([cell.text for cell in row.cells if not cell.is_spanned]) for row in table.rows]


def _shape_text(shape: Shape) -> str:
    text: str = shape.text_frame.text
    return text.replace("\x0b", "\n").strip()


def _add_slide(sink: SectionSink, slide: Slide, number: int) -> str | None:
    """Sections of one slide (title, body, tables, notes); returns its title."""
    title_shape = slide.shapes.title
    title = _shape_text(title_shape) if isinstance(title_shape, Shape) else ""
    if title:
        sink.add(TextSection(text=title, kind="slide_title", slide=number))
    body: list[str] = []
    tables: list[list[str]] = []
    for shape in _walk_shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if isinstance(shape, GraphicFrame) and shape.has_table:
            tables.append([row for row in _slide_table_rows(shape.table) if row])
        elif isinstance(shape, Shape) and shape.has_text_frame and _shape_text(shape):
            body.append(_shape_text(shape))
    if body:
        sink.add(TextSection(text="\n".join(body), slide=number))
    for rows in (rows for rows in tables if rows):
        sink.add(TextSection(text="\n".join(rows), kind="table", slide=number, header=rows[0]))
    notes_frame = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
    notes = notes_frame.text.strip() if notes_frame is not None else ""
    if notes:
        sink.add(TextSection(text=notes, kind="notes", slide=number))
    return title or None


def extract_pptx(path: Path, *, sink: SectionSink) -> Extraction:
    """Per slide: title, body text frames, tables and speaker notes (a separate `notes` section)."""
    presentation = pptx.Presentation(str(path))
    first_title: str | None = None
    slides = list(presentation.slides)
    for number, slide in enumerate(slides, start=1):
        if sink.full:
            break
        title = _add_slide(sink, slide, number)
        first_title = first_title or title
    return Extraction(
        sections=sink.sections,
        meta=read_core_properties(path).doc_meta(),
        first_heading=first_title,
        truncated=sink.truncated,
        slide_count=len(slides),
    )


# --- xlsx ---------------------------------------------------------------------------------------


def format_cell(value: object) -> str:
    """A cached cell value as text: integral floats without `.0`, midnight datetimes as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def extract_xlsx(path: Path, *, sink: SectionSink, max_rows: int) -> Extraction:
    """Every sheet (hidden ones flagged) as row blocks with the header row repeated."""
    workbook = open_workbook(path, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if sink.full:
                break
            sheet.reset_dimensions()  # a wrong stored dimension would otherwise cut rows or columns
            rows = (
                (number, [format_cell(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            hidden = sheet.sheet_state != "visible"
            add_row_blocks(sink, rows, sheet=sheet.title, hidden=hidden, max_rows=max_rows)
        sheet_names = list(workbook.sheetnames)
    finally:
        workbook.close()
    return Extraction(
        sections=sink.sections,
        meta=read_core_properties(path).doc_meta(),
        truncated=sink.truncated,
        sheet_names=sheet_names,
    )
