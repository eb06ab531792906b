"""The project stages of a run (spec 04 §1.4, §2): detection, informal assignments, project people.

Also the one place where a project fact reaches a person's role: the COO's tech lead of a project
becomes `tech_lead` (`coo_corrected`) and the detected holder loses that role (04 §1.5, A6).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from chiefops.intel.context import People, RunContext
from chiefops.intel.corrections import Correction
from chiefops.intel.informal import InformalInputs, InformalResult, compute_informal
from chiefops.intel.leadership import LeadershipBook
from chiefops.intel.project_plan import (
    MemberInputs,
    ProjectPeople,
    deadline_statements,
    milestones,
    pick_deadline,
    pm_override,
    project_members,
)
from chiefops.intel.projects import Detection, detect_projects, tokens
from chiefops.intel.roles import RoleEvidence, RolesConfig, leadership_terms
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.stages_people import FinalRole, next_best_role
from chiefops.models import Milestone, RoleSource, Task

_KEY = re.compile(r"\b([A-Z][A-Z0-9_]{1,9})-\d+\b")


def doc_key_mentions(texts: Mapping[str, str], keys: Sequence[str]) -> dict[str, dict[str, int]]:
    """document_id → Jira key prefix → mentions in the document's text."""
    known = set(keys)
    found: dict[str, dict[str, int]] = {}
    for document_id, text in texts.items():
        counts = Counter(k for k in _KEY.findall(text) if k in known)
        if counts:
            found[document_id] = dict(sorted(counts.items()))
    return found


def run_detection(ctx: RunContext, people: People, doc_texts: Mapping[str, str]) -> Detection:
    keys = sorted(
        {(t.jira_project_key or (t.jira_key or "").split("-")[0]).upper() for t in ctx.jira_tasks} - {""}
    )
    return detect_projects(
        stored=ctx.snapshot.projects,
        tasks=ctx.jira_tasks,
        channels=ctx.snapshot.channels,
        messages=ctx.messages,
        documents=ctx.snapshot.documents,
        doc_key_mentions=doc_key_mentions(doc_texts, keys),
        people_count=len(people.persons()),
        corrections=ctx.corrections,
        cfg=ctx.config.projects,
    )


def run_informal(ctx: RunContext, people: People, detection: Detection) -> InformalResult:
    members = {
        c.name: frozenset(p for p in (people.resolve(m) for m in c.members) if p)
        for c in ctx.snapshot.channels
    }
    words = {
        s.project_id: frozenset(t for t in tokens(s.name) if len(t) >= 4) | {k.lower() for k in s.keys}
        for s in detection.seeds
    }
    inputs = InformalInputs(
        messages=ctx.messages,
        features=ctx.features,
        resolve=people.resolve,
        slack_person=people.slack,
        person_key={p.person_id: p.node_keys[0] for p in people.persons()},
        first_names=people.first_names,
        channel_members=members,
        channel_project={c: m.project_id for c, m in detection.channels.items()},
        project_words=words,
        tasks=ctx.jira_tasks,
    )
    return compute_informal(inputs, cfg=ctx.config.informal)


@dataclass(frozen=True)
class ProjectPlan:
    project_id: str
    deadline: date | None
    deadline_basis: str
    deadline_ref: str | None
    milestones: tuple[Milestone, ...]
    people: ProjectPeople


@dataclass
class ProjectsStage:
    plans: dict[str, ProjectPlan] = field(default_factory=dict)


def run_project_people(
    ctx: RunContext,
    people: People,
    detection: Detection,
    informal: InformalResult,
    roles: Mapping[str, FinalRole],
    book: LeadershipBook,
    p90: Mapping[str, float],
    assignees: Mapping[str, Sequence[str]],
) -> ProjectsStage:
    """Deadline, milestones, members and roles in each project (04 §2.5–2.6)."""
    tasks_by: dict[str, list[Task]] = defaultdict(list)
    for task in [*ctx.jira_tasks, *informal.created]:
        tasks_by[task.project_id].append(task)
    messages_by: dict[str, list[MessageRow]] = defaultdict(list)
    for m in ctx.messages:
        project = detection.channel_project(m.channel)
        if project and m.is_slack:
            messages_by[project].append(m)
    docs = {d.document_id: d for d in ctx.snapshot.documents}
    role_of = {p: r.role for p, r in roles.items()}
    stage = ProjectsStage()
    for seed in detection.seeds:
        pid = seed.project_id
        channels = [c for c in ctx.snapshot.channels if detection.channel_project(c.name) == pid]
        fact = next(
            (
                c
                for c in reversed(ctx.corrections)
                if c.kind == "project" and c.ref == pid and c.field == "deadline"
            ),
            None,
        )
        statements = deadline_statements(
            channels=channels, messages=messages_by[pid], features=ctx.features, as_of=ctx.at
        )
        deadline, basis, ref = pick_deadline(fact=fact, statements=statements, tasks=tasks_by[pid])
        inputs = MemberInputs(
            project_id=pid,
            tasks=tasks_by[pid],
            messages=messages_by[pid],
            documents=[docs[d] for d in detection.documents_of(pid) if d in docs],
            assignees_of=assignees,
            roles=role_of,
            leadership=_local_leadership(book, pid, p90, ctx.config.roles),
            resolve=people.resolve,
            corrections=ctx.corrections,
            resolve_person=people.find,
            leadership_counts=_local_counts(book, pid),
            contradiction_min=ctx.config.roles.leadership_min,
        )
        members = project_members(inputs, as_of=ctx.at, cfg=ctx.config.projects)
        pm_override(members, ctx.corrections, pid, people.find)
        stage.plans[pid] = ProjectPlan(
            pid, deadline, basis, ref, tuple(milestones(tasks_by[pid], as_of=ctx.day)), members
        )
    return stage


def _local_counts(book: LeadershipBook, project_id: str) -> Callable[[str], dict[str, int]]:
    def counts(person: str) -> dict[str, int]:
        return book.of(person, project_id)

    return counts


def _local_leadership(book: LeadershipBook, project_id: str, p90: Mapping[str, float], cfg: RolesConfig):  # type: ignore[no-untyped-def]
    weights = dict(cfg.l_weights)

    def level(person: str) -> float:
        terms = leadership_terms(book.of(person, project_id), p90, cfg)
        return round(sum(weights[t] * v for t, v in terms.items()), 4)

    return level


def apply_lead_facts(
    roles: dict[str, FinalRole], stage: ProjectsStage, corrections: Sequence[Correction], people: People
) -> dict[str, FinalRole]:
    """The COO's tech lead becomes `tech_lead` (coo_corrected); the replaced holder loses the role."""
    final = dict(roles)
    explicit = {people.find(c.ref) for c in corrections if c.field == "role" and c.kind == "person"}
    for plan in stage.plans.values():
        named = next(
            (m for m in plan.people.members if m.role_in_project == "tech_lead" and m.set_by_coo), None
        )
        if named is None:
            continue
        label = next(
            (c.label for c in corrections if c.field in ("tech_lead", "role_in_project")), "COO correction"
        )
        if named.person_id in final and named.person_id not in explicit:
            current = final[named.person_id]
            evidence = (RoleEvidence("coo", 1, f"{label}: tech lead of the project"), *current.evidence)
            final[named.person_id] = FinalRole(
                "tech_lead", RoleSource.COO_CORRECTED, 1.0, "Engineering", evidence[:8], current.title
            )
        previous = plan.people.previous_tech_lead
        if (
            previous
            and previous in final
            and previous not in explicit
            and final[previous].role == "tech_lead"
            and final[previous].role_source is RoleSource.AI_IDENTIFIED
        ):
            current = final[previous]
            fallback = "developer" if current.role == "tech_lead" else current.role
            evidence = (
                RoleEvidence("coo", 1, f"{label}: no longer the project's tech lead"),
                *current.evidence,
            )
            final[previous] = FinalRole(
                fallback,
                RoleSource.AI_IDENTIFIED,
                current.confidence,
                current.department,
                evidence[:8],
                current.title,
            )
    return final


__all__ = [
    "ProjectPlan",
    "ProjectsStage",
    "apply_lead_facts",
    "doc_key_mentions",
    "next_best_role",
    "run_detection",
    "run_informal",
    "run_project_people",
]
