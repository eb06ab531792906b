"""Token rule (spec 01 §4): with CHIEFOPS_TOKEN set, every API route but health/ready needs it.

The token is accepted as `Authorization: Bearer <token>` or as the HttpOnly cookie that
`POST /api/v1/auth {token}` sets, so the SPA's EventSource works. Comparison is constant-time.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import envelope, error_responses
from chiefops.errors import Unauthorized

COOKIE_NAME = "chiefops_token"
OPEN_PATHS = frozenset({"/api/v1/health", "/api/v1/ready", "/api/v1/auth"})

router = APIRouter(tags=["auth"])


class AuthRequest(BaseModel):
    token: str = Field(min_length=1, max_length=4096)


def tokens_match(given: str | None, expected: str) -> bool:
    """Constant-time compare; an empty token on either side never matches (01 §4, 09 Security)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


@router.post(
    "/auth",
    status_code=204,
    summary="Exchange the API token for an HttpOnly session cookie",
    responses=error_responses(401, 422),
)
async def login(body: AuthRequest, services: ServicesDep) -> Response:
    expected = services.settings.token
    if expected is None:
        return Response(status_code=204)
    if not tokens_match(body.token, expected.get_secret_value()):
        raise Unauthorized("That token is not valid for this ChiefOps server.")
    response = Response(status_code=204)
    response.set_cookie(COOKIE_NAME, body.token, httponly=True, samesite="strict", path="/")
    return response


def _request_token(scope: Scope) -> str | None:
    raw: list[tuple[bytes, bytes]] = scope.get("headers", [])
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    cookie = SimpleCookie()
    cookie.load(headers.get("cookie", ""))
    morsel = cookie.get(COOKIE_NAME)
    return str(morsel.value) if morsel else None


class TokenMiddleware:
    """Rejects `/api/…` requests without the token (static SPA files stay public)."""

    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        needs_token = scope["type"] == "http" and path.startswith("/api/") and path not in OPEN_PATHS
        if needs_token and not tokens_match(_request_token(scope), self.token):
            response = envelope(
                401,
                "unauthorized",
                "This ChiefOps server needs its access token: send 'Authorization: Bearer <token>' "
                "or sign in at POST /api/v1/auth.",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
