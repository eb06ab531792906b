"""Streaming CSV records in strict mode (spec 02 §12 `MAX_CELL_MB`, §13 `malformed_csv`).

Records come from the stdlib `csv` reader over decoded lines, so memory stays bounded by the
largest record. A field longer than the cell limit skips only its record (`cell_too_large`); an
unterminated quote, a stray character after a closing quote or a NUL byte voids the file
(`MalformedCsv`, with the line number to look at).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import NamedTuple

_FIELD_LIMIT_ERROR = "field larger than field limit"
_END_OF_DATA_ERROR = "unexpected end of data"


class MalformedCsv(ValueError):
    """A structural CSV error that makes the whole file unreadable (§13 `malformed_csv`)."""

    def __init__(self, reason: str, *, line: int) -> None:
        super().__init__(f"line {line}: {reason}")
        self.reason = reason
        self.line = line


class CsvRecord(NamedTuple):
    """One record: the physical line it starts on (1-based) and its cells.

    `is_too_large` marks a record skipped because one field exceeded the cell limit; its cells
    are then empty.
    """

    line: int
    cells: list[str]
    is_too_large: bool = False


class _CountingLines:
    """The lines fed to `csv.reader`: counts physical lines and quote characters, refuses NUL."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.line_no = 0
        self.quotes = 0

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line_no += 1
        if "\x00" in line:
            raise MalformedCsv("NUL byte in the text (the file is damaged or not a CSV)", line=self.line_no)
        self.quotes += line.count('"')
        return line


def iter_csv_records(lines: Iterable[str], *, delimiter: str, max_cell_chars: int) -> Iterator[CsvRecord]:
    """Parse decoded lines (endings kept) into records; blank lines come out as empty records.

    `csv.field_size_limit` is process-wide: it is set to `max_cell_chars` for this parse.
    Raises `MalformedCsv` on a structural error; `UnicodeDecodeError` from the lines propagates.
    """
    source = _CountingLines(lines)
    csv.field_size_limit(max_cell_chars)
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            for cells in reader:
                yield CsvRecord(start, cells)
                source.quotes = 0
                start = source.line_no + 1
            return
        except csv.Error as exc:
            _raise_unless_too_large(exc, start=start, current=source.line_no)
        _skip_rest_of_record(source, start=start)
        yield CsvRecord(start, [], True)
        source.quotes = 0
        start = source.line_no + 1


def _raise_unless_too_large(exc: csv.Error, *, start: int, current: int) -> None:
    message = str(exc)
    if message.startswith(_FIELD_LIMIT_ERROR):
        return
    if message.startswith(_END_OF_DATA_ERROR):
        raise MalformedCsv("unterminated quoted field (a quote is never closed)", line=start) from exc
    if "expected after" in message:
        message = "a closing quote must be followed by the delimiter or the end of the line"
    raise MalformedCsv(message, line=current) from exc


def _skip_rest_of_record(source: _CountingLines, *, start: int) -> None:
    """Consume the lines of an oversized record: it ends where its quotes balance (strict CSV)."""
    while source.quotes % 2:
        if next(source, None) is None:
            raise MalformedCsv("unterminated quoted field (a quote is never closed)", line=start)
