"""Corpus-aware pruning of very common query terms (latency on large indexes, spec 03 §11)."""

from __future__ import annotations

from tests.knowledge.builders import simple_doc

from chiefops.knowledge import EmbeddedIndex
from chiefops.knowledge.embedded.lexical import parse_text
from chiefops.knowledge.embedded.schema import connect
from chiefops.knowledge.embedded.vocab import document_frequencies, prune_common_terms


async def _index_release_notes(index: EmbeddedIndex) -> None:
    docs = [simple_doc(f"slack:C1:day:2026-11-{n:02d}", f"Release notes number {n}") for n in range(1, 11)]
    docs.append(simple_doc("slack:C1:day:2026-11-20", "Release blocked by the vendor contract"))
    await index.index(docs)


async def test_document_frequencies_count_chunks_per_stemmed_term(index: EmbeddedIndex) -> None:
    await _index_release_notes(index)
    conn = connect(index.path)
    assert document_frequencies(conn, ["releases", "vendor", "absent"]) == [11, 1, 0]


async def test_terms_in_most_chunks_leave_the_match_on_a_large_enough_index(index: EmbeddedIndex) -> None:
    await _index_release_notes(index)
    conn = connect(index.path)
    parsed = parse_text("release vendor contract")
    assert prune_common_terms(conn, parsed, min_chunks=5, share=0.5).terms == ("vendor", "contract")
    assert prune_common_terms(conn, parsed, min_chunks=50, share=0.5).terms == (
        "release",
        "vendor",
        "contract",
    )
    assert prune_common_terms(conn, parse_text("release notes"), min_chunks=5, share=0.5).terms == ("notes",)
