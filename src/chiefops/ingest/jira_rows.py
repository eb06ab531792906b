"""One Jira row → one seed task plus its comments as messages (spec 02 §5.2, §5.3, §5.6, §8).

Every value comes out of the row through the file's `ColumnPlan`; problems confined to one value
(an unreadable due date, a negative estimate) leave that value empty and are counted in the
file's `WarningLog`; problems that leave no usable task (no key, no created date) raise `BadRow`.

Records are validated models, except `SourceEvidence`, built with `model_construct`: its
`jira_data` holds only `str` / `list[str]` by construction, and validating ~40 cells as
`JsonValue` per row would cost as much as the rest of the row (spec 02 §16 budget).
"""

from __future__ import annotations

import functools
import hashlib
import operator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import orjson

from chiefops.ingest.jira_aliases import Col
from chiefops.ingest.jira_cells import (
    JIRA_KEY,
    effort_level,
    first_key,
    is_unassigned,
    linked_keys,
    parse_story_points,
    split_comment,
    split_labels,
    split_sheet_summary,
    split_values,
)
from chiefops.ingest.jira_columns import (
    JIRA_REQUIRED,
    SHEET_REQUIRED,
    RowCells,
    status_category_hint,
)
from chiefops.ingest.jira_dates import BadDate, DateReader
from chiefops.ingest.jira_logs import PeopleLog, StatusLog, WarningLog
from chiefops.ingest.units import UNKNOWN_PERSON_ID, project_ref_id
from chiefops.models import (
    ChannelType,
    InputKind,
    Message,
    MessageSource,
    SourceEvidence,
    StatusCategory,
    Task,
    TaskComment,
    TaskSource,
    derived_id,
    is_task_blocked,
)

SUMMARY_MAX_CHARS = 500
NO_SUMMARY = "(no summary)"


class BadRow(ValueError):
    """The row cannot become a task; `reason` is listed in the file's `bad_rows` message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Mode:
    """What differs between a Jira export (`jira_csv`) and a task sheet (`jira_sheet`)."""

    kind: InputKind
    required: tuple[Col, ...]
    keys_in_summary: bool


JIRA_MODE = Mode(kind=InputKind.JIRA_CSV, required=JIRA_REQUIRED, keys_in_summary=False)
SHEET_MODE = Mode(kind=InputKind.JIRA_SHEET, required=SHEET_REQUIRED, keys_in_summary=True)


@dataclass(frozen=True)
class FileFacts:
    """Per-file constants every row needs."""

    mode: Mode
    job_id: str
    rel_path: str
    dates: DateReader
    inferred_at: datetime
    """created = updated for rows without dates (file time, else data as-of, else now)."""
    keyless_project_key: str | None
    """Project of sheet rows without a key: the file's most common key prefix."""
    file_project_token: str
    """Project of keyless rows when the file has no keys at all (from its name)."""


@dataclass
class FileLogs:
    warnings: WarningLog
    people: PeopleLog
    statuses: StatusLog


class MappedRow(NamedTuple):
    task: Task
    messages: list[Message]


class _Dates(NamedTuple):
    created: datetime
    updated: datetime
    resolved: datetime | None
    due: datetime | None
    inferred: bool


class _Row(NamedTuple):
    cells: RowCells
    where: str
    facts: FileFacts
    logs: FileLogs


def map_row(cells: RowCells, *, where: str, facts: FileFacts, logs: FileLogs) -> MappedRow:
    """The task of one row and a message per comment; `BadRow` when no task can be made."""
    row = _Row(cells, where, facts, logs)
    key, summary = _identity(row)
    dates = _dates(row)
    project_key = key.split("-", 1)[0] if key else facts.keyless_project_key
    project_id = _project_id(project_key or facts.file_project_token)
    comments, messages = _comments(row, key=key, updated=dates.updated, project_id=project_id)
    task = _task(row, key=key, summary=summary, dates=dates, project_key=project_key, comments=comments)
    task.content_hash = task_content_hash(task)
    task.is_blocker = is_task_blocked(task)
    return MappedRow(task, messages)


def _identity(row: _Row) -> tuple[str | None, str]:
    text = row.cells.text(Col.SUMMARY) or ""
    if row.facts.mode.keys_in_summary:
        key, text = split_sheet_summary(text)
        if key is None:
            row.logs.warnings.row("no_key", row.where)
    else:
        key = _jira_key(row.cells.text(Col.KEY))
    if len(text) > SUMMARY_MAX_CHARS:
        row.logs.warnings.row("summary_truncated", f"{row.where} ({key or 'no key'})")
        text = text[:SUMMARY_MAX_CHARS]
    return key, text or NO_SUMMARY


def _jira_key(text: str | None) -> str:
    if text is None:
        raise BadRow("missing issue key")
    key = text.upper()
    if JIRA_KEY.match(key) is None:
        raise BadRow(f"invalid issue key '{text[:40]}'")
    return key


def _dates(row: _Row) -> _Dates:
    created = _created(row)
    updated = _date(row, Col.UPDATED)
    inferred = created is None and updated is None
    created = created or updated or row.facts.inferred_at
    return _Dates(
        created=created,
        updated=updated or created,
        resolved=_date(row, Col.RESOLVED),
        due=_date(row, Col.DUE),
        inferred=inferred,
    )


def _created(row: _Row) -> datetime | None:
    """Jira rows need a readable Created date when the column exists; sheets fall back to file time."""
    if row.facts.mode.keys_in_summary or not row.cells.plan.has(Col.CREATED):
        return _date(row, Col.CREATED)
    cell = row.cells.text(Col.CREATED)
    if cell is None:
        raise BadRow("missing Created date")
    try:
        return row.facts.dates.read(cell)
    except BadDate as bad:
        order = row.facts.dates.order.value.upper()
        why = f"no real day in {order} order" if bad.is_impossible else "not a date"
        raise BadRow(f"Created '{bad.text[:40]}' is {why}") from None


def _date(row: _Row, col: Col) -> datetime | None:
    cell = row.cells.text(col)
    if cell is None:
        return None
    try:
        return row.facts.dates.read(cell)
    except BadDate as bad:
        code = "date_impossible" if bad.is_impossible else "date_unparseable"
        header = row.cells.plan.headers_of(col)[0]
        row.logs.warnings.row(code, f"{row.where} {header} '{bad.text[:40]}'")
        return None


def _person(row: _Row, *, name_col: Col, id_col: Col, at: datetime) -> str | None:
    name = row.cells.text(name_col)
    if name is not None and is_unassigned(name):
        name = None
    source_id = row.cells.text(id_col) or name
    return None if source_id is None else row.logs.people.touch(source_id, name=name, at=at)


def _task(
    row: _Row,
    *,
    key: str | None,
    summary: str,
    dates: _Dates,
    project_key: str | None,
    comments: list[TaskComment],
) -> Task:
    cells, facts = row.cells, row.facts
    natural_key = f"jira:{key}" if key else f"sheet:{facts.rel_path}:{_h16(summary)}"
    raw_status = cells.text(Col.STATUS) or ""
    assignee = _person(row, name_col=Col.ASSIGNEE, id_col=Col.ASSIGNEE_ID, at=dates.updated)
    sprints = [cell.strip() for cell in cells.each(Col.SPRINT)]
    effort = cells.text(Col.EFFORT)
    return Task(
        task_id=derived_id(natural_key),
        source=TaskSource.JIRA,
        jira_key=key,
        project_id=_project_id(project_key or facts.file_project_token),
        jira_project_key=project_key,
        summary=summary,
        description=cells.text(Col.DESCRIPTION) or "",
        status=raw_status,
        status_category=_status_category(row, raw_status, is_resolved=dates.resolved is not None),
        assignees=[assignee] if assignee else [],
        reporter=_person(row, name_col=Col.REPORTER, id_col=Col.REPORTER_ID, at=dates.created),
        priority=cells.text(Col.PRIORITY),
        issue_type=cells.text(Col.ISSUE_TYPE),
        sprint=sprints[-1] if sprints else None,
        sprints=sprints,
        story_points=_story_points(row),
        labels=split_labels(cells.each(Col.LABELS)),
        components=split_values(cells.each(Col.COMPONENTS)),
        fix_versions=split_values(cells.each(Col.FIX_VERSIONS)),
        affects_versions=split_values(cells.each(Col.AFFECTS_VERSIONS)),
        watchers=[cell.strip() for cell in cells.each(Col.WATCHERS)],
        created_date=dates.created,
        updated_date=dates.updated,
        due_date=dates.due,
        resolved_date=dates.resolved,
        dates_inferred=dates.inferred,
        comments=comments,
        flagged=cells.text(Col.FLAGGED) is not None,
        blocked_by_keys=linked_keys(cells.each(Col.BLOCKS_IN)),
        blocking_keys=linked_keys(cells.each(Col.BLOCKS_OUT)),
        epic_link=cells.text(Col.EPIC_LINK),
        parent_key=first_key(cells.each(Col.PARENT_KEY)) or cells.text(Col.PARENT_KEY),
        effort=effort_level(effort) if effort else None,
        source_evidence=SourceEvidence.model_construct(slack_messages=[], jira_data=cells.raw_data()),
        natural_key=natural_key,
        origin=facts.mode.kind,
        origin_path=facts.rel_path,
        ingestion_job_id=facts.job_id,
    )


def _status_category(row: _Row, raw: str, *, is_resolved: bool) -> StatusCategory:
    """§5.5 through `categorize_status`, with the row's Status Category cell as the hint."""
    hint = row.cells.text(Col.STATUS_CATEGORY)
    resolution = row.logs.statuses.categorize(
        raw, hint=status_category_hint(hint) if hint else None, resolved=is_resolved
    )
    return resolution.category


def _story_points(row: _Row) -> float | None:
    text = row.cells.text(Col.STORY_POINTS)
    if text is None:
        return None
    try:
        return parse_story_points(text)
    except ValueError:
        row.logs.warnings.row("story_points_invalid", f"{row.where} '{text[:40]}'")
        return None


def _comments(
    row: _Row, *, key: str | None, updated: datetime, project_id: str
) -> tuple[list[TaskComment], list[Message]]:
    comments: list[TaskComment] = []
    messages: list[Message] = []
    for cell in row.cells.each(Col.COMMENTS):
        author_token, comment = _comment(row, cell, updated=updated)
        comments.append(comment)
        if key is not None:
            messages.append(_comment_message(row, key, author_token, comment, project_id=project_id))
    return comments, messages


def _comment(row: _Row, cell: str, *, updated: datetime) -> tuple[str, TaskComment]:
    """(author as written, comment); an unparseable cell is one comment by `unknown` at `updated`."""
    parts = split_comment(cell)
    if parts is not None:
        try:
            date = row.facts.dates.read(parts.date_text)
        except BadDate:
            parts = None
    if parts is None:
        row.logs.warnings.row("comment_unparsed", f"{row.where} '{cell[:40]}'")
        return "unknown", TaskComment(author=UNKNOWN_PERSON_ID, text=cell, date=updated)
    if not parts.author:
        return "unknown", TaskComment(author=UNKNOWN_PERSON_ID, text=parts.body, date=date)
    author = row.logs.people.touch(parts.author, name=None, at=date)
    return parts.author, TaskComment(author=author, text=parts.body, date=date)


def _comment_message(
    row: _Row, key: str, author_token: str, comment: TaskComment, *, project_id: str
) -> Message:
    """§5.2: natural key `jira:<KEY>:c:<16 hex of sha256(date|author|body)>`, which is also its hash."""
    natural_key = f"jira:{key}:c:{_h16(f'{comment.date.isoformat()}|{author_token}|{comment.text}')}"
    return Message(
        message_id=derived_id(natural_key),
        source=MessageSource.JIRA_COMMENT,
        channel=key,
        channel_type=ChannelType.PUBLIC,
        project_id=project_id,
        timestamp=comment.date,
        author=comment.author,
        text=comment.text,
        natural_key=natural_key,
        origin=row.facts.mode.kind,
        origin_path=row.facts.rel_path,
        content_hash=natural_key,
        ingestion_job_id=row.facts.job_id,
    )


@functools.lru_cache(maxsize=4096)
def _project_id(prefix: str) -> str:
    return project_ref_id(prefix)


def _h16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


HASHED_FIELDS: tuple[str, ...] = (
    "source", "jira_key", "project_id", "jira_project_key", "summary", "description", "status", "status_category",
    "assignees", "reporter", "priority", "issue_type", "sprint", "sprints", "story_points", "labels", "components",
    "fix_versions", "affects_versions", "watchers", "created_date", "updated_date", "due_date", "resolved_date",
    "dates_inferred", "flagged", "blocked_by_keys", "blocking_keys", "epic_link", "parent_key", "effort",
    "natural_key",
)  # fmt: skip
"""Mapped fields of a task; with its comments and raw cells they make its content hash (§8)."""


def task_content_hash(task: Task) -> str:
    """§8: sha256 of canonical orjson (sorted keys) over every mapped field, the comments and the raw
    cells. Ids, bookkeeping and what the writer derives (blocked_by, is_blocking, transitions) are out.
    The mapped fields go in as one array in `HASHED_FIELDS` order (a fixed order is as canonical as
    sorted keys, and cheaper on the hot path)."""
    values = _HASHED_VALUES(task.__dict__)
    comments = [(c.date, c.author, c.text) for c in task.comments]
    payload = orjson.dumps([values, comments, task.source_evidence.jira_data], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(payload).hexdigest()


_HASHED_VALUES = operator.itemgetter(*HASHED_FIELDS)
