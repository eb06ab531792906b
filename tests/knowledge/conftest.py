"""Knowledge fixtures: an embedded index on tmp_path whose opt-out tags a test can change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.knowledge.builders import AS_OF, UTC_ZONE

from chiefops.clock import FixedClock
from chiefops.knowledge import EmbeddedIndex
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.models import OptOutTag


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
