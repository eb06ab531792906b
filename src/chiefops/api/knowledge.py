"""Knowledge routes (spec 03 §7): raw retrieval, index status, background re-index."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.knowledge import (
    KnowledgeResult,
    KnowledgeStatus,
    ReindexJob,
    ReindexRequest,
    Source,
    parse_query,
)
from chiefops.knowledge.models import DEFAULT_TOP_K, SearchMode

router = APIRouter(prefix="/knowledge", tags=["knowledge"])


class SearchParams(BaseModel):
    """`KnowledgeQuery` fields as query parameters; ranges are checked by `parse_query` (422 naming the field)."""

    text: str = Field(description="What to look for (1–2,000 characters)")
    project_ids: list[str] | None = Field(
        default=None, description="Only these projects (repeat the parameter)"
    )
    include_unscoped: bool | None = Field(default=None, description="Also content without a project")
    sources: list[Source] | None = None
    channels: list[str] | None = Field(default=None, description="Channel names (with or without #) or ids")
    issue_keys: list[str] | None = None
    document_ids: list[str] | None = None
    authors: list[str] | None = Field(default=None, description="person_ids")
    since: datetime | None = Field(default=None, description="Content overlapping [since, until)")
    until: datetime | None = None
    top_k: int = Field(default=DEFAULT_TOP_K, description="1–50")
    min_score: float = Field(default=0.0, description="0–1")
    mode: SearchMode = "auto"
    recency: bool = True


@router.get(
    "/search",
    summary="Ranked passages of Slack, Jira and Drive with citations",
    response_model=KnowledgeResult,
    responses=error_responses(404, 422),
)
async def search(params: Annotated[SearchParams, Query()], services: ServicesDep) -> KnowledgeResult:
    query = parse_query(params.model_dump(exclude_unset=True))
    return await services.knowledge.search(query)


@router.get(
    "/status", summary="Knowledge index health, counts and re-index jobs", response_model=KnowledgeStatus
)
async def status(services: ServicesDep) -> KnowledgeStatus:
    return await services.knowledge.status()


@router.post(
    "/reindex",
    summary="Re-index a project, a source or everything in the background",
    status_code=202,
    response_model=ReindexJob,
    responses=error_responses(404, 422),
)
async def reindex(request: ReindexRequest, services: ServicesDep) -> ReindexJob:
    return await services.knowledge.reindex(request)
