"""`IntelService`: the one door to the analysis (spec 04 §0.5, §7, §7.1).

Runs execute one at a time; triggers that arrive during a run merge into one follow-up run. The
heavy stages run in a worker thread. When a run ends the service publishes `analysis.done` and
`data.changed {collections, versions, scopes, as_of, run_id}`. Readers get the newest rows, labelled
`recomputing` while a run is in progress.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from chiefops.clock import Clock
from chiefops.errors import NotFound
from chiefops.events import EventBus
from chiefops.intel import queries
from chiefops.intel.analysis_run import RunOutcome, RunState, Trigger, execute_run, prepare_people
from chiefops.intel.cache import StageCache
from chiefops.intel.defaults import env_overrides
from chiefops.intel.facts_repo import FactsRepo
from chiefops.intel.rows import latest_row
from chiefops.intel.views import (
    DeepDive,
    HealthPoint,
    HealthView,
    LatestResult,
    MatchDecision,
    PersonDetail,
    PossibleMatchView,
    ProjectView,
    RunInfo,
    TaskView,
)
from chiefops.intel.writeback import WriteSummary
from chiefops.knowledge import KnowledgeIndex
from chiefops.models import AnalysisType, IngestionJob, Page, Person, new_id
from chiefops.store import Store

log = logging.getLogger(__name__)


class IntelService:
    """Analysis runs and everything read from them."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        events: EventBus,
        data_dir: Path | None,
        index: KnowledgeIndex | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._events = events
        self._data_dir = data_dir
        self._index = index
        self._env = env_overrides(environ if environ is not None else os.environ)
        self._state = RunState()
        self._cache = StageCache(data_dir / "intel" / "stages" if data_dir else None)
        self._lock = asyncio.Lock()
        self._requests: list[Trigger] = []
        self._running = False
        self._last: RunInfo | None = None
        self._tasks: set[asyncio.Task[RunInfo]] = set()

    # --- runs ------------------------------------------------------------------------------------

    async def run_analysis(self, trigger: Trigger | None = None) -> RunInfo:
        """Run now (or join the follow-up run that already holds this trigger) and return its info."""
        self._requests.append(trigger or Trigger("manual"))
        async with self._lock:
            if not self._requests:
                assert self._last is not None
                return self._last
            triggers, self._requests = self._requests, []
            return await self._run(triggers)

    def request_run(self, trigger: Trigger) -> RunInfo:
        """Start a run in the background (202); triggers during a run merge into one follow-up run."""
        task = asyncio.create_task(self.run_analysis(trigger))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return self.status()

    async def wait(self) -> None:
        """Wait for background runs (tests, the CLI)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def on_ingest(self, job: IngestionJob) -> None:
        """Post-ingest hook (ingestion stage `analyzing`): analyse what the job wrote."""
        await self.run_analysis(Trigger("ingestion", job.job_id))

    async def on_resolving_people(self, job: IngestionJob) -> None:
        """Ingestion stage `resolving_people` (spec 02 §11): resolve identities over what the job
        wrote, COO facts re-applied; the `analyzing` stage's run then reuses the result."""
        async with self._lock:
            persons = await prepare_people(
                store=self._store, state=self._state, stage_cache=self._cache, env=self._env
            )
        log.info("intel.people_resolved", extra={"job_id": job.job_id, "persons": persons})

    async def _run(self, triggers: list[Trigger]) -> RunInfo:
        trigger = (
            triggers[0]
            if len(triggers) == 1
            else Trigger(triggers[-1].kind, ",".join(t.ref or t.kind for t in triggers))
        )
        run_id = new_id()
        self._running = True
        started = self._clock.monotonic()
        try:
            outcome = await execute_run(
                store=self._store, data_dir=self._data_dir, state=self._state, stage_cache=self._cache, index=self._index,
                env=self._env, run_id=run_id, trigger=trigger, now=self._clock.now(), started=started, monotonic=self._clock.monotonic,
            )  # fmt: skip
        except (
            Exception
        ) as exc:  # the run is an edge (04 §7): nothing raises out of it; the failure is recorded
            log.exception("intel.run_failed", extra={"run_id": run_id})
            outcome = RunOutcome(
                run_id,
                None,
                "",
                [],
                [{"stage": "run", "error": f"{type(exc).__name__}: {exc}"}],
                WriteSummary(),
                [],
            )
        finally:
            self._running = False
        self._last = self._info(outcome, trigger, started)
        await self._publish(outcome)
        return self._last

    def _info(self, outcome: RunOutcome, trigger: Trigger, started: float) -> RunInfo:
        return RunInfo(
            running=False,
            pending=bool(self._requests),
            run_id=outcome.run_id,
            trigger={"kind": trigger.kind, "ref": trigger.ref},
            as_of=outcome.as_of.isoformat() if outcome.as_of else (self._last.as_of if self._last else None),
            duration_ms=round((self._clock.monotonic() - started) * 1000),
            recomputed=outcome.recomputed,
            failed=outcome.failed,
            warnings=outcome.warnings,
            finished_at=self._clock.now(),
        )

    async def _publish(self, outcome: RunOutcome) -> None:
        info = self._last
        assert info is not None
        self._events.publish(
            "analysis.done",
            {
                "run_id": outcome.run_id,
                "as_of": info.as_of,
                "recomputed": len(outcome.recomputed),
                "failed": outcome.failed,
            },
        )
        collections = sorted(outcome.written.collections | ({"analysis_results"} if outcome.rows else set()))
        if not collections:
            return
        versions = {name: await self._store.data_version(name) for name in collections}
        scopes = sorted({f"{r.analysis_type.value}:{r.project_id or 'org'}" for r in outcome.rows})
        self._events.publish(
            "data.changed",
            {
                "collections": collections,
                "versions": versions,
                "scopes": scopes,
                "as_of": info.as_of,
                "run_id": outcome.run_id,
            },
        )

    def status(self) -> RunInfo:
        """The run in progress or the last run of this process (see `run_status` for after a restart)."""
        if self._last is None:
            return RunInfo(running=self._running, pending=bool(self._requests))
        return self._last.model_copy(update={"running": self._running, "pending": bool(self._requests)})

    async def run_status(self) -> RunInfo:
        """`GET /analysis/status`: like `status`, but before this process has run anything it reports
        the last stored run (the `meta` of the newest analysis row), so a restart forgets nothing."""
        if self._last is not None:
            return self.status()
        stored = await queries.last_stored_run(self._store)
        if stored is None:
            return self.status()
        return stored.model_copy(update={"running": self._running, "pending": bool(self._requests)})

    @property
    def recomputing(self) -> bool:
        return self._running

    # --- reads ------------------------------------------------------------------------------------

    async def latest(self, analysis_type: AnalysisType, project_id: str | None = None) -> LatestResult | None:
        return await queries.latest(self._store, analysis_type, project_id, recomputing=self._running)

    async def list_people(self, **filters: object) -> Page[Person]:
        return await queries.list_people(self._store, **filters)  # type: ignore[arg-type]

    async def get_person(self, person_id: str) -> PersonDetail:
        return await queries.get_person(self._store, person_id)

    async def list_projects(self, *, skip: int = 0, limit: int = 50) -> Page[ProjectView]:
        return await queries.list_projects(self._store, skip=skip, limit=limit)

    async def get_project(self, project_id: str) -> ProjectView:
        return await queries.get_project(self._store, project_id)

    async def deep_dive(self, project_id: str) -> DeepDive:
        return await queries.deep_dive(self._store, project_id)

    async def list_tasks(self, **filters: object) -> Page[TaskView]:
        return await queries.list_tasks(self._store, as_of=await self._as_of(), **filters)  # type: ignore[arg-type]

    async def org_health(self) -> HealthView:
        return await queries.health_view(self._store, None)

    async def project_health(self, project_id: str) -> HealthView:
        return await queries.health_view(self._store, project_id)

    async def health_history(self, project_id: str | None = None) -> list[HealthPoint]:
        if project_id is not None:
            await queries.get_project(self._store, project_id)
        return await queries.health_history(self._store, project_id)

    async def briefing(self, project_id: str | None = None) -> LatestResult:
        if project_id is not None:
            await queries.get_project(self._store, project_id)
        found = await self.latest(AnalysisType.BRIEFING, project_id)
        if found is None:
            raise NotFound(
                "No briefing yet: ingest exports first; the analysis writes a briefing after each run.",
                details={"project_id": project_id},
            )
        return found

    async def _as_of(self) -> datetime | None:
        row = await latest_row(self._store, AnalysisType.PEOPLE_IDENTIFICATION, None)
        meta = row.result_data.get("meta") if row else None
        return (
            datetime.fromisoformat(str(meta["as_of"]))
            if isinstance(meta, dict) and meta.get("as_of")
            else None
        )

    # --- possible matches -----------------------------------------------------------------------

    async def list_matches(self, *, status: str = "open") -> Page[PossibleMatchView]:
        row = await latest_row(self._store, AnalysisType.PEOPLE_IDENTIFICATION, None)
        raw = row.result_data.get("possible_matches", []) if row else []
        items = [PossibleMatchView.model_validate(m) for m in raw] if isinstance(raw, list) else []
        items = [m for m in items if m.status == status]
        return Page(items=items, total=len(items), skip=0, limit=max(1, min(100, len(items) or 1)))

    async def decide_match(
        self, match_id: str, *, confirm: bool, person_id: str | None = None
    ) -> MatchDecision:
        """Write a `same_person` / `different_person` fact for a possible match and re-run (04 §1.1)."""
        open_matches = (await self.list_matches()).items
        match = next((m for m in open_matches if m.match_id == match_id), None)
        if match is None:
            raise NotFound(
                f"No open possible match {match_id!r}. List them with GET /api/v1/people/matches.",
                details={"match_id": match_id},
            )
        other = person_id or match.b
        if other not in {match.b, *match.candidates}:
            raise NotFound(
                f"{other!r} is not a candidate of match {match_id!r}.",
                details={"match_id": match_id, "person_id": other},
            )
        field = "same_person" if confirm else "different_person"
        fact = await FactsRepo(self._store).add(
            f"person:{match.a}", field, other, established_at=self._clock.now()
        )
        self.request_run(Trigger("correction", fact.fact_id))
        return MatchDecision(
            match_id=match_id,
            status="confirmed" if confirm else "rejected",
            fact_id=fact.fact_id,
            subject=fact.subject,
            field=field,
            value=other,
        )
