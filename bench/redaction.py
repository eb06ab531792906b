"""Benchmark PII redaction (spec 03 §9, §11): precision and recall on the labelled corpus, and speed.

- `redaction_precision` / `redaction_recall` over `tests/privacy/redaction_corpus.jsonl` (≥ 300 strings,
  secrets generated from their shape): a predicted span counts when its type and exact text match a
  label. Targets ≥ 0.98 / ≥ 0.95.
- `redaction_ms_per_64kb`: a 64 kB prompt shaped like the assembler's (numbered chunk labels, Slack
  message lines with times, Jira keys and URLs), one message in ten carrying PII from the corpus.
  Target ≤ 15 ms. `redaction_cpu_ms_per_64kb` is the same run in CPU time (it reads true on a busy
  machine, where wall time also counts waiting for a core). `redaction_ms_per_64kb_pii_dense` times the same size built from corpus strings only
  (about 60 % of them hold PII) — a worst case, printed without a target.

Usage: `python bench/redaction.py [RUNS]` (default 20; the median run is reported).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.privacy.shapes import CORPUS_FILE, fill, load_jsonl

from _common import report
from chiefops.ai.redaction import PlaceholderSession, detect, redact

PROMPT_BYTES = 64 * 1024
PII_EVERY = 10
RUNS = 20


def score(rows: list[dict[str, object]]) -> tuple[float, float]:
    """(precision, recall) of the detectors against the labels."""
    hits = false_hits = misses = 0
    for row in rows:
        text = fill(str(row["text"]))
        labels = row["pii"]
        assert isinstance(labels, list)
        expected = {(str(p["type"]), fill(str(p["value"]))) for p in labels}
        found = {(f.kind, text[f.start : f.end]) for f in detect(text)}
        hits += len(expected & found)
        false_hits += len(found - expected)
        misses += len(expected - found)
    return hits / max(1, hits + false_hits), hits / max(1, hits + misses)


def prompt_like(rows: list[dict[str, object]], *, pii_every: int) -> str:
    """About 64 kB of assembler-shaped prompt text; every `pii_every`-th message holds PII."""
    clean = [fill(str(r["text"])) for r in rows if not r["pii"]]
    dirty = [fill(str(r["text"])) for r in rows if r["pii"]]
    lines = ["You answer the COO's questions from the numbered sources below. Cite sources as [n]."]
    n = 0
    while sum(len(line) + 1 for line in lines) < PROMPT_BYTES:
        n += 1
        body = dirty[n % len(dirty)] if pii_every and n % pii_every == 0 else clean[n % len(clean)]
        if n % 6 == 1:
            lines.append(f"[{n // 6 + 1}] Slack #alpha-dev · 2026-11-{n % 28 + 1:02d} · thread by Raj Patel")
        lines.append(f"[2026-11-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d}] Raj Patel: {body}")
    return "\n".join(lines)[:PROMPT_BYTES]


def median_ms(text: str, runs: int, *, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median milliseconds per `redact` call (wall clock, or `time.process_time` for CPU time)."""
    timings = []
    for _ in range(runs):
        started = clock()
        redact(text, session=PlaceholderSession())
        timings.append((clock() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    rows = load_jsonl(CORPUS_FILE)
    precision, recall = score(rows)
    print(f"redaction_corpus {len(rows)} strings, {sum(len(r['pii']) for r in rows)} labelled values")
    report("redaction_precision", precision, "ratio", at_least=0.98)
    report("redaction_recall", recall, "ratio", at_least=0.95)
    prompt = prompt_like(rows, pii_every=PII_EVERY)
    report("redaction_ms_per_64kb", median_ms(prompt, runs), "ms", at_most=15)
    report("redaction_cpu_ms_per_64kb", median_ms(prompt, runs, clock=time.process_time), "ms")
    dense = "\n".join(fill(str(r["text"])) for r in rows)
    dense = (dense * (PROMPT_BYTES // len(dense) + 1))[:PROMPT_BYTES]
    report("redaction_ms_per_64kb_pii_dense", median_ms(dense, runs), "ms")


if __name__ == "__main__":
    main()
