"""Informal Slack assignments (spec 04 §1.4) — pure: asks → links, inferred assignees, new tasks.

Each ask found by `text_signals` gets a target (a mention, a name that is exactly one channel member,
the author for "I'll take …", nobody for "can someone …"), a confidence (pattern base, +0.10 when the
target accepts in the thread within 24 h, −0.40 when they refuse) and then, in order: a Jira key in
the message or thread links it; else a task of the same project whose summary is close enough links
it; a linked task without a formal assignee gets the target as inferred assignee (≥ 0.70); with no
link and ≥ 0.60 a `slack_identified` task is created with an id derived from channel, ts and target,
so a second run creates nothing new. Candidates at 0.40–0.60 are only listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from rapidfuzz import fuzz

from chiefops.intel.features import ACCEPT, DONE, REFUSE, MessageFeatures
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.text_signals import Ask, content_tokens
from chiefops.models import SlackEvidence, SourceEvidence, StatusCategory, Task, TaskSource, derived_id

Action = Literal["linked", "inferred", "created", "candidate", "dropped"]
Pattern = Literal["P1", "P2", "P3", "P4"]
PATTERNS: tuple[Pattern, ...] = ("P1", "P2", "P3", "P4")


@dataclass(frozen=True)
class InformalConfig:
    """Adjustments and thresholds of 04 §1.4 (named defaults)."""

    accept_bonus: float = 0.10
    refuse_penalty: float = 0.40
    reply_window_h: int = 24
    key_link: float = 0.90
    summary_ratio: float = 80.0
    inferred_min: float = 0.70
    create_min: float = 0.60
    candidate_min: float = 0.40
    done_window_days: int = 14
    label: str = "slack-identified"


@dataclass(frozen=True)
class InformalInputs:
    messages: Sequence[MessageRow]
    features: Mapping[str, MessageFeatures]
    resolve: Callable[[str], str | None]
    slack_person: Callable[[str], str | None]
    person_key: Mapping[str, str]
    first_names: Mapping[str, frozenset[str]]
    channel_members: Mapping[str, frozenset[str]]
    channel_project: Mapping[str, str | None]
    project_words: Mapping[str, frozenset[str]]
    tasks: Sequence[Task]


@dataclass(frozen=True)
class Assignment:
    """One ask and what became of it."""

    message_id: str
    natural_key: str
    channel: str
    ts: str
    at: datetime
    author: str
    target: str | None
    pattern: Pattern
    obj: str
    confidence: float
    adjustments: tuple[str, ...]
    action: Action
    task_id: str | None
    link_rule: str | None
    project_id: str | None
    excerpt: str
    done_at: datetime | None = None


@dataclass
class InformalResult:
    assignments: list[Assignment] = field(default_factory=list)
    created: list[Task] = field(default_factory=list)
    inferred: dict[str, list[SlackEvidence]] = field(default_factory=dict)
    marked_messages: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @property
    def candidates(self) -> list[Assignment]:
        return [a for a in self.assignments if a.action == "candidate"]


class _Context:
    """Indexes over the inputs: threads, tasks by key and by token, first names per channel."""

    def __init__(self, inputs: InformalInputs) -> None:
        self.inputs = inputs
        self.by_id = {m.message_id: m for m in inputs.messages}
        self.threads: dict[str, list[MessageRow]] = defaultdict(list)
        for m in inputs.messages:
            if m.thread_id:
                self.threads[m.thread_id].append(m)
        self.by_key = {t.jira_key: t for t in inputs.tasks if t.jira_key}
        self.by_token: dict[tuple[str, str], list[Task]] = defaultdict(list)
        for task in inputs.tasks:
            for token in set(content_tokens(task.summary)):
                self.by_token[(task.project_id, token)].append(task)
        self.after: dict[tuple[str, str], list[MessageRow]] = defaultdict(list)
        for m in inputs.messages:
            person = inputs.resolve(m.author)
            if person and m.is_slack:
                self.after[(person, m.channel)].append(m)


def compute_informal(inputs: InformalInputs, *, cfg: InformalConfig | None = None) -> InformalResult:
    """Every informal assignment of the workspace (see the module docstring); order-independent."""
    config = cfg or InformalConfig()
    ctx = _Context(inputs)
    result = InformalResult()
    for message in sorted(inputs.messages, key=lambda m: (m.at, m.natural_key)):
        feats = inputs.features.get(message.message_id)
        if feats is None or not feats.asks or message.is_bot or message.is_system or not message.is_slack:
            continue
        author = inputs.resolve(message.author)
        if author is None:
            continue
        seen: set[tuple[str | None, str]] = set()
        for ask in feats.asks:
            assignment = _assess(message, ask, author, ctx, config)
            if assignment is None or (assignment.target, assignment.obj) in seen:
                continue
            seen.add((assignment.target, assignment.obj))
            _apply(assignment, ctx, result, config)
    return result


def _target(message: MessageRow, ask: Ask, author: str, ctx: _Context) -> tuple[str | None, bool]:
    """(person id or None, resolvable); someone/anyone gives (None, True)."""
    if ask.target_kind == "mention":
        person = ctx.inputs.slack_person(ask.target)
        return person, person is not None
    if ask.target_kind == "self":
        return author, True
    if ask.target_kind == "someone":
        return None, True
    first = ask.target.split()[0].lower()
    members = ctx.inputs.channel_members.get(message.channel, frozenset())
    matches = sorted(p for p in members if first in ctx.inputs.first_names.get(p, frozenset()))
    return (matches[0], True) if len(matches) == 1 else (None, False)


def _assess(
    message: MessageRow, ask: Ask, author: str, ctx: _Context, cfg: InformalConfig
) -> Assignment | None:
    target, ok = _target(message, ask, author, ctx)
    if not ok or (target is None and ask.target_kind != "someone"):
        return None
    project = ctx.inputs.channel_project.get(message.channel)
    tokens = set(content_tokens(ask.obj))
    keyed = _keys(message, ctx)
    if not tokens and not keyed:
        return None
    if project is None:
        named = sorted(p for p, words in ctx.inputs.project_words.items() if tokens & words)
        if not named:
            return None
        project = named[0]
    confidence, adjustments = ask.base, [f"{ask.pattern} base {ask.base:.2f}"]
    if target is not None and ask.target_kind != "self":
        reply = _reply(message, target, ctx, cfg)
        if reply == "accept":
            confidence += cfg.accept_bonus
            adjustments.append(f"+{cfg.accept_bonus:.2f} accepted in the thread")
        elif reply == "refuse":
            confidence -= cfg.refuse_penalty
            adjustments.append(f"-{cfg.refuse_penalty:.2f} refused in the thread")
    return Assignment(
        message_id=message.message_id,
        natural_key=message.natural_key,
        channel=message.channel,
        ts=message.slack_ts or message.natural_key.rsplit(":", 1)[-1],
        at=message.at,
        author=author,
        target=target,
        pattern=next(p for p in PATTERNS if p == ask.pattern),
        obj=ask.obj,
        confidence=round(max(0.0, confidence), 4),
        adjustments=tuple(adjustments),
        action="dropped",
        task_id=None,
        link_rule=None,
        project_id=project,
        excerpt=ctx.inputs.features[message.message_id].excerpt or message.text[:200],
    )


def _keys(message: MessageRow, ctx: _Context) -> list[str]:
    keys = [k for k in message.jira_refs if k in ctx.by_key]
    if keys or not message.thread_id:
        return keys
    return [k for m in ctx.threads.get(message.thread_id, []) for k in m.jira_refs if k in ctx.by_key]


def _reply(message: MessageRow, target: str, ctx: _Context, cfg: InformalConfig) -> str | None:
    """accept / refuse when the target answered in the thread within the reply window."""
    if not message.thread_id:
        return None
    limit = message.at + timedelta(hours=cfg.reply_window_h)
    for reply in sorted(ctx.threads[message.thread_id], key=lambda m: (m.at, m.natural_key)):
        if reply.at <= message.at or reply.at > limit or ctx.inputs.resolve(reply.author) != target:
            continue
        feats = ctx.inputs.features.get(reply.message_id)
        if feats and feats.has(REFUSE):
            return "refuse"
        if feats and feats.has(ACCEPT):
            return "accept"
    return None


def _link(
    assignment: Assignment, message: MessageRow, ctx: _Context, cfg: InformalConfig
) -> tuple[Task | None, str | None]:
    keys = _keys(message, ctx)
    if keys:
        return ctx.by_key[keys[0]], f"jira key {keys[0]} ({cfg.key_link:.2f})"
    best: tuple[float, str, Task] | None = None
    for token in sorted(set(content_tokens(assignment.obj))):
        for task in ctx.by_token.get((assignment.project_id or "", token), []):
            score = fuzz.token_set_ratio(assignment.obj.lower(), task.summary.lower())
            if score >= cfg.summary_ratio and (best is None or (score, task.task_id) > (best[0], best[1])):
                best = (score, task.task_id, task)
    if best:
        return best[2], f"summary similarity {best[0]:.0f} with {best[2].jira_key or best[2].task_id}"
    return None, None


def _apply(assignment: Assignment, ctx: _Context, result: InformalResult, cfg: InformalConfig) -> None:
    message = ctx.by_id[assignment.message_id]
    if assignment.confidence < cfg.candidate_min:
        return
    if assignment.confidence < cfg.create_min or assignment.target is None:
        result.assignments.append(_with(assignment, action="candidate"))
        return
    task, rule = _link(assignment, message, ctx, cfg)
    evidence = _evidence(assignment)
    result.marked_messages.add(assignment.message_id)
    if task is not None:
        inferred = not task.assignees and assignment.confidence >= cfg.inferred_min
        if inferred:
            result.inferred.setdefault(task.task_id, []).append(evidence)
        result.assignments.append(
            _with(
                assignment, action="inferred" if inferred else "linked", task_id=task.task_id, link_rule=rule
            )
        )
        return
    done_at = _done_at(assignment, ctx, cfg)
    created = _task(assignment, evidence, done_at, ctx, cfg)
    result.created.append(created)
    result.assignments.append(_with(assignment, action="created", task_id=created.task_id, done_at=done_at))


def _with(assignment: Assignment, **changes: object) -> Assignment:
    return replace(assignment, **changes)  # type: ignore[arg-type]  # dataclasses.replace takes the fields by name


def _evidence(assignment: Assignment) -> SlackEvidence:
    return SlackEvidence(
        message_id=assignment.message_id,
        channel=assignment.channel,
        ts=assignment.ts,
        author=assignment.author,
        text=assignment.excerpt,
        pattern=assignment.pattern,
        target=assignment.target or "",
        confidence=min(1.0, assignment.confidence),
    )


def _done_at(assignment: Assignment, ctx: _Context, cfg: InformalConfig) -> datetime | None:
    """A later "done / shipped / finished" from the target naming the object (or in the thread), ≤ 14 days."""
    if assignment.target is None:
        return None
    tokens = set(content_tokens(assignment.obj))
    limit = assignment.at + timedelta(days=cfg.done_window_days)
    for m in ctx.after.get((assignment.target, assignment.channel), []):
        if not assignment.at < m.at <= limit:
            continue
        feats = ctx.inputs.features.get(m.message_id)
        same_thread = m.thread_id is not None and m.thread_id == ctx.by_id[assignment.message_id].thread_id
        if feats and feats.has(DONE) and (same_thread or tokens & set(content_tokens(m.text))):
            return m.at
    return None


def slack_task_id(channel: str, ts: str, target_key: str) -> str:
    """04 §1.4 idempotent id of a created task."""
    return derived_id(f"slack:{channel}:{ts}:{target_key}")


def _task(
    assignment: Assignment,
    evidence: SlackEvidence,
    done_at: datetime | None,
    ctx: _Context,
    cfg: InformalConfig,
) -> Task:
    target = assignment.target or ""
    key = f"slack:{assignment.channel}:{assignment.ts}:{ctx.inputs.person_key.get(target, target)}"
    summary = assignment.obj[:1].upper() + assignment.obj[1:] if assignment.obj else "(informal task)"
    return Task(
        task_id=derived_id(key),
        source=TaskSource.SLACK_IDENTIFIED,
        natural_key=key,
        project_id=assignment.project_id or "",
        summary=summary[:500],
        description=assignment.excerpt,
        status="Done" if done_at else "To Do",
        status_category=StatusCategory.DONE if done_at else StatusCategory.TO_DO,
        assignees=[target],
        labels=[cfg.label],
        created_date=assignment.at,
        updated_date=done_at or assignment.at,
        resolved_date=done_at,
        reporter=assignment.author,
        source_evidence=SourceEvidence(slack_messages=[evidence]),
        created_at=assignment.at,
        updated_at=done_at or assignment.at,
    )
