"""Readers for Jira exports (`jira_csv`) and task sheets (`jira_sheet`) — spec 02 §5.

A file is one unit. Pass 1 (`jira_scan`) picks the encoding (restarting with the next candidate
on a decoding error, §13.1), the tables, the row count and the day/month order; pass 2 maps every
row to a task and its comment messages. Both passes stream, so a 400 MB CSV is never held in
memory. Items come out as they are made; a problem that voids the file raises `UnitFailed`
(possibly after items were yielded: the runner then discards the unit's spool).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath

from chiefops.clock import utc_now
from chiefops.ingest.csvio import MalformedCsv
from chiefops.ingest.jira_aliases import Col
from chiefops.ingest.jira_columns import ColumnPlan, RowCells
from chiefops.ingest.jira_dates import DateReader, OrderDecision, decide_order
from chiefops.ingest.jira_logs import BadRows, PeopleLog, StatusLog, WarningLog
from chiefops.ingest.jira_rows import JIRA_MODE, SHEET_MODE, BadRow, FileFacts, FileLogs, Mode, map_row
from chiefops.ingest.jira_scan import FileScan, UsableTable, is_ignorable, scan_file, usable_tables
from chiefops.ingest.jira_tables import (
    RawRow,
    TableFile,
    estimate_rows,
    is_xlsx,
    looks_like_html,
    open_tables,
)
from chiefops.ingest.textio import (
    UndecodableText,
    file_encodings,
    is_fallback_encoding,
    read_head,
    sniff_delimiter,
)
from chiefops.ingest.units import (
    InputSource,
    MessageItem,
    ParseContext,
    ProgressFn,
    SpoolItem,
    TaskItem,
    UnitDoneItem,
    UnitFailed,
    UnitPlan,
    WarningItem,
)
from chiefops.models import DateOrder, IngestWarning

PROGRESS_EVERY_ROWS = 1_000
BAD_ROW_SHARE_LIMIT = 0.5
_UNDECODABLE = "not text in any supported encoding (UTF-8, UTF-16, UTF-32, cp1252, latin-1)"


class JiraCsvReader:
    """`jira_csv`: Jira CSV (all or current fields), XLSX with a key column, HTML-table `.xls`."""

    mode: Mode = JIRA_MODE

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]:
        return [UnitPlan(key="file", display=source.display, estimate={"rows": estimate_rows(source.path)})]

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]:
        return parse_jira_file(source, ctx, progress, mode=self.mode)


class JiraSheetReader(JiraCsvReader):
    """`jira_sheet`: a CSV/XLSX task list with Summary and Status and no key column (§5.3)."""

    mode: Mode = SHEET_MODE


# --- Pass 1: format, encoding, scan -------------------------------------------------------------


@dataclass(frozen=True)
class _Opened:
    file: TableFile
    scan: FileScan


def _open_and_scan(source: InputSource, ctx: ParseContext, *, mode: Mode, progress: ProgressFn) -> _Opened:
    if source.size_bytes == 0 or source.path.stat().st_size == 0:
        raise UnitFailed("empty_file", "file is empty")
    if is_xlsx(source.path):
        file = TableFile(path=source.path, format="xlsx", max_cell_chars=ctx.max_cell_bytes)
        return _Opened(file, scan_file(file, mode=mode, max_rows=ctx.max_rows, progress=progress))
    for encoding in file_encodings(source.path):
        try:
            file = _text_table_file(source, ctx, encoding=encoding)
            return _Opened(file, _scan_text(file, mode=mode, max_rows=ctx.max_rows, progress=progress))
        except UnicodeDecodeError:
            continue  # §13.1: a decoding error restarts the unit with the next candidate
    raise UnitFailed("undecodable_text", _UNDECODABLE)


def _text_table_file(source: InputSource, ctx: ParseContext, *, encoding: str) -> TableFile:
    try:
        head = read_head(source.path, encoding=encoding)
    except UndecodableText:
        raise UnitFailed("undecodable_text", _UNDECODABLE) from None
    if not head.text.strip():
        raise UnitFailed("empty_file", "file is empty")
    if looks_like_html(head.text):
        return TableFile(
            path=source.path, format="html", encoding=encoding, max_cell_chars=ctx.max_cell_bytes
        )
    delimiter = sniff_delimiter(head.text, is_truncated=head.is_truncated) or _delimiter_by_name(source)
    return TableFile(
        path=source.path,
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        max_cell_chars=ctx.max_cell_bytes,
    )


def _delimiter_by_name(source: InputSource) -> str:
    return "\t" if source.path.suffix.casefold() == ".tsv" else ","


def _scan_text(file: TableFile, *, mode: Mode, max_rows: int, progress: ProgressFn) -> FileScan:
    try:
        return scan_file(file, mode=mode, max_rows=max_rows, progress=progress)
    except MalformedCsv as exc:
        raise UnitFailed("malformed_csv", f"not a well-formed CSV at {exc}; re-export the file") from None


# --- Pass 2: rows → items -----------------------------------------------------------------------


def parse_jira_file(
    source: InputSource, ctx: ParseContext, progress: ProgressFn, *, mode: Mode
) -> Iterator[SpoolItem]:
    """All items of one Jira file or task sheet (see the module docstring)."""
    opened = _open_and_scan(source, ctx, mode=mode, progress=progress)
    default_order = DateOrder(ctx.date_order)
    decision = decide_order(opened.scan.tally, default=default_order)
    facts = _file_facts(source, ctx, mode=mode, scan=opened.scan, decision=decision)
    logs = FileLogs(
        warnings=WarningLog(order_name=facts.dates.order.value.upper()),
        people=PeopleLog(),
        statuses=StatusLog(learned=dict(ctx.status_map)),
    )
    _file_warnings(opened, decision=decision, logs=logs)
    counts = _Counts(rows=opened.scan.total_rows)
    try:
        yield from _map_rows(opened, facts=facts, logs=logs, counts=counts, progress=progress)
    except MalformedCsv as exc:  # pass 1 read the same bytes; only a file changed underneath gets here
        raise UnitFailed("malformed_csv", f"not a well-formed CSV at {exc}; re-export the file") from None
    yield from _closing_items(opened, decision=decision, facts=facts, logs=logs, counts=counts)


def _file_facts(
    source: InputSource, ctx: ParseContext, *, mode: Mode, scan: FileScan, decision: OrderDecision
) -> FileFacts:
    common = scan.prefixes.most_common(1)
    return FileFacts(
        mode=mode,
        job_id=ctx.job_id,
        rel_path=source.rel_path,
        dates=DateReader.for_zone(decision.order, zone_name=ctx.timezone, default=DateOrder(ctx.date_order)),
        inferred_at=_file_time(source, ctx),
        keyless_project_key=common[0][0] if common else None,
        file_project_token=_name_token(source),
    )


def _file_time(source: InputSource, ctx: ParseContext) -> datetime:
    """§5.3: the file's modification time, else the data's as-of, else now."""
    epoch = source.modified_at_epoch if source.modified_at_epoch is not None else ctx.data_as_of_epoch
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else utc_now()


def _name_token(source: InputSource) -> str:
    stem = PurePosixPath(source.rel_path or source.path.name).stem
    return re.sub(r"[^0-9A-Za-z]+", "", stem).upper() or "SHEET"


def _file_warnings(opened: _Opened, *, decision: OrderDecision, logs: FileLogs) -> None:
    encoding = opened.file.encoding
    if encoding is not None and is_fallback_encoding(encoding):
        logs.warnings.add(
            IngestWarning(
                code="encoding_fallback", message=f"not UTF-8: read as {encoding}; check accented characters"
            )
        )
    if decision.warning is not None:
        logs.warnings.add(decision.warning)
    for plan in opened.scan.plans:
        for col in plan.duplicated():
            logs.warnings.add(IngestWarning(code="duplicate_column", message=_duplicate_message(plan, col)))
    for sheet in opened.scan.skipped_sheets:
        logs.warnings.add(
            IngestWarning(code="non_task_sheet", message=f"sheet '{sheet}' skipped: no task columns in it")
        )


def _duplicate_message(plan: ColumnPlan, col: Col) -> str:
    positions = plan.positions[col]
    names = {plan.header[i] for i in positions}
    columns = " and ".join(str(i + 1) for i in positions)
    if len(names) == 1:
        where = f"'{plan.header[positions[0]]}' is in columns {columns}"
    else:
        where = (
            " and ".join(f"'{plan.header[i]}' (column {i + 1})" for i in positions) + " carry the same field"
        )
    return f"{where}; the first non-empty value is used"


@dataclass
class _Counts:
    rows: int
    tasks: int = 0
    comments: int = 0
    done: int = 0
    bad: BadRows = field(default_factory=BadRows)


def _map_rows(
    opened: _Opened, *, facts: FileFacts, logs: FileLogs, counts: _Counts, progress: ProgressFn
) -> Iterator[SpoolItem]:
    seen: set[str] = set()
    with open_tables(opened.file) as tables:
        for usable in usable_tables(tables, mode=facts.mode):
            for row in usable.table.rows:
                if not row.is_too_large and is_ignorable(row.cells):
                    continue
                counts.done += 1
                if counts.done % PROGRESS_EVERY_ROWS == 0:
                    progress(
                        counts.done, counts.rows, f"Mapping tasks ({counts.done:,}/{counts.rows:,} rows)"
                    )
                try:
                    yield from _row_items(
                        row, usable, file=opened.file, facts=facts, logs=logs, seen=seen, counts=counts
                    )
                except BadRow as exc:
                    counts.bad.add(usable.table.where(row.line), exc.reason)
    progress(counts.done, counts.rows, f"Mapped {counts.tasks:,} tasks from {counts.done:,} rows")


def _row_items(
    row: RawRow,
    usable: UsableTable,
    *,
    file: TableFile,
    facts: FileFacts,
    logs: FileLogs,
    seen: set[str],
    counts: _Counts,
) -> Iterator[SpoolItem]:
    table = usable.table
    if row.is_too_large:
        logs.warnings.row("cell_too_large", table.where(row.line))
        raise BadRow(f"a cell is larger than {_size(file.max_cell_chars)} (setting CHIEFOPS_MAX_CELL_MB)")
    if table.is_csv and len(row.cells) != len(table.header):
        raise BadRow(f"{len(row.cells)} cells where the header has {len(table.header)}")
    mapped = map_row(RowCells(usable.plan, row.cells), where=table.where(row.line), facts=facts, logs=logs)
    natural_key = mapped.task.natural_key or ""
    if natural_key in seen:
        raise BadRow(f"{mapped.task.jira_key or 'the same summary'} appears again (the first row is kept)")
    seen.add(natural_key)
    counts.tasks += 1
    counts.comments += len(mapped.messages)
    yield TaskItem(doc=mapped.task)
    for message in mapped.messages:
        yield MessageItem(doc=message)


def _size(chars: int) -> str:
    mib = 1024 * 1024
    return f"{chars // mib} MB" if chars >= mib else f"{chars // 1024} KB"


def _closing_items(
    opened: _Opened, *, decision: OrderDecision, facts: FileFacts, logs: FileLogs, counts: _Counts
) -> Iterator[SpoolItem]:
    bad = counts.bad
    if bad.count > BAD_ROW_SHARE_LIMIT * counts.done:
        what = "a Jira export" if facts.mode is JIRA_MODE else "a task sheet"
        raise UnitFailed(
            "too_many_bad_rows",
            f"does not look like {what}: {bad.count} of {counts.done} rows are malformed, e.g. {bad.examples[0]}",
        )
    yield from logs.people.items(fallback_at=facts.inferred_at)
    yield from logs.statuses.items()
    unmapped = logs.statuses.warning()
    if unmapped is not None:
        logs.warnings.add(unmapped)
    for warning in logs.warnings.warnings():
        yield WarningItem(warning=warning)
    yield UnitDoneItem(
        status="partial" if bad.count else "ingested",
        code="bad_rows" if bad.count else None,
        reason=bad.reason(total=counts.done) if bad.count else None,
        encoding=opened.file.encoding,
        date_order=decision.order.value if decision.order else None,
        counts={
            "rows": counts.done,
            "tasks": counts.tasks,
            "comments": counts.comments,
            "people": len(logs.people),
            "bad_rows": bad.count,
        },
    )
