"""HTML pages: visible text under its heading path, `<title>` and `<meta name=author>` (spec 02 §6).

Uses the stdlib `html.parser` (no DTD or entity machinery beyond HTML's named character
references). Script, style, nav, header, footer and similar non-content elements are dropped.
"""

from __future__ import annotations

from html.parser import HTMLParser

from chiefops.ingest.drive_meta import clean_author
from chiefops.ingest.drive_sections import Outline, SectionSink, row_line
from chiefops.ingest.drive_types import DocMeta, Extraction

DROPPED = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "iframe"})
HEADINGS = {f"h{level}": level for level in range(1, 7)}
BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "aside",
        "blockquote", "pre", "hr", "figure", "figcaption", "address", "form", "fieldset", "details",
        "summary", "body",
    }
)  # fmt: skip


class _PageText(HTMLParser):
    """Feeds an `Outline`: headings, paragraphs between block tags, tables as `a | b` rows."""

    def __init__(self, outline: Outline) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = outline
        self.dropped = 0
        self.text: list[str] = []
        self.heading_level: int | None = None
        self.in_title = False
        self.title: list[str] = []
        self.author: str | None = None
        self.table_depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropped += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta(dict(attrs))
        elif self.dropped:
            return
        elif tag in HEADINGS and not self.table_depth:
            self._flush()
            self.heading_level = HEADINGS[tag]
        elif tag == "table":
            self._start_table()
        elif tag == "tr" and self.table_depth == 1:
            self._end_cell()  # HTML lets cells and rows end implicitly
            self.rows.append([])
        elif tag in ("td", "th") and self.table_depth == 1:
            self._end_cell()
            self.cell = []
        elif tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag == "title":
            self.in_title = False
        elif self.dropped:
            return
        elif tag in HEADINGS and self.heading_level is not None:
            self.outline.heading(self.heading_level, "".join(self.text))
            self.text, self.heading_level = [], None
        elif tag == "table" and self.table_depth:
            self._end_table()
        elif tag in ("td", "th") and self.table_depth == 1:
            self._end_cell()
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif self.dropped:
            return
        elif self.cell is not None:
            self.cell.append(data)
        else:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        if self.table_depth:
            self.table_depth = 1
            self._end_table()
        self._flush()
        self.outline.finish()

    def _meta(self, attrs: dict[str, str | None]) -> None:
        if (attrs.get("name") or "").casefold() == "author" and self.author is None:
            self.author = clean_author(attrs.get("content"))

    def _break(self) -> None:
        if self.cell is not None:
            self.cell.append(" ")
        elif self.heading_level is None:
            self._flush()

    def _flush(self) -> None:
        self.outline.paragraph(" ".join("".join(self.text).split()))
        self.text = []

    def _start_table(self) -> None:
        self.table_depth += 1
        if self.table_depth == 1:
            self._flush()
            self.rows, self.cell = [], None

    def _end_cell(self) -> None:
        if self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def _end_table(self) -> None:
        self.table_depth -= 1
        if self.table_depth == 0:
            self._end_cell()
            self.outline.table([row_line(cells) for cells in self.rows])
            self.rows = []


def extract_html(text: str, *, sink: SectionSink) -> Extraction:
    """Visible text under its heading path; `<title>` and `<meta name=author>` as metadata."""
    outline = Outline(sink)
    page = _PageText(outline)
    page.feed(text)
    page.close()
    title = " ".join("".join(page.title).split()) or None
    return Extraction(
        sections=sink.sections,
        meta=DocMeta(author=page.author, title=title),
        first_heading=outline.first_heading,
        truncated=sink.truncated,
    )
