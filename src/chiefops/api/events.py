"""`GET /api/v1/events`: the app-wide SSE stream (spec 01 §5, 08 §4)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
from fastapi import APIRouter, Header
from sse_starlette.event import ServerSentEvent
from sse_starlette.sse import EventSourceResponse

from chiefops.api.deps import ServicesDep
from chiefops.events import Event, EventBus

router = APIRouter(tags=["events"])

PING_S = 15


def to_sse(event: Event) -> ServerSentEvent:
    """`event:` name, `id:` sequence, `data:` JSON with the payload plus seq and time."""
    payload = {**event.data, "seq": event.seq, "at": event.at.isoformat()}
    return ServerSentEvent(
        data=orjson.dumps(payload, default=str).decode(), event=event.name, id=str(event.seq)
    )


async def _stream(bus: EventBus, after_seq: int | None) -> AsyncIterator[ServerSentEvent]:
    async for event in bus.subscribe(after_seq=after_seq):
        yield to_sse(event)


def parse_last_event_id(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


@router.get(
    "/events",
    summary="Live events (SSE): ingestion progress, data changes, alerts …",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "event stream"}},
)
async def events(
    services: ServicesDep, last_event_id: str | None = Header(default=None, alias="Last-Event-ID")
) -> EventSourceResponse:
    after = parse_last_event_id(last_event_id)
    return EventSourceResponse(_stream(services.events, after), ping=PING_S)
