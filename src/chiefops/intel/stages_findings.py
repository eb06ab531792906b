"""Inputs for the gap, risk, readiness and briefing stages (spec 04 §5–6) from one run.

intel-findings' functions are pure over explicit inputs; this module gathers those inputs: the type
signals and tasks of a project, the effective assignees and project roles, the forecast and flow
numbers the risk rules compare, unanswered blocker threads, silent members, Slack-versus-Jira
disagreements and the COO decisions waiting for the briefings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from chiefops.intel.context import People, RunContext
from chiefops.intel.corrections import dismissed_findings
from chiefops.intel.evidence import Evidence, EvidenceKind, Finding, Severity, excerpt
from chiefops.intel.features import BLOCKER, DONE, MessageFeatures
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.forecast import Forecast
from chiefops.intel.gaps import GapInputs, GapReport, ProjectRef, compute_gaps
from chiefops.intel.gaps_checklists import ChecklistSet
from chiefops.intel.gaps_search import TextSearch
from chiefops.intel.gaps_types import build_type_signals
from chiefops.intel.health_comm import BlockerThread as CommThread
from chiefops.intel.people_flags import FlagRecord
from chiefops.intel.projects import ProjectSeed
from chiefops.intel.risks import RiskReport, compute_risks
from chiefops.intel.risks_inputs import (
    BlockerThread,
    Disagreement,
    RiskInputs,
    SilentMember,
    SinglePointOfFailure,
    TaskBrief,
    Workload,
)
from chiefops.intel.risks_rules import RisksConfig
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.stages_projects import ProjectPlan
from chiefops.models import Channel, Document, PersonFlag, Project, StatusCategory, Task
from chiefops.models.status import OPEN_CATEGORIES


def project_ref(seed: ProjectSeed, plan: ProjectPlan | None) -> ProjectRef:
    return ProjectRef(project_id=seed.project_id, name=seed.name, deadline=plan.deadline if plan else None)


def run_gaps(
    ctx: RunContext,
    *,
    seed: ProjectSeed,
    plan: ProjectPlan | None,
    tasks: Sequence[Task],
    documents: Sequence[Document],
    channels: Sequence[Channel],
    assignees: Mapping[str, Sequence[str]],
    people: People,
    inactive: set[str],
    flow: FlowMetrics,
    forecast: Forecast,
    checklists: ChecklistSet,
    search: TextSearch,
    first_seen: Mapping[str, datetime],
) -> GapReport:
    project = Project(
        project_id=seed.project_id,
        name=seed.name,
        description=seed.description,
        created_at=ctx.at,
        updated_at=ctx.at,
        last_analyzed_at=ctx.at,
    )
    owners = (
        {m.role_in_project: m.person_id for m in sorted(plan.people.members, key=lambda m: m.person_id)}
        if plan
        else {}
    )
    inputs = GapInputs(
        project=project_ref(seed, plan),
        signals=build_type_signals(project, tasks=tasks, documents=documents, channels=channels),
        tasks=tasks,
        assignees=assignees,
        inactive_people=frozenset(inactive),
        owners_by_role=owners,
        people_names={p.person_id: p.name for p in people.persons()},
        lead_time_p50_days=flow.lead_time.p50,
        forecast_p85=forecast.p85.on if forecast.p85 is not None else None,
        dismissed=dismissed_findings(ctx.corrections),
        first_seen=first_seen,
    )
    return compute_gaps(inputs, as_of=ctx.at, checklists=checklists, search=search, cfg=ctx.config.gaps)


def _brief(task: Task, *, as_of: date | None = None) -> TaskBrief:
    age = (as_of - task.created_date.date()).days if as_of else None
    return TaskBrief(
        ref=task.jira_key or task.task_id,
        summary=task.summary,
        source="jira" if task.jira_key else "slack",
        age_days=age,
    )


def slack_claim(text: str, key: str) -> str | None:
    """What a message says about one task: "blocked", "done" or None (the key and the claim side by side)."""
    k = re.escape(key)
    if re.search(
        rf"\b{k}\b[^.?!\n]{{0,30}}\b(is |are |still |got )?(blocked|stuck)\b|\b(blocked|stuck) (on|by) {k}\b",
        text,
        re.I,
    ):
        return "blocked"
    said_done = re.search(
        rf"\b{k}\b (is |was |has been )?(now )?(done|shipped|finished|merged|closed)\b|\b(done with|finished|shipped|merged|closed) {k}\b",
        text,
        re.I,
    )
    return "done" if said_done and not re.search(r"\bnot (yet )?(done|finished)\b", text, re.I) else None


def disagreements(
    messages: Sequence[MessageRow],
    features: Mapping[str, MessageFeatures],
    tasks: Mapping[str, Task],
    *,
    as_of: datetime,
    days: int = 7,
) -> list[Disagreement]:
    """Slack says blocked or done about a task Jira does not show so, key mentioned within 7 days (R12)."""
    found: dict[tuple[str, str], Disagreement] = {}
    since = as_of - timedelta(days=days)
    for m in messages:
        feats = features.get(m.message_id)
        if m.at < since or feats is None or not m.jira_refs or not (feats.has(BLOCKER) or feats.has(DONE)):
            continue
        for key in m.jira_refs:
            task = tasks.get(key)
            if task is None or task.status_category not in OPEN_CATEGORIES:
                continue
            claim = slack_claim(m.text, key)
            says: Literal["blocked", "done"] | None = (
                "done"
                if claim == "done"
                else ("blocked" if claim == "blocked" and not task.is_blocker else None)
            )
            if says is None or (key, says) in found:
                continue
            evidence = [
                Evidence(
                    kind=EvidenceKind.MESSAGE,
                    ref=m.natural_key,
                    source="slack",
                    label=f"#{m.channel} {m.at:%Y-%m-%d %H:%M}",
                    excerpt=excerpt(m.text),
                    at=m.at,
                ),
                Evidence(
                    kind=EvidenceKind.TASK,
                    ref=key,
                    source="jira",
                    label=key,
                    excerpt=f"Jira status: {task.status}",
                ),
            ]
            found[(key, says)] = Disagreement(
                task_ref=key, slack_says=says, jira_status=task.status, evidence=evidence
            )
    return [found[k] for k in sorted(found)]


def _people_risks(
    flags: Mapping[str, Sequence[FlagRecord]], project_id: str, names: Mapping[str, str]
) -> tuple[list[SilentMember], list[SinglePointOfFailure]]:
    """The project's silent members (R5) and single points of failure (R4) from the people flags."""
    silent: list[SilentMember] = []
    spof: list[SinglePointOfFailure] = []
    for person, records in sorted(flags.items()):
        for record in (r for r in records if r.project_id == project_id):
            name = names.get(person, person)
            if record.flag is PersonFlag.SILENT_IN_PROJECT:
                briefs = [TaskBrief(ref=e.ref, summary=e.excerpt or e.label) for e in record.evidence]
                silent.append(
                    SilentMember(
                        person_id=person,
                        name=name,
                        severity=record.severity,
                        days_silent=record.days_silent or 0,
                        open_tasks=briefs,
                        evidence=list(record.evidence[:3]),
                    )
                )
            elif record.flag is PersonFlag.SINGLE_POINT_OF_FAILURE:
                spof.append(
                    SinglePointOfFailure(
                        person_id=person, name=name, scope=record.scope or "", open_tasks=len(record.evidence)
                    )
                )
    return silent, spof


def _unanswered(
    threads: Sequence[CommThread], messages_by_key: Mapping[str, MessageRow], *, as_of: datetime
) -> list[BlockerThread]:
    """Unanswered blocker threads (R3), with the first post as evidence."""
    found = []
    for thread in (t for t in threads if not t.is_answered):
        message = messages_by_key.get(thread.message_id)
        text = message.text if message else ""
        label = f"#{thread.channel_id} {thread.ts:%Y-%m-%d %H:%M}"
        evidence = Evidence(
            kind=EvidenceKind.MESSAGE,
            ref=thread.message_id,
            source="slack",
            label=label,
            excerpt=excerpt(text),
            at=thread.ts,
        )
        age = round((as_of - thread.ts).total_seconds() / 3600, 1)
        found.append(
            BlockerThread(
                ref=thread.message_id,
                channel=f"#{thread.channel_id}",
                posted_on=thread.ts.date(),
                age_hours=age,
                text=text,
                evidence=evidence,
            )
        )
    return found


def risk_inputs(
    ctx: RunContext,
    *,
    seed: ProjectSeed,
    plan: ProjectPlan | None,
    tasks: Sequence[Task],
    flow: FlowMetrics,
    forecast: Forecast,
    threads: Sequence[CommThread],
    messages_by_key: Mapping[str, MessageRow],
    assignees: Mapping[str, Sequence[str]],
    flags: Mapping[str, Sequence[FlagRecord]],
    names: Mapping[str, str],
    documents: Sequence[Document],
    slack_messages: Sequence[MessageRow],
    unowned_critical: frozenset[str] = frozenset(),
) -> RiskInputs:
    """Everything R1–R12 compare for one project, from the run's stages. Unassigned high-priority
    tasks that already have an `unowned_critical` finding (`unowned_critical`: their refs) are left
    out of R6, so one task is never counted twice."""
    by_id = {t.task_id: t for t in tasks}
    load: Counter[str] = Counter(
        p for t in tasks if t.status_category in OPEN_CATEGORIES for p in assignees.get(t.task_id, ())
    )
    silent, spof = _people_risks(flags, seed.project_id, names)
    velocity = flow.velocity
    return RiskInputs(
        project=project_ref(seed, plan),
        forecast_p50=forecast.p50.on if forecast.p50 is not None else None,
        forecast_p85=forecast.p85.on if forecast.p85 is not None else None,
        open_tasks=flow.open_tasks,
        blocked=[_brief(by_id[r.task_id], as_of=ctx.day) for r in flow.blocked.tasks if r.task_id in by_id],
        unanswered_threads=_unanswered(threads, messages_by_key, as_of=ctx.at),
        workload=[Workload(person_id=p, name=names.get(p, p), open_tasks=n) for p, n in sorted(load.items())],
        single_points_of_failure=spof,
        silent_members=silent,
        unassigned_high=[
            brief
            for brief in (
                _brief(by_id[r.task_id]) for r in flow.unassigned.effective_high_tasks if r.task_id in by_id
            )
            if brief.ref not in unowned_critical
        ],
        velocity_r=velocity.r,
        velocity_trend=velocity.direction,
        resolved_last_28d=velocity.last_tasks,
        resolved_prior_28d=velocity.prior_tasks,
        created_28d=flow.net_flow.created_28d,
        wip=flow.ageing_wip.wip,
        ageing_wip=flow.ageing_wip.ageing,
        overdue=flow.overdue.count,
        documents=len(documents),
        newest_document_on=max((d.modified_date.date() for d in documents), default=None),
        disagreements=disagreements(
            slack_messages, ctx.features, {t.jira_key: t for t in tasks if t.jira_key}, as_of=ctx.at
        ),
    )


def run_risks(ctx: RunContext, inputs: RiskInputs, cfg: RisksConfig) -> RiskReport:
    return compute_risks(inputs, as_of=ctx.day, cfg=cfg, dismissed=dismissed_findings(ctx.corrections))


def first_seen_of(previous: Sequence[Finding]) -> dict[str, datetime]:
    return {f.finding_id: f.first_seen_as_of for f in previous if f.first_seen_as_of is not None}


def severity_of(findings: Sequence[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


def open_task_count(tasks: Sequence[Task]) -> int:
    return sum(
        1
        for t in tasks
        if t.status_category in OPEN_CATEGORIES and t.status_category is not StatusCategory.CANCELLED
    )
