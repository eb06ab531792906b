"""One way to read the three table formats Jira data arrives in: CSV, XLSX and the HTML `.xls`.

`open_tables` streams a file as `Table`s — a header plus an iterator of rows — and can be called
again for a second pass. CSV: the first non-blank record is the header. XLSX (every sheet) and
HTML (the first table that has one): the header is the first of rows 1–10 holding ≥ 2 known Jira
headers (spec 02 §3 step 5).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, NamedTuple

from chiefops.ingest.csvio import iter_csv_records
from chiefops.ingest.jira_columns import count_known
from chiefops.ingest.jira_html import HtmlRow, chunked, iter_html_rows
from chiefops.ingest.textio import open_text_lines
from chiefops.ingest.workbooks import open_workbook

TableFormat = Literal["csv", "xlsx", "html"]
HEADER_SEARCH_ROWS = 10
XLSX_MAGIC = b"PK\x03\x04"


class RawRow(NamedTuple):
    """A data row: its line (CSV physical line, else row number) and cells; `is_too_large` when a
    CSV field exceeded the cell limit and the row was not read."""

    line: int
    cells: Sequence[str]
    is_too_large: bool = False


@dataclass(frozen=True)
class Table:
    """A header and the rows under it; `sheet` names the XLSX sheet it came from."""

    header: tuple[str, ...]
    rows: Iterator[RawRow]
    sheet: str | None = None
    is_csv: bool = False

    def where(self, line: int) -> str:
        """How a person finds a row: `line 14`, or `row 14 of sheet 'Issues'`."""
        if self.is_csv:
            return f"line {line}"
        return f"row {line} of sheet '{self.sheet}'" if self.sheet else f"row {line}"


@dataclass(frozen=True)
class SkippedSheet:
    """An XLSX sheet with no Jira header in its first rows."""

    sheet: str


@dataclass(frozen=True)
class TableFile:
    """A file to read as tables: format, and for text formats its encoding and CSV delimiter."""

    path: Path
    format: TableFormat
    encoding: str | None = None
    """The text codec (CSV, HTML); None for XLSX."""
    delimiter: str = ","
    max_cell_chars: int = 16 * 1024 * 1024


def is_xlsx(path: Path) -> bool:
    """An OOXML workbook is a ZIP; anything else is read as text."""
    with path.open("rb") as handle:
        return handle.read(len(XLSX_MAGIC)) == XLSX_MAGIC


def estimate_rows(path: Path) -> int:
    """Cheap row count for dry runs and progress: XLSX sheet dimensions, else the line count."""
    if is_xlsx(path):
        workbook = open_workbook(path, data_only=False)
        try:
            return sum(max((sheet.max_row or 1) - 1, 0) for sheet in workbook.worksheets)
        finally:
            workbook.close()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def looks_like_html(head: str) -> bool:
    """The decoded head of a Jira "Export Excel" `.xls`: markup with a table."""
    start = head.lstrip()[:2048].casefold()
    return start.startswith("<") and ("<table" in start or "<html" in start or "<!doctype html" in start)


@contextmanager
def open_tables(file: TableFile) -> Iterator[Iterator[Table | SkippedSheet]]:
    """Stream a file's tables; usable again for another pass. Errors of the format propagate:
    `MalformedCsv`, `UnicodeDecodeError`, and openpyxl's for a damaged workbook."""
    if file.format == "xlsx":
        workbook = open_workbook(file.path, data_only=True)
        try:
            yield (_sheet_table(sheet) for sheet in workbook.worksheets)
        finally:
            workbook.close()
        return
    with open_text_lines(file.path, encoding=file.encoding or "utf-8") as lines:
        if file.format == "html":
            yield _html_tables(iter_html_rows(chunked(lines)))
        else:
            yield _csv_tables(file, lines)


def _csv_tables(file: TableFile, lines: Iterator[str]) -> Iterator[Table]:
    records = iter_csv_records(lines, delimiter=file.delimiter, max_cell_chars=file.max_cell_chars)
    for record in records:
        if record.cells and any(cell.strip() for cell in record.cells):
            rows = (RawRow(r.line, r.cells, r.is_too_large) for r in records)
            yield Table(header=tuple(record.cells), rows=rows, is_csv=True)
            return


def _html_tables(rows: Iterator[HtmlRow]) -> Iterator[Table]:
    for _table_no, group in itertools.groupby(rows, key=lambda row: row.table):
        numbered = enumerate((row.cells for row in group), start=1)
        for _line, cells in itertools.islice(numbered, HEADER_SEARCH_ROWS):
            if count_known(cells) >= 2:
                body = (RawRow(n, _padded(c, len(cells))) for n, c in numbered)
                yield Table(header=tuple(cells), rows=body, sheet=None)
                return


def _sheet_table(sheet: Any) -> Table | SkippedSheet:  # openpyxl ships no types
    title = str(sheet.title)
    numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
    for _line, raw in itertools.islice(numbered, HEADER_SEARCH_ROWS):
        header = [_xlsx_cell_text(value) for value in raw]
        if count_known(header) >= 2:
            body = (
                RawRow(n, _padded([_xlsx_cell_text(value) for value in row], len(header)))
                for n, row in numbered
            )
            return Table(header=tuple(header), rows=body, sheet=title)
    return SkippedSheet(sheet=title)


def _padded(cells: Sequence[str], width: int) -> Sequence[str]:
    """XLSX and HTML rows may stop early; the plan indexes up to the header's width."""
    return [*cells, *[""] * (width - len(cells))] if len(cells) < width else cells


def _xlsx_cell_text(value: object) -> str:
    """A cell as text; native dates in ISO form, which the date reader takes back exactly (a naive
    value is read in the configured timezone, like any naive time)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
