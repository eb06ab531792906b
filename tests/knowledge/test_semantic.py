"""The semantic leg with the real MiniLM model (spec 03 §4, §12 check 7) and its start-up switch.

Tests marked `semantic` need the extra (`make test-semantic`); elsewhere they are skipped with the
reason printed by `-ra`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.knowledge.builders import AS_OF, UTC_ZONE, simple_doc
from tests.knowledge.conftest import NEEDS_SEMANTIC_EXTRA, Tags

from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.errors import ConfigError
from chiefops.knowledge import EmbeddedIndex, get_index, parse_query
from chiefops.knowledge.embedded.semantic import load_embedder, semantic_installed

TOPICS = [
    "invoice reminders", "office plants", "parking permits", "coffee machine", "quarterly tax filing",
    "desk booking", "printer toner", "team lunch menu", "laptop stickers", "fire drill schedule",
]  # fmt: skip


def _distractors() -> list[str]:
    return [f"Note {n}: the {TOPICS[n % 10]} item number {n} was discussed and filed." for n in range(50)]


def _settings(tmp_path: Path, mode: str) -> Settings:
    return Settings(data_dir=tmp_path, semantic_search=mode, _env_file=None)  # type: ignore[call-arg]


@pytest.mark.skipif(semantic_installed(), reason="the semantic extra is installed here")
def test_semantic_on_without_the_extra_stops_start_up_with_the_install_hint(
    tmp_path: Path, tags: Tags
) -> None:
    with pytest.raises(ConfigError, match=r"install chiefops\[semantic\]"):
        get_index(_settings(tmp_path, "on"), optout=tags.matcher, clock=FixedClock(AS_OF))


async def test_semantic_off_answers_with_embedded_fts(tmp_path: Path, tags: Tags) -> None:
    index = get_index(_settings(tmp_path, "off"), optout=tags.matcher, clock=FixedClock(AS_OF))
    await index.start()
    try:
        await index.index(
            [simple_doc("slack:C1:day:2026-11-01", "Project Alpha go-live is planned for 18 December")]
        )
        result = await index.query(parse_query({"text": "Alpha go-live"}))
    finally:
        await index.close()
    assert result.backend == "embedded-fts"
    assert [h.citation.doc_key for h in result.hits] == ["slack:C1:day:2026-11-01"]


@pytest.mark.semantic
@NEEDS_SEMANTIC_EXTRA
async def test_a_paraphrase_finds_the_go_live_chunk_among_fifty_distractors(
    tmp_path: Path, tags: Tags
) -> None:
    index = EmbeddedIndex(
        tmp_path / "knowledge.db",
        optout=tags.matcher,
        zone=UTC_ZONE,
        clock=FixedClock(AS_OF),
        embedder_loader=load_embedder,
    )
    await index.start()
    try:
        docs = [simple_doc(f"slack:C1:day:d{n}", text) for n, text in enumerate(_distractors())]
        docs.append(simple_doc("slack:C1:day:golive", "Project Alpha go-live is planned for 18 December"))
        await index.index(docs)
        await index.drain()
        result = await index.query(parse_query({"text": "When does the mobile app ship?", "mode": "hybrid"}))
    finally:
        await index.close()
    assert result.backend == "embedded-hybrid"
    assert "slack:C1:day:golive" in [h.citation.doc_key for h in result.hits[:3]]


@pytest.mark.semantic
@NEEDS_SEMANTIC_EXTRA
def test_the_model_embeds_long_chunks_in_windows_into_one_unit_vector() -> None:
    embedder = load_embedder()
    vectors = embedder.embed_chunks([("Header line", "word " * 2000), ("Header", "short body")])
    assert vectors.shape == (2, 384)
    assert [round(float((v * v).sum()), 3) for v in vectors] == [1.0, 1.0]
