"""The benchmarks' one-line figures (bench/_common.py): the ratio never claims a missed target."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH_COMMON = Path(__file__).resolve().parent.parent / "bench" / "_common.py"


@pytest.fixture(scope="module")
def common() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_common", BENCH_COMMON)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_figure_just_short_of_its_target_prints_a_ratio_below_one(common: ModuleType) -> None:
    lines = [
        common.report("hybrid_recall", 0.926, "fraction", at_least=0.93),
        common.report("recall", 0.93, "fraction", at_least=0.93),
        common.report("query_p95", 50.2, "ms", at_most=50.0),
        common.report("query_p50", 11.56, "ms", at_most=15.0),
        common.report("outside", 0, "hits", at_most=0),
    ]
    assert [line.rsplit(" ", 1)[1] for line in lines] == ["0.99", "1.00", "0.99", "1.29", "inf"]
