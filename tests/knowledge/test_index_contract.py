"""The `KnowledgeIndex` contract on the embedded backend (spec 03 §2.3, §12 check 3).

Runs keyword-only and hybrid (vectors from a hashing stand-in for the model), so the vector table
follows every write too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tests.knowledge.builders import ALPHA, AS_OF, BETA, UTC_ZONE, simple_doc, words
from tests.knowledge.conftest import Tags
from tests.knowledge.hashing_embedder import HashingEmbedder

from chiefops.clock import FixedClock
from chiefops.knowledge import EmbeddedIndex, SourceDoc, parse_query
from chiefops.knowledge.embedded.prepare import MAX_DOC_TEXT_CHARS


@pytest.fixture(params=["fts", "hybrid"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path, tags: Tags) -> AsyncIterator[EmbeddedIndex]:
    loader = HashingEmbedder if request.param == "hybrid" else None
    idx = EmbeddedIndex(
        tmp_path / "knowledge.db",
        optout=tags.matcher,
        zone=UTC_ZONE,
        clock=FixedClock(AS_OF),
        embedder_loader=loader,
    )
    await idx.start()
    await idx.drain()
    try:
        yield idx
    finally:
        await idx.close()


def _docs() -> list[SourceDoc]:
    return [
        simple_doc(
            "slack:C0ALPHADEV:day:2026-11-12", "Push certificates renewed for the iOS app", project_id=ALPHA
        ),
        simple_doc("jira:BETA-7", "Payment retries fail on the staging gateway", project_id=BETA),
        simple_doc("slack:C0ALPHADEV:day:2026-11-13", words(900), project_id=ALPHA),
    ]


async def test_indexing_twice_reports_unchanged_and_writes_no_duplicates(backend: EmbeddedIndex) -> None:
    first = await backend.index(_docs())
    second = await backend.index(_docs())
    await backend.drain()
    health = await backend.health()
    assert (first.docs_indexed, first.docs_unchanged) == (3, 0)
    assert (second.docs_indexed, second.docs_unchanged, second.chunks_written) == (0, 3, 0)
    assert health.chunks == first.chunks_written
    assert health.docs == 3


async def test_changed_text_replaces_the_doc_and_its_old_chunk_ids_are_gone(backend: EmbeddedIndex) -> None:
    key = "slack:C0ALPHADEV:day:2026-11-13"
    await backend.index(_docs())
    before = [c.chunk_id for c in await backend.chunks_of(key)]
    report = await backend.index([simple_doc(key, "Only one short line now", project_id=ALPHA)])
    after = [c.chunk_id for c in await backend.chunks_of(key)]
    assert len(before) >= 2
    assert after == [f"{key}#0"]
    assert (report.docs_indexed, report.chunks_deleted, report.chunks_written) == (1, len(before), 1)


async def test_delete_by_project_leaves_no_chunks_vectors_or_catalogue_rows(backend: EmbeddedIndex) -> None:
    await backend.index(_docs())
    await backend.drain()
    removed = await backend.delete(project_id=ALPHA)
    await backend.drain()
    health = await backend.health()
    assert removed >= 3
    assert await backend.doc_keys(project_id=ALPHA) == []
    assert await backend.doc_keys() == ["jira:BETA-7"]
    assert (health.docs, health.chunks) == (1, 1)
    assert health.vectors == (1 if health.semantic == "on" else 0)


async def test_delete_without_a_selector_raises(backend: EmbeddedIndex) -> None:
    with pytest.raises(ValueError, match="delete\\(\\) needs doc_keys, project_id or source"):
        await backend.delete()


async def test_reset_clears_everything(backend: EmbeddedIndex) -> None:
    await backend.index(_docs())
    await backend.reset(confirm="all")
    health = await backend.health()
    result = await backend.query(parse_query({"text": "push certificates"}))
    assert (health.docs, health.chunks, health.vectors) == (0, 0, 0)
    assert result.hits == []


async def test_a_doc_over_five_megabytes_is_cut_and_reported_too_large(backend: EmbeddedIndex) -> None:
    big = simple_doc("slack:C0ALPHADEV:day:2026-11-14", ("word " * (MAX_DOC_TEXT_CHARS // 5 + 1000)).strip())
    report = await backend.index([big])
    chunks = await backend.chunks_of(big.doc_key)
    assert report.skipped.too_large == 1
    assert report.docs_indexed == 1
    assert report.warnings == [
        "too_large: slack:C0ALPHADEV:day:2026-11-14 has more than 5 MB of text; the first 5 MB were indexed"
    ]
    assert sum(len(c.body) for c in chunks) <= MAX_DOC_TEXT_CHARS + 2 * len(chunks)


async def test_a_skipped_doc_removes_its_stored_copy(backend: EmbeddedIndex) -> None:
    doc = _docs()[0]
    await backend.index([doc])
    report = await backend.index([doc.model_copy(update={"skip": "bot_only"})])
    assert report.skipped.bot_only == 1
    assert await backend.chunks_of(doc.doc_key) == []
    assert await backend.doc_states([doc.doc_key]) == {doc.doc_key: "skipped:bot_only"}


async def test_hybrid_results_come_from_both_legs_once_vectors_exist(backend: EmbeddedIndex) -> None:
    await backend.index(_docs())
    await backend.drain()
    result = await backend.query(parse_query({"text": "push certificates iOS"}))
    health = await backend.health()
    expected = "embedded-hybrid" if health.semantic == "on" else "embedded-fts"
    assert result.backend == expected
    assert result.hits[0].citation.doc_key == "slack:C0ALPHADEV:day:2026-11-12"
    assert health.vector_coverage == (100.0 if health.semantic == "on" else 0.0)
