"""Which process owns which ingestion job (spec 02 §14 "safe beside a running serve", §15 recovery).

The process that queues (or recovers) a job holds an exclusive `flock` on
`<data dir>/locks/jobs/<job_id>.lock` until the job ends; the operating system drops it when that
process dies, even on SIGKILL. Start-up recovery touches a `processing` or `queued` job only once it
holds that lock, so a second `serve` or a CLI `ingest` on the same data dir never interrupts, or runs
a second time, a job that a live process is running.

`flock` locks belong to an open file description, so two containers in one process exclude each other
just as two processes do (the tests rely on it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path


def job_locks_dir(data_dir: Path) -> Path:
    return data_dir / "locks" / "jobs"


class JobLocks:
    """The job locks this service holds; owns their file descriptors."""

    def __init__(self, data_dir: Path) -> None:
        self._dir = job_locks_dir(data_dir)
        self._held: dict[str, int] = {}

    def acquire(self, job_id: str) -> bool:
        """Take the job's lock without waiting; False while another process or service holds it."""
        if job_id in self._held:
            return True
        self._dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._dir / f"{job_id}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._held[job_id] = fd
        return True

    def release(self, job_id: str) -> None:
        """The job ended (or is not ours to run): drop its lock and its lock file."""
        fd = self._held.pop(job_id, None)
        if fd is None:
            return
        # Unlinked while still held; a process that opens the name afterwards locks a new file and
        # then re-reads the job, which has ended by then (recovery checks the status under the lock).
        with contextlib.suppress(FileNotFoundError):
            (self._dir / f"{job_id}.lock").unlink()
        os.close(fd)

    def release_all(self) -> None:
        for job_id in list(self._held):
            self.release(job_id)
