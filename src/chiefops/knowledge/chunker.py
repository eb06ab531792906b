"""Turn a `SourceDoc` into chunks (spec 03 §3): ~500 tokens, hard max 600, minimum 80.

Parts are packed in order. A part too big for a chunk is split at the coarsest boundary (rows for
tables, text boundaries otherwise), each piece repeating the part's prefix. A new `unit` always
starts a new chunk; a new `section` does too unless the chunk so far is under the minimum. Chunks
after the first open with the doc's `continuation` line; a text part split across chunks of a doc
with `overlap` repeats the last ~50 tokens of the previous chunk. The header (≤ 75 tokens) is
inside the 600.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import JsonValue

from chiefops.knowledge.models import Chunk, DocPart, Locator, SourceDoc
from chiefops.knowledge.text import (
    CHARS_PER_TOKEN,
    chars_for,
    clip,
    estimate_tokens,
    overlap_tail,
    split_text,
    trim_path_left,
)

CHUNKER_VERSION = 2
"""Bump on any change to rendering or chunking: stored docs then hash differently and are rebuilt."""

TARGET_TOKENS = 500
MAX_TOKENS = 600
MIN_TOKENS = 80
HEADER_MAX_TOKENS = 75
OVERLAP_TOKENS = 50
CONTINUATION_MAX_CHARS = 200
HEADING_SEP = " › "


class _Piece(NamedTuple):
    text: str
    prefix: str
    part: int
    first: bool
    source: DocPart


@dataclass
class _Budget:
    target: int
    maximum: int
    split: int


@dataclass
class _Draft:
    pieces: list[_Piece] = field(default_factory=list)
    lead: str = ""
    size: int = 0

    def body_chars_with(self, piece: _Piece, joiner: str) -> int:
        return self.size + (len(joiner) if self.pieces else 0) + len(_render(piece, self.pieces))


def build_header(doc: SourceDoc, heading_path: Sequence[str]) -> str:
    """Line 1 = source + title (+ heading path, trimmed from the left); line 2 = project + key facts."""
    budget = chars_for(HEADER_MAX_TOKENS)
    line1 = clip(doc.header_title or doc.title, 160)
    if heading_path:
        room = max(20, 200 - len(line1) - 3)
        line1 = f"{line1} · {trim_path_left(heading_path, room)}"
    line2 = clip(doc.header_facts, max(0, budget - len(line1) - 1))
    return f"{line1}\n{line2}" if line2 else line1


def _heading_path(part: DocPart) -> list[str]:
    value = part.locator.get("heading_path")
    return [str(v) for v in value] if isinstance(value, list) else []


def _budget(doc: SourceDoc, header_chars: int) -> _Budget:
    cont = len(clip(doc.continuation, CONTINUATION_MAX_CHARS)) + 1 if doc.continuation else 0
    lead = cont + (chars_for(OVERLAP_TOKENS) + 1 if doc.overlap else 0)
    maximum = chars_for(MAX_TOKENS) - header_chars - 1
    target = chars_for(TARGET_TOKENS) - header_chars - 1 - cont
    return _Budget(target=target, maximum=maximum - cont, split=max(200, min(target, maximum - lead)))


def _split_part(part: DocPart, index: int, size: int) -> list[_Piece]:
    text = part.text.strip()
    if part.split == "rows" and part.prefix and text.startswith(part.prefix):
        text = text[len(part.prefix) :].lstrip("\n")
    rendered_len = len(part.prefix) + (1 if part.split == "rows" and part.prefix else 0) + len(text)
    if rendered_len <= size:
        return [_Piece(text=text, prefix=part.prefix, part=index, first=True, source=part)]
    room = max(80, size - len(part.prefix) - 1)
    if part.split == "rows":
        groups = _row_groups(text, room)
        lines = len(text.splitlines())
        return [
            _Piece(text=g.text, prefix=part.prefix, part=index, first=i == 0, source=_rows_of(part, g, lines))
            for i, g in enumerate(groups)
        ]
    return [
        _Piece(text=p, prefix=part.prefix, part=index, first=i == 0, source=part)
        for i, p in enumerate(split_text(text, room))
    ]


class _RowGroup(NamedTuple):
    text: str
    first_line: int
    last_line: int


def _row_groups(text: str, room: int) -> list[_RowGroup]:
    """Consecutive lines up to `room` characters (a longer line split on its own), with the
    0-based first and last line each group holds."""
    groups: list[_RowGroup] = []
    current: list[str] = []
    first = last = size = 0
    for number, line in enumerate(text.splitlines()):
        for piece in split_text(line, room) if len(line) > room else [line]:
            if current and size + len(piece) + 1 > room:
                groups.append(_RowGroup("\n".join(current), first, last))
                current, size = [], 0
            if not current:
                first = number
            current.append(piece)
            size += len(piece) + 1
            last = number
    if current:
        groups.append(_RowGroup("\n".join(current), first, last))
    return groups


def _rows_of(part: DocPart, group: _RowGroup, lines: int) -> DocPart:
    """The part narrowed to the rows of one group (03 §3.3: a sheet chunk cites its own rows).

    Row numbers increase by at least one per line (empty rows are skipped, keeping their numbers),
    so the group's rows lie within `[row_start + first line, row_end - lines after it]` — exact when
    the block has no empty rows.
    """
    start, end = part.locator.get("row_start"), part.locator.get("row_end")
    if not isinstance(start, int) or not isinstance(end, int) or lines == 0:
        return part
    narrowed = {"row_start": start + group.first_line, "row_end": end - (lines - 1 - group.last_line)}
    return part.model_copy(update={"locator": {**part.locator, **narrowed}})


def _render(piece: _Piece, before: Sequence[_Piece]) -> str:
    """A piece as it appears in a body; a table group repeats its header once per chunk."""
    if piece.source.split == "rows":
        if before and before[-1].source.split == "rows" and before[-1].prefix == piece.prefix:
            return piece.text
        return f"{piece.prefix}\n{piece.text}" if piece.prefix else piece.text
    return f"{piece.prefix}{piece.text}"


def _pack(doc: SourceDoc, pieces: Sequence[_Piece], budget: _Budget) -> list[_Draft]:
    drafts: list[_Draft] = []
    current = _Draft()
    for piece in pieces:
        if current.pieces and not _fits(doc, current, piece, budget):
            drafts.append(current)
            current = _Draft(lead=_lead(doc, current, piece))
            current.size = len(current.lead) + 1 if current.lead else 0
        current.size = current.body_chars_with(piece, doc.joiner)
        current.pieces.append(piece)
    if current.pieces:
        drafts.append(current)
    return drafts


def _fits(doc: SourceDoc, current: _Draft, piece: _Piece, budget: _Budget) -> bool:
    last = current.pieces[-1]
    if piece.source.unit != last.source.unit:
        return False
    size = current.body_chars_with(piece, doc.joiner)
    if piece.source.section == last.source.section and size <= budget.target:
        return True
    return math.ceil(current.size / CHARS_PER_TOKEN) < MIN_TOKENS and size <= budget.maximum


def _lead(doc: SourceDoc, previous: _Draft, piece: _Piece) -> str:
    """Overlap text for a text part that continues from the previous chunk (Drive only)."""
    last = previous.pieces[-1]
    if not doc.overlap or piece.first or piece.part != last.part or piece.source.split != "text":
        return ""
    return overlap_tail(last.text, chars_for(OVERLAP_TOKENS))


def _merge_locators(doc: SourceDoc, pieces: Sequence[_Piece]) -> tuple[Locator, list[str]]:
    locator: Locator = dict(doc.locator)
    refs: dict[str, list[JsonValue]] = {}
    paths: list[list[str]] = []
    for piece in pieces:
        loc = piece.source.locator
        for key, value in loc.items():
            if key in ("message_ts", "comment_id"):
                bucket = refs.setdefault("message_ts" if key == "message_ts" else "comment_ids", [])
                if value not in bucket:
                    bucket.append(value)
            elif key == "heading_path":
                paths.append(_heading_path(piece.source))
            else:
                _widen(locator, key, value)
    locator.update(refs)
    heading = _common_prefix(paths)
    if heading:
        locator["heading_path"] = list(heading)
    return locator, heading


_RANGE_ENDS = {"page": "page_end", "slide": "slide_end"}
_MAX_KEYS = frozenset({"row_end", "line_end"})


def _widen(locator: Locator, key: str, value: JsonValue) -> None:
    """First page/slide under its key, a later different one under `*_end`; row/line ends take the max."""
    if key in _MAX_KEYS:
        current = locator.get(key)
        if isinstance(value, int) and (not isinstance(current, int) or value > current):
            locator[key] = value
        return
    first = locator.setdefault(key, value)
    end_key = _RANGE_ENDS.get(key)
    if end_key and isinstance(value, int) and isinstance(first, int) and value != first:
        current_end = locator.get(end_key)
        locator[end_key] = max(value, current_end) if isinstance(current_end, int) else value


def _common_prefix(paths: Sequence[Sequence[str]]) -> list[str]:
    if not paths:
        return []
    prefix = list(paths[0])
    for path in paths[1:]:
        n = 0
        while n < min(len(prefix), len(path)) and prefix[n] == path[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _assemble_body(doc: SourceDoc, draft: _Draft, n: int) -> tuple[str, list[dict[str, JsonValue]]]:
    lines: list[str] = []
    spans: list[dict[str, JsonValue]] = []
    offset = 0
    if n > 0 and doc.continuation:
        lines.append(clip(doc.continuation, CONTINUATION_MAX_CHARS))
    if draft.lead:
        lines.append(draft.lead)
    offset = sum(len(line) + 1 for line in lines)
    body_parts: list[str] = []
    for i, piece in enumerate(draft.pieces):
        rendered = _render(piece, draft.pieces[:i])
        if piece.source.ref is not None:
            spans.append(_span(piece.source, offset))
        body_parts.append(rendered)
        offset += len(rendered) + len(doc.joiner)
    head = "\n".join(lines)
    body = doc.joiner.join(body_parts)
    return (f"{head}\n{body}" if head else body), spans


def _span(part: DocPart, offset: int) -> dict[str, JsonValue]:
    return {
        "at": offset,
        "ref": part.ref,
        "author": part.author_name,
        "ts": part.ts.isoformat() if part.ts else None,
    }


def content_hash(doc: SourceDoc, chunks: Sequence[Chunk]) -> str:
    """sha256 of the rendered text, the doc's scope and `CHUNKER_VERSION` (03 §2.1)."""
    digest = hashlib.sha256()
    digest.update(f"v{CHUNKER_VERSION}|{doc.doc_key}|{doc.project_id}|{doc.meta}|".encode())
    for chunk in chunks:
        digest.update(f"{chunk.header}\n{chunk.body}\x1e{chunk.locator}\x1f".encode())
    return digest.hexdigest()


def chunk_document(doc: SourceDoc) -> list[Chunk]:
    """The doc's chunks, numbered from 0; `content_hash` is left empty (see `finalize`)."""
    paths = {tuple(_heading_path(p)) for p in doc.parts} or {()}
    header_chars = max(len(build_header(doc, list(path))) for path in paths)
    budget = _budget(doc, header_chars)
    pieces: list[_Piece] = []
    for index, part in enumerate(doc.parts):
        if part.text.strip():
            pieces.extend(_split_part(part, index, budget.split))
    if doc.fit_whole and pieces:
        whole = doc.joiner.join(_render(p, pieces[:i]) for i, p in enumerate(pieces))
        if estimate_tokens(build_header(doc, []), "\n", whole) <= MAX_TOKENS:
            return [_to_chunk(doc, _Draft(pieces=pieces, size=len(whole)), 0)]
    return [_to_chunk(doc, draft, n) for n, draft in enumerate(_pack(doc, pieces, budget))]


def _to_chunk(doc: SourceDoc, draft: _Draft, n: int) -> Chunk:
    locator, heading = _merge_locators(doc, draft.pieces)
    body, spans = _assemble_body(doc, draft, n)
    if spans:
        locator["spans"] = list(spans)
    header = build_header(doc, heading)
    times = [p.source.ts for p in draft.pieces if p.source.ts is not None]
    authors = list(dict.fromkeys(p.source.author for p in draft.pieces if p.source.author))
    return Chunk(
        chunk_id=f"{doc.doc_key}#{n}",
        doc_key=doc.doc_key,
        n=n,
        project_id=doc.project_id,
        source=doc.source,
        title=doc.title,
        heading_path=heading,
        header=header,
        body=body,
        ts_start=min(times) if times else doc.ts_start,
        ts_end=max(times) if times else doc.ts_end,
        authors=authors or list(doc.authors),
        locator=locator,
        tokens=estimate_tokens(header, body),
        content_hash="",
        meta=doc.meta,
    )


def finalize(doc: SourceDoc, chunks: Sequence[Chunk]) -> list[Chunk]:
    """Renumber kept chunks from 0 and stamp the doc's content hash on each."""
    renumbered = [
        c.model_copy(update={"n": n, "chunk_id": f"{doc.doc_key}#{n}"}) for n, c in enumerate(chunks)
    ]
    digest = content_hash(doc, renumbered)
    return [c.model_copy(update={"content_hash": digest}) for c in renumbered]
