"""The application container (spec 01 §1, 10 rule 4).

Every service is a plain object built once from a `Settings` value and handed to routers and CLI
commands. There are no module-level singletons: tests build their own container on a temp dir,
and two containers can live in one process.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from chiefops import __version__
from chiefops.clock import Clock, SystemClock
from chiefops.config import Settings
from chiefops.events import EventBus
from chiefops.ingest import IngestHooks, IngestService
from chiefops.intel import IntelService
from chiefops.knowledge import KnowledgeService
from chiefops.knowledge.changes import KnowledgeSink
from chiefops.store import Store, open_store

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything the API and CLI call. Areas add their service here as they land."""

    settings: Settings
    clock: Clock
    store: Store
    events: EventBus
    ingest: IngestService
    knowledge: KnowledgeService
    knowledge_sink: KnowledgeSink
    ingest_hooks: IngestHooks
    intel: IntelService
    version: str = __version__

    async def start(self) -> None:
        """Prepare storage (tables, indexes, migrations); idempotent."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        await self.store.start()
        await self.knowledge.start()
        await self.ingest.start()
        log.info(
            "services.started", extra={"store": self.store.backend, "data_dir": str(self.settings.data_dir)}
        )

    async def close(self) -> None:
        await self.intel.wait()
        await self.ingest.close()
        await self.knowledge.close()
        await self.store.close()


def build_services(settings: Settings, *, clock: Clock | None = None) -> Services:
    """Wire the container from settings; call `start()` before use."""
    clock = clock or SystemClock()
    store = open_store(
        backend=settings.store,
        data_dir=settings.data_dir,
        mongodb_uri=settings.mongodb_uri.get_secret_value() if settings.mongodb_uri else None,
        mongodb_db=settings.mongodb_db,
    )
    events = EventBus(clock)
    knowledge = KnowledgeService.build(settings, store=store, clock=clock)
    sink = knowledge.sink
    hooks = IngestHooks()
    ingest = IngestService(settings=settings, store=store, clock=clock, bus=events, sink=sink, hooks=hooks)
    intel = IntelService(
        store=store, clock=clock, events=events, data_dir=settings.data_dir, index=knowledge.index
    )
    hooks.analyzing.append(intel.on_ingest)
    return Services(
        settings=settings,
        clock=clock,
        store=store,
        events=events,
        ingest=ingest,
        knowledge=knowledge,
        knowledge_sink=sink,
        ingest_hooks=hooks,
        intel=intel,
    )


@asynccontextmanager
async def running_services(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Services]:
    """A started container, closed on exit (CLI commands and tests)."""
    services = build_services(settings, clock=clock)
    await services.start()
    try:
        yield services
    finally:
        await services.close()
