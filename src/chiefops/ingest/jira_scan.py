"""Pass 1 over a Jira file: choose its tables, count rows, collect the evidence for its date order.

Day/month order is a property of the whole file (spec 02 §5.4), so every numeric date — comment
dates included — is seen before any row is mapped. The pass streams; it keeps counts only. It
also enforces what voids a file before anything is mapped: missing required columns, more rows
than `MAX_ROWS`, no data rows at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from chiefops.ingest.jira_aliases import Col
from chiefops.ingest.jira_cells import comment_date_text, split_sheet_summary
from chiefops.ingest.jira_columns import DATE_COLUMNS, ColumnPlan, build_plan
from chiefops.ingest.jira_dates import OrderTally
from chiefops.ingest.jira_rows import Mode
from chiefops.ingest.jira_tables import SkippedSheet, Table, TableFile, open_tables
from chiefops.ingest.units import ProgressFn, UnitFailed

FOUND_HEADERS_SHOWN = 15
PROGRESS_EVERY_ROWS = 10_000
FOOTER_PREFIX = "Generated at"
_DISPLAY: dict[Col, str] = {Col.KEY: "Issue key", Col.SUMMARY: "Summary", Col.STATUS: "Status"}


@dataclass(frozen=True)
class UsableTable:
    table: Table
    plan: ColumnPlan


@dataclass
class FileScan:
    """What pass 1 learned: data rows per usable table, date-order evidence, key prefixes."""

    rows: list[int] = field(default_factory=list)
    tally: OrderTally = field(default_factory=OrderTally)
    prefixes: Counter[str] = field(default_factory=Counter)
    skipped_sheets: list[str] = field(default_factory=list)
    plans: list[ColumnPlan] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows)


def is_ignorable(cells: Sequence[str]) -> bool:
    """Blank rows (`,,,,`) and an export footer (`Generated at … by …`) are not data."""
    if not any(cells):
        return True
    if cells[0].startswith(FOOTER_PREFIX) and not any(cells[1:]):
        return True
    return all(not cell.strip() for cell in cells)


def usable_tables(
    tables: Iterator[Table | SkippedSheet], *, mode: Mode, skipped: list[str] | None = None
) -> Iterator[UsableTable]:
    """The tables holding the mode's required columns; `missing_columns` when there are none.

    A sheet without them is appended to `skipped` (warning `non_task_sheet`).
    """
    first_header: tuple[str, ...] | None = None
    found_any = False
    for table in tables:
        if isinstance(table, SkippedSheet):
            _note(skipped, table.sheet)
            continue
        plan = build_plan(table.header)
        first_header = first_header or plan.header
        if plan.missing(mode.required) and table.sheet is not None:
            _note(skipped, table.sheet)
            continue
        if plan.missing(mode.required):
            break
        found_any = True
        yield UsableTable(table=table, plan=plan)
    if not found_any:
        raise missing_columns(mode=mode, header=first_header)


def _note(skipped: list[str] | None, sheet: str) -> None:
    if skipped is not None:
        skipped.append(sheet)


def missing_columns(*, mode: Mode, header: tuple[str, ...] | None) -> UnitFailed:
    """§13: "missing column(s): Status; found: Issue key, Summary, …" (first 15 headers)."""
    if header is None:
        return UnitFailed("missing_columns", "no header row with Jira columns found (looked at rows 1–10)")
    plan = build_plan(header)
    missing = ", ".join(_DISPLAY[col] for col in plan.missing(mode.required))
    shown = [name for name in header if name][:FOUND_HEADERS_SHOWN]
    more = ", …" if len([name for name in header if name]) > FOUND_HEADERS_SHOWN else ""
    return UnitFailed("missing_columns", f"missing column(s): {missing}; found: {', '.join(shown)}{more}")


def scan_file(file: TableFile, *, mode: Mode, max_rows: int, progress: ProgressFn) -> FileScan:
    """Pass 1. Raises `UnitFailed` (missing_columns, too_many_rows, empty_file) and lets format
    errors through (`MalformedCsv`, `UnicodeDecodeError`) for the caller to classify."""
    scan = FileScan()
    with open_tables(file) as tables:
        for usable in usable_tables(tables, mode=mode, skipped=scan.skipped_sheets):
            scan.plans.append(usable.plan)
            scan.rows.append(_scan_table(usable, scan=scan, mode=mode, max_rows=max_rows, progress=progress))
    if scan.total_rows == 0:
        raise UnitFailed("empty_file", "file is empty")
    return scan


def _scan_table(
    usable: UsableTable, *, scan: FileScan, mode: Mode, max_rows: int, progress: ProgressFn
) -> int:
    plan = usable.plan
    dates = [i for col in DATE_COLUMNS for i in plan.positions.get(col, ())]
    comments = list(plan.positions.get(Col.COMMENTS, ()))
    summaries = list(plan.positions.get(Col.SUMMARY, ())) if mode.keys_in_summary else []
    tally, rows = scan.tally, 0
    for row in usable.table.rows:
        cells = row.cells
        if row.is_too_large or is_ignorable(cells):
            rows += row.is_too_large
            continue
        rows += 1
        if rows > max_rows:
            raise too_many_rows(max_rows)
        if rows % PROGRESS_EVERY_ROWS == 0:
            progress(scan.total_rows + rows, None, f"Reading rows ({scan.total_rows + rows:,} rows)")
        width = len(cells)
        for i in dates:
            if i < width and (cell := cells[i]):
                tally.add(cell)
        for i in comments:
            if i < width and (cell := cells[i]):
                tally.add(comment_date_text(cell))
        for i in summaries:
            if i < width:
                key, _ = split_sheet_summary(cells[i])
                if key:
                    scan.prefixes[key.split("-", 1)[0]] += 1
    return rows


def too_many_rows(max_rows: int) -> UnitFailed:
    return UnitFailed(
        "too_many_rows",
        f"more than {max_rows:,} data rows (limit MAX_ROWS = {max_rows:,}, setting CHIEFOPS_MAX_ROWS); "
        "split the export or raise the limit",
        recoverable=True,
    )
