"""The Citex outbox schedule and ledger (spec 03 §5 Outbox): 30 s, 2 min, 10 min, 1 h, then hourly;
48 attempts, then `failed`; a retry request re-arms failed rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from tests.knowledge.builders import AS_OF

from chiefops.knowledge.embedded.schema import connect, create_schema
from chiefops.knowledge.outbox import (
    MAX_ATTEMPTS,
    CitexLedger,
    DrainReport,
    OutboxRow,
    SyncOutcome,
    SyncRecord,
    drain_outbox,
    next_attempt_at,
)


@pytest.fixture
async def ledger(tmp_path: Path) -> AsyncIterator[CitexLedger]:
    path = tmp_path / "knowledge.db"
    conn = connect(path)
    create_schema(conn)
    conn.close()
    opened = CitexLedger(path)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


def test_retries_wait_30_s_2_min_10_min_1_h_then_hourly_and_stop_after_48() -> None:
    waits = [next_attempt_at(n, now=AS_OF) for n in (1, 2, 3, 4, 5, 47)]

    assert [w - AS_OF for w in waits if w is not None] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=10),
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
    assert (MAX_ATTEMPTS, next_attempt_at(48, now=AS_OF)) == (48, None)


async def test_a_row_fails_after_its_48th_attempt(ledger: CitexLedger) -> None:
    await ledger.enqueue("upsert", "jira:ALPHA-142", now=AS_OF, error="HTTP 503")
    for _ in range(MAX_ATTEMPTS - 1):
        [row] = await ledger.rows()
        await ledger.reschedule(row, now=AS_OF, error="HTTP 503")

    [row] = await ledger.rows()
    summary = await ledger.summary()

    assert (row.attempts, row.state, row.next_attempt_at) == (48, "failed", None)
    assert (summary.pending, summary.failed, summary.failures[0].doc_key) == (0, 1, "jira:ALPHA-142")


async def test_a_newer_intent_for_a_doc_replaces_its_queued_row(ledger: CitexLedger) -> None:
    await ledger.enqueue("upsert", "jira:ALPHA-142", now=AS_OF, error="HTTP 503")
    await ledger.enqueue("delete", "jira:ALPHA-142", now=AS_OF + timedelta(minutes=5), error="ConnectError")

    [row] = await ledger.rows()

    assert (row.op, row.attempts, row.last_error, row.next_attempt_at) == (
        "delete",
        1,
        "ConnectError",
        "2026-11-30T12:05:30.000000Z",
    )


async def test_retry_rearms_failed_rows_with_a_fresh_count(ledger: CitexLedger) -> None:
    await ledger.enqueue("upsert", "jira:ALPHA-142", now=AS_OF, error="HTTP 400: bad file", failed=True)

    rearmed = await ledger.rearm(now=AS_OF + timedelta(hours=2))

    [row] = await ledger.rows()
    assert rearmed == 1
    assert (row.state, row.attempts, row.next_attempt_at) == ("pending", 0, "2026-11-30T14:00:00.000000Z")


async def test_draining_reschedules_fails_or_clears_each_due_row_by_its_outcome(ledger: CitexLedger) -> None:
    for key in ("a", "b", "c", "d"):
        await ledger.enqueue("upsert", key, now=AS_OF, error="HTTP 503")
    outcomes = {
        "a": SyncOutcome("done"),
        "b": SyncOutcome("retry", "HTTP 502"),
        "c": SyncOutcome("failed", "HTTP 400"),
        "d": SyncOutcome("pending", "still running"),
    }

    async def replay(row: OutboxRow) -> SyncOutcome:
        return outcomes[row.doc_key]

    report = await drain_outbox(ledger, replay, now=AS_OF + timedelta(minutes=1), allow=lambda: True)

    rows = {row.doc_key: (row.attempts, row.state, row.last_error) for row in await ledger.rows()}
    assert report == DrainReport(done=1, rescheduled=2, failed=1)
    assert rows == {
        "b": (2, "pending", "HTTP 502"),
        "c": (2, "failed", "HTTP 400"),
        "d": (2, "pending", "still running"),
    }


async def test_draining_stops_when_citex_goes_down_midway(ledger: CitexLedger) -> None:
    for key in ("a", "b"):
        await ledger.enqueue("upsert", key, now=AS_OF, error="HTTP 503")
    allowed = [True, False]

    async def replay(row: OutboxRow) -> SyncOutcome:
        return SyncOutcome("done")

    report = await drain_outbox(
        ledger, replay, now=AS_OF + timedelta(minutes=1), allow=lambda: allowed.pop(0)
    )

    assert report == DrainReport(done=1, stopped=True)
    assert [row.doc_key for row in await ledger.rows()] == ["b"]


async def test_the_ledger_remembers_what_citex_holds_per_project(ledger: CitexLedger) -> None:
    synced = SyncRecord("jira:ALPHA-142", "p-alpha", "p-alpha", "doc-1", "job-1", "h1", "synced")
    gone = SyncRecord("jira:ALPHA-143", "p-alpha", "p-alpha", "doc-2", "job-2", "h2", "tombstoned")
    await ledger.put(synced)
    await ledger.put(gone)

    assert await ledger.records(["jira:ALPHA-142", "jira:NOPE-1"]) == {"jira:ALPHA-142": synced}
    assert await ledger.tombstoned(["jira:ALPHA-142", "jira:ALPHA-143"]) == {"jira:ALPHA-143"}
    assert await ledger.projects() == [("p-alpha", "p-alpha")]
    await ledger.forget_project("p-alpha")
    assert await ledger.keys_in_project("p-alpha") == []
