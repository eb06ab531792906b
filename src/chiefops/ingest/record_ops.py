"""Pure operations on records in their JSON form: content hashes, person references, time keys.

The writer handles records as JSON documents (what the spool holds and the Store stores), so a
million messages are never re-validated into models on the way through. Datetimes are the fixed-width
UTC strings of `models.base.format_utc` (`2026-06-01T09:05:00.000000Z`): they compare as text and
their first ten characters are the UTC day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import orjson

Doc = dict[str, Any]
"""A record in JSON form, as `Model.model_dump(mode="json")` writes it."""

Resolve = Callable[[str], str]
"""Maps a provisional person id to the stored person's id (itself when unknown)."""


def canonical_hash(value: object) -> str:
    """sha256 of canonical orjson (sorted keys) — the one hash of spec 02 §8."""
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()


def message_hash(doc: Doc) -> str:
    """02 §8: raw_text, subtype, edited ts, sorted reactions, reply_count, reply_users, latest_reply,
    file ids, is_deleted (computed on the parser's references, before people are resolved)."""
    reactions = sorted(
        (r.get("name", ""), r.get("count", 0), sorted(r.get("users") or []))
        for r in doc.get("reaction_detail") or []
    )
    return canonical_hash(
        {
            "raw_text": doc.get("raw_text") if doc.get("raw_text") is not None else doc.get("text"),
            "subtype": doc.get("subtype"),
            "edited": doc.get("edited_at"),
            "reactions": reactions or sorted(doc.get("reactions") or []),
            "reply_count": doc.get("reply_count", 0),
            "reply_users": doc.get("reply_users") or [],
            "latest_reply": doc.get("latest_reply"),
            "files": [f.get("id") for f in doc.get("files") or []],
            "is_deleted": doc.get("is_deleted", False),
        }
    )


# Fields that never count as content: ids, stamps, and what the writer derives or other areas own.
_TASK_VOLATILE = frozenset(
    {
        "task_id", "created_at", "updated_at", "state_transitions", "blocked_by", "blocking",
        "is_blocker", "is_blocking", "ingestion_job_id", "content_hash", "opt_out", "project_id",
    }
)  # fmt: skip
_DOCUMENT_VOLATILE = frozenset(
    {
        "document_id", "created_at", "updated_at", "ingestion_job_id", "content_hash", "opt_out",
        "project_id", "citex_status", "citex_doc_id", "is_indexed_in_rag", "also_at", "content_summary",
    }
)  # fmt: skip


def task_hash(doc: Doc) -> str:
    """Every mapped field and the comments (used when the parser did not set `content_hash`)."""
    return canonical_hash({k: v for k, v in doc.items() if k not in _TASK_VOLATILE})


def document_hash(doc: Doc) -> str:
    """Fallback for a document without the sha256 of its bytes."""
    return canonical_hash({k: v for k, v in doc.items() if k not in _DOCUMENT_VOLATILE})


def ensure_hash(doc: Doc, compute: Callable[[Doc], str]) -> str:
    """The parser's `content_hash`, else one computed now (stored on the doc)."""
    value = doc.get("content_hash")
    if not value:
        value = compute(doc)
        doc["content_hash"] = value
    return str(value)


# --- person references -------------------------------------------------------------------------


def _resolve_list(values: Iterable[str] | None, resolve: Resolve) -> list[str]:
    out: list[str] = []
    for value in values or ():
        mapped = resolve(value)
        if mapped not in out:
            out.append(mapped)
    return out


def resolve_message_people(doc: Doc, resolve: Resolve) -> None:
    """Rewrite author, mentions, reply users and reactors through `resolve` (in place)."""
    doc["author"] = resolve(doc["author"])
    doc["mentions"] = _resolve_list(doc.get("mentions"), resolve)
    doc["reply_users"] = _resolve_list(doc.get("reply_users"), resolve)
    for reaction in doc.get("reaction_detail") or []:
        reaction["users"] = _resolve_list(reaction.get("users"), resolve)


def resolve_task_people(doc: Doc, resolve: Resolve) -> None:
    """Rewrite assignees, reporter and comment authors through `resolve` (in place)."""
    doc["assignees"] = _resolve_list(doc.get("assignees"), resolve)
    if doc.get("reporter"):
        doc["reporter"] = resolve(doc["reporter"])
    for comment in doc.get("comments") or []:
        comment["author"] = resolve(comment["author"])


def resolve_document_people(doc: Doc, resolve: Resolve) -> None:
    """Rewrite the owner when it is a person reference (a raw name passes through unchanged)."""
    doc["owner"] = resolve(doc["owner"])


def resolve_channel_people(doc: Doc, resolve: Resolve) -> None:
    """Rewrite creator, members and the keys of `joined_at` through `resolve` (in place)."""
    if doc.get("creator"):
        doc["creator"] = resolve(doc["creator"])
    doc["members"] = _resolve_list(doc.get("members"), resolve)
    doc["joined_at"] = {resolve(pid): ts for pid, ts in (doc.get("joined_at") or {}).items()}


# --- time keys ---------------------------------------------------------------------------------


def day_of(timestamp: str) -> str:
    """`YYYY-MM-DD` of a fixed-width UTC timestamp string."""
    return timestamp[:10]


def midnight_of(day: str) -> str:
    """The fixed-width UTC timestamp of a day's start."""
    return f"{day}T00:00:00.000000Z"


def ts_key(ts: str) -> tuple[int, int]:
    """Order of Slack `ts` strings (`1760000000.000100`) without going through a float."""
    seconds, _, fraction = ts.partition(".")
    return (int(seconds or 0), int((fraction or "0").ljust(6, "0")[:6]))


def jira_prefix(key: str) -> str:
    """`ALPHA` of `ALPHA-12`."""
    return key.rsplit("-", 1)[0].upper()
