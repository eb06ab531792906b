"""Declarative shapes for what the generator plants: projects, issues, messages, documents, questions.

The planted facts (facts.py, planted_issues.py, anchors.py) are written in these shapes so that the
generators, truth.json and the self-check all read one source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Kind = Literal["mobile_app_launch", "crm_integration", "data_migration", "web_redesign", "internal_tooling"]
QuestionKind = Literal["slack_thread", "slack_day", "jira", "drive"]


@dataclass(frozen=True, slots=True)
class EpicSpec:
    """A work stream; children are created between `first_week` and `last_week` after the project start."""

    name: str
    first_week: int
    last_week: int
    done: bool
    labels: tuple[str, ...] = ()
    due: date | None = None
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """One project: identity, team, and the flow profile its Jira issues must follow."""

    key: str
    name: str
    kind: Kind
    channels: tuple[str, ...]
    folder: str
    deadline: date
    start: date
    topic: str
    purpose: str
    epics: tuple[EpicSpec, ...]
    team: tuple[tuple[str, float], ...]  # assignees and their share of the work
    reporters: tuple[tuple[str, float], ...]
    lead: str
    pm: str
    deciders: tuple[tuple[str, float], ...]  # who posts architecture/design decisions
    reviewers: tuple[tuple[str, float], ...]  # who posts code reviews
    askers: tuple[tuple[str, float], ...]  # who hands out work in chat (always with a Jira key)
    watchers: tuple[str, ...]  # channel members who are not on the team
    done_by_week: tuple[
        int, ...
    ]  # resolved issues per 7-day bucket, k = 0 is the week ending on the as-of day
    open_mix: tuple[tuple[str, int], ...]  # open issues by Jira status, planted ones included
    cancelled: int
    vocab: str
    rates: tuple[tuple[str, float], ...]  # Slack messages per ordinary weekday, per channel
    mood_turns: date | None = None  # from this day the channel's tone worsens (a slipping project)
    planted: bool = True


@dataclass(frozen=True, slots=True)
class IssueSpec:
    """An issue the generator must contain exactly as written (keys are assigned by creation order)."""

    pid: str
    summary: str
    issue_type: str = "Task"
    priority: str = "Medium"
    status: str = "Done"
    assignee: str | None = "?"  # "?" = pick from the team; None = unassigned
    reporter: str | None = None
    labels: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    description: str = ""
    created_on: date | None = None
    resolved_on: date | None = None
    updated_on: date | None = None
    flagged: bool = False
    blocked_by: str | None = None  # pid of the issue that blocks this one
    comments: tuple[tuple[date, str, str], ...] = ()  # (day, author key, body)
    due: date | None = None
    points: float | None = None
    epic: int | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    after_minutes: int
    author: str
    text: str
    broadcast: bool = False


@dataclass(frozen=True, slots=True)
class MessageSpec:
    """A Slack message (and its thread) placed verbatim; `{@key}`, `{#channel}` and `{KEY:pid}` are filled in."""

    pid: str
    channel: str
    at: datetime
    author: str
    text: str
    replies: tuple[Reply, ...] = ()
    reactions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A retrieval question whose answer lives in the named planted units (03 §11)."""

    question: str
    kind: QuestionKind
    project: str | None
    targets: tuple[str, ...]  # "msg:<pid>", "day:<pid>", "issue:<pid>", "doc:<Folder>/<file>"
    answer_contains: str


@dataclass(frozen=True, slots=True)
class DocSpec:
    """A Drive document: where it lives, who wrote it, when, and what it says (sections of paragraphs)."""

    folder: str
    file_name: str
    author: str  # person key
    last_modified_by: str
    created: datetime
    modified: datetime
    title: str
    project: str | None
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    tables: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()  # (sheet or caption, rows)
    notes: tuple[str, ...] = field(default=())  # speaker notes, one per slide

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.file_name}"
