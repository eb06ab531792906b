"""Pending Citex writes and what Citex holds, kept in the embedded `knowledge.db` (spec 03 §5 Outbox).

`outbox` (created by the embedded schema): one row per doc whose Citex write failed — op `upsert` |
`delete`, attempts, next attempt, last error. Retries after 30 s, 2 min, 10 min, 1 h, then hourly;
after 48 attempts the row is `failed`; a permanent refusal (4xx) fails at once with the server's
message. `citex_docs` (this module's table): doc_key → Citex document id, project, content hash,
state `synced` | `pending_job` | `tombstoned`. `drain_outbox(now=…)` replays the due rows; the time is
always a parameter, never read here.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field

from chiefops.knowledge.embedded.schema import connect
from chiefops.models import Model, UtcDatetime
from chiefops.models.base import format_utc

T = TypeVar("T")
Op = Literal["upsert", "delete"]
SyncState = Literal["synced", "pending_job", "tombstoned"]
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
MAX_ATTEMPTS = 48
PENDING, FAILED = "pending", "failed"
_ERROR_CHARS = 500

_DDL = """
CREATE TABLE IF NOT EXISTS citex_docs (
    doc_key TEXT PRIMARY KEY,
    project_id TEXT,
    citex_project TEXT NOT NULL,
    citex_doc_id TEXT,
    job_id TEXT,
    content_hash TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS citex_docs_project ON citex_docs (citex_project);
"""


def next_attempt_at(attempts: int, *, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed tries: +30 s, 2 min, 10 min, 1 h, then hourly; None after 48."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


@dataclass(frozen=True)
class OutboxRow:
    id: int
    op: Op
    doc_key: str
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    state: str


@dataclass(frozen=True)
class SyncRecord:
    """What Citex holds for one doc."""

    doc_key: str
    project_id: str | None
    citex_project: str
    citex_doc_id: str | None
    job_id: str | None
    content_hash: str
    state: SyncState


class OutboxFailure(Model):
    doc_key: str
    op: Op
    attempts: int
    last_error: str | None = None


class OutboxSummary(Model):
    """Queue and failures for `GET /api/v1/knowledge/status`."""

    pending: int = 0
    failed: int = 0
    failures: list[OutboxFailure] = Field(default_factory=list)
    next_attempt_at: UtcDatetime | None = None


class CitexLedger:
    """The outbox and the Citex catalogue, on its own connection to `knowledge.db` (worker threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    async def open(self) -> None:
        await asyncio.to_thread(self._open)

    def _open(self) -> None:
        conn = connect(self.path)
        conn.executescript(_DDL)
        self._conn = conn

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await asyncio.to_thread(conn.close)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._run_sync, fn)

    def _run_sync(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._conn is None:
            raise RuntimeError("CitexLedger used before open()")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return result

    # --- outbox ------------------------------------------------------------------------------------

    async def enqueue(self, op: Op, doc_key: str, *, now: datetime, error: str, failed: bool = False) -> None:
        """Queue a write that just failed (one row per doc: a newer intent replaces an older one)."""
        due = None if failed else next_attempt_at(1, now=now)
        await self._run(
            partial(_replace_row, op=op, doc_key=doc_key, due=due, error=error, now=now, failed=failed)
        )

    async def clear_key(self, doc_key: str) -> None:
        await self._run(lambda c: c.execute("DELETE FROM outbox WHERE doc_key = ?", (doc_key,)))

    async def due(self, *, now: datetime, limit: int = 100) -> list[OutboxRow]:
        """Pending rows whose time has come, oldest first."""
        rows = await self._run(
            lambda c: c.execute(
                "SELECT id, op, doc_key, attempts, next_attempt_at, last_error, state FROM outbox "
                "WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                (PENDING, format_utc(now), limit),
            ).fetchall()
        )
        return [OutboxRow(*row) for row in rows]

    async def rows(self) -> list[OutboxRow]:
        rows = await self._run(
            lambda c: c.execute(
                "SELECT id, op, doc_key, attempts, next_attempt_at, last_error, state FROM outbox ORDER BY id"
            ).fetchall()
        )
        return [OutboxRow(*row) for row in rows]

    async def done(self, row: OutboxRow) -> None:
        await self._run(lambda c: c.execute("DELETE FROM outbox WHERE id = ?", (row.id,)))

    async def reschedule(self, row: OutboxRow, *, now: datetime, error: str) -> None:
        """Count a failed attempt: the next try per the schedule, or `failed` after 48."""
        attempts = row.attempts + 1
        due = next_attempt_at(attempts, now=now)
        await self._run(
            lambda c: c.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? WHERE id = ?",
                (
                    attempts,
                    format_utc(due) if due else None,
                    error[:_ERROR_CHARS],
                    PENDING if due else FAILED,
                    row.id,
                ),
            )
        )

    async def fail(self, row: OutboxRow, *, error: str) -> None:
        """A permanent refusal: the row fails at once with the server's message."""
        await self._run(
            lambda c: c.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = NULL, last_error = ?, state = ? WHERE id = ?",
                (row.attempts + 1, error[:_ERROR_CHARS], FAILED, row.id),
            )
        )

    async def rearm(self, *, now: datetime) -> int:
        """`POST /api/v1/knowledge/outbox/retry`: failed rows are due again with a fresh count."""
        return await self._run(
            lambda c: (
                c.execute(
                    "UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ? WHERE state = ?",
                    (PENDING, format_utc(now), FAILED),
                ).rowcount
            )
        )

    async def summary(self) -> OutboxSummary:
        return await self._run(_summary)

    # --- what Citex holds -----------------------------------------------------------------------------

    async def records(self, doc_keys: Sequence[str]) -> dict[str, SyncRecord]:
        return await self._run(partial(_records, keys=list(doc_keys)))

    async def put(self, record: SyncRecord) -> None:
        await self._run(
            lambda c: c.execute(
                "INSERT INTO citex_docs (doc_key, project_id, citex_project, citex_doc_id, job_id, content_hash, "
                "state) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_key) DO UPDATE SET "
                "project_id = excluded.project_id, citex_project = excluded.citex_project, "
                "citex_doc_id = excluded.citex_doc_id, job_id = excluded.job_id, "
                "content_hash = excluded.content_hash, state = excluded.state",
                (
                    record.doc_key,
                    record.project_id,
                    record.citex_project,
                    record.citex_doc_id,
                    record.job_id,
                    record.content_hash,
                    record.state,
                ),
            )
        )

    async def forget(self, doc_keys: Sequence[str]) -> None:
        keys = [(k,) for k in doc_keys]
        await self._run(lambda c: c.executemany("DELETE FROM citex_docs WHERE doc_key = ?", keys))

    async def tombstoned(self, doc_keys: Sequence[str]) -> set[str]:
        """The keys among `doc_keys` whose Citex copy could not be deleted (their hits are dropped)."""
        records = await self.records(doc_keys)
        return {key for key, record in records.items() if record.state == "tombstoned"}

    async def keys_in_project(self, citex_project: str) -> list[str]:
        rows = await self._run(
            lambda c: c.execute(
                "SELECT doc_key FROM citex_docs WHERE citex_project = ? ORDER BY doc_key", (citex_project,)
            ).fetchall()
        )
        return [str(r[0]) for r in rows]

    async def forget_project(self, citex_project: str) -> None:
        await self._run(
            lambda c: c.execute("DELETE FROM citex_docs WHERE citex_project = ?", (citex_project,))
        )

    async def projects(self) -> list[tuple[str, str | None]]:
        """(Citex project, ChiefOps project) pairs that hold docs."""
        rows = await self._run(
            lambda c: c.execute(
                "SELECT DISTINCT citex_project, project_id FROM citex_docs ORDER BY citex_project, project_id"
            ).fetchall()
        )
        return [(str(r[0]), r[1]) for r in rows]


def _replace_row(
    conn: sqlite3.Connection,
    *,
    op: Op,
    doc_key: str,
    due: datetime | None,
    error: str,
    now: datetime,
    failed: bool,
) -> None:
    conn.execute("DELETE FROM outbox WHERE doc_key = ?", (doc_key,))
    conn.execute(
        "INSERT INTO outbox (op, doc_key, attempts, next_attempt_at, last_error, state, created_at) "
        "VALUES (?, ?, 1, ?, ?, ?, ?)",
        (
            op,
            doc_key,
            format_utc(due) if due else None,
            error[:_ERROR_CHARS],
            FAILED if failed else PENDING,
            format_utc(now),
        ),
    )


def _records(conn: sqlite3.Connection, *, keys: list[str]) -> dict[str, SyncRecord]:
    found: dict[str, SyncRecord] = {}
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        rows = conn.execute(
            "SELECT doc_key, project_id, citex_project, citex_doc_id, job_id, content_hash, state FROM citex_docs "
            f"WHERE doc_key IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update({str(r[0]): SyncRecord(*r) for r in rows})
    return found


def _summary(conn: sqlite3.Connection) -> OutboxSummary:
    counts = dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    failures = [
        OutboxFailure(doc_key=r[0], op=r[1], attempts=r[2], last_error=r[3])
        for r in conn.execute(
            "SELECT doc_key, op, attempts, last_error FROM outbox WHERE state = ? ORDER BY id LIMIT 50",
            (FAILED,),
        )
    ]
    nxt = conn.execute("SELECT min(next_attempt_at) FROM outbox WHERE state = ?", (PENDING,)).fetchone()[0]
    return OutboxSummary(
        pending=int(counts.get(PENDING, 0)),
        failed=int(counts.get(FAILED, 0)),
        failures=failures,
        next_attempt_at=datetime.fromisoformat(nxt) if nxt else None,
    )


# --- the worker ---------------------------------------------------------------------------------------

Outcome = Literal["done", "pending", "retry", "failed"]


@dataclass(frozen=True)
class SyncOutcome:
    """How one Citex write went: done, accepted but still running, worth retrying, or refused for good."""

    status: Outcome
    error: str = ""


Replay = Callable[[OutboxRow], Awaitable[SyncOutcome]]


@dataclass(frozen=True)
class DrainReport:
    done: int = 0
    rescheduled: int = 0
    failed: int = 0
    stopped: bool = False


async def drain_outbox(
    ledger: CitexLedger, replay: Replay, *, now: datetime, allow: Callable[[], bool], limit: int = 100
) -> DrainReport:
    """Replay the rows due at `now`; stop as soon as `allow()` says Citex is down (breaker open)."""
    done = rescheduled = failed = 0
    for row in await ledger.due(now=now, limit=limit):
        if not allow():
            return DrainReport(done=done, rescheduled=rescheduled, failed=failed, stopped=True)
        outcome = await replay(row)
        if outcome.status == "done":
            await ledger.done(row)
            done += 1
        elif outcome.status == "failed":
            await ledger.fail(row, error=outcome.error)
            failed += 1
        else:
            await ledger.reschedule(row, now=now, error=outcome.error)
            rescheduled += 1
    return DrainReport(done=done, rescheduled=rescheduled, failed=failed)
