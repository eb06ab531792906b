"""Intelligence routes (spec 04 §7.1): people, projects, tasks, health, briefings, analysis runs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.intel import Trigger
from chiefops.intel.views import (
    DeepDive,
    HealthPoint,
    HealthView,
    LatestResult,
    MatchDecision,
    PersonDetail,
    PossibleMatchView,
    ProjectView,
    RunInfo,
    TaskView,
)
from chiefops.models import ActivityLevel, Page, Person, RoleSource, StatusCategory, TaskSource

router = APIRouter(tags=["intel"])

Skip = Annotated[int, Query(ge=0, description="Items to skip")]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page (1–100)")]


class MatchChoice(BaseModel):
    """Which candidate a confirmation means (defaults to the match's best candidate)."""

    person_id: str | None = Field(default=None, description="One of the match's candidates")


@router.get(
    "/people",
    summary="People with role, activity and flags",
    response_model=Page[Person],
    responses=error_responses(400, 422),
)
async def list_people(
    services: ServicesDep,
    q: str | None = None,
    activity_level: ActivityLevel | None = None,
    project_id: str | None = None,
    department: str | None = None,
    role_source: RoleSource | None = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> Page[Person]:
    return await services.intel.list_people(
        q=q,
        activity_level=activity_level,
        project_id=project_id,
        department=department,
        role_source=role_source,
        skip=skip,
        limit=limit,
    )


@router.get(
    "/people/matches",
    summary="Possible identity matches waiting for the COO",
    response_model=Page[PossibleMatchView],
)
async def list_matches(services: ServicesDep, status: Literal["open"] = "open") -> Page[PossibleMatchView]:
    return await services.intel.list_matches(status=status)


@router.post(
    "/people/matches/{match_id}/confirm",
    summary="Confirm a possible match (writes a same_person fact and re-runs the analysis)",
    response_model=MatchDecision,
    responses=error_responses(404, 422),
)
async def confirm_match(
    match_id: str, services: ServicesDep, choice: MatchChoice | None = None
) -> MatchDecision:
    return await services.intel.decide_match(
        match_id, confirm=True, person_id=choice.person_id if choice else None
    )


@router.post(
    "/people/matches/{match_id}/reject",
    summary="Reject a possible match (writes a different_person fact and re-runs the analysis)",
    response_model=MatchDecision,
    responses=error_responses(404, 422),
)
async def reject_match(
    match_id: str, services: ServicesDep, choice: MatchChoice | None = None
) -> MatchDecision:
    return await services.intel.decide_match(
        match_id, confirm=False, person_id=choice.person_id if choice else None
    )


@router.get(
    "/people/{person_id}",
    summary="A person with role evidence, identity links, tasks and activity",
    response_model=PersonDetail,
    responses=error_responses(404),
)
async def get_person(person_id: str, services: ServicesDep) -> PersonDetail:
    return await services.intel.get_person(person_id)


@router.get(
    "/projects",
    summary="Projects with health components and status reasons",
    response_model=Page[ProjectView],
    responses=error_responses(400, 422),
)
async def list_projects(services: ServicesDep, skip: Skip = 0, limit: Limit = 50) -> Page[ProjectView]:
    return await services.intel.list_projects(skip=skip, limit=limit)


@router.get(
    "/projects/{project_id}",
    summary="One project with health components and status reasons",
    response_model=ProjectView,
    responses=error_responses(404),
)
async def get_project(project_id: str, services: ServicesDep) -> ProjectView:
    return await services.intel.get_project(project_id)


@router.get(
    "/projects/{project_id}/deep-dive",
    summary="Flow metrics, forecast, feasibility, gaps, risks, questions, members and timeline",
    response_model=DeepDive,
    responses=error_responses(404),
)
async def deep_dive(project_id: str, services: ServicesDep) -> DeepDive:
    return await services.intel.deep_dive(project_id)


@router.get(
    "/tasks",
    summary="Tasks with their effective assignees",
    response_model=Page[TaskView],
    responses=error_responses(400, 422),
)
async def list_tasks(
    services: ServicesDep,
    project_id: str | None = None,
    status_category: StatusCategory | None = None,
    assignee: str | None = None,
    priority: str | None = None,
    source: TaskSource | None = None,
    blocked: bool | None = None,
    overdue: bool | None = None,
    sort: str = "-updated_date",
    skip: Skip = 0,
    limit: Limit = 50,
) -> Page[TaskView]:
    return await services.intel.list_tasks(
        project_id=project_id, status_category=status_category, assignee=assignee, priority=priority, source=source,
        blocked=blocked, overdue=overdue, sort=sort, skip=skip, limit=limit,
    )  # fmt: skip


@router.get(
    "/org/health",
    summary="Org health: composite, sub-scores, weights and why it changed",
    response_model=HealthView,
)
async def org_health(services: ServicesDep) -> HealthView:
    return await services.intel.org_health()


@router.get(
    "/health-history",
    summary="Health score per analysis run (org, or one project)",
    response_model=list[HealthPoint],
    responses=error_responses(404),
)
async def health_history(services: ServicesDep, project_id: str | None = None) -> list[HealthPoint]:
    return await services.intel.health_history(project_id)


@router.get(
    "/briefings",
    summary="The latest org or project briefing, with evidence",
    response_model=LatestResult,
    responses=error_responses(404),
)
async def briefing(services: ServicesDep, project_id: str | None = None) -> LatestResult:
    return await services.intel.briefing(project_id)


@router.post(
    "/analysis/run",
    summary="Start an analysis run in the background",
    status_code=202,
    response_model=RunInfo,
)
async def run_analysis(services: ServicesDep) -> RunInfo:
    return services.intel.request_run(Trigger("manual", "api"))


@router.get("/analysis/status", summary="The current or last analysis run", response_model=RunInfo)
async def analysis_status(services: ServicesDep) -> RunInfo:
    return await services.intel.run_status()
