"""OpenDocument files: odt (headings), ods (sheet rows), odp (slides + notes) — spec 02 §6.

`content.xml` and `meta.xml` are parsed here through defusedxml (no DTDs, no entity expansion).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from chiefops.ingest.drive_meta import first_author, parse_iso_date
from chiefops.ingest.drive_sections import Outline, SectionSink, add_row_blocks, row_line
from chiefops.ingest.drive_types import DocMeta, Extraction
from chiefops.ingest.units import UnitFailed
from chiefops.models import TextSection

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _q(name: str) -> str:
    """`text:p` → `{urn:…:text:1.0}p` (ElementTree's qualified tag)."""
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


T_P, T_H, T_S, T_TAB, T_BREAK = (
    _q("text:p"),
    _q("text:h"),
    _q("text:s"),
    _q("text:tab"),
    _q("text:line-break"),
)
ANNOTATION = _q("office:annotation")
TABLE, ROW, CELL = _q("table:table"), _q("table:table-row"), _q("table:table-cell")
ROW_GROUPS = {_q("table:table-header-rows"), _q("table:table-rows"), _q("table:table-row-group")}
TEXT_CONTAINERS = {
    _q("text:list"),
    _q("text:list-item"),
    _q("text:list-header"),
    _q("text:section"),
    _q("text:soft-page-break"),
}
DRAW_GROUP = _q("draw:g")
DRAW_SHAPES = {_q("draw:frame"), _q("draw:custom-shape"), _q("draw:rect"), _q("draw:text-box")}
SKIPPED_SLIDE_CLASSES = {"page-number", "date-time", "footer", "header", "page"}
MAX_COLUMNS = 16_384
"""ODF spreadsheets have at most this many columns; repeat counts beyond it are padding."""


def _read(archive: zipfile.ZipFile, name: str) -> Element | None:
    if name not in archive.namelist():
        return None
    with archive.open(name) as stream:
        root: Element = SafeET.parse(stream).getroot()
    return root


def odf_text(element: Element) -> str:
    """Text of an element: `text:s` spaces, tabs and line breaks kept; comments dropped."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == T_S:
            parts.append(" " * _count(child.get(_q("text:c"))))
        elif child.tag == T_TAB:
            parts.append("\t")
        elif child.tag == T_BREAK:
            parts.append("\n")
        elif child.tag != ANNOTATION:
            parts.append(odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _meta(archive: zipfile.ZipFile) -> DocMeta:
    root = _read(archive, "meta.xml")
    meta = root.find("office:meta", _NS) if root is not None else None
    if meta is None:
        return DocMeta()

    def text(tag: str) -> str | None:
        node = meta.find(tag, _NS)
        return node.text if node is not None else None

    return DocMeta(
        author=first_author(text("meta:initial-creator"), text("dc:creator")),
        title=text("dc:title"),
        created=parse_iso_date(text("meta:creation-date")),
        modified=parse_iso_date(text("dc:date")),
    )


def _content(archive: zipfile.ZipFile, kind: str) -> tuple[Element, Element]:
    """`content.xml` and its `office:body/office:<kind>`; a file without them is damaged."""
    content = _read(archive, "content.xml")
    body = content.find(f"office:body/office:{kind}", _NS) if content is not None else None
    if content is None or body is None:
        raise UnitFailed(
            "extract_failed",
            f"no office:{kind} content in this OpenDocument file — open it and save it again",
        )
    return content, body


def _rows(table: Element) -> Iterator[Element]:
    for child in table:
        if child.tag == ROW:
            yield child
        elif child.tag in ROW_GROUPS:
            yield from _rows(child)


def _table_lines(table: Element) -> list[str]:
    """A text/slide table as `a | b` lines (covered cells of merges skipped)."""
    lines = []
    for row in _rows(table):
        cells = [" ".join(odf_text(p) for p in cell) for cell in row if cell.tag == CELL]
        lines.append(row_line(cells))
    return [line for line in lines if line]


# --- odt ----------------------------------------------------------------------------------------


def _walk_text(element: Element, outline: Outline, sink: SectionSink) -> None:
    for child in element:
        if sink.full:
            return
        if child.tag == T_H:
            outline.heading(_count(child.get(_q("text:outline-level"))), odf_text(child))
        elif child.tag == T_P:
            outline.paragraph(odf_text(child))
        elif child.tag == TABLE:
            outline.table(_table_lines(child))
        elif child.tag in TEXT_CONTAINERS:
            _walk_text(child, outline, sink)


def extract_odt(path: Path, *, sink: SectionSink) -> Extraction:
    """Paragraphs and tables under their `text:h` heading path."""
    with zipfile.ZipFile(path) as archive:
        _, body = _content(archive, "text")
        meta = _meta(archive)
    outline = Outline(sink)
    _walk_text(body, outline, sink)
    outline.finish()
    return Extraction(
        sections=sink.sections, meta=meta, first_heading=outline.first_heading, truncated=sink.truncated
    )


# --- ods ----------------------------------------------------------------------------------------


def _hidden_table_styles(content: Element) -> set[str]:
    """Names of automatic table styles with `table:display="false"` (hidden sheets)."""
    styles = content.find("office:automatic-styles", _NS)
    hidden: set[str] = set()
    for style in styles.iter(_q("style:style")) if styles is not None else ():
        props = style.find("style:table-properties", _NS)
        if props is not None and props.get(_q("table:display")) == "false":
            hidden.add(style.get(_q("style:name"), ""))
    return hidden


def _row_cells(row: Element) -> list[str]:
    cells: list[str] = []
    gap = 0
    for cell in row:
        repeat = min(_count(cell.get(_q("table:number-columns-repeated"))), MAX_COLUMNS)
        text = "\n".join(odf_text(p) for p in cell if p.tag in (T_P, T_H))
        if not text.strip():
            gap = min(gap + repeat, MAX_COLUMNS)
            continue
        cells.extend([""] * gap + [text] * repeat)
        gap = 0
    return cells


def _sheet_rows(table: Element) -> Iterator[tuple[int, list[str]]]:
    """(1-based row number, cells); repeated rows count once each, empty ones only advance."""
    number = 0
    for row in _rows(table):
        repeat = _count(row.get(_q("table:number-rows-repeated")))
        cells = _row_cells(row)
        if not cells:
            number += repeat
            continue
        for _ in range(repeat):
            number += 1
            yield number, cells


def extract_ods(path: Path, *, sink: SectionSink, max_rows: int) -> Extraction:
    """Every sheet (hidden ones flagged) as row blocks with the header row repeated."""
    with zipfile.ZipFile(path) as archive:
        content, body = _content(archive, "spreadsheet")
        meta = _meta(archive)
    hidden_styles = _hidden_table_styles(content)
    names: list[str] = []
    for table in body.findall("table:table", _NS):
        name = table.get(_q("table:name"), f"Sheet{len(names) + 1}")
        names.append(name)
        if sink.full:
            continue
        hidden = table.get(_q("table:style-name")) in hidden_styles
        add_row_blocks(sink, _sheet_rows(table), sheet=name, hidden=hidden, max_rows=max_rows)
    return Extraction(sections=sink.sections, meta=meta, truncated=sink.truncated, sheet_names=names)


# --- odp ----------------------------------------------------------------------------------------


def _shapes(element: Element) -> Iterator[Element]:
    for child in element:
        if child.tag == DRAW_GROUP:
            yield from _shapes(child)
        elif child.tag in DRAW_SHAPES:
            yield child


def _shape_lines(shape: Element) -> list[str]:
    lines = [odf_text(p).strip() for p in shape.iter() if p.tag in (T_P, T_H)]
    return [line for line in lines if line]


def _add_odp_slide(sink: SectionSink, page: Element, number: int) -> str | None:
    """Sections of one `draw:page` (title, body, tables, notes); returns its title."""
    title: str | None = None
    body: list[str] = []
    tables: list[list[str]] = []
    for shape in _shapes(page):
        kind = shape.get(_q("presentation:class"), "")
        table = shape.find("table:table", _NS)
        if kind in SKIPPED_SLIDE_CLASSES:
            continue
        if table is not None:
            tables.append(_table_lines(table))
        elif kind == "title" and title is None:
            title = "\n".join(_shape_lines(shape)) or None
        else:
            body.extend(_shape_lines(shape))
    if title:
        sink.add(TextSection(text=title, kind="slide_title", slide=number))
    if body:
        sink.add(TextSection(text="\n".join(body), slide=number))
    for lines in (lines for lines in tables if lines):
        sink.add(TextSection(text="\n".join(lines), kind="table", slide=number, header=lines[0]))
    notes = page.find("presentation:notes", _NS)
    note_lines = (
        [line for shape in _shapes(notes) for line in _shape_lines(shape)] if notes is not None else []
    )
    if note_lines:
        sink.add(TextSection(text="\n".join(note_lines), kind="notes", slide=number))
    return title


def extract_odp(path: Path, *, sink: SectionSink) -> Extraction:
    """Per slide (`draw:page`): title, body, tables and speaker notes."""
    with zipfile.ZipFile(path) as archive:
        _, body = _content(archive, "presentation")
        meta = _meta(archive)
    pages = body.findall("draw:page", _NS)
    first_title: str | None = None
    for number, page in enumerate(pages, start=1):
        if sink.full:
            break
        first_title = first_title or _add_odp_slide(sink, page, number)
    return Extraction(
        sections=sink.sections,
        meta=meta,
        first_heading=first_title,
        truncated=sink.truncated,
        slide_count=len(pages),
    )
