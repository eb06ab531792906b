"""The application container (spec 01 §1, 10 rule 4).

Every service is a plain object built once from a `Settings` value and handed to routers and CLI
commands. There are no module-level singletons: tests build their own container on a temp dir,
and two containers can live in one process.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from chiefops import __version__
from chiefops.clock import Clock, SystemClock
from chiefops.config import Settings
from chiefops.errors import DataDirUnusable
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
        prepare_data_dir(self.settings.data_dir)
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


def prepare_data_dir(path: Path) -> None:
    """Create CHIEFOPS_DATA_DIR if needed and prove it is writable, else `DataDirUnusable` (exit 3)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise DataDirUnusable(
            f"CHIEFOPS_DATA_DIR {path} cannot be used ({exc.strerror or exc}): set CHIEFOPS_DATA_DIR to a"
            " folder this user can write, or fix the permissions of this one",
            details={"data_dir": str(path)},
        ) from exc


def store_from_settings(settings: Settings) -> Store:
    """The configured store, not yet started."""
    return open_store(
        backend=settings.store,
        data_dir=settings.data_dir,
        mongodb_uri=settings.mongodb_uri.get_secret_value() if settings.mongodb_uri else None,
        mongodb_db=settings.mongodb_db,
    )


async def check_storage(settings: Settings) -> str:
    """Open the data dir and the store, ping it and close it again — no service is started, so no
    job is recovered and nothing of a running server is touched (`serve` before it listens,
    `doctor`). Returns the backend's name; raises `DependencyDown` saying what is wrong."""
    prepare_data_dir(settings.data_dir)
    store = store_from_settings(settings)
    await store.start()
    try:
        await store.ping()
        return store.backend
    finally:
        await store.close()


def build_services(settings: Settings, *, clock: Clock | None = None) -> Services:
    """Wire the container from settings; call `start()` before use."""
    clock = clock or SystemClock()
    store = store_from_settings(settings)
    events = EventBus(clock)
    knowledge = KnowledgeService.build(settings, store=store, clock=clock, events=events)
    sink = knowledge.sink
    hooks = IngestHooks()
    ingest = IngestService(settings=settings, store=store, clock=clock, bus=events, sink=sink, hooks=hooks)
    intel = IntelService(
        store=store, clock=clock, events=events, data_dir=settings.data_dir, index=knowledge.local
    )
    hooks.resolving_people.append(intel.on_resolving_people)
    hooks.analyzing.append(intel.on_ingest)
    hooks.analyzing.append(knowledge.after_analysis)  # 03 §6: channels/folders mapped → re-scope
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
