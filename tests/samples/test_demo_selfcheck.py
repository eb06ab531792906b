"""The spec 11 §4 self-check passes on the generated world, one test per check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from samples.corpus import Corpus
from samples.selfcheck import CHECKS, Check, run_selfcheck

from samples import WorldReport


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
def test_selfcheck_passes(check: Callable[[Corpus], Check], corpus: Corpus) -> None:
    result = check(corpus)
    assert result.passed, f"{result.name}: {result.detail}"


def test_run_selfcheck_runs_every_check_and_finds_no_failure(world: WorldReport) -> None:
    report = run_selfcheck(world.out_dir)
    assert (len(report.checks), report.failures()) == (len(CHECKS), [])
