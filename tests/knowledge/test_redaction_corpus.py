"""The labelled redaction corpus (spec 03 §11): ≥ 300 strings, precision ≥ 0.98 and recall ≥ 0.95.

`bench/redaction.py` prints the same figures with the speed; this test keeps the quality targets from
regressing (it measures no time).
"""

from __future__ import annotations

from tests.privacy.shapes import CORPUS_FILE, fill, load_jsonl

from chiefops.ai.redaction import detect

ROWS = load_jsonl(CORPUS_FILE)


def _tally() -> tuple[int, int, int]:
    hits = false_hits = misses = 0
    for row in ROWS:
        text = fill(row["text"])
        expected = {(p["type"], fill(p["value"])) for p in row["pii"]}
        found = {(f.kind, text[f.start : f.end]) for f in detect(text)}
        hits += len(expected & found)
        false_hits += len(found - expected)
        misses += len(expected - found)
    return hits, false_hits, misses


def test_the_corpus_holds_at_least_300_labelled_strings_of_every_type() -> None:
    types = {p["type"] for row in ROWS for p in row["pii"]}
    assert len(ROWS) >= 300
    assert types == {"EMAIL", "PHONE", "CARD", "NATIONAL_ID", "SECRET"}
    assert sum(1 for row in ROWS if not row["pii"]) >= 100


def test_detectors_reach_the_precision_and_recall_targets_on_the_corpus() -> None:
    hits, false_hits, misses = _tally()

    assert hits / (hits + false_hits) >= 0.98
    assert hits / (hits + misses) >= 0.95
