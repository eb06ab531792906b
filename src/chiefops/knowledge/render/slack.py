"""Slack messages → thread and channel-day documents (spec 03 §3.1).

A thread (parent + replies, `slack:<channel_id>:thread:<thread_ts>`) is one unit; top-level
messages without a thread in one channel on one UTC day form a channel-day unit
(`slack:<channel_id>:day:<YYYY-MM-DD>`). Channel events, bots and empty messages are left out;
each kept message is one line `[2026-11-12 14:03] Raj Patel: <text>` — never a raw Slack ts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from chiefops.knowledge.models import DocPart, SkipReason, Source, SourceDoc
from chiefops.knowledge.render.context import RenderContext
from chiefops.knowledge.text import clip, format_day, format_minute
from chiefops.models import Channel, Message

EXCLUDED_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "pinned_item",
        "unpinned_item",
        "bot_message",
    }
)
TITLE_CHARS = 60
PARENT_CHARS = 120


def thread_key(channel_id: str, thread_ts: str) -> str:
    return f"slack:{channel_id}:thread:{thread_ts}"


def day_key(channel_id: str, day: date) -> str:
    return f"slack:{channel_id}:day:{day.isoformat()}"


def message_text(message: Message) -> str:
    """The cleaned text plus `[file: name]` for each shared file not already named in it."""
    text = message.text.strip()
    for shared in message.files:
        marker = f"[file: {shared.title or shared.name or shared.id}]"
        if marker not in text:
            text = f"{text} {marker}".strip()
    return text


def _drop_reason(message: Message, ctx: RenderContext) -> SkipReason | None:
    """Why a message stays out of the index, or None to keep it."""
    if message.is_system or message.is_deleted or (message.subtype or "") in EXCLUDED_SUBTYPES:
        return "empty"
    if message.is_bot or ctx.is_bot(message.author):
        return "bot_only"
    if not message_text(message):
        return "empty"
    if ctx.matcher.matches_text(message.text) or ctx.matcher.matches_file(message.origin_path):
        return "opted_out"
    return None


def _kept(messages: Sequence[Message], ctx: RenderContext) -> tuple[list[Message], SkipReason]:
    """Messages to index in time order (each ts once), and the skip reason if none is left."""
    seen: set[str] = set()
    kept: list[Message] = []
    reasons: set[SkipReason] = set()
    for message in sorted(messages, key=lambda m: (m.timestamp, m.slack_ts or "")):
        key = message.slack_ts or message.message_id
        if key in seen:
            continue
        seen.add(key)
        reason = _drop_reason(message, ctx)
        if reason is None:
            kept.append(message)
        else:
            reasons.add(reason)
    if "opted_out" in reasons:
        return kept, "opted_out"
    return kept, "bot_only" if "bot_only" in reasons else "empty"


def _part(message: Message, ctx: RenderContext, *, unit: str) -> DocPart:
    name = ctx.name(message.author)
    return DocPart.model_construct(  # trusted Store values: skip re-validation (indexing throughput)
        text=message_text(message),
        prefix=f"[{format_minute(message.timestamp, ctx.zone)}] {name}: ",
        unit=unit,
        ts=message.timestamp,
        author=message.author,
        author_name=name,
        ref=message.slack_ts,
        locator={"message_ts": message.slack_ts},
    )


def _base(
    key: str, channel_id: str, channel: Channel | None, messages: Sequence[Message], ctx: RenderContext
) -> tuple[SourceDoc, str]:
    name = channel.name if channel else (messages[0].channel if messages else channel_id)
    project_id = channel.project_id if channel else (messages[0].project_id if messages else None)
    doc = SourceDoc(
        doc_key=key,
        source=Source.SLACK,
        project_id=project_id,
        locator={"channel": name, "channel_id": channel_id},
    )
    return doc, name


def _skipped(doc: SourceDoc, reason: SkipReason) -> SourceDoc:
    return doc.model_copy(update={"skip": reason})


def _opted_out_channel(channel_id: str, name: str, channel: Channel | None, ctx: RenderContext) -> bool:
    previous = [p.name for p in channel.previous_names] if channel else []
    return ctx.matcher.matches_channel(name, channel_id, *previous)


def _finish(doc: SourceDoc, kept: Sequence[Message], name: str, ctx: RenderContext) -> SourceDoc:
    authors = list(dict.fromkeys(m.author for m in kept))
    names = [ctx.name(a) for a in authors]
    return doc.model_copy(
        update={
            "ts_start": kept[0].timestamp,
            "ts_end": max(m.timestamp for m in kept),
            "authors": authors,
            "meta": " ".join([f"#{name}", name, *ctx.project_terms(doc.project_id), *names]),
        }
    )


def render_thread(
    channel_id: str,
    thread_ts: str,
    messages: Sequence[Message],
    *,
    channel: Channel | None,
    ctx: RenderContext,
) -> SourceDoc:
    """One thread: the parent and every reply in time order."""
    doc, name = _base(thread_key(channel_id, thread_ts), channel_id, channel, messages, ctx)
    doc.locator["thread_ts"] = thread_ts
    if _opted_out_channel(channel_id, name, channel, ctx):
        return _skipped(doc, "opted_out")
    kept, reason = _kept(messages, ctx)
    if not kept:
        return _skipped(doc, reason)
    first = kept[0]
    starter = ctx.name(first.author)
    opening = message_text(first)
    replies = len(kept) - 1
    facts = [
        ctx.project_label(doc.project_id),
        f"Thread in #{name}",
        f"{format_day(first.timestamp, ctx.zone)} → {format_day(kept[-1].timestamp, ctx.zone)}",
        f"{replies} {'reply' if replies == 1 else 'replies'}",
    ]
    doc = doc.model_copy(
        update={
            "title": f"{starter} in #{name}: {clip(opening, TITLE_CHARS)}",
            "header_title": f"Slack · {starter} in #{name}: {clip(opening, TITLE_CHARS)}",
            "header_facts": " · ".join(f for f in facts if f),
            "continuation": f"Thread by {starter} on {format_day(first.timestamp, ctx.zone)}: "
            f"{clip(opening, PARENT_CHARS)}",
            "fit_whole": True,
            "parts": [_part(m, ctx, unit="thread") for m in kept],
            "locator": {**doc.locator, "thread_by": starter},
        }
    )
    return _finish(doc, kept, name, ctx)


def render_channel_day(
    channel_id: str, day: date, messages: Sequence[Message], *, channel: Channel | None, ctx: RenderContext
) -> SourceDoc:
    """Top-level unthreaded messages of one channel on one UTC day."""
    doc, name = _base(day_key(channel_id, day), channel_id, channel, messages, ctx)
    doc.locator["day"] = day.isoformat()
    if _opted_out_channel(channel_id, name, channel, ctx):
        return _skipped(doc, "opted_out")
    kept, reason = _kept(messages, ctx)
    if not kept:
        return _skipped(doc, reason)
    names = list(dict.fromkeys(ctx.name(m.author) for m in kept))
    count = len(kept)
    facts = [
        ctx.project_label(doc.project_id),
        f"{count} {'message' if count == 1 else 'messages'} by {', '.join(names[:5])}"
        + (f" +{len(names) - 5} more" if len(names) > 5 else ""),
    ]
    doc = doc.model_copy(
        update={
            "title": f"#{name} · {day.isoformat()}",
            "header_title": f"Slack #{name} · {day.isoformat()}",
            "header_facts": " · ".join(f for f in facts if f),
            "fit_whole": True,
            "parts": [_part(m, ctx, unit="day") for m in kept],
        }
    )
    return _finish(doc, kept, name, ctx)
