"""Benchmark: text extraction of a 200-page text PDF (spec 02 §16 `pdf`, extraction part only).

The 20 s target covers extract + chunk + index; this prints the extraction share alone:
`pdf_extract_200_pages X s (target 20)`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from chiefops.ingest.drive import DriveReader
from chiefops.ingest.units import DocumentItem, InputSource, ParseContext
from chiefops.models import InputKind

PAGES = 200
TARGET_S = 20
PARAGRAPH = (
    "The platform team reviewed the rollout plan for the authentication service, the storage "
    "migration and the on-call rotation. Each milestone has an owner, a date and a risk note. "
)


def write_text_pdf(path: Path, *, pages: int) -> Path:
    """`pages` pages of about 2,000 characters each."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {number}. " + PARAGRAPH * 11)
    pdf.output(str(path))
    return path


def extract_seconds(path: Path) -> tuple[float, int]:
    """Seconds to plan and parse the PDF through `DriveReader`, and the characters extracted."""
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
    [document] = [item for item in items if isinstance(item, DocumentItem)]
    return elapsed, document.doc.char_count or 0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = write_text_pdf(Path(folder) / "bench-200-pages.pdf", pages=PAGES)
        elapsed, chars = extract_seconds(path)
    print(f"pdf_extract_200_pages {elapsed:.2f} s (target {TARGET_S})")
    print(f"  {chars:,} characters extracted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
