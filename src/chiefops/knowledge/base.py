"""The `KnowledgeIndex` interface (spec 03 §2.3) and the factory that picks a backend from settings.

Both backends implement the protocol: the embedded index built here, and the Citex backend
(`fallback.CitexFallbackIndex`, 03 §5), which keeps writing the embedded index and answers from it
when Citex fails — so `KnowledgeService` always has a local catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from chiefops.clock import Clock
from chiefops.config import Settings
from chiefops.errors import ConfigError
from chiefops.knowledge.embedded.fusion import RecencyConfig
from chiefops.knowledge.embedded.index import EmbeddedIndex, OptOutSource
from chiefops.knowledge.embedded.schema import DB_FILE
from chiefops.knowledge.embedded.semantic import load_embedder, semantic_installed
from chiefops.knowledge.models import (
    IndexHealth,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    Source,
    SourceDoc,
)

SEMANTIC_MISSING = (
    "CHIEFOPS_SEMANTIC_SEARCH=on but the semantic extra is not installed: install chiefops[semantic] "
    "(pip install 'chiefops[semantic]'), or set CHIEFOPS_SEMANTIC_SEARCH=auto to run with keyword search."
)


class KnowledgeIndex(Protocol):
    """What every knowledge backend offers (async)."""

    name: str

    async def index(self, docs: Sequence[SourceDoc]) -> IndexReport:
        """Idempotent upsert by doc_key."""
        ...

    async def delete(
        self, *, doc_keys: Sequence[str] = (), project_id: str | None = None, source: Source | None = None
    ) -> int:
        """Chunks removed; no selector → ValueError."""
        ...

    async def query(self, q: KnowledgeQuery) -> KnowledgeResult: ...

    async def health(self) -> IndexHealth:
        """ok | degraded | down, reason, counts."""
        ...

    async def reset(self, *, confirm: Literal["all"]) -> None:
        """Clear-all-data only."""
        ...


def semantic_enabled(settings: Settings) -> bool:
    """`CHIEFOPS_SEMANTIC_SEARCH`: auto → on when the extra imports; on without it → start-up error."""
    if settings.semantic_search == "off":
        return False
    installed = semantic_installed()
    if settings.semantic_search == "on" and not installed:
        raise ConfigError(SEMANTIC_MISSING, details={"setting": "CHIEFOPS_SEMANTIC_SEARCH"})
    return installed


def get_index(
    settings: Settings, *, optout: OptOutSource, clock: Clock, recency: RecencyConfig | None = None
) -> EmbeddedIndex:
    """The embedded index at `<data dir>/knowledge.db` (call `start()` before use).

    Every backend keeps it: with `CHIEFOPS_KNOWLEDGE_BACKEND=citex` it is the Citex backend's local
    catalogue and fallback (`KnowledgeService.build` wraps it).
    """
    return EmbeddedIndex(
        settings.data_dir / DB_FILE,
        optout=optout,
        zone=ZoneInfo(settings.timezone),
        clock=clock,
        recency=recency,
        embedder_loader=load_embedder if semantic_enabled(settings) else None,
    )
