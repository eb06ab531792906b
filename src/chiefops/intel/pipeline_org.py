"""Org roll-ups and briefings of a run (spec 04 §4 org health, §6 briefings).

The org health averages the active projects' sub-scores; briefings are built from the run's states,
findings and the COO decisions waiting. A briefing compares with the previous briefing's snapshot of
the same scope, fixed at the moment the briefing's own inputs last changed, so re-running with
nothing new never moves what_changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

from chiefops.intel.briefing import compute_org_briefing, compute_project_briefing
from chiefops.intel.briefing_changes import build_snapshot_summary, compute_task_changes
from chiefops.intel.briefing_models import (
    AppliedCorrection,
    Briefing,
    BriefingInputs,
    ContradictedCorrection,
    MilestoneState,
    OrphanedCorrection,
    PendingMatch,
    PersonDigest,
    ProjectState,
    SilentMemberState,
    SnapshotSummary,
    TaskChanges,
    UncertainLead,
)
from chiefops.intel.cache import CacheEntry, digest
from chiefops.intel.context import People, RunContext
from chiefops.intel.corrections import Correction, Orphan
from chiefops.intel.evidence import Evidence, EvidenceKind, Finding
from chiefops.intel.flow import compute_org_flow
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.health import OrgProjectHealth, compute_org_health
from chiefops.intel.health_models import HealthScore, HealthTrend
from chiefops.intel.identity import PossibleMatch
from chiefops.intel.people_flags import FlagRecord
from chiefops.intel.pipeline_projects import ProjectResult, health_trend_of, trend_basis
from chiefops.intel.stage_runner import StageRunner
from chiefops.intel.stages_metrics import flow_context
from chiefops.intel.stages_people import FinalRole
from chiefops.intel.stages_projects import ProjectPlan
from chiefops.models import ActivityLevel, PersonFlag, ProjectStatus, Task


@dataclass(frozen=True)
class OrgResult:
    flow: FlowMetrics
    health: HealthScore | None
    trend: HealthTrend | None
    briefing: Briefing
    project_briefings: dict[str, Briefing]


def project_state(
    result: ProjectResult,
    plan: ProjectPlan | None,
    flags: Mapping[str, Sequence[FlagRecord]],
    names: Mapping[str, str],
) -> ProjectState:
    silent = [
        SilentMemberState(person_id=p, name=names.get(p, p), severity=f.severity, open_tasks=len(f.evidence))
        for p, records in sorted(flags.items())
        for f in records
        if f.flag is PersonFlag.SILENT_IN_PROJECT and f.project_id == result.project_id
    ]
    milestones = [
        MilestoneState(name=m.name, on=m.date.date(), status=m.status)
        for m in (plan.milestones if plan else ())
    ]
    return ProjectState(
        project_id=result.project_id,
        name=result.name,
        status=result.status.status,
        status_reasons=[r.sentence for r in result.status.reasons],
        health=result.health.score,
        velocity_trend=result.flow.velocity.direction,
        open_tasks=result.flow.open_tasks,
        blocked_open=result.flow.blocked.count,
        overdue=result.flow.overdue.count,
        completion_pct=result.flow.completion_pct or 0.0,
        deadline=plan.deadline if plan else None,
        silent_members=silent,
        milestones=milestones,
    )


def _pending(matches: Sequence[PossibleMatch]) -> list[PendingMatch]:
    return [
        PendingMatch(
            match_id=m.match_id,
            question=m.question,
            confidence=m.confidence,
            evidence=[
                Evidence(
                    kind=EvidenceKind.PERSON,
                    ref=m.a,
                    source="derived",
                    label=m.question[:120],
                    excerpt="; ".join(m.reasons)[:200],
                )
            ],
        )
        for m in matches
    ]


def _uncertain_leads(
    plans: Mapping[str, ProjectPlan], roles: Mapping[str, FinalRole], names: Mapping[str, str]
) -> list[UncertainLead]:
    leads = []
    for pid, plan in sorted(plans.items()):
        for member in plan.people.members:
            role = roles.get(member.person_id)
            if (
                member.role_in_project in ("tech_lead", "architect", "pm")
                and role
                and role.role_source.value == "ai_identified"
                and role.confidence < 0.60
            ):
                evidence = [
                    Evidence(
                        kind=EvidenceKind.PERSON,
                        ref=member.person_id,
                        source="derived",
                        label=names.get(member.person_id, member.person_id),
                        excerpt=(role.evidence[0].text if role.evidence else "")[:200],
                    )
                ]
                leads.append(
                    UncertainLead(
                        person_id=member.person_id,
                        name=names.get(member.person_id, member.person_id),
                        project_id=pid,
                        role=role.role,
                        confidence=role.confidence,
                        evidence=evidence,
                    )
                )
    return leads


def _applied(
    corrections: Sequence[Correction], project_ids: AbstractSet[str], describe: Callable[[Correction], str]
) -> list[AppliedCorrection]:
    """Every active correction, tied to the project it names (subject, value or @project)."""
    applied = []
    for item in corrections:
        named = [p for p in (item.ref, item.project, item.value) if p in project_ids]
        applied.append(
            AppliedCorrection(
                fact_id=item.fact_id,
                project_id=named[0] if named else None,
                text=describe(item),
                on=item.established_at.date(),
            )
        )
    return sorted(applied, key=lambda c: c.fact_id)


_DID = {
    "assigns": ("assigned", "task", "tasks"),
    "reviews": ("posted", "review", "reviews"),
    "unblocks": ("answered", "blocker thread", "blocker threads"),
    "decisions": ("made", "architecture decision", "architecture decisions"),
    "design_docs": ("wrote", "design doc", "design docs"),
}


def _contradicted(
    plans: Mapping[str, ProjectPlan], names: Mapping[str, str], projects: Mapping[str, str]
) -> list[ContradictedCorrection]:
    """One item per COO lead correction the data still disagrees with (04 §1.5)."""
    found = []
    for pid, plan in sorted(plans.items()):
        for c in plan.people.contradictions:
            shown = sorted(c.counts, key=lambda tc: (-tc[1], tc[0]))[:2]
            did = " and ".join(
                f"{_DID[t][0]} {n} {_DID[t][1] if n == 1 else _DID[t][2]}" for t, n in shown if t in _DID
            )
            person, named, project = (
                names.get(c.person_id, c.person_id),
                names.get(c.named_id, c.named_id),
                projects.get(pid, pid),
            )
            text = (
                f"Your correction makes {named} {project}'s tech lead; the data still points at {person}, "
                + (
                    f"who {did} there in the last 90 days (L = {c.leadership:.2f})."
                    if did
                    else f"L = {c.leadership:.2f}."
                )
            )
            evidence = [
                Evidence(kind=EvidenceKind.FACT, ref=c.fact_id, source="coo", label=f"COO: {named} leads {project}"),
                Evidence(kind=EvidenceKind.PERSON, ref=c.person_id, source="derived", label=f"{person}: L = {c.leadership:.2f}",
                         excerpt=", ".join(f"{t} {n}" for t, n in c.counts)[:200]),
            ]  # fmt: skip
            found.append(
                ContradictedCorrection(
                    fact_id=c.fact_id, project_id=pid, person_id=c.person_id, text=text, evidence=evidence
                )
            )
    return found


def _orphans(orphans: Sequence[Orphan]) -> list[OrphanedCorrection]:
    return [
        OrphanedCorrection(
            fact_id=o.fact_id,
            text=o.sentence,
            evidence=[Evidence(kind=EvidenceKind.FACT, ref=o.fact_id, source="coo", label=o.subject)],
        )
        for o in orphans
    ]


def run_org(
    ctx: RunContext,
    runner: StageRunner,
    *,
    results: Mapping[str, ProjectResult],
    plans: Mapping[str, ProjectPlan],
    tasks: Mapping[str, list[Task]],
    assignees: Mapping[str, list[str]],
    people: People,
    roles: Mapping[str, FinalRole],
    levels: Mapping[str, object],
    flags: Mapping[str, list[FlagRecord]],
    orphans: Sequence[Orphan],
    describe: Callable[[Correction], str],
) -> OrgResult:
    all_tasks = [t for ts in tasks.values() for t in ts]
    context = flow_context(ctx, assignees, all_tasks)
    flow = runner.run(
        "flow",
        "org",
        [*(runner.out("flow", p) for p in sorted(results))],
        lambda: compute_org_flow(tasks, as_of=ctx.at, cfg=ctx.config.flow, context=context),
    )
    active = [
        OrgProjectHealth(project_id=p, name=r.name, health=r.health, open_tasks=r.flow.open_tasks)
        for p, r in sorted(results.items())
        if r.status.status is not ProjectStatus.COMPLETED
    ]
    alerts = len(ctx.snapshot.open_alerts)
    previous_health = runner.cache.peek("health", "org")
    health = (
        runner.run(
            "health",
            "org",
            [*(runner.out("health", p.project_id) for p in active), alerts],
            lambda: compute_org_health(active, open_alerts=alerts, cfg=ctx.config.health),
        )
        if active
        else None
    )
    basis = trend_basis(ctx, describe, project_id=None, alerts=alerts)
    trend = (
        health_trend_of(ctx, health, previous_health, runner, "org", basis=basis)
        if health is not None
        else None
    )
    names = {p.person_id: p.name for p in people.persons()}
    states = [project_state(r, plans.get(p), flags, names) for p, r in sorted(results.items())]
    findings: list[Finding] = [f for r in results.values() for f in (*r.gaps.findings, *r.risks.findings)]
    digests = [
        PersonDigest(person_id=p, name=names.get(p, p), activity_level=getattr(levels.get(p), "level", None))
        for p in sorted(names)
    ]
    summary = build_snapshot_summary(
        as_of=ctx.day,
        org_health=health.score if health else None,
        projects=states,
        findings=findings,
        people=digests,
        corrections=_applied(ctx.corrections, {r.project_id for r in results.values()}, describe),
    )
    extras = Waiting(
        pending_matches=_pending(people.result.possible_matches),
        uncertain_leads=_uncertain_leads(plans, roles, names),
        orphaned_corrections=_orphans(orphans),
        contradicted_corrections=_contradicted(plans, names, {p: r.name for p, r in results.items()}),
    )
    parts = [digest(summary), digest(findings), digest(extras)]
    previous = runner.cache.peek("briefing", "org")
    changes = _task_changes(all_tasks, ctx.day)
    org = runner.run(
        "briefing", "org", parts, _briefing_call(ctx, summary, findings, changes, extras, previous, None)
    )
    per_project = {}
    for state in states:
        pid = state.project_id
        before = runner.cache.peek("briefing", pid)
        mine = [f for f in findings if f.project_id == pid]
        leads = [lead for lead in extras.uncertain_leads if lead.project_id == pid]
        slice_parts = [
            digest(state),
            digest(mine),
            digest(leads),
            digest([c for c in summary.corrections if c.project_id == pid]),
            str(summary.as_of),
        ]
        per_project[pid] = runner.run(
            "briefing",
            pid,
            slice_parts,
            _briefing_call(ctx, summary, findings, changes, extras, before, pid),
        )
    return OrgResult(flow=flow, health=health, trend=trend, briefing=org, project_briefings=per_project)


@dataclass(frozen=True)
class Waiting:
    """COO decisions a briefing lists under needs_attention."""

    pending_matches: list[PendingMatch]
    uncertain_leads: list[UncertainLead]
    orphaned_corrections: list[OrphanedCorrection]
    contradicted_corrections: list[ContradictedCorrection]


def _task_changes(tasks: list[Task], as_of: date) -> Callable[[date | None], list[TaskChanges]]:
    """`compute_task_changes` of the run's tasks, computed once per `since` (most scopes share one)."""
    memo: dict[date | None, list[TaskChanges]] = {}

    def changes(since: date | None) -> list[TaskChanges]:
        if since not in memo:
            memo[since] = compute_task_changes(tasks, since=since, as_of=as_of)
        return memo[since]

    return changes


def _briefing_call(
    ctx: RunContext,
    summary: SnapshotSummary,
    findings: list[Finding],
    changes: Callable[[date | None], list[TaskChanges]],
    waiting: Waiting,
    previous_entry: CacheEntry | None,
    project_id: str | None,
) -> Callable[[], Briefing]:
    """The briefing of one scope, compared with the previous briefing of that scope (None on the first run)."""

    def build() -> Briefing:
        before = previous_entry.output if previous_entry is not None else None
        previous = (
            before.snapshot if isinstance(before, Briefing) and before.snapshot.as_of <= ctx.day else None
        )
        inputs = BriefingInputs(
            as_of=ctx.day,
            current=summary,
            previous=previous,
            findings=findings,
            task_changes=changes(previous.as_of if previous else None),
            pending_matches=waiting.pending_matches,
            uncertain_leads=waiting.uncertain_leads,
            orphaned_corrections=waiting.orphaned_corrections,
            contradicted_corrections=waiting.contradicted_corrections,
        )
        cfg = ctx.config.briefing
        return (
            compute_project_briefing(project_id, inputs, cfg=cfg)
            if project_id
            else compute_org_briefing(inputs, cfg=cfg)
        )

    return build


__all__ = ["ActivityLevel", "OrgResult", "project_state", "run_org"]
