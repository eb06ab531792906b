"""Connections to `knowledge.db`: one writer behind a lock, a small pool of readers (10 rule 19).

All database work runs in worker threads (`asyncio.to_thread`) so the event loop stays free; a
write function runs inside `BEGIN IMMEDIATE … COMMIT` and rolls back as a whole on any error.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from chiefops.errors import DependencyDown
from chiefops.knowledge.embedded.schema import check_integrity, connect, create_schema

T = TypeVar("T")
READERS = 4


class KnowledgeDB:
    """Owns the connections of one `knowledge.db` file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._opened: list[sqlite3.Connection] = []
        self._open_lock = threading.Lock()
        self._activity = threading.Condition()
        self._busy = 0
        self._closed = False
        self.problem: str | None = None

    def open(self) -> None:
        """Create or open the file and its schema; a corrupt file is recorded in `problem`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._closed = False
        try:
            writer = connect(self.path)
            issue = check_integrity(writer)
            if issue is None:
                create_schema(writer)
        except sqlite3.DatabaseError as exc:
            self.problem = f"{self.path.name} cannot be opened: {exc}"
            return
        if issue is not None:
            writer.close()
            self.problem = f"{self.path.name} failed its integrity check: {issue}"
            return
        self._writer = writer
        self._opened.append(writer)

    def close(self) -> None:
        """Close every connection once the operations still running in worker threads are done."""
        with self._activity:
            self._closed = True
            self._activity.wait_for(lambda: self._busy == 0)
        while not self._readers.empty():
            self._readers.get_nowait()
        for conn in self._opened:
            conn.close()
        self._opened.clear()
        self._writer = None

    def _require(self) -> sqlite3.Connection:
        if self._writer is None:
            reason = self.problem or "the knowledge index is not open"
            raise DependencyDown(
                f"Knowledge index unavailable: {reason}. Rebuild it with `chiefops knowledge rebuild` "
                "(or POST /api/v1/knowledge/reindex with all=true).",
                details={"path": str(self.path)},
            )
        return self._writer

    @contextmanager
    def _operation(self) -> Iterator[None]:
        with self._activity:
            if self._closed:
                raise DependencyDown("Knowledge index is closed (the application is shutting down).")
            self._busy += 1
        try:
            yield
        finally:
            with self._activity:
                self._busy -= 1
                self._activity.notify_all()

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        self._require()
        try:
            conn = self._readers.get_nowait()
        except queue.Empty:
            with self._open_lock:
                conn = connect(self.path)
                self._opened.append(conn)
        try:
            yield conn
        finally:
            self._readers.put(conn)

    def run_write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` in one write transaction (blocking; call from a worker thread)."""
        conn = self._require()
        with self._operation(), self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    def run_read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` on a reader connection (blocking; call from a worker thread)."""
        with self._operation(), self._reader() as conn:
            return fn(conn)

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.run_write, fn)

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.run_read, fn)

    def reset_file(self) -> None:
        """Delete the database files and start empty (used to recover from a corrupt file)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.problem = None
        self.open()
