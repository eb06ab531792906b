"""What every part of a unit's write shares: the store, the job, the clock stamp and the caches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chiefops.ingest.projects import ProjectResolver
from chiefops.ingest.record_ops import Doc
from chiefops.ingest.tally import UnitTally
from chiefops.ingest.write_state import PeopleIndex
from chiefops.knowledge.optout import OptOutMatcher
from chiefops.models import format_utc
from chiefops.store import Store

LOOKUP_CHUNK = 1000
"""Keys per bulk lookup: existing keys and hashes are read one query per 1,000 records (02 §8)."""


_DATED = frozenset({"timestamp", "edited_at", "updated_date", "created_at", "updated_at", "modified_date"})


def text_of(value: Any) -> Any:
    """A projected value in the records' JSON form (rows hold datetimes as `datetime`)."""
    return format_utc(value) if isinstance(value, datetime) else value


@dataclass
class UnitContext:
    store: Store
    job_id: str
    now: str
    matcher: OptOutMatcher
    tally: UnitTally
    people: PeopleIndex
    projects: ProjectResolver
    prefixes: set[str]

    async def lookup(self, collection: str, keys: list[str], *, fields: list[str]) -> dict[str, Doc]:
        """Stored rows by natural key (only `fields`, datetimes as JSON text)."""
        found: dict[str, Doc] = {}
        coll = self.store.collection(collection)
        dated = any(f in _DATED for f in fields)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            for row in await coll.find_fields({"natural_key": {"$in": chunk}}, fields=fields):
                found[str(row["natural_key"])] = {k: text_of(v) for k, v in row.items()} if dated else row
        return found

    async def load_docs(self, collection: str, keys: list[str]) -> dict[str, Doc]:
        """Whole stored documents by natural key, in JSON form."""
        found: dict[str, Doc] = {}
        coll = self.store.collection(collection)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            for record in await coll.find({"natural_key": {"$in": keys[start : start + LOOKUP_CHUNK]}}):
                doc = record.model_dump(mode="json")
                found[str(doc["natural_key"])] = doc
        return found
