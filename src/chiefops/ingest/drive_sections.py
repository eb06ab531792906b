"""Building a document's `TextSection`s with the provenance the index chunks by (03 §3.3).

- `SectionSink` keeps at most `MAX_DOC_TEXT_MB` of text (02 §12): past it the text is cut and the
  document is marked truncated; extractors stop early once the sink is full.
- `Outline` turns headings, paragraphs and tables into sections under the deepest H1–H3 heading
  (docx, odt, md, html). Deeper headings (H4–H6) stay in their section's body as a line of text.
- `add_row_blocks` turns sheet rows into blocks of ≈ 500 tokens with the header row repeated
  (xlsx, ods, csv).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chiefops.ingest.units import UnitFailed
from chiefops.models import TextSection

SECTION_LEVELS = 3
"""Headings at levels ≤ 3 start a section (0 is a document Title above H1)."""

BLOCK_CHARS = 2000
"""Characters of rows per sheet block: about 500 tokens, the index's row-group size."""


class SectionSink:
    """Collects sections until `max_bytes` of UTF-8 text; the section that crosses it is cut."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.sections: list[TextSection] = []
        self.truncated = False
        self._used = 0

    @property
    def full(self) -> bool:
        return self.truncated

    def add(self, section: TextSection) -> None:
        if self.truncated:
            return
        encoded = section.text.encode()
        if self._used + len(encoded) <= self.max_bytes:
            self.sections.append(section)
            self._used += len(encoded)
            return
        room = self.max_bytes - self._used
        cut = encoded[:room].decode("utf-8", errors="ignore")
        if cut.strip():
            self.sections.append(section.model_copy(update={"text": cut}))
        self._used = self.max_bytes
        self.truncated = True


class Outline:
    """Sections under their heading path; a heading with nothing under it becomes a `heading` section."""

    def __init__(self, sink: SectionSink) -> None:
        self._sink = sink
        self._path: list[tuple[int, str]] = []
        self._body: list[str] = []
        self._bare = False
        self.first_heading: str | None = None

    @property
    def path(self) -> list[str]:
        return [text for _, text in self._path]

    def heading(self, level: int, text: str) -> None:
        """A heading at `level` (0 = Title, 1–6 = H1–H6)."""
        text = " ".join(text.split())
        if not text:
            return
        if self.first_heading is None:
            self.first_heading = text
        if level > SECTION_LEVELS:
            self.paragraph(text)
            return
        self._flush_body()
        if self._bare and level <= self._path[-1][0]:
            self._emit_bare_heading()
        self._path = [entry for entry in self._path if entry[0] < level] + [(level, text)]
        self._bare = True

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if text:
            self._body.append(text)
            self._bare = False

    def table(self, rows: Sequence[str]) -> None:
        """A table as `a | b` lines; its first row is the header the index repeats."""
        lines = [row for row in rows if row.strip()]
        if not lines:
            return
        self._flush_body()
        self._sink.add(
            TextSection(text="\n".join(lines), kind="table", heading_path=self.path, header=lines[0])
        )
        self._bare = False

    def finish(self) -> None:
        self._flush_body()
        if self._bare:
            self._emit_bare_heading()
            self._bare = False

    def _flush_body(self) -> None:
        if self._body:
            self._sink.add(TextSection(text="\n\n".join(self._body), heading_path=self.path))
            self._body = []

    def _emit_bare_heading(self) -> None:
        self._sink.add(TextSection(text=self._path[-1][1], kind="heading", heading_path=self.path))


def row_line(cells: Sequence[str]) -> str:
    """One row as `a | b | c`: cells on one line, trailing empty cells dropped; "" for an empty row."""
    flat = [" ".join(cell.split()) for cell in cells]
    while flat and not flat[-1]:
        flat.pop()
    return " | ".join(flat)


class _Blocks:
    def __init__(self, sink: SectionSink, *, sheet: str, hidden: bool) -> None:
        self.sink = sink
        self.sheet = sheet
        self.hidden = hidden
        self.header: str | None = None
        self.header_row = 0
        self.lines: list[str] = []
        self.start = 0
        self.end = 0
        self.size = 0

    def add(self, number: int, line: str) -> None:
        if self.lines and self.size + len(line) > BLOCK_CHARS:
            self.emit()
        if not self.lines:
            self.start = number
        self.lines.append(line)
        self.end = number
        self.size += len(line) + 1

    def emit(self) -> None:
        self.sink.add(self._section("\n".join(self.lines), self.start, self.end))
        self.lines, self.size = [], 0

    def finish(self) -> None:
        if self.lines:
            self.emit()
        elif self.header is not None:
            self.sink.add(self._section(self.header, self.header_row, self.header_row))

    def _section(self, text: str, start: int, end: int) -> TextSection:
        return TextSection(
            text=text,
            kind="table",
            sheet=self.sheet,
            sheet_hidden=self.hidden,
            row_start=start,
            row_end=end,
            header=self.header,
        )


def add_row_blocks(
    sink: SectionSink,
    rows: Iterable[tuple[int, Sequence[str]]],
    *,
    sheet: str,
    hidden: bool,
    max_rows: int,
) -> None:
    """Row blocks of one sheet from `(row number, cells)`; the first non-empty row is the header.

    Row numbers are 1-based and inclusive; empty rows are skipped but keep their numbers. More
    than `max_rows` data rows fails the unit (`too_many_rows`, 02 §12).
    """
    blocks = _Blocks(sink, sheet=sheet, hidden=hidden)
    data_rows = 0
    for number, cells in rows:
        line = row_line(cells)
        if not line:
            continue
        if blocks.header is None:
            blocks.header, blocks.header_row = line, number
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise UnitFailed(
                "too_many_rows",
                f"sheet {sheet!r} has more than {max_rows:,} data rows, the limit (CHIEFOPS_MAX_ROWS) — "
                "split the file or raise the limit",
                recoverable=True,
            )
        blocks.add(number, line)
        if sink.full:
            return
    blocks.finish()
