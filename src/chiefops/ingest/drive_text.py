"""Plain-text documents, already decoded (§13.1): Markdown, TXT and non-Jira CSV (spec 02 §6).

- md: sections under `#` / setext headings (markdown-it-py finds them, so a `#` inside a code
  fence is no heading); the body keeps its Markdown source.
- txt: paragraphs (runs of non-blank lines) with their 1-based line range; consecutive small
  paragraphs share a section up to `PARAGRAPH_CHARS`.
- csv: row blocks with the header repeated; the delimiter is `,` `;` tab or `|`, whichever gives
  the same ≥ 2 column count on the first records.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from markdown_it import MarkdownIt

from chiefops.ingest.drive_sections import Outline, SectionSink, add_row_blocks
from chiefops.ingest.drive_types import Extraction
from chiefops.models import TextSection

PARAGRAPH_CHARS = 2000
"""Characters of TXT paragraphs merged into one section (≈ 500 tokens)."""

DELIMITERS = (",", ";", "\t", "|")
SNIFF_RECORDS = 20
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (CR LF, CR or LF; no other separators)."""
    return _LINE_BREAK.split(text)


# --- md -----------------------------------------------------------------------------------------


def extract_md(text: str, *, sink: SectionSink) -> Extraction:
    """Markdown source between headings, under its heading path."""
    lines = split_lines(text)
    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    outline = Outline(sink)
    cursor = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        start, end = token.map
        outline.paragraph("\n".join(lines[cursor:start]))
        outline.heading(int(token.tag[1]), tokens[index + 1].content)
        cursor = end
    outline.paragraph("\n".join(lines[cursor:]))
    outline.finish()
    return Extraction(sections=sink.sections, first_heading=outline.first_heading, truncated=sink.truncated)


# --- txt ----------------------------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, text) of each run of non-blank lines; 1-based."""
    start: int | None = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            yield start, number - 1, "\n".join(lines[start - 1 : number - 1])
            start = None


def extract_txt(text: str, *, sink: SectionSink) -> Extraction:
    """Paragraph sections with line ranges."""
    parts: list[str] = []
    first = last = 0
    for start, end, paragraph in _paragraphs(split_lines(text)):
        if parts and sum(map(len, parts)) + len(paragraph) > PARAGRAPH_CHARS:
            sink.add(TextSection(text="\n\n".join(parts), line_start=first, line_end=last))
            parts = []
        if sink.full:
            break
        if not parts:
            first = start
        parts.append(paragraph)
        last = end
    if parts:
        sink.add(TextSection(text="\n\n".join(parts), line_start=first, line_end=last))
    return Extraction(sections=sink.sections, truncated=sink.truncated)


# --- csv ----------------------------------------------------------------------------------------


def sniff_delimiter(text: str, *, file_name: str) -> str:
    """Tab for `.tsv`; else the first delimiter giving one ≥ 2 column count on the first records."""
    if file_name.lower().endswith(".tsv"):
        return "\t"
    head = "\n".join(split_lines(text)[: SNIFF_RECORDS * 4])
    for delimiter in DELIMITERS:
        records = [row for row in csv.reader(io.StringIO(head), delimiter=delimiter) if row][:SNIFF_RECORDS]
        widths = {len(row) for row in records}
        if len(widths) == 1 and widths.pop() >= 2:
            return delimiter
    return ","


def extract_csv(
    text: str, *, sink: SectionSink, file_name: str, max_rows: int, max_cell_bytes: int
) -> Extraction:
    """Row blocks of the one sheet (named after the file), header repeated, record numbers 1-based."""
    csv.field_size_limit(max(csv.field_size_limit(), max_cell_bytes))
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text, file_name=file_name))
    add_row_blocks(sink, enumerate(reader, start=1), sheet=file_name, hidden=False, max_rows=max_rows)
    return Extraction(sections=sink.sections, truncated=sink.truncated, sheet_names=[file_name])
