"""Serving the built single-page app (spec 08 intro): hashed assets cached for good,
`index.html` never cached, every client route falls back to `index.html`.

The catch-all takes every method, so whatever no other route answers gets the one error envelope:
an unknown `/api/…` path is 404 whatever the method, a known one with the wrong method 405 (with
`Allow`). A missing file — anything under `assets/` or with a file extension — is 404, never
`index.html` (a stale tab asking for an old bundle must not get HTML). `HEAD` works like `GET`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chiefops.api.errors import envelope
from chiefops.errors import MethodNotAllowed, NotFound

_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_READS = frozenset({"GET", "HEAD"})

WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'"
)

_NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ChiefOps</title></head>
<body><main><h1>ChiefOps</h1><p>The web interface has not been built yet. Run <code>make run</code>
(or <code>npm --prefix frontend run build</code>) and reload. The API is available under
<a href="/docs">/docs</a>.</p></main></body></html>"""


def _allowed_methods(request: Request, *, catch_all: APIRouter) -> list[str]:
    """Methods another route answers on this request's path (empty: no such endpoint)."""
    routes = [
        route
        for route in request.app.router.routes
        if getattr(route, "original_router", None) is not catch_all and route not in catch_all.routes
    ]
    return [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    ]


def _api_miss(request: Request, *, catch_all: APIRouter) -> Response:
    path = request.url.path
    allowed = _allowed_methods(request, catch_all=catch_all)
    if not allowed:
        raise NotFound(f"No such endpoint: {path}", details={"path": path})
    error = MethodNotAllowed(
        f"{request.method} is not allowed on {path}; use {', '.join(allowed)}",
        details={"path": path, "allowed": allowed},
    )
    response = envelope(error.status, error.code, error.message, error.details)
    response.headers["Allow"] = ", ".join(allowed)
    return response


def _is_file_path(path: str) -> bool:
    return path.startswith("assets/") or bool(PurePosixPath(path).suffix)


def _spa_router(dist: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    root = dist.resolve()

    @router.api_route("/{path:path}", methods=_METHODS)
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            return _api_miss(request, catch_all=router)
        if request.method not in _READS:
            raise MethodNotAllowed(
                f"{request.method} is not allowed on {request.url.path}: the web app only serves pages",
                details={"path": request.url.path},
            )
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503, headers={"Cache-Control": "no-cache"})
        candidate = (root / path).resolve()
        public = not any(part.startswith(".") for part in Path(path).parts)
        if path and public and candidate.is_file() and candidate.is_relative_to(root):
            immutable = candidate.is_relative_to(root / "assets")
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if _is_file_path(path):
            raise NotFound(f"No such file: {request.url.path}", details={"path": request.url.path})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return router


def mount_spa(app: FastAPI, dist: Path = WEB_DIST) -> None:
    """Register the catch-all route; call after every API router."""
    app.include_router(_spa_router(dist))


class SecurityHeaders:
    """Adds the Content-Security-Policy and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CSP.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
