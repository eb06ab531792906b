"""Intelligence routes (04 §7.1) on a small Jira world ingested through the real job, so each test
can change the data: possible matches decided through the API, the org trend after a follow-up
upload, the last run after a restart, and tasks sorted by priority."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tests.intel.conftest import ANALYSIS_CLOCK, settings_for

from chiefops.app import create_app
from chiefops.clock import FixedClock
from chiefops.ingest import IngestOptions
from chiefops.models import ConversationFact
from chiefops.services import Services, build_services

HEADER = "Issue key,Summary,Issue Type,Status,Priority,Assignee,Reporter,Created,Updated,Resolved,Project key,Project name"
ROWS = [
    "MOB-1,Build the login screen,Task,In Progress,High,Rajesh Patel,Rajesh Patel,01/Nov/26 9:00 AM,20/Nov/26 9:00 AM,,MOB,Mobile",
    "MOB-2,Fix the crash on start,Bug,To Do,Medium,Raj,Rajesh Patel,02/Nov/26 9:00 AM,21/Nov/26 9:00 AM,,MOB,Mobile",
    "MOB-3,Push notification opt-in,Story,To Do,Highest,Rajesh Patel,Rajesh Patel,03/Nov/26 9:00 AM,21/Nov/26 9:00 AM,,MOB,Mobile",
    "MOB-4,Dark mode colours,Story,To Do,Low,Rajesh Patel,Rajesh Patel,04/Nov/26 9:00 AM,21/Nov/26 9:00 AM,,MOB,Mobile",
    "MOB-5,App icon,Task,Done,Blocker,Rajesh Patel,Rajesh Patel,05/Nov/26 9:00 AM,19/Nov/26 9:00 AM,19/Nov/26 9:00 AM,MOB,Mobile",
]


def write_csv(path: Path, rows: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


async def start(data_dir: Path) -> Services:
    services = build_services(settings_for(data_dir), clock=FixedClock(ANALYSIS_CLOCK))
    await services.start()
    return services


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[Services]:
    services = await start(tmp_path / "data")
    try:
        await services.ingest.run([write_csv(tmp_path / "in" / "mobile.csv", ROWS)], IngestOptions())
        yield services
    finally:
        await services.close()


def client(services: Services, tmp_path: Path) -> httpx.AsyncClient:
    app = create_app(services=services, web_dist=tmp_path / "no-dist")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _the_match(http: httpx.AsyncClient) -> dict[str, object]:
    matches = (await http.get("/api/v1/people/matches")).json()["items"]
    assert [(m["rule"], m["question"]) for m in matches] == [
        ("single_token", "Is 'Raj' in Jira the same person as Rajesh Patel in Jira?")
    ]
    found: dict[str, object] = matches[0]
    return found


@pytest.mark.parametrize(
    ("verb", "field", "people_after"), [("confirm", "same_person", 1), ("reject", "different_person", 2)]
)
async def test_deciding_a_possible_match_writes_the_fact_and_closes_the_match(
    world: Services, tmp_path: Path, verb: str, field: str, people_after: int
) -> None:
    async with client(world, tmp_path) as http:
        match = await _the_match(http)
        response = await http.post(f"/api/v1/people/matches/{match['match_id']}/{verb}")
        await world.intel.wait()
        people = (await http.get("/api/v1/people")).json()["total"]
        left = (await http.get("/api/v1/people/matches")).json()["items"]
    facts = await world.store.typed(ConversationFact).find({"is_active": True})
    body = response.json()
    assert (response.status_code, body["field"], body["subject"], body["value"]) == (
        200,
        field,
        f"person:{match['a']}",
        match["b"],
    )
    assert [(f.fact_id, f.subject, f.field, f.value) for f in facts] == [
        (body["fact_id"], f"person:{match['a']}", field, match["b"])
    ]
    assert (people, left) == (people_after, [])


async def test_a_follow_up_upload_gives_the_org_score_a_trend_naming_the_upload(
    world: Services, tmp_path: Path
) -> None:
    """Fix: the org score had no trend ("why it changed") and no explanation named its trigger."""
    done = [
        r.replace("In Progress", "Done").replace(
            "20/Nov/26 9:00 AM,,", "22/Nov/26 9:00 AM,22/Nov/26 9:00 AM,"
        )
        for r in ROWS[:1]
    ]
    follow_up = write_csv(tmp_path / "in2" / "mobile.csv", [*done, *ROWS[1:]])
    async with client(world, tmp_path) as http:
        before = (await http.get("/api/v1/org/health")).json()
        await world.ingest.run([follow_up], IngestOptions())
        after = (await http.get("/api/v1/org/health")).json()
    assert (before["trend"]["direction"], before["trend"]["trigger"]) == ("baseline", None)
    assert after["trend"]["previous"] == before["health"]["score"]
    assert after["trend"]["trigger"] == "the 2026-11-22 Jira upload"
    assert after["trend"]["explanation"].endswith("; after the 2026-11-22 Jira upload.")


async def test_analysis_status_reports_the_last_run_after_a_restart(world: Services, tmp_path: Path) -> None:
    """Fix: the last run lived in memory only, so a restarted server answered with nulls."""
    async with client(world, tmp_path) as http:
        before = (await http.get("/api/v1/analysis/status")).json()
    restarted = await start(tmp_path / "data")
    try:
        async with client(restarted, tmp_path) as http:
            after = (await http.get("/api/v1/analysis/status")).json()
    finally:
        await restarted.close()
    keys = ("run_id", "as_of", "trigger")
    assert {k: after[k] for k in keys} == {k: before[k] for k in keys}
    assert (after["running"], after["as_of"][:10], after["trigger"]["kind"]) == (
        False,
        "2026-11-21",
        "ingestion",
    )


async def test_tasks_sort_by_priority_rank_not_by_name(world: Services, tmp_path: Path) -> None:
    """Fix: `sort=-priority` sorted the names as text (Medium first, High before Highest)."""
    async with client(world, tmp_path) as http:
        urgent = (await http.get("/api/v1/tasks", params={"sort": "-priority"})).json()
        calm = (await http.get("/api/v1/tasks", params={"sort": "priority", "skip": 1, "limit": 3})).json()
    assert [t["priority"] for t in urgent["items"]] == ["Blocker", "Highest", "High", "Medium", "Low"]
    assert (calm["total"], [t["priority"] for t in calm["items"]]) == (5, ["Medium", "High", "Highest"])
