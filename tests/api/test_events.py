"""The app-wide event bus and its SSE framing."""

from __future__ import annotations

import asyncio
import threading

from tests.conftest import FIXED_NOW

from chiefops.api.events import parse_last_event_id, to_sse
from chiefops.clock import FixedClock
from chiefops.events import EventBus


async def test_subscriber_receives_events_published_from_another_thread() -> None:
    bus = EventBus(FixedClock(FIXED_NOW))
    received: list[int] = []

    async def consume() -> None:
        async for event in bus.subscribe():
            received.append(event.seq)
            if len(received) == 2:
                return

    task = asyncio.create_task(consume())
    while bus.subscriber_count == 0:
        await asyncio.sleep(0)
    worker = threading.Thread(target=lambda: [bus.publish("ingest.job", {"n": i}) for i in range(2)])
    worker.start()
    worker.join()
    await asyncio.wait_for(task, timeout=5)
    assert received == [1, 2]


async def test_reconnect_replays_only_missed_events() -> None:
    bus = EventBus(FixedClock(FIXED_NOW))
    for i in range(5):
        bus.publish("data.changed", {"i": i})
    stream = bus.subscribe(after_seq=3)
    first = await anext(stream)
    second = await anext(stream)
    await stream.aclose()
    assert [first.seq, second.seq] == [4, 5]
    assert second.data == {"i": 4}


def test_bus_keeps_only_the_last_events() -> None:
    bus = EventBus(FixedClock(FIXED_NOW), keep=3)
    for i in range(10):
        bus.publish("ingest.file", {"i": i})
    assert [e.seq for e in bus.recent()] == [8, 9, 10]


def test_sse_frame_has_name_id_and_json_data() -> None:
    bus = EventBus(FixedClock(FIXED_NOW))
    event = bus.publish("ingest.done", {"job_id": "j1", "outcome": "ok"})
    frame = to_sse(event).encode().decode()
    assert frame.splitlines()[:3] == [
        "id: 1",
        "event: ingest.done",
        'data: {"job_id":"j1","outcome":"ok","seq":1,"at":"2026-12-01T09:00:00+00:00"}',
    ]


def test_last_event_id_parsing() -> None:
    assert parse_last_event_id("42") == 42
    assert parse_last_event_id(" 7 ") == 7
    assert parse_last_event_id("abc") is None
    assert parse_last_event_id(None) is None
