"""`/api/v1/ingest`: uploads, jobs, their event streams, retry, cancel, delete (spec 02 §15)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from sse_starlette.event import ServerSentEvent
from sse_starlette.sse import EventSourceResponse

from chiefops.api.deps import ServicesDep
from chiefops.api.errors import error_responses
from chiefops.api.events import PING_S, parse_last_event_id, to_sse
from chiefops.events import Event
from chiefops.ingest import IngestPreview, JobBrief, RetryAccepted, UploadAccepted
from chiefops.models import IngestionJob, IngestionStatus, Page
from chiefops.models.page import MAX_PAGE_LIMIT

router = APIRouter(prefix="/ingest", tags=["ingest"])

MAX_SKIP = 1_000_000_000
"""Far beyond any job count, and within SQLite's integer range."""

_UPLOAD_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Files; a filename may carry a relative path (folder uploads)",
                        },
                        "project": {"type": "string", "description": "Project every input belongs to"},
                        "channel": {"type": "string", "description": "Channel for manual Slack JSON"},
                        "last_modified": {
                            "type": "string",
                            "description": "JSON list of epoch ms, aligned with files",
                        },
                        "opt_out_channels": {
                            "type": "string",
                            "description": "JSON list of channel names/ids/globs",
                        },
                        "opt_out_files": {"type": "string", "description": "JSON list of file names/globs"},
                        "opt_out_keywords": {"type": "string", "description": "JSON list of keywords"},
                        "dry_run": {"type": "boolean", "description": "Detect only; nothing is written"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/upload",
    summary="Upload files, folders or ZIPs to ingest (multipart); 202 with the queued job",
    status_code=202,
    response_model=UploadAccepted,
    responses={
        200: {"model": IngestPreview, "description": "dry run: what would be ingested"},
        **error_responses(400, 413, 415, 422),
    },
    openapi_extra=_UPLOAD_FORM,
)
async def upload(request: Request, services: ServicesDep) -> Response:
    result = await services.ingest.upload(request.stream(), content_type=request.headers.get("content-type"))
    body = result.model_dump_json().encode()
    if isinstance(result, IngestPreview):
        return Response(body, status_code=200, media_type="application/json")
    location = f"/api/v1/ingest/jobs/{result.job_id}"
    return Response(body, status_code=202, media_type="application/json", headers={"Location": location})


@router.get(
    "/jobs",
    summary="Ingestion jobs, newest first (without per-file results)",
    response_model=Page[JobBrief],
    responses=error_responses(422),
)
async def list_jobs(
    services: ServicesDep,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 20,
    status: IngestionStatus | None = None,
) -> Page[JobBrief]:
    return await services.ingest.list(skip=skip, limit=limit, status=status)


@router.get(
    "/jobs/{job_id}",
    summary="One ingestion job with its files and summary",
    response_model=IngestionJob,
    responses=error_responses(404),
)
async def get_job(job_id: str, services: ServicesDep) -> IngestionJob:
    return await services.ingest.get(job_id)


async def _sse(events: AsyncIterator[Event]) -> AsyncIterator[ServerSentEvent]:
    async for event in events:
        yield to_sse(event)


@router.get(
    "/jobs/{job_id}/events",
    summary="A job's live events (SSE): ingest.job, ingest.file, ingest.done; Last-Event-ID replays",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "event stream"},
        **error_responses(404),
    },
)
async def job_events(
    job_id: str,
    services: ServicesDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    await services.ingest.get(job_id)
    stream = services.ingest.events(job_id, after_seq=parse_last_event_id(last_event_id))
    return EventSourceResponse(_sse(stream), ping=PING_S)


@router.post(
    "/jobs/{job_id}/retry",
    summary="Re-run the files of a job that failed recoverably, were interrupted or never finished",
    status_code=202,
    response_model=RetryAccepted,
    responses=error_responses(404, 409, 410, 422),
)
async def retry_job(job_id: str, services: ServicesDep) -> RetryAccepted:
    return await services.ingest.retry(job_id)


@router.post(
    "/jobs/{job_id}/cancel",
    summary="Stop a queued or running job at the next unit boundary",
    status_code=202,
    response_model=IngestionJob,
    responses=error_responses(404, 409),
)
async def cancel_job(job_id: str, services: ServicesDep) -> IngestionJob:
    return await services.ingest.cancel(job_id)


@router.delete(
    "/jobs/{job_id}",
    summary="Delete a finished job and its kept uploads; with_data also its records and index docs",
    status_code=204,
    response_class=Response,
    responses=error_responses(404, 409),
)
async def delete_job(job_id: str, services: ServicesDep, with_data: bool = False) -> Response:
    await services.ingest.delete(job_id, with_data=with_data)
    return Response(status_code=204)
