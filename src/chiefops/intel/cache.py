"""Analysis cache (spec 04 §7): canonical hashing, the on-disk stage cache, and the snapshot hash.

Every stage hashes its own inputs (its batches, the facts on its subjects, the config it reads and
the output hashes of the stages it depends on). A stage whose input hash matches its cached entry is
reused instead of recomputed. Outputs are hashed in a canonical JSON form — keys sorted, floats
rounded to 4 dp, sets sorted — so two equal results always hash alike.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

ENGINE_VERSION = "intel-1.1.0"


def jsonable(value: Any) -> Any:
    """A JSON-ready copy: models and dataclasses as dicts, sets sorted, floats to 4 dp, times in ISO."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return round(value, 4)
    if kind is list or kind is tuple:
        return [jsonable(v) for v in value]
    if kind is dict:
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    names = _dataclass_fields(kind)  # type: ignore[arg-type]  # types are hashable
    if names is not None:
        return {name: jsonable(getattr(value, name)) for name in names}
    return _jsonable_other(value)


@cache
def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def _jsonable_other(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump(mode="json"))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted(
            (jsonable(v) for v in value), key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS)
        )
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def canonical(value: Any) -> bytes:
    """Canonical JSON bytes of any analysis value (keys sorted, floats to 4 dp)."""
    return orjson.dumps(jsonable(value), option=orjson.OPT_SORT_KEYS)


def digest(*parts: Any) -> str:
    """sha256 over the canonical form of the parts, hex (first 32 characters)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else canonical(part))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def snapshot_hash(
    *, config_hash: str, batch_digests: Iterable[str], facts: Iterable[str], as_of: datetime
) -> str:
    """04 §7: sha256(engine_version ‖ config_hash ‖ sorted batch digests ‖ sorted facts ‖ as_of)."""
    return digest(ENGINE_VERSION, config_hash, sorted(batch_digests), sorted(facts), as_of.isoformat())


@dataclasses.dataclass
class CacheEntry:
    input_hash: str
    output_hash: str
    output: Any


class StageCache:
    """Stage outputs by (stage, scope), kept in memory and persisted under `<data dir>/intel/stages/`.

    Files are written by this process only and stamped with the engine version; an unreadable or
    foreign file is ignored and the stage recomputes (the cache is an optimisation, never a source).
    """

    def __init__(self, root: Path | None) -> None:
        self._root = root
        self._entries: dict[str, dict[str, CacheEntry]] = {}
        self._dirty: set[str] = set()

    def _file(self, stage: str) -> Path | None:
        return self._root / f"{stage}.pickle" if self._root else None

    def _load(self, stage: str) -> dict[str, CacheEntry]:
        if stage in self._entries:
            return self._entries[stage]
        entries: dict[str, CacheEntry] = {}
        path = self._file(stage)
        if path is not None and path.exists():
            stamp, stored = pickle.loads(path.read_bytes())
            if stamp == ENGINE_VERSION:
                entries = stored
        self._entries[stage] = entries
        return entries

    def get(self, stage: str, scope: str, input_hash: str) -> CacheEntry | None:
        entry = self._load(stage).get(scope)
        return entry if entry is not None and entry.input_hash == input_hash else None

    def peek(self, stage: str, scope: str) -> CacheEntry | None:
        """The entry of a scope whatever its inputs (the previous result, for trends)."""
        return self._load(stage).get(scope)

    def put(self, stage: str, scope: str, entry: CacheEntry) -> None:
        self._load(stage)[scope] = entry
        self._dirty.add(stage)

    def retain(self, stage: str, scopes: Iterable[str]) -> None:
        """Forget scopes that no longer exist (a project that disappeared)."""
        entries = self._load(stage)
        keep = set(scopes)
        for scope in [s for s in entries if s not in keep]:
            del entries[scope]
            self._dirty.add(stage)

    def flush(self) -> None:
        if self._root is None:
            self._dirty.clear()
            return
        self._root.mkdir(parents=True, exist_ok=True)
        for stage in sorted(self._dirty):
            path = self._file(stage)
            assert path is not None
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(
                pickle.dumps((ENGINE_VERSION, self._entries[stage]), protocol=pickle.HIGHEST_PROTOCOL)
            )
            tmp.replace(path)
        self._dirty.clear()
