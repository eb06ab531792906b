"""Chunks to and from rows of the `chunks` table; facet tokens for filtering inside FTS MATCH."""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from chiefops.knowledge.models import Chunk, Source, SourceDoc

_NON_WORD = re.compile(r"[^0-9a-z]+")

CHUNK_COLUMNS = (
    "id, chunk_id, doc_key, n, project_id, source, title, heading_path, header, body, meta, "
    "ts_start, ts_end, authors, locator, tokens, content_hash"
)
INSERT_CHUNK = (
    "INSERT INTO chunks (chunk_id, doc_key, n, project_id, source, title, heading, heading_path, header, "
    "body, meta, facets, ts_start, ts_end, authors, locator, tokens, content_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

UPDATE_CHUNK = (
    "UPDATE chunks SET project_id = ?, source = ?, title = ?, heading = ?, heading_path = ?, header = ?, "
    "body = ?, meta = ?, facets = ?, ts_start = ?, ts_end = ?, authors = ?, locator = ?, tokens = ?, "
    "content_hash = ? WHERE chunk_id = ?"
)
"""Rewrites a chunk's row in place (same id and body): its vector stays, FTS follows by trigger."""


def token_of(value: str) -> str:
    """A value as one FTS word: lower-case letters and digits only."""
    return _NON_WORD.sub("", value.casefold())


def project_facet(project_id: str | None) -> str:
    return "p" + (token_of(project_id) if project_id else "none")


def source_facet(source: str) -> str:
    return "s" + token_of(source)


def channel_facet(channel: str) -> str:
    return "c" + token_of(channel.lstrip("#"))


def facets_for(chunk: Chunk) -> str:
    """`p<project>`, `s<source>` and `c<channel id>` / `c<channel name>` tokens (03 §4)."""
    tokens = [project_facet(chunk.project_id), source_facet(chunk.source.value)]
    for key in ("channel_id", "channel"):
        value = chunk.locator.get(key)
        if isinstance(value, str) and value:
            tokens.append(channel_facet(value))
    return " ".join(dict.fromkeys(tokens))


def epoch(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def from_epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(round(value, 6), UTC)


def chunk_values(chunk: Chunk) -> tuple[Any, ...]:
    return (
        chunk.chunk_id,
        chunk.doc_key,
        chunk.n,
        chunk.project_id,
        chunk.source.value,
        chunk.title,
        " › ".join(chunk.heading_path),
        orjson.dumps(chunk.heading_path).decode(),
        chunk.header,
        chunk.body,
        chunk.meta,
        facets_for(chunk),
        epoch(chunk.ts_start),
        epoch(chunk.ts_end),
        orjson.dumps(chunk.authors).decode(),
        orjson.dumps(chunk.locator).decode(),
        chunk.tokens,
        chunk.content_hash,
    )


def update_values(chunk: Chunk) -> tuple[Any, ...]:
    """Parameters of `UPDATE_CHUNK` for a chunk."""
    values = chunk_values(chunk)
    return (*values[3:], values[0])


class ChunkRow(NamedTuple):
    """A `chunks` row selected with `CHUNK_COLUMNS`; cheap to score, turned into a `Chunk` on demand."""

    id: int
    chunk_id: str
    doc_key: str
    n: int
    project_id: str | None
    source: str
    title: str
    heading_path: str
    header: str
    body: str
    meta: str
    ts_start: float | None
    ts_end: float | None
    authors: str
    locator: str
    tokens: int
    content_hash: str

    def channel(self) -> str:
        value = orjson.loads(self.locator).get("channel")
        return value if isinstance(value, str) else ""

    def chunk(self) -> Chunk:
        return chunk_from_row(self)[1]


def chunk_from_row(row: sqlite3.Row | Sequence[Any]) -> tuple[int, Chunk]:
    """(rowid, chunk) from a row selected with `CHUNK_COLUMNS`."""
    return int(row[0]), Chunk.model_construct(
        chunk_id=row[1],
        doc_key=row[2],
        n=row[3],
        project_id=row[4],
        source=Source(row[5]),
        title=row[6],
        heading_path=orjson.loads(row[7]),
        header=row[8],
        body=row[9],
        meta=row[10],
        ts_start=from_epoch(row[11]),
        ts_end=from_epoch(row[12]),
        authors=orjson.loads(row[13]),
        locator=orjson.loads(row[14]),
        tokens=row[15],
        content_hash=row[16],
    )


def pack(doc: SourceDoc) -> bytes:
    """The rendered doc, compressed, so a rebuild never needs the upload (03 §4)."""
    return zlib.compress(doc.model_dump_json(exclude={"warnings"}).encode(), 1)


def unpack(blob: bytes) -> SourceDoc:
    return SourceDoc.model_validate_json(zlib.decompress(blob))
