"""SQLite under asyncio: one writer thread owning the only write connection, a pool of readers.

Writes are queued to the writer; each runs inside `BEGIN IMMEDIATE … COMMIT` (rolled back on any
error). `transaction()` opens one write transaction that every write issued inside it (found through
a context variable, so tasks spawned inside inherit it) joins as a SAVEPOINT; nested
`transaction()` blocks are savepoints too. While a transaction is open the writer runs only its
jobs; other writes wait their turn, in order. Reads run on reader connections in a thread pool,
except inside a transaction, where they go to the writer so they see its uncommitted writes.

Per-collection data versions live in a table (raised in the same transaction as the write) and in
memory (refreshed from the table after each commit).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from chiefops.store.base import StoreError, StoreUnavailable
from chiefops.store.sqlite_schema import VERSIONS_TABLE

T = TypeVar("T")

_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR",
                "SQLITE_CANTOPEN", "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_PERM")  # fmt: skip
_WRITER_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA journal_size_limit=67108864",
)
_READER_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA cache_size=-16384",
    "PRAGMA mmap_size=268435456",
    "PRAGMA query_only=ON",
)


_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def open_failed(error: BaseException, path: Path) -> StoreUnavailable:
    """`StoreUnavailable` for a database that cannot be opened, saying what to do about it."""
    if isinstance(error, StoreUnavailable) and isinstance(error.__cause__, sqlite3.Error):
        error = error.__cause__
    name = getattr(error, "sqlite_errorname", "") or ""
    if isinstance(error, OSError):
        cause, name = error.strerror or str(error), type(error).__name__
    else:
        cause = str(error)
    if name.startswith(_DAMAGED):
        hint = (
            "the file is damaged or is not a ChiefOps database — restore it from a backup, or move it"
            " away and ChiefOps starts with an empty one"
        )
    else:
        hint = "check free disk space and that this user may write to CHIEFOPS_DATA_DIR, then retry"
    return StoreUnavailable(
        f"Cannot open the database {path}: {cause}{f' ({name})' if name else ''}; {hint}",
        details={"path": str(path), "error": name or type(error).__name__},
    )


def unavailable(error: sqlite3.Error, path: Path) -> Exception:
    """`StoreUnavailable` for errors about the database file itself (full, locked, read-only …)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(_UNAVAILABLE):
        return StoreUnavailable(
            f"SQLite database {path} cannot be used: {error} ({name}); check free disk space, "
            "permissions and that no other process holds it",
            details={"path": str(path), "sqlite_error": name},
        )
    return error


@dataclass
class WriteContext:
    """What a write job gets: the writer connection and a way to mark collections changed."""

    conn: sqlite3.Connection
    touched: set[str] = field(default_factory=set)

    def bump(self, collection: str) -> None:
        """Raise `collection`'s data version in this transaction."""
        self.conn.execute(
            f"UPDATE {VERSIONS_TABLE} SET version = version + 1 WHERE collection = ?", (collection,)
        )
        self.touched.add(collection)


@dataclass(eq=False)
class _Txn:
    depth: int = 0
    closed: bool = False
    touched: set[str] = field(default_factory=set)


JobKind = Literal["write", "read", "begin", "commit", "rollback", "stop"]


@dataclass(eq=False)
class _Job:
    kind: JobKind
    fn: Callable[[Any], Any] | None
    txn: _Txn | None
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


class SQLiteEngine:
    """Owns the connections and threads of one database file."""

    def __init__(self, path: Path, *, readers: int = 4) -> None:
        self.path = path
        self.versions: dict[str, int] = {}
        self._reader_count = readers
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._readers: list[sqlite3.Connection] = []
        self._txn: contextvars.ContextVar[_Txn | None] = contextvars.ContextVar(
            f"chiefops_txn_{id(self)}", default=None
        )

    @property
    def is_open(self) -> bool:
        return self._thread is not None

    async def open(self, setup: Callable[[WriteContext], None]) -> None:
        """Start the writer, run `setup` in one transaction, open the readers, load versions.

        Any failure closes what was opened and raises `StoreUnavailable` naming the file and its
        real cause (a corrupt file, a read-only folder …), never the shutdown's own "closed".
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise open_failed(error, self.path) from error
        self._thread = threading.Thread(target=self._run, name=f"sqlite-writer:{self.path.name}", daemon=True)
        self._thread.start()
        try:
            await self._submit(_Job("write", setup, None))
            for _ in range(self._reader_count):
                conn = self._connect(check_same_thread=False)
                for pragma in _READER_PRAGMAS:
                    conn.execute(pragma)
                self._readers.append(conn)
                self._idle.put(conn)
            self._pool = concurrent.futures.ThreadPoolExecutor(
                self._reader_count, thread_name_prefix="sqlite-reader"
            )
            rows = await self.read(
                lambda c: c.execute(f"SELECT collection, version FROM {VERSIONS_TABLE}").fetchall()
            )
        except (sqlite3.Error, OSError, StoreUnavailable) as error:
            await self.close()
            raise open_failed(error, self.path) from error
        except BaseException:
            await self.close()
            raise
        self.versions = {name: int(version) for name, version in rows}

    async def close(self) -> None:
        """Stop the writer (rolling back an unfinished transaction) and close every connection."""
        thread, self._thread = self._thread, None
        if thread is not None:
            job = _Job("stop", None, None)
            self._queue.put(job)
            await asyncio.wrap_future(job.future)
            await asyncio.to_thread(thread.join)
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, True)
        for conn in self._readers:
            conn.close()
        self._readers.clear()
        self._idle = queue.SimpleQueue()

    # --- public async doors ---------------------------------------------------------------------

    async def write(self, fn: Callable[[WriteContext], T]) -> T:
        """Run `fn` on the writer inside a transaction (or a savepoint of the open transaction)."""
        result: T = await self._submit(_Job("write", fn, self._current()))
        return result

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` on a reader connection (on the writer inside a transaction)."""
        txn = self._current()
        if txn is not None:
            routed: T = await self._submit(_Job("read", fn, txn))
            return routed
        if self._pool is None:
            raise StoreUnavailable(f"SQLite store {self.path} is closed; start() it first")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._with_reader, fn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """All writes inside are one all-or-nothing unit; nested blocks are savepoints."""
        txn = self._current() or _Txn()
        await self._submit(_Job("begin", None, txn))
        token = self._txn.set(txn)
        try:
            yield
        except BaseException:
            await self._submit(_Job("rollback", None, txn))
            raise
        else:
            await self._submit(_Job("commit", None, txn))
        finally:
            self._txn.reset(token)

    # --- internals -------------------------------------------------------------------------------

    def _current(self) -> _Txn | None:
        txn = self._txn.get()
        if txn is not None and txn.closed:
            raise StoreError("a write was issued in a store transaction that has already finished")
        return txn

    async def _submit(self, job: _Job) -> Any:
        if self._thread is None:
            raise StoreUnavailable(f"SQLite store {self.path} is closed; start() it first")
        self._queue.put(job)
        if job.kind in ("begin", "commit", "rollback"):
            return await asyncio.shield(asyncio.wrap_future(job.future))
        return await asyncio.wrap_future(job.future)

    def _connect(self, *, check_same_thread: bool) -> sqlite3.Connection:
        try:
            return sqlite3.connect(
                self.path,
                isolation_level=None,
                check_same_thread=check_same_thread,
                timeout=30,
                cached_statements=512,
            )
        except sqlite3.Error as error:
            raise unavailable(error, self.path) from error

    def _with_reader(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._idle.get()
        try:
            return fn(conn)
        except sqlite3.Error as error:
            raise unavailable(error, self.path) from error
        finally:
            self._idle.put(conn)

    def _run(self) -> None:
        try:
            conn = self._connect(check_same_thread=True)
            for pragma in _WRITER_PRAGMAS:
                conn.execute(pragma)
        except BaseException as error:
            self._drain(error)
            return
        _Writer(conn, self).loop()
        conn.close()

    def _drain(self, error: BaseException) -> None:
        """The writer connection never opened: every job gets that error; the stop job just ends."""
        while True:
            job = self._queue.get()
            if job.kind == "stop":
                job.future.set_result(None)
                return
            if not job.future.done():
                job.future.set_exception(error)


class _Writer:
    """The writer thread's loop: runs jobs in order, holding back outsiders during a transaction."""

    def __init__(self, conn: sqlite3.Connection, engine: SQLiteEngine) -> None:
        self.conn = conn
        self.engine = engine
        self.active: _Txn | None = None
        self.deferred: deque[_Job] = deque()

    def loop(self) -> None:
        while True:
            job = (
                self.deferred.popleft() if self.active is None and self.deferred else self.engine._queue.get()
            )
            if job.kind == "stop":
                self._stop(job)
                return
            if self.active is not None and job.txn is not self.active:
                self.deferred.append(job)
                continue
            control = job.kind in ("begin", "commit", "rollback")
            if not control and not job.future.set_running_or_notify_cancel():
                continue
            try:
                result = self._execute(job)
            except BaseException as error:
                mapped = unavailable(error, self.engine.path) if isinstance(error, sqlite3.Error) else error
                if not job.future.done():
                    job.future.set_exception(mapped)
            else:
                if not job.future.done():
                    job.future.set_result(result)

    def _stop(self, job: _Job) -> None:
        if self.active is not None:
            self.conn.execute("ROLLBACK")
            self.active.closed = True
        closed = StoreUnavailable(f"SQLite store {self.engine.path} was closed before this write ran")
        for pending in self.deferred:
            if not pending.future.done():
                pending.future.set_exception(closed)
        job.future.set_result(None)

    def _execute(self, job: _Job) -> Any:
        conn, txn = self.conn, job.txn
        if job.kind == "read":
            assert job.fn is not None
            return job.fn(conn)
        if job.kind == "write":
            assert job.fn is not None
            return self._write(job.fn, txn)
        assert txn is not None
        if job.kind == "begin":
            conn.execute("BEGIN IMMEDIATE" if txn.depth == 0 else f"SAVEPOINT t{txn.depth}")
            txn.depth += 1
            self.active = txn
            return None
        txn.depth -= 1
        if txn.depth > 0:
            if job.kind == "rollback":
                conn.execute(f"ROLLBACK TO t{txn.depth}")
            conn.execute(f"RELEASE t{txn.depth}")
            return None
        self.active = None
        txn.closed = True
        if job.kind == "rollback":
            conn.execute("ROLLBACK")
            return None
        try:
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._refresh(txn.touched)
        return None

    def _write(self, fn: Callable[[WriteContext], Any], txn: _Txn | None) -> Any:
        ctx = WriteContext(self.conn)
        self.conn.execute("SAVEPOINT w" if txn else "BEGIN IMMEDIATE")
        try:
            result = fn(ctx)
            self.conn.execute("RELEASE w" if txn else "COMMIT")
        except BaseException:
            if txn:
                self.conn.execute("ROLLBACK TO w")
                self.conn.execute("RELEASE w")
            else:
                self.conn.execute("ROLLBACK")
            raise
        if txn is not None:
            txn.touched |= ctx.touched
        else:
            self._refresh(ctx.touched)
        return result

    def _refresh(self, touched: set[str]) -> None:
        for name in touched:
            row = self.conn.execute(
                f"SELECT version FROM {VERSIONS_TABLE} WHERE collection = ?", (name,)
            ).fetchone()
            if row is not None:
                self.engine.versions[name] = int(row[0])
