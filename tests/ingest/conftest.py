"""Fixtures of the ingestion tests: the demo world generated once per session, and an IngestService
whose knowledge sink records what ingestion hands to the index."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tests.ingest.fixtures_ingest import RecordingSink, ingest_service

from chiefops.ingest import IngestHooks, IngestService
from chiefops.services import Services


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`samples.generate_world(seed=7, scale=1)` written once; tests ingest `<it>/exports`."""
    from samples import generate_world

    out = tmp_path_factory.mktemp("demo-world")
    generate_world(out, seed=7, scale=1)
    return out


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def recording_ingest(container: Services, sink: RecordingSink) -> AsyncIterator[IngestService]:
    service = ingest_service(container, sink)
    try:
        yield service
    finally:
        await service.close()


@pytest.fixture
async def ingest(container: Services) -> AsyncIterator[IngestService]:
    """IngestService on the container's data with the real knowledge sink and no post-ingest hooks,
    so writer tests see exactly what ingestion wrote (not what analysis did afterwards)."""
    service = IngestService(
        settings=container.settings,
        store=container.store,
        clock=container.clock,
        bus=container.events,
        sink=container.knowledge_sink,
        hooks=IngestHooks(),
    )
    try:
        yield service
    finally:
        await service.close()
