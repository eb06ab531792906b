"""Jira issues for one project: planted issues placed verbatim, the rest generated around them.

The flow profile is exact: resolved issues per 7-day bucket follow `ProjectSpec.done_by_week`, open
issues per status follow `open_mix`, so the flow metrics of 04 §3 (velocity windows, completion,
blockers) come out as planted. Keys follow creation order, like a real Jira project.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from samples import phrases_jira
from samples.facts import KEVIN, SILENT_AFTER
from samples.model import AUTOMATION_KEY, World
from samples.planted_issues import PLANTED_ISSUES
from samples.specs import IssueSpec, ProjectSpec
from samples.timeline import AS_OF, START, at, days_before, is_workday, work_time
from samples.vocab import VOCABS

OPEN_STATUSES = ("To Do", "In Progress", "In Review", "Blocked")
STATUS_CATEGORY = {
    "To Do": "To Do",
    "In Progress": "In Progress",
    "In Review": "In Progress",
    "Blocked": "In Progress",
    "Done": "Done",
    "Won't Do": "Done",
}
PRIORITIES = (("Highest", 3), ("High", 17), ("Medium", 55), ("Low", 20), ("Lowest", 5))
HIGH = frozenset({"Highest", "High", "Critical", "Blocker"})
SPRINT_DAYS = 14
_QUALIFIERS = ("(phase 2)", "for {cust}", "– follow-up", "v2", "(second pass)", "for the admin view")
MAX_SPRINTS = 4  # repeated Sprint columns in the CSV


@dataclass(slots=True)
class Comment:
    at: datetime
    author: str
    body: str


@dataclass(slots=True)
class Issue:
    project: str
    issue_type: str
    summary: str
    status: str
    priority: str
    assignee: str | None
    reporter: str
    created: datetime
    resolved: datetime | None
    updated: datetime | None = None
    pid: str | None = None
    key: str = ""
    issue_id: int = 0
    due: date | None = None
    labels: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    points: float | None = None
    epic: int | None = None
    parent_key: str = ""
    parent_summary: str = ""
    description: str = ""
    comments: list[Comment] = field(default_factory=list)
    flagged: bool = False
    blocks: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    blocked_by_pid: str | None = None
    sprints: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == "Done"


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    total = sum(w for _, w in options)
    roll = rng.random() * total
    for key, weight in options:
        roll -= weight
        if roll <= 0:
            return key
    return options[-1][0]


class _Gen:
    """Generation state for one project (one seeded random stream, one set of taken summaries)."""

    def __init__(self, world: World, spec: ProjectSpec, seed: int) -> None:
        self.world, self.spec = world, spec
        self.rng = random.Random(f"{seed}:jira:{spec.key}")
        self.vocab = VOCABS[spec.vocab]
        self.summaries: set[str] = set()

    def available(self, key: str, first: date, last: date) -> bool:
        if key == AUTOMATION_KEY:
            return True
        person = self.world.by_key[key]
        end = person.last_active or SILENT_AFTER.get(key) or AS_OF
        return person.joined <= first and last <= end

    def pick_person(self, weights: tuple[tuple[str, float], ...], first: date, last: date) -> str | None:
        options = [(k, w) for k, w in weights if self.available(k, first, last)]
        return _weighted(self.rng, options) if options else None

    def moment(self, day: date) -> datetime:
        return work_time(self.rng, day, earliest=8, latest=17)

    def bucket_day(self, k: int) -> date:
        days = [AS_OF - timedelta(days=7 * k + i) for i in range(7)]
        days = [d for d in days if d >= self.spec.start] or [self.spec.start]
        workdays = [d for d in days if is_workday(d)]
        return self.rng.choice(workdays or days)

    def lead_days(self, issue_type: str) -> int:
        if issue_type == "Bug":
            return self.rng.randint(1, 9)
        return self.rng.randint(2, 24) if issue_type == "Story" else self.rng.randint(1, 15)

    def new_summary(self, issue_type: str) -> str:
        """A summary not used before in this project (real backlogs rarely repeat a title verbatim)."""
        text = phrases_jira.summary(self.rng, self.vocab, issue_type)
        for _ in range(6):
            if text not in self.summaries:
                break
            text = phrases_jira.summary(self.rng, self.vocab, issue_type)
        while text in self.summaries:
            text = f"{text} {self.rng.choice(_QUALIFIERS).format(cust=self.rng.choice(self.vocab.customers))}"
        self.summaries.add(text)
        return text

    def priority(self, *, open_unassigned: bool = False) -> str:
        if self.spec.key == "OPS" or open_unassigned:
            return self.rng.choice(("Medium", "Medium", "Low", "Lowest"))
        return _weighted(self.rng, [(p, float(w)) for p, w in PRIORITIES])

    def issue_type(self) -> str:
        return _weighted(self.rng, [("Story", 45.0), ("Task", 27.0), ("Bug", 28.0)])


def _from_spec(g: _Gen, s: IssueSpec) -> Issue:
    rng, spec = g.rng, g.spec
    resolved_day = s.resolved_on
    created_day = s.created_on or (
        resolved_day - timedelta(days=g.lead_days(s.issue_type))
        if resolved_day
        else AS_OF - timedelta(days=rng.randint(3, 30))
    )
    resolved = g.moment(resolved_day) if resolved_day else None
    last = resolved_day or AS_OF
    assignee = s.assignee
    if assignee == "?":
        assignee = g.pick_person(spec.team, created_day, last)
    reporter = s.reporter or g.pick_person(spec.reporters, created_day, created_day) or spec.pm
    issue = Issue(
        project=spec.key,
        issue_type=s.issue_type,
        summary=s.summary,
        status=s.status,
        priority=s.priority,
        assignee=assignee,
        reporter=reporter,
        created=g.moment(created_day),
        resolved=resolved,
        pid=s.pid,
        due=s.due,
        labels=s.labels,
        components=s.components,
        points=s.points,
        description=s.description,
        comments=[Comment(g.moment(d), a, b) for d, a, b in s.comments],
        flagged=s.flagged,
        blocked_by_pid=s.blocked_by,
    )
    if s.updated_on:
        issue.updated = g.moment(s.updated_on)
    g.summaries.add(s.summary)
    return issue


def _generic(g: _Gen, status: str, created_day: date, resolved_day: date | None) -> Issue:
    rng, spec, v = g.rng, g.spec, g.vocab
    issue_type = g.issue_type()
    if resolved_day is not None and created_day > resolved_day:
        created_day = resolved_day
    last = resolved_day or AS_OF
    assignee = g.pick_person(
        tuple((k, w) for k, w in spec.team if status == "Done" or k != KEVIN), created_day, last
    )
    unassigned = status == "To Do" and rng.random() < 0.1
    priority = g.priority(open_unassigned=unassigned or (status in OPEN_STATUSES and assignee is None))
    if unassigned:
        assignee = None
    reporter = g.pick_person(spec.reporters, created_day, created_day) or spec.pm
    summary = (
        phrases_jira.recurring_summary(rng, created_day.month - 6)
        if reporter == AUTOMATION_KEY
        else g.new_summary(issue_type)
    )
    labels = tuple(sorted(set(rng.sample(v.labels, k=rng.choice((0, 1, 1, 2))))))
    components = tuple(sorted({c.capitalize() for c in rng.sample(v.components, k=rng.choice((0, 1, 1, 2)))}))
    points = float(rng.choice((1, 2, 3, 5, 8))) if issue_type != "Task" and rng.random() < 0.78 else None
    created = g.moment(created_day)
    resolved = g.moment(resolved_day) if resolved_day else None
    if resolved is not None and resolved < created:
        resolved = created + timedelta(hours=rng.randint(1, 5))
    return Issue(
        project=spec.key,
        issue_type=issue_type,
        summary=summary,
        status=status,
        priority=priority,
        assignee=assignee,
        reporter=reporter,
        created=created,
        resolved=resolved,
        labels=labels,
        components=components,
        points=points,
        description=phrases_jira.description(rng, v, issue_type, summary),
    )


def _fill(g: _Gen, planted: list[Issue]) -> list[Issue]:
    """Generated issues so that resolved-per-bucket and open-per-status match the spec exactly."""
    rng, spec = g.rng, g.spec
    capacity = list(spec.done_by_week)
    for issue in planted:
        if issue.is_done and issue.resolved is not None:
            capacity[days_before(issue.resolved.date()) // 7] -= 1
    issues: list[Issue] = []
    for k, count in enumerate(capacity):
        for _ in range(max(0, count)):
            resolved_day = g.bucket_day(k)
            created_day = max(spec.start, resolved_day - timedelta(days=g.lead_days("Story")))
            issues.append(_generic(g, "Done", created_day, resolved_day))
    open_left = dict(spec.open_mix)
    for issue in planted:
        if issue.is_open:
            open_left[issue.status] = open_left.get(issue.status, 0) - 1
    spans = {"To Do": (1, 70), "In Progress": (2, 24), "In Review": (1, 10), "Blocked": (3, 20)}
    for status, count in open_left.items():
        for _ in range(max(0, count)):
            lo, hi = spans[status]
            created_day = max(spec.start, AS_OF - timedelta(days=rng.randint(lo, hi)))
            issues.append(_generic(g, status, created_day, None))
    for _ in range(spec.cancelled):
        created_day = spec.start + timedelta(days=rng.randint(0, 150))
        issue = _generic(
            g, "Won't Do", created_day, min(AS_OF, created_day + timedelta(days=rng.randint(1, 20)))
        )
        issues.append(issue)
    return issues


def _epics(g: _Gen, children: list[Issue]) -> list[Issue]:
    spec, rng = g.spec, g.rng
    for child in children:
        week = (child.created.date() - spec.start).days // 7
        allowed = [
            i
            for i, e in enumerate(spec.epics)
            if not (e.done and (child.is_open or child.status == "Won't Do"))
        ]
        covering = [i for i in allowed if spec.epics[i].first_week <= week <= spec.epics[i].last_week]
        pool = covering or sorted(allowed, key=lambda i: abs(spec.epics[i].first_week - week))[:1]
        child.epic = rng.choice(pool)
    epics: list[Issue] = []
    for i, e in enumerate(spec.epics):
        kids = [c for c in children if c.epic == i and c.status != "Won't Do"]
        done = e.done and all(c.is_done for c in kids)
        created_day = spec.start + timedelta(days=7 * e.first_week)
        resolved = max((c.resolved for c in kids if c.resolved), default=None) if done else None
        if done and resolved is None:
            resolved = at(spec.start + timedelta(days=7 * e.last_week), 16)
        owner = e.owner or spec.lead
        epics.append(
            Issue(
                project=spec.key,
                issue_type="Epic",
                summary=e.name,
                status="Done" if done else "In Progress",
                priority="Medium",
                assignee=owner,
                reporter=spec.pm,
                created=at(created_day, 9, rng.randint(0, 59)),
                resolved=resolved,
                due=e.due,
                labels=e.labels,
            )
        )
    return epics


def _comments(g: _Gen, issue: Issue) -> None:
    rng, spec = g.rng, g.spec
    if issue.reporter == AUTOMATION_KEY:
        issue.comments.append(
            Comment(
                issue.created + timedelta(minutes=1),
                AUTOMATION_KEY,
                'Created by the scheduled rule "Monthly ops chores".',
            )
        )
    if issue.issue_type == "Epic" or issue.pid or rng.random() < 0.45:
        return
    end = issue.resolved or at(AS_OF, 17)
    span = max(1, (end.date() - issue.created.date()).days)
    reviewers = [k for k, _ in spec.reviewers]
    main_reviewer = max(spec.reviewers, key=lambda kw: kw[1])[0]
    people = list(
        dict.fromkeys(
            k for k in (issue.assignee, issue.reporter, spec.lead, *reviewers) if k and k != AUTOMATION_KEY
        )
    )
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        day = issue.created.date() + timedelta(days=rng.randint(0, span))
        authors = [k for k in people if g.available(k, day, day)]
        if not authors:
            continue
        author = rng.choice(authors)
        reviewing = (
            author == main_reviewer and author != issue.assignee
        )  # reviews come from the main reviewer
        body = phrases_jira.comment(rng, g.vocab, done=issue.is_done, reviewer=reviewing)
        issue.comments.append(Comment(g.moment(day), author, body))


def _keep_holders_active(g: _Gen, issues: list[Issue]) -> None:
    """Every holder of open work (except the planted silent person) leaves a recent note (04 §1.3)."""
    recent = [d for d in (AS_OF - timedelta(days=i) for i in range(4)) if is_workday(d)]
    holders: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.is_open and issue.assignee and issue.issue_type != "Epic":
            holders.setdefault(issue.assignee, []).append(issue)
    for person in sorted(holders):
        if person in SILENT_AFTER or not g.available(person, AS_OF, AS_OF):
            continue
        issue = g.rng.choice(holders[person])
        issue.comments.append(
            Comment(g.moment(g.rng.choice(recent)), person, phrases_jira.recent_update(g.rng, g.vocab))
        )


def _finish(g: _Gen, issue: Issue) -> None:
    """Updated date, sprints and due date, derived from the issue's own history."""
    rng = g.rng
    issue.comments.sort(key=lambda c: c.at)
    if issue.resolved is not None:
        issue.comments = [c for c in issue.comments if c.at <= issue.resolved]
    stamps = [issue.created, *(c.at for c in issue.comments)]
    if issue.resolved:
        stamps.append(issue.resolved)
    if issue.updated is not None:
        stamps.append(issue.updated)
    elif issue.is_open and issue.assignee not in SILENT_AFTER:
        stamps.append(g.moment(max(AS_OF - timedelta(days=rng.randint(0, 6)), issue.created.date())))
    issue.updated = max(stamps)
    issue.sprints = _sprints(g, issue)
    if issue.due is None and issue.issue_type == "Story" and rng.random() < 0.25:
        due = issue.created.date() + timedelta(days=rng.randint(14, 45))
        if issue.is_open and due <= AS_OF:
            due = AS_OF + timedelta(days=rng.randint(3, 18))
        issue.due = min(due, g.spec.deadline)


def _sprints(g: _Gen, issue: Issue) -> tuple[str, ...]:
    """Every two-week sprint the issue sat in, the last `MAX_SPRINTS` of them (carry-over shows here)."""
    if issue.issue_type == "Epic" or issue.status == "Won't Do":
        return ()
    if issue.status == "To Do" and g.rng.random() < 0.5:
        return ()  # still in the backlog
    first = (issue.created.date() - START).days // SPRINT_DAYS
    last = ((issue.resolved or at(AS_OF, 12)).date() - START).days // SPRINT_DAYS
    return tuple(f"{g.spec.key} Sprint {n}" for n in range(first + 1, last + 2))[-MAX_SPRINTS:]


def generate_issues(world: World, spec: ProjectSpec, *, seed: int, first_id: int) -> list[Issue]:
    """All issues of `spec`, keyed `KEY-1…` in creation order, links and parents resolved."""
    g = _Gen(world, spec, seed)
    planted = [_from_spec(g, s) for s in PLANTED_ISSUES.get(spec.key, ())]
    children = planted + _fill(g, planted)
    epics = _epics(g, children)
    for issue in children:
        _comments(g, issue)
    _keep_holders_active(g, children)
    issues = epics + children
    for issue in issues:
        _finish(g, issue)
    issues.sort(key=lambda i: (i.created, i.issue_type != "Epic", i.summary))
    for n, issue in enumerate(issues, start=1):
        issue.key, issue.issue_id = f"{spec.key}-{n}", first_id + n
    by_pid = {i.pid: i for i in issues if i.pid}
    for issue in children:
        if issue.epic is not None:
            parent = epics[issue.epic]
            issue.parent_key, issue.parent_summary = parent.key, parent.summary
        if issue.blocked_by_pid:
            blocker = by_pid[issue.blocked_by_pid]
            issue.blocked_by.append(blocker.key)
            blocker.blocks.append(issue.key)
    return issues
