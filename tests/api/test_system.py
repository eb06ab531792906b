"""Health, readiness, the error envelope, the SPA fallback and security headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from tests.conftest import assert_error
from tests.ingest.fixtures_ingest import slack_export

from chiefops.app import create_app
from chiefops.models import format_utc
from chiefops.services import Services


async def test_health_answers_ok_with_version(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "0.1.0"}


async def test_ready_lists_the_store_check(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": [{"name": "store", "ok": True, "detail": "sqlite ready"}],
    }


async def test_ready_is_503_in_the_error_shape_when_the_store_is_closed(
    client: httpx.AsyncClient, container: Services
) -> None:
    await container.store.close()
    response = await client.get("/api/v1/ready")
    error = assert_error(response, 503, "dependency_down")
    assert str(error["message"]).startswith("Not ready: store:")


async def test_unknown_api_path_is_a_json_404(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/api/v1/nope"), 404, "not_found")
    assert error["message"] == "No such endpoint: /api/v1/nope"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def test_unknown_api_path_is_a_json_404_whatever_the_method(
    client: httpx.AsyncClient, method: str
) -> None:
    """Audit foundation D5: `POST /api/v1/nope` answered 405 "Method Not Allowed" instead of 404."""
    error = assert_error(await client.request(method, "/api/v1/nope"), 404, "not_found")
    assert error["message"] == "No such endpoint: /api/v1/nope"


async def test_wrong_method_uses_the_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/health")
    error = assert_error(response, 405, "method_not_allowed")
    assert (error["message"], response.headers["allow"]) == (
        "DELETE is not allowed on /api/v1/health; use GET",
        "GET",
    )


async def test_validation_errors_use_the_error_shape(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.post("/api/v1/auth", json={"token": ""}), 422, "validation_error")
    assert error["details"] == {"fields": {"token": "String should have at least 1 character"}}


async def test_system_status_reports_backend_and_limits(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/system/status")).json()
    assert body["storage_backend"] == "sqlite"
    assert body["upload_limits"] == {"max_upload_mb": 500, "max_batch_mb": 2048, "max_batch_files": 20000}
    assert body["ai"] == {"provider": "local", "model": None, "state": "ok"}
    assert body["data_versions"] == {"messages": 0, "tasks": 0, "documents": 0, "people": 0, "projects": 0}


async def test_system_status_reports_the_data_as_of_of_what_was_ingested(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    """Audit foundation D7: `data_as_of` was always null, so the UI said "No data yet" after ingestion."""
    before = (await client.get("/api/v1/system/status")).json()["data_as_of"]
    summary = await container.ingest.run([slack_export(tmp_path / "export.zip")])
    after = (await client.get("/api/v1/system/status")).json()["data_as_of"]
    assert (before, after) == (None, "2026-06-02T00:03:00.000100Z")  # the export's newest message
    assert summary.data_as_of is not None and format_utc(summary.data_as_of) == after


async def test_every_response_carries_the_csp(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


async def _spa_client(container: Services, dist: Path) -> httpx.AsyncClient:
    app = create_app(services=container, web_dist=dist)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_spa_deep_links_fall_back_to_index_html(container: Services, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>ChiefOps</title>")
    (dist / "assets" / "app-1a2b.js").write_text("console.info('x')")
    async with await _spa_client(container, dist) as http:
        deep = await http.get("/people/1234")
        asset = await http.get("/assets/app-1a2b.js")
        api = await http.get("/api/v1/people-typo")
    assert deep.status_code == 200
    assert deep.text == "<!doctype html><title>ChiefOps</title>"
    assert deep.headers["cache-control"] == "no-cache"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert_error(api, 404, "not_found")


async def test_spa_paths_cannot_escape_the_dist_folder(container: Services, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("index")
    (tmp_path / "secret.txt").write_text("secret")
    async with await _spa_client(container, dist) as http:
        response = await http.get("/..%2Fsecret.txt")
    error = assert_error(response, 404, "not_found")
    assert error["message"] == "No such file: /../secret.txt"


async def test_a_missing_asset_is_a_404_not_index_html(container: Services, tmp_path: Path) -> None:
    """Audit foundation D6: `/assets/missing-abc.js` answered 200 with index.html, so a stale tab got
    HTML where it expected JavaScript."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("index")
    async with await _spa_client(container, dist) as http:
        asset = await http.get("/assets/missing-abc.js")
        icon = await http.get("/favicon-old.png")
        route = await http.get("/projects/alpha")
    assert assert_error(asset, 404, "not_found")["message"] == "No such file: /assets/missing-abc.js"
    assert assert_error(icon, 404, "not_found")["message"] == "No such file: /favicon-old.png"
    assert (route.status_code, route.text) == (200, "index")


async def test_head_on_the_app_answers_like_get(container: Services, tmp_path: Path) -> None:
    """Audit foundation D5: `HEAD /` answered 405."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("index")
    async with await _spa_client(container, dist) as http:
        response = await http.head("/")
    assert (response.status_code, response.headers["cache-control"], response.content) == (
        200,
        "no-cache",
        b"",
    )


async def test_missing_build_says_how_to_build_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 503
    assert "has not been built yet" in response.text
