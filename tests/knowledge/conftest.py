"""Knowledge fixtures: an embedded index on tmp_path whose opt-out tags a test can change, and the
demo world ingested once per session through the real ingestion (analysis included)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.knowledge.builders import AS_OF, UTC_ZONE

from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.knowledge import EmbeddedIndex
from chiefops.knowledge.embedded.semantic import semantic_installed
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.models import OptOutTag
from chiefops.services import running_services
from samples import generate_world

DEMO_AS_OF = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
NEEDS_SEMANTIC_EXTRA = pytest.mark.skipif(
    not semantic_installed(),
    reason="semantic extra not installed: run `make test-semantic` (chiefops[semantic])",
)


@dataclass
class Tags:
    """The opt-out tags the index sees; tests append to `tags` to add one later."""

    tags: list[OptOutTag] = field(default_factory=list)

    async def matcher(self) -> OptOutMatcher:
        return OptOutMatcher.from_tags(self.tags)


@pytest.fixture
def tags() -> Tags:
    return Tags()


@pytest.fixture
async def index(tmp_path: Path, tags: Tags) -> AsyncIterator[EmbeddedIndex]:
    idx = EmbeddedIndex(
        tmp_path / "knowledge.db", optout=tags.matcher, zone=UTC_ZONE, clock=FixedClock(AS_OF)
    )
    await idx.start()
    try:
        yield idx
    finally:
        await idx.close()


@dataclass(frozen=True)
class DemoIndex:
    """A data dir holding the ingested demo world, and `truth.json`'s retrieval questions."""

    settings: Settings
    questions: list[dict[str, Any]]
    index: dict[str, Any]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoIndex]:
    yield ingest_demo_world(tmp_path_factory.mktemp("demo-world"), semantic="off")


def ingest_demo_world(root: Path, *, semantic: str) -> DemoIndex:
    """The demo world generated under `root` and ingested the normal way, semantic leg on or off."""
    generate_world(root / "world", seed=7, scale=1)
    settings = Settings(data_dir=root / "data", semantic_search=semantic, _env_file=None)  # type: ignore[call-arg]
    summary = asyncio.run(_ingest(settings, root / "world" / "exports"))
    assert summary["outcome"] == "ok", summary
    truth = json.loads((root / "world" / "truth.json").read_text())
    return DemoIndex(settings=settings, questions=truth["retrieval_questions"], index=summary["index"])


async def _ingest(settings: Settings, exports: Path) -> dict[str, Any]:
    async with running_services(settings, clock=FixedClock(DEMO_AS_OF)) as services:
        summary = await services.ingest.run([exports])
        await services.knowledge.wait_for_jobs()
        await services.knowledge.local.drain()  # with the semantic leg on: every chunk has its vector
    return {"outcome": summary.outcome.value, "index": summary.index.model_dump()}
