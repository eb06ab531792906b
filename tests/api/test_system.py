"""Health, readiness, the error envelope, the SPA fallback and security headers."""

from __future__ import annotations

from pathlib import Path

import httpx
from tests.conftest import assert_error

from chiefops.app import create_app
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


async def test_wrong_method_uses_the_error_shape(client: httpx.AsyncClient) -> None:
    assert_error(await client.delete("/api/v1/health"), 405, "method_not_allowed")


async def test_validation_errors_use_the_error_shape(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.post("/api/v1/auth", json={"token": ""}), 422, "validation_error")
    assert error["details"] == {"fields": {"token": "String should have at least 1 character"}}


async def test_system_status_reports_backend_and_limits(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/system/status")).json()
    assert body["storage_backend"] == "sqlite"
    assert body["upload_limits"] == {"max_upload_mb": 500, "max_batch_mb": 2048, "max_batch_files": 20000}
    assert body["ai"] == {"provider": "local", "model": None, "state": "ok"}
    assert body["data_versions"] == {"messages": 0, "tasks": 0, "documents": 0, "people": 0, "projects": 0}


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
    assert response.text == "index"


async def test_missing_build_says_how_to_build_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 503
    assert "has not been built yet" in response.text
