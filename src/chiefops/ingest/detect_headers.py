"""Header rows of tables, and whether they are a Jira export (spec 02 §3 step 5, §5.1).

`jira_header_kind` only needs three fields — key, summary, status — in the five export languages;
the Jira reader (`jira_columns.py`) owns the full column plan. Header rows come from the first CSV
record, the first XLSX row (of rows 1–10) holding ≥ 2 known headers, or the first row of an HTML
table (Jira's "Export Excel" `.xls` is an HTML table).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from chiefops.ingest.workbooks import open_workbook

JiraKind = Literal["jira_csv", "jira_sheet"]

_WRAPPERS = (
    "custom field",
    "campo personalizado",
    "champ personnalise",
    "benutzerdefiniertes feld",
    "campo customizado",
)
_WRAPPED = re.compile(rf"^(?:{'|'.join(_WRAPPERS)})\s*\((.*)\)$")

KEY_HEADERS = frozenset(
    {
        "issue key", "key", "clave de incidencia", "clave de la incidencia", "clave", "cle de ticket",
        "cle du ticket", "cle de la demande", "cle", "vorgangsschlussel", "schlussel", "chave do item",
        "chave da item", "chave do problema", "chave da issue", "chave",
    }
)  # fmt: skip
SUMMARY_HEADERS = frozenset(
    {"summary", "title", "resumen", "titulo", "resume", "titre", "zusammenfassung", "titel", "resumo"}
)
STATUS_HEADERS = frozenset(
    {
        "status", "issue status", "estado", "estado de la incidencia", "etat", "statut", "etat du ticket",
        "vorgangsstatus", "situacao", "status do item",
    }
)  # fmt: skip
_OTHER_KNOWN = frozenset(
    {
        "assignee", "priority", "issue type", "type", "due date", "due", "effort", "effort level", "created",
        "updated", "resolved", "sprint", "labels", "story points", "reporter", "description", "project key",
        "responsable", "prioridad", "priorite", "prioritat", "prioridade", "bearbeiter", "esfuerzo", "aufwand",
    }
)  # fmt: skip
KNOWN_HEADERS = KEY_HEADERS | SUMMARY_HEADERS | STATUS_HEADERS | _OTHER_KNOWN
_XLSX_HEADER_ROWS = 10


def normalize_header(header: str) -> str:
    """Trimmed, accents stripped, case-folded, spaces collapsed, `Custom field (X)` → `x`."""
    decomposed = unicodedata.normalize("NFKD", header)
    plain = " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())
    wrapped = _WRAPPED.match(plain)
    return wrapped.group(1).strip() if wrapped else plain


def jira_header_kind(headers: Sequence[str]) -> JiraKind | None:
    """Key and (summary or status) → `jira_csv`; summary and status without key → `jira_sheet`."""
    names = {normalize_header(header) for header in headers}
    has_key = bool(names & KEY_HEADERS)
    has_summary, has_status = bool(names & SUMMARY_HEADERS), bool(names & STATUS_HEADERS)
    if has_key and (has_summary or has_status):
        return "jira_csv"
    if has_summary and has_status:
        return "jira_sheet"
    return None


def count_known(headers: Sequence[str]) -> int:
    return sum(normalize_header(header) in KNOWN_HEADERS for header in headers)


def xlsx_header(path: Path) -> tuple[list[str], int]:
    """Header row of the first sheet (first of rows 1–10 with ≥ 2 known headers, else row 1) and
    the number of data rows below it."""
    workbook = open_workbook(path, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(min_row=1, max_row=_XLSX_HEADER_ROWS, values_only=True)
        ]
        max_row = sheet.max_row or len(rows)
    finally:
        workbook.close()
    index = next((i for i, row in enumerate(rows) if count_known(row) >= 2), 0)
    header = rows[index] if rows else []
    return header, max(0, max_row - index - 1)


class _FirstTableRow(HTMLParser):
    """Collects the cells of the first row of the first table (Jira's `issuetable` preferred)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[bool, list[str]]] = []
        self._table_depth = 0
        self._preferred = False
        self._want_row = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table_depth += 1
            self._preferred = dict(attrs).get("id") == "issuetable"
            self._want_row = True
        elif tag == "tr" and self._want_row and self._row is None:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.rows.append((self._preferred, self._row))
                self._want_row = False
            self._row = None
        elif tag == "table":
            self._table_depth = max(0, self._table_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_table_header(text: str) -> list[str] | None:
    """Header cells of the `issuetable`, else of the first table; None without a table."""
    parser = _FirstTableRow()
    parser.feed(text)
    parser.close()
    preferred = [row for is_preferred, row in parser.rows if is_preferred]
    if preferred:
        return preferred[0]
    return parser.rows[0][1] if parser.rows else None
