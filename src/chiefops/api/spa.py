"""Serving the built single-page app (spec 08 intro): hashed assets cached for good,
`index.html` never cached, every non-API path falls back to `index.html` for client routing."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chiefops.errors import NotFound

WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'"
)

_NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ChiefOps</title></head>
<body><main><h1>ChiefOps</h1><p>The web interface has not been built yet. Run <code>make run</code>
(or <code>npm --prefix frontend run build</code>) and reload. The API is available under
<a href="/docs">/docs</a>.</p></main></body></html>"""


def _spa_router(dist: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    root = dist.resolve()

    @router.get("/{path:path}")
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise NotFound(f"No such endpoint: {request.url.path}", details={"path": request.url.path})
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503, headers={"Cache-Control": "no-cache"})
        candidate = (root / path).resolve()
        public = not any(part.startswith(".") for part in Path(path).parts)
        if path and public and candidate.is_file() and candidate.is_relative_to(root):
            immutable = candidate.is_relative_to(root / "assets")
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
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
