"""People upserts by source reference (spec 02 §4.6).

A parsed person carries a provisional id and its source references. The stored person carrying one
of those references receives the update (a person `intel` merged keeps every reference, so it is
found again and never duplicated); otherwise the person is created with the provisional id.

Merge rules: a non-empty stored value is never replaced by an empty one; a COO-corrected role or a
COO rename (the old name kept in `aliases`) is never overwritten; profile fields are refreshed only
from the source the person came from (the first of its `source_ids`), other sources only fill gaps —
ingestion never merges across sources, and two sources never take turns overwriting a name;
`last_active_date` keeps the newest value; a placeholder never downgrades a real profile.
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.ingest.record_ops import Doc
from chiefops.ingest.tally import UnitTally
from chiefops.ingest.units import person_ref_id
from chiefops.ingest.write_state import PeopleIndex
from chiefops.models import Person
from chiefops.models.enums import SourceSystem
from chiefops.store import Store

PROFILE_FIELDS = ("name", "email", "avatar_url", "title_hint", "timezone", "department")
SOURCE_FIELDS = {"slack": ("slack_user_id",), "jira": ("jira_username",), "gdrive": ()}
FLAG_FIELDS = ("is_bot", "is_deactivated")


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _source_of(doc: Doc) -> str | None:
    refs = doc.get("source_ids") or []
    return str(refs[0]["source"]) if refs else None


def _union(stored: list[object], incoming: list[object]) -> list[object]:
    return stored + [item for item in incoming if item not in stored]


def merge_person(stored: Doc, incoming: Doc, *, now: str) -> Doc | None:
    """The stored person refreshed from a parsed one, or None when nothing changes."""
    merged = dict(stored)
    merged["source_ids"] = _union(
        list(stored.get("source_ids") or []), list(incoming.get("source_ids") or [])
    )
    merged["handles"] = _union(list(stored.get("handles") or []), list(incoming.get("handles") or []))
    merged["last_active_date"] = max(stored["last_active_date"], incoming["last_active_date"])
    if not (incoming.get("is_placeholder") and not stored.get("is_placeholder")):
        _refresh_profile(merged, stored, incoming)
    if merged == stored:
        return None
    merged["updated_at"] = now
    return merged


def _refresh_profile(merged: Doc, stored: Doc, incoming: Doc) -> None:
    source = _source_of(incoming)
    owns = source is not None and source == (_source_of(stored) or source)
    renamed_by_coo = incoming.get("name") in (stored.get("aliases") or [])
    for name in PROFILE_FIELDS:
        value = incoming.get(name)
        if _empty(value) or (name == "name" and renamed_by_coo):
            continue
        if _empty(stored.get(name)) or owns:
            merged[name] = value
    for name in SOURCE_FIELDS.get(source or "", ()):
        if not _empty(incoming.get(name)):
            merged[name] = incoming[name]
    if owns:
        for name in FLAG_FIELDS:
            merged[name] = bool(incoming.get(name))
    if stored.get("is_placeholder") and not incoming.get("is_placeholder"):
        merged["is_placeholder"] = False


class PeopleWriter:
    """Applies a unit's person items; keeps the unit's view of each touched person."""

    def __init__(self, store: Store, index: PeopleIndex, tally: UnitTally, *, now: str) -> None:
        self._people = store.typed(Person)
        self._index = index
        self._tally = tally
        self._now = now
        self.docs: dict[str, Doc] = {}
        self._updated: set[str] = set()

    def _target(self, doc: Doc) -> str:
        """The stored person any of the references belongs to, else the provisional id."""
        for ref in doc.get("source_ids") or []:
            found = self._index.resolve(person_ref_id(SourceSystem(ref["source"]), ref["source_id"]))
            if self._index.knows(found):
                return found
        return self._index.resolve(str(doc["person_id"]))

    async def load(self, person_ids: Sequence[str]) -> None:
        """Bring stored people into the unit's view (one query per 1,000)."""
        missing = [p for p in dict.fromkeys(person_ids) if p not in self.docs and self._index.knows(p)]
        for start in range(0, len(missing), 1000):
            for person in await self._people.find({"person_id": {"$in": missing[start : start + 1000]}}):
                self.docs[person.person_id] = person.model_dump(mode="json")

    async def apply(self, docs: Sequence[Doc]) -> None:
        targets = [self._target(doc) for doc in docs]
        await self.load(targets)
        new: dict[str, Doc] = {}
        changed: dict[str, Doc] = {}
        for doc, target in zip(docs, targets, strict=True):
            stored = self.docs.get(target)
            if stored is None:
                created = {**doc, "person_id": target, "created_at": self._now, "updated_at": self._now}
                self.docs[target] = new[target] = created
                self._index.add(target, created.get("source_ids") or [])
                self._index.last_active[target] = created["last_active_date"]
                self._index.created.add(target)
                self._tally.count("people_placeholders" if created.get("is_placeholder") else "people_new")
                continue
            merged = merge_person(stored, doc, now=self._now)
            if merged is None:
                continue
            self.docs[target] = merged
            self._index.add(target, merged.get("source_ids") or [])
            self._index.last_active[target] = merged["last_active_date"]
            (new if target in new else changed)[target] = merged
            if target not in new and target not in self._updated and target not in self._index.created:
                self._updated.add(target)
                self._tally.count("people_updated")
        await self._write(new=list(new.values()), changed=list(changed.values()))

    async def _write(self, *, new: list[Doc], changed: list[Doc]) -> None:
        if new:
            await self._people.insert_many(new)
        if changed:
            await self._people.upsert_many(changed, key="person_id")
        if new or changed:
            self._tally.written.add("people")

    async def apply_activity(self) -> None:
        """Raise `last_active_date` to each author's newest message in the unit."""
        raised = {
            person_id: stamp
            for person_id, stamp in self._tally.last_active.items()
            if self._index.knows(person_id) and stamp > self._index.last_active.get(person_id, "")
        }
        if not raised:
            return
        await self.load(list(raised))
        changed = []
        for person_id, stamp in raised.items():
            doc = {**self.docs[person_id], "last_active_date": stamp, "updated_at": self._now}
            self.docs[person_id] = doc
            self._index.last_active[person_id] = stamp
            changed.append(doc)
        await self._write(new=[], changed=changed)
