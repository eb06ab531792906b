"""The stage graph of one analysis run (spec 04 §0): pure computation over loaded inputs.

asof → status_map → identity → projects (detection) → roles → informal → activity → project people →
COO overlay → flags → per project: flow → forecast/feasibility → gaps → risks/questions → health →
status → briefing; then the org roll-ups. Every stage declares its inputs as hash parts: ingest batch
digests, the facts it reads, its config section and the output hashes of its upstream stages; an
unchanged stage is reused from the stage cache. Store reads and writes happen outside (service.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from chiefops.intel.asof import AsOf, compute_as_of
from chiefops.intel.cache import StageCache, digest
from chiefops.intel.context import Lazy, People, RunContext
from chiefops.intel.corrections import (
    IDENTITY_FIELDS,
    MAPPING_FIELDS,
    MEMBERSHIP_FIELDS,
    PROJECT_FIELDS,
    Correction,
    Orphan,
    active_corrections,
    corrections_digest,
    describe_correction,
    orphaned,
)
from chiefops.intel.defaults import IntelConfig
from chiefops.intel.features import MessageFeatures
from chiefops.intel.gaps_checklists import ChecklistSet
from chiefops.intel.informal import InformalResult
from chiefops.intel.leadership import leadership_p90
from chiefops.intel.observe import IdentityMemory, observe_nodes
from chiefops.intel.people_flags import FlagInputs, FlagRecord, ProjectView, compute_flags
from chiefops.intel.pipeline_org import OrgResult, run_org
from chiefops.intel.pipeline_projects import ProjectInputs, ProjectResult, run_project, tasks_by_project
from chiefops.intel.projects import Detection
from chiefops.intel.roles import RoleResult
from chiefops.intel.snapshot import MessageRow, Snapshot
from chiefops.intel.stage_runner import StageFailed, StageRunner
from chiefops.intel.stages_metrics import by_channel, comm_messages
from chiefops.intel.stages_people import (
    ActivityStage,
    FinalRole,
    IdentityStage,
    departed,
    effective_assignees,
    overlay_roles,
    run_activity,
    run_identity,
    run_leadership,
    run_roles,
)
from chiefops.intel.stages_projects import (
    ProjectsStage,
    apply_lead_facts,
    run_detection,
    run_informal,
    run_project_people,
)
from chiefops.intel.text_search import DocPart, RunTextSearch, search_vocabulary
from chiefops.models import Task

ORG = "org"
PEOPLE_FACTS = frozenset({"role", "role_not", "department", "departed"})


@dataclass(frozen=True)
class AnalysisInputs:
    snapshot: Snapshot
    config: IntelConfig
    features: Mapping[str, MessageFeatures]
    memory: IdentityMemory
    doc_texts: Mapping[str, str]
    doc_parts: Mapping[str, Sequence[DocPart]]
    checklists: ChecklistSet
    as_of_override: datetime | None = None
    search_cache: dict[str, RunTextSearch] = field(default_factory=dict)


@dataclass
class Analysis:
    """Every stage's output of one run, and what the run did."""

    as_of: AsOf
    corrections: list[Correction]
    identity: IdentityStage
    people: People
    detection: Detection
    informal: InformalResult
    roles: dict[str, RoleResult]
    final_roles: dict[str, FinalRole]
    activity: ActivityStage
    projects: ProjectsStage
    flags: dict[str, list[FlagRecord]]
    assignees: dict[str, list[str]]
    orphans: list[Orphan]
    runner: StageRunner
    results: dict[str, ProjectResult] = field(default_factory=dict)
    org: OrgResult | None = None
    warnings: list[str] = field(default_factory=list)


def event_times(snapshot: Snapshot) -> list[datetime]:
    """04 §0.2 event times: messages, task created/updated/resolved, document modified."""
    times = [m.at for m in snapshot.messages]
    for task in snapshot.tasks:
        if task.dates_inferred:
            continue
        times.extend(t for t in (task.created_date, task.updated_date, task.resolved_date) if t is not None)
    times.extend(d.modified_date for d in snapshot.documents)
    return times


def _facts(corrections: list[Correction], fields: frozenset[str]) -> list[str]:
    return corrections_digest(corrections, fields)


def run_context(
    snapshot: Snapshot,
    config: IntelConfig,
    features: Mapping[str, MessageFeatures],
    *,
    as_of_override: datetime | None,
) -> RunContext:
    """The context every stage reads: as-of (04 §0.2), active corrections, features."""
    as_of = compute_as_of(event_times(snapshot), override=as_of_override, cfg=config.as_of)
    corrections = active_corrections(snapshot.facts)
    return RunContext(
        snapshot=snapshot, config=config, as_of=as_of, corrections=corrections, features=features
    )


def identity_stage(ctx: RunContext, runner: StageRunner, memory: IdentityMemory) -> IdentityStage:
    """04 §1.1 identity resolution with the COO's identity facts applied, reused while its inputs
    (stored people, their messages and tasks, the facts, the config) are unchanged. The ingestion
    stage `resolving_people` runs it first; the analysis then finds it in the stage cache."""
    digests = ctx.digests("messages", "tasks")
    parts = [
        ctx.config.section_hash("identity"),
        _nodes_part(ctx.snapshot, memory),
        _facts(ctx.corrections, IDENTITY_FIELDS),
        digests,
    ]
    return runner.run("identity", ORG, parts, lambda: run_identity(ctx, memory))


def run_pipeline(inputs: AnalysisInputs, cache: StageCache) -> Analysis:
    """Compute (or reuse) every stage; see the module docstring."""
    snap, cfg = inputs.snapshot, inputs.config
    ctx = run_context(snap, cfg, inputs.features, as_of_override=inputs.as_of_override)
    as_of, corrections = ctx.as_of, ctx.corrections
    runner = StageRunner(cache)
    digests = ctx.digests("messages", "tasks", "documents", "channels")
    at = as_of.at.isoformat()

    identity = identity_stage(ctx, runner, inputs.memory)
    people = People(identity.result)
    id_hash = runner.out("identity")
    detection = runner.run(
        "detection", ORG,
        [cfg.section_hash("projects"), id_hash, digests, _facts(corrections, MAPPING_FIELDS), sorted(snap.projects_digest())],
        lambda: run_detection(ctx, people, inputs.doc_texts),
    )  # fmt: skip
    det_hash = runner.out("detection")
    book = Lazy(
        lambda: runner.run(
            "leadership", ORG, [cfg.section_hash("roles"), id_hash, det_hash, digests, at],
            lambda: run_leadership(ctx, people, detection).settled(),
        )
    )  # fmt: skip
    roles = runner.run(
        "roles",
        ORG,
        [cfg.section_hash("roles"), id_hash, det_hash, digests, at],
        lambda: run_roles(ctx, people, detection, book.get()),
    )
    informal = runner.run(
        "informal",
        ORG,
        [cfg.section_hash("informal"), id_hash, det_hash, digests],
        lambda: run_informal(ctx, people, detection),
    )
    inf_hash = runner.out("informal")
    assignees = effective_assignees(ctx.jira_tasks, informal, corrections, people)
    activity = runner.run(
        "activity", ORG,
        [cfg.section_hash("activity"), id_hash, inf_hash, digests, at, _facts(corrections, frozenset({"departed", "assignee"}))],
        lambda: run_activity(ctx, people, informal, assignees),
    )  # fmt: skip
    overlaid = overlay_roles(roles, corrections, people)
    engineers = [p for p, r in roles.items() if r.family == "Engineering"]
    projects = runner.run(
        "project_people", ORG,
        [cfg.section_hash("projects", "roles"), runner.out("roles"), inf_hash, det_hash, digests, at,
         _facts(corrections, PROJECT_FIELDS | MEMBERSHIP_FIELDS | PEOPLE_FACTS | {"assignee"})],
        lambda: run_project_people(ctx, people, detection, informal, overlaid, book.get(), leadership_p90(book.get(), engineers), assignees),
    )  # fmt: skip
    final_roles = apply_lead_facts(overlaid, projects, corrections, people)
    flags = runner.run(
        "flags", ORG,
        [cfg.section_hash("activity"), runner.out("activity"), runner.out("project_people"), runner.out("roles"), id_hash, inf_hash, digests, at,
         _facts(corrections, PEOPLE_FACTS | PROJECT_FIELDS | {"assignee"})],
        lambda: compute_flags(_flag_inputs(ctx, people, detection, informal, activity, projects, final_roles, assignees), as_of=as_of.day, cfg=cfg.activity),
    )  # fmt: skip
    orphans = orphaned(corrections, exists=_exists(snap, people, informal))
    analysis = Analysis(
        as_of=as_of, corrections=corrections, identity=identity, people=people, detection=detection, informal=informal,
        roles=roles, final_roles=final_roles, activity=activity, projects=projects, flags=flags, assignees=assignees,
        orphans=orphans, runner=runner, warnings=list(as_of.warnings),
    )  # fmt: skip
    _run_projects(ctx, inputs, analysis)
    return analysis


def _text_search(
    ctx: RunContext,
    inputs: AnalysisInputs,
    channel_project: dict[str, str | None],
    doc_project: dict[str, str | None],
) -> RunTextSearch:
    """The phrase search of this run, reused from the previous run when its corpus did not change."""
    key = digest(ctx.digests("messages", "documents"), channel_project, doc_project, sorted(inputs.doc_parts))
    found = inputs.search_cache.get(key)
    if found is None:
        found = RunTextSearch(
            documents=ctx.snapshot.documents, parts=inputs.doc_parts, doc_project=doc_project,
            messages=ctx.messages, channel_project=channel_project, vocabulary=_searched_tokens(ctx, inputs.checklists),
        )  # fmt: skip
        inputs.search_cache.clear()
        inputs.search_cache[key] = found
    return found


def _by_channel(messages: Sequence[MessageRow]) -> dict[str, list[MessageRow]]:
    grouped: dict[str, list[MessageRow]] = defaultdict(list)
    for m in messages:
        grouped[m.channel].append(m)
    return grouped


def _searched_tokens(ctx: RunContext, checklists: ChecklistSet) -> frozenset[str]:
    """Every token the gap and readiness stages search the project corpora for."""
    terms = [t for c in checklists.checklists for item in c.items for t in item.terms]
    keywords = [k for area in ctx.config.readiness.areas for k in area.keywords]
    return search_vocabulary([*terms, *keywords])


def _run_projects(ctx: RunContext, inputs: AnalysisInputs, analysis: Analysis) -> None:
    """The per-project stages and the org roll-ups; a project whose stages fail is left out (recorded)."""
    people, detection = analysis.people, analysis.detection
    tasks = tasks_by_project([*ctx.jira_tasks, *analysis.informal.created])
    channel_project = {c: m.project_id for c, m in detection.channels.items()}
    # Built only when a stage that reads them recomputes (a correction usually needs none).
    mapped = Lazy(lambda: [m for m in ctx.messages if m.is_slack and channel_project.get(m.channel)])
    slack_by_channel = Lazy(lambda: _by_channel(mapped.get()))
    comm = Lazy(lambda: by_channel(comm_messages(mapped.get(), people)))
    comm_by_key = Lazy(lambda: {m.natural_key: m for m in mapped.get()})
    search = _text_search(
        ctx, inputs, channel_project, {d: m.project_id for d, m in detection.documents.items()}
    )
    inactive = {p.person_id for p in people.persons() if p.deactivated} | set(
        departed(ctx.corrections, people)
    )
    project_inputs = ProjectInputs(
        ctx=ctx, people=people, detection=detection, plans=analysis.projects.plans, tasks=tasks,
        all_tasks=[t for ts in tasks.values() for t in ts], assignees=analysis.assignees, flags=analysis.flags,
        levels=analysis.activity.levels, inactive=inactive, search=search, checklists=inputs.checklists,
        doc_texts=inputs.doc_texts, comm=comm, comm_by_key=comm_by_key,
        describe=correction_describer(people, detection), slack_by_channel=slack_by_channel,
    )  # fmt: skip
    for seed in detection.seeds:
        try:
            analysis.results[seed.project_id] = run_project(project_inputs, seed, analysis.runner)
        except StageFailed as failed:
            analysis.warnings.append(f"{seed.name}: {failed}")
    try:
        analysis.org = run_org(
            ctx, analysis.runner, results=analysis.results, plans=analysis.projects.plans, tasks=tasks, assignees=analysis.assignees,
            people=people, roles=analysis.final_roles, levels=analysis.activity.levels, flags=analysis.flags, orphans=analysis.orphans,
            describe=project_inputs.describe,
        )  # fmt: skip
    except StageFailed as failed:
        analysis.warnings.append(f"organisation roll-up: {failed}")


def correction_describer(people: People, detection: Detection) -> Callable[[Correction], str]:
    """`describe_correction` with this run's person and project names."""
    projects = {s.project_id: s.name for s in detection.seeds}

    def name_of(ref: str) -> str | None:
        kind, _, value = ref.partition(":")
        if kind == "project":
            return projects.get(value)
        if kind == "person":
            found = people.resolve(value)
            return people.by_id[found].name if found is not None and found in people.by_id else None
        return None

    def describe(item: Correction) -> str:
        return describe_correction(item, name_of=name_of)

    return describe


def _nodes_part(snapshot: Snapshot, memory: IdentityMemory) -> list[str]:
    return [digest(n) for n in observe_nodes(snapshot.people, memory)]


def _exists(snapshot: Snapshot, people: People, informal: InformalResult):  # type: ignore[no-untyped-def]
    tasks = {t.task_id for t in snapshot.tasks} | {t.task_id for t in informal.created}
    projects = {p.project_id for p in snapshot.projects}
    channels = {c.name for c in snapshot.channels}
    documents = {d.document_id for d in snapshot.documents}

    def exists(kind: str, ref: str) -> bool:
        if kind == "person":
            return people.find(ref) is not None
        if kind == "project":
            return ref in projects
        if kind == "task":
            return ref in tasks
        if kind == "channel":
            return ref.lstrip("#") in channels
        if kind == "document":
            return ref in documents
        return True

    return exists


def _flag_inputs(
    ctx: RunContext,
    people: People,
    detection: Detection,
    informal: InformalResult,
    activity: ActivityStage,
    projects: ProjectsStage,
    roles: Mapping[str, FinalRole],
    assignees: Mapping[str, list[str]],
) -> FlagInputs:
    tasks_by: dict[str, list[Task]] = defaultdict(list)
    for task in [*ctx.jira_tasks, *informal.created]:
        tasks_by[task.project_id].append(task)
    last: dict[tuple[str, str], date] = {}

    def bump(person: str | None, project: str | None, day: date) -> None:
        if person and project and day > last.get((person, project), date.min):
            last[(person, project)] = day

    key_project = {t.jira_key: t.project_id for t in ctx.jira_tasks if t.jira_key}
    for m in ctx.messages:
        project = detection.channel_project(m.channel) if m.is_slack else key_project.get(m.channel)
        bump(people.resolve(m.author), project, m.at.date())
    for task in [*ctx.jira_tasks, *informal.created]:
        if task.reporter and not task.dates_inferred:
            bump(people.resolve(task.reporter), task.project_id, task.created_date.date())
        if task.resolved_date and not task.dates_inferred:
            for person in assignees.get(task.task_id, []):
                bump(person, task.project_id, task.resolved_date.date())
    names = {s.project_id: s.name for s in detection.seeds}
    views = [
        ProjectView(pid, names.get(pid, pid), plan.deadline, tasks_by[pid])
        for pid, plan in sorted(projects.plans.items())
    ]
    pending: dict[str, str] = {}
    for match in people.result.possible_matches:
        for person in {match.a, match.b, *match.candidates}:
            pending.setdefault(person, f"Possible match pending: {match.question}")
    inactive = {p.person_id: "deactivated" for p in people.persons() if p.deactivated}
    for item in ctx.corrections:
        gone = people.find(item.ref) if item.field == "departed" else None
        if gone is not None:
            inactive[gone] = f"departed ({item.value})"
    return FlagInputs(
        activity=activity.levels,
        messages_now={p: int(e["current"]["messages"] or 0) for p, e in activity.engagement.items()},
        messages_before={p: int(e["prior"]["messages"] or 0) for p, e in activity.engagement.items()},
        open_tasks=activity.open_tasks,
        in_progress=activity.in_progress,
        projects=views,
        assignees=assignees,
        last_project_activity=last,
        role_confidence={p: r.confidence for p, r in roles.items() if r.role_source.value == "ai_identified"},
        pending_matches=pending,
        inactive=inactive,
    )


__all__ = ["ORG", "Analysis", "AnalysisInputs", "Counter", "run_pipeline"]
