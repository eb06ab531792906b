"""Benchmarks `pdf` and `office_mix` (spec 02 §16): Drive documents through the whole ingestion job.

Figures:
- `pdf_extract_200_pages`: text extraction of a 200-page text PDF alone (no target; the share of
  the next figure spent in pypdf);
- `pdf_200_pages`: the same PDF through `IngestService` — detect, extract, write, chunk and index in
  the embedded knowledge index — target ≤ 20 s;
- `office_mix_1000_files`: 1,000 mixed Drive files (docx, pptx, xlsx, pdf, html, md, txt, csv; a
  few paragraphs each) the same way, target ≤ 120 s; also printed as files/s.

The post-ingest analysis is left out (its own benchmark, `bench/intel_bench.py`). Files are generated
deterministically into a temporary directory (untimed) and deleted afterwards.

Usage: `python bench/ingest_documents.py [--files 1000] [--pages 200]`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from docx import Document
from fpdf import FPDF
from openpyxl import Workbook
from pptx import Presentation

from _common import report
from chiefops.config import Settings
from chiefops.ingest.drive import DriveReader
from chiefops.ingest.units import DocumentItem, InputSource, ParseContext
from chiefops.models import InputKind
from chiefops.runtime import settle_heap
from chiefops.services import build_services

PDF_TARGET_S = 20.0
MIX_TARGET_S = 120.0
TOPICS = ("rollout", "billing", "onboarding", "security review", "data migration", "mobile launch", "hiring")
PARAGRAPH = (
    "The platform team reviewed the {topic} plan: each milestone has an owner, a date and a risk note. "
    "Open questions go to the weekly review; decisions are written down here with their reasons. "
)


def _text(n: int, paragraphs: int) -> list[str]:
    topic = TOPICS[n % len(TOPICS)]
    return [f"File {n}, part {i + 1}. " + PARAGRAPH.format(topic=topic) * 3 for i in range(paragraphs)]


def write_pdf(path: Path, *, pages: int, n: int = 0) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {number}. " + " ".join(_text(n + number, 4)))
    pdf.output(str(path))


def write_docx(path: Path, n: int) -> None:
    doc = Document()
    doc.core_properties.author = f"author{n % 40}@example.com"
    doc.add_heading(f"Spec {n}: {TOPICS[n % len(TOPICS)]}", level=1)
    for i, text in enumerate(_text(n, 6)):
        if i == 3:
            doc.add_heading("Decisions", level=2)
        doc.add_paragraph(text)
    doc.save(str(path))


def write_pptx(path: Path, n: int) -> None:
    deck = Presentation()
    for i, text in enumerate(_text(n, 5)):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"Roadmap {n} · {i + 1}"
        slide.placeholders[1].text = text
        slide.notes_slide.notes_text_frame.text = f"Speaker note {i + 1}: {TOPICS[(n + i) % len(TOPICS)]}"
    deck.save(str(path))


def write_xlsx(path: Path, n: int) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Capacity"
    sheet.append(["Team", "Quarter", "People", "Budget"])
    for row in range(40):
        sheet.append([f"Team {row % 7}", f"2026-Q{row % 4 + 1}", row % 9 + 1, 1000 * (row + n % 13)])
    notes = book.create_sheet("Notes")
    for text in _text(n, 3):
        notes.append([text])
    book.save(str(path))


def write_mix(folder: Path, *, files: int) -> None:
    """`files` files cycling through the eight kinds, in per-project folders."""
    kinds = ("docx", "pptx", "xlsx", "pdf", "html", "md", "txt", "csv")
    for n in range(files):
        kind = kinds[n % len(kinds)]
        place = folder / f"Project {n % 10}" / f"doc-{n:04d}.{kind}"
        place.parent.mkdir(parents=True, exist_ok=True)
        text = _text(n, 6)
        if kind == "docx":
            write_docx(place, n)
        elif kind == "pptx":
            write_pptx(place, n)
        elif kind == "xlsx":
            write_xlsx(place, n)
        elif kind == "pdf":
            write_pdf(place, pages=3, n=n)
        elif kind == "html":
            body = "".join(f"<p>{t}</p>" for t in text)
            place.write_text(
                f"<html><head><title>Note {n}</title></head><body><h1>Note {n}</h1>{body}</body></html>"
            )
        elif kind == "md":
            place.write_text(f"# Note {n}\n\n" + "\n\n".join(text) + "\n")
        elif kind == "txt":
            place.write_text("\n\n".join(text) + "\n")
        else:
            place.write_text(
                "owner,topic,notes\n"
                + "".join(f"p{i},{TOPICS[i % 7]},{t[:60]}\n" for i, t in enumerate(text))
            )


def extract_seconds(path: Path) -> float:
    """Seconds to plan and parse the PDF through `DriveReader` alone."""
    source = InputSource(
        kind=InputKind.DOCUMENT,
        path=path,
        display=path.name,
        root="bench",
        rel_path=path.name,
        size_bytes=path.stat().st_size,
        modified_at_epoch=0.0,
    )
    ctx = ParseContext(job_id="bench")
    reader = DriveReader()
    started = time.perf_counter()
    [unit] = reader.plan(source, ctx)
    items = list(reader.parse(source, unit, ctx, lambda done, total, detail: None))
    elapsed = time.perf_counter() - started
    assert [item for item in items if isinstance(item, DocumentItem)], "the PDF gave no document"
    return elapsed


async def ingest_seconds(path: Path, data_dir: Path) -> tuple[float, int, int]:
    """Seconds for the whole ingestion job (knowledge index included, analysis left out), the
    documents stored and the index documents written."""
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    services.ingest_hooks.resolving_people.clear()
    services.ingest_hooks.analyzing.clear()
    await services.start()
    settle_heap()  # as `chiefops ingest` and `serve` do once started
    try:
        started = time.perf_counter()
        summary = await services.ingest.run([path])
        elapsed = time.perf_counter() - started
        documents = summary.documents.new + summary.documents.updated
        return elapsed, documents, summary.index.docs_indexed
    finally:
        await services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pdf_dir = root / "pdf"
        pdf_dir.mkdir()
        pdf = pdf_dir / f"bench-{args.pages}-pages.pdf"
        write_pdf(pdf, pages=args.pages)
        report(f"pdf_extract_{args.pages}_pages", extract_seconds(pdf), "s")
        elapsed, documents, indexed = asyncio.run(ingest_seconds(pdf_dir, root / "data-pdf"))
        assert documents == 1 and indexed == 1, (documents, indexed)
        report(f"pdf_{args.pages}_pages", elapsed, "s", at_most=PDF_TARGET_S * args.pages / 200)
        mix = root / "mix"
        write_mix(mix, files=args.files)
        elapsed, documents, indexed = asyncio.run(ingest_seconds(mix, root / "data-mix"))
        assert documents == args.files, f"{documents} of {args.files} files stored"
        report(f"office_mix_{args.files}_files", elapsed, "s", at_most=MIX_TARGET_S * args.files / 1000)
        report(f"office_mix_{args.files}_files_rate", args.files / elapsed, "files/s")
        print(f"  {indexed:,} index documents written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
