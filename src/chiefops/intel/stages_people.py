"""The people stages of a run (spec 04 §1): identity, role signals and roles, activity, COO overlay.

Each function reads the run context plus its upstream outputs and returns a plain value the
pipeline caches; none touches the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from chiefops.intel.activity import (
    ActivityResult,
    PersonBook,
    Windows,
    compute_levels,
    count_documents,
    count_messages,
    count_tasks,
    new_books,
    team_subscores,
)
from chiefops.intel.context import People, RunContext
from chiefops.intel.corrections import Correction, is_none, parse_day
from chiefops.intel.features import vocabulary
from chiefops.intel.identity import IdentityResult, IdentityRulings, resolve_identities
from chiefops.intel.identity_rules import Node
from chiefops.intel.informal import InformalResult
from chiefops.intel.leadership import ORG, LeadershipBook, LeadershipWindow, count_leadership
from chiefops.intel.observe import IdentityMemory, footprints, node_key, observe_nodes
from chiefops.intel.projects import Detection
from chiefops.intel.roles import (
    RoleEvidence,
    RoleResult,
    RoleSignals,
    class_family,
    compute_roles,
    role_from_words,
)
from chiefops.intel.snapshot import MessageRow
from chiefops.models import RoleSource, Task


@dataclass(frozen=True)
class IdentityStage:
    result: IdentityResult
    nodes: tuple[Node, ...]


def identity_rulings(corrections: Sequence[Correction], nodes: Sequence[Node]) -> IdentityRulings:
    """COO identity facts as node keys (`person:<id>` through the nodes' ids, `account:<source>:<id>` directly)."""
    by_ref = {n.ref_id: n.key for n in nodes}

    def key(kind: str, ref: str) -> str | None:
        if kind == "account":
            source, _, source_id = ref.partition(":")
            return node_key(source, source_id)
        return by_ref.get(ref.removeprefix("person:"))

    same: list[tuple[str, str]] = []
    different: list[tuple[str, str]] = []
    not_person: set[str] = set()
    names: dict[str, str] = {}
    for item in corrections:
        a = key(item.kind, item.ref)
        if a is None:
            continue
        if item.field in ("same_person", "different_person"):
            b = key("person", item.value) or (
                key("account", item.value.removeprefix("account:"))
                if item.value.startswith("account:")
                else None
            )
            if b is not None:
                (same if item.field == "same_person" else different).append((a, b))
        elif item.field == "not_a_person" and not is_none(item.value):
            not_person.add(a)
        elif item.field == "name" and item.value:
            names[a] = item.value
    return IdentityRulings(tuple(same), tuple(different), frozenset(not_person), names)


def run_identity(ctx: RunContext, memory: IdentityMemory) -> IdentityStage:
    nodes = observe_nodes(ctx.snapshot.people, memory)
    by_ref = {n.ref_id: n.key for n in nodes}
    prints = footprints(nodes, ctx.messages, ctx.jira_tasks, key_of=by_ref.get)
    rulings = identity_rulings(ctx.corrections, nodes)
    result = resolve_identities(nodes, footprints=prints, rulings=rulings, cfg=ctx.config.identity)
    return IdentityStage(result=result, nodes=tuple(nodes))


def message_project(detection: Detection, key_projects: Mapping[str, str]) -> dict[str, str | None]:
    """Channel (or Jira issue key, for comments) → project id."""
    mapping: dict[str, str | None] = {c: m.project_id for c, m in detection.channels.items()}
    mapping.update(key_projects)
    return mapping


def key_projects(tasks: Sequence[Task]) -> dict[str, str]:
    return {t.jira_key: t.project_id for t in tasks if t.jira_key}


def run_leadership(ctx: RunContext, people: People, detection: Detection) -> LeadershipBook:
    channel_project = message_project(detection, key_projects(ctx.jira_tasks))
    window = LeadershipWindow(since=ctx.at - timedelta(days=ctx.config.roles.window_days))
    doc_project = {d: m.project_id for d, m in detection.documents.items()}
    return count_leadership(
        messages=ctx.messages,
        features=ctx.features,
        tasks=ctx.jira_tasks,
        documents=ctx.snapshot.documents,
        resolve=people.resolve,
        message_project=lambda m: channel_project.get(m.channel),
        document_project=doc_project,
        window=window,
    )


def _task_signals(tasks: Sequence[Task], people: People) -> dict[str, tuple[Counter[str], Counter[str], int]]:
    vocab = vocabulary()
    labels: dict[str, list[str]] = vocab["jira_labels"]
    eng_types = {str(t) for t in vocab["engineering_issue_types"]}
    found: dict[str, tuple[Counter[str], Counter[str], int]] = defaultdict(lambda: (Counter(), Counter(), 0))
    for task in tasks:
        owners = {p for p in (people.resolve(a) for a in task.assignees) if p}
        if not owners:
            continue
        hits = [labels[x.lower()] for x in (*task.labels, *task.components) if x.lower() in labels]
        family = (
            hits[0][0] if hits else ("Engineering" if (task.issue_type or "").lower() in eng_types else None)
        )
        for owner in owners:
            fams, roles, n = found[owner]
            if family:
                fams[family] += 1
            for hit in hits:
                if hit[0] == "Engineering":
                    roles[hit[1]] += 1
            found[owner] = (fams, roles, n + 1)
    return found


def role_signals(
    ctx: RunContext, people: People, detection: Detection, book: LeadershipBook
) -> list[RoleSignals]:
    """What roles.py needs about every person (04 §1.2 step 1 and 2 inputs)."""
    vocab_sum: dict[str, Counter[str]] = defaultdict(Counter)
    words: Counter[str] = Counter()
    for m in ctx.messages:
        author = people.resolve(m.author)
        feats = ctx.features.get(m.message_id)
        if author is None or feats is None or not m.is_slack or m.is_bot:
            continue
        words[author] += feats.words
        vocab_sum[author].update(dict(feats.vocab))
    functional: dict[str, list[str]] = vocabulary()["functional_channels"]
    channels: dict[str, dict[str, str]] = defaultdict(dict)
    channel_roles: dict[str, dict[str, str]] = defaultdict(dict)
    for channel in ctx.snapshot.channels:
        spec = functional.get(channel.name.lower())
        if spec is None:
            continue
        for member in sorted(p for p in (people.resolve(x) for x in channel.members) if p):
            channels[member][channel.name] = str(spec[0])
            channel_roles[member][channel.name] = str(spec[1])
    doc_classes: dict[str, Counter[str]] = defaultdict(Counter)
    from chiefops.intel.features import vocab_counts

    for doc in ctx.snapshot.documents:
        owner = people.resolve(doc.owner)
        if owner:
            for term_class, _ in vocab_counts(f"{doc.title or ''} {doc.file_name} {' '.join(doc.tags)}"):
                doc_classes[owner][term_class] += 1
    tasks = _task_signals(ctx.jira_tasks, people)
    signals = []
    for person in people.persons():
        fams, roles, n = tasks.get(person.person_id, (Counter(), Counter(), 0))
        signals.append(
            RoleSignals(
                person_id=person.person_id,
                title=person.title,
                task_families=dict(fams),
                task_roles=dict(roles),
                task_count=n,
                vocab=dict(vocab_sum.get(person.person_id, {})),
                words=words.get(person.person_id, 0),
                channels=channels.get(person.person_id, {}),
                channel_roles=channel_roles.get(person.person_id, {}),
                doc_classes=dict(doc_classes.get(person.person_id, {})),
                leadership=book.of(person.person_id, ORG),
                leadership_refs=book.refs_of(person.person_id, ORG),
            )
        )
    return signals


def run_roles(
    ctx: RunContext, people: People, detection: Detection, book: LeadershipBook
) -> dict[str, RoleResult]:
    return compute_roles(role_signals(ctx, people, detection, book), cfg=ctx.config.roles)


@dataclass(frozen=True)
class ActivityStage:
    levels: dict[str, ActivityResult]
    engagement: dict[str, dict[str, dict[str, float | int | None]]]
    totals: dict[str, dict[str, int]]
    subscores: dict[str, dict[str, float]]
    open_tasks: dict[str, int]
    in_progress: dict[str, int]


def effective_assignees(
    tasks: Sequence[Task], informal: InformalResult, corrections: Sequence[Correction], people: People
) -> dict[str, list[str]]:
    """task_id → effective assignees: formal, else inferred from Slack (04 §1.4), COO `assignee` facts last."""
    result: dict[str, list[str]] = {}
    for task in tasks:
        formal = formal_assignees(task)
        inferred = [e.target for e in informal.inferred.get(task.task_id, [])]
        result[task.task_id] = sorted({p for p in (people.resolve(a) for a in (formal or inferred)) if p})
    for task in informal.created:
        result[task.task_id] = list(task.assignees)
    for item in corrections:
        if item.field == "assignee" and item.kind == "task" and item.ref in result:
            named = [people.find(v) for v in item.value.split(",")] if not is_none(item.value) else []
            result[item.ref] = sorted({p for p in named if p})
    return result


def formal_assignees(task: Task) -> list[str]:
    """The task's own (Jira) assignees: assignees intel inferred from Slack are not formal."""
    inferred = {e.target for e in task.source_evidence.slack_messages}
    return [a for a in task.assignees if a not in inferred]


def departed(corrections: Sequence[Correction], people: People) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in corrections:
        if item.field == "departed":
            person = people.find(item.ref)
            if person:
                day = parse_day(item.value)
                found[person] = f"departed {day.isoformat()}" if day else "departed"
    return found


def run_activity(
    ctx: RunContext, people: People, informal: InformalResult, assignees: Mapping[str, Sequence[str]]
) -> ActivityStage:
    windows = Windows(as_of=ctx.day, days=ctx.config.activity.window_days)
    books = new_books(p.person_id for p in people.persons())
    messages = _until_departure(ctx.messages, departed(ctx.corrections, people), people, ctx.corrections)
    count_messages(books, messages, people.resolve, windows, response_h=ctx.config.activity.response_window_h)
    count_tasks(books, [*ctx.jira_tasks, *informal.created], people.resolve, windows, assignees_of=assignees)
    count_documents(books, ctx.snapshot.documents, people.resolve, windows)
    known = {p.person_id for p in people.persons()}
    books_known: dict[str, PersonBook] = {k: v for k, v in books.items() if k in known}
    inactive = {p.person_id: "deactivated account" for p in people.persons() if p.deactivated}
    inactive.update(departed(ctx.corrections, people))
    start = min((m.at.date() for m in ctx.messages), default=None)
    levels = compute_levels(
        books_known, as_of=ctx.day, inactive=inactive, data_start=start, cfg=ctx.config.activity
    )
    engagement = {
        p: {
            "current": b.current.as_dict(open_tasks=b.open_tasks, overdue=b.overdue),
            "prior": b.prior.as_dict(open_tasks=0, overdue=0),
        }
        for p, b in books_known.items()
    }
    totals = {
        p: {
            "messages_sent": b.messages_sent,
            "threads_replied": len(b.threads_replied),
            "tasks_assigned": b.open_tasks,
            "tasks_completed": b.done_tasks,
        }
        for p, b in books_known.items()
    }
    return ActivityStage(
        levels=levels,
        engagement=engagement,
        totals=totals,
        subscores=team_subscores(books_known, cfg=ctx.config.activity),
        open_tasks={p: b.open_tasks for p, b in books_known.items()},
        in_progress={p: b.in_progress for p, b in books_known.items()},
    )


def _until_departure(
    messages: Sequence[MessageRow], gone: Mapping[str, str], people: People, corrections: Sequence[Correction]
) -> list[MessageRow]:
    """Messages, minus activity after a person's `departed` date (04 §1.5)."""
    cutoffs = {}
    for item in corrections:
        if item.field == "departed" and (person := people.find(item.ref)) and (day := parse_day(item.value)):
            cutoffs[person] = day
    if not cutoffs:
        return list(messages)
    return [
        m for m in messages if (p := people.resolve(m.author)) not in cutoffs or m.at.date() <= cutoffs[p]
    ]


@dataclass(frozen=True)
class FinalRole:
    """A person's role after the COO overlay."""

    role: str
    role_source: RoleSource
    confidence: float
    department: str
    evidence: tuple[RoleEvidence, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class RoleOverlay:
    roles: dict[str, FinalRole] = field(default_factory=dict)


def overlay_roles(
    roles: Mapping[str, RoleResult], corrections: Sequence[Correction], people: People
) -> dict[str, FinalRole]:
    """`role` / `role_not` / `department` facts over the detected roles, in `established_at` order."""
    final = {
        pid: FinalRole(r.role, RoleSource.AI_IDENTIFIED, r.confidence, r.department, r.evidence)
        for pid, r in roles.items()
    }
    for item in corrections:
        if item.field not in ("role", "role_not", "department"):
            continue
        person = people.find(item.ref)
        if person is None or person not in final:
            continue
        current = final[person]
        evidence = (RoleEvidence("coo", 1, f"{item.label}: {item.field} = {item.value}"), *current.evidence)
        if item.field == "department":
            final[person] = FinalRole(
                current.role, current.role_source, current.confidence, item.value, evidence[:8], current.title
            )
        elif item.field == "role" and (role := role_from_words(item.value)):
            department = _department_of(role) or current.department
            final[person] = FinalRole(
                role, RoleSource.COO_CORRECTED, 1.0, department, evidence[:8], item.value
            )
        elif item.field == "role_not" and role_from_words(item.value) == current.role:
            fallback = next_best_role(roles[person]) if person in roles else "team_member"
            final[person] = FinalRole(
                fallback, RoleSource.AI_IDENTIFIED, current.confidence, current.department, evidence[:8]
            )
    return final


def next_best_role(result: RoleResult) -> str:
    """The detected role without leadership (a leader falls back to the base role of the family)."""
    if result.role in ("tech_lead", "architect", "engineering_manager"):
        return "developer"
    families = sorted(result.family_scores.items(), key=lambda kv: (-kv[1], kv[0]))
    second = families[1][0] if len(families) > 1 else None
    defaults = {f: str(spec["role"]) for f, spec in vocabulary()["families"].items()}
    return defaults.get(second or "", "team_member")


def _department_of(role: str) -> str | None:
    for term_class in ("architecture", "delivery", "design", "sales", "customer", "finance"):
        family, class_role = class_family(term_class)
        if class_role == role:
            return family
    engineering = {
        "developer",
        "mobile_developer",
        "frontend_developer",
        "backend_developer",
        "qa_engineer",
        "devops_engineer",
        "data_engineer",
        "tech_lead",
        "architect",
        "engineering_manager",
    }
    if role in engineering:
        return "Engineering"
    return {
        "project_manager": "Product",
        "marketing": "Marketing",
        "operations": "Operations",
        "people_ops": "People Ops",
        "executive": "Executive",
    }.get(role)
