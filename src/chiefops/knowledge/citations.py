"""Citations for hits (spec 03 §2.2): a label shown under answers, an app route, ids and a quote.

Labels: `Slack #alpha-dev · 2026-11-12 · thread by Raj Patel`, `Jira ALPHA-142 · comment by Priya
Sharma · 2026-11-20`, `Drive "Gamma Cutover Plan.docx" · p. 4 · Rollback`. The quote is ≤ 240
characters around the densest run of query terms; the label and `ref` name the message or comment
the quote sits in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote as url_quote
from zoneinfo import ZoneInfo

from pydantic import JsonValue

from chiefops.knowledge.models import Chunk, Citation, Locator, Source
from chiefops.knowledge.text import clip, format_day, term_pattern

QUOTE_CHARS = 240
_LEAD_CHARS = 60


def _str(locator: Locator, key: str) -> str | None:
    value = locator.get(key)
    return value if isinstance(value, str) and value else None


def _int(locator: Locator, key: str) -> int | None:
    value = locator.get(key)
    return value if isinstance(value, int) else None


def _strings(locator: Locator, key: str) -> list[str]:
    value = locator.get(key)
    return [str(v) for v in value if v is not None] if isinstance(value, list) else []


def best_quote(body: str, terms: Sequence[str], *, max_chars: int = QUOTE_CHARS) -> tuple[str, int]:
    """(quote ≤ `max_chars`, offset of its first matched term in `body`); the start when nothing matches."""
    pattern = term_pattern(terms)
    positions = [m.start() for m in pattern.finditer(body)] if pattern else []
    if not positions:
        return clip(body, max_chars), 0
    best, best_count = positions[0], 0
    for i, pos in enumerate(positions):
        count = sum(1 for p in positions[i:] if p < pos + max_chars - _LEAD_CHARS)
        if count > best_count:
            best, best_count = pos, count
    start = max(0, best - _LEAD_CHARS)
    if start > 0:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < best else start
    window = body[start : start + max_chars]
    prefix = "…" if start > 0 else ""
    text = prefix + " ".join(window.split())
    if len(text) > max_chars or start + max_chars < len(body):
        text = clip(text, max_chars - 1).rstrip("…") + "…"
    return text[:max_chars], best


def _span_at(locator: Locator, offset: int) -> dict[str, JsonValue] | None:
    """The message or comment holding body offset `offset`; None before the first one (a Jira field
    block or description, a continuation line), so the label never names a part the quote is not in."""
    spans = locator.get("spans")
    if not isinstance(spans, list):
        return None
    found: dict[str, JsonValue] | None = None
    for span in spans:
        if isinstance(span, dict) and isinstance(span.get("at"), int) and int(str(span["at"])) <= offset:
            found = span
    return found


def _span_time(span: dict[str, JsonValue] | None) -> datetime | None:
    value = span.get("ts") if span else None
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _slack(
    chunk: Chunk, span: dict[str, JsonValue] | None, zone: ZoneInfo
) -> tuple[str, str, datetime | None]:
    loc = chunk.locator
    when = _span_time(span) or chunk.ts_start
    day = format_day(when, zone) if when else ""
    channel = _str(loc, "channel") or ""
    ts = str(span["ref"]) if span and span.get("ref") else (_strings(loc, "message_ts") or [""])[0]
    if _str(loc, "thread_ts"):
        by = f"thread by {_str(loc, 'thread_by')}" if _str(loc, "thread_by") else "thread"
    else:
        by = str(span["author"]) if span and span.get("author") else ""
    label = " · ".join(x for x in (f"Slack #{channel}", day, by) if x)
    return label, f"/sources/slack/{_str(loc, 'channel_id') or ''}/{ts}", when


def _jira(
    chunk: Chunk, span: dict[str, JsonValue] | None, zone: ZoneInfo
) -> tuple[str, str, datetime | None]:
    key = _str(chunk.locator, "issue_key") or chunk.doc_key.removeprefix("jira:")
    summary = clip(chunk.title.removeprefix(key).strip(), 60)
    when = _span_time(span)
    if span and span.get("author") and when:
        label = f"Jira {key} · comment by {span['author']} · {format_day(when, zone)}"
    else:
        when = chunk.ts_end
        label = f"Jira {key} · {summary}" if summary else f"Jira {key}"
    return label, f"/sources/jira/{key}", when


def _drive_place(loc: Locator) -> tuple[list[str], str]:
    """Label pieces and the `ref` query for a page, slide or sheet+rows."""
    page, slide, sheet = _int(loc, "page"), _int(loc, "slide"), _str(loc, "sheet")
    if page is not None:
        end = _int(loc, "page_end")
        return ([f"pp. {page}–{end}" if end else f"p. {page}"], f"?page={page}")
    if slide is not None:
        end = _int(loc, "slide_end")
        return ([f"slides {slide}–{end}" if end else f"slide {slide}"], f"?slide={slide}")
    if sheet is not None:
        rows = (_int(loc, "row_start"), _int(loc, "row_end"))
        shown = [f"sheet {sheet}"] + ([f"rows {rows[0]}–{rows[1]}"] if rows[0] and rows[1] else [])
        query = f"?sheet={url_quote(sheet)}" + (f"&rows={rows[0]}-{rows[1]}" if rows[0] and rows[1] else "")
        return shown, query
    return [], ""


def _drive(chunk: Chunk) -> tuple[str, str, datetime | None]:
    loc = chunk.locator
    place, query = _drive_place(loc)
    section = chunk.heading_path[-1] if chunk.heading_path else ""
    label = " · ".join(x for x in (f'Drive "{_str(loc, "file_name") or chunk.title}"', *place, section) if x)
    return label, f"/sources/drive/{_str(loc, 'document_id') or ''}{query}", chunk.ts_end


def _ids(chunk: Chunk) -> list[str]:
    loc = chunk.locator
    if chunk.source is Source.SLACK:
        return _strings(loc, "message_ts")
    if chunk.source is Source.JIRA:
        return [_str(loc, "issue_key") or chunk.doc_key.removeprefix("jira:"), *_strings(loc, "comment_ids")]
    if chunk.source is Source.DRIVE:
        return [d for d in [_str(loc, "document_id")] if d]
    return [chunk.doc_key.split(":", 1)[-1]]


def build_citation(chunk: Chunk, terms: Sequence[str], *, zone: ZoneInfo) -> Citation:
    """The citation of one chunk for a query with these terms."""
    quote, offset = best_quote(chunk.body, terms)
    span = _span_at(chunk.locator, offset)
    if chunk.source is Source.SLACK:
        label, ref, when = _slack(chunk, span, zone)
    elif chunk.source is Source.JIRA:
        label, ref, when = _jira(chunk, span, zone)
    elif chunk.source is Source.DRIVE:
        label, ref, when = _drive(chunk)
    else:
        kind = "Correction" if chunk.source is Source.CORRECTION else "Memory"
        label, ref, when = (
            f"{kind} · {clip(chunk.title, 80)}",
            f"/memory/{chunk.doc_key.split(':', 1)[-1]}",
            chunk.ts_end,
        )
    return Citation(
        source=chunk.source,
        project_id=chunk.project_id,
        title=chunk.title,
        label=label,
        ref=ref,
        timestamp=when,
        page=_int(chunk.locator, "page"),
        slide=_int(chunk.locator, "slide"),
        sheet=_str(chunk.locator, "sheet"),
        section=chunk.heading_path[-1] if chunk.heading_path else None,
        doc_key=chunk.doc_key,
        chunk_id=chunk.chunk_id,
        ids=_ids(chunk),
        quote=quote,
    )
