"""Activity level, engagement and team sub-scores of each person (spec 04 §1.3) — pure.

`W` is the 28 days up to the as-of day (inclusive) and `W'` the 28 before it. The level blends
messages, task events and active days (`A`), then a silence override caps it: 5–13 silent days cap
at `quiet`, 14+ days (or a deactivated / departed account) make it `inactive`. Engagement counts are
kept per window for the people view; team sub-scores are org percentiles.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from chiefops.intel.snapshot import MessageRow
from chiefops.models import ActivityLevel, Document, StatusCategory, Task
from chiefops.models.status import OPEN_CATEGORIES

ENGAGEMENT_KEYS = (
    "messages", "threads_started", "thread_replies", "reactions_received", "mentions_by_others",
    "mentions_of_others", "channels_active", "active_days", "median_response_min", "tasks_open",
    "tasks_done", "tasks_overdue", "jira_comments", "docs_edited",
)  # fmt: skip


@dataclass(frozen=True)
class ActivityConfig:
    """Windows, weights and bands of 04 §1.3 (named defaults)."""

    window_days: int = 28
    w_messages: float = 0.45
    w_tasks: float = 0.30
    w_days: float = 0.25
    m_floor: float = 20.0
    t_floor: float = 4.0
    days_full: float = 20.0
    very_active: float = 70.0
    active: float = 45.0
    moderate: float = 25.0
    quiet: float = 10.0
    silence_quiet_days: int = 5
    silence_inactive_days: int = 14
    response_window_h: int = 24
    going_quiet_ratio: float = 0.5
    going_quiet_min_prior: int = 10
    overloaded_in_progress: int = 8
    overloaded_median_factor: float = 2.0
    overloaded_min_open: int = 6
    silent_in_project_days: int = 5
    spof_min_tasks: int = 5
    spof_deadline_days: int = 60
    silent_high_deadline_days: int = 30
    subscore_min_people: int = 5


@dataclass
class WindowCounts:
    messages: int = 0
    threads_started: int = 0
    thread_replies: int = 0
    reactions_received: int = 0
    mentions_by_others: int = 0
    mentions_of_others: int = 0
    channels: set[str] = field(default_factory=set)
    days: set[date] = field(default_factory=set)
    responses_min: list[float] = field(default_factory=list)
    task_events: int = 0
    tasks_done: int = 0
    jira_comments: int = 0
    docs_edited: int = 0

    def as_dict(self, *, open_tasks: int, overdue: int) -> dict[str, float | int | None]:
        median = round(statistics.median(self.responses_min), 1) if self.responses_min else None
        return {
            "messages": self.messages,
            "threads_started": self.threads_started,
            "thread_replies": self.thread_replies,
            "reactions_received": self.reactions_received,
            "mentions_by_others": self.mentions_by_others,
            "mentions_of_others": self.mentions_of_others,
            "channels_active": len(self.channels),
            "active_days": len(self.days),
            "median_response_min": median,
            "tasks_open": open_tasks,
            "tasks_done": self.tasks_done,
            "tasks_overdue": overdue,
            "jira_comments": self.jira_comments,
            "docs_edited": self.docs_edited,
        }


@dataclass
class PersonBook:
    """Everything counted for one person: both windows, all-time totals, last activity."""

    current: WindowCounts = field(default_factory=WindowCounts)
    prior: WindowCounts = field(default_factory=WindowCounts)
    messages_sent: int = 0
    threads_replied: set[str] = field(default_factory=set)
    reactions_given: int = 0
    last_active: date | None = None
    open_tasks: int = 0
    in_progress: int = 0
    overdue: int = 0
    done_tasks: int = 0

    def touch(self, day: date) -> None:
        if self.last_active is None or day > self.last_active:
            self.last_active = day


@dataclass(frozen=True)
class Windows:
    as_of: date
    days: int

    def which(self, day: date) -> str | None:
        age = (self.as_of - day).days
        if 0 <= age < self.days:
            return "current"
        if self.days <= age < 2 * self.days:
            return "prior"
        return None


Resolve = Callable[[str], str | None]


def _window(book: PersonBook, which: str | None) -> WindowCounts | None:
    return book.current if which == "current" else book.prior if which == "prior" else None


def count_messages(
    books: dict[str, PersonBook],
    messages: Sequence[MessageRow],
    resolve: Resolve,
    windows: Windows,
    *,
    response_h: int,
) -> None:
    """Message-side counts: sent, threads, replies, reactions, mentions, channels, days, response times."""
    last_seen: dict[tuple[str, str], datetime] = {}
    for m in messages:
        author = resolve(m.author)
        if m.is_system or m.is_bot or author is None:
            continue
        day = m.at.date()
        book = books[author]
        book.touch(day)
        slack = m.is_slack
        targets = [t for t in (resolve(x) for x in m.mentions) if t and t != author]
        if slack:
            book.messages_sent += 1
            if m.is_reply and m.thread_id:
                book.threads_replied.add(m.thread_id)
        scope = m.thread_id or f"channel:{m.channel}"
        asked = last_seen.pop((author, scope), None)
        counts = _window(book, windows.which(day))
        if counts is not None:
            if slack:
                counts.messages += 1
                counts.threads_started += int(m.is_parent)
                counts.thread_replies += int(m.is_reply)
                counts.reactions_received += m.reactions
                counts.mentions_of_others += len(targets)
                counts.channels.add(m.channel)
            else:
                counts.jira_comments += 1
                counts.task_events += 1
            counts.days.add(day)
            if asked is not None and (m.at - asked) <= timedelta(hours=response_h):
                counts.responses_min.append((m.at - asked).total_seconds() / 60)
        for target in targets:
            last_seen.setdefault((target, scope), m.at)
            target_counts = _window(books[target], windows.which(day))
            if target_counts is not None:
                target_counts.mentions_by_others += 1


def count_tasks(
    books: dict[str, PersonBook],
    tasks: Sequence[Task],
    resolve: Resolve,
    windows: Windows,
    *,
    assignees_of: Mapping[str, Sequence[str]],
) -> None:
    """Task-side counts: reported, resolved as assignee, informal tasks received, open / overdue."""
    for task in tasks:
        if task.status_category is StatusCategory.CANCELLED:
            continue
        owners = [p for p in (resolve(a) for a in assignees_of.get(task.task_id, task.assignees)) if p]
        reporter = resolve(task.reporter) if task.reporter else None
        if reporter and not task.dates_inferred:
            _event(books[reporter], task.created_date.date(), windows)
        for owner in owners:
            book = books[owner]
            if task.status_category in OPEN_CATEGORIES:
                book.open_tasks += 1
                book.in_progress += int(task.status_category is StatusCategory.IN_PROGRESS)
                book.overdue += int(task.due_date is not None and task.due_date.date() < windows.as_of)
            elif task.status_category is StatusCategory.DONE:
                book.done_tasks += 1
                if task.resolved_date and not task.dates_inferred:
                    counts = _event(books[owner], task.resolved_date.date(), windows)
                    if counts is not None:
                        counts.tasks_done += 1
            if task.source.value == "slack_identified":
                _event(book, task.created_date.date(), windows)


def _event(book: PersonBook, day: date, windows: Windows) -> WindowCounts | None:
    book.touch(day)
    counts = _window(book, windows.which(day))
    if counts is not None:
        counts.task_events += 1
        counts.days.add(day)
    return counts


def count_documents(
    books: dict[str, PersonBook], documents: Sequence[Document], resolve: Resolve, windows: Windows
) -> None:
    for doc in documents:
        owner = resolve(doc.owner)
        if owner is None:
            continue
        day = doc.modified_date.date()
        books[owner].touch(day)
        counts = _window(books[owner], windows.which(day))
        if counts is not None:
            counts.docs_edited += 1
            counts.days.add(day)


@dataclass(frozen=True)
class ActivityResult:
    person_id: str
    level: ActivityLevel
    score: float
    m: int
    t: int
    d: int
    silent_days: int | None
    last_active: date | None
    sentence: str


def _p75_positive(values: Iterable[int], floor: float) -> float:
    positive = [v for v in values if v > 0]
    return max(floor, float(np.percentile(positive, 75))) if positive else floor


def _band(score: float, cfg: ActivityConfig) -> ActivityLevel:
    if score >= cfg.very_active:
        return ActivityLevel.VERY_ACTIVE
    if score >= cfg.active:
        return ActivityLevel.ACTIVE
    if score >= cfg.moderate:
        return ActivityLevel.MODERATE
    if score >= cfg.quiet:
        return ActivityLevel.QUIET
    return ActivityLevel.INACTIVE


_ORDER = [
    ActivityLevel.INACTIVE,
    ActivityLevel.QUIET,
    ActivityLevel.MODERATE,
    ActivityLevel.ACTIVE,
    ActivityLevel.VERY_ACTIVE,
]


def compute_levels(
    books: Mapping[str, PersonBook],
    *,
    as_of: date,
    inactive: Mapping[str, str],
    data_start: date | None,
    cfg: ActivityConfig | None = None,
) -> dict[str, ActivityResult]:
    """Activity level of each person; `inactive` maps deactivated / departed people to the reason."""
    config = cfg or ActivityConfig()
    big_m = _p75_positive((b.current.messages for b in books.values()), config.m_floor)
    big_t = _p75_positive((b.current.task_events for b in books.values()), config.t_floor)
    results: dict[str, ActivityResult] = {}
    for person_id in sorted(books):
        book = books[person_id]
        m, t, d = book.current.messages, book.current.task_events, len(book.current.days)
        score = 100 * (
            config.w_messages * min(1, m / big_m)
            + config.w_tasks * min(1, t / big_t)
            + config.w_days * min(1, d / config.days_full)
        )
        score = round(score, 4)
        last = book.last_active or data_start
        silent = (as_of - last).days if last else None
        level = _band(score, config)
        reason = f"A = {score:.1f} ({m} messages, {t} task events, {d} active days in 28 days)"
        if person_id in inactive:
            level, reason = ActivityLevel.INACTIVE, f"{reason}; {inactive[person_id]}"
        elif silent is not None and silent >= config.silence_inactive_days:
            level, reason = ActivityLevel.INACTIVE, f"{reason}; silent {silent} days"
        elif silent is not None and silent >= config.silence_quiet_days and _ORDER.index(level) > 1:
            level, reason = ActivityLevel.QUIET, f"{reason}; silent {silent} days caps the level at quiet"
        results[person_id] = ActivityResult(
            person_id, level, score, m, t, d, silent, book.last_active, reason
        )
    return results


def percentile_scores(
    values: Mapping[str, float | None], *, lower_is_better: bool = False, min_people: int = 5
) -> dict[str, float]:
    """Mid-rank org percentile (0–100) of each value; 50 with fewer than `min_people` or all equal."""
    known = {k: float(v) for k, v in values.items() if v is not None}
    distinct = set(known.values())
    if len(known) < min_people or len(distinct) <= 1:
        return {k: 50.0 for k in values}
    ordered = sorted(known.values())
    scores: dict[str, float] = {}
    for key, value in known.items():
        below = sum(1 for v in ordered if v < value)
        equal = sum(1 for v in ordered if v == value)
        pct = 100 * (below + 0.5 * equal) / len(ordered)
        scores[key] = round(100 - pct if lower_is_better else pct, 4)
    for key in values:
        scores.setdefault(key, 50.0)
    return scores


def team_subscores(
    books: Mapping[str, PersonBook], *, cfg: ActivityConfig | None = None
) -> dict[str, dict[str, float]]:
    """Communication, delivery, responsiveness, collaboration and overall (04 §1.3 team views)."""
    config = cfg or ActivityConfig()
    n = config.subscore_min_people
    comm = percentile_scores(
        {
            p: b.current.messages + b.current.threads_started + b.current.thread_replies
            for p, b in books.items()
        },
        min_people=n,
    )
    delivery = percentile_scores({p: _delivery(b) for p, b in books.items()}, min_people=n)
    responses = {
        p: (statistics.median(b.current.responses_min) if b.current.responses_min else None)
        for p, b in books.items()
    }
    respond = percentile_scores(responses, lower_is_better=True, min_people=n)
    collab = percentile_scores(
        {
            p: b.current.mentions_of_others + b.current.thread_replies + len(b.current.channels)
            for p, b in books.items()
        },
        min_people=n,
    )
    result: dict[str, dict[str, float]] = {}
    for person_id in sorted(books):
        parts = {
            "communication": comm[person_id],
            "delivery": delivery[person_id],
            "responsiveness": respond[person_id],
            "collaboration": collab[person_id],
        }
        overall = (
            0.30 * parts["communication"]
            + 0.35 * parts["delivery"]
            + 0.15 * parts["responsiveness"]
            + 0.20 * parts["collaboration"]
        )
        result[person_id] = {**parts, "overall": round(overall, 4)}
    return result


def _delivery(book: PersonBook) -> float | None:
    assigned = book.open_tasks + book.done_tasks
    if not assigned:
        return None
    return book.done_tasks / assigned + (1 - book.overdue / assigned)


def new_books(person_ids: Iterable[str]) -> defaultdict[str, PersonBook]:
    books: defaultdict[str, PersonBook] = defaultdict(PersonBook)
    for person_id in person_ids:
        books[person_id] = PersonBook()
    return books
