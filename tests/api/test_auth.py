"""Token rule (spec 01 §4): bearer header or the cookie POST /auth sets; health/ready stay open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from tests.conftest import FIXED_NOW, assert_error

from chiefops.api.auth import tokens_match
from chiefops.app import create_app
from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.errors import ConfigError
from chiefops.services import build_services

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
async def guarded(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path / "data", host="0.0.0.0", token=SecretStr(TOKEN))
    services = build_services(settings, clock=FixedClock(FIXED_NOW))
    await services.start()
    app = create_app(services=services, web_dist=tmp_path / "dist")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http
    await services.close()


async def test_health_and_ready_need_no_token(guarded: httpx.AsyncClient) -> None:
    assert (await guarded.get("/api/v1/health")).status_code == 200
    assert (await guarded.get("/api/v1/ready")).status_code == 200


async def test_api_without_token_is_401_in_the_error_shape(guarded: httpx.AsyncClient) -> None:
    error = assert_error(await guarded.get("/api/v1/system/status"), 401, "unauthorized")
    assert "Authorization: Bearer" in str(error["message"])


async def test_wrong_bearer_token_is_refused(guarded: httpx.AsyncClient) -> None:
    response = await guarded.get("/api/v1/system/status", headers={"Authorization": "Bearer nope"})
    assert_error(response, 401, "unauthorized")


async def test_bearer_token_is_accepted(guarded: httpx.AsyncClient) -> None:
    response = await guarded.get("/api/v1/system/status", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


async def test_auth_sets_an_httponly_cookie_that_then_works(guarded: httpx.AsyncClient) -> None:
    login = await guarded.post("/api/v1/auth", json={"token": TOKEN})
    assert login.status_code == 204
    assert "httponly" in login.headers["set-cookie"].lower()
    assert (await guarded.get("/api/v1/system/status")).status_code == 200


async def test_auth_with_wrong_token_sets_no_cookie(guarded: httpx.AsyncClient) -> None:
    response = await guarded.post("/api/v1/auth", json={"token": "wrong"})
    assert_error(response, 401, "unauthorized")
    assert "set-cookie" not in response.headers


async def test_static_files_need_no_token(guarded: httpx.AsyncClient) -> None:
    assert (await guarded.get("/")).status_code == 503  # not built in this test, but not 401


def test_non_loopback_bind_without_token_refuses_to_build_the_app(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, host="0.0.0.0")
    with pytest.raises(ConfigError) as info:
        create_app(settings)
    assert info.value.message.startswith("Refusing to listen on 0.0.0.0:23000 without a token")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("myhost", False),
    ],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert Settings(host=host).is_loopback is loopback


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_token_off_loopback_is_refused_like_an_unset_one(tmp_path: Path, blank: str) -> None:
    """Audit foundation D2: `CHIEFOPS_TOKEN=` (empty, e.g. from an env file) passed the bind check and
    the empty cookie then matched it, opening the whole API to the network."""
    settings = Settings(data_dir=tmp_path, host="0.0.0.0", token=SecretStr(blank))
    with pytest.raises(ConfigError) as info:
        create_app(settings)
    assert settings.token is None
    assert info.value.message.startswith("Refusing to listen on 0.0.0.0:23000 without a token")


def test_an_empty_given_token_never_matches() -> None:
    """Audit foundation D2: `tokens_match("", "")` was true."""
    assert (tokens_match("", ""), tokens_match("", TOKEN), tokens_match(None, TOKEN)) == (False, False, False)


async def test_an_empty_token_cookie_is_refused(guarded: httpx.AsyncClient) -> None:
    response = await guarded.get("/api/v1/system/status", headers={"Cookie": "chiefops_token="})
    assert_error(response, 401, "unauthorized")
