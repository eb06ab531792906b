"""A Jira issue with its comments → one document `jira:<KEY>` (spec 03 §3.2).

Chunk 0 holds the field block and the description; comments follow in time order as
`[2026-11-20] Amit Kumar: <text>`, bot and automation comments dropped. When the issue does not fit
one chunk, later chunks open with `ALPHA-142 · Configure push notifications · In Progress`. Missing
fields are omitted, never printed as `None`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chiefops.knowledge.models import DocPart, Source, SourceDoc
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.text import clip, format_day
from chiefops.models import Message, Task

AUTOMATION_AUTHORS = frozenset({"automation for jira", "jira-bot", "jira automation", "system"})


def issue_key(jira_key: str) -> str:
    return f"jira:{jira_key}"


def _line(*fields: tuple[str, object]) -> str:
    """`Label: value` pairs joined by ` · `, skipping empty values."""
    shown = []
    for label, value in fields:
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        shown.append(f"{label}: {value}" if label else str(value))
    return " · ".join(shown)


def _points(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _day(moment: datetime | None, ctx: RenderContext) -> str | None:
    return format_day(moment, ctx.zone) if moment else None


def _field_block(task: Task, ctx: RenderContext) -> str:
    exact = not task.dates_inferred
    lines = [
        _line(
            ("Key", task.jira_key),
            ("Type", task.issue_type),
            ("Status", task.status),
            ("Priority", task.priority),
        ),
        _line(
            ("Assignee", [ctx.name(a) for a in task.assignees]),
            ("Reporter", ctx.name(task.reporter) if task.reporter else None),
            ("Sprint", task.sprint),
            ("Points", _points(task.story_points)),
        ),
        _line(
            ("Labels", task.labels),
            ("Components", task.components),
            ("Parent", task.parent_key or task.epic_link),
        ),
        _line(
            ("Created", _day(task.created_date, ctx) if exact else None),
            ("Updated", _day(task.updated_date, ctx) if exact else None),
            ("Due", _day(task.due_date, ctx)),
        ),
    ]
    return "\n".join(line for line in lines if line)


def _comment_parts(
    key: str, comments: Sequence[Message] | None, task: Task, ctx: RenderContext
) -> list[DocPart]:
    rows: list[tuple[datetime, str, str, str]] = []
    if comments is not None:
        for message in comments:
            if message.is_bot:
                continue
            ref = (message.natural_key or message.message_id).removeprefix(f"jira:{key}:")
            rows.append((message.timestamp, message.author, message.text, ref))
    else:
        rows = [(c.date, c.author, c.text, f"c{n}") for n, c in enumerate(task.comments)]
    parts = []
    for when, author, text, ref in sorted(rows, key=lambda r: (r[0], r[3])):
        name = ctx.name(author)
        if not text.strip() or ctx.is_bot(author) or name.casefold() in AUTOMATION_AUTHORS:
            continue
        if ctx.matcher.matches_text(text):
            continue
        parts.append(
            DocPart(
                text=text.strip(),
                prefix=f"[{format_day(when, ctx.zone)}] {name}: ",
                unit="comments",
                ts=when,
                author=author,
                author_name=name,
                ref=ref,
                locator={"comment_id": ref},
            )
        )
    return parts


def _header_facts(task: Task, ctx: RenderContext) -> str:
    """`Project: Project Alpha · Status: In Progress · Assignee: Priya Sharma · Due 2026-12-01`."""
    assignee = ", ".join(ctx.name(a) for a in task.assignees) or None
    facts = [ctx.project_label(task.project_id), _line(("Status", task.status), ("Assignee", assignee))]
    if task.due_date:
        facts.append(f"Due {format_day(task.due_date, ctx.zone)}")
    return " · ".join(f for f in facts if f)


def _meta(key: str, task: Task, authors: Sequence[str], ctx: RenderContext) -> str:
    """FTS `meta`: issue key, project key and name, labels, components, people."""
    names = (ctx.name(a) for a in dict.fromkeys([*task.assignees, *authors]))
    return " ".join(
        [key, key.split("-")[0], *ctx.project_terms(task.project_id), *task.labels, *task.components, *names]
    )


def _opted_out(task: Task, ctx: RenderContext) -> bool:
    """A file tag on the source export, or a pattern in the summary or description, drops the issue."""
    matcher = ctx.matcher
    return (
        matcher.matches_file(task.origin_path)
        or matcher.matches_text(task.summary)
        or matcher.matches_text(task.description)
    )


def render_issue(task: Task, *, comments: Sequence[Message] | None, ctx: RenderContext) -> SourceDoc:
    """The issue document; `comments` are its `jira_comment` messages (None → the task's own list)."""
    key = task.jira_key or (task.natural_key or task.task_id).removeprefix("jira:")
    doc = SourceDoc(
        doc_key=issue_key(key),
        source=Source.JIRA,
        project_id=task.project_id,
        title=f"{key} {task.summary}",
        locator={"issue_key": key},
    )
    if _opted_out(task, ctx):
        return doc.model_copy(update={"skip": "opted_out"})
    parts = [DocPart(text=_field_block(task, ctx), unit="issue", ts=task.created_date, author=task.reporter)]
    if task.description.strip():
        parts.append(
            DocPart(text=f"Description: {task.description.strip()}", unit="issue", ts=task.updated_date)
        )
    parts += _comment_parts(key, comments, task, ctx)
    people = [p.author for p in parts if p.author and not ctx.is_bot(p.author)]
    authors = list(dict.fromkeys(people))
    summary = clip(task.summary, 120)
    return doc.model_copy(
        update={
            "header_title": " · ".join(x for x in (f"Jira {key}", task.issue_type, summary) if x),
            "header_facts": _header_facts(task, ctx),
            "continuation": f"{key} · {summary} · {task.status}",
            "fit_whole": True,
            "ts_start": task.created_date,
            "ts_end": max(p.ts for p in parts if p.ts is not None),
            "authors": authors,
            "meta": _meta(key, task, authors, ctx),
            "parts": parts,
        }
    )
