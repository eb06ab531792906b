"""Opt-out enforced by the index at indexing and query time (spec 03 §8; 02 §17 check 18, search side)."""

from __future__ import annotations

from tests.knowledge.builders import simple_doc, tag
from tests.knowledge.conftest import Tags

from chiefops.knowledge import DocPart, EmbeddedIndex, Source, SourceDoc, parse_query

HR = {"channel": "hr-confidential", "channel_id": "C0HRCONF"}


def _drive_doc(key: str, file_name: str, paragraphs: list[str]) -> SourceDoc:
    return SourceDoc(
        doc_key=key,
        source=Source.DRIVE,
        title=file_name,
        overlap=True,
        joiner="\n\n",
        locator={"document_id": f"doc-{file_name}", "file_name": file_name, "folder_path": "drive/HR"},
        parts=[
            DocPart(text=p, unit=f"page:{n}", section=f"page:{n}", locator={"page": n})
            for n, p in enumerate(paragraphs, 1)
        ],
    )


async def _search(index: EmbeddedIndex, text: str) -> list[str]:
    result = await index.query(parse_query({"text": text}))
    return [h.citation.doc_key for h in result.hits]


async def test_a_tagged_channel_never_becomes_a_doc(index: EmbeddedIndex, tags: Tags) -> None:
    tags.tags.append(tag("channel", "hr-confidential"))
    report = await index.index(
        [simple_doc("slack:C0HRCONF:day:2026-11-12", "Layoff planning for Q1", locator=HR)]
    )
    assert report.skipped.opted_out == 1
    assert await index.chunks_of("slack:C0HRCONF:day:2026-11-12") == []
    assert await _search(index, "layoff planning") == []


async def test_a_pattern_drops_only_the_drive_chunk_holding_it(index: EmbeddedIndex, tags: Tags) -> None:
    tags.tags.append(tag("pattern", "salary"))
    doc = _drive_doc(
        "drive:drive/HR/handbook.pdf", "handbook.pdf", ["Holiday policy: 25 days", "Salary bands by level"]
    )
    await index.index([doc])
    pages = [c.locator.get("page") for c in await index.chunks_of(doc.doc_key)]
    assert pages == [1]
    assert await _search(index, "salary bands") == []


async def test_a_file_glob_keeps_the_file_out(index: EmbeddedIndex, tags: Tags) -> None:
    tags.tags.append(tag("file", "salary-*.xlsx"))
    report = await index.index(
        [_drive_doc("drive:drive/HR/salary-2026.xlsx", "salary-2026.xlsx", ["Band A 100k"])]
    )
    assert report.skipped.opted_out == 1
    assert await _search(index, "band") == []


async def test_a_tag_added_after_indexing_hides_content_at_once_and_purge_deletes_it(
    index: EmbeddedIndex, tags: Tags
) -> None:
    await index.index(
        [
            simple_doc("slack:C0HRCONF:day:2026-11-12", "Offsite budget review", locator=HR),
            simple_doc("slack:C0ALPHADEV:day:2026-11-12", "Offsite budget approved"),
        ]
    )
    tags.tags.append(tag("channel", "#HR-Confidential"))
    result = await index.query(parse_query({"text": "offsite budget"}))
    removed = await index.purge()
    assert [h.citation.doc_key for h in result.hits] == ["slack:C0ALPHADEV:day:2026-11-12"]
    assert result.optout_filtered == 1
    assert removed == 1
    assert await index.chunks_of("slack:C0HRCONF:day:2026-11-12") == []
    assert await index.doc_states(["slack:C0HRCONF:day:2026-11-12"]) == {
        "slack:C0HRCONF:day:2026-11-12": "purged"
    }


async def test_a_purged_doc_comes_back_when_the_tag_is_removed_and_it_is_indexed_again(
    index: EmbeddedIndex, tags: Tags
) -> None:
    doc = simple_doc("slack:C0ALPHADEV:day:2026-11-12", "The confidential roadmap draft")
    await index.index([doc])
    tags.tags.append(tag("pattern", "confidential"))
    await index.purge()
    tags.tags.clear()
    report = await index.index([doc])
    assert report.docs_indexed == 1
    assert await _search(index, "roadmap draft") == ["slack:C0ALPHADEV:day:2026-11-12"]
