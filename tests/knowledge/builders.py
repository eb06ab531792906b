"""Small, readable builders for knowledge tests: people, channels, messages, issues, documents, docs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chiefops.knowledge import DocPart, Source, SourceDoc
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.knowledge.render.context import RenderContext
from chiefops.models import (
    Channel,
    ChannelType,
    Document,
    ExtractedText,
    Message,
    MessageSource,
    OptOutKind,
    OptOutTag,
    Person,
    Project,
    Task,
    TaskSource,
    TextSection,
)

UTC_ZONE = ZoneInfo("UTC")
AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ALPHA = "11111111-1111-4111-8111-111111111111"
BETA = "22222222-2222-4222-8222-222222222222"
RAJ, MARIA, PRIYA, AMIT, KEVIN, JIRABOT, SLACKBOT = (
    "p-raj",
    "p-maria",
    "p-priya",
    "p-amit",
    "p-kevin",
    "p-jirabot",
    "p-slackbot",
)


def at(day: str, hhmm: str = "09:00") -> datetime:
    """`at("2026-11-12", "14:03")` → an aware UTC datetime."""
    return datetime.fromisoformat(f"{day}T{hhmm}:00+00:00")


def ts_of(moment: datetime, seq: int = 0) -> str:
    """A Slack ts string for a moment (microseconds carry a sequence number)."""
    return f"{int(moment.timestamp())}.{seq:06d}"


def person(person_id: str, name: str, *, is_bot: bool = False, is_deactivated: bool = False) -> Person:
    return Person(
        person_id=person_id,
        name=name,
        role="team_member",
        last_active_date=AS_OF,
        is_bot=is_bot,
        is_deactivated=is_deactivated,
    )


PEOPLE = [
    person(RAJ, "Raj Patel"),
    person(MARIA, "Maria Garcia"),
    person(PRIYA, "Priya Sharma"),
    person(AMIT, "Amit Kumar"),
    person(KEVIN, "Kevin O'Brien", is_deactivated=True),
    person(JIRABOT, "jira-bot", is_bot=True),
    person(SLACKBOT, "Slackbot", is_bot=True),
]
NAMES = {p.person_id: p.name for p in PEOPLE}
PROJECTS = [
    Project(
        project_id=ALPHA, name="Project Alpha", jira_project_keys=["ALPHA"], slack_channels=["alpha-dev"]
    ),
    Project(project_id=BETA, name="Project Beta", jira_project_keys=["BETA"], slack_channels=["proj-beta"]),
]


def tag(kind: str, value: str, *, regex: bool = False) -> OptOutTag:
    return OptOutTag(kind=OptOutKind(kind), value=value, regex=regex, reason="test")


def context(*tags: OptOutTag) -> RenderContext:
    return RenderContext.build(
        zone=UTC_ZONE, matcher=OptOutMatcher.from_tags(tags), people=PEOPLE, projects=PROJECTS
    )


def channel(
    channel_id: str = "C0ALPHADEV", name: str = "alpha-dev", project_id: str | None = ALPHA
) -> Channel:
    return Channel(channel_id=channel_id, name=name, project_id=project_id)


def message(
    text: str,
    *,
    when: datetime,
    author: str = RAJ,
    seq: int = 0,
    chan: Channel | None = None,
    thread_ts: str | None = None,
    **fields: Any,
) -> Message:
    chan = chan or channel()
    ts = ts_of(when, seq)
    return Message(
        source=MessageSource.SLACK,
        channel=chan.name,
        channel_type=ChannelType.PUBLIC,
        project_id=chan.project_id,
        timestamp=when,
        author=author,
        text=text,
        natural_key=f"slack:{chan.channel_id}:{ts}",
        channel_id=chan.channel_id,
        slack_ts=ts,
        thread_ts=thread_ts,
        thread_id=f"slack:{chan.channel_id}:{thread_ts}" if thread_ts else None,
        is_reply=thread_ts is not None and thread_ts != ts,
        **fields,
    )


def thread(
    texts: Sequence[str],
    *,
    start: datetime,
    chan: Channel | None = None,
    authors: Sequence[str] = (RAJ, MARIA),
) -> list[Message]:
    """A parent and replies a minute apart, authors taking turns."""
    parent_ts = ts_of(start)
    return [
        message(
            text,
            when=start + timedelta(minutes=n),
            seq=0,
            author=authors[n % len(authors)],
            chan=chan,
            thread_ts=parent_ts,
            is_thread_parent=n == 0 and len(texts) > 1,
            reply_count=len(texts) - 1 if n == 0 else 0,
        )
        for n, text in enumerate(texts)
    ]


def task(key: str = "ALPHA-142", summary: str = "Configure push notifications", **fields: Any) -> Task:
    values: dict[str, Any] = {
        "source": TaskSource.JIRA,
        "jira_key": key,
        "natural_key": f"jira:{key}",
        "project_id": ALPHA,
        "summary": summary,
        "status": "In Progress",
        "issue_type": "Story",
        "priority": "High",
        "assignees": [PRIYA],
        "reporter": AMIT,
        "created_date": at("2026-10-01"),
        "updated_date": at("2026-11-20"),
        "due_date": at("2026-12-01"),
    }
    values.update(fields)
    return Task(**values)


def comment(key: str, text: str, *, author: str, when: datetime, n: int = 0) -> Message:
    return Message(
        source=MessageSource.JIRA_COMMENT,
        channel=key,
        channel_type=ChannelType.PUBLIC,
        project_id=ALPHA,
        timestamp=when,
        author=author,
        text=text,
        natural_key=f"jira:{key}:c:{n:016x}",
    )


def document(path: str = "Project Gamma/Gamma Cutover Plan.docx", **fields: Any) -> Document:
    folder, _, name = path.rpartition("/")
    values: dict[str, Any] = {
        "document_id": f"doc-{name.split('.')[0].replace(' ', '-').lower()}",
        "file_name": name,
        "file_type": "application/octet-stream",
        "file_size": 1000,
        "owner": RAJ,
        "created_date": at("2026-09-01"),
        "modified_date": at("2026-11-02"),
        "folder_path": f"drive/{folder}".rstrip("/"),
        "natural_key": f"drive:drive/{path}",
        "title": name.rsplit(".", 1)[0],
        "project_id": None,
    }
    values.update(fields)
    return Document(**values)


def extracted(doc: Document, sections: Iterable[TextSection]) -> ExtractedText:
    return ExtractedText(
        natural_key=doc.natural_key or "",
        document_id=doc.document_id,
        title=doc.title or doc.file_name,
        file_name=doc.file_name,
        file_type=doc.file_type,
        sections=list(sections),
    )


def words(n: int, *, seed: str = "alpha") -> str:
    """`n` distinct-looking words (no sentence ends), for size-driven tests."""
    return " ".join(f"{seed}{i}" for i in range(n))


def _slack_ref(source: Source, when: datetime) -> dict[str, Any]:
    if source is not Source.SLACK:
        return {}
    return {"ref": ts_of(when), "locator": {"message_ts": ts_of(when)}}


def simple_doc(
    key: str,
    body: str,
    *,
    title: str = "A note",
    source: Source = Source.SLACK,
    project_id: str | None = ALPHA,
    ts_end: datetime = AS_OF,
    ts_start: datetime | None = None,
    authors: Sequence[str] = (RAJ,),
    locator: dict[str, Any] | None = None,
) -> SourceDoc:
    """A one-part doc for index, filter and ranking tests."""
    return SourceDoc(
        doc_key=key,
        source=source,
        project_id=project_id,
        title=title,
        header_facts="Test doc",
        fit_whole=True,
        ts_start=ts_start or ts_end,
        ts_end=ts_end,
        authors=list(authors),
        locator=locator if locator is not None else {"channel": "alpha-dev", "channel_id": "C0ALPHADEV"},
        parts=[
            DocPart(
                text=body,
                ts=ts_end,
                author=authors[0] if authors else None,
                author_name=NAMES.get(authors[0]) if authors else None,
                **_slack_ref(source, ts_end),
            )
        ],
    )
