"""AI audit log routes (spec 03 §10): what was sent to which model, newest first; values only on reveal."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from chiefops.ai import AuditDetail, AuditEntry, AuditLog
from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.models import Page
from chiefops.models.page import MAX_PAGE_LIMIT

router = APIRouter(prefix="/audit", tags=["audit"])


def get_audit_log(services: ServicesDep) -> AuditLog:
    """The audit store over the container's Store (stateless; built per request)."""
    return AuditLog(
        services.store, clock=services.clock, retention_days=services.settings.audit_retention_days
    )


AuditDep = Annotated[AuditLog, Depends(get_audit_log)]
RevealQuery = Annotated[
    bool, Query(description="Restore redacted values from the locally kept placeholder map")
]


@router.get(
    "/ai",
    summary="AI provider calls, newest first (no payloads)",
    response_model=Page[AuditEntry],
    responses=error_responses(422),
)
async def list_calls(
    audit: AuditDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 20,
    before: Annotated[datetime | None, Query(description="Only calls created before this time")] = None,
    operation: Annotated[str | None, Query(description="e.g. answer_question")] = None,
    conversation_id: str | None = None,
) -> Page[AuditEntry]:
    return await audit.list_entries(
        limit=limit, before=before, operation=operation, conversation_id=conversation_id
    )


@router.get(
    "/ai/last",
    summary="The newest AI call with the messages that left the machine",
    response_model=AuditDetail,
    responses=error_responses(404, 422),
)
async def last_call(
    audit: AuditDep, conversation_id: str | None = None, reveal: RevealQuery = False
) -> AuditDetail:
    return await audit.get_last(conversation_id=conversation_id, reveal=reveal)


@router.get(
    "/ai/{audit_id}",
    summary="One AI call with the messages that left the machine",
    response_model=AuditDetail,
    responses=error_responses(404, 422),
)
async def get_call(audit_id: str, audit: AuditDep, reveal: RevealQuery = False) -> AuditDetail:
    return await audit.get_detail(audit_id, reveal=reveal)
