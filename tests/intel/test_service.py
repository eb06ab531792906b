"""`IntelService` runs (spec 04 §0.5, §7): idempotent write-back, merged triggers, events."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from tests.intel.conftest import open_services

from chiefops.intel import Trigger

WRITTEN = ("people", "projects", "tasks", "messages", "documents", "channels")


async def test_recomputing_every_stage_of_an_analysed_world_writes_nothing(
    analysed_dir: Path, fresh_copy: Any
) -> None:
    copy = fresh_copy(analysed_dir)
    shutil.rmtree(copy / "intel" / "stages")
    services = await open_services(copy)
    try:
        before = {name: await services.store.data_version(name) for name in WRITTEN}
        info = await services.intel.run_analysis()
        after = {name: await services.store.data_version(name) for name in WRITTEN}
    finally:
        await services.close()
    assert "identity:org" in info.recomputed and info.failed == []
    assert after == before


async def test_a_first_run_publishes_analysis_done_and_data_changed(
    ingested_dir: Path, fresh_copy: Any
) -> None:
    services = await open_services(fresh_copy(ingested_dir))
    try:
        info = await services.intel.run_analysis(Trigger("ingestion", "job-1"))
        events = services.events.recent()
    finally:
        await services.close()
    done = [e for e in events if e.name == "analysis.done"]
    changed = [e for e in events if e.name == "data.changed" and e.data.get("run_id") == info.run_id]
    assert [e.data["run_id"] for e in done] == [info.run_id]
    assert len(changed) == 1
    data = changed[0].data
    assert {"people", "projects", "analysis_results"} <= set(data["collections"])  # type: ignore[arg-type]
    assert "briefing:org" in data["scopes"] and str(data["as_of"]).startswith("2026-11-30")  # type: ignore[operator]


async def test_triggers_during_a_run_merge_into_one_follow_up_run(
    analysed_dir: Path, fresh_copy: Any
) -> None:
    services = await open_services(fresh_copy(analysed_dir))
    try:
        runs = await asyncio.gather(
            *(services.intel.run_analysis(Trigger("manual", str(i))) for i in range(4))
        )
    finally:
        await services.close()
    assert len({r.run_id for r in runs}) == 2
    assert runs[-1].trigger == {"kind": "manual", "ref": "1,2,3"}
