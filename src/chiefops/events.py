"""In-process live events (spec 01 §5): a bounded, replayable, thread-safe publish/subscribe bus.

Producers (ingestion workers, the analysis runner) may publish from any thread; subscribers are
asyncio consumers such as the `/api/v1/events` SSE stream. Each event has a sequence number so a
reconnecting client can replay what it missed with `Last-Event-ID`.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections import deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from chiefops.clock import Clock

EventName = Literal[
    "ingest.job",
    "ingest.file",
    "ingest.done",
    "analysis.done",
    "data.changed",
    "widget.changed",
    "alert.triggered",
    "alert.resolved",
    "report.changed",
    "memory.updated",
    "ai.status",
    "knowledge.status",
]
"""The one list of event names (spec 01 §5 wins over other spellings; `knowledge.status` is 03 §5's
Citex degradation event, which 01 §5's list does not spell otherwise)."""

DEFAULT_KEEP = 2000


@dataclass(frozen=True)
class Event:
    """One published event; `seq` increases by one per event on a bus."""

    seq: int
    name: EventName
    data: Mapping[str, object]
    at: datetime


@dataclass
class _Subscriber:
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event] = field(default_factory=asyncio.Queue)


class EventBus:
    """Keeps the last `keep` events for replay and fans new ones out to subscribers."""

    def __init__(self, clock: Clock, *, keep: int = DEFAULT_KEEP) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._recent: deque[Event] = deque(maxlen=keep)
        self._subscribers: list[_Subscriber] = []

    def publish(self, name: EventName, data: Mapping[str, object]) -> Event:
        """Record and deliver an event; safe to call from worker threads."""
        with self._lock:
            event = Event(seq=next(self._seq), name=name, data=dict(data), at=self._clock.now())
            self._recent.append(event)
            subscribers = list(self._subscribers)
        for sub in subscribers:
            if not sub.loop.is_closed():
                sub.loop.call_soon_threadsafe(sub.queue.put_nowait, event)
        return event

    def recent(self, *, after_seq: int = 0) -> list[Event]:
        """Events still kept whose seq is greater than `after_seq`, oldest first."""
        with self._lock:
            return [e for e in self._recent if e.seq > after_seq]

    async def subscribe(self, *, after_seq: int | None = None) -> AsyncIterator[Event]:
        """Yield missed events (when `after_seq` is given), then live ones, until cancelled."""
        sub = _Subscriber(loop=asyncio.get_running_loop())
        with self._lock:
            self._subscribers.append(sub)
            backlog = [e for e in self._recent if after_seq is not None and e.seq > after_seq]
        last = after_seq or 0
        try:
            for event in backlog:
                last = event.seq
                yield event
            while True:
                event = await sub.queue.get()
                if event.seq > last:
                    last = event.seq
                    yield event
        finally:
            with self._lock:
                self._subscribers.remove(sub)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)
