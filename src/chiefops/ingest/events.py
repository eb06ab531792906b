"""Per-job event streams (spec 02 §11): `ingest.job`, `ingest.file`, `ingest.done`.

Every job event goes to the app bus (`GET /api/v1/events`) and to the job's own stream, which has
its own sequence numbers so `Last-Event-ID` on `GET /api/v1/ingest/jobs/{id}/events` replays exactly
what a client missed. The last 2,000 events of a job are kept in memory (the job record is the
durable snapshot); streams of older finished jobs are dropped once more than `KEEP_JOBS` are held.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

from chiefops.clock import Clock
from chiefops.events import Event, EventBus, EventName

KEEP_EVENTS = 2000
KEEP_JOBS = 50


@dataclass
class _Stream:
    events: deque[Event] = field(default_factory=lambda: deque(maxlen=KEEP_EVENTS))
    seq: int = 0
    done: bool = False
    listeners: list[asyncio.Queue[Event]] = field(default_factory=list)


class JobStreams:
    """Publishes job events to the app bus and to per-job replayable streams (event-loop only)."""

    def __init__(self, bus: EventBus, clock: Clock) -> None:
        self._bus = bus
        self._clock = clock
        self._streams: OrderedDict[str, _Stream] = OrderedDict()

    def _stream(self, job_id: str) -> _Stream:
        stream = self._streams.get(job_id)
        if stream is None:
            stream = self._streams[job_id] = _Stream()
            self._trim()
        return stream

    def _trim(self) -> None:
        finished = [job_id for job_id, s in self._streams.items() if s.done and not s.listeners]
        for job_id in finished[: max(0, len(self._streams) - KEEP_JOBS)]:
            del self._streams[job_id]

    def publish(self, job_id: str, name: EventName, data: Mapping[str, object]) -> Event:
        """Record an event on the job's stream and on the app bus."""
        payload = {"job_id": job_id, **data}
        self._bus.publish(name, payload)
        stream = self._stream(job_id)
        stream.seq += 1
        event = Event(seq=stream.seq, name=name, data=payload, at=self._clock.now())
        stream.events.append(event)
        stream.done = stream.done or name == "ingest.done"
        for queue in stream.listeners:
            queue.put_nowait(event)
        return event

    def last_seq(self, job_id: str) -> int:
        stream = self._streams.get(job_id)
        return stream.seq if stream else 0

    def has_stream(self, job_id: str) -> bool:
        return job_id in self._streams

    def recent(self, job_id: str, *, after_seq: int = 0) -> list[Event]:
        stream = self._streams.get(job_id)
        return [e for e in stream.events if e.seq > after_seq] if stream else []

    def snapshot(self, job_id: str, name: EventName, data: Mapping[str, object]) -> Event:
        """An event describing the current state, not recorded (its id is the stream's last seq)."""
        return Event(
            seq=self.last_seq(job_id), name=name, data={"job_id": job_id, **data}, at=self._clock.now()
        )

    async def follow(self, job_id: str, *, after_seq: int) -> AsyncIterator[Event]:
        """Events after `after_seq`, then live ones, until (and including) the job's `ingest.done`."""
        stream = self._stream(job_id)
        queue: asyncio.Queue[Event] = asyncio.Queue()
        stream.listeners.append(queue)
        try:
            last = after_seq
            for event in [e for e in stream.events if e.seq > after_seq]:
                last = event.seq
                yield event
                if event.name == "ingest.done":
                    return
            while True:
                event = await queue.get()
                if event.seq <= last:
                    continue
                last = event.seq
                yield event
                if event.name == "ingest.done":
                    return
        finally:
            stream.listeners.remove(queue)
