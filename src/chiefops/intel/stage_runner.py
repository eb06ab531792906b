"""Runs one stage for one scope: reuse when its input hash is unchanged, else compute (spec 04 §7).

A stage that raises keeps its previous result (marked failed); when it has none, `StageFailed`
tells the dependent stages to skip. Nothing else escapes a run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from chiefops.intel.cache import ENGINE_VERSION, CacheEntry, StageCache, digest

log = logging.getLogger(__name__)
T = TypeVar("T")


class StageFailed(Exception):
    """A stage failed and has no earlier result to fall back on."""

    def __init__(self, stage: str, scope: str, error: str) -> None:
        super().__init__(f"{stage}[{scope}]: {error}")
        self.stage = stage
        self.scope = scope
        self.error = error


@dataclass
class StageRecord:
    stage: str
    scope: str
    input_hash: str
    output_hash: str
    recomputed: bool
    error: str | None = None


@dataclass
class StageRunner:
    cache: StageCache
    records: list[StageRecord] = field(default_factory=list)
    _outputs: dict[tuple[str, str], str] = field(default_factory=dict)

    def run(self, stage: str, scope: str, parts: Sequence[object], compute: Callable[[], T]) -> T:
        """The stage's output for `scope`, recomputed only when `parts` changed."""
        input_hash = digest(ENGINE_VERSION, stage, scope, *parts)
        entry = self.cache.get(stage, scope, input_hash)
        if entry is not None:
            self._done(StageRecord(stage, scope, input_hash, entry.output_hash, recomputed=False))
            result: T = entry.output
            return result
        try:
            output = compute()
        except StageFailed:
            raise
        except Exception as exc:  # the per-stage edge of 04 §7: keep the previous rows, record the failure
            log.exception("intel.stage_failed", extra={"stage": stage, "scope": scope})
            error = f"{type(exc).__name__}: {exc}"
            previous = self.cache.peek(stage, scope)
            self._done(
                StageRecord(stage, scope, input_hash, previous.output_hash if previous else "", True, error)
            )
            if previous is None:
                raise StageFailed(stage, scope, error) from exc
            kept: T = previous.output
            return kept
        output_hash = digest(output)
        self.cache.put(stage, scope, CacheEntry(input_hash, output_hash, output))
        self._done(StageRecord(stage, scope, input_hash, output_hash, recomputed=True))
        return output

    def _done(self, record: StageRecord) -> None:
        self.records.append(record)
        self._outputs[(record.stage, record.scope)] = record.output_hash

    def out(self, stage: str, scope: str = "org") -> str:
        """Output hash of a stage that ran in this run (an input part of its dependants)."""
        return self._outputs.get((stage, scope), "missing")

    @property
    def recomputed(self) -> list[str]:
        return [f"{r.stage}:{r.scope}" for r in self.records if r.recomputed and r.error is None]

    @property
    def failures(self) -> list[StageRecord]:
        return [r for r in self.records if r.error is not None]
