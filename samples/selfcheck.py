"""Spec 11 §4 self-check: proves from the produced files that every planted fact can be found.

`run_selfcheck(out_dir)` reads the exports back with standard readers and returns one `Check` per fact;
the generator's tests assert that all of them pass. Each check's detail carries the measured numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from samples.corpus import Corpus, load_corpus
from samples.selfcheck_facts import (
    check_blockers,
    check_flow,
    check_informal,
    check_kevin,
    check_leadership,
    check_mobile_signals,
    check_ops_and_unassigned,
    check_threads_and_silence,
    check_types,
)
from samples.selfcheck_links import (
    check_absent_terms,
    check_counts,
    check_diversity,
    check_doc_keys,
    check_identities,
    check_span,
    check_truth_references,
)
from samples.selfcheck_types import Check, SelfCheckReport

__all__ = ["CHECKS", "Check", "SelfCheckReport", "run_selfcheck"]

CHECKS: tuple[Callable[[Corpus], Check], ...] = (
    check_counts,
    check_absent_terms,
    check_mobile_signals,
    check_kevin,
    check_blockers,
    check_flow,
    check_ops_and_unassigned,
    check_identities,
    check_doc_keys,
    check_truth_references,
    check_informal,
    check_threads_and_silence,
    check_leadership,
    check_types,
    check_diversity,
    check_span,
)


def run_selfcheck(out_dir: Path) -> SelfCheckReport:
    """Every spec 11 §4 check on the files under `out_dir` (written by `generate_world`)."""
    corpus = load_corpus(Path(out_dir))
    return SelfCheckReport(tuple(check(corpus) for check in CHECKS))
