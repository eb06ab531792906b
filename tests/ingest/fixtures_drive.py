"""Builders of small real Drive documents (docx, pptx, xlsx, pdf, odt/ods/odp, html, md, txt) and a
helper that runs `DriveReader` on one of them the way the job runner does."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pptx
from fpdf import FPDF
from odf import dc, draw, meta, presentation, table, text
from odf.namespaces import PRESENTATIONNS
from odf.opendocument import OpenDocumentPresentation, OpenDocumentSpreadsheet, OpenDocumentText
from odf.style import GraphicProperties, MasterPage, PageLayout, Style, TableProperties
from pptx.util import Emu
from pypdf import PdfWriter

from chiefops.ingest.drive import DriveReader
from chiefops.ingest.units import InputSource, ParseContext, SpoolItem, UnitFailed
from chiefops.models import InputKind

ROOT = "Lumen Drive"
FILE_TIME = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
CREATED = datetime(2026, 9, 14, 9, 30, tzinfo=UTC)
MODIFIED = datetime(2026, 11, 2, 16, 45, tzinfo=UTC)
JOB_ID = "job-drive-1"


# --- running the reader -------------------------------------------------------------------------


def source_for(path: Path, *, rel_path: str | None = None, root: str = ROOT) -> InputSource:
    return InputSource(
        kind=InputKind.DOCUMENT,
        path=path,
        display=f"{root}/{rel_path or path.name}",
        root=root,
        rel_path=rel_path or path.name,
        size_bytes=path.stat().st_size,
        modified_at_epoch=FILE_TIME.timestamp(),
    )


def parse_items(
    path: Path, *, rel_path: str | None = None, ctx: ParseContext | None = None
) -> list[SpoolItem]:
    """Every item `DriveReader` yields for one file (raises `UnitFailed` like the reader)."""
    reader = DriveReader()
    source = source_for(path, rel_path=rel_path)
    context = ctx or ParseContext(job_id=JOB_ID)
    [unit] = reader.plan(source, context)
    return list(reader.parse(source, unit, context, lambda done, total, detail: None))


def failure(path: Path, *, ctx: ParseContext | None = None) -> UnitFailed:
    """The `UnitFailed` parsing `path` raises; fails the test when it parses."""
    try:
        parse_items(path, ctx=ctx)
    except UnitFailed as exc:
        return exc
    raise AssertionError(f"{path.name} parsed without failing")


# --- office -------------------------------------------------------------------------------------


def write_docx(
    path: Path, *, core_title: str = "Word Document", creator: str = "", last_modified_by: str
) -> Path:
    """H1 › H2 sections, a 3-row × 2-column table under "Milestones", empty creator unless given."""
    document = docx.Document()
    document.add_heading("Q3 Launch Plan", level=1)
    document.add_paragraph("This plan covers the Q3 launch of Alpha.")
    document.add_heading("Milestones", level=2)
    document.add_paragraph("Three milestones are planned.")
    grid = document.add_table(rows=3, cols=2)
    for row, (left, right) in zip(
        grid.rows, [("Milestone", "Due"), ("Beta", "2026-08-01"), ("GA", "2026-09-15")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = left, right
    document.add_heading("Risks", level=2)
    document.add_paragraph("SSO integration may slip.")
    props = document.core_properties
    props.title, props.author, props.last_modified_by = core_title, creator, last_modified_by
    props.created, props.modified = CREATED, MODIFIED
    document.save(str(path))
    return path


def write_pptx(path: Path, *, author: str = "Priya Nair <Priya.Nair@lumenlabs.io>") -> Path:
    """Two title-and-content slides, each with speaker notes."""
    deck = pptx.Presentation()
    layout = deck.slide_layouts[1]
    for title, body, notes in (
        ("Alpha Roadmap", "Beta in August\nGA in September", "Stress the August date."),
        ("Hiring", "Two backend engineers", "Budget approved by finance."),
    ):
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        slide.notes_slide.notes_text_frame.text = notes
    props = deck.core_properties
    props.title, props.author, props.last_modified_by = "", author, ""
    props.created, props.modified = CREATED, MODIFIED
    deck.save(str(path))
    return path


def write_xlsx(path: Path, *, rows: int = 3) -> Path:
    """Sheet "Budget" (header + `rows` rows, starting at row 2) and a hidden sheet "Salaries"."""
    workbook = openpyxl.Workbook()
    budget = workbook.active
    assert budget is not None
    budget.title = "Budget"
    budget.append([])
    budget.append(["Item", "Q3", "Q4"])
    for index in range(rows):
        budget.append([f"Line {index + 1}", 1000.0 + index, 2500.5])
    hidden = workbook.create_sheet("Salaries")
    hidden.sheet_state = "hidden"
    hidden.append(["Name", "Salary"])
    hidden.append(["Raj", 100])
    workbook.save(path)
    # openpyxl stamps `modified` with the wall clock on save; pin the core properties instead.
    return replace_zip_member(path, "docProps/core.xml", core_xml(creator="rajesh.patel@lumenlabs.io"))


def core_xml(*, creator: str = "", last_modified_by: str = "", title: str = "") -> bytes:
    """An OOXML `docProps/core.xml` created at CREATED and modified at MODIFIED."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>"
        f"<cp:lastModifiedBy>{last_modified_by}</cp:lastModifiedBy>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-09-14T09:30:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-02T16:45:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


# --- pdf ----------------------------------------------------------------------------------------


def _pdf(author: str | None, title: str | None) -> FPDF:
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    if author:
        pdf.set_author(author)
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=11)
    return pdf


def write_pdf(
    path: Path, *, pages: int = 3, author: str | None = "Jane Doe", title: str | None = None
) -> Path:
    """`pages` pages of text, page n saying which page it is."""
    pdf = _pdf(author, title)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {number} of the architecture review. " * 3)
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path, *, pages: int = 2) -> Path:
    """Pages that only draw a rectangle: no text layer."""
    pdf = _pdf("Scanner", None)
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path, *, user_password: str) -> Path:
    plain = write_pdf(path.with_name("plain-" + path.name))
    writer = PdfWriter(clone_from=plain)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    writer.write(path)
    return path


# --- odf ----------------------------------------------------------------------------------------


def _odf_meta(document: OpenDocumentText | OpenDocumentSpreadsheet | OpenDocumentPresentation) -> None:
    document.meta.addElement(dc.Title(text=""))
    document.meta.addElement(meta.InitialCreator(text="Sofia Rossi"))
    document.meta.addElement(meta.CreationDate(text="2026-09-14T09:30:00"))
    document.meta.addElement(dc.Date(text="2026-11-02T16:45:00"))


def write_odt(path: Path) -> Path:
    document = OpenDocumentText()
    _odf_meta(document)
    body = document.text
    body.addElement(text.H(outlinelevel=1, text="Onboarding Process"))
    body.addElement(text.P(text="Every new hire gets a buddy."))
    body.addElement(text.H(outlinelevel=2, text="First week"))
    body.addElement(text.P(text="Laptop, accounts and a welcome lunch."))
    document.save(str(path))
    return path


def write_ods(path: Path) -> Path:
    """Sheet "Plan" (visible) and "Hidden" (table:display=false)."""
    document = OpenDocumentSpreadsheet()
    _odf_meta(document)
    hidden_style = Style(name="hiddenTable", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden_style)
    for name, style, rows in (
        ("Plan", None, [["Task", "Owner"], ["Beta", "Raj"], ["GA", "Maria"]]),
        ("Hidden", hidden_style, [["Secret"], ["42"]]),
    ):
        sheet = table.Table(name=name, stylename=style) if style else table.Table(name=name)
        for cells in rows:
            row = table.TableRow()
            for value in cells:
                cell = table.TableCell()
                cell.addElement(text.P(text=value))
                row.addElement(cell)
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    document.save(str(path))
    return path


def _slide_frame(style: Style, kind: str) -> draw.Frame:
    frame = draw.Frame(stylename=style, width="20cm", height="3cm", x="1cm", y="1cm")
    frame.setAttrNS(PRESENTATIONNS, "class", kind)
    return frame


def write_odp(path: Path) -> Path:
    """One slide with a title frame, a body frame and speaker notes."""
    document = OpenDocumentPresentation()
    _odf_meta(document)
    layout = PageLayout(name="layout")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="master", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    frame_style = Style(name="frame", family="graphic")
    frame_style.addElement(GraphicProperties())
    document.automaticstyles.addElement(frame_style)
    page = draw.Page(masterpagename=master)
    for kind, value in (("title", "Quarterly Review"), ("outline", "Revenue up 12%")):
        frame = _slide_frame(frame_style, kind)
        box = draw.TextBox()
        box.addElement(text.P(text=value))
        frame.addElement(box)
        page.addElement(frame)
    notes = presentation.Notes()
    notes_frame = _slide_frame(frame_style, "notes")
    notes_box = draw.TextBox()
    notes_box.addElement(text.P(text="Mention the churn numbers."))
    notes_frame.addElement(notes_box)
    notes.addElement(notes_frame)
    page.addElement(notes)
    document.presentation.addElement(page)
    document.save(str(path))
    return path


# --- text ---------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Architecture Overview</title><meta name="author" content="Lee Chen">
<style>body { color: red }</style>
<script>var secretToken = "do-not-index";</script></head>
<body><nav>Home | Docs</nav><header>Site header</header>
<h1>Architecture</h1><p>Services talk over gRPC.</p>
<h2>Storage</h2><p>SQLite &amp; WAL mode.</p>
<table><tr><th>Service</th><th>Owner</th></tr><tr><td>api</td><td>Raj</td></tr></table>
<footer>Copyright</footer></body></html>
"""

MARKDOWN = """# Weekly Meeting Notes

Attendees: Raj, Maria.

## Decisions

- Ship beta on Friday.

```
# not a heading
```

## Actions
Maria follows up on SSO.
"""

PLAIN_TEXT = "First paragraph line one.\nline two.\n\n\nSecond paragraph.\n"


def write_text(path: Path, content: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def replace_zip_member(path: Path, member: str, data: bytes) -> Path:
    """Rewrites one member of a ZIP-based document (e.g. `word/document.xml`) in place."""
    with zipfile.ZipFile(path) as original:
        members = [(info, original.read(info.filename)) for info in original.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info, content in members:
            rewritten.writestr(info, data if info.filename == member else content)
    return path


def write_rich_pptx(path: Path) -> Path:
    """One slide: a title, a grouped text box, a 2×2 table with a merged header cell."""
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = "Status"
    group = slide.shapes.add_group_shape()
    box = group.shapes.add_textbox(Emu(0), Emu(0), Emu(914400), Emu(914400))
    box.text_frame.text = "Grouped note"
    grid = slide.shapes.add_table(3, 2, Emu(0), Emu(914400), Emu(3657600), Emu(914400)).table
    grid.cell(0, 0).merge(grid.cell(0, 1))
    grid.cell(0, 0).text = "Workstreams"
    for row, (name, state) in enumerate([("API", "green"), ("Web", "amber")], start=1):
        grid.cell(row, 0).text, grid.cell(row, 1).text = name, state
    deck.save(str(path))
    return path


def write_rich_docx(path: Path) -> Path:
    """A Title paragraph, an H1, a merged-cell table and an H4 inside the H1 section."""
    document = docx.Document()
    document.add_heading("Employee Handbook", level=0)
    document.add_heading("Leave", level=1)
    grid = document.add_table(rows=2, cols=3)
    grid.cell(0, 0).merge(grid.cell(0, 1)).text = "Type"
    grid.cell(0, 2).text = "Days"
    grid.cell(1, 0).text, grid.cell(1, 1).text, grid.cell(1, 2).text = "Annual", "paid", "25"
    document.add_heading("Carry-over", level=4)
    document.add_paragraph("Up to five days.")
    document.save(str(path))
    return path


def write_rich_odt(path: Path) -> Path:
    """A heading, a bulleted list and a 2×2 table."""
    document = OpenDocumentText()
    body = document.text
    body.addElement(text.H(outlinelevel=1, text="Checklist"))
    bullets = text.List()
    for value in ("Order laptop", "Create accounts"):
        item = text.ListItem()
        item.addElement(text.P(text=value))
        bullets.addElement(item)
    body.addElement(bullets)
    grid = table.Table(name="Owners")
    for cells in (["Step", "Owner"], ["Laptop", "IT"]):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    body.addElement(grid)
    document.save(str(path))
    return path


def write_repeating_ods(path: Path) -> Path:
    """Header row, 2 identical repeated rows, 1,000,000 repeated empty rows, then one last row."""
    document = OpenDocumentSpreadsheet()
    sheet = table.Table(name="Log")

    def row(values: list[str], *, repeated: int = 1, columns_repeated: int = 1) -> table.TableRow:
        element = table.TableRow(numberrowsrepeated=repeated) if repeated > 1 else table.TableRow()
        for value in values:
            cell = (
                table.TableCell(numbercolumnsrepeated=columns_repeated)
                if columns_repeated > 1
                else table.TableCell()
            )
            if value:
                cell.addElement(text.P(text=value))
            element.addElement(cell)
        return element

    sheet.addElement(row(["Day", "Event"]))
    sheet.addElement(row(["Mon", "deploy"], repeated=2))
    sheet.addElement(row([""], repeated=1_000_000, columns_repeated=1024))
    sheet.addElement(row(["Fri", "retro"]))
    document.spreadsheet.addElement(sheet)
    document.save(str(path))
    return path


def write_mixed_pdf(path: Path) -> Path:
    """Page 1 has text, page 2 only a rectangle."""
    pdf = _pdf("Jane Doe", "Microsoft Word - mixed.docx")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Only the first page has a text layer.")
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path
