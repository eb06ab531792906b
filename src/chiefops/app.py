"""FastAPI app factory (spec 01 §1): one process serves the API under /api/v1 and the SPA at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from chiefops import __version__
from chiefops.api import audit, auth, events, health, ingest, intel, knowledge, privacy
from chiefops.api.errors import install_error_handlers
from chiefops.api.spa import WEB_DIST, SecurityHeaders, mount_spa
from chiefops.config import Settings
from chiefops.runtime import settle_heap
from chiefops.services import Services, build_services

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    """Stable `area-action` operation ids, so generated TypeScript reads well (10 rule 31)."""
    area = str(route.tags[0]) if route.tags else "api"
    return f"{area}-{route.name}"


def create_app(
    settings: Settings | None = None, *, services: Services | None = None, web_dist: Path = WEB_DIST
) -> FastAPI:
    """Build the ASGI app. With `services` given (tests), the caller owns their start/close."""
    settings = services.settings if services else (settings or Settings())
    settings.check_bind_safety()
    owned = services is None
    container = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owned:
            await container.start()
            settle_heap()
        try:
            yield
        finally:
            if owned:
                await container.close()

    app = FastAPI(
        title="ChiefOps",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    app.state.services = container
    install_error_handlers(app)
    for router in (
        health.router,
        auth.router,
        events.router,
        knowledge.router,
        privacy.router,
        ingest.router,
        audit.router,
        intel.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    mount_spa(app, web_dist)
    if settings.token is not None:
        app.add_middleware(auth.TokenMiddleware, token=settings.token.get_secret_value())
    app.add_middleware(SecurityHeaders)
    return app
