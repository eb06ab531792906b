"""Parsing in worker processes (spec 02 §1, §9): one unit → one spool file.

`ParsePool` owns a `ProcessPoolExecutor` of `CHIEFOPS_INGEST_WORKERS` processes (forkserver start
method, so forking never copies the event loop's threads) and a progress queue drained by one thread
into the event loop. `parse_unit` runs in a worker: it streams a reader's items into the unit's
spool and reports either `ok` or the unit's failure; a failed unit's spool is discarded, so nothing of
it can be written. A unit that runs past `CHIEFOPS_INGEST_FILE_TIMEOUT_S` fails `timeout`
(recoverable); a crashing parser fails `extract_failed` (recoverable) naming only the exception class.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Literal

from chiefops.ingest.spool import SpoolWriter, discard
from chiefops.ingest.units import InputSource, ParseContext, Reader, UnitDoneItem, UnitFailed, UnitPlan
from chiefops.runtime import settle_heap

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.25
"""At most 4 progress reports per second per unit (02 §11)."""
DEADLINE_CHECK_EVERY = 256

ProgressMessage = tuple[int, int, int | None, str]
"""(token, done, total, detail) sent from a worker to the job runner."""

OnProgress = Callable[[int, int | None, str], None]


@dataclass(frozen=True)
class UnitJob:
    """Everything a worker needs to parse one unit (picklable)."""

    reader: Reader
    source: InputSource
    unit: UnitPlan
    ctx: ParseContext
    spool: Path
    timeout_s: float
    token: int = 0


@dataclass(frozen=True)
class UnitParsed:
    """A worker's verdict on one unit."""

    status: Literal["ok", "failed"]
    items: int = 0
    code: str | None = None
    reason: str | None = None
    recoverable: bool = False
    duration_s: float = 0.0


# --- worker side -------------------------------------------------------------------------------

_worker_queue: Queue[ProgressMessage | None] | None = None
"""Set by the pool's initializer inside each worker process; never in the parent."""


def _init_worker(queue: Queue[ProgressMessage | None]) -> None:
    global _worker_queue
    _worker_queue = queue
    settle_heap()  # the preloaded readers stay out of the collector's passes while units parse


def _ready() -> bool:
    """A no-op run in each new worker so its start-up is paid before the first unit."""
    return True


class _Reporter:
    """The `ProgressFn` handed to readers: throttled, and the place the unit's deadline is checked."""

    def __init__(self, job: UnitJob, deadline: float) -> None:
        self._job = job
        self._deadline = deadline
        self._last = float("-inf")

    def check_deadline(self) -> None:
        if time.monotonic() > self._deadline:
            raise UnitFailed(
                "timeout",
                f"{self._job.source.display}: parsing took longer than {self._job.timeout_s:g} s "
                "(CHIEFOPS_INGEST_FILE_TIMEOUT_S) — retry, or raise the limit for very large files",
                recoverable=True,
            )

    def __call__(self, done: int, total: int | None, detail: str) -> None:
        self.check_deadline()
        now = time.monotonic()
        if _worker_queue is None or now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        _worker_queue.put((self._job.token, done, total, detail))


def parse_unit(job: UnitJob) -> UnitParsed:
    """Parse one unit into its spool (runs in a worker process)."""
    started = time.monotonic()
    reporter = _Reporter(job, started + job.timeout_s)
    try:
        items = _spool_items(job, reporter)
    except UnitFailed as failed:
        discard(job.spool)
        return UnitParsed("failed", code=failed.code, reason=failed.reason, recoverable=failed.recoverable)
    except Exception as exc:  # 02 §13: a parser crash fails this unit only, named by its class
        discard(job.spool)
        log.exception("ingest.parse_crashed", extra={"unit": job.unit.key, "kind": job.source.kind.value})
        return UnitParsed(
            "failed",
            code="extract_failed",
            reason=f"{job.source.display}: the {job.source.kind.value} parser stopped ({type(exc).__name__})"
            " — retry the job",
            recoverable=True,
        )
    return UnitParsed("ok", items=items, duration_s=time.monotonic() - started)


def _spool_items(job: UnitJob, reporter: _Reporter) -> int:
    finished = False
    with SpoolWriter(job.spool) as spool:
        for item in job.reader.parse(job.source, job.unit, job.ctx, reporter):
            spool.append(item)
            finished = isinstance(item, UnitDoneItem)
            if spool.items % DEADLINE_CHECK_EVERY == 0:
                reporter.check_deadline()
        if not finished:
            spool.append(UnitDoneItem())
        return spool.items


# --- parent side -------------------------------------------------------------------------------


class ParsePool:
    """The job runner's door to the worker processes; created on first use, closed with the service."""

    def __init__(self, *, workers: int) -> None:
        self._workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._queue: Queue[ProgressMessage | None] | None = None
        self._drain: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listeners: dict[int, OnProgress] = {}
        self._tokens = itertools.count(1)
        self._starting: asyncio.Future[None] | None = None

    async def start(self) -> None:
        """Start the workers off the event loop (the first start imports every reader); idempotent."""
        if self._executor is not None:
            return
        if self._starting is None:
            self._loop = asyncio.get_running_loop()
            self._starting = asyncio.ensure_future(asyncio.to_thread(self._spawn))
        await asyncio.shield(self._starting)

    def _spawn(self) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["chiefops.ingest.pool", "chiefops.ingest.readers"])
        queue: Queue[ProgressMessage | None] = context.Queue()
        executor = ProcessPoolExecutor(
            max_workers=self._workers, mp_context=context, initializer=_init_worker, initargs=(queue,)
        )
        for future in [executor.submit(_ready) for _ in range(self._workers)]:
            future.result()
        self._queue, self._executor = queue, executor
        self._drain = threading.Thread(target=self._drain_progress, name="ingest-progress", daemon=True)
        self._drain.start()

    def _drain_progress(self) -> None:
        assert self._queue is not None and self._loop is not None
        queue, loop = self._queue, self._loop
        while (message := queue.get()) is not None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._deliver, message)

    def _deliver(self, message: ProgressMessage) -> None:
        token, done, total, detail = message
        listener = self._listeners.get(token)
        if listener is not None:
            listener(done, total, detail)

    async def parse(self, job: UnitJob, on_progress: OnProgress) -> UnitParsed:
        await self.start()
        assert self._executor is not None
        token = next(self._tokens)
        self._listeners[token] = on_progress
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, parse_unit, replace(job, token=token))
        except BrokenProcessPool:
            log.error("ingest.worker_died", extra={"unit": job.unit.key})
            self._reset()
            discard(job.spool)
            return UnitParsed(
                "failed",
                code="extract_failed",
                reason=f"{job.source.display}: the parsing process stopped unexpectedly — retry the job",
                recoverable=True,
            )
        finally:
            self._listeners.pop(token, None)

    def _reset(self) -> None:
        self._starting = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._stop_drain()

    def _stop_drain(self) -> None:
        if self._queue is not None:
            self._queue.put(None)  # the drain thread's stop signal
            if self._drain is not None:
                self._drain.join(timeout=5)
            self._queue.close()
        self._queue = None
        self._drain = None

    def close(self) -> None:
        """Stop the workers (waiting for running units) and the progress thread."""
        self._starting = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._stop_drain()
