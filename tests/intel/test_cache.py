"""Stage cache and runner (spec 04 §7): reuse on an unchanged hash, keep the previous result on failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chiefops.intel.cache import StageCache, digest, jsonable, snapshot_hash
from chiefops.intel.stage_runner import StageFailed, StageRunner


@dataclass(frozen=True)
class Out:
    value: float
    tags: frozenset[str]


def test_jsonable_sorts_sets_and_keys_and_rounds_floats() -> None:
    assert jsonable({"b": Out(1 / 3, frozenset({"y", "x"})), "a": datetime(2026, 11, 30, tzinfo=UTC)}) == {
        "a": "2026-11-30T00:00:00+00:00",
        "b": {"value": 0.3333, "tags": ["x", "y"]},
    }


def test_the_snapshot_hash_ignores_the_order_of_batches_and_facts() -> None:
    at = datetime(2026, 11, 30, tzinfo=UTC)
    one = snapshot_hash(config_hash="c", batch_digests=["b1", "b2"], facts=["f1", "f2"], as_of=at)
    assert one == snapshot_hash(config_hash="c", batch_digests=["b2", "b1"], facts=["f2", "f1"], as_of=at)
    assert one != snapshot_hash(config_hash="c2", batch_digests=["b1", "b2"], facts=["f1", "f2"], as_of=at)


def test_an_unchanged_stage_is_reused_and_a_changed_one_recomputed(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute(n: int) -> Out:
        calls.append(n)
        return Out(n, frozenset())

    first = StageRunner(StageCache(tmp_path))
    first.run("flow", "p1", [1], lambda: compute(1))
    first.cache.flush()
    again = StageRunner(StageCache(tmp_path))
    assert again.run("flow", "p1", [1], lambda: compute(2)) == Out(1, frozenset())
    assert again.run("flow", "p1", [2], lambda: compute(3)) == Out(3, frozenset())
    assert (calls, again.recomputed) == ([1, 3], ["flow:p1"])


def test_a_failing_stage_keeps_its_previous_result_and_records_the_error(tmp_path: Path) -> None:
    runner = StageRunner(StageCache(tmp_path))
    runner.run("gaps", "p1", [1], lambda: Out(1, frozenset()))

    def broken() -> Out:
        raise ValueError("checklist unreadable")

    assert runner.run("gaps", "p1", [2], broken) == Out(1, frozenset())
    assert [(f.stage, f.error) for f in runner.failures] == [("gaps", "ValueError: checklist unreadable")]


def test_a_failing_stage_without_a_previous_result_tells_its_dependants(tmp_path: Path) -> None:
    def broken() -> Out:
        raise KeyError("x")

    with pytest.raises(StageFailed) as failed:
        StageRunner(StageCache(tmp_path)).run("risks", "p9", [1], broken)
    assert (failed.value.stage, failed.value.scope) == ("risks", "p9")


def test_a_cache_file_of_another_engine_version_is_ignored(tmp_path: Path) -> None:
    import pickle

    (tmp_path / "flow.pickle").write_bytes(pickle.dumps(("intel-0.0.1", {"p1": "stale"})))
    assert StageCache(tmp_path).peek("flow", "p1") is None


def test_digest_is_stable_across_calls() -> None:
    assert digest("a", [1, 2], {"k": 1.00001}) == digest("a", [1, 2], {"k": 1.00002})
