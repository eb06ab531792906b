"""The entities of the world: people, channels and the world that holds them.

A `Person` carries every source identity (Slack id and profile names, email, Jira name and account id,
document author string), so generators and truth.json read one record per human.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from samples import ids
from samples.roster import BOT_KEY, BOT_NAME, Entry
from samples.specs import ProjectSpec

AUTOMATION_KEY = "automation"


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str
    first: str
    last: str
    title: str
    department: str
    slack_id: str | None
    handle: str
    display: str
    slack_real_name: str
    email: str | None
    jira_name: str | None
    jira_account_id: str | None
    doc_author: str | None
    tz: str
    joined: date
    last_active: date | None
    deactivated: bool
    roles: tuple[str, ...]
    teams: tuple[str, ...]
    is_bot: bool = False
    unit: int = 0

    def active_on(self, day: date) -> bool:
        return self.joined <= day and (self.last_active is None or day <= self.last_active)


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    kind: str  # "project", "dev" or an org generator name (general, random, sales …)
    project: str | None
    created: datetime
    creator: str
    topic: str
    purpose: str
    members: tuple[str, ...]  # current members (person keys), as channels.json lists them
    posters: tuple[str, ...]  # who writes here (members minus lurkers)
    joins: tuple[tuple[str, date], ...]  # channel_join events inside the span
    leaves: tuple[tuple[str, date], ...]
    rate: float
    previous_name: str | None = None
    renamed_on: date | None = None
    is_general: bool = False
    unit: int = 0
    authors: tuple[str, ...] = ()  # who starts conversations in an org channel (empty: any poster)


@dataclass(frozen=True, slots=True)
class World:
    seed: int
    scale: int
    people: tuple[Person, ...]
    projects: tuple[ProjectSpec, ...]
    channels: tuple[Channel, ...]
    by_key: dict[str, Person] = field(default_factory=dict)

    def person(self, key: str) -> Person:
        return self.by_key[key]


def make_person(seed: int, e: Entry, unit: int = 0) -> Person:
    handle = e.handle or f"{e.first}.{e.last}".lower().replace("'", "").replace(" ", "")
    email = None if e.email == "-" else (e.email or f"{handle}@{ids.DOMAIN}")
    jira_name = None if e.jira_name == "-" else (e.jira_name or e.name)
    author = email if (e.doc_author == "email" and email) else e.name
    return Person(
        key=e.key,
        name=e.name,
        first=e.first,
        last=e.last,
        title=e.title,
        department=e.department,
        slack_id=ids.slack_user_id(seed, e.key) if e.in_slack else None,
        handle=handle,
        display=e.display,
        slack_real_name=e.slack_real_name or e.name,
        email=email,
        jira_name=jira_name,
        jira_account_id=ids.jira_account_id(seed, e.key) if jira_name else None,
        doc_author=author,
        tz=e.tz,
        joined=e.joined,
        last_active=e.last_active,
        deactivated=e.deactivated,
        roles=e.roles,
        teams=e.teams,
        unit=unit,
    )


def make_bot(seed: int) -> Person:
    return Person(
        key=BOT_KEY,
        name=BOT_NAME,
        first="jira",
        last="bot",
        title="",
        department="",
        slack_id=ids.slack_user_id(seed, BOT_KEY),
        handle=BOT_NAME,
        display="",
        slack_real_name=BOT_NAME,
        email=None,
        jira_name=None,
        jira_account_id=None,
        doc_author=None,
        tz="America/Los_Angeles",
        joined=date(2024, 1, 1),
        last_active=None,
        deactivated=False,
        roles=(),
        teams=(),
        is_bot=True,
    )
