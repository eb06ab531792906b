"""Intelligence routes (spec 04 §7.1) through the in-process ASGI client, on the analysed demo world."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.conftest import assert_error

from chiefops.app import create_app
from chiefops.services import Services


@pytest.fixture
async def http(analysed: Services, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(services=analysed, web_dist=tmp_path / "no-dist")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def test_people_lists_resolved_people_in_pages_without_bots(
    http: httpx.AsyncClient, truth: dict[str, Any]
) -> None:
    first = (await http.get("/api/v1/people", params={"limit": 50})).json()
    second = (await http.get("/api/v1/people", params={"skip": 50, "limit": 50})).json()
    names = {p["name"] for p in first["items"] + second["items"]}
    assert (first["total"], first["skip"], first["limit"]) == (
        truth["counts"]["persons_after_resolution"],
        0,
        50,
    )
    assert names.isdisjoint({n["name"] for n in truth["non_persons"]})
    assert {"flags", "role_confidence", "alias_ids"} <= set(first["items"][0])


async def test_people_filters_by_activity_level(http: httpx.AsyncClient, truth: dict[str, Any]) -> None:
    body = (await http.get("/api/v1/people", params={"activity_level": "quiet"})).json()
    assert truth["quiet_people"][0]["person"] in {p["name"] for p in body["items"]}
    assert {p["activity_level"] for p in body["items"]} == {"quiet"}


async def test_a_person_shows_role_evidence_links_tasks_and_activity(http: httpx.AsyncClient) -> None:
    people = (await http.get("/api/v1/people", params={"q": "Raj"})).json()["items"]
    body = (await http.get(f"/api/v1/people/{people[0]['person_id']}")).json()
    assert body["role"]["role"] == "architect"
    assert len(body["identity"]["links"]) >= 2
    assert body["tasks"] and body["activity_series"]


async def test_an_alias_id_finds_the_merged_person(http: httpx.AsyncClient) -> None:
    raj = (await http.get("/api/v1/people", params={"q": "Raj"})).json()["items"][0]
    body = (await http.get(f"/api/v1/people/{raj['alias_ids'][0]}")).json()
    assert body["person"]["person_id"] == raj["person_id"]


async def test_unknown_ids_answer_404_with_the_error_envelope(http: httpx.AsyncClient) -> None:
    assert_error(await http.get("/api/v1/people/nobody"), 404, "not_found")
    assert_error(await http.get("/api/v1/projects/nothing"), 404, "not_found")
    assert_error(await http.get("/api/v1/projects/nothing/deep-dive"), 404, "not_found")
    assert_error(await http.post("/api/v1/people/matches/none/confirm"), 404, "not_found")


async def test_bad_list_parameters_answer_422_or_400(http: httpx.AsyncClient) -> None:
    assert_error(await http.get("/api/v1/people", params={"limit": 500}), 422, "validation_error")
    assert_error(await http.get("/api/v1/tasks", params={"sort": "banana"}), 400, "invalid_input")


async def test_projects_carry_health_components_and_status_reasons(
    http: httpx.AsyncClient, truth: dict[str, Any]
) -> None:
    body = (await http.get("/api/v1/projects")).json()
    assert body["total"] == len(truth["projects"])
    project = body["items"][0]
    assert {c["name"] for c in project["health_components"]} == {
        "sprint",
        "communication",
        "throughput",
        "documentation",
        "alerts",
    }
    assert project["status_reasons"]


async def test_the_deep_dive_holds_metrics_forecast_gaps_risks_and_timeline(http: httpx.AsyncClient) -> None:
    project = (await http.get("/api/v1/projects")).json()["items"][0]
    body = (await http.get(f"/api/v1/projects/{project['project_id']}/deep-dive")).json()
    assert {"metrics", "forecast", "feasibility", "gaps", "risks", "questions", "members", "timeline"} <= set(
        body
    )
    assert body["metrics"]["lead_time"]["basis"] is not None


async def test_tasks_filter_by_source_and_show_effective_assignees(
    http: httpx.AsyncClient, truth: dict[str, Any]
) -> None:
    body = (await http.get("/api/v1/tasks", params={"source": "slack_identified"})).json()
    assert body["total"] == len(truth["informal_assignments"])
    assert all(t["effective_assignees"] == t["assignees"] and t["assignees"] for t in body["items"])


async def test_blocked_tasks_are_the_open_blockers(http: httpx.AsyncClient, truth: dict[str, Any]) -> None:
    body = (await http.get("/api/v1/tasks", params={"blocked": "true", "limit": 100})).json()
    assert sorted(t["jira_key"] for t in body["items"]) == sorted(
        k for p in truth["projects"] for k in p["open_blockers"]
    )


async def test_org_health_history_and_briefings(http: httpx.AsyncClient) -> None:
    health = (await http.get("/api/v1/org/health")).json()
    assert health["scope"] == "org" and health["health"]["score"] > 0
    history = (await http.get("/api/v1/health-history")).json()
    assert [p["score"] for p in history] == [health["health"]["score"]]
    briefing = (await http.get("/api/v1/briefings")).json()
    assert briefing["analysis_type"] == "briefing" and briefing["result_data"]["scope"] == "org"


async def test_possible_matches_are_an_empty_page_on_the_demo_world(http: httpx.AsyncClient) -> None:
    assert (await http.get("/api/v1/people/matches")).json()["items"] == []


async def test_analysis_run_is_accepted_and_status_reports_the_run(
    http: httpx.AsyncClient, analysed: Services
) -> None:
    response = await http.post("/api/v1/analysis/run")
    assert response.status_code == 202
    await analysed.intel.wait()
    status = (await http.get("/api/v1/analysis/status")).json()
    assert (status["running"], status["trigger"], status["recomputed"]) == (
        False,
        {"kind": "manual", "ref": "api"},
        [],
    )
