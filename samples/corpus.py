"""The produced world read back into one structure the self-check rules work on.

Jira rows become `Task`s with the 02 §5.5 status categories and 04 §3's one blocker definition; Slack
messages keep their raw fields; people are indexed by every source id truth.json gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from samples.readers import DriveDoc, JiraData, Message, SlackData, read_drive, read_jira, read_slack
from samples.timeline import parse_jira_datetime, ts_datetime

JsonObj = dict[str, object]
JIRA_KEY = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b")
_CATEGORY = {
    "to do": "to_do",
    "todo": "to_do",
    "open": "to_do",
    "backlog": "to_do",
    "reopened": "to_do",
    "in progress": "in_progress",
    "in review": "in_progress",
    "code review": "in_progress",
    "review": "in_progress",
    "qa": "in_progress",
    "testing": "in_progress",
    "blocked": "blocked",
    "impediment": "blocked",
    "on hold": "blocked",
    "waiting": "blocked",
    "waiting for customer": "blocked",
    "done": "done",
    "closed": "done",
    "resolved": "done",
    "released": "done",
    "won't do": "cancelled",
    "won't fix": "cancelled",
    "cancelled": "cancelled",
    "duplicate": "cancelled",
}
HIGH = frozenset({"Blocker", "Highest", "Critical", "High"})


@dataclass(slots=True)
class Task:
    key: str
    project: str
    summary: str
    description: str
    issue_type: str
    status: str
    category: str
    priority: str
    assignee_id: str
    reporter_id: str
    created: datetime
    updated: datetime
    resolved: datetime | None
    labels: list[str]
    flagged: bool
    blocked_by: list[str]
    comments: list[tuple[datetime, str, str]]
    sprints: list[str]

    @property
    def is_open(self) -> bool:
        return self.category in {"to_do", "in_progress", "blocked"}

    def text(self) -> str:
        return "\n".join([self.summary, self.description, *(c[2] for c in self.comments)])


@dataclass(slots=True)
class Corpus:
    out_dir: Path
    truth: JsonObj
    slack: SlackData
    jira: JiraData
    drive: list[DriveDoc]
    tasks: dict[str, Task] = field(default_factory=dict)
    user_by_id: dict[str, JsonObj] = field(default_factory=dict)
    channel_id_to_name: dict[str, str] = field(default_factory=dict)
    person_by_slack: dict[str, str] = field(default_factory=dict)  # slack id -> canonical name
    person_by_account: dict[str, str] = field(default_factory=dict)  # jira account id -> canonical name

    @property
    def as_of(self) -> date:
        return date.fromisoformat(str(self.truth["as_of"]))

    def is_blocked(self, task: Task) -> bool:
        """04 §3's one definition: category blocked, Flagged, an unresolved "is blocked by" link, or label."""
        if not task.is_open:
            return False
        unresolved = any(k in self.tasks and self.tasks[k].is_open for k in task.blocked_by)
        return task.category == "blocked" or task.flagged or unresolved or "blocked" in task.labels

    def project_messages(self, channels: list[str]) -> list[Message]:
        return [m for name in channels for m in self.slack.messages.get(name, [])]

    def items(self, key: str) -> list[JsonObj]:
        """A list section of truth.json (identities, projects, gaps …)."""
        value = self.truth[key]
        if not isinstance(value, list):
            raise TypeError(f"truth.json {key!r} is not a list")
        return value

    def identities(self) -> list[JsonObj]:
        return self.items("identities")

    def identity(self, name: str) -> JsonObj:
        return next(i for i in self.identities() if i["person"] == name)


def _comment(cell: str) -> tuple[datetime, str, str]:
    when, author, body = cell.split(";", 2)
    return parse_jira_datetime(when), author, body


def _tasks(jira: JiraData) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for row in jira.rows:
        v = jira.value
        status = v(row, "Status")
        resolved = v(row, "Resolved")
        tasks[v(row, "Issue key")] = Task(
            key=v(row, "Issue key"),
            project=v(row, "Project key"),
            summary=v(row, "Summary"),
            description=v(row, "Description"),
            issue_type=v(row, "Issue Type"),
            status=status,
            category=_CATEGORY.get(status.lower(), "to_do"),
            priority=v(row, "Priority"),
            assignee_id=v(row, "Assignee Id"),
            reporter_id=v(row, "Reporter Id"),
            created=parse_jira_datetime(v(row, "Created")),
            updated=parse_jira_datetime(v(row, "Updated")),
            resolved=parse_jira_datetime(resolved) if resolved else None,
            labels=jira.values(row, "Labels"),
            flagged=bool(v(row, "Custom field (Flagged)")),
            blocked_by=jira.values(row, "Inward issue link (Blocks)"),
            comments=[_comment(c) for c in jira.values(row, "Comment")],
            sprints=jira.values(row, "Sprint"),
        )
    return tasks


def load_corpus(out_dir: Path) -> Corpus:
    truth = orjson.loads((out_dir / "truth.json").read_bytes())
    slack = read_slack(out_dir / "exports/slack/lumen-labs-slack-export.zip")
    jira = read_jira(out_dir / "exports/jira/lumen-labs-jira.csv")
    corpus = Corpus(
        out_dir=out_dir, truth=truth, slack=slack, jira=jira, drive=read_drive(out_dir / "exports/drive")
    )
    corpus.tasks = _tasks(jira)
    corpus.user_by_id = {str(u["id"]): u for u in slack.users}
    corpus.channel_id_to_name = {str(c["id"]): str(c["name"]) for c in slack.channels}
    for ident in corpus.identities():
        if ident["slack_id"]:
            corpus.person_by_slack[str(ident["slack_id"])] = str(ident["person"])
        if ident["jira_account_id"]:
            corpus.person_by_account[str(ident["jira_account_id"])] = str(ident["person"])
    return corpus


def as_dict(value: object) -> dict[str, object]:
    """A JSON object, typed (export and truth.json values are parsed as plain objects)."""
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def strings(value: object) -> list[str]:
    """A JSON list of strings from truth.json, typed."""
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return [str(v) for v in value]


def msg_time(message: Message) -> datetime:
    return ts_datetime(str(message["ts"]))


def is_reply(message: Message) -> bool:
    thread_ts = message.get("thread_ts")
    return thread_ts is not None and thread_ts != message["ts"]


def is_human(message: Message, corpus: Corpus) -> bool:
    user = corpus.user_by_id.get(str(message.get("user")))
    return bool(user) and not (user or {}).get("is_bot") and "bot_id" not in message


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
