"""Opt-out routes (spec 03 §8): channels, files and patterns kept out of the index and every prompt.

A new tag hides matching content from the next query on; the purge job it starts then renders the
affected docs again without it. Removing a tag starts a re-index that brings the content back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.knowledge import OptOutAdded, OptOutCreate, OptOutRemoved
from chiefops.models import OptOutTag, Page
from chiefops.models.page import MAX_PAGE_LIMIT

router = APIRouter(prefix="/privacy", tags=["privacy"])


@router.get(
    "/opt-outs",
    summary="Opt-out tags, oldest first",
    response_model=Page[OptOutTag],
    responses=error_responses(422),
)
async def list_opt_outs(
    services: ServicesDep,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = MAX_PAGE_LIMIT,
) -> Page[OptOutTag]:
    return await services.knowledge.list_optouts(skip=skip, limit=limit)


@router.post(
    "/opt-outs",
    summary="Add an opt-out tag; matching content is hidden at once and purged in the background",
    status_code=201,
    response_model=OptOutAdded,
    responses=error_responses(404, 422),
)
async def add_opt_out(request: OptOutCreate, services: ServicesDep) -> OptOutAdded:
    return await services.knowledge.add_optout(request)


@router.delete(
    "/opt-outs/{tag_id}",
    summary="Remove an opt-out tag; a re-index brings back what it kept out",
    response_model=OptOutRemoved,
    responses=error_responses(404),
)
async def remove_opt_out(tag_id: str, services: ServicesDep) -> OptOutRemoved:
    return await services.knowledge.remove_optout(tag_id)
