"""Shared fixtures (spec 10 rule 24): a real container on a temp dir, an in-process HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from chiefops.app import create_app
from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.services import Services, build_services

FIXED_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Services]:
    services = build_services(settings, clock=FixedClock(FIXED_NOW))
    await services.start()
    try:
        yield services
    finally:
        await services.close()


@pytest.fixture
async def client(container: Services, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(services=container, web_dist=tmp_path / "no-dist")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    """The one error-envelope check every failing-path test uses (spec 10 rule 27)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    return dict(error)
