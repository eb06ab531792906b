"""Writes Drive documents as real files with their own libraries, byte-for-byte reproducibly.

OOXML files (docx, pptx, xlsx) get core properties from the world and are re-zipped with a fixed entry
time and our own `docProps/core.xml` (openpyxl stamps the clock on save); PDFs come from fpdf2 with a
fixed creation date; every file's mtime is set to its modified date.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import openpyxl
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Pt

from samples.specs import DocSpec
from samples.timeline import ARCHIVE_TIME

_PDF_SAFE = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "€": "EUR ",
        "…": "...",
        "•": "-",
        "→": "->",
        "≥": ">=",
        "≤": "<=",
    }
)


def _w3c(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def core_xml(doc: DocSpec, author: str, editor: str) -> bytes:
    """`docProps/core.xml` with author, editor, title and the world's dates."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(doc.title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(editor)}</cp:lastModifiedBy><cp:revision>3</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_w3c(doc.created)}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_w3c(doc.modified)}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _rezip(raw: bytes, core: bytes) -> bytes:
    """Same parts, same order, fixed entry times, our core properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = core if item.filename == "docProps/core.xml" else src.read(item.filename)
            info = zipfile.ZipInfo(item.filename, date_time=ARCHIVE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def _docx(doc: DocSpec, author: str, editor: str) -> bytes:
    document = docx.Document()
    props = document.core_properties
    props.author, props.last_modified_by, props.title = author, editor, doc.title
    props.created, props.modified = doc.created.replace(tzinfo=None), doc.modified.replace(tzinfo=None)
    document.add_heading(doc.title, level=0)
    for heading, paras in doc.sections:
        document.add_heading(heading, level=1)
        for text in paras:
            document.add_paragraph(text)
    for caption, rows in doc.tables:
        document.add_heading(caption, level=1)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return _rezip(buf.getvalue(), core_xml(doc, author, editor))


def _pptx(doc: DocSpec, author: str, editor: str) -> bytes:
    deck = Presentation()
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = doc.title
    title_slide.placeholders[1].text = f"{author} · {doc.modified:%Y-%m-%d}"
    for i, (heading, bullets) in enumerate(doc.sections):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        body = slide.placeholders[1].text_frame
        body.text = bullets[0]
        for bullet in bullets[1:]:
            para = body.add_paragraph()
            para.text = bullet
            para.font.size = Pt(20)
        if i < len(doc.notes):
            slide.notes_slide.notes_text_frame.text = doc.notes[i]
    buf = io.BytesIO()
    deck.save(buf)
    return _rezip(buf.getvalue(), core_xml(doc, author, editor))


def _cell(value: str) -> str | int:
    """Whole numbers (with thousands separators) become numbers; everything else stays text."""
    plain = value.replace(",", "")
    return int(plain) if re.fullmatch(r"\d+", plain) else value


def _xlsx(doc: DocSpec, author: str, editor: str) -> bytes:
    book = openpyxl.Workbook()
    for n, (sheet_name, rows) in enumerate(doc.tables):
        sheet = book.worksheets[0] if n == 0 else book.create_sheet()
        sheet.title = sheet_name[:31]
        for r, row in enumerate(rows):
            sheet.append([value if r == 0 else _cell(value) for value in row])
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = max(
                12, *(len(str(c.value or "")) + 2 for c in col)
            )
    book.properties.creator, book.properties.lastModifiedBy, book.properties.title = author, editor, doc.title
    buf = io.BytesIO()
    book.save(buf)
    return _rezip(buf.getvalue(), core_xml(doc, author, editor))


def _latin1(text: str) -> str:
    """The core PDF fonts are Latin-1 only."""
    return text.translate(_PDF_SAFE).encode("latin-1", "replace").decode("latin-1")


def _pdf(doc: DocSpec, author: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(doc.created)
    pdf.set_author(author)
    pdf.set_title(doc.title)
    pdf.set_creator("Google Docs")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    for i, (heading, paras) in enumerate(doc.sections):
        pdf.add_page()
        if i == 0:
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(0, 9, _latin1(doc.title), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 9)
            pdf.multi_cell(
                0,
                5,
                _latin1(f"Author: {author}. Last updated {doc.modified:%Y-%m-%d}."),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, _latin1(f"{i + 1}. {heading}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 10)
        for text in paras:
            pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def _markdown(doc: DocSpec) -> bytes:
    lines = [f"# {doc.title}", ""]
    for heading, paras in doc.sections:
        lines += [f"## {heading}", ""]
        for text in paras:
            lines += [text, ""]
    return "\n".join(lines).encode()


def _text(doc: DocSpec) -> bytes:
    lines = [doc.title, "=" * len(doc.title), ""]
    for heading, paras in doc.sections:
        lines += [heading.upper(), *paras, ""]
    return "\n".join(lines).encode()


def render(doc: DocSpec, author: str, editor: str) -> bytes:
    """The file's bytes, by extension."""
    ext = doc.file_name.rsplit(".", 1)[1]
    if ext == "docx":
        return _docx(doc, author, editor)
    if ext == "pptx":
        return _pptx(doc, author, editor)
    if ext == "xlsx":
        return _xlsx(doc, author, editor)
    if ext == "pdf":
        return _pdf(doc, author)
    return _markdown(doc) if ext == "md" else _text(doc)


def write_document(root: Path, doc: DocSpec, author: str, editor: str) -> Path:
    path = root / doc.folder / doc.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(doc, author, editor))
    stamp = doc.modified.timestamp()
    os.utime(path, (stamp, stamp))
    return path
