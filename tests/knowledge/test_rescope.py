"""Docs follow their channel's / folder's project (spec 03 §6 "channel or folder re-mapped").

Ingestion indexes Slack and Drive content before the analysis maps channels and folders to
projects; `KnowledgeService.rescope` (run by the ingestion job after its analysis and after every
later analysis run) moves the docs in place — same chunk rows, same vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from tests.knowledge.builders import (
    ALPHA,
    AS_OF,
    BETA,
    PEOPLE,
    PROJECTS,
    UTC_ZONE,
    at,
    channel,
    document,
    extracted,
    message,
    simple_doc,
    ts_of,
)
from tests.knowledge.conftest import Tags
from tests.knowledge.hashing_embedder import HashingEmbedder

from chiefops.clock import FixedClock
from chiefops.knowledge import EmbeddedIndex, IndexChanges, parse_query
from chiefops.knowledge.embedded.semantic import Matrix
from chiefops.models import Channel, Document, Message, Person, Project, TextSection
from chiefops.services import Services

DAY = at("2026-11-12", "14:03")
UNMAPPED = channel("C0ALPHADEV", "alpha-dev", None)
PLAN = document("Project Gamma/Gamma Cutover Plan.docx", project_id=None)


class CountingEmbedder(HashingEmbedder):
    """The hashing stand-in for the model, counting the chunks it embeds."""

    def __init__(self) -> None:
        self.embedded = 0

    def embed_chunks(self, items: Sequence[tuple[str, str]]) -> Matrix:
        self.embedded += len(items)
        return super().embed_chunks(items)


async def _seed(container: Services) -> None:
    store = container.store
    await store.typed(Person).insert_many(PEOPLE)
    await store.typed(Project).insert_many(PROJECTS)
    await store.typed(Channel).insert_many([UNMAPPED])
    await store.typed(Message).insert_many(
        [
            message(f"Standup note {n}: SSO config", when=DAY + timedelta(hours=n), seq=n, chan=UNMAPPED)
            for n in range(3)
        ]
    )
    await store.typed(Document).insert_many([PLAN])
    text = extracted(PLAN, [TextSection(text="Rollback within 30 minutes.", heading_path=["Rollback"])])
    await container.knowledge.sink.apply(
        IndexChanges(slack_days={("C0ALPHADEV", DAY.date())}, documents=[text])
    )


async def _map(container: Services, *, channel_project: str | None, document_project: str | None) -> None:
    """What the analysis writes back (intel/writeback.py `_mappings`)."""
    await container.store.collection("channels").update_many(
        {"channel_id": "C0ALPHADEV"}, set={"project_id": channel_project}
    )
    await container.store.collection("documents").update_many(
        {"document_id": PLAN.document_id}, set={"project_id": document_project}
    )


async def _scoped(container: Services, text: str, project_id: str) -> list[tuple[str, str | None]]:
    result = await container.knowledge.search(parse_query({"text": text, "project_ids": [project_id]}))
    return [(h.citation.doc_key, h.citation.project_id) for h in result.hits]


async def test_rescope_moves_slack_and_drive_docs_into_their_mapped_project(container: Services) -> None:
    await _seed(container)
    before = await _scoped(container, "standup SSO rollback", ALPHA)
    await _map(container, channel_project=ALPHA, document_project=ALPHA)

    moved = await container.knowledge.rescope()
    chunks = await container.knowledge.local.chunks_of("slack:C0ALPHADEV:day:2026-11-12")

    assert before == []
    assert moved == 2
    assert await _scoped(container, "standup SSO rollback", ALPHA) == [
        ("slack:C0ALPHADEV:day:2026-11-12", ALPHA),
        ("drive:drive/Project Gamma/Gamma Cutover Plan.docx", ALPHA),
    ]
    assert chunks[0].header.splitlines()[1].startswith("Project: Project Alpha · ")
    assert await container.knowledge.rescope() == 0


async def test_a_later_remap_moves_the_docs_again_and_leaves_the_old_project(container: Services) -> None:
    await _seed(container)
    await _map(container, channel_project=ALPHA, document_project=ALPHA)
    await container.knowledge.rescope()
    await _map(container, channel_project=BETA, document_project=None)

    moved = await container.knowledge.rescope()

    assert moved == 2
    assert await _scoped(container, "standup SSO rollback", ALPHA) == []
    assert await _scoped(container, "standup SSO rollback", BETA) == [
        ("slack:C0ALPHADEV:day:2026-11-12", BETA)
    ]
    assert await container.knowledge.local.doc_projects() == {
        "slack:C0ALPHADEV:day:2026-11-12": ("slack", BETA),
        "drive:drive/Project Gamma/Gamma Cutover Plan.docx": ("drive", None),
    }


async def test_every_analysis_run_is_followed_by_a_rescope(container: Services) -> None:
    """Runs started outside ingestion (a COO correction, `POST /analysis/run`) re-map too."""
    await _seed(container)
    await _map(container, channel_project=ALPHA, document_project=ALPHA)

    container.events.publish("analysis.done", {"run_id": "r1", "as_of": None, "recomputed": 0, "failed": []})
    await container.knowledge.wait_for_jobs()

    assert await container.knowledge.local.doc_projects() == {
        "slack:C0ALPHADEV:day:2026-11-12": ("slack", ALPHA),
        "drive:drive/Project Gamma/Gamma Cutover Plan.docx": ("drive", ALPHA),
    }


async def test_a_doc_moved_to_another_project_keeps_its_chunk_rows_and_vectors(
    tmp_path: Path, tags: Tags
) -> None:
    embedder = CountingEmbedder()
    index = EmbeddedIndex(
        tmp_path / "knowledge.db",
        optout=tags.matcher,
        zone=UTC_ZONE,
        clock=FixedClock(AS_OF),
        embedder_loader=lambda: embedder,
    )
    await index.start()
    try:
        doc = simple_doc("slack:C0ALPHADEV:day:2026-11-12", "Push certificates renewed", project_id=None)
        await index.index([doc])
        await index.drain()
        embedded_before = embedder.embedded

        report = await index.index([doc.model_copy(update={"project_id": BETA})])
        await index.drain()
        health = await index.health()
        scoped = await index.query(parse_query({"text": "push certificates", "project_ids": [BETA]}))
    finally:
        await index.close()

    assert embedded_before == 1
    assert (report.docs_indexed, report.chunks_written, report.chunks_deleted) == (1, 1, 1)
    assert embedder.embedded == 1
    assert (health.chunks, health.vectors) == (1, 1)
    assert [(h.chunk_id, h.citation.project_id, h.legs.semantic_rank) for h in scoped.hits] == [
        ("slack:C0ALPHADEV:day:2026-11-12#0", BETA, 1)
    ]
    assert ts_of(AS_OF) == scoped.hits[0].citation.ids[0]
