"""Channel upserts and counters (spec 02 §4.2, §8).

A channel is keyed by its Slack id. A rename updates `name` and adds the old one to
`previous_names`; it never creates a second channel. Name, type, topic, purpose and flags come from
the input only when it is at least as new as what is stored (its newest message is not older than
the stored `last_ts`); members and join times are unions. `message_count`, `first_ts` and `last_ts`
move with the conversational messages the unit inserted.
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.ingest.record_ops import Doc, resolve_channel_people, ts_key
from chiefops.ingest.tally import ChannelDelta, earlier_ts, later_ts
from chiefops.ingest.unit_context import UnitContext
from chiefops.models import Channel

_FROM_NEWER = ("name", "channel_type", "topic", "purpose", "created", "creator", "is_archived")


def merge_channel(stored: Doc, incoming: Doc, *, newest_seen: str | None) -> Doc:
    """The stored channel updated from a parsed one (no counters; pure)."""
    merged = dict(stored)
    newer = stored.get("last_ts") is None or (
        newest_seen is not None and ts_key(newest_seen) >= ts_key(str(stored["last_ts"]))
    )
    if newer:
        for name in _FROM_NEWER:
            if incoming.get(name) is not None:
                merged[name] = incoming[name]
    history = {
        (p["name"], p["until_ts"]): p
        for p in [*stored.get("previous_names", []), *incoming.get("previous_names", [])]
    }
    if merged["name"] != stored["name"] and stored["name"] not in {name for name, _ in history}:
        until = newest_seen or stored.get("last_ts") or ""
        history[(stored["name"], until)] = {"name": stored["name"], "until_ts": until}
    merged["previous_names"] = sorted(history.values(), key=lambda p: ts_key(p["until_ts"] or "0"))
    merged["members"] = list(dict.fromkeys([*stored.get("members", []), *incoming.get("members", [])]))
    joined = dict(incoming.get("joined_at") or {})
    joined.update(stored.get("joined_at") or {})
    merged["joined_at"] = joined
    return merged


def apply_counters(doc: Doc, delta: ChannelDelta | None) -> Doc:
    if delta is None:
        return doc
    return {
        **doc,
        "message_count": int(doc.get("message_count") or 0) + delta.added,
        "first_ts": earlier_ts(doc.get("first_ts"), delta.first_ts),
        "last_ts": later_ts(doc.get("last_ts"), delta.last_ts),
    }


class ChannelWriter:
    """Collects a unit's channel items; writes merged channels with counters at the unit's end."""

    def __init__(self, ctx: UnitContext) -> None:
        self._ctx = ctx
        self._incoming: dict[str, Doc] = {}
        self._fallback: dict[str, Doc] = {}

    def add(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            resolve_channel_people(doc, self._ctx.people.resolve)
            previous = self._incoming.get(doc["channel_id"])
            self._incoming[doc["channel_id"]] = (
                doc if previous is None else merge_channel(previous, doc, newest_seen=None)
            )

    def note_message(self, doc: Doc) -> None:
        """A message of a channel the unit may not describe: enough to create the channel."""
        channel_id = doc.get("channel_id")
        if doc["source"] == "slack" and channel_id and channel_id not in self._fallback:
            self._fallback[channel_id] = {
                "channel_id": channel_id,
                "name": doc["channel"],
                "channel_type": doc.get("channel_type") or "public",
            }

    async def finish(self) -> None:
        ctx = self._ctx
        ids = sorted(set(self._incoming) | set(ctx.tally.channels))
        if not ids:
            return
        stored = {
            c.channel_id: c.model_dump(mode="json")
            for c in await ctx.store.typed(Channel).find({"channel_id": {"$in": ids}})
        }
        new: list[Doc] = []
        changed: list[Doc] = []
        for channel_id in ids:
            delta = ctx.tally.channels.get(channel_id)
            incoming = self._incoming.get(channel_id)
            current = stored.get(channel_id)
            if current is None:
                base = incoming or self._fallback.get(channel_id)
                if base is None:
                    continue
                new.append(self._created(base, delta))
                continue
            merged = (
                current
                if incoming is None
                else merge_channel(current, incoming, newest_seen=delta.newest_seen if delta else None)
            )
            merged = self._with_project(apply_counters(merged, delta))
            if merged != current:
                changed.append({**merged, "updated_at": ctx.now})
        await self._write(new=new, changed=changed)

    def _with_project(self, doc: Doc) -> Doc:
        project_id = self._ctx.projects.for_channel(str(doc["name"]))
        return {**doc, "project_id": project_id} if project_id else doc

    def _created(self, base: Doc, delta: ChannelDelta | None) -> Doc:
        doc = Channel.model_validate(base).model_dump(mode="json")
        doc = merge_channel(doc, doc, newest_seen=None)
        doc.update(
            created_at=self._ctx.now, updated_at=self._ctx.now, message_count=0, first_ts=None, last_ts=None
        )
        return self._with_project(apply_counters(doc, delta))

    async def _write(self, *, new: list[Doc], changed: list[Doc]) -> None:
        channels = self._ctx.store.collection("channels")
        if new:
            await channels.insert_many(new)
        if changed:
            await channels.upsert_many(changed)
        self._ctx.tally.count("channels_new", len(new))
        self._ctx.tally.count("channels_updated", len(changed))
        if new or changed:
            self._ctx.tally.written.add("channels")
