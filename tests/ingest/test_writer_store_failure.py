"""A store failure in the middle of a unit (spec 02 §9, §13, §17 check 16): nothing of the unit
remains, the file fails `store_error` (recoverable), and a retry ends where a clean run ends.

The input is one Jira CSV of 1,000 issues — one unit, written in batches of 250 — and the store
refuses task writes after the first 500."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.ingest.fixtures_ingest import RecordingSink, counts, ingest_service, jira_csv, jira_row

from chiefops.config import Settings
from chiefops.models import FileStatus
from chiefops.models.base import Record
from chiefops.services import Services, running_services
from chiefops.store import Collection, Store, StoreUnavailable, WriteResult

ISSUES = 1000


class _FailingTasks:
    """The `tasks` collection, refusing writes once `limit` documents went through."""

    def __init__(self, inner: Collection[Record], budget: list[int]) -> None:
        self._inner = inner
        self._budget = budget

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _spend(self, docs: Sequence[object]) -> None:
        if self._budget[0] < len(docs):
            raise StoreUnavailable("disk full (injected after 500 of 1,000 records)")
        self._budget[0] -= len(docs)

    async def insert_many(self, docs: Sequence[Record | Mapping[str, Any]]) -> WriteResult:
        self._spend(docs)
        return await self._inner.insert_many(docs)

    async def upsert_many(self, docs: Sequence[Record | Mapping[str, Any]], **kwargs: Any) -> WriteResult:
        self._spend(docs)
        return await self._inner.upsert_many(docs, **kwargs)


class FailingStore:
    """The real store, except that task writes fail after `limit` documents."""

    def __init__(self, inner: Store, *, limit: int) -> None:
        self._inner = inner
        self._budget = [limit]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def collection(self, name: str) -> Collection[Record]:
        inner = self._inner.collection(name)
        return _FailingTasks(inner, self._budget) if name == "tasks" else inner  # type: ignore[return-value]

    def typed(self, model: type[Record]) -> Any:
        from chiefops.models import COLLECTIONS

        name = next(spec.name for spec in COLLECTIONS.values() if spec.model is model)
        return self.collection(name)


def big_export(path: Path) -> Path:
    return jira_csv(
        path,
        [
            jira_row(f"ALPHA-{i}", comments=[f"2026-06-02 10:00;acc-raj;note {i}"])
            for i in range(1, ISSUES + 1)
        ],
    )


async def test_store_failure_mid_unit_leaves_nothing_and_retry_matches_a_clean_run(
    container: Services, settings: Settings, tmp_path: Path
) -> None:
    export = big_export(tmp_path / "jira.csv")
    container.settings.ingest_write_batch = 250
    before = await counts(container.store)
    failing = ingest_service(container, RecordingSink(), store=FailingStore(container.store, limit=500))  # type: ignore[arg-type]
    try:
        summary = await failing.run([export])
    finally:
        await failing.close()
    [result] = summary.file_results
    assert (result.status, result.code, result.recoverable) == (FileStatus.FAILED, "store_error", True)
    assert await counts(container.store) == before
    retried = await container.ingest.retry(summary.job_id)
    final = await container.ingest.wait(retried.job_id)
    async with running_services(Settings(data_dir=tmp_path / "clean", _env_file=None)) as clean:  # type: ignore[call-arg]
        await clean.ingest.run([export])
        expected = await counts(clean.store)
    assert (final.outcome.value, final.tasks.new, final.jira_comments.new) == ("ok", ISSUES, ISSUES)
    assert await counts(container.store) == expected
