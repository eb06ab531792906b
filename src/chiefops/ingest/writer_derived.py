"""Derived writes that follow the records (spec 02 §4.2, §4.3, §5.5, §7, §9).

Message rollups move by the deltas a unit counted (day × project × channel × author); projects the
unit created or extended are written once; learned status pairs join the `status_map` setting
(the COO's edits win); Jira refs are back-filled on stored messages when a job brings new key
prefixes. Each is idempotent: with nothing new, nothing is written.
"""

from __future__ import annotations

from datetime import datetime

from chiefops.ingest.projects import ProjectChanges
from chiefops.ingest.record_ops import Doc, jira_prefix, midnight_of
from chiefops.ingest.tally import RollupKey, UnitTally
from chiefops.ingest.unit_context import LOOKUP_CHUNK
from chiefops.models import rollup_key_for
from chiefops.store import Store

STATUS_MAP_KEY = "status_map"
BACKFILL_PAGE = 5000


def _rollup_key(key: RollupKey) -> str:
    day, project_id, channel, author = key
    return rollup_key_for(
        day=datetime.fromisoformat(midnight_of(day)), project_id=project_id, channel=channel, author=author
    )


async def write_rollups(store: Store, tally: UnitTally, *, now: str) -> None:
    """Apply the unit's rollup deltas: add to stored rows, create missing ones, drop emptied ones."""
    deltas = {_rollup_key(key): (key, delta) for key, delta in tally.rollups.items() if delta}
    if not deltas:
        return
    rollups = store.collection("message_rollups")
    keys = sorted(deltas)
    stored: dict[str, int] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        rows = await rollups.find_fields(
            {"rollup_key": {"$in": keys[start : start + LOOKUP_CHUNK]}}, fields=["rollup_key", "count"]
        )
        stored.update({str(r["rollup_key"]): int(r["count"]) for r in rows})
    upserts: list[Doc] = []
    emptied: list[str] = []
    for rollup_key, ((day, project_id, channel, author), delta) in deltas.items():
        count = stored.get(rollup_key, 0) + delta
        if count <= 0:
            emptied += [rollup_key] if rollup_key in stored else []
            continue
        upserts.append(
            {
                "rollup_key": rollup_key,
                "day": midnight_of(day),
                "project_id": project_id,
                "channel": channel,
                "author": author,
                "count": count,
                "created_at": now,
                "updated_at": now,
            }
        )
    if upserts:
        await rollups.upsert_many(upserts)
    if emptied:
        await rollups.delete_many({"rollup_key": {"$in": emptied}})
    tally.written.add("message_rollups")


async def write_projects(store: Store, tally: UnitTally, changes: ProjectChanges) -> None:
    if not changes.docs:
        return
    await store.collection("projects").upsert_many(list(changes.docs.values()))
    tally.count("projects_new", changes.new)
    tally.count("projects_provisional", changes.provisional)
    tally.written.add("projects")


async def write_status_map(store: Store, tally: UnitTally, *, now: str) -> None:
    """Add newly learned raw status → category pairs; a stored pair (maybe the COO's) is never replaced."""
    if not tally.status_map:
        return
    settings = store.collection("settings")
    rows = await settings.find_fields({"key": STATUS_MAP_KEY}, fields=["value"])
    stored = dict(rows[0]["value"] or {}) if rows else {}
    merged = {**tally.status_map, **stored}
    if merged == stored:
        return
    await settings.upsert_many(
        [{"key": STATUS_MAP_KEY, "value": merged, "created_at": now, "updated_at": now}]
    )
    tally.written.add("settings")


async def backfill_jira_refs(store: Store, prefixes: set[str], *, now: str) -> int:
    """Set `jira_refs` on stored messages whose candidates now have a known prefix; returns messages changed.

    Pages through the messages that have any candidate, by message_id, so memory stays bounded.
    """
    messages = store.collection("messages")
    changed = 0
    after = ""
    while True:
        rows = await messages.find_fields(
            {"jira_ref_candidates": {"$gt": ""}, "message_id": {"$gt": after}},
            fields=["message_id", "jira_ref_candidates", "jira_refs"],
            sort=[("message_id", 1)],
            limit=BACKFILL_PAGE,
        )
        for row in rows:
            refs = [c for c in row["jira_ref_candidates"] or [] if jira_prefix(c) in prefixes]
            if refs != (row["jira_refs"] or []):
                await messages.update_many(
                    {"message_id": row["message_id"]}, set={"jira_refs": refs, "updated_at": now}
                )
                changed += 1
        if len(rows) < BACKFILL_PAGE:
            return changed
        after = str(rows[-1]["message_id"])
