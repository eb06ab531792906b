"""On-disk spools: one JSON-lines file per unit between parsing and writing (spec 02 §9).

A parser's items are appended to `<data dir>/spool/<job>/<unit>.jsonl` while the unit is parsed, so
memory stays bounded whatever the input's size. A unit that fails discards its spool: nothing of it
reaches the Store. The writer reads a finished spool back in batches of plain JSON documents.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from chiefops.ingest.units import SpoolItem

SpoolDoc = dict[str, Any]
"""One spool line as parsed JSON: `{"kind": "message", "doc": {...}}` (see `units.SpoolItem`).

The writer keeps items in this JSON form instead of re-validating them into models: they were
built as models by the parser and are validated once more by the Store when written."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def job_spool_dir(data_dir: Path, job_id: str) -> Path:
    return data_dir / "spool" / job_id


def unit_spool_path(data_dir: Path, job_id: str, *, file_id: str, unit_key: str) -> Path:
    """A file name safe on every OS, unique per (file, unit), readable in a directory listing."""
    digest = hashlib.sha256(f"{file_id}\0{unit_key}".encode()).hexdigest()[:12]
    readable = _UNSAFE.sub("_", unit_key)[:60]
    return job_spool_dir(data_dir, job_id) / f"{readable}-{digest}.jsonl"


class SpoolWriter:
    """Appends items to a unit's spool; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items = 0
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> SpoolWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("wb")
        return self

    def __exit__(self, *_: object) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def append(self, item: SpoolItem) -> None:
        assert self._handle is not None, "SpoolWriter used outside its `with` block"
        self._handle.write(item.model_dump_json().encode())
        self._handle.write(b"\n")
        self.items += 1


def read_batches(path: Path, *, size: int) -> Iterator[list[SpoolDoc]]:
    """The spool's items in file order, `size` at a time."""
    batch: list[SpoolDoc] = []
    with path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            batch.append(orjson.loads(line))
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def discard(path: Path) -> None:
    """Remove one unit's spool (missing is fine: a failed unit may not have written one)."""
    path.unlink(missing_ok=True)


def discard_job(data_dir: Path, job_id: str) -> None:
    """Remove every spool of a job."""
    shutil.rmtree(job_spool_dir(data_dir, job_id), ignore_errors=True)
