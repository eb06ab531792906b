"""Per-project stages of a run (spec 04 §3–6) and the org roll-ups, each hashed on its own inputs.

Per project: flow → forecast → communication → gaps → feasibility → risks → readiness → health →
status. The hash parts of a stage name only that project's slice of the upstream results, so a
correction about one project recomputes that project's stages (and the org roll-ups) and nothing
else. The forecast is seeded from the project's flow-stage hash, so the same inputs always draw the
same trials.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from chiefops.intel.cache import CacheEntry, digest
from chiefops.intel.context import Lazy, People, RunContext
from chiefops.intel.corrections import Correction, corrections_digest
from chiefops.intel.evidence import FindingKind
from chiefops.intel.feasibility import Feasibility
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.flow_view import FlowContext
from chiefops.intel.forecast import Forecast
from chiefops.intel.gaps import GapReport
from chiefops.intel.gaps_checklists import ChecklistSet
from chiefops.intel.health_comm import CommMessage
from chiefops.intel.health_models import HealthScore, HealthTrend
from chiefops.intel.health_trend import TrendBasis, compute_health_trend, trigger_label
from chiefops.intel.people_flags import FlagRecord
from chiefops.intel.projects import Detection, ProjectSeed
from chiefops.intel.risks import RiskReport
from chiefops.intel.risks_questions import ArchitectQuestion, select_architect_questions
from chiefops.intel.risks_readiness import AreaReadiness, compute_readiness, readiness_questions
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.stage_runner import StageRunner
from chiefops.intel.stages_findings import first_seen_of, risk_inputs, run_gaps, run_risks
from chiefops.intel.stages_metrics import (
    Communication,
    active_people,
    documentation_inputs,
    flow_context,
    recent_task_people,
    run_communication,
    run_feasibility,
    run_flow,
    run_forecast,
    run_health,
    run_status,
    silent_members,
)
from chiefops.intel.stages_projects import ProjectPlan
from chiefops.intel.status import StatusResult
from chiefops.intel.text_search import RunTextSearch
from chiefops.models import Document, ProjectStatus, Task


@dataclass(frozen=True)
class ProjectResult:
    project_id: str
    name: str
    flow: FlowMetrics
    forecast: Forecast
    communication: Communication
    gaps: GapReport
    feasibility: Feasibility
    risks: RiskReport
    readiness: tuple[AreaReadiness, ...]
    questions: tuple[ArchitectQuestion, ...]
    health: HealthScore
    trend: HealthTrend
    status: StatusResult


@dataclass(frozen=True)
class ProjectInputs:
    """What the per-project stages read, prepared once per run."""

    ctx: RunContext
    people: People
    detection: Detection
    plans: Mapping[str, ProjectPlan]
    tasks: Mapping[str, list[Task]]
    all_tasks: Sequence[Task]
    assignees: Mapping[str, list[str]]
    flags: Mapping[str, list[FlagRecord]]
    levels: Mapping[str, object]
    inactive: set[str]
    search: RunTextSearch
    checklists: ChecklistSet
    doc_texts: Mapping[str, str]
    comm: Lazy[dict[str, list[CommMessage]]]
    comm_by_key: Lazy[dict[str, MessageRow]]
    describe: Callable[[Correction], str]
    slack_by_channel: Lazy[dict[str, list[MessageRow]]]

    @cached_property
    def flow_context(self) -> FlowContext:
        """The flow context of every task of the run, built once (not once per project)."""
        return flow_context(self.ctx, self.assignees, self.all_tasks)

    def channel_messages(self, channels: Sequence[str]) -> list[MessageRow]:
        """The Slack messages of these (mapped) channels, in time order."""
        grouped = self.slack_by_channel.get()
        found = [m for c in sorted(set(channels)) for m in grouped.get(c, ())]
        return sorted(found, key=lambda m: (m.at, m.natural_key))


def _documents(inputs: ProjectInputs, project_id: str) -> list[Document]:
    wanted = set(inputs.detection.documents_of(project_id))
    return [d for d in inputs.ctx.snapshot.documents if d.document_id in wanted]


def _flags_of(inputs: ProjectInputs, project_id: str) -> dict[str, list[FlagRecord]]:
    return {
        p: [f for f in fl if f.project_id == project_id]
        for p, fl in inputs.flags.items()
        if any(f.project_id == project_id for f in fl)
    }


@dataclass(frozen=True)
class _Scope:
    """One project's slice of the run: what its stages read and hash."""

    inputs: ProjectInputs
    seed: ProjectSeed
    runner: StageRunner
    plan: ProjectPlan | None
    tasks: list[Task]
    documents: list[Document]
    channels: list[str]
    plan_part: str
    project_facts: list[str]

    @property
    def pid(self) -> str:
        return self.seed.project_id

    @property
    def ctx(self) -> RunContext:
        return self.inputs.ctx

    @property
    def deadline(self) -> str:
        return str(self.plan.deadline if self.plan else None)

    def out(self, stage: str) -> str:
        return self.runner.out(stage, self.pid)

    def data(self) -> list[str]:
        return self.ctx.digests("tasks", "messages", "documents", "channels")


def run_project(inputs: ProjectInputs, seed: ProjectSeed, runner: StageRunner) -> ProjectResult:
    """Every per-project stage for one project (see the module docstring)."""
    pid = seed.project_id
    plan = inputs.plans.get(pid)
    scope = _Scope(
        inputs=inputs, seed=seed, runner=runner, plan=plan, tasks=inputs.tasks.get(pid, []), documents=_documents(inputs, pid),
        channels=inputs.detection.channels_of(pid), plan_part=digest(plan),
        project_facts=[line for line in corrections_digest(inputs.ctx.corrections) if pid in line],
    )  # fmt: skip
    flow, forecast = _flow_and_forecast(scope)
    communication = _communication(scope)
    gaps = _gaps(scope, flow, forecast)
    feasibility = _feasibility(scope, flow, forecast, gaps)
    risks = _risks(scope, flow, forecast, communication, gaps)
    readiness = runner.run(
        "readiness", pid, [inputs.ctx.config.section_hash("readiness"), scope.data(), tasks_part(scope.tasks)],
        lambda: tuple(compute_readiness(project_id=pid, tasks=scope.tasks, search=inputs.search, cfg=inputs.ctx.config.readiness)),
    )  # fmt: skip
    health, trend = _health(scope, flow, communication, gaps)
    status = _status(scope, flow, forecast, feasibility, gaps, risks, health)
    questions = _questions(scope, gaps, risks, readiness, completed=status.status is ProjectStatus.COMPLETED)
    return ProjectResult(
        pid,
        seed.name,
        flow,
        forecast,
        communication,
        gaps,
        feasibility,
        risks,
        tuple(readiness),
        questions,
        health,
        trend,
        status,
    )


def _questions(
    scope: _Scope,
    gaps: GapReport,
    risks: RiskReport,
    readiness: Sequence[AreaReadiness],
    *,
    completed: bool,
) -> tuple[ArchitectQuestion, ...]:
    """The architect questions; a completed project is asked only about its open gaps (never what to
    cut for its deadline, nor about readiness areas of work that is done)."""
    candidates = [*gaps.questions]
    if not completed:
        candidates += [*risks.questions, *readiness_questions(list(readiness))]
    return tuple(select_architect_questions(candidates, cfg=scope.ctx.config.questions))


def _flow_and_forecast(scope: _Scope) -> tuple[FlowMetrics, Forecast]:
    ctx, inputs, cfg = scope.ctx, scope.inputs, scope.ctx.config
    context = inputs.flow_context
    assign_part = digest({t.task_id: inputs.assignees.get(t.task_id, []) for t in scope.tasks})
    status_facts = corrections_digest(ctx.corrections, frozenset({"status_map"}))
    parts = [
        cfg.section_hash("flow"),
        scope.data()[0],
        assign_part,
        tasks_part(scope.tasks),
        ctx.at.isoformat(),
        status_facts,
    ]
    flow = scope.runner.run("flow", scope.pid, parts, lambda: run_flow(ctx, scope.tasks, context))
    seed = scope.out("flow")
    forecast = scope.runner.run(
        "forecast", scope.pid, [cfg.section_hash("forecast"), seed, scope.deadline],
        lambda: run_forecast(ctx, flow, project_id=scope.pid, seed=seed, plan=scope.plan),
    )  # fmt: skip
    return flow, forecast


def _communication(scope: _Scope) -> Communication:
    ctx, plan = scope.ctx, scope.plan
    members = sorted(
        m.person_id for m in (plan.people.members if plan else []) if m.role_in_project != "stakeholder"
    )
    parts = [
        ctx.config.section_hash("health"),
        scope.data()[1],
        scope.channels,
        members,
        ctx.at.isoformat(),
        scope.runner.out("identity"),
    ]
    return scope.runner.run(
        "communication", scope.pid, parts,
        lambda: run_communication(ctx, [m for c in sorted(set(scope.channels)) for m in scope.inputs.comm.get().get(c, ())],
                                  channels=scope.channels, members=members, has_slack=bool(ctx.messages)),
    )  # fmt: skip


def _gaps(scope: _Scope, flow: FlowMetrics, forecast: Forecast) -> GapReport:
    ctx, inputs = scope.ctx, scope.inputs
    previous = scope.runner.cache.peek("gaps", scope.pid)
    first_seen = first_seen_of(previous.output.findings) if previous else {}
    channel_rows = [c for c in ctx.snapshot.channels if c.name in set(scope.channels)]
    dismissed = corrections_digest(ctx.corrections, frozenset({"dismissed"}))
    parts = [
        ctx.config.section_hash("gaps"),
        scope.out("flow"),
        scope.out("forecast"),
        scope.plan_part,
        scope.data(),
        scope.project_facts,
        dismissed,
        scope.runner.out("identity"),
        digest(sorted(inputs.inactive)),
    ]
    return scope.runner.run(
        "gaps", scope.pid, parts,
        lambda: run_gaps(
            ctx, seed=scope.seed, plan=scope.plan, tasks=scope.tasks, documents=scope.documents, channels=channel_rows,
            assignees=inputs.assignees, people=inputs.people, inactive=inputs.inactive, flow=flow, forecast=forecast,
            checklists=inputs.checklists, search=inputs.search, first_seen=first_seen,
        ),
    )  # fmt: skip


def _feasibility(scope: _Scope, flow: FlowMetrics, forecast: Forecast, gaps: GapReport) -> Feasibility:
    ctx, inputs = scope.ctx, scope.inputs
    missing = [
        f.lead_time_days[1] for f in gaps.findings if f.lead_time_days and f.kind.value == "gap_missing"
    ]
    lead = max(missing, default=None)
    recent = recent_task_people(
        scope.tasks, inputs.assignees, as_of=ctx.at, days=ctx.config.activity.window_days
    )
    active = active_people(scope.plan, inputs.levels, inputs.inactive, recent)
    parts = [
        ctx.config.section_hash("feasibility"),
        scope.out("flow"),
        scope.out("forecast"),
        active,
        lead,
        scope.deadline,
    ]
    return scope.runner.run(
        "feasibility", scope.pid, parts,
        lambda: run_feasibility(ctx, flow, forecast, active=active, plan=scope.plan, lead_days=lead),
    )  # fmt: skip


def _risks(
    scope: _Scope, flow: FlowMetrics, forecast: Forecast, communication: Communication, gaps: GapReport
) -> RiskReport:
    ctx, inputs = scope.ctx, scope.inputs
    flags = _flags_of(inputs, scope.pid)
    names = {p.person_id: p.name for p in inputs.people.persons()}
    dismissed = corrections_digest(ctx.corrections, frozenset({"dismissed"}))
    unowned = frozenset(
        f.evidence[0].ref for f in gaps.findings if f.kind is FindingKind.UNOWNED_CRITICAL and f.evidence
    )
    parts = [
        ctx.config.section_hash("flow"),
        scope.out("flow"),
        scope.out("forecast"),
        scope.out("communication"),
        sorted(unowned),
        digest(flags),
        scope.data(),
        dismissed,
        scope.plan_part,
    ]

    def compute() -> RiskReport:
        slack = inputs.channel_messages(scope.channels)
        found = risk_inputs(
            ctx, seed=scope.seed, plan=scope.plan, tasks=scope.tasks, flow=flow, forecast=forecast, threads=communication.threads,
            messages_by_key=inputs.comm_by_key.get(), assignees=inputs.assignees, flags=flags, names=names, documents=scope.documents,
            slack_messages=slack, unowned_critical=unowned,
        )  # fmt: skip
        return run_risks(ctx, found, ctx.config.risks)

    return scope.runner.run("risks", scope.pid, parts, compute)


def _health(
    scope: _Scope, flow: FlowMetrics, communication: Communication, gaps: GapReport
) -> tuple[HealthScore, HealthTrend]:
    ctx, cfg = scope.ctx, scope.ctx.config
    alerts = sum(1 for a in ctx.snapshot.open_alerts if a.project_id == scope.pid)
    docs = documentation_inputs(
        documents=scope.documents, texts=scope.inputs.doc_texts, tasks=scope.tasks, has_drive=bool(ctx.snapshot.documents),
        as_of=ctx.day, fresh_days=cfg.health.doc_fresh_days, key_docs=(len(gaps.key_docs.expected), len(gaps.key_docs.found)),
    )  # fmt: skip
    previous = scope.runner.cache.peek("health", scope.pid)
    parts = [
        cfg.section_hash("health"),
        scope.out("flow"),
        scope.out("communication"),
        digest(docs),
        alerts,
        scope.deadline,
    ]
    health = scope.runner.run(
        "health", scope.pid, parts,
        lambda: run_health(ctx, flow, plan=scope.plan, comm=communication.inputs, docs=docs, open_alerts=alerts),
    )  # fmt: skip
    basis = trend_basis(ctx, scope.inputs.describe, project_id=scope.pid, alerts=alerts)
    return health, health_trend_of(ctx, health, previous, scope.runner, scope.pid, basis=basis)


def _status(
    scope: _Scope,
    flow: FlowMetrics,
    forecast: Forecast,
    feasibility: Feasibility,
    gaps: GapReport,
    risks: RiskReport,
    health: HealthScore,
) -> StatusResult:
    names = {p.person_id: p.name for p in scope.inputs.people.persons()}
    silent = silent_members(
        scope.inputs.flags, scope.pid, names, {t.jira_key: t for t in scope.tasks if t.jira_key}
    )
    findings = [*gaps.findings, *risks.findings]
    stages = ("flow", "health", "forecast", "feasibility", "gaps", "risks")
    parts = [
        scope.ctx.config.section_hash("status"),
        *(scope.out(s) for s in stages),
        digest(silent),
        scope.project_facts,
    ]
    return scope.runner.run(
        "status", scope.pid, parts,
        lambda: run_status(
            scope.ctx, project_id=scope.pid, flow=flow, health=health, plan=scope.plan, forecast=forecast,
            feasibility=feasibility, findings=findings, silent=silent,
        ),
    )  # fmt: skip


def health_trend_of(
    ctx: RunContext,
    health: HealthScore,
    previous: CacheEntry | None,
    runner: StageRunner,
    scope: str,
    *,
    basis: TrendBasis,
) -> HealthTrend:
    """Trend against the health score of the previous inputs (04 §4 "previous value"), kept while
    the health stage is reused, so re-running with nothing new never moves it. The trigger is what
    changed between the bases of the two scores (`trigger_label`)."""
    recomputed = any(r.stage == "health" and r.scope == scope and r.recomputed for r in runner.records)
    stored = runner.cache.peek("health_trend", scope)
    if not recomputed and stored is not None:
        kept: HealthTrend = stored.output
        return kept
    before = (
        previous.output
        if recomputed and previous is not None and isinstance(previous.output, HealthScore)
        else None
    )
    old = runner.cache.peek("health_basis", scope)
    old_basis = old.output if old is not None and isinstance(old.output, TrendBasis) else None
    trigger = trigger_label(old_basis, basis, day=ctx.day) if before is not None else None
    trend = compute_health_trend(health, before, trigger=trigger, cfg=ctx.config.health)
    runner.cache.put("health_trend", scope, CacheEntry("", digest(trend), trend))
    runner.cache.put("health_basis", scope, CacheEntry("", digest(basis), basis))
    return trend


# Facts that can move any project's numbers (besides the facts naming the project itself).
_WIDE_FACTS = frozenset(
    {"status_map", "channel_project", "document_project", "task_project", "assignee", "departed", "dismissed"}
)


def trend_basis(
    ctx: RunContext, describe: Callable[[Correction], str], *, project_id: str | None, alerts: int
) -> TrendBasis:
    """What a health score of `project_id` (None: the org) is computed on, for `trigger_label`."""
    found = ctx.snapshot.input_digests()
    sources = {
        "slack": digest(found["slack_messages"], found["channels"]),
        "jira": digest(found["tasks"], found["jira_messages"]),
        "drive": found["documents"],
    }
    facts = {
        c.fact_id: describe(c)
        for c in ctx.corrections
        if project_id is None or c.field in _WIDE_FACTS or project_id in (c.ref, c.project, c.value)
    }
    return TrendBasis(sources=sources, facts=facts, config=ctx.config.config_hash, alerts=alerts)


def tasks_part(tasks: Sequence[Task]) -> str:
    """Hash of a project's tasks that intel's own write-back cannot move: Jira content hashes, status
    categories (after COO status facts) and the Slack-identified tasks of this run."""
    return digest(
        sorted(
            f"{t.natural_key or t.task_id}:{t.content_hash or digest(t)}:{t.status_category.value}"
            for t in tasks
        )
    )


def tasks_by_project(tasks: Sequence[Task]) -> dict[str, list[Task]]:
    grouped: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        grouped[task.project_id].append(task)
    return {k: sorted(v, key=lambda t: t.task_id) for k, v in grouped.items()}
