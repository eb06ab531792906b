"""The knowledge index (spec 03): which passages of Slack, Jira and Drive support an answer.

Callers use `KnowledgeService` (search, status, re-index, purge, and the sink ingestion calls);
backends implement `KnowledgeIndex`. It never counts or aggregates — that is the Store's job.
"""

from chiefops.knowledge.base import KnowledgeIndex, get_index, semantic_enabled
from chiefops.knowledge.changes import IndexChanges, KnowledgeSink, NoopSink, SinkOutcome
from chiefops.knowledge.chunker import CHUNKER_VERSION, chunk_document
from chiefops.knowledge.citex import probe_citex
from chiefops.knowledge.embedded.fusion import RecencyConfig
from chiefops.knowledge.embedded.index import EmbeddedIndex
from chiefops.knowledge.models import (
    Chunk,
    Citation,
    DocPart,
    Hit,
    HitLegs,
    IndexHealth,
    IndexReport,
    KnowledgeQuery,
    KnowledgeResult,
    KnowledgeStatus,
    OptOutAdded,
    OptOutCreate,
    OptOutRemoved,
    ReindexJob,
    ReindexRequest,
    SkipCounts,
    Source,
    SourceDoc,
    parse_query,
)
from chiefops.knowledge.service import KnowledgeService
from chiefops.knowledge.sink import IndexSink

__all__ = [
    "CHUNKER_VERSION",
    "Chunk",
    "Citation",
    "DocPart",
    "EmbeddedIndex",
    "Hit",
    "HitLegs",
    "IndexChanges",
    "IndexHealth",
    "IndexReport",
    "IndexSink",
    "KnowledgeIndex",
    "KnowledgeQuery",
    "KnowledgeResult",
    "KnowledgeService",
    "KnowledgeSink",
    "KnowledgeStatus",
    "NoopSink",
    "OptOutAdded",
    "OptOutCreate",
    "OptOutRemoved",
    "RecencyConfig",
    "ReindexJob",
    "ReindexRequest",
    "SinkOutcome",
    "SkipCounts",
    "Source",
    "SourceDoc",
    "chunk_document",
    "get_index",
    "parse_query",
    "probe_citex",
    "semantic_enabled",
]
