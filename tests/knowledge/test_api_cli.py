"""The two shells over `KnowledgeService`: HTTP routes and `chiefops search` (spec 03 §7, 01 §5)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import httpx
import pytest
from tests.conftest import assert_error
from tests.knowledge.builders import ALPHA, BETA, PROJECTS, simple_doc
from typer.testing import CliRunner

from chiefops.cli import app
from chiefops.config import Settings
from chiefops.models import Project
from chiefops.services import Services, running_services

DOCS = [
    simple_doc("slack:C0ALPHADEV:day:2026-11-12", "Maria takes the SSO config this sprint"),
    simple_doc(
        "slack:C0PROJBETA:day:2026-11-12",
        "SSO config for the payments portal",
        project_id=BETA,
        locator={"channel": "proj-beta", "channel_id": "C0PROJBETA"},
    ),
]


async def _seed(services: Services) -> None:
    await services.store.typed(Project).insert_many(PROJECTS)
    await services.knowledge.index.index(DOCS)


async def test_search_route_returns_ranked_hits_with_citations(
    container: Services, client: httpx.AsyncClient
) -> None:
    await _seed(container)
    response = await client.get(
        "/api/v1/knowledge/search", params={"text": "SSO config", "project_ids": [ALPHA], "top_k": 5}
    )
    body = response.json()
    assert response.status_code == 200
    assert [h["citation"]["doc_key"] for h in body["hits"]] == ["slack:C0ALPHADEV:day:2026-11-12"]
    assert body["hits"][0]["citation"]["label"] == "Slack #alpha-dev · 2026-11-30 · Raj Patel"
    assert body["backend"] == "embedded-fts"


@pytest.mark.parametrize(
    ("params", "field"), [({"top_k": 0}, "top_k"), ({"top_k": 51}, "top_k"), ({"text": ""}, "text")]
)
async def test_search_route_rejects_bad_values_naming_the_field(
    client: httpx.AsyncClient, params: dict[str, object], field: str
) -> None:
    response = await client.get("/api/v1/knowledge/search", params={"text": "SSO", **params})
    error = assert_error(response, 422, "validation_error")
    assert error["details"]["field"] == field  # type: ignore[index]


async def test_search_route_answers_404_for_an_unknown_project(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/knowledge/search", params={"text": "SSO", "project_ids": ["nope"]})
    error = assert_error(response, 404, "not_found")
    assert error["message"] == "project not found: 'nope'"


async def test_status_route_reports_counts(container: Services, client: httpx.AsyncClient) -> None:
    await _seed(container)
    body = (await client.get("/api/v1/knowledge/status")).json()
    assert (body["health"]["state"], body["health"]["docs"], body["health"]["chunks"]) == ("ok", 2, 2)
    assert body["jobs"] == []


async def test_reindex_route_accepts_a_job_with_202(container: Services, client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/knowledge/reindex", json={"all": True})
    await container.knowledge.wait_for_jobs()
    assert response.status_code == 202
    assert response.json()["state"] == "queued"
    assert [j["state"] for j in (await client.get("/api/v1/knowledge/status")).json()["jobs"]] == ["done"]


async def test_reindex_route_without_a_scope_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/knowledge/reindex", json={})
    error = assert_error(response, 422, "validation_error")
    assert error["message"] == "Say what to re-index: project_id, source, or all=true."


def _cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key in [k for k in os.environ if k.startswith("CHIEFOPS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("CHIEFOPS_DATA_DIR", str(tmp_path / "cli-data"))
    return Settings(data_dir=tmp_path / "cli-data", _env_file=None)  # type: ignore[call-arg]


async def _seed_data_dir(settings: Settings) -> None:
    async with running_services(settings) as services:
        await _seed(services)


def test_cli_search_json_prints_one_result_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_seed_data_dir(_cli_env(tmp_path, monkeypatch)))
    result = CliRunner().invoke(app, ["search", "SSO config", "--project", "project alpha", "--json"])
    body = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [h["citation"]["doc_key"] for h in body["hits"]] == ["slack:C0ALPHADEV:day:2026-11-12"]
    assert set(body) == {
        "hits",
        "backend",
        "degraded",
        "warnings",
        "optout_filtered",
        "candidates",
        "took_ms",
    }


def test_cli_search_prints_labels_and_exits_2_on_a_bad_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_seed_data_dir(_cli_env(tmp_path, monkeypatch)))
    shown = CliRunner().invoke(app, ["search", "SSO config", "--limit", "1"])
    bad = CliRunner().invoke(app, ["search", "SSO config", "--limit", "0"])
    assert shown.exit_code == 0
    assert "Slack #" in shown.stdout and "SSO config" in shown.stdout
    assert bad.exit_code == 2
    assert "top_k" in bad.stderr
