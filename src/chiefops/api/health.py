"""Liveness, readiness and system status (spec 01 §5)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.errors import ChiefOpsError, DependencyDown
from chiefops.models import format_utc

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Check(BaseModel):
    name: str
    ok: bool
    detail: str


class Readiness(BaseModel):
    status: Literal["ok"]
    checks: list[Check]


class AIStatus(BaseModel):
    provider: str
    model: str | None
    state: Literal["ok", "degraded", "down"]


class UploadLimits(BaseModel):
    max_upload_mb: int
    max_batch_mb: int
    max_batch_files: int


class SystemStatus(BaseModel):
    version: str
    storage_backend: str
    data_as_of: str | None
    ai: AIStatus
    data_versions: dict[str, int]
    upload_limits: UploadLimits


@router.get("/health", summary="Liveness: the process answers", response_model=Health)
async def health(services: ServicesDep) -> Health:
    return Health(status="ok", version=services.version)


async def _checks(services: ServicesDep) -> list[Check]:
    try:
        await services.store.ping()
        store = Check(name="store", ok=True, detail=f"{services.store.backend} ready")
    except ChiefOpsError as exc:
        store = Check(name="store", ok=False, detail=exc.message)
    return [store]


@router.get(
    "/ready",
    summary="Readiness: every dependency is usable",
    response_model=Readiness,
    responses=error_responses(503),
)
async def ready(services: ServicesDep) -> Readiness:
    checks = await _checks(services)
    failing = [c for c in checks if not c.ok]
    if failing:
        raise DependencyDown(
            "Not ready: " + "; ".join(f"{c.name}: {c.detail}" for c in failing),
            details={"checks": [c.model_dump() for c in checks]},
        )
    return Readiness(status="ok", checks=checks)


@router.get("/system/status", summary="Version, storage, data as-of, AI state", response_model=SystemStatus)
async def system_status(services: ServicesDep) -> SystemStatus:
    settings = services.settings
    collections = ("messages", "tasks", "documents", "people", "projects")
    versions = {name: await services.store.data_version(name) for name in collections}
    as_of = await services.ingest.data_as_of()
    return SystemStatus(
        version=services.version,
        storage_backend=services.store.backend,
        data_as_of=format_utc(as_of) if as_of else None,
        ai=AIStatus(provider=settings.ai_provider, model=settings.ai_model, state="ok"),
        data_versions=versions,
        upload_limits=UploadLimits(
            max_upload_mb=settings.max_upload_mb,
            max_batch_mb=settings.max_batch_mb,
            max_batch_files=settings.max_batch_files,
        ),
    )
