"""Post-ingest hooks (spec 02 §11 stages `resolving_people` and `analyzing`).

Areas above ingestion (the people resolver, intel recompute, alert evaluation) register async
callables in the container; ingestion calls them with the job after its records are written. With
none registered the stage completes at once and the job's stage event says so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from chiefops.models import IngestionJob

IngestHook = Callable[[IngestionJob], Awaitable[None]]


@dataclass
class IngestHooks:
    resolving_people: list[IngestHook] = field(default_factory=list)
    analyzing: list[IngestHook] = field(default_factory=list)
