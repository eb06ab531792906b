"""Read side of the intelligence service (spec 04 §7.1): people, projects, tasks, health, briefings.

Everything here reads the Store (records the analysis wrote back and its `analysis_results` rows);
nothing computes analytics.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from chiefops.errors import InvalidInput, NotFound
from chiefops.intel.rows import latest_row
from chiefops.intel.views import (
    DeepDive,
    HealthPoint,
    HealthView,
    LatestResult,
    PersonDetail,
    PersonProject,
    ProjectView,
    RunInfo,
    TaskView,
)
from chiefops.models import AnalysisResult, AnalysisType, Page, Person, Project, Task
from chiefops.models.status import OPEN_CATEGORIES
from chiefops.store import DateBucket, QueryPlan, Store

TASK_SORTS = {"created_date", "updated_date", "due_date", "priority", "jira_key", "status"}


def _page_bounds(skip: int, limit: int) -> None:
    if skip < 0 or not 1 <= limit <= 100:
        raise InvalidInput(
            "skip must be ≥ 0 and limit between 1 and 100.", details={"skip": skip, "limit": limit}
        )


async def latest(
    store: Store, analysis_type: AnalysisType, project_id: str | None, *, recomputing: bool
) -> LatestResult | None:
    row = await latest_row(store, analysis_type, project_id)
    if row is None:
        return None
    return LatestResult(
        analysis_id=row.analysis_id, analysis_type=row.analysis_type, project_id=row.project_id, result_data=row.result_data,
        is_stale=row.is_stale, recomputing=recomputing, created_at=row.created_at,
    )  # fmt: skip


async def non_person_ids(store: Store) -> set[str]:
    row = await latest_row(store, AnalysisType.PEOPLE_IDENTIFICATION, None)
    accounts = row.result_data.get("non_person_accounts", []) if row else []
    return (
        {str(a["ref_id"]) for a in accounts if isinstance(a, dict)} if isinstance(accounts, list) else set()
    )


async def list_people(
    store: Store,
    *,
    q: str | None = None,
    activity_level: str | None = None,
    project_id: str | None = None,
    department: str | None = None,
    role_source: str | None = None,
    skip: int = 0,
    limit: int = 50,
) -> Page[Person]:
    """People (bots and other non-person accounts left out), filtered, by name.

    Ingestion keeps one record per source account, bots included (`jira-bot` flagged `is_bot`; a Jira
    "Automation for Jira" account is a plain record), so the store holds more people records than the
    analysis resolves: every listing and count of people goes through here (or `is_bot` plus the
    people row's `non_person_accounts`), never a bare count of the collection."""
    _page_bounds(skip, limit)
    hidden = sorted(await non_person_ids(store))
    query: dict[str, Any] = {"is_bot": False}
    if hidden:
        query["person_id"] = {"$nin": hidden}
    for name, value in (
        ("activity_level", activity_level),
        ("projects", project_id),
        ("department", department),
        ("role_source", role_source),
    ):
        if value is not None:
            query[name] = value
    people = store.typed(Person)
    if q:
        found = await people.search(q, filter=query, limit=500)
        found.sort(key=lambda p: (p.name.casefold(), p.person_id))
        return Page(items=found[skip : skip + limit], total=len(found), skip=skip, limit=limit)
    total = await people.count(query)
    items = await people.find(query, sort=[("name", 1), ("person_id", 1)], skip=skip, limit=limit)
    return Page(items=items, total=total, skip=skip, limit=limit)


async def get_person(store: Store, person_id: str) -> PersonDetail:
    people = store.typed(Person)
    person = await people.find_one({"person_id": person_id}) or await people.find_one(
        {"alias_ids": person_id}
    )
    if person is None:
        raise NotFound(
            f"No person {person_id!r}. List people with GET /api/v1/people.", details={"person_id": person_id}
        )
    if person.is_bot or person.person_id in await non_person_ids(store):
        raise NotFound(
            f"{person.name!r} is a bot or automation account, not a person; the analysis lists it under "
            "non_person_accounts. List people with GET /api/v1/people.",
            details={"person_id": person_id},
        )
    row = await latest_row(store, AnalysisType.PEOPLE_IDENTIFICATION, None)
    persons = row.result_data.get("persons", {}) if row else {}
    detail = persons.get(person.person_id, {}) if isinstance(persons, dict) else {}
    tasks = await store.typed(Task).find(
        {"assignees": person.person_id}, sort=[("updated_date", -1)], limit=100
    )
    projects = (
        await store.typed(Project).find({"project_id": {"$in": person.projects}}) if person.projects else []
    )
    roles = [
        PersonProject(project_id=p.project_id, name=p.name, role_in_project=m.role_in_project)
        for p in sorted(projects, key=lambda p: p.name)
        for m in p.people_involved
        if m.person_id == person.person_id
    ]
    series = await store.collection("messages").aggregate(
        QueryPlan(
            match={"author": person.person_id, "source": "slack"},
            bucket=DateBucket(field="timestamp", unit="week"),
            sort=(("bucket", 1),),
        )
    )
    return PersonDetail(
        person=person,
        role=_dict(detail, "role"),
        detected_role=_dict(detail, "detected_role"),
        identity={k: obj(detail).get(k) for k in ("node_keys", "alias_ids", "identity_confidence", "links")},
        activity=_dict(detail, "activity"),
        engagement=_dict(detail, "engagement"),
        team_scores=_dict(detail, "team_scores"),
        flags=items(obj(detail).get("flags")),
        tasks=tasks,
        projects=roles,
        activity_series=[{"week": r["bucket"], "messages": r["count"]} for r in series],
    )


def _dict(detail: object, key: str) -> dict[str, Any] | None:
    value = obj(detail).get(key)
    return value if isinstance(value, dict) else None


def obj(value: object) -> dict[str, Any]:
    """A JSON object read from a stored row, or {} when the row holds something else."""
    return value if isinstance(value, dict) else {}


def items(value: object) -> list[Any]:
    """A JSON array read from a stored row, or [] when the row holds something else."""
    return value if isinstance(value, list) else []


async def _project_view(store: Store, project: Project) -> ProjectView:
    row = await latest_row(store, AnalysisType.HEALTH_SCORE, project.project_id)
    data: Mapping[str, Any] = row.result_data if row else {}
    health = data.get("health") or {}
    return ProjectView(
        **project.model_dump(),
        health_components=list(health.get("sub_scores", [])) if isinstance(health, dict) else [],
        status_reasons=list(data.get("status_reasons", [])),
    )


async def list_projects(store: Store, *, skip: int = 0, limit: int = 50) -> Page[ProjectView]:
    _page_bounds(skip, limit)
    projects = store.typed(Project)
    total = await projects.count()
    found = await projects.find(sort=[("name", 1), ("project_id", 1)], skip=skip, limit=limit)
    return Page(items=[await _project_view(store, p) for p in found], total=total, skip=skip, limit=limit)


async def get_project(store: Store, project_id: str) -> ProjectView:
    project = await store.typed(Project).find_one({"project_id": project_id})
    if project is None:
        raise NotFound(
            f"No project {project_id!r}. List projects with GET /api/v1/projects.",
            details={"project_id": project_id},
        )
    return await _project_view(store, project)


async def deep_dive(store: Store, project_id: str) -> DeepDive:
    view = await get_project(store, project_id)
    health = await latest_row(store, AnalysisType.HEALTH_SCORE, project_id)
    gaps = await latest_row(store, AnalysisType.GAP_DETECTION, project_id)
    feasibility = await latest_row(store, AnalysisType.TECHNICAL_FEASIBILITY, project_id)
    feas: Mapping[str, Any] = feasibility.result_data if feasibility else {}
    plan = feas.get("backward_plan") if isinstance(feas.get("backward_plan"), dict) else None
    timeline = [
        {"on": m.date.date().isoformat(), "kind": "milestone", "name": m.name, "status": m.status.value}
        for m in view.milestones
    ]
    if view.deadline:
        timeline.append({"on": view.deadline.date().isoformat(), "kind": "deadline", "name": "Deadline"})
    for step in (plan or {}).get("steps", []) if isinstance(plan, dict) else []:
        timeline.append(
            {
                "on": step.get("latest_finish"),
                "kind": "plan_step",
                "name": step.get("step"),
                "status": step.get("status"),
            }
        )
    return DeepDive(
        project=view,
        metrics=obj(health.result_data.get("metrics")) if health else None,
        forecast=obj(feas.get("forecast")) or None,
        feasibility=obj(feas.get("feasibility")) or None,
        gaps=items(gaps.result_data.get("findings")) if gaps else [],
        risks=items(feas.get("risks")),
        questions=items(feas.get("questions")),
        readiness=items(feas.get("readiness")),
        backward_plan=plan,
        members=[m.model_dump() for m in view.people_involved],
        timeline=sorted(timeline, key=lambda t: (str(t.get("on")), str(t.get("name")))),
    )


async def list_tasks(
    store: Store,
    *,
    as_of: datetime | None,
    project_id: str | None = None,
    status_category: str | None = None,
    assignee: str | None = None,
    priority: str | None = None,
    source: str | None = None,
    blocked: bool | None = None,
    overdue: bool | None = None,
    sort: str = "-updated_date",
    skip: int = 0,
    limit: int = 50,
) -> Page[TaskView]:
    """Tasks with their effective assignees (the analysis writes inferred ones back)."""
    _page_bounds(skip, limit)
    field = sort.lstrip("-")
    if field not in TASK_SORTS:
        raise InvalidInput(
            f"Cannot sort tasks by {sort!r}; use one of: {', '.join(sorted(TASK_SORTS))} (prefix '-' for descending).",
            details={"sort": sort},
        )
    query: dict[str, Any] = {}
    for name, value in (
        ("project_id", project_id),
        ("status_category", status_category),
        ("assignees", assignee),
        ("priority", priority),
        ("source", source),
    ):
        if value is not None:
            query[name] = value
    if blocked is not None:
        query["is_blocker"] = blocked
    if overdue:
        if as_of is None:
            return Page(items=[], total=0, skip=skip, limit=limit)
        query["due_date"] = {"$lt": as_of.replace(hour=0, minute=0, second=0, microsecond=0)}
        query["status_category"] = {"$in": sorted(c.value for c in OPEN_CATEGORIES)}
    tasks = store.typed(Task)
    descending = sort.startswith("-")
    if field == "priority":
        total, found = await _by_priority(store, query, descending=descending, skip=skip, limit=limit)
    else:
        total = await tasks.count(query)
        found = await tasks.find(
            query, sort=[(field, -1 if descending else 1), ("task_id", 1)], skip=skip, limit=limit
        )
    return Page(
        items=[TaskView(**t.model_dump(), effective_assignees=list(t.assignees)) for t in found],
        total=total,
        skip=skip,
        limit=limit,
    )


PRIORITY_ORDER = ("blocker", "highest", "critical", "high", "medium", "low", "lowest")


def priority_rank(priority: str | None) -> tuple[int, str]:
    """Sort key of a Jira priority, most urgent first: Blocker > Highest > Critical > High > Medium >
    Low > Lowest, then any other value by name, then no priority."""
    if priority is None:
        return (len(PRIORITY_ORDER) + 1, "")
    name = priority.strip().casefold()
    rank = PRIORITY_ORDER.index(name) if name in PRIORITY_ORDER else len(PRIORITY_ORDER)
    return (rank, name)


async def _by_priority(
    store: Store, query: dict[str, Any], *, descending: bool, skip: int, limit: int
) -> tuple[int, list[Task]]:
    """One page of tasks ordered by priority rank (`-priority`: most urgent first), then task_id.

    Priorities are a handful of values, so the page is read group by group: counts per stored value
    pick the groups the page window covers, and each group is read with its own skip and limit."""
    groups = await store.collection("tasks").aggregate(QueryPlan(match=query, group_by=("priority",)))
    ordered = sorted(groups, key=lambda g: priority_rank(g["priority"]), reverse=not descending)
    total = sum(int(g["count"]) for g in ordered)
    found: list[Task] = []
    offset = skip
    for group in ordered:
        size = int(group["count"])
        if offset >= size:
            offset -= size
            continue
        wanted = limit - len(found)
        found += await store.typed(Task).find(
            {**query, "priority": group["priority"]}, sort=[("task_id", 1)], skip=offset, limit=wanted
        )
        offset = 0
        if len(found) >= limit:
            break
    return total, found


async def health_view(store: Store, project_id: str | None) -> HealthView:
    if project_id is not None:
        await get_project(store, project_id)
    row = await latest_row(store, AnalysisType.HEALTH_SCORE, project_id)
    scope = "project" if project_id else "org"
    if row is None:
        return HealthView(
            scope=scope,
            project_id=project_id,
            health=None,
            message="no data yet: ingest exports, then the analysis runs",
        )
    data = row.result_data
    as_of = obj(data.get("meta")).get("as_of")
    return HealthView(
        scope=scope, project_id=project_id, health=obj(data.get("health")) or None, trend=obj(data.get("trend")) or None,
        metrics=obj(data.get("metrics")) or None, as_of=str(as_of) if as_of else None,
    )  # fmt: skip


async def health_history(store: Store, project_id: str | None) -> list[HealthPoint]:
    rows = await store.typed(AnalysisResult).find(
        {"analysis_type": AnalysisType.HEALTH_SCORE, "project_id": project_id},
        sort=[("created_at", 1), ("is_stale", -1), ("analysis_id", 1)],
    )
    points = []
    for row in rows:
        meta, health, status = (
            obj(row.result_data.get("meta")),
            obj(row.result_data.get("health")),
            row.result_data.get("status"),
        )
        score = health.get("score")
        points.append(
            HealthPoint(
                run_id=str(meta["run_id"]) if meta.get("run_id") else None,
                as_of=str(meta["as_of"]) if meta.get("as_of") else None,
                created_at=row.created_at,
                score=score if isinstance(score, int) else None,
                status=status if isinstance(status, str) else None,
            )
        )
    return points


async def last_stored_run(store: Store) -> RunInfo | None:
    """The run that wrote the newest analysis row, from its `result_data.meta` (None before any run)."""
    row = await store.typed(AnalysisResult).find_one(sort=[("created_at", -1), ("analysis_id", -1)])
    if row is None:
        return None
    meta = obj(row.result_data.get("meta"))
    failed = meta.get("last_run_failed")
    duration = meta.get("duration_ms")
    return RunInfo(
        running=False,
        pending=False,
        run_id=str(meta["run_id"]) if meta.get("run_id") else None,
        trigger=obj(meta.get("trigger")) or None,
        as_of=str(meta["as_of"]) if meta.get("as_of") else None,
        duration_ms=duration if isinstance(duration, int) else None,
        failed=[{str(k): str(v) for k, v in failed.items()}] if isinstance(failed, dict) else [],
        warnings=[str(w) for w in items(meta.get("warnings"))],
        finished_at=row.created_at,
    )
