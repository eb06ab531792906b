"""Rows of the HTML table behind Jira's "Export Excel" `.xls` (spec 02 §2), with the stdlib parser.

The text is fed in chunks, so a large export never sits in memory whole. Rows of nested tables
stay inside their outer cell; `<br>` and block ends become line breaks, other whitespace collapses
as a browser would show it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import NamedTuple

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_BREAKS = frozenset({"br"})
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})
CHUNK_CHARS = 64 * 1024


class HtmlRow(NamedTuple):
    """One top-level row of a top-level table; `table` counts top-level tables from 0."""

    table: int
    cells: list[str]


class _RowCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: deque[HtmlRow] = deque()
        self._depth = 0
        self._table = -1
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._table += 1
        elif self._depth == 1 and tag == "tr":
            self._end_row()
            self._row = []
        elif self._depth == 1 and tag in ("td", "th"):
            self._end_cell()
            self._row = self._row if self._row is not None else []
            self._cell = []
        elif self._cell is not None and tag in _LINE_BREAKS:
            self._cell.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._cell is not None and tag in _LINE_BREAKS:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth > 0:
            if self._depth == 1:
                self._end_row()
            self._depth -= 1
        elif self._depth == 1 and tag == "tr":
            self._end_row()
        elif self._depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self._cell is not None and tag in _BLOCKS:
            self._cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(_SPACES.sub(" ", data))

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(_clean_cell("".join(self._cell)))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None:
            self.rows.append(HtmlRow(self._table, self._row))
        self._row = None


def _clean_cell(text: str) -> str:
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip("\n")


def iter_html_rows(text: Iterable[str]) -> Iterator[HtmlRow]:
    """Every top-level row of every top-level table, in document order, from text chunks."""
    collector = _RowCollector()
    for chunk in text:
        collector.feed(chunk)
        while collector.rows:
            yield collector.rows.popleft()
    collector.close()
    collector.handle_endtag("table")
    while collector.rows:
        yield collector.rows.popleft()


def chunked(lines: Iterable[str], *, size_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """Group lines into chunks of about `size_chars` for the parser."""
    buffer: list[str] = []
    held = 0
    for line in lines:
        buffer.append(line)
        held += len(line)
        if held >= size_chars:
            yield "".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer)
