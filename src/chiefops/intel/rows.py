"""`analysis_results` rows (spec 04 §0.6, §7): what each analysis type stores and the row lifecycle.

One row per (analysis_type, project_id) whose stage hash changed: the new row is inserted, earlier
ones of that scope are marked stale, and only the newest 100 of a scope are kept. `result_data.meta`
carries the run bookkeeping. The people row also keeps the identity memory (nodes seen and values
written) so the next run resolves from the same observations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from chiefops.intel.cache import digest, jsonable
from chiefops.intel.identity_rules import Node
from chiefops.intel.observe import IdentityMemory
from chiefops.intel.pipeline import Analysis
from chiefops.intel.pipeline_projects import ProjectResult
from chiefops.models import AnalysisResult, AnalysisType, ProjectStatus, new_id
from chiefops.store import Store

KEEP_ROWS = 100


@dataclass(frozen=True)
class RowSpec:
    """One row to store when its stage hash changed; `build` makes the result only then."""

    analysis_type: AnalysisType
    project_id: str | None
    stage_hash: str
    build: Callable[[], dict[str, Any]]


def _stage_hash(analysis: Analysis, *stages: str) -> str:
    hashes = {f"{r.stage}:{r.scope}": r.output_hash for r in analysis.runner.records}
    return digest(*(hashes.get(s, "-") for s in stages))


def people_row(analysis: Analysis, written: Mapping[str, tuple[str, str | None]]) -> RowSpec:
    memory = {
        "nodes": jsonable(analysis.identity.nodes),
        "written": {k: list(v) for k, v in sorted(written.items())},
    }
    stages = ("identity:org", "roles:org", "activity:org", "flags:org", "project_people:org")
    # The COO overlay runs after the stages, so a role correction moves only the final roles.
    return RowSpec(
        AnalysisType.PEOPLE_IDENTIFICATION,
        None,
        _stage_hash(analysis, *stages) + digest(memory, jsonable(analysis.final_roles)),
        lambda: _people(analysis, memory),
    )


def _people(analysis: Analysis, memory: dict[str, Any]) -> dict[str, Any]:
    identity = analysis.identity.result
    people: dict[str, Any] = {}
    for person in identity.persons:
        pid = person.person_id
        role = analysis.final_roles.get(pid)
        detected = analysis.roles.get(pid)
        people[pid] = {
            "name": person.name,
            "node_keys": list(person.node_keys),
            "alias_ids": list(person.alias_ids),
            "identity_confidence": person.confidence,
            "links": jsonable(person.links),
            "role": jsonable(role),
            "detected_role": jsonable(detected),
            "activity": jsonable(analysis.activity.levels.get(pid)),
            "engagement": jsonable(analysis.activity.engagement.get(pid)),
            "team_scores": jsonable(analysis.activity.subscores.get(pid)),
            "flags": jsonable(analysis.flags.get(pid, [])),
        }
    result = {
        "persons": people,
        "links": jsonable(identity.links),
        "possible_matches": jsonable(identity.possible_matches),
        "non_person_accounts": jsonable(identity.non_persons),
        "orphaned_corrections": jsonable(analysis.orphans),
        "memory": memory,
    }
    return result


def projects_row(analysis: Analysis) -> RowSpec:
    stage_hash = _stage_hash(analysis, "detection:org", "project_people:org")
    return RowSpec(AnalysisType.PROJECT_DETECTION, None, stage_hash, lambda: _projects(analysis))


def _projects(analysis: Analysis) -> dict[str, Any]:
    detection = analysis.detection
    projects = []
    for seed in detection.seeds:
        plan = analysis.projects.plans.get(seed.project_id)
        projects.append(
            {
                "id": seed.project_id,
                "name": seed.name,
                "sources": {
                    "jira_keys": list(seed.keys),
                    "channels": detection.channels_of(seed.project_id),
                    "documents": detection.documents_of(seed.project_id),
                },
                "evidence": [
                    m.reason for m in detection.channels.values() if m.project_id == seed.project_id
                ],
                "deadline": {
                    "date": plan.deadline.isoformat() if plan and plan.deadline else None,
                    "basis": plan.deadline_basis if plan else None,
                    "ref": plan.deadline_ref if plan else None,
                },
                "members": jsonable(plan.people.members) if plan else [],
                "tech_lead": plan.people.tech_lead if plan else None,
                "contradictions": jsonable(plan.people.contradictions) if plan else [],
            }
        )
    result = {
        "projects": projects,
        "channel_mappings": jsonable(detection.channels),
        "doc_mappings": jsonable(detection.documents),
        "candidates": list(detection.candidates),
        "unmapped": list(detection.ambiguous),
    }
    return result


def tasks_row(analysis: Analysis) -> RowSpec:
    return RowSpec(
        AnalysisType.TASK_MAPPING, None, _stage_hash(analysis, "informal:org"), lambda: _tasks(analysis)
    )


def _tasks(analysis: Analysis) -> dict[str, Any]:
    informal = analysis.informal
    result = {
        "assignments": jsonable([a for a in informal.assignments if a.action != "candidate"]),
        "candidates": jsonable(informal.candidates),
        "created": [t.task_id for t in informal.created],
        "inferred": {k: jsonable(v) for k, v in sorted(informal.inferred.items())},
    }
    return result


def memory_from(row: AnalysisResult | None) -> IdentityMemory:
    """The identity memory a people row kept (empty when there is none)."""
    memory = row.result_data.get("memory") if row is not None else None
    if not isinstance(memory, dict):
        return IdentityMemory()
    raw_nodes = memory.get("nodes")
    nodes = _NODES.validate_python(raw_nodes if isinstance(raw_nodes, list) else [])
    written: dict[str, tuple[str, str | None]] = {}
    raw_written = memory.get("written")
    for person_id, value in raw_written.items() if isinstance(raw_written, dict) else ():
        if isinstance(value, list) and len(value) == 2:
            written[person_id] = (str(value[0]), None if value[1] is None else str(value[1]))
    return IdentityMemory(nodes={n.key: n for n in nodes}, written=written)


_NODES = TypeAdapter(list[Node])


async def latest_row(
    store: Store, analysis_type: AnalysisType, project_id: str | None
) -> AnalysisResult | None:
    """The newest row of a scope: the current one (not stale) first, so equal stamps never confuse it."""
    return await store.typed(AnalysisResult).find_one(
        {"analysis_type": analysis_type, "project_id": project_id},
        sort=[("is_stale", 1), ("created_at", -1), ("analysis_id", -1)],
    )


_NEWEST = [("is_stale", 1), ("created_at", -1), ("analysis_id", -1)]


async def save_rows(
    store: Store, rows: Sequence[RowSpec], *, meta: Mapping[str, Any], now: Any
) -> list[RowSpec]:
    """Insert the rows whose stage hash changed; mark the older rows of their scope stale; prune.

    Rows can be large (the people row holds every person), so the bookkeeping reads only ids and
    hashes, and only the current row of a scope is rewritten to mark it stale."""
    async with store.transaction():  # one commit for the whole run's rows
        return await _save_rows(store, rows, meta=meta, now=now)


async def _save_rows(
    store: Store, rows: Sequence[RowSpec], *, meta: Mapping[str, Any], now: Any
) -> list[RowSpec]:
    results = store.typed(AnalysisResult)
    columns = store.collection("analysis_results")
    written: list[RowSpec] = []
    for spec in rows:
        scope = {"analysis_type": spec.analysis_type, "project_id": spec.project_id}
        newest = await columns.find_fields(
            scope, fields=["analysis_id", "data_snapshot_hash", "is_stale"], sort=_NEWEST, limit=1
        )
        if newest and newest[0]["data_snapshot_hash"] == spec.stage_hash:
            continue
        if newest and not newest[0]["is_stale"]:
            await results.update_many({**scope, "is_stale": False}, set={"is_stale": True})
        row = AnalysisResult(
            analysis_id=new_id(),
            analysis_type=spec.analysis_type,
            project_id=spec.project_id,
            result_data={**spec.build(), "meta": dict(meta)},
            data_snapshot_hash=spec.stage_hash,
            created_at=now,
            updated_at=now,
        )
        await results.insert_many([row])
        written.append(spec)
        old = await columns.find_fields(scope, fields=["analysis_id"], sort=_NEWEST, skip=KEEP_ROWS)
        if old:
            await results.delete_many({"analysis_id": {"$in": [str(r["analysis_id"]) for r in old]}})
    return written


def _stage(analysis: Analysis, stage: str, scope: str) -> str:
    return next(
        (r.output_hash for r in analysis.runner.records if r.stage == stage and r.scope == scope), "-"
    )


def project_rows(analysis: Analysis) -> list[RowSpec]:
    """gap_detection, technical_feasibility, health_score and briefing rows per project, then the org's."""
    rows: list[RowSpec] = []
    for pid, result in sorted(analysis.results.items()):
        feas_hash = digest(
            *(_stage(analysis, s, pid) for s in ("forecast", "feasibility", "gaps", "risks", "readiness"))
        )
        health_hash = digest(
            *(_stage(analysis, s, pid) for s in ("health", "status", "flow", "communication"))
        )
        rows.append(
            RowSpec(AnalysisType.GAP_DETECTION, pid, _stage(analysis, "gaps", pid), _json(result.gaps))
        )
        rows.append(RowSpec(AnalysisType.TECHNICAL_FEASIBILITY, pid, feas_hash, _feasibility(result)))
        rows.append(RowSpec(AnalysisType.HEALTH_SCORE, pid, health_hash, _health(result)))
        briefing = analysis.org.project_briefings.get(pid) if analysis.org else None
        if briefing is not None:
            rows.append(
                RowSpec(AnalysisType.BRIEFING, pid, _stage(analysis, "briefing", pid), _json(briefing))
            )
    org = analysis.org
    if org is not None:
        org_hash = digest(_stage(analysis, "health", "org"), _stage(analysis, "flow", "org"))
        rows.append(
            RowSpec(
                AnalysisType.HEALTH_SCORE,
                None,
                org_hash,
                lambda: {
                    "health": jsonable(org.health),
                    "trend": jsonable(org.trend),
                    "metrics": jsonable(org.flow),
                },
            )
        )
        rows.append(
            RowSpec(AnalysisType.BRIEFING, None, _stage(analysis, "briefing", "org"), _json(org.briefing))
        )
    return rows


def _json(value: object) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        found: dict[str, Any] = jsonable(value)
        return found

    return build


def _feasibility(result: ProjectResult) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        return {
            "forecast": jsonable(result.forecast),
            "feasibility": jsonable(result.feasibility),
            "backward_plan": jsonable(result.gaps.backward_plan),
            "readiness": jsonable(result.readiness),
            "risks": jsonable(result.risks.findings),
            "questions": jsonable(result.questions),
        }

    return build


def _health(result: ProjectResult) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        return {
            "health": jsonable(result.health),
            "trend": jsonable(result.trend),
            "status": result.status.status.value,
            "status_reasons": jsonable(result.status.reasons),
            "metrics": jsonable(result.flow),
            "communication": jsonable(result.communication.inputs),
        }

    return build


def project_extras(analysis: Analysis) -> dict[str, dict[str, Any]]:
    """The project fields the metric and finding stages produce (seed `projects`)."""
    from chiefops.intel.risks import key_risks, missing_tasks
    from chiefops.intel.risks_readiness import technical_concerns

    extras: dict[str, dict[str, Any]] = {}
    for pid, result in analysis.results.items():
        findings = [*result.gaps.findings, *result.risks.findings]
        extras[pid] = {
            "status": result.status.status,
            "completion_percentage": result.flow.completion_pct or 0.0,
            "task_summary": result.flow.task_summary,
            "health_score": result.health.score,
            "key_risks": key_risks(findings),
            "missing_tasks": missing_tasks(findings),
            "technical_concerns": technical_concerns(
                list(result.readiness), completed=result.status.status is ProjectStatus.COMPLETED
            ),
        }
    return extras
