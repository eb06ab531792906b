"""Inputs for the flow, forecast, feasibility, health and status stages (spec 04 §3–4).

intel-metrics' functions are pure over explicit inputs; this module gathers those inputs from the run:
each project's tasks (Jira plus Slack-identified), its channel messages as `CommMessage`s, its
documents, open alerts, active members and silent members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from chiefops.intel.context import People, RunContext
from chiefops.intel.feasibility import Feasibility, compute_feasibility
from chiefops.intel.flow import FlowContext, compute_flow
from chiefops.intel.flow_models import FlowMetrics, TaskRef
from chiefops.intel.forecast import Forecast, compute_forecast
from chiefops.intel.health import compute_health, health_inputs
from chiefops.intel.health_comm import (
    BlockerThread,
    CommMessage,
    communication_and_threads,
    message_flags,
)
from chiefops.intel.health_models import HealthScore
from chiefops.intel.health_subscores import CommunicationInputs, DocumentationInputs
from chiefops.intel.people_flags import FlagRecord
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.stages_projects import ProjectPlan
from chiefops.intel.status import SilentMember, StatusResult, compute_status, status_inputs
from chiefops.intel.status_models import CooStatusFact
from chiefops.models import ActivityLevel, Document, PersonFlag, ProjectStatus, StatusCategory, Task


def deadline_at(plan: ProjectPlan | None) -> datetime | None:
    return datetime.combine(plan.deadline, time(0, 0), tzinfo=UTC) if plan and plan.deadline else None


def flow_context(
    ctx: RunContext, assignees: Mapping[str, Sequence[str]], tasks: Sequence[Task]
) -> FlowContext:
    from chiefops.intel.corrections import status_map_overlay

    return FlowContext(
        effective_assignees=assignees,
        blocker_categories={t.task_id: t.status_category for t in tasks},
        status_map=status_map_overlay(ctx.corrections, ctx.snapshot.status_map),
    )


def run_flow(ctx: RunContext, tasks: Sequence[Task], context: FlowContext) -> FlowMetrics:
    return compute_flow(tasks, as_of=ctx.at, cfg=ctx.config.flow, context=context)


def run_forecast(
    ctx: RunContext, flow: FlowMetrics, *, project_id: str, seed: str, plan: ProjectPlan | None
) -> Forecast:
    return compute_forecast(
        flow, project_id=project_id, snapshot_hash=seed, deadline=deadline_at(plan), cfg=ctx.config.forecast
    )


def active_people(
    plan: ProjectPlan | None, levels: Mapping[str, object], inactive: set[str], recent: set[str]
) -> int:
    """Members not quiet, inactive or departed, with a task event in the last 28 days (04 §3)."""
    if plan is None:
        return 0
    count = 0
    for member in plan.people.members:
        level = getattr(levels.get(member.person_id), "level", None)
        if member.person_id in inactive or level in (ActivityLevel.QUIET, ActivityLevel.INACTIVE):
            continue
        count += member.person_id in recent
    return count


def run_feasibility(
    ctx: RunContext,
    flow: FlowMetrics,
    forecast: Forecast,
    *,
    active: int,
    plan: ProjectPlan | None,
    lead_days: int | None,
) -> Feasibility:
    return compute_feasibility(
        flow,
        forecast=forecast,
        active_people=active,
        deadline=deadline_at(plan),
        external_lead_days=lead_days,
        cfg=ctx.config.feasibility,
    )


def comm_messages(messages: Sequence[MessageRow], people: People) -> list[CommMessage]:
    """Project-channel messages as the communication counts read them."""
    out = []
    for m in messages:
        author = people.resolve(m.author)
        flags = message_flags(m.text, mentions_someone=bool(m.mentions))
        out.append(
            CommMessage(
                message_id=m.natural_key,
                channel_id=m.channel,
                thread_key=(m.thread_id or m.natural_key),
                ts=m.at,
                author=author or m.author,
                is_bot=m.is_bot or author is None,
                is_question=flags.is_question,
                is_blocker=flags.is_blocker,
                is_resolution=flags.is_resolution,
            )
        )
    return out


def by_channel(messages: Sequence[CommMessage]) -> dict[str, list[CommMessage]]:
    """Messages grouped by channel, each group in the given (time) order."""
    grouped: dict[str, list[CommMessage]] = {}
    for m in messages:
        grouped.setdefault(m.channel_id, []).append(m)
    return grouped


@dataclass(frozen=True)
class Communication:
    inputs: CommunicationInputs
    threads: tuple[BlockerThread, ...]


def run_communication(
    ctx: RunContext,
    messages: Sequence[CommMessage],
    *,
    channels: Sequence[str],
    members: Sequence[str],
    has_slack: bool,
) -> Communication:
    inputs, threads = communication_and_threads(
        messages,
        channels=set(channels),
        members=set(members),
        as_of=ctx.at,
        has_slack_data=has_slack,
        cfg=ctx.config.health,
    )
    return Communication(inputs=inputs, threads=tuple(threads))


def documentation_inputs(
    *,
    documents: Sequence[Document],
    texts: Mapping[str, str],
    tasks: Sequence[Task],
    has_drive: bool,
    as_of: date,
    fresh_days: int,
    key_docs: tuple[int, int],
) -> DocumentationInputs:
    """04 §4 Documentation counts: fresh docs, epics (or top 5 labels) named in a doc, key docs found."""
    epics = sorted({t.summary for t in tasks if (t.issue_type or "").lower() == "epic"})
    basis: Literal["epics", "labels"] = "epics"
    subjects = epics
    if not subjects:
        basis = "labels"
        subjects = [label for label, _ in Counter(label for t in tasks for label in t.labels).most_common(5)]
    corpus = " ".join(
        f"{d.title or ''} {d.file_name} {texts.get(d.document_id, '')}" for d in documents
    ).lower()
    named = sum(1 for s in subjects if s.lower() in corpus)
    return DocumentationInputs(
        has_drive_data=has_drive,
        project_docs=len(documents),
        docs_modified_60d=sum(1 for d in documents if (as_of - d.modified_date.date()).days < fresh_days),
        coverage_basis=basis,
        coverage_subjects=len(subjects),
        coverage_named=named,
        key_docs_expected=key_docs[0],
        key_docs_found=key_docs[1],
    )


def run_health(
    ctx: RunContext,
    flow: FlowMetrics,
    *,
    plan: ProjectPlan | None,
    comm: CommunicationInputs,
    docs: DocumentationInputs,
    open_alerts: int,
) -> HealthScore:
    inputs = health_inputs(
        flow, deadline=deadline_at(plan), communication=comm, documentation=docs, open_alerts=open_alerts
    )
    return compute_health(inputs, cfg=ctx.config.health)


def silent_members(
    flags: Mapping[str, Sequence[FlagRecord]],
    project_id: str,
    names: Mapping[str, str],
    tasks_by_ref: Mapping[str, Task],
) -> list[SilentMember]:
    found = []
    for person, records in sorted(flags.items()):
        for record in records:
            if record.flag is PersonFlag.SILENT_IN_PROJECT and record.project_id == project_id:
                refs = [
                    TaskRef(
                        task_id=tasks_by_ref[e.ref].task_id if e.ref in tasks_by_ref else e.ref,
                        jira_key=e.ref if e.ref in tasks_by_ref else None,
                    )
                    for e in record.evidence
                ]
                days = record.days_silent
                found.append(
                    SilentMember(
                        person_id=person, name=names.get(person, person), open_tasks=refs, days_silent=days
                    )
                )
    return found


def coo_status(ctx: RunContext, project_id: str) -> CooStatusFact | None:
    for item in reversed(ctx.corrections):
        if (
            item.kind == "project"
            and item.ref == project_id
            and item.field == "project_status"
            and item.value.strip().lower() == "completed"
        ):
            return CooStatusFact(
                fact_id=item.fact_id, status=ProjectStatus.COMPLETED, established_at=item.established_at
            )
    return None


def run_status(
    ctx: RunContext,
    *,
    project_id: str,
    flow: FlowMetrics,
    health: HealthScore | None,
    plan: ProjectPlan | None,
    forecast: Forecast | None,
    feasibility: Feasibility | None,
    findings: Sequence[object],
    silent: Sequence[SilentMember],
) -> StatusResult:
    inputs = status_inputs(
        flow=flow,
        health=health.score if health is not None else None,
        deadline=deadline_at(plan),
        forecast=forecast,
        feasibility=feasibility,
        findings=findings,  # type: ignore[arg-type]
        silent_members=silent,
        coo_status=coo_status(ctx, project_id),
    )
    return compute_status(inputs, cfg=ctx.config.status)


def recent_task_people(
    tasks: Sequence[Task], assignees: Mapping[str, Sequence[str]], *, as_of: datetime, days: int
) -> set[str]:
    """People with a task event (created, updated or resolved as assignee) in the last `days` days."""
    since = as_of - timedelta(days=days)
    found: set[str] = set()
    for task in tasks:
        if task.status_category is StatusCategory.CANCELLED:
            continue
        touched = max(task.updated_date, task.resolved_date or task.created_date)
        if touched >= since:
            found.update(assignees.get(task.task_id, ()))
    return found
