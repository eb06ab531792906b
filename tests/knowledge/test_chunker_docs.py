"""Drive documents → chunks (spec 03 §3.3, §12 check 2)."""

from __future__ import annotations

import itertools
import math
import re
from itertools import pairwise

from tests.knowledge.builders import UTC_ZONE, context, document, extracted

from chiefops.knowledge import Chunk, chunk_document
from chiefops.knowledge.chunker import MAX_TOKENS
from chiefops.knowledge.citations import build_citation
from chiefops.knowledge.render.docs import render_document, sections_to_parts
from chiefops.models import TextSection


def _paragraphs(n: int, topic: str) -> str:
    return "\n\n".join(
        f"The {topic} paragraph {i} explains who acts, when they act and how we confirm success."
        for i in range(n)
    )


def _overlap_tokens(previous: str, following: str) -> int:
    for k in range(min(len(previous), len(following)), 0, -1):
        if previous.endswith(following[:k]):
            return math.ceil(k / 4)
    return 0


def _chunks(path: str, sections: list[TextSection]) -> list[Chunk]:
    doc = document(path)
    return chunk_document(render_document(doc, sections_to_parts(extracted(doc, sections)), ctx=context()))


DOCX = [
    TextSection(text=_paragraphs(6, "intro"), heading_path=["Cutover"]),
    TextSection(text=_paragraphs(120, "rollback"), heading_path=["Cutover", "Rollback"]),
    TextSection(text=_paragraphs(3, "comms"), heading_path=["Cutover", "Comms"]),
]


def test_docx_sections_give_chunks_their_heading_path() -> None:
    chunks = _chunks("Project Gamma/Gamma Cutover Plan.docx", DOCX)
    paths = [c.heading_path for c in chunks]
    assert paths[0] == ["Cutover"]
    assert paths[-1] == ["Cutover", "Comms"]
    assert set(map(tuple, paths[1:-1])) == {("Cutover", "Rollback")}


def test_neighbours_in_a_section_overlap_about_fifty_tokens_and_never_across_a_heading() -> None:
    chunks = _chunks("Project Gamma/Gamma Cutover Plan.docx", DOCX)
    rollback = [c for c in chunks if c.heading_path == ["Cutover", "Rollback"]]
    overlaps = [_overlap_tokens(a.body, b.body) for a, b in itertools.pairwise(rollback)]
    assert len(rollback) >= 3
    assert [40 <= o <= 60 for o in overlaps] == [True] * len(overlaps)
    assert _overlap_tokens(rollback[-1].body, chunks[-1].body) == 0
    assert _overlap_tokens(chunks[0].body, rollback[0].body) == 0


def test_every_doc_chunk_carries_the_title_header_and_fits_600_tokens() -> None:
    chunks = _chunks("Project Gamma/Gamma Cutover Plan.docx", DOCX)
    assert max(c.tokens for c in chunks) <= MAX_TOKENS
    assert [c.header.startswith('Drive "Gamma Cutover Plan.docx"') for c in chunks] == [True] * len(chunks)
    assert chunks[0].header == (
        'Drive "Gamma Cutover Plan.docx" · Cutover\n'
        "Folder: drive/Project Gamma · Owner: Raj Patel · Modified 2026-11-02"
    )


def test_pdf_chunks_cite_their_page_and_near_empty_pages_are_skipped() -> None:
    sections = [
        TextSection(text="Page one covers the vendor shortlist and scoring.", page=1),
        TextSection(text="  7 ", page=2),
        TextSection(text="Page three holds the rollback window: Saturday 02:00 to 04:00.", page=3),
    ]
    chunks = _chunks("Project Gamma/Vendor Review.pdf", sections)
    citations = [build_citation(c, ["rollback"], zone=UTC_ZONE) for c in chunks]
    assert [c.locator.get("page") for c in chunks] == [1, 3]
    assert [c.page for c in citations] == [1, 3]
    assert citations[1].label == 'Drive "Vendor Review.pdf" · p. 3'
    assert citations[1].ref == "/sources/drive/doc-vendor-review?page=3"


def test_small_slides_merge_into_a_slide_range_with_their_notes() -> None:
    sections = [
        TextSection(text="Launch timeline", kind="slide_title", slide=1),
        TextSection(text="Beta in November, GA on 18 December", slide=1),
        TextSection(text="Mention the App Store review lead time", kind="notes", slide=1),
        TextSection(text="Risks", kind="slide_title", slide=2),
        TextSection(text="Push certificates, crash reporting", slide=2),
    ]
    chunks = _chunks("Project Alpha/Launch Deck.pptx", sections)
    citation = build_citation(chunks[0], ["risks"], zone=UTC_ZONE)
    assert len(chunks) == 1
    assert "Notes: Mention the App Store review lead time" in chunks[0].body
    assert (chunks[0].locator["slide"], chunks[0].locator["slide_end"]) == (1, 2)
    assert citation.label == 'Drive "Launch Deck.pptx" · slides 1–2'


def test_sheet_row_groups_repeat_the_header_and_cite_sheet_and_rows() -> None:
    header = "Item | Owner | Cost"
    rows = "\n".join(f"Line item {i} | Raj Patel | {i * 100}" for i in range(2, 200))
    sections = [TextSection(text=rows, kind="table", sheet="Budget", row_start=2, row_end=199, header=header)]
    chunks = _chunks("Finance/Budget 2026.xlsx", sections)
    citations = [build_citation(c, ["item"], zone=UTC_ZONE) for c in chunks]
    cited = [(c.locator["row_start"], c.locator["row_end"]) for c in chunks]
    held = [
        (int(items[0]), int(items[-1])) for items in (re.findall(r"Line item (\d+) ", c.body) for c in chunks)
    ]
    assert len(chunks) >= 2
    assert [c.body.startswith(header + "\nLine item") for c in chunks] == [True] * len(chunks)
    assert max(c.tokens for c in chunks) <= MAX_TOKENS
    assert cited == held  # audit D4: every chunk cited the whole block, rows 2–199
    assert (cited[0][0], cited[-1][1]) == (2, 199)
    assert [b[0] - a[1] for a, b in pairwise(cited)] == [1] * (len(chunks) - 1)
    assert citations[0].sheet == "Budget"
    assert citations[0].label == f'Drive "Budget 2026.xlsx" · sheet Budget · rows 2–{cited[0][1]}'
    assert citations[1].ref.endswith(f"?sheet=Budget&rows={cited[1][0]}-{cited[1][1]}")


def test_sheet_rows_after_skipped_empty_rows_are_cited_within_the_block_they_sit_in() -> None:
    """Empty rows keep their numbers but have no line: the cited range still holds the chunk's rows."""
    rows = "\n".join(f"Line item {i} | Raj Patel | {i * 100}" for i in (*range(2, 100), *range(150, 250)))
    sections = [
        TextSection(
            text=rows, kind="table", sheet="Budget", row_start=2, row_end=249, header="Item | Owner | Cost"
        )
    ]
    chunks = _chunks("Finance/Budget 2026.xlsx", sections)
    cited = [(c.locator["row_start"], c.locator["row_end"]) for c in chunks]
    held = [[int(n) for n in re.findall(r"Line item (\d+) ", c.body)] for c in chunks]
    assert len(chunks) >= 2
    assert [
        start <= items[0] and items[-1] <= end for (start, end), items in zip(cited, held, strict=True)
    ] == [True] * len(chunks)
    assert (cited[0][0], cited[-1][1]) == (2, 249)


def test_a_file_glob_keeps_the_document_out() -> None:
    doc = document("HR/salary-2026.xlsx")
    rendered = render_document(doc, [], ctx=context())
    tagged = render_document(
        doc,
        sections_to_parts(extracted(doc, [TextSection(text="Band A", sheet="S", header="h")])),
        ctx=context(_file_tag("salary-*.xlsx")),
    )
    assert rendered.skip == "empty"
    assert tagged.skip == "opted_out"


def _file_tag(value: str):  # type: ignore[no-untyped-def]
    from tests.knowledge.builders import tag

    return tag("file", value)
