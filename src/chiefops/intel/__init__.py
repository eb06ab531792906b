"""Intelligence (spec 04): people, projects, flow, health, gaps and briefings from stored data.

Callers use `IntelService` (runs and reads). `run_analysis` and `latest` are the module-level doors
for code that holds a store but no service (the CLI, tests).
"""

from __future__ import annotations

from pathlib import Path

from chiefops.clock import Clock, SystemClock
from chiefops.events import EventBus
from chiefops.intel.analysis_run import Trigger
from chiefops.intel.facts_repo import FactsRepo
from chiefops.intel.service import IntelService
from chiefops.intel.views import LatestResult, RunInfo
from chiefops.models import AnalysisType
from chiefops.store import Store

__all__ = ["FactsRepo", "IntelService", "LatestResult", "RunInfo", "Trigger", "latest", "run_analysis"]


async def run_analysis(
    store: Store, *, data_dir: Path | None = None, trigger: Trigger | None = None, clock: Clock | None = None
) -> RunInfo:
    """One analysis run over `store` (a throw-away service; no events are kept)."""
    moment = clock or SystemClock()
    service = IntelService(store=store, clock=moment, events=EventBus(moment), data_dir=data_dir, environ={})
    return await service.run_analysis(trigger)


async def latest(
    store: Store, analysis_type: AnalysisType, project_id: str | None = None
) -> LatestResult | None:
    """The newest row of one analysis scope (see `IntelService.latest`)."""
    from chiefops.intel.queries import latest as read_latest

    return await read_latest(store, analysis_type, project_id, recomputing=False)
