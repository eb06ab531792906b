"""Deadline, milestones, members and roles in a project (spec 04 §2.5–2.6) — pure.

Deadline, first available: a COO fact; the newest dated statement ("deadline", "launch", "go-live",
"ship by" + a date) in a channel topic or message; the latest due date of a Release or Launch epic or
task. Milestones are dated epics, their status taken from their tasks. Members are recent assignees,
frequent posters and recent document owners; the member with the highest project-local leadership
score among tech leads, architects and engineering managers is the project's tech lead, unless the
COO named someone else — then the previous holder loses the role.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from chiefops.intel.corrections import Correction, is_true, parse_day
from chiefops.intel.features import MessageFeatures
from chiefops.intel.projects import ProjectsConfig
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.text_signals import deadline_dates
from chiefops.models import Channel, Document, Milestone, MilestoneStatus, StatusCategory, Task

LEAD_ROLES = ("tech_lead", "architect", "engineering_manager")
PM_ROLES = ("product_manager", "project_manager")
RELEASE_WORDS = ("release", "launch", "go-live", "go live", "cutover")


@dataclass(frozen=True)
class DatedStatement:
    day: date
    said_at: datetime
    ref: str
    label: str
    excerpt: str
    basis: str


@dataclass(frozen=True)
class Member:
    person_id: str
    role_in_project: str
    reasons: tuple[str, ...]
    leadership: float = 0.0
    set_by_coo: bool = False


@dataclass(frozen=True)
class Contradiction:
    """A COO lead correction the data still disagrees with (04 §1.5: it wins, and is reported once):
    the replaced holder's project-local leadership score and counts, and the fact that replaced them."""

    fact_id: str
    project_id: str
    person_id: str
    named_id: str
    leadership: float
    counts: tuple[tuple[str, int], ...]


@dataclass
class ProjectPeople:
    members: list[Member] = field(default_factory=list)
    previous_tech_lead: str | None = None
    tech_lead: str | None = None
    contradictions: list[Contradiction] = field(default_factory=list)


def deadline_statements(
    *,
    channels: Sequence[Channel],
    messages: Sequence[MessageRow],
    features: Mapping[str, MessageFeatures],
    as_of: datetime,
) -> list[DatedStatement]:
    """Dated deadline statements of a project's channels: topics (in effect now) and messages."""
    found: list[DatedStatement] = []
    for channel in channels:
        for day in deadline_dates(f"{channel.topic} · {channel.purpose}", said_at=channel.created or as_of):
            found.append(
                DatedStatement(
                    day,
                    as_of,
                    f"channel:{channel.name}",
                    f"#{channel.name} topic",
                    channel.topic[:200],
                    "channel topic",
                )
            )
    for m in messages:
        feats = features.get(m.message_id)
        for iso in feats.dates if feats else ():
            label = f"#{m.channel} {m.at:%Y-%m-%d %H:%M}"
            found.append(
                DatedStatement(
                    date.fromisoformat(iso),
                    m.at,
                    m.natural_key,
                    label,
                    feats.excerpt if feats else "",
                    "message",
                )
            )
    return sorted(found, key=lambda s: (s.said_at, s.day, s.ref))


def _is_release(task: Task) -> bool:
    text = f"{task.summary} {' '.join(task.labels)} {task.issue_type or ''}".lower()
    return any(w in text for w in RELEASE_WORDS)


def pick_deadline(
    *, fact: Correction | None, statements: Sequence[DatedStatement], tasks: Sequence[Task]
) -> tuple[date | None, str, str | None]:
    """(deadline, basis sentence, evidence ref) by 04 §2.5's order."""
    if fact is not None and (day := parse_day(fact.value)) is not None:
        return day, f"set by COO ({fact.label})", f"fact:{fact.fact_id}"
    if statements:
        newest = statements[-1].said_at
        chosen = max((s for s in statements if s.said_at == newest), key=lambda s: (s.day, s.ref))
        return chosen.day, f'{chosen.basis} {chosen.label}: "{chosen.excerpt[:120]}"', chosen.ref
    dated = [t for t in tasks if t.due_date is not None and _is_release(t)]
    if dated:
        latest = max(dated, key=lambda t: (t.due_date, t.task_id))
        assert latest.due_date is not None
        return (
            latest.due_date.date(),
            f"due date of {latest.jira_key or latest.summary}",
            latest.jira_key or latest.task_id,
        )
    return None, "no deadline found", None


def milestones(tasks: Sequence[Task], *, as_of: date) -> list[Milestone]:
    """Dated epics, with a status from their tasks."""
    children: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        for parent in (task.epic_link, task.parent_key):
            if parent:
                children[parent].append(task)
    result = []
    for epic in sorted(
        (t for t in tasks if (t.issue_type or "").lower() == "epic" and t.due_date),
        key=lambda t: (t.due_date, t.task_id),
    ):
        assert epic.due_date is not None
        kids = [
            t
            for t in children.get(epic.jira_key or "", [])
            if t.status_category is not StatusCategory.CANCELLED
        ]
        done = bool(kids) and all(t.status_category is StatusCategory.DONE for t in kids)
        if done or epic.status_category is StatusCategory.DONE:
            status = MilestoneStatus.COMPLETED
        elif epic.due_date.date() < as_of:
            status = MilestoneStatus.MISSED
        elif any(t.status_category in (StatusCategory.IN_PROGRESS, StatusCategory.DONE) for t in kids):
            status = MilestoneStatus.IN_PROGRESS
        else:
            status = MilestoneStatus.PENDING
        result.append(Milestone(name=epic.summary, date=epic.due_date, status=status))
    return result


@dataclass(frozen=True)
class MemberInputs:
    project_id: str
    tasks: Sequence[Task]
    messages: Sequence[MessageRow]
    documents: Sequence[Document]
    assignees_of: Mapping[str, Sequence[str]]
    roles: Mapping[str, str]
    leadership: Callable[[str], float]
    resolve: Callable[[str], str | None]
    corrections: Sequence[Correction]
    resolve_person: Callable[[str], str | None]
    leadership_counts: Callable[[str], Mapping[str, int]] = lambda _person: {}
    contradiction_min: float = 0.55


def project_members(
    inputs: MemberInputs, *, as_of: datetime, cfg: ProjectsConfig | None = None
) -> ProjectPeople:
    """Members and `role_in_project` of one project (04 §2.6) with the COO's overlay applied last."""
    config = cfg or ProjectsConfig()
    reasons = _membership(inputs, as_of, config)
    task_holders = {
        p
        for t in inputs.tasks
        for p in (inputs.resolve(a) for a in inputs.assignees_of.get(t.task_id, t.assignees))
        if p
    }
    _membership_facts(inputs, reasons)
    candidates = sorted(
        (p for p in reasons if inputs.roles.get(p) in LEAD_ROLES), key=lambda p: (-inputs.leadership(p), p)
    )
    detected = candidates[0] if candidates else None
    named, named_by = _named_lead(inputs)
    lead = named or detected
    people = ProjectPeople(
        previous_tech_lead=detected if named and named != detected else None, tech_lead=lead
    )
    role_facts = {
        c.ref: c.value
        for c in inputs.corrections
        if c.field == "role_in_project" and c.project == inputs.project_id
    }
    for person in sorted(reasons):
        role = _role_in_project(
            person, lead, inputs.roles.get(person, ""), person in task_holders, reasons[person]
        )
        coo = person in role_facts or (person == named)
        if person in role_facts:
            role = role_facts[person]
        people.members.append(
            Member(person, role, tuple(reasons[person]), round(inputs.leadership(person), 4), coo)
        )
    level = inputs.leadership(detected) if detected else 0.0
    if named and detected and named != detected and named_by and level >= inputs.contradiction_min:
        counts = tuple(sorted((t, n) for t, n in inputs.leadership_counts(detected).items() if n))
        people.contradictions.append(
            Contradiction(named_by, inputs.project_id, detected, named, round(level, 4), counts)
        )
    return people


def _membership(inputs: MemberInputs, as_of: datetime, cfg: ProjectsConfig) -> dict[str, list[str]]:
    reasons: dict[str, list[str]] = defaultdict(list)
    task_since = as_of - timedelta(days=cfg.member_task_days)
    for task in inputs.tasks:
        touched = max(task.updated_date, task.resolved_date or task.created_date, task.created_date)
        if touched < task_since or task.status_category is StatusCategory.CANCELLED:
            continue
        for person in (inputs.resolve(a) for a in inputs.assignees_of.get(task.task_id, task.assignees)):
            if person and "assignee" not in reasons[person]:
                reasons[person].append("assignee")
    posts: Counter[str] = Counter()
    message_since = as_of - timedelta(days=cfg.member_message_days)
    for m in inputs.messages:
        author = inputs.resolve(m.author)
        if author and m.is_slack and not m.is_system and m.at >= message_since:
            posts[author] += 1
    for person, n in posts.items():
        if n >= cfg.member_messages_min:
            reasons[person].append(f"{n} messages in 60 days")
    doc_since = as_of - timedelta(days=cfg.member_doc_days)
    for doc in inputs.documents:
        owner = inputs.resolve(doc.owner)
        if owner and doc.modified_date >= doc_since and "document owner" not in reasons[owner]:
            reasons[owner].append("document owner")
    return reasons


def _membership_facts(inputs: MemberInputs, reasons: dict[str, list[str]]) -> None:
    for item in inputs.corrections:
        if item.project != inputs.project_id or item.field != "member":
            continue
        person = inputs.resolve_person(item.ref)
        if person is None:
            continue
        if is_true(item.value):
            reasons.setdefault(person, []).append(f"added by COO ({item.label})")
        else:
            reasons.pop(person, None)


def _named_lead(inputs: MemberInputs) -> tuple[str | None, str | None]:
    """(the COO's tech lead of the project, the id of the fact naming them); the last fact wins."""
    named: tuple[str | None, str | None] = (None, None)
    for item in inputs.corrections:
        if item.kind == "project" and item.ref == inputs.project_id and item.field == "tech_lead":
            named = (inputs.resolve_person(item.value), item.fact_id)
        elif (
            item.field == "role_in_project"
            and item.project == inputs.project_id
            and item.value == "tech_lead"
        ):
            named = (inputs.resolve_person(item.ref), item.fact_id)
    return named if named[0] is not None else (None, None)


def _role_in_project(person: str, lead: str | None, role: str, has_task: bool, reasons: Sequence[str]) -> str:
    if person == lead:
        return "tech_lead"
    if role == "architect":
        return "architect"
    if role in PM_ROLES:
        return "pm"
    if role == "qa_engineer":
        return "qa"
    if role == "designer":
        return "designer"
    if has_task:
        return "developer"
    if reasons and all("messages" in r for r in reasons):
        return "stakeholder"
    return "contributor"


def pm_override(
    people: ProjectPeople,
    corrections: Sequence[Correction],
    project_id: str,
    resolve_person: Callable[[str], str | None],
) -> None:
    """A `project_lead` fact makes that person the project's pm (and adds them when missing)."""
    for item in corrections:
        if item.kind == "project" and item.ref == project_id and item.field == "project_lead":
            person = resolve_person(item.value)
            if person is None:
                continue
            others = [m for m in people.members if m.person_id != person]
            people.members = sorted(
                [*others, Member(person, "pm", (item.label,), 0.0, True)], key=lambda m: m.person_id
            )


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
